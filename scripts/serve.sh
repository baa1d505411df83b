#!/usr/bin/env bash
# README command 1: sets up a fresh machine (scripts/setup.sh), then builds the web app in
# release mode and serves it at http://127.0.0.1:8080, rebuilding on changes.
#
#   scripts/serve.sh                   serve on 127.0.0.1:8080
#   NETPLAY_PORT=9000 scripts/serve.sh  another port; extra arguments go to `trunk serve`
#
# Offline-safe once set up: Trunk.toml pins wasm-bindgen and wasm-opt to the installed
# versions, so Trunk never downloads tools, and the version check is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Release builds compile std for size with the pinned nightly (see the file).
. scripts/web-toolchain.sh

exec trunk serve --release --address 127.0.0.1 --port "${NETPLAY_PORT:-8080}" "$@"
