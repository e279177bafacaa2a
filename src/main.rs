//! The `geo-scaffold` binary: parse arguments, call the library, print its
//! report, map the outcome to an exit code (0 ok, 1 drift/conflict, 2 error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use geo_scaffold::cli::{Cli, Command, Format};
use geo_scaffold::{Exit, Report};

fn run(cli: &Cli) -> anyhow::Result<Report> {
    let root = &cli.global.root;
    match &cli.command {
        Some(Command::Check { strict }) => geo_scaffold::check(root, *strict),
        Some(Command::Sync { dry_run }) => geo_scaffold::sync(root, *dry_run),
        Some(Command::Doctor) => unreachable!("doctor is handled before run"),
        Some(Command::Accept { targets, dry_run }) => geo_scaffold::accept(root, targets, *dry_run),
        Some(Command::Remove {
            name,
            dry_run,
            force,
        }) => {
            let mut req = geo_scaffold::plan::Scaffold::default();
            req.input.name = Some(name.clone());
            req.force = *force;
            geo_scaffold::remove(root, &req, *dry_run)
        }
        None => {
            let req = cli.scaffold.scaffold().map_err(anyhow::Error::msg)?;
            geo_scaffold::scaffold(root, &req, cli.scaffold.mode.dry_run)
        }
    }
}

/// `doctor`: exit 0 when a scaffold would work, 2 otherwise.
fn doctor(cli: &Cli) -> ExitCode {
    match geo_scaffold::doctor::doctor(&cli.global.root) {
        Ok(d) => {
            let text = match cli.global.format {
                Format::Text => d.text(),
                Format::Json => d.json(),
            };
            if let Err(e) = std::io::stdout().write_all(text.as_bytes())
                && !is_broken_pipe(&e)
            {
                eprintln!("error: cannot write to stdout: {e}");
                return ExitCode::from(2);
            }
            if d.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Err(e) => fail(&cli.global.format, &e),
    }
}

fn fail(format: &Format, e: &anyhow::Error) -> ExitCode {
    let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
    if *format == Format::Json {
        let doc = serde_json::json!({ "ok": false, "error": chain.join(": ") });
        println!("{doc}");
    }
    eprintln!("error: {}", chain.join(": "));
    ExitCode::from(2)
}

fn is_broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let Some(Command::Doctor) = &cli.command {
        return doctor(&cli);
    }
    match run(&cli) {
        Ok(report) => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = match cli.global.format {
                Format::Text => report.text(color),
                Format::Json => report.json(),
            };
            if let Err(e) = std::io::stdout().write_all(text.as_bytes())
                && !is_broken_pipe(&e)
            {
                eprintln!("error: cannot write to stdout: {e}");
                return ExitCode::from(2);
            }
            match report.exit {
                Exit::Ok => ExitCode::SUCCESS,
                Exit::Drift => ExitCode::from(1),
            }
        }
        Err(e) => fail(&cli.global.format, &e),
    }
}
