//! The `geo-scaffold` binary: parse arguments, find the GitLab root, call the
//! library, print its report (coloured, paged on a terminal), and map the
//! outcome to an exit code (0 ok, 1 drift/conflict, 2 error).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::{ExitCode, Stdio};

use anstream::{AutoStream, ColorChoice};
use anstyle::AnsiColor;
use clap::{CommandFactory, Parser};
use geo_scaffold::cli::{self, Cli, ColorWhen, Command, Format, Global};
use geo_scaffold::report::{Diffs, Verbosity, ci};
use geo_scaffold::{Exit, Report};

/// Where the root came from: `--root`, or found above the current directory.
struct Root {
    path: PathBuf,
    explicit: bool,
}

fn root(global: &Global) -> anyhow::Result<Root> {
    match &global.root {
        Some(r) => Ok(Root {
            path: std::path::absolute(r).unwrap_or_else(|_| r.clone()),
            explicit: true,
        }),
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?;
            Ok(Root {
                path: geo_scaffold::checkout::discover(&cwd)?,
                explicit: false,
            })
        }
    }
}

fn run(cli: &Cli, root: &Root) -> anyhow::Result<Report> {
    let r = &root.path;
    let mut report = match &cli.command {
        Some(Command::Check { strict }) => geo_scaffold::check(r, *strict),
        Some(Command::Sync { dry_run }) => geo_scaffold::sync(r, *dry_run),
        Some(Command::Accept { targets, dry_run }) => geo_scaffold::accept(r, targets, *dry_run),
        Some(Command::Remove {
            name,
            dry_run,
            force,
        }) => {
            let mut req = geo_scaffold::plan::Scaffold::default();
            req.input.name = Some(name.clone());
            req.force = *force;
            geo_scaffold::remove(r, &req, *dry_run)
        }
        Some(Command::List) => geo_scaffold::list(r),
        Some(Command::Doctor | Command::Completions { .. } | Command::Man) => {
            unreachable!("handled before run")
        }
        None => {
            let req = cli.scaffold.scaffold().map_err(anyhow::Error::msg)?;
            geo_scaffold::scaffold(r, &req, cli.scaffold.mode.dry_run)
        }
    }?;
    // The fix must work where the user is: from inside the checkout as it
    // stands, else with the root they named.
    if let Some(fix) = &mut report.fix {
        let arg = if root.explicit {
            format!(" --root {}", root.path.display())
        } else {
            String::new()
        };
        *fix = fix.replace(geo_scaffold::report::ROOT_ARG, &arg);
    }
    let here = std::env::current_dir()
        .ok()
        .and_then(|d| d.canonicalize().ok());
    let found = root.path.canonicalize().ok();
    if !root.explicit && here != found {
        report.notes.insert(
            0,
            format!(
                "GitLab root: {} (found above the current directory; paths are relative to it)",
                root.path.display()
            ),
        );
    }
    Ok(report)
}

