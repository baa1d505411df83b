#!/usr/bin/env bash
# Builds the release web bundle into dist/ exactly as the README's commands ship it:
# Trunk's own pipeline, with std compiled for size by the pinned nightly (scripts/web-toolchain.sh).
# Run scripts/setup.sh first on a fresh machine (serve.sh and test.sh do).
#
#   scripts/build-web.sh            -> dist/
#   scripts/build-web.sh --dist X   extra arguments go to `trunk build --release`
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# shellcheck source=web-toolchain.sh
. scripts/web-toolchain.sh
exec trunk build --release "$@"
