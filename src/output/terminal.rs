//! Terminal printers: readable hits, articles, summaries.

use std::io::{self, Write};

use super::Color;
use crate::index::IndexReport;
use crate::search::explain::{HitExplanation, QueryExplanation};
use crate::search::{Hit, SearchResults, Snippet, Stats, StoredArticle};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const HIGHLIGHT: &str = "\x1b[1;31m";
const TITLE: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

fn paint(color: Color, style: &str, text: &str) -> String {
    match color {
        Color::Always => format!("{style}{text}{RESET}"),
        Color::Never => text.to_owned(),
    }
}

/// Writes search results for a person.
pub fn write_results(out: &mut dyn Write, r: &SearchResults, color: Color) -> io::Result<()> {
    if let Some(e) = &r.explain {
        write_query_explanation(out, e, color)?;
    }
    if r.hits.is_empty() {
        match r.total_hits {
            0 => writeln!(out, "No article matches {:?}.", r.query)?,
            // `-n 0`, or an offset past the last hit: the count is still the answer.
            1 => writeln!(out, "1 article matches {:?}.", r.query)?,
            n => writeln!(out, "{n} articles match {:?}.", r.query)?,
        }
        return Ok(());
    }
    for hit in &r.hits {
        write_hit(out, hit, color)?;
    }
    let last = r.hits.last().map_or(0, |h| h.rank);
    writeln!(
        out,
        "{}",
        paint(
            color,
            DIM,
            &format!(
                "{}-{} of {} articles ({:.1} ms)",
                r.hits[0].rank, last, r.total_hits, r.took_ms
            )
        )
    )
}

fn write_hit(out: &mut dyn Write, h: &Hit, color: Color) -> io::Result<()> {
    let title = if h.title.is_empty() {
        "(untitled)"
    } else {
        &h.title
    };
    writeln!(out, "{}. {}", h.rank, paint(color, TITLE, title))?;
    let mut meta = Vec::new();
    if let Some(d) = &h.date {
        meta.push(d.clone());
    }
    if let Some(s) = &h.source {
        meta.push(s.clone());
    }
    if !h.authors.is_empty() {
        meta.push(h.authors.join(", "));
    }
    if h.duplicates > 0 {
        meta.push(format!(
            "+{} cop{}",
            h.duplicates,
            if h.duplicates > 1 { "ies" } else { "y" }
        ));
    }
    meta.push(format!("id {}", h.id));
    writeln!(out, "   {}", paint(color, DIM, &meta.join(" · ")))?;
    writeln!(out, "   {}", paint(color, DIM, &h.path))?;
    if !h.snippet.text.is_empty() {
        writeln!(out, "   {}", highlighted(&h.snippet, color))?;
    }
    if let Some(e) = &h.explanation {
        write_hit_explanation(out, h.score, e, color)?;
    }
    writeln!(out)
}

/// How the query was read, before the hits (`--explain`).
fn write_query_explanation(
    out: &mut dyn Write,
    e: &QueryExplanation,
    color: Color,
) -> io::Result<()> {
    writeln!(out, "{}", paint(color, BOLD, "How the query was read"))?;
    for c in &e.clauses {
        let mut line = format!("  {}", c.text);
        if c.terms.is_empty() {
            line.push_str(" → nothing searchable (stop words)");
        } else {
            line.push_str(&format!(" → {}", c.terms.join(" ")));
        }
        if c.excluded {
            line.push_str(" (excluded)");
        }
        if let Some(known) = &c.respelled {
            line.push_str(&format!(" (no article has it: read as {known})"));
        }
        if let Some(glued) = &c.typed_glued {
            line.push_str(&format!(
                " (typed {glued}: read apart, as more articles write it)"
            ));
        }
        if c.name {
            match &c.name_because {
                Some(why) => line.push_str(&format!(" (a name: {why})")),
                None => line.push_str(" (a name)"),
            }
        }
        if !c.synonyms.is_empty() {
            line.push_str(&format!("; synonyms: {}", c.synonyms.join(", ")));
        }
        writeln!(out, "{line}")?;
    }
    for rule in &e.rules {
        writeln!(out, "  {}", paint(color, DIM, rule))?;
    }
    writeln!(out)
}

