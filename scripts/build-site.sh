#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml): writes the networking guide (docs/guide/ -> /docs/,
# every example pre-rendered by the native engine and its expectations checked) and the JS API
# files (/api/) into Trunk's staging folder, which becomes dist/. A failing example fails the
# build. Also usable by hand after a build: scripts/build-site.sh dist
set -euo pipefail
cd "$(dirname "$0")/.."
out="${TRUNK_STAGING_DIR:-${1:?usage: scripts/build-site.sh <dist-dir>}}"
# netplay-site is a native program: build it with the default (stable) toolchain, without the
# nightly settings of the release web build (scripts/web-toolchain.sh), which target wasm32.
unset RUSTUP_TOOLCHAIN CARGO_UNSTABLE_BUILD_STD CARGO_UNSTABLE_BUILD_STD_FEATURES CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
exec cargo run --quiet --locked -p netplay-site -- "$out"
