#!/usr/bin/env bash
# Installs everything netplay needs on a fresh machine, skipping what is already there.
#
#   scripts/setup.sh            toolchain for the web build (wasm32, Trunk, wasm-bindgen-cli, wasm-opt)
#   scripts/setup.sh --browser  the above plus Debian's chromium + chromium-driver (browser tests)
#
# Everything comes from the package registries (crates.io, npm, Debian); nothing is downloaded
# from elsewhere. Versions are pinned here and must match Cargo.lock / Trunk.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
# The wasm-bindgen CLI must be exactly the library version recorded in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly that compiles std for size in release web builds (scripts/web-toolchain.sh),
# with the standard library's sources and the wasm32 target.
WEB_TOOLCHAIN=$(. scripts/web-toolchain.sh && echo "$NETPLAY_WEB_TOOLCHAIN")
if ! rustup run "$WEB_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$WEB_TOOLCHAIN" --installed | grep -q '^rust-src' \
  || ! rustup target list --toolchain "$WEB_TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown; then
  log "installing $WEB_TOOLCHAIN with rust-src and wasm32 (std compiled for size in the web bundle)"
  rustup toolchain install "$WEB_TOOLCHAIN" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
  # Not --locked: its lock file names a webpki-roots release the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Debian's nodejs and npm (npm installs binaryen, node runs its wasm-opt)"
  apt_install nodejs npm
fi

if [ ! -x .tools/node_modules/.bin/wasm-opt ] || ! .tools/node_modules/.bin/wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  npm install --silent --no-audit --no-fund --prefix .tools "binaryen@$BINARYEN_VERSION"
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
fi
log "toolchain ready"
