//! The `Article`: what the extract stage hands to the index stage.

use crate::extract::date::PubDate;

/// One news article as kiosque understood it, whatever file it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Stable id, unique within the index (the source's own id, or the file's path under its root).
    pub id: String,
    /// The file it came from, as the user gave or walked it.
    pub path: String,
    /// Canonical address of the article, when known.
    pub url: Option<String>,
    /// The headline, without the site name that `<title>` often appends.
    pub title: String,
    /// Standfirst (chapô): the sentence or two under the headline.
    pub lede: String,
    /// Body paragraphs, in order, each one block of text (never glued to the next).
    pub body: Vec<String>,
    /// Bylines: people or agencies.
    pub authors: Vec<String>,
    /// When it was first published.
    pub published: Option<PubDate>,
    /// When it was last updated.
    pub modified: Option<PubDate>,
    /// Site or publication name.
    pub source: Option<String>,
    /// Rubrique / section.
    pub section: Option<String>,
    /// Keywords.
    pub tags: Vec<String>,
    /// Language code (`fr`, `en`...), when declared.
    pub lang: Option<String>,
}
