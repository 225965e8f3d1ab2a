//! JSON and JSON Lines articles, as scrapers export them: common field names map onto the
//! `Article`.

use serde_json::{Map, Value};

use crate::article::Article;
use crate::extract::date::{MAX_YEAR, MIN_YEAR, PubDate, parse_date};

/// Field names tried, in order, for each part of an article.
struct FieldNames {
    title: &'static [&'static str],
    body: &'static [&'static str],
    lede: &'static [&'static str],
    published: &'static [&'static str],
    modified: &'static [&'static str],
    url: &'static [&'static str],
    authors: &'static [&'static str],
    section: &'static [&'static str],
    tags: &'static [&'static str],
    source: &'static [&'static str],
    lang: &'static [&'static str],
    id: &'static [&'static str],
}

const FIELDS: FieldNames = FieldNames {
    title: &["title", "headline", "titre"],
    body: &[
        "body",
        "article",
        "text",
        "content",
        "articleBody",
        "texte",
        "contenu",
    ],
    lede: &[
        "lede",
        "heading",
        "description",
        "chapo",
        "chapeau",
        "standfirst",
        "summary",
        "abstract",
    ],
    // The more precise stamps first: `published_time` carries the time that `date` lacks.
    published: &[
        "published_time",
        "datePublished",
        "published",
        "publication_date",
        "date",
        "pubDate",
    ],
    modified: &["modified_time", "dateModified", "modified", "updated"],
    url: &["url", "link", "canonical", "source_url", "permalink"],
    authors: &["authors", "author", "auteur", "byline"],
    section: &["section", "rubrique", "category", "articleSection"],
    tags: &["tags", "keywords", "mots_cles"],
    source: &["source", "site", "site_name", "publisher"],
    lang: &["lang", "language", "inLanguage"],
    id: &["id", "_id", "doc_id", "guid"],
};

/// One article record, from a JSON object. `fallback_id` is used when the record has no id.
pub fn article_from_value(value: &Value, fallback_id: &str) -> Option<Article> {
    let obj = value.as_object()?;
    let mut a = Article {
        id: first_string(obj, FIELDS.id).unwrap_or_else(|| fallback_id.to_owned()),
        title: first_string(obj, FIELDS.title).unwrap_or_default(),
        lede: first_string(obj, FIELDS.lede).unwrap_or_default(),
        url: first_string(obj, FIELDS.url),
        section: first_string(obj, FIELDS.section),
        source: first_string(obj, FIELDS.source),
        lang: first_string(obj, FIELDS.lang),
        ..Article::default()
    };
    a.body = FIELDS
        .body
        .iter()
        .find_map(|k| obj.get(*k).map(paragraphs))
        .unwrap_or_default();
    a.authors = first_list(obj, FIELDS.authors);
    a.tags = first_list(obj, FIELDS.tags);
    a.published = FIELDS
        .published
        .iter()
        .filter_map(|k| obj.get(*k))
        .find_map(date_of);
    a.modified = FIELDS
        .modified
        .iter()
        .filter_map(|k| obj.get(*k))
        .find_map(date_of);
    if a.title.is_empty() && a.body.is_empty() && a.lede.is_empty() {
        return None;
    }
    Some(a)
}

/// A record's date: a string in a form that `parse_date` reads, or a Unix time in seconds or
/// milliseconds (`1709400000`, `1709400000000`, as many scrapers store it), read in UTC.
fn date_of(v: &Value) -> Option<PubDate> {
    match v {
        Value::String(s) => {
            parse_date(s).or_else(|| s.trim().parse::<i64>().ok().and_then(unix_date))
        }
        // (A float is seconds with their fraction: `1709400000.5`.)
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .and_then(unix_date),
        _ => None,
    }
}

