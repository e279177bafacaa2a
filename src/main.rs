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
    match run(&cli) {
        Ok(report) => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = match cli.global.format {
                Format::Text => report.text(color),
                Format::Json => report.json(),
            };
            let printed = std::io::stdout()
                .write_all(text.as_bytes())
                .and_then(|()| std::io::stdout().flush());
            if let Err(e) = printed {
                // The tree may be changed already: say so, whatever happened
                // to the report.
                let what = if report.wrote {
                    format!("the changes were written ({})", report.summary)
                } else {
                    "nothing was written".to_string()
                };
                if is_broken_pipe(&e) {
                    if report.wrote {
                        eprintln!("note: the report was cut off (stdout closed); {what}");
                    }
                } else {
                    eprintln!("error: cannot print the report to stdout ({e}); {what}");
                    return ExitCode::from(2);
                }
            }
            match report.exit {
                Exit::Ok => ExitCode::SUCCESS,
                Exit::Drift => ExitCode::from(1),
            }
        }
        Err(e) => {
            let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
            if cli.global.format == Format::Json {
                let doc = serde_json::json!({ "ok": false, "error": chain.join(": ") });
                println!("{doc}");
            }
            eprintln!("error: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}
