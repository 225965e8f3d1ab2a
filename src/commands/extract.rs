//! `kiosque extract FILE...`: what kiosque understands of files, without indexing them.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{EXIT_ERROR, EXIT_OK, Format};
use crate::article::Article;
use crate::discover::FileKind;
use crate::extract::{DEFAULT_MAX_FILE_SIZE, extract_file};
use crate::output::json;

/// The JSON form of an extracted article (`extract --json`).
#[derive(Debug, Serialize)]
pub struct ExtractedJson<'a> {
    /// Id.
    pub id: &'a str,
    /// The file as given.
    pub path: &'a str,
    /// URL.
    pub url: Option<&'a str>,
    /// Headline.
    pub title: &'a str,
    /// Standfirst.
    pub lede: &'a str,
    /// Body, paragraphs separated by a blank line.
    pub body: String,
    /// Authors.
    pub authors: &'a [String],
    /// Publication day in the source's time zone.
    pub date: Option<String>,
    /// Publication stamp.
    pub published: Option<String>,
    /// Modification stamp.
    pub modified: Option<String>,
    /// Site name.
    pub source: Option<&'a str>,
    /// Section.
    pub section: Option<&'a str>,
    /// Tags.
    pub tags: &'a [String],
    /// Language.
    pub lang: Option<&'a str>,
}

impl<'a> From<&'a Article> for ExtractedJson<'a> {
    fn from(a: &'a Article) -> Self {
        ExtractedJson {
            id: &a.id,
            path: &a.path,
            url: a.url.as_deref(),
            title: &a.title,
            lede: &a.lede,
            body: a.body.join("\n\n"),
            authors: &a.authors,
            date: a.published.map(|d| d.day_string()),
            published: a.published.map(|d| d.rfc3339()),
            modified: a.modified.map(|d| d.rfc3339()),
            source: a.source.as_deref(),
            section: a.section.as_deref(),
            tags: &a.tags,
            lang: a.lang.as_deref(),
        }
    }
}

/// Extracts each file and prints its articles; problems go to `err` as `path: reason`.
pub fn run(
    files: &[PathBuf],
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<i32> {
    let mut status = EXIT_OK;
    for path in files {
        let Some(kind) = FileKind::of(path) else {
            writeln!(
                err,
                "{}: not an article file (.html .htm .xhtml .txt .json .jsonl .ndjson)",
                path.display()
            )?;
            status = EXIT_ERROR;
            continue;
        };
        let id_base = path.to_string_lossy();
        match extract_file(path, kind, &id_base, DEFAULT_MAX_FILE_SIZE) {
            Ok(ex) => {
                for w in &ex.warnings {
                    writeln!(err, "{}: warning: {w}", path.display())?;
                }
                for a in &ex.articles {
                    print_article(out, a, format)?;
                }
            }
            Err(e) => {
                writeln!(err, "{}: {e}", path.display())?;
                status = EXIT_ERROR;
            }
        }
    }
    out.flush()?;
    Ok(status)
}

fn print_article(out: &mut dyn Write, a: &Article, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json | Format::Jsonl => json::write_line(out, &ExtractedJson::from(a)),
        Format::Terminal(_) => {
            let j = ExtractedJson::from(a);
            writeln!(out, "id:        {}", j.id)?;
            writeln!(out, "path:      {}", j.path)?;
            writeln!(out, "title:     {}", j.title)?;
            for (k, v) in [
                ("url", j.url.map(str::to_owned)),
                ("date", j.published.clone()),
                ("modified", j.modified.clone()),
                ("source", j.source.map(str::to_owned)),
                ("section", j.section.map(str::to_owned)),
                ("lang", j.lang.map(str::to_owned)),
            ] {
                if let Some(v) = v {
                    writeln!(out, "{k:<10} {v}", k = format!("{k}:"))?;
                }
            }
            if !j.authors.is_empty() {
                writeln!(out, "authors:   {}", j.authors.join(", "))?;
            }
            if !j.tags.is_empty() {
                writeln!(out, "tags:      {}", j.tags.join(", "))?;
            }
            writeln!(out, "lede:      {}", j.lede)?;
            writeln!(out, "body:      {} paragraphs\n", a.body.len())?;
            writeln!(out, "{}\n", j.body)
        }
    }
}

/// Extracts one path for tests and tools.
pub fn extract_one(path: &Path) -> anyhow::Result<Vec<Article>> {
    let kind = FileKind::of(path).ok_or_else(|| anyhow::anyhow!("not an article file"))?;
    Ok(extract_file(path, kind, &path.to_string_lossy(), DEFAULT_MAX_FILE_SIZE)?.articles)
}