/// Why one hit scored what it did (`--explain`).
fn write_hit_explanation(
    out: &mut dyn Write,
    score: f32,
    e: &HitExplanation,
    color: Color,
) -> io::Result<()> {
    writeln!(
        out,
        "   {}",
        paint(color, BOLD, &format!("score {score:.3} ="))
    )?;
    for p in &e.parts {
        let matches: Vec<String> = p
            .matches
            .iter()
            .take(6)
            .map(|m| {
                if m.field.is_empty() {
                    format!("{} {:.3}", m.term, m.score)
                } else {
                    format!("{}:{} {:.3}", m.field, m.term, m.score)
                }
            })
            .collect();
        let more = p.matches.len().saturating_sub(6);
        let mut line = format!("     + {:.3}  {}", p.score, p.part);
        if !matches.is_empty() {
            line.push_str(&format!("  [{}", matches.join(", ")));
            if more > 0 {
                line.push_str(&format!(", +{more} more"));
            }
            line.push(']');
        }
        writeln!(out, "{}", paint(color, DIM, &line))?;
    }
    Ok(())
}

/// The snippet with its highlights painted (or left plain).
pub fn highlighted(s: &Snippet, color: Color) -> String {
    if color == Color::Never {
        return s.text.clone();
    }
    let chars: Vec<char> = s.text.chars().collect();
    let mut out = String::with_capacity(s.text.len() + 16 * s.highlights.len());
    let mut at = 0;
    for [a, b] in &s.highlights {
        let (a, b) = ((*a).min(chars.len()), (*b).min(chars.len()));
        if a < at {
            continue;
        }
        out.extend(&chars[at..a]);
        out.push_str(HIGHLIGHT);
        out.extend(&chars[a..b]);
        out.push_str(RESET);
        at = b;
    }
    out.extend(&chars[at..]);
    out
}

/// Writes a whole article.
pub fn write_article(out: &mut dyn Write, a: &StoredArticle, color: Color) -> io::Result<()> {
    writeln!(out, "{}", paint(color, BOLD, &a.title))?;
    let rows: [(&str, Option<String>); 9] = [
        ("id", Some(a.id.clone())),
        ("date", a.published.clone().or_else(|| a.date.clone())),
        ("updated", a.modified.clone()),
        (
            "authors",
            (!a.authors.is_empty()).then(|| a.authors.join(", ")),
        ),
        ("source", a.source.clone()),
        ("section", a.section.clone()),
        ("tags", (!a.tags.is_empty()).then(|| a.tags.join(", "))),
        ("url", a.url.clone()),
        ("path", Some(a.path.clone())),
    ];
    for (k, v) in rows {
        if let Some(v) = v {
            writeln!(out, "{}", paint(color, DIM, &format!("{k:>8}: {v}")))?;
        }
    }
    if a.duplicates > 0 {
        writeln!(
            out,
            "{}",
            paint(
                color,
                DIM,
                &format!("  copies: {} more in the index", a.duplicates)
            )
        )?;
    }
    writeln!(out)?;
    if !a.lede.is_empty() {
        writeln!(out, "{}\n", paint(color, BOLD, &a.lede))?;
    }
    writeln!(out, "{}", a.body)
}

/// Writes index statistics.
pub fn write_stats(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "index:    {}", s.index)?;
    writeln!(out, "articles: {}", s.articles)?;
    if let (Some(a), Some(b)) = (&s.first_date, &s.last_date) {
        writeln!(out, "dates:    {a} to {b}")?;
    }
    writeln!(out, "size:     {:.1} MB", s.size_bytes as f64 / 1e6)?;
    writeln!(out, "folders:")?;
    for f in &s.folders {
        writeln!(out, "  {f}")?;
    }
    for (name, map) in [("sources", &s.sources), ("sections", &s.sections)] {
        if map.is_empty() {
            continue;
        }
        writeln!(out, "{name}:")?;
        let mut rows: Vec<_> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, v) in rows.into_iter().take(20) {
            writeln!(out, "  {v:>7}  {k}")?;
        }
    }
    Ok(())
}

/// Writes the end-of-run summary of `kiosque index`.
pub fn write_index_report(out: &mut dyn Write, r: &IndexReport) -> io::Result<()> {
    writeln!(
        out,
        "{} files seen: {} indexed, {} unchanged, {} removed, {} ignored, {} failed",
        r.files_seen,
        r.files_indexed,
        r.unchanged,
        r.removed,
        r.ignored,
        r.failed.len()
    )?;
    for f in &r.failed {
        writeln!(out, "  {}: {}", f.path, f.reason)?;
    }
    for w in r.warnings.iter().take(50) {
        writeln!(out, "  warning: {}: {}", w.path, w.reason)?;
    }
    if r.warnings.len() > 50 {
        writeln!(out, "  ... and {} more warnings", r.warnings.len() - 50)?;
    }
    writeln!(
        out,
        "{} articles indexed in {:.2} s ({:.0} articles/s); {} articles in the index, {} duplicates",
        r.articles_indexed, r.seconds, r.articles_per_second, r.articles_total, r.duplicates
    )?;
    if r.interrupted {
        writeln!(
            out,
            "interrupted: what was committed stays; run `kiosque index` again to finish"
        )?;
    }
    Ok(())
}
