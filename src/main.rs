use anyhow::Result;
use baogao::{cli, layout::Ambiguous, tui};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal browser for Chinese government work reports (政府工作报告).
///
/// With no arguments it opens the bundled reports; given files or folders, it opens those.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Args {
    /// Report files (.txt) and folders to open, searched recursively.
    paths: Vec<PathBuf>,
    /// How wide East Asian ambiguous characters (“ ” … — ·) are drawn; auto asks the terminal.
    #[arg(long, value_enum, default_value_t = AmbArg::Auto, global = true)]
    ambiguous: AmbArg,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum AmbArg {
    Narrow,
    Wide,
    Auto,
}

impl AmbArg {
    /// The fixed width, or None for "ask the terminal".
    fn fixed(self) -> Option<Ambiguous> {
        match self {
            AmbArg::Narrow => Some(Ambiguous::Narrow),
            AmbArg::Wide => Some(Ambiguous::Wide),
            AmbArg::Auto => None,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print what baogao read from each report: metadata, outline, warnings.
    Inspect {
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// JSON Lines, one object per report.
        #[arg(long)]
        json: bool,
    },
    /// Print a report laid out as the reader lays it out.
    Show {
        /// A path, or words matching place and year: "鸡西 2017".
        selector: String,
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// Columns; defaults to the terminal's width, or 80 when not a terminal.
        #[arg(long)]
        width: Option<usize>,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            tui::restore_terminal_if_needed();
            eprintln!("baogao: {}", baogao::layout::sanitize(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let args = Args::parse();
    let amb = args.ambiguous.fixed();
    match args.command {
        Some(Command::Inspect { paths, json }) => {
            let corpus = cli::load(&paths);
            cli::report_problems(&corpus);
            if corpus.reports.is_empty() {
                eprintln!("baogao: no reports found");
                return Ok(ExitCode::from(2));
            }
            let mut out = std::io::stdout().lock();
            cli::inspect(&corpus, json, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Show { selector, mut paths, width }) => {
            let as_path = PathBuf::from(&selector);
            if paths.is_empty() && as_path.is_file() {
                paths.push(as_path);
            }
            let corpus = cli::load(&paths);
            cli::report_problems(&corpus);
            let Some(report) = cli::select(&corpus, &selector).or_else(|| {
                // A single path given as the selector.
                (corpus.reports.len() == 1 && PathBuf::from(&selector).is_file()).then(|| &corpus.reports[0])
            }) else {
                eprintln!("baogao: no report matches {:?}", baogao::layout::sanitize(&selector));
                return Ok(ExitCode::from(2));
            };
            let width = width.unwrap_or_else(|| {
                if std::io::stdout().is_terminal() {
                    crossterm::terminal::size().map(|(w, _)| w as usize).unwrap_or(80)
                } else {
                    80
                }
            });
            let amb = amb.unwrap_or_else(|| {
                if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
                    tui::probe_ambiguous()
                } else {
                    Ambiguous::Narrow
                }
            });
            let mut out = std::io::stdout().lock();
            cli::show(report, width.max(1), amb, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let corpus = cli::load(&args.paths);
            if corpus.reports.is_empty() {
                cli::report_problems(&corpus);
                eprintln!("baogao: no reports found");
                return Ok(ExitCode::from(2));
            }
            tui::run(corpus, amb)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
