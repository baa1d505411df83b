#!/usr/bin/env bash
# Mutation testing of netplay-core with cargo-mutants: each mutant is a small change of the code
# (a return value replaced, an operator swapped, a condition negated); a mutant that no test
# notices shows code the tests do not pin down. RELIABILITY.md records the numbers.
#
#   scripts/mutants.sh                 the modules of issue 12 (hours on two cores)
#   scripts/mutants.sh -f core/src/env.rs       one file (more cargo-mutants options pass through)
#   MUTANTS_JOBS=2 scripts/mutants.sh  build and test two mutants at once
#   MUTANTS_PASS=2 scripts/mutants.sh  only the second pass (see below), after a first one
#   MUTANTS_ITERATE=1 scripts/mutants.sh -o DIR
#                                      pass 1 with --iterate too: skip what DIR/mutants.out lists
#                                      as caught or unviable (an earlier run, or a seeded list)
#
# Scope: allocation, scheduling, env, mappings, version rules and the readers' typed values
# and inventory decoder. Each mutant is tested with core's unit tests and the tests/ crate
# (oracle, scenario, hostile, property tests); the corpus tests are skipped (cargo-mutants
# works on a copy of the files git does not ignore, away from ../shared). Core's one doctest is
# left out too (`--lib --tests`): rustdoc rebuilt it for every mutant, about 7 s each, and it only
# shows how to call `analyze`, which the unit and oracle tests call hundreds of times. Results land
# in mutants.out/ (git ignores it): caught.txt, missed.txt, timeout.txt, unviable.txt.
#
# CPU-heavy: run it under `nice -n 19` on a shared machine. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo mutants --version >/dev/null 2>&1; then
  echo "[mutants] installing cargo-mutants" >&2
  cargo install cargo-mutants --locked
fi

FILES=(
  -f 'core/src/alloc/*.rs'
  -f 'core/src/schedule/*.rs'
  -f core/src/env.rs
  -f core/src/mapping.rs
  -f core/src/version.rs
  -f core/src/port_range.rs
  -f core/src/cidr.rs
  -f core/src/syntax/read.rs
  -f core/src/nodes/parse.rs
)
if [ "$#" -gt 0 ] && [[ " $* " == *" -f "* || " $* " == *" --file "* ]]; then
  FILES=()
fi

OPTIONS=(
  --package netplay-core
  --exclude 'core/src/*/tests.rs' --exclude 'core/src/**/*_tests.rs'
  --cargo-arg=--lib --cargo-arg=--tests
  --gitignore true --profile mutants --jobs "${MUTANTS_JOBS:-1}" --timeout "${MUTANTS_TIMEOUT:-90}"
  "${FILES[@]}" "$@"
)

# Two passes, with the result of one run over the whole suite: a mutant is caught when any test
# fails. Pass 1 tests every mutant with core's unit tests alone, which needs only core's test
# build; they caught 414 of the 716 viable mutants of the run of 2026-12-07. Pass 2 takes the
# mutants pass 1 did not catch (`--iterate` skips the caught and unviable ones, listing them in
# previously_caught.txt) and runs the tests/ crate on them: core's unit tests passed on each, or
# timed out. Pass 2's output
# directory holds the final lists. MUTANTS_PASS=2 runs pass 2 alone, on the output of a pass 1.
if [ "${MUTANTS_PASS:-1}" = 1 ]; then
  echo "[mutants] pass 1 of 2: core's unit tests" >&2
  status=0
  ITERATE=()
  if [ "${MUTANTS_ITERATE:-0}" = 1 ]; then ITERATE=(--iterate); fi
  cargo mutants "${OPTIONS[@]}" --test-package netplay-core "${ITERATE[@]}" || status=$?
  # 2 and 3 say that mutants were missed or timed out: those are what pass 2 is for. Anything
  # else (an interrupt, a failing baseline) stops here.
  case "$status" in 0 | 2 | 3) ;; *) exit "$status" ;; esac
fi
echo "[mutants] pass 2 of 2: the tests/ crate on what pass 1 left" >&2
exec cargo mutants "${OPTIONS[@]}" --test-package netplay-tests --iterate
