#!/usr/bin/env bash
# README command 2: sets up a fresh machine and runs every check and test netplay has.
#
#   formatting, clippy (native, and wasm32 for the crates that ship to the browser), rustdoc,
#   unit + scenario + oracle + property + corpus + hostile + CLI tests, each fuzz target for a
#   few seconds (scripts/fuzz.sh), the release web bundle,
#   and the real-browser tests in headless Chromium.
#
# Set NETPLAY_SKIP_BROWSER=1 to stop before the web bundle and browser tests, NETPLAY_SKIP_FUZZ=1
# to skip the short fuzzing run (NETPLAY_FUZZ_SECONDS per target, default 20).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ "${NETPLAY_SKIP_BROWSER:-0}" = "1" ]; then
  scripts/setup.sh
else
  scripts/setup.sh --browser
fi
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy (wasm32-unknown-unknown)"
cargo clippy -p netplay-core -p netplay-web --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo doc (warnings are errors: broken and private links, stray HTML)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "cargo test --workspace"
cargo test --workspace --locked

if [ "${NETPLAY_SKIP_FUZZ:-0}" = "1" ]; then
  step "skipping the fuzz targets (NETPLAY_SKIP_FUZZ=1)"
else
  step "fuzz every target for ${NETPLAY_FUZZ_SECONDS:-20} s (nightly, cargo-fuzz; scripts/fuzz.sh)"
  scripts/fuzz.sh "${NETPLAY_FUZZ_SECONDS:-20}"
fi

if [ "${NETPLAY_SKIP_BROWSER:-0}" = "1" ]; then
  step "skipping the web bundle and browser tests (NETPLAY_SKIP_BROWSER=1)"
  exit 0
fi

step "trunk build --release (scripts/build-web.sh)"
scripts/build-web.sh

step "browser tests (headless Chromium)"
# The browser tests are #[ignore]d (cargo test --workspace lists them as ignored); run them here,
# all but the measurements for BENCHMARKS.md (`measure_*`, and the bench targets).
NETPLAY_DIST="$PWD/dist" cargo test -p netplay-browser-tests --test ui --test cluster --test embed --test hostile --locked \
  -- --ignored --skip measure_ --test-threads=1

step "all checks passed"
