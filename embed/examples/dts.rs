//! Prints `/api/netplay.d.ts` (`cargo run -p netplay-embed --features ts --example dts`).
fn main() {
    print!("{}", netplay_embed::typescript::declarations());
}
