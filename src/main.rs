use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = watchfix::cli::Cli::parse();
    watchfix::app::run(cli).into()
}
