# Sourced by the scripts that build the release web bundle (serve.sh, test.sh, bench runs).
#
# The bundle has a 500 KB budget (gzip -9 of wasm + js + css; BENCHMARKS.md). The largest
# single step toward it is compiling the standard library itself for size, which only a
# nightly cargo can do (`-Zbuild-std`). So release web builds, and only they, use one pinned
# nightly; everything else (tests, clippy, the CLI) stays on the stable toolchain.
#
#   build-std=std,panic_abort         std, core and alloc rebuilt with the `web` profile (opt-level z, LTO)
#   optimize_for_size                 std's own size-over-speed choices (smaller sorts, no unrolled loops)
#
# Tried and dropped: `-Cpanic=immediate-abort` (a panic traps at once, about 35 KB gzip less). It
# never runs the panic hook (web/src/crash.rs), which keeps the editors' text in the autosave and
# says so on the page; the `web` profile's panic=abort still calls the hook and then traps.
# Traps that are not panics (stack overflow, memory running out) are caught by web/boot.js.
#
# Measured gains and the command behind them: BENCHMARKS.md, "What the bundle is made of".
# A plain `trunk build --release` without this file still works on stable, only larger.

export NETPLAY_WEB_TOOLCHAIN="nightly-2026-05-20"
export RUSTUP_TOOLCHAIN="$NETPLAY_WEB_TOOLCHAIN"
export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
export CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size"
