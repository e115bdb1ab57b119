use anyhow::Result;
use baogao::corpus::cache::Cache;
use baogao::{cli, layout::Ambiguous, tui};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal browser for Chinese government work reports (政府工作报告).
///
/// With no arguments it opens the bundled reports; given files or folders, it opens those.
const EXAMPLES: &str = "\
Examples:
  baogao                                   read the bundled reports
  baogao ~/reports/                        read every .txt report under a folder
  baogao search 石墨 --json                 every paragraph about graphite, as JSON Lines
  baogao search shimo --place 鸡西          the same, typed in pinyin, in one place
  baogao search \"'营商环境 !鸡西\" --year 2018..2022
  baogao show \"鸡西 2017\" --width 60 | less
  baogao inspect ~/reports/ --json         what was read from each report
  baogao completions bash > ~/.local/share/bash-completion/completions/baogao

In the reader: ? lists every key. Settings: $XDG_CONFIG_HOME/baogao/config.toml
(baogao --print-config shows them all). NO_COLOR=1 turns colour off.";

#[derive(Parser)]
#[command(version, subcommand_negates_reqs = true, after_help = EXAMPLES)]
struct Args {
    /// Report files (.txt, .text, .htm, .html, .tmx) and folders to open, searched recursively. A folder's catalog.tsv
    /// gives metadata that wins over the text (see the README).
    paths: Vec<PathBuf>,
    /// How wide East Asian ambiguous characters (“ ” … — ·) are drawn; auto asks the
    /// terminal. Default: the config file's `ambiguous`, else auto.
    #[arg(long, value_enum, global = true)]
    ambiguous: Option<AmbArg>,
    /// Print the effective config (the file's settings and every default) as TOML, and exit.
    #[arg(long)]
    print_config: bool,
    /// Parse every file, and neither read nor write the cache of parsed reports.
    #[arg(long, global = true)]
    no_cache: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum CacheCommand {
    /// Where the cache is, how many reports it holds, its size, and the last run's hit rate.
    Info {
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Remove every cached report (the next run parses every file again).
    Clear,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum KindArg {
    Target,
    Result,
}

#[derive(Clone, Copy, ValueEnum)]
enum ByArg {
    Year,
    Place,
    Both,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Place,
    Left,
    Right,
}

/// How `trend` and `kwic` print.
#[derive(clap::Args)]
struct OutArgs {
    /// CSV (RFC 4180).
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// CSV with a UTF-8 byte order mark, for spreadsheets (implies --csv).
    #[arg(long, conflicts_with = "json")]
    excel: bool,
    /// JSON Lines.
    #[arg(long)]
    json: bool,
}

impl OutArgs {
    fn format(&self) -> cli::study::Format {
        if self.json {
            cli::study::Format::Json
        } else if self.csv || self.excel {
            cli::study::Format::Csv
        } else {
            cli::study::Format::Text
        }
    }
}

/// The corpus, filter and parsed query of a command that takes a query, paths, --place
/// and --year; or the exit code of a bad argument or an empty corpus. `counting`: the
/// command counts occurrences (trend, kwic), so a query of only words to leave out is
/// refused.
fn query_corpus(
    query: &str,
    paths: &[PathBuf],
    place: Option<String>,
    year: Option<&str>,
    counting: bool,
    cache: &baogao::corpus::cache::Cache,
) -> Result<(baogao::corpus::Corpus, baogao::search::Filter, baogao::search::Query), ExitCode> {
    let q = baogao::search::Query::parse(query);
    if q.is_empty() {
        eprintln!("baogao: the query is empty: nothing to search for");
        return Err(ExitCode::from(2));
    }
    if counting && !baogao::study::counts_something(&q) {
        eprintln!("baogao: the query only leaves words out (!…): there is nothing in it to count");
        return Err(ExitCode::from(2));
    }
    let years = match year.map(baogao::search::Filter::parse_years) {
        Some(None) => {
            eprintln!("baogao: --year takes a year or a range such as 2018..2022");
            return Err(ExitCode::from(2));
        }
        Some(y) => y,
        None => None,
    };
    let corpus = cli::load(paths, cache);
    cli::report_problems(&corpus);
    if corpus.is_empty() {
        eprintln!("baogao: no reports found");
        return Err(ExitCode::from(2));
    }
    let filter = baogao::search::Filter { place, years, ..Default::default() };
    if (filter.place.is_some() || filter.years.is_some()) && !corpus.iter().any(|(id, r)| filter.admits(id, r)) {
        eprintln!("baogao: no report matches --place and --year as given");
        return Err(ExitCode::from(1));
    }
    Ok((corpus, filter, q))
}

/// Print a trend's or concordance's output to stdout; when it found nothing, say so on
/// stderr and exit 1 (as grep does).
fn study_out(
    query: &str,
    found: bool,
    print: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let mut w = std::io::stdout().lock();
    print(&mut w)?;
    w.flush()?;
    if found {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("baogao: no occurrence of {}", baogao::layout::sanitize(query.trim()));
    Ok(ExitCode::from(1))
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
    /// Search every paragraph of every report; exit 0 if something matched, 1 if not.
    ///
    /// Fuzzy by default, with fzf's syntax: terms are ANDed, 'word is exact, ^word a
    /// prefix, word$ a suffix, !word excludes, a | b is OR. Latin letters also match
    /// pinyin: shimo or smcy find 石墨产业.
    Search {
        query: String,
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// JSON Lines, one hit per line, with where it is, its text and its citation.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV (RFC 4180): the same fields as --json, one hit a row.
        #[arg(long)]
        csv: bool,
        /// CSV with a UTF-8 byte order mark, for spreadsheets (implies --csv).
        #[arg(long, conflicts_with = "json")]
        excel: bool,
        /// At most this many hits.
        #[arg(long)]
        limit: Option<usize>,
        /// Only reports of this place (or its city or province).
        #[arg(long)]
        place: Option<String>,
        /// Only this year, or a range: 2018..2022.
        #[arg(long)]
        year: Option<String>,
        /// Only exact hits (the phrase itself, after folding), not variants (its chars in
        /// order but apart).
        #[arg(long)]
        exact: bool,
        /// Print counts and timings to stderr (exact and variant hits, files, MB, reports,
        /// paragraphs, load, index, query, peak memory).
        #[arg(long)]
        stats: bool,
    },
    /// A query's exact occurrences per year, place, or both, with each cell's reports and
    /// chars, so that the rate per 10,000 chars can be worked out again. A year with no
    /// report has no row (it is a gap, not a zero).
    Trend {
        query: String,
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// A row per year, per place, or per place and year.
        #[arg(long, value_enum, default_value = "year")]
        by: ByArg,
        #[command(flatten)]
        out: OutArgs,
        /// Only reports of this place (or its city or province).
        #[arg(long)]
        place: Option<String>,
        /// Only this year, or a range: 2018..2022.
        #[arg(long)]
        year: Option<String>,
    },
    /// The numeric goals each report sets for its year (国内生产总值增长6%左右…), and the
    /// results its review reports for the year before, one per line: place, year, kind,
    /// indicator, value with its modifier (and, for a target, the next year's result and
    /// whether it was met), and the words that set it.
    Targets {
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// Only this indicator (gdp, urban_new_jobs, cpi, income_urban…, or words of it).
        #[arg(long)]
        indicator: Option<String>,
        /// Only targets, or only results.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// A concordance: every exact occurrence of the query, one per line, in its context.
    Kwic {
        query: String,
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// Chars of context either side.
        #[arg(long, default_value_t = 20)]
        context: usize,
        /// By place and year, by the left context read backwards, or by the right context.
        #[arg(long, value_enum, default_value = "place")]
        sort: SortArg,
        #[command(flatten)]
        out: OutArgs,
        /// Only reports of this place (or its city or province).
        #[arg(long)]
        place: Option<String>,
        /// Only this year, or a range: 2018..2022.
        #[arg(long)]
        year: Option<String>,
    },
    /// The cache of parsed reports ($XDG_CACHE_HOME/baogao, or BAOGAO_CACHE_DIR): a file
    /// that has not changed since it was last read is not parsed again.
    Cache {
        #[command(subcommand)]
        what: CacheCommand,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a report laid out as the reader lays it out.
    Show {
        /// A path, or words matching place and year: "鸡西 2017".
        selector: String,
        /// Files and folders; the bundled reports when none are given.
        paths: Vec<PathBuf>,
        /// Columns (at least 4; fewer are taken as 4); defaults to the terminal's width, or 80
        /// when not a terminal.
        #[arg(long)]
        width: Option<usize>,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            // The reader of our output went away (e.g. `| head`): not an error.
            ExitCode::SUCCESS
        }
        Err(e) => {
            tui::restore_terminal_if_needed();
            eprintln!("baogao: {}", baogao::layout::sanitize(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// The arguments, or exit as clap would. Help and the version print as clap prints them;
/// an argument error echoes what was typed, so it is made safe for a terminal first (a raw
/// ESC in `--limit $'\e]0;T\a'` would retitle the window).
fn parse_args() -> Args {
    match Args::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let text = e.render().to_string();
            eprint!("{}", baogao::layout::sanitize_keeping_lines(&text));
            std::process::exit(e.exit_code());
        }
    }
}

fn run() -> Result<ExitCode> {
    let args = parse_args();
    // A bad config file (keys bound twice included) stops us here, before the terminal is touched.
    let config = baogao::config::load(|c| tui::keymap::Keymap::from_config(c).map(drop)).map_err(anyhow::Error::msg)?;
    if args.print_config {
        // The file's own values are echoed: nothing in them may act on the terminal.
        print!("{}", baogao::layout::sanitize_keeping_lines(&config.to_toml(&tui::keymap::default_keys())));
        return Ok(ExitCode::SUCCESS);
    }
    let amb_setting = args.ambiguous.unwrap_or(match config.ambiguous.unwrap_or_default() {
        baogao::config::AmbiguousSetting::Narrow => AmbArg::Narrow,
        baogao::config::AmbiguousSetting::Wide => AmbArg::Wide,
        baogao::config::AmbiguousSetting::Auto => AmbArg::Auto,
    });
    let amb = amb_setting.fixed();
    let cache = if args.no_cache { Cache::off() } else { Cache::default_place() };
    match args.command {
        Some(Command::Cache { what: CacheCommand::Info { json } }) => {
            let mut out = std::io::stdout().lock();
            cli::cache_info(baogao::corpus::cache::default_dir().as_deref(), json, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Cache { what: CacheCommand::Clear }) => {
            let Some(dir) = baogao::corpus::cache::default_dir() else {
                eprintln!("baogao: no cache folder: neither BAOGAO_CACHE_DIR, XDG_CACHE_HOME nor HOME is set");
                return Ok(ExitCode::from(2));
            };
            let n = baogao::corpus::cache::clear(&dir)
                .map_err(|e| anyhow::anyhow!("clearing the cache in {}: {e}", baogao::fsio::shown_path(&dir)))?;
            println!(
                "removed {n} cache {} from {}",
                if n == 1 { "file" } else { "files" },
                baogao::layout::sanitize(&baogao::fsio::shown_path(&dir))
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Inspect { paths, json }) => {
            let corpus = cli::load(&paths, &cache);
            cli::report_problems(&corpus);
            if corpus.is_empty() {
                eprintln!("baogao: no reports found");
                return Ok(ExitCode::from(2));
            }
            let mut out = std::io::stdout().lock();
            cli::inspect(&corpus, json, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            // Into a buffer first: clap_complete panics if the pipe closes under it.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Args::command(), "baogao", &mut script);
            std::io::stdout().write_all(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search { query, paths, json, csv, excel, limit, place, year, exact, stats }) => {
            let started = std::time::Instant::now();
            if baogao::search::Query::parse(&query).is_empty() {
                eprintln!("baogao: the query is empty: nothing to search for");
                return Ok(ExitCode::from(2));
            }
            let years = match year.as_deref().map(baogao::search::Filter::parse_years) {
                Some(None) => {
                    eprintln!("baogao: --year takes a year or a range such as 2018..2022");
                    return Ok(ExitCode::from(2));
                }
                Some(y) => y,
                None => None,
            };
            let corpus = cli::load(&paths, &cache);
            let load_time = started.elapsed();
            cli::report_problems(&corpus);
            if corpus.is_empty() {
                eprintln!("baogao: no reports found");
                return Ok(ExitCode::from(2));
            }
            let filter = baogao::search::Filter { place, years, ..Default::default() };
            let tty = std::io::stdout().is_terminal();
            let opts = cli::search::Print {
                json,
                csv: csv || excel,
                bom: excel,
                citation: config
                    .effective()
                    .citation
                    .template
                    .as_deref()
                    .and_then(|t| baogao::cite::Template::parse(t).ok())
                    .unwrap_or_default(),
                color: tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                width: if tty { crossterm::terminal::size().map(|(w, _)| w as usize).unwrap_or(100) } else { 100 },
                amb: amb.unwrap_or(Ambiguous::Narrow),
                limit,
                exact_only: exact || config.exact_only.unwrap_or(false),
            };
            let mut out = std::io::stdout().lock();
            let t = std::time::Instant::now();
            let found = cli::search::run(&corpus, &query, &filter, &opts, &mut out)?;
            out.flush()?;
            if stats {
                cli::search::print_stats(&corpus, load_time, t.elapsed(), &found, started.elapsed());
            }
            Ok(if found.listed(opts.exact_only) > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Some(Command::Trend { query, paths, by, out, place, year }) => {
            let (corpus, filter, q) = match query_corpus(&query, &paths, place, year.as_deref(), true, &cache) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let by = match by {
                ByArg::Year => baogao::study::By::Year,
                ByArg::Place => baogao::study::By::Place,
                ByArg::Both => baogao::study::By::Both,
            };
            let never = std::sync::atomic::AtomicBool::new(false);
            let cells = baogao::study::trend(&corpus, &q, &filter, by, &never).unwrap_or_default();
            let found = cells.iter().any(|c| c.exact > 0);
            let amb = amb.unwrap_or(Ambiguous::Narrow);
            study_out(&query, found, |w| cli::study::print_trend(&cells, by, out.format(), out.excel, amb, w))
        }
        Some(Command::Targets { paths, indicator, kind, out }) => {
            let corpus = cli::load(&paths, &cache);
            cli::report_problems(&corpus);
            if corpus.is_empty() {
                eprintln!("baogao: no reports found");
                return Ok(ExitCode::from(2));
            }
            let mut w = std::io::stdout().lock();
            let kind = kind.map(|k| match k {
                KindArg::Target => baogao::corpus::targets::Kind::Target,
                KindArg::Result => baogao::corpus::targets::Kind::Result,
            });
            let n = cli::targets::print(&corpus, indicator.as_deref(), kind, out.format(), out.excel, &mut w)?;
            w.flush()?;
            if n == 0 {
                eprintln!("baogao: nothing found");
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Kwic { query, paths, context, sort, out, place, year }) => {
            let (corpus, filter, q) = match query_corpus(&query, &paths, place, year.as_deref(), true, &cache) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let order = match sort {
                SortArg::Place => baogao::study::Order::Place,
                SortArg::Left => baogao::study::Order::Left,
                SortArg::Right => baogao::study::Order::Right,
            };
            let never = std::sync::atomic::AtomicBool::new(false);
            let lines = baogao::study::kwic(&corpus, &q, &filter, context, order, &never).unwrap_or_default();
            let tty = std::io::stdout().is_terminal();
            let width = if tty { crossterm::terminal::size().map(|(w, _)| w as usize).unwrap_or(100) } else { 100 };
            let amb = amb.unwrap_or(Ambiguous::Narrow);
            study_out(&query, !lines.is_empty(), |w| {
                cli::study::print_kwic(&lines, out.format(), out.excel, amb, width, w)
            })
        }
        Some(Command::Show { selector, mut paths, width }) => {
            let as_path = PathBuf::from(&selector);
            if paths.is_empty() && as_path.is_file() {
                paths.push(as_path);
            }
            let corpus = cli::load(&paths, &cache);
            cli::report_problems(&corpus);
            let Some(report) = cli::select(&corpus, &selector).or_else(|| {
                // A single path given as the selector.
                (corpus.len() == 1 && PathBuf::from(&selector).is_file())
                    .then(|| &**corpus.by_id().first().expect("one report"))
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
            // Buffered: stdout on its own flushes at every line.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            cli::show(report, width, amb, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                eprintln!(
                    "baogao: the reader needs a terminal; to print instead, use `baogao inspect`, `baogao search` or `baogao show`"
                );
                return Ok(ExitCode::from(2));
            }
            // The bundled reports parse in milliseconds; the user's files load in the background
            // while the reader is already up.
            let source = if args.paths.is_empty() {
                tui::Source::Ready(baogao::corpus::Corpus::bundled())
            } else {
                let cache = std::sync::Arc::new(cache);
                tui::Source::Loading(baogao::corpus::load::Loader::spawn_with(args.paths.clone(), cache))
            };
            match tui::run(source, amb, &config)? {
                tui::Outcome::Quit => Ok(ExitCode::SUCCESS),
                // 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT, as shells report a signal.
                tui::Outcome::Signalled(sig) => Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8)),
                tui::Outcome::NoReports(problems) => {
                    let mut corpus = baogao::corpus::Corpus::default();
                    corpus.problems = problems;
                    cli::report_problems(&corpus);
                    eprintln!("baogao: no reports found");
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}
