//! Command-line arguments (clap derive) and their validation into the library's configurations.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// kiosque: full-text search for folders of French news articles.
///
/// Index a folder of articles (HTML pages, plain-text exports, JSON and JSON Lines), then
/// search it, with French analysis (elision, accents, stop words, stemming), ranked results
/// and highlighted snippets.
///
/// Exit status: 0 success (search: something found); 1 nothing found; 2 error (bad option,
/// missing or unreadable index; for `index`: some files could not be indexed).
#[derive(Debug, Parser)]
#[command(name = "kiosque", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where the index lives.
#[derive(Debug, Args)]
pub struct IndexLocation {
    /// Index folder [default: $KIOSQUE_INDEX, else ./kiosque-index].
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from folders of articles.
    ///
    /// Re-parses only new or changed files, removes articles of files that are gone, and leaves
    /// other folders' articles alone. With no FOLDER, updates every folder the index knows.
    /// Exit status: 0 when every article file was indexed, 2 when some failed (the others are
    /// indexed all the same) or on error.
    Index(IndexArgs),
    /// Search the index.
    ///
    /// Query syntax: words (articles with all of them rank first); "exact phrase"; -word (or
    /// NOT word, SAUF word) to exclude; a OR b (a OU b); a AND b (a ET b) for articles with
    /// both; numéri* for words starting so; title: lede: author: source: section: tag: to
    /// restrict a word to a field. Accents and case are ignored; a word that no
    /// article holds is searched as the closest one that some do (`vacin`: vaccin).
    /// Exit status: 0 found, 1 nothing found, 2 error.
    Search(SearchArgs),
    /// Show what kiosque extracts from files, without indexing them.
    Extract(ExtractArgs),
    /// Show one indexed article in full.
    Show(ShowArgs),
    /// Show what the index holds.
    Stats(StatsArgs),
    /// Measure ranking quality with judged queries (TREC formats).
    ///
    /// Runs every query through the same code as `search` (top 100) and prints nDCG@10,
    /// MRR@10, Success@1, Success@10 and Recall@100. The qrels' doc ids are article ids.
    Eval(EvalArgs),
}

/// `kiosque eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Queries, one `qid<TAB>text` per line.
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Judgments, TREC qrels: `qid 0 docid grade` per line.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Only the first N judged queries.
    #[arg(long, value_name = "N")]
    pub first: Option<usize>,
    /// Print the measures of each query too.
    #[arg(long)]
    pub per_query: bool,
    /// Also use the synonyms of this file, as `search --synonyms` does
    /// [default: $KIOSQUE_SYNONYMS].
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// No synonyms, not even the built-in list (to measure what they bring).
    #[arg(long, conflicts_with = "synonyms")]
    pub no_synonyms: bool,
    /// Try another ranking parameter (repeatable), e.g. `--param title_weight=3`.
    /// Names: title_weight lede_weight body_weight exact_weight exact_weight_capitalized
    /// exact_weight_capitalized_long all_words_bonus short_query_max_clauses proximity_weight
    /// proximity_slop.
    #[arg(long, value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `kiosque index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders (or files) to index.
    #[arg(value_name = "FOLDER")]
    pub folders: Vec<PathBuf>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Build a fresh index beside the current one and swap it in at the end.
    #[arg(long)]
    pub rebuild: bool,
    /// Drop a folder (and its articles) from the index.
    #[arg(long, value_name = "DIR")]
    pub remove: Vec<PathBuf>,
    /// Follow symbolic links.
    #[arg(long, short = 'L')]
    pub follow_links: bool,
    /// Skip files larger than this many megabytes (JSON Lines files are read line by line,
    /// in bounded memory, and are not limited).
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_file_size: u64,
    /// Indexing threads [default: one per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Commit what is done at least this often during a long run (what is committed survives
    /// a crash or a kill; each commit costs a little time).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
    pub commit_interval: f64,
    /// Merge the index into one segment at the end: the run takes longer (about a third more
    /// on a first build), every search after it is faster (about a quarter less time).
    #[arg(long)]
    pub merge: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Sort orders.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
    /// Oldest first.
    Oldest,
}

/// `kiosque search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (one argument or several; words starting with - are exclusions).
    #[arg(required = true, allow_hyphen_values = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Only articles published on or after this day, month or year (YYYY, YYYY-MM, YYYY-MM-DD).
    #[arg(long, value_parser = parse_since, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only articles published on or before this day, month or year (inclusive).
    #[arg(long, value_parser = parse_until, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Order of results.
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,
    /// How many results.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Skip this many results.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Print one JSON document.
    /// Show how the query was read (terms, names, synonyms) and why each hit scored what it did.
    #[arg(long)]
    pub explain: bool,
    /// Also use the synonyms of this file (one group per line: `IA = intelligence artificielle`)
    /// [default: $KIOSQUE_SYNONYMS].
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Search the query's words only: no synonyms, not even the built-in list.
    #[arg(long, conflicts_with = "synonyms")]
    pub no_synonyms: bool,
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one JSON object per hit and per line.
    #[arg(long)]
    pub jsonl: bool,
}

