//! HTML pages (provisional: headline and paragraphs only; the full extractor replaces this).

use std::sync::LazyLock;

use scraper::{Html, Selector};

use crate::article::Article;

static TITLE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("h1, title").expect("valid"));
static PARA: LazyLock<Selector> = LazyLock::new(|| Selector::parse("p").expect("valid"));

/// Extracts the article from one decoded HTML page. `id` and `path` are left empty.
pub fn extract_html(html: &str) -> Article {
    let doc = Html::parse_document(html);
    let norm = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    Article {
        title: doc
            .select(&TITLE)
            .next()
            .map(|e| norm(e.text().collect()))
            .unwrap_or_default(),
        body: doc
            .select(&PARA)
            .map(|e| norm(e.text().collect()))
            .filter(|p| !p.is_empty())
            .collect(),
        ..Article::default()
    }
}
