//! Plain-text articles. The news export layout is recognised from its parts:
//!
//! ```text
//! Title line
//!
//! Image caption            (optional)
//!
//! Standfirst paragraph
//!
//! Publié le 27-04-2024 par Prénom Nom
//!
//! Body paragraphs...
//!
//! Lire la suite / Voir la suite... / Les dernières actualités   (site boilerplate)
//! ```
//! Any other text: the first line is the title, the rest is the body.

use crate::article::Article;
use crate::extract::date::{find_date_in_text, find_modified_in_text};

/// Lines that end an export: site boilerplate, never article text (compared folded, without
/// trailing dots).
const TRAILING_BOILERPLATE: &[&str] = &[
    "lire la suite",
    "voir la suite",
    "les dernieres actualites",
    "lire aussi",
    "a lire aussi",
    "voir aussi",
    "partager",
    "partager cet article",
    "publicite",
];

/// Extracts the article of a plain-text file.
pub fn extract_text(text: &str) -> Article {
    let blocks = blocks(text);
    let mut article = Article::default();
    let Some(first) = blocks.first() else {
        return article;
    };
    article.title = first.clone();
    let byline_at = blocks
        .iter()
        .take(6)
        .position(|b| is_byline(b))
        .filter(|&i| i > 0);
    let body_from = match byline_at {
        Some(i) => {
            let byline = &blocks[i];
            article.published = find_date_in_text(byline);
            article.modified = find_modified_in_text(byline);
            article.authors = byline_author(byline).into_iter().collect();
            // Between the title and the byline: an optional caption, then the standfirst.
            if i >= 2 {
                article.lede = blocks[i - 1].clone();
            }
            i + 1
        }
        None => 1,
    };
    let mut body: Vec<String> = blocks[body_from..].to_vec();
    while body.last().is_some_and(|b| is_boilerplate(b)) {
        body.pop();
    }
    article.body = body;
    article
}

/// Paragraphs: runs of non-blank lines, joined with a space, whitespace normalised.
fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.extend(line.split_whitespace().flat_map(|w| [w, " "]));
        current.truncate(current.trim_end().len());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn folded_words(s: &str) -> String {
    crate::analysis::fold(s)
        .trim_end_matches(['.', '…', ' ', ':'])
        .to_owned()
}

fn is_byline(block: &str) -> bool {
    if block.len() > 200 {
        return false;
    }
    let f = folded_words(block);
    (f.starts_with("publie le") || f.starts_with("mis a jour le") || f.starts_with("publie "))
        && block.chars().any(|c| c.is_ascii_digit())
}

fn is_boilerplate(block: &str) -> bool {
    TRAILING_BOILERPLATE.contains(&folded_words(block).as_str())
}

/// The name after " par " in a byline ("Publié le 27-04-2024 par Marine Protais").
fn byline_author(byline: &str) -> Option<String> {
    let lower = byline.to_lowercase();
    let at = lower.rfind(" par ")?;
    // `to_lowercase` can change byte lengths; map back through char counts.
    let chars_before = lower[..at].chars().count();
    let start = byline
        .char_indices()
        .nth(chars_before + " par ".len())
        .map(|(i, _)| i)?;
    let name = byline[start..].trim().trim_end_matches('.');
    (!name.is_empty() && name.len() < 100).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "Le titre de l'article\n\nUne légende de photo\n\nLe chapô en une phrase.\n\nPublié le 27-04-2024 par Marine Dupont\n\nPremier paragraphe.\n\nSecond\nparagraphe coupé.\n\nLire la suite\n\nVoir la suite...\n\nLes dernières actualités\n";

    #[test]
    fn export_layout_is_recognised() {
        let a = extract_text(EXPORT);
        assert_eq!(a.title, "Le titre de l'article");
        assert_eq!(a.lede, "Le chapô en une phrase.");
        assert_eq!(a.authors, ["Marine Dupont"]);
        assert_eq!(a.body, ["Premier paragraphe.", "Second paragraphe coupé."]);
    }

    #[test]
    fn other_text_uses_the_first_line_as_title() {
        let a = extract_text("Titre\n\nCorps du texte.\nSuite.\n\nAutre paragraphe.");
        assert_eq!(a.title, "Titre");
        assert_eq!(a.body, ["Corps du texte. Suite.", "Autre paragraphe."]);
        assert!(a.lede.is_empty());
    }
}
