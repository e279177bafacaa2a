//! The `geo-scaffold` binary: parse arguments, call the library, print its
//! report, map the outcome to an exit code (0 ok, 1 drift/conflict, 2 error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use geo_scaffold::cli::{Cli, Command, Format};
use geo_scaffold::report::ci;
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
                Format::Json => d.json(),
                // junit and codequality are refused before `doctor` runs.
                Format::Text | Format::Junit | Format::Codequality => d.text(),
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
    // The machine formats still get a document, saying what failed.
    let error = chain.join(": ");
    match format {
        Format::Text => {}
        Format::Json => {
            let doc = serde_json::json!({ "ok": false, "error": error });
            println!("{doc}");
        }
        Format::Junit => print!("{}", ci::junit_error(&error)),
        Format::Codequality => print!("{}", ci::codequality_error(&error)),
    }
    eprintln!("error: {error}");
    ExitCode::from(2)
}

/// The name of a format only `check` renders.
fn ci_format(format: Format) -> Option<&'static str> {
    match format {
        Format::Junit => Some("junit"),
        Format::Codequality => Some("codequality"),
        Format::Text | Format::Json => None,
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
    if let Some(name) = ci_format(cli.global.format)
        && !matches!(cli.command, Some(Command::Check { .. }))
    {
        eprintln!(
            "error: `--format {name}` renders what `check` found: run `geo-scaffold check --format {name}`"
        );
        return ExitCode::from(2);
    }
    if let Some(Command::Doctor) = &cli.command {
        return doctor(&cli);
    }
    match run(&cli) {
        Ok(report) => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let text = match cli.global.format {
                Format::Text => report.text(color),
                Format::Json => report.json(),
                Format::Junit => report.junit(),
                Format::Codequality => report.codequality(),
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
        Err(e) => fail(&cli.global.format, &e),
    }
}
