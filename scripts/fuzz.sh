#!/usr/bin/env bash
# Fuzzes netplay with cargo-fuzz (libFuzzer): the jobspec readers and decoders, the inventory
# reader (inventory HCL, agent configurations and Nomad's node JSON), `analyze` end to end, the
# share-link decoder, and structured scenarios (fuzz/).
#
#   scripts/fuzz.sh                 every target for 30 seconds
#   scripts/fuzz.sh 3600            every target for an hour (RELIABILITY.md: long runs)
#   scripts/fuzz.sh 20 jobspec      one target for 20 seconds
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 3600   stop a target at 10M executions or an hour
#   FUZZ_LOGS=/tmp/long scripts/fuzz.sh 3600  keep each target's libFuzzer log there (default fuzz/)
#   FUZZ_SANITIZER=address scripts/fuzz.sh     with AddressSanitizer (default: none; core
#                                              forbids unsafe code, and without it a target
#                                              runs two to three times as many inputs)
#
# Installs what is missing (nightly Rust with `rustup toolchain install nightly --profile
# minimal`, cargo-fuzz from crates.io), seeds each target's corpus from examples/, the test
# fixtures and ../shared/corpus/real-world/ (copied into fuzz/corpus/, which git ignores), runs
# each target with a memory limit and a per-input time limit, and prints libFuzzer's final
# stats. A crash, a leak, an input over the time limit or over 2 GB of memory is a finding: the
# input is in fuzz/artifacts/<target>/ and the script fails. Reproduce one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-30}"
shift || true
TARGETS=("$@")
if [ "${#TARGETS[@]}" -eq 0 ]; then
  TARGETS=(jobspec inventory analyze share_link scenario)
fi

log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }

if ! rustup toolchain list | grep -q '^nightly'; then
  log "installing nightly Rust (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  case "$target" in
    jobspec)
      for f in examples/*/job.hcl tests/fixtures/hostile/*/job.* tests/fixtures/cluster/job*; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done
      if [ -d ../shared/corpus/real-world ]; then
        find ../shared/corpus/real-world -maxdepth 1 -type f ! -name '*.tsv' -exec cp {} "$dir/" \;
      fi
      ;;
    inventory)
      for f in examples/*/nodes.hcl tests/fixtures/hostile/*/nodes.* tests/fixtures/cluster/node*.json tests/fixtures/cluster/client.hcl; do
        cp "$f" "$dir/$(echo "$f" | tr / _)"
      done
      ;;
    analyze)
      for d in examples/*/ tests/fixtures/hostile/*/; do
        local job nodes
        job=$(ls "$d"job.* 2>/dev/null | head -1 || true)
        nodes=$(ls "$d"nodes.* 2>/dev/null | head -1 || true)
        { [ -n "$job" ] && cat "$job"; printf '\0'; [ -n "$nodes" ] && cat "$nodes"; } > "$dir/$(basename "$d")" || true
      done
      ;;
    share_link)
      cp fuzz/seeds/share_link/* "$dir/"
      ;;
    scenario) ;;
  esac
}

LOGS="${FUZZ_LOGS:-fuzz}"
mkdir -p "$LOGS"
status=0
for target in "${TARGETS[@]}"; do
  seed "$target"
  dict=()
  case "$target" in jobspec | inventory | analyze) dict=(-dict=fuzz/hcl.dict) ;; esac
  runs=()
  [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
  log "$target: ${SECONDS_EACH}s"
  # -timeout: an input taking over 10 s (debug assertions and sanitizer on) is a finding.
  # Debug assertions stay on: an integer overflow is a finding.
  if ! cargo +nightly fuzz run --debug-assertions --sanitizer "${FUZZ_SANITIZER:-none}" "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" "${runs[@]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${dict[@]}" 2>&1 | tee "$LOGS/$target.log" | grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|INFO: Running|==[0-9]+==|SUMMARY|Test unit written)|cov:' | tail -n 6; then
    status=1
  fi
  if [ "${PIPESTATUS[0]}" != 0 ] || ls "fuzz/artifacts/$target/" 2>/dev/null | grep -q .; then
    log "$target: FINDING, see fuzz/artifacts/$target/ and $LOGS/$target.log"
    status=1
  fi
done
exit "$status"