/// Seconds since 1970, or milliseconds when that many seconds would be past `MAX_YEAR`
/// (13 digits: milliseconds since 1973), within the years articles can have. A number of fewer
/// than 9 digits is no time (`"date": 2024` is a year, not 33 minutes past midnight in 1970).
fn unix_date(n: i64) -> Option<PubDate> {
    const MILLIS_FROM: i64 = 100_000_000_000;
    if n.unsigned_abs() < 100_000_000 {
        return None;
    }
    let secs = if n.unsigned_abs() >= MILLIS_FROM as u64 {
        n / 1000
    } else {
        n
    };
    let t = chrono::DateTime::from_timestamp(secs, 0)?;
    let year = chrono::Datelike::year(&t.date_naive());
    (MIN_YEAR..=MAX_YEAR).contains(&year).then(|| PubDate {
        date: t.date_naive(),
        time: Some(t.time()),
        offset: chrono::FixedOffset::east_opt(0),
    })
}

fn first_string(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned()),
        _ => None,
    })
}

/// A list of names or labels: an array of strings or `{name}` objects, or one string
/// (comma-separated for tags).
fn first_list(obj: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    for k in keys {
        let items: Vec<String> = match obj.get(*k) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Value::String(s)) if k.starts_with("tag") || *k == "keywords" => s
                .split([',', ';'])
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect(),
            Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
            Some(Value::Object(o)) => o
                .get("name")
                .and_then(Value::as_str)
                .map(|s| vec![s.to_owned()])
                .unwrap_or_default(),
            _ => continue,
        };
        if !items.is_empty() {
            return items;
        }
    }
    Vec::new()
}

/// Body paragraphs from a string (split on blank lines, else on line breaks) or an array.
fn paragraphs(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => {
            let sep = if s.contains("\n\n") { "\n\n" } else { "\n" };
            s.split(sep)
                .map(super::normalize_ws)
                .filter(|p| !p.is_empty())
                .collect()
        }
        Value::Array(items) => items.iter().flat_map(paragraphs).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn orangesum_like_record_maps() {
        let v = json!({"id": "10", "title": "T", "heading": "H", "date": "2020-07-02",
            "article": "Corps.", "url": "https://x", "author": "AFP",
            "published_time": "2020-07-02T19:19:33+02:00", "section": "France",
            "tags": ["environnement", "animaux"]});
        let a = article_from_value(&v, "f#1").expect("article");
        assert_eq!(a.id, "10");
        assert_eq!(a.lede, "H");
        assert_eq!(a.body, ["Corps."]);
        assert_eq!(a.authors, ["AFP"]);
        assert_eq!(a.tags.len(), 2);
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2020-07-02")
        );
    }

    #[test]
    fn other_names_and_shapes_map() {
        let v = json!({"headline": "T", "content": ["P1", "P2"], "chapo": "C",
            "authors": [{"name": "A"}, "B"], "keywords": "x, y", "link": "u"});
        let a = article_from_value(&v, "f#2").expect("article");
        assert_eq!(a.id, "f#2");
        assert_eq!(a.body, ["P1", "P2"]);
        assert_eq!(a.authors, ["A", "B"]);
        assert_eq!(a.tags, ["x", "y"]);
        assert_eq!(a.url.as_deref(), Some("u"));
    }

    #[test]
    fn unix_times_are_dates() {
        let day = |v: Value| {
            article_from_value(&json!({"title": "T", "published": v}), "x")
                .and_then(|a| a.published)
                .map(|d| d.rfc3339())
        };
        let utc = Some("2024-03-02T17:20:00Z".to_owned());
        assert_eq!(day(json!(1709400000)), utc);
        assert_eq!(day(json!(1709400000000_i64)), utc);
        assert_eq!(day(json!(1709400000.7)), utc);
        assert_eq!(day(json!("1709400000")), utc);
        // Before 1970; out of the years articles can have; a year, not a time.
        assert_eq!(
            day(json!(-315619200)).as_deref(),
            Some("1960-01-01T00:00:00Z")
        );
        assert_eq!(day(json!(99_999_999_999_i64)), None);
        assert_eq!(day(json!(2024)), None);
        assert_eq!(day(json!(true)), None);
        // A string date still reads as before.
        assert_eq!(day(json!("2024-03-02")).as_deref(), Some("2024-03-02"));
    }

    #[test]
    fn records_without_text_are_not_articles() {
        assert!(article_from_value(&json!({"id": 3}), "x").is_none());
        assert!(article_from_value(&json!([1, 2]), "x").is_none());
    }
}