/// `kiosque extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to extract.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// One JSON object per article and per line.
    #[arg(long)]
    pub json: bool,
}

/// `kiosque show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article id (as search prints it).
    pub id: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `kiosque stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A YYYY, YYYY-MM or YYYY-MM-DD date: its first and last days.
fn period(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let bad = || format!("invalid date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let year = parts.first().ok_or_else(bad).and_then(|p| num(p))? as i32;
    match parts.len() {
        1 => Ok((
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?,
            NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?,
        )),
        2 => {
            let first = NaiveDate::from_ymd_opt(year, num(parts[1])?, 1).ok_or_else(bad)?;
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, first.month() + 1, 1)
            }
            .ok_or_else(bad)?;
            Ok((first, next.pred_opt().ok_or_else(bad)?))
        }
        3 => {
            let d =
                NaiveDate::from_ymd_opt(year, num(parts[1])?, num(parts[2])?).ok_or_else(bad)?;
            Ok((d, d))
        }
        _ => Err(bad()),
    }
}

fn parse_since(s: &str) -> Result<NaiveDate, String> {
    period(s).map(|p| p.0)
}

fn parse_until(s: &str) -> Result<NaiveDate, String> {
    period(s).map(|p| p.1)
}

impl SortArg {
    /// The library's sort order.
    pub fn to_order(self) -> kiosque::search::SortOrder {
        match self {
            SortArg::Relevance => kiosque::search::SortOrder::Relevance,
            SortArg::Date => kiosque::search::SortOrder::Date,
            SortArg::Oldest => kiosque::search::SortOrder::Oldest,
        }
    }
}

/// The options of `search`, read from its clap definition: (names, takes a value).
fn search_options() -> Vec<(Vec<String>, bool)> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let Some(search) = cmd.find_subcommand("search") else {
        return Vec::new();
    };
    let mut out: Vec<(Vec<String>, bool)> = search
        .get_arguments()
        .filter(|a| !a.is_positional())
        .map(|a| {
            let mut names: Vec<String> = Vec::new();
            if let Some(l) = a.get_long() {
                names.push(format!("--{l}"));
            }
            if let Some(c) = a.get_short() {
                names.push(format!("-{c}"));
            }
            (names, a.get_action().takes_values())
        })
        .collect();
    out.push((vec!["--help".into(), "-h".into()], false));
    out
}

/// Lets `search` options come after the query words (`kiosque search Meta --json`), while
/// every other word, `-RGPD` included, stays query text: the known options are moved before
/// the words, and `--` is put between them. Words after a `--` of the user's are never moved.
pub fn reorder_search_args(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let Some(at) = args.iter().position(|a| a == "search") else {
        return args;
    };
    if args[1..at].iter().any(|a| a != "search") {
        return args;
    }
    let known = search_options();
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(a) = rest.next() {
        let s = a.to_string_lossy();
        if s == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        let name = s.split_once('=').map_or(s.as_ref(), |(n, _)| n);
        let option = known
            .iter()
            .find(|(names, _)| names.iter().any(|n| n == name));
        if option.is_some_and(|(_, value)| *value) {
            options.push(a.clone());
            if !s.contains('=')
                && let Some(v) = rest.next()
            {
                options.push(v.clone());
            }
        } else if option.is_some() && !s.contains('=') {
            options.push(a.clone());
        } else {
            words.push(a.clone());
        }
    }
    let mut out: Vec<std::ffi::OsString> = args[..=at].to_vec();
    out.extend(options);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// A duration in seconds, zero or more (fractions allowed).
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..1e9).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds (e.g. 30 or 0.5)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<std::ffi::OsString> {
        s.split(' ').map(Into::into).collect()
    }

    #[test]
    fn options_after_the_query_are_moved_before_it() {
        assert_eq!(
            reorder_search_args(args("kiosque search Meta -RGPD --json -n 2 --sort=date")),
            args("kiosque search --json -n 2 --sort=date -- Meta -RGPD")
        );
        assert_eq!(
            reorder_search_args(args("kiosque search -- --json x")),
            args("kiosque search -- --json x")
        );
        assert_eq!(
            reorder_search_args(args("kiosque index search")),
            args("kiosque index search")
        );
    }

    #[test]
    fn periods_are_inclusive() {
        assert_eq!(
            parse_until("2024-02").expect("valid").to_string(),
            "2024-02-29"
        );
        assert_eq!(
            parse_since("2024").expect("valid").to_string(),
            "2024-01-01"
        );
        assert!(parse_since("2024-13-45").is_err());
        assert!(parse_since("hier").is_err());
    }
}