/// `doctor`: exit 0 when a scaffold would work, 2 otherwise. Its root is
/// found as every command's is; `GitLab checkout:` names it.
fn doctor(cli: &Cli, root: &Root) -> ExitCode {
    match geo_scaffold::doctor::doctor(&root.path) {
        Ok(d) => {
            let stdout = std::io::stdout();
            let printed = match cli.global.format {
                Format::Json => stdout.lock().write_all(d.json().as_bytes()),
                // junit and codequality are refused before `doctor` runs.
                Format::Text | Format::Junit | Format::Codequality => {
                    let text = d.text(cli.global.view().verbosity == Verbosity::Quiet);
                    let choice = AutoStream::choice(&stdout);
                    AutoStream::new(stdout.lock(), choice).write_all(text.as_bytes())
                }
            };
            if let Err(e) = printed
                && !is_broken_pipe(&e)
            {
                error_line(&format!("cannot write to stdout: {e}"));
                return ExitCode::from(2);
            }
            if d.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Err(e) => fail(cli.global.format, &e),
    }
}

/// An error: one line on stderr; the machine formats still get a document
/// on stdout, saying what failed.
fn fail(format: Format, e: &anyhow::Error) -> ExitCode {
    let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
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
    error_line(&error);
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

/// Whether `--format json` was asked for, read from the raw arguments
/// (for errors clap reports before there is a parsed `Cli`).
fn json_asked(args: &[OsString]) -> bool {
    args.windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json")
}

/// The first word that is neither an option nor an option's value.
fn first_word(args: &[OsString]) -> Option<String> {
    let cmd = Cli::command();
    let takes_value = |a: &str| {
        cmd.get_arguments().any(|arg| {
            arg.get_action().takes_values()
                && (arg.get_long().is_some_and(|l| a == format!("--{l}"))
                    || arg.get_short().is_some_and(|s| a == format!("-{s}")))
        })
    };
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a.starts_with('-') {
            if takes_value(a) {
                it.next();
            }
            continue;
        }
        return Some(a.to_string());
    }
    None
}

/// Reports an argument error: a command typed wrong gets its hint, and
/// under `--format json` the error is a JSON document on stdout too.
fn argument_error(e: &clap::Error, args: &[OsString]) -> ExitCode {
    if !e.use_stderr() {
        // --help, --version.
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let hint = first_word(args).and_then(|w| {
        let cmd = cli::command_like(&w)?;
        Some(format!(
            "`{w}` is not a command: did you mean `{cmd}`? (`geo-scaffold {cmd} --help`)"
        ))
    });
    // clap's message without its usage and help lines, tips kept:
    // "unexpected argument '--colour' found; tip: a similar argument exists: '--color'".
    let rendered = e.to_string();
    let message = hint.clone().unwrap_or_else(|| {
        rendered
            .lines()
            .map(str::trim)
            .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
            .filter(|l| !l.is_empty())
            .map(|l| l.trim_start_matches("error: "))
            .collect::<Vec<_>>()
            .join("; ")
    });
    if json_asked(args) {
        let doc = serde_json::json!({ "ok": false, "error": message });
        println!("{doc}");
    }
    match hint {
        Some(h) => error_line(&h),
        None => {
            let _ = e.print();
        }
    }
    ExitCode::from(2)
}

fn error_line(message: &str) {
    let red = AnsiColor::Red.on_default().bold();
    anstream::eprintln!("{red}error:{red:#} {message}");
}

/// The pager to send long output to, if any: only on a terminal, never in
/// CI; `$PAGER` (none when empty or `cat`), else `less -R`.
fn pager(global: &Global) -> Option<String> {
    if global.no_pager || !std::io::stdout().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let p = std::env::var("PAGER").unwrap_or_else(|_| "less -R".into());
    let p = p.trim();
    (!p.is_empty() && p != "cat").then(|| p.to_string())
}

/// Writes `text` through `pager`; `false` when the pager could not start.
fn page(pager: &str, text: &str, choice: ColorChoice) -> bool {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(pager).stdin(Stdio::piped());
    // As git does: quit when the text fits on one screen, keep colours,
    // leave the text on the screen.
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    let Ok(mut child) = cmd.spawn() else {
        return false;
    };
    if let Some(stdin) = child.stdin.take() {
        let stdin: Box<dyn Write> = Box::new(stdin);
        let mut out = AutoStream::new(stdin, choice);
        // The user quitting the pager early closes the pipe: not an error.
        let _ = out.write_all(text.as_bytes());
    }
    let _ = child.wait();
    true
}

fn emit(report: &Report, global: &Global) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let machine = match global.format {
        Format::Text => None,
        Format::Json => Some(report.json()),
        Format::Junit => Some(report.junit()),
        Format::Codequality => Some(report.codequality()),
    };
    if let Some(doc) = machine {
        let mut out = stdout.lock();
        return out.write_all(doc.as_bytes()).and_then(|()| out.flush());
    }
    let view = global.view();
    let text = report.text(&view);
    let choice = AutoStream::choice(&stdout);
    let has_diffs = view.diffs == Diffs::Full
        && view.verbosity != Verbosity::Quiet
        && report.files.iter().any(|f| f.diff.is_some());
    if has_diffs
        && let Some(p) = pager(global)
        && page(&p, &text, choice)
    {
        return Ok(());
    }
    let mut out = AutoStream::new(stdout.lock(), choice);
    out.write_all(text.as_bytes()).and_then(|()| out.flush())
}

fn print_bytes(bytes: &[u8]) -> ExitCode {
    match std::io::stdout().write_all(bytes) {
        Err(e) if !is_broken_pipe(&e) => {
            error_line(&format!("cannot write to stdout: {e}"));
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e, &args),
    };
    ColorChoice::write_global(match cli.global.color {
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    });
    match &cli.command {
        Some(Command::Completions { shell }) => return print_bytes(&cli::completions(*shell)),
        Some(Command::Man) => {
            return match cli::man_page() {
                Ok(page) => print_bytes(&page),
                Err(e) => {
                    error_line(&format!("cannot render the man page: {e}"));
                    ExitCode::from(2)
                }
            };
        }
        _ => {}
    }
    if let Some(name) = ci_format(cli.global.format)
        && !matches!(cli.command, Some(Command::Check { .. }))
    {
        error_line(&format!(
            "`--format {name}` renders what `check` found: run `geo-scaffold check --format {name}`"
        ));
        return ExitCode::from(2);
    }
    let root = match root(&cli.global) {
        Ok(root) => root,
        Err(e) => return fail(cli.global.format, &e),
    };
    if let Some(Command::Doctor) = &cli.command {
        return doctor(&cli, &root);
    }
    match run(&cli, &root) {
        Ok(report) => {
            if let Err(e) = emit(&report, &cli.global) {
                // The tree may be changed already: say so, whatever happened
                // to the report.
                let what = if report.wrote {
                    format!("the changes were written ({})", report.summary)
                } else {
                    "nothing was written".to_string()
                };
                if is_broken_pipe(&e) {
                    if report.wrote {
                        anstream::eprintln!("note: the report was cut off (stdout closed); {what}");
                    }
                } else {
                    error_line(&format!("cannot print the report to stdout ({e}); {what}"));
                    return ExitCode::from(2);
                }
            }
            match report.exit {
                Exit::Ok => ExitCode::SUCCESS,
                Exit::Drift => ExitCode::from(1),
            }
        }
        Err(e) => fail(cli.global.format, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        std::iter::once("geo-scaffold")
            .chain(a.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn first_word_skips_options_and_their_values() {
        assert_eq!(
            first_word(&args(&["--root", "x", "-n", "remvoe", "widget"])).as_deref(),
            Some("remvoe")
        );
        assert_eq!(
            first_word(&args(&["--format", "json", "chek"])).as_deref(),
            Some("chek")
        );
        assert_eq!(first_word(&args(&["--dry-run"])), None);
    }

    #[test]
    fn json_is_read_from_raw_arguments() {
        assert!(json_asked(&args(&["x", "--format", "json"])));
        assert!(json_asked(&args(&["--format=json", "x"])));
        assert!(!json_asked(&args(&["--format", "text"])));
    }
}
