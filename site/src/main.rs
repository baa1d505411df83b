//! `netplay-site <out-dir>`: writes the guide (`<out-dir>/docs/`) and the JS API files
//! (`<out-dir>/api/`), failing when an example's declared expectation does not hold.
//! Trunk runs it after each build through `scripts/build-site.sh`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: netplay-site <out-dir>   (Trunk's staging folder, or dist/)");
        return ExitCode::from(2);
    };
    match netplay_site::build(&netplay_site::repo_root(), &out) {
        Ok(summary) => {
            eprintln!(
                "netplay-site: {} guide pages, {} examples checked ({} challenges, {} solutions), written to {}",
                summary.pages,
                summary.examples,
                summary.challenges,
                summary.solutions,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            eprintln!("netplay-site: {} problem(s); the guide was not written", problems.len());
            ExitCode::FAILURE
        }
    }
}
