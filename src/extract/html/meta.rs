//! Metadata sources of a page, gathered in one iterative walk: `<meta>` (OpenGraph, `article:*`,
//! Dublin Core, name=author/description/keywords), JSON-LD, schema.org microdata, `<title>`, `<h1>`,
//! `<time datetime>`, `rel=author`, `rel=canonical`, `<html lang>`.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use super::rules::{ARTICLE_TYPES, is_hidden};
use super::text::clean;

/// Article fields read from JSON-LD.
#[derive(Debug, Default, Clone)]
pub struct LdArticle {
    /// `headline` (or `name`).
    pub headline: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `datePublished`.
    pub published: Option<String>,
    /// `dateModified`.
    pub modified: Option<String>,
    /// `author` names.
    pub authors: Vec<String>,
    /// `publisher.name`.
    pub publisher: Option<String>,
    /// `publisher.@id`, when the publisher is a reference to another node of the graph.
    pub publisher_id: Option<String>,
    /// `articleSection` values.
    pub sections: Vec<String>,
    /// `keywords`.
    pub keywords: Vec<String>,
    /// `inLanguage`.
    pub lang: Option<String>,
    /// `url` or `mainEntityOfPage`.
    pub url: Option<String>,
    /// `articleBody`.
    pub body: Option<String>,
}

/// Article fields read from schema.org microdata (`itemprop`).
#[derive(Debug, Default, Clone)]
pub struct Micro {
    /// `headline`.
    pub headline: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `datePublished`.
    pub published: Option<String>,
    /// `dateModified`.
    pub modified: Option<String>,
    /// `author` names.
    pub authors: Vec<String>,
    /// `articleSection`.
    pub section: Option<String>,
    /// `publisher` name.
    pub publisher: Option<String>,
    /// `mainEntityOfPage` / `url` of the article.
    pub url: Option<String>,
}

/// One `<time>` element.
#[derive(Debug, Clone)]
pub struct TimeEl {
    /// Its `datetime` attribute.
    pub datetime: String,
    /// Marked as the publication time (`pubdate`, `itemprop=datePublished`, class "publi...").
    pub published: bool,
    /// Marked as the modification time.
    pub modified: bool,
}

/// Everything the metadata walk found, raw (resolution and priorities are in `mod.rs`).
#[derive(Debug, Default)]
pub struct Meta {
    /// `<html lang>`.
    pub html_lang: Option<String>,
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// Texts of the first `<h1>` elements.
    pub h1s: Vec<String>,
    /// `<meta>` values keyed by lower-cased `property` or `name`, in document order.
    pub metas: Vec<(String, String)>,
    /// `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// Texts of `rel=author` links.
    pub rel_authors: Vec<String>,
    /// JSON-LD article, if any.
    pub ld: LdArticle,
    /// Microdata article fields.
    pub micro: Micro,
    /// `<time datetime>` elements.
    pub times: Vec<TimeEl>,
}

impl Meta {
    /// First value of a `<meta>` key (lower-case).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// First value among several keys, in the order of the keys.
    pub fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.get(k))
    }

    /// All values of a key.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas
            .iter()
            .filter(move |(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}

const MAX_H1: usize = 4;
const MAX_SCOPE_SCAN: usize = 200;

/// Collects the metadata of a parsed page in one iterative walk.
pub fn collect(doc: &Html) -> Meta {
    let mut m = Meta::default();
    let mut ld_docs: Vec<LdArticle> = Vec::new();
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        match name {
            "html" if m.html_lang.is_none() => {
                m.html_lang = el.attr("lang").or_else(|| el.attr("xml:lang")).map(clean);
            }
            "title" if m.title_tag.is_none() && !in_svg(node) => {
                let t = text_of(node);
                if !t.is_empty() {
                    m.title_tag = Some(t);
                }
            }
            "meta" => {
                if let Some(content) = el.attr("content") {
                    for key in [el.attr("property"), el.attr("name")].into_iter().flatten() {
                        m.metas
                            .push((key.trim().to_ascii_lowercase(), clean(content)));
                    }
                }
            }
            "link" => {
                if let (Some(rel), Some(href)) = (el.attr("rel"), el.attr("href"))
                    && rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                    && m.canonical.is_none()
                    && !href.trim().is_empty()
                {
                    m.canonical = Some(href.trim().to_string());
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let raw: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                parse_json_ld(&raw, &mut ld_docs);
            }
            "h1" if m.h1s.len() < MAX_H1 && !is_hidden(el) => {
                let t = text_of(node);
                if !t.is_empty() {
                    m.h1s.push(t);
                }
            }
            "time" => {
                if let Some(dt) = el.attr("datetime").map(str::trim).filter(|d| !d.is_empty()) {
                    let prop = el.attr("itemprop").unwrap_or("").to_ascii_lowercase();
                    let class = el.attr("class").unwrap_or("").to_ascii_lowercase();
                    let published = el.attr("pubdate").is_some()
                        || prop.contains("datepublished")
                        || class.contains("publi")
                        || class.contains("posted");
                    let modified = prop.contains("datemodified")
                        || class.contains("updated")
                        || class.contains("modified");
                    m.times.push(TimeEl {
                        datetime: dt.to_string(),
                        published,
                        modified,
                    });
                }
            }
            _ => {}
        }
        if name == "a"
            && let Some(rel) = el.attr("rel")
            && rel
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("author"))
        {
            let t = text_of(node);
            if !t.is_empty() && t.len() < 80 {
                m.rel_authors.push(t);
            }
        }
        if let Some(props) = el.attr("itemprop")
            && let Some(er) = ElementRef::wrap(node)
        {
            for prop in props.split_ascii_whitespace() {
                microdata(&mut m.micro, prop, er);
            }
        }
    }
    // Merge JSON-LD articles: the first article-typed object wins, later ones fill gaps.
    for d in ld_docs {
        merge_ld(&mut m.ld, d);
    }
    m
}

fn in_svg(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .take(MAX_SCOPE_SCAN)
        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
}

/// Whitespace-normalised text of a subtree (iterative), without its hidden elements (`<h1>Titre
/// <span class="sr-only">Titre</span></h1>`). The node itself is read even when hidden: a hidden
/// `itemprop=author` is metadata put there on purpose.
pub fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    // Depth inside a hidden descendant (0: reading).
    let mut hidden = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(d) => match d.value() {
                Node::Element(_) if hidden > 0 => hidden += 1,
                Node::Element(e) if d != node && is_hidden(e) => hidden = 1,
                Node::Text(t) if hidden == 0 => s.push_str(t),
                _ => {}
            },
            Edge::Close(d) => {
                if hidden > 0 && d.value().is_element() {
                    hidden -= 1;
                }
            }
        }
    }
    clean(&s)
}

fn value_of(er: ElementRef<'_>) -> String {
    let el = er.value();
    if let Some(c) = el.attr("content").or_else(|| el.attr("datetime")) {
        return clean(c);
    }
    match el.name() {
        "a" | "link" => {
            let t = text_of(*er);
            if t.is_empty() {
                el.attr("href").map(clean).unwrap_or_default()
            } else {
                t
            }
        }
        _ => text_of(*er),
    }
}

/// Name of a person/organisation microdata item: its nested `itemprop=name`, else its text.
fn scoped_name(er: ElementRef<'_>) -> Option<String> {
    if er.value().attr("itemscope").is_some() {
        for d in er.descendants().skip(1).take(MAX_SCOPE_SCAN) {
            if let Some(de) = ElementRef::wrap(d)
                && de
                    .value()
                    .attr("itemprop")
                    .is_some_and(|p| p.split_ascii_whitespace().any(|x| x == "name"))
            {
                let v = value_of(de);
                return (!v.is_empty()).then_some(v);
            }
        }
    }
    let v = value_of(er);
    (!v.is_empty() && v.chars().count() < 120).then_some(v)
}

fn microdata(mi: &mut Micro, prop: &str, er: ElementRef<'_>) {
    let set = |slot: &mut Option<String>, v: String| {
        if slot.is_none() && !v.is_empty() {
            *slot = Some(v);
        }
    };
    match prop {
        "headline" => set(&mut mi.headline, value_of(er)),
        "description" if mi.description.is_none() => set(&mut mi.description, value_of(er)),
        "datePublished" => set(&mut mi.published, value_of(er)),
        "dateModified" => set(&mut mi.modified, value_of(er)),
        "articleSection" => set(&mut mi.section, value_of(er)),
        "mainEntityOfPage" => {
            let v = er
                .value()
                .attr("content")
                .or_else(|| er.value().attr("href"))
                .map(clean);
            if let Some(v) = v.filter(|v| v.starts_with("http")) {
                set(&mut mi.url, v);
            }
        }
        "author" | "creator" => {
            if mi.authors.len() < 10
                && let Some(n) = scoped_name(er)
            {
                mi.authors.push(n);
            }
        }
        "publisher" => {
            if let Some(n) = scoped_name(er) {
                set(&mut mi.publisher, n);
            }
        }
        _ => {}
    }
}

/// Parses one JSON-LD script and appends every article-typed object found (top level, arrays,
/// `@graph`, nested), tolerant of raw control characters inside strings.
pub fn parse_json_ld(raw: &str, out: &mut Vec<LdArticle>) {
    let raw = raw.trim();
    let raw = raw.strip_prefix("<!--").unwrap_or(raw);
    let raw = raw.strip_suffix("-->").unwrap_or(raw).trim();
    let raw = raw.strip_suffix(';').unwrap_or(raw);
    let value: Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(_) => {
            let fixed: String = raw
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            match serde_json::from_str(&fixed) {
                Ok(v) => v,
                Err(_) => return,
            }
        }
    };
    // Iterative walk over the JSON tree.
    let mut stack: Vec<&Value> = vec![&value];
    let mut found: Vec<LdArticle> = Vec::new();
    let mut pages: Vec<LdArticle> = Vec::new();
    // Names of the graph's nodes by `@id`, to resolve `"publisher": {"@id": ...}`.
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let (Some(id), Some(name)) =
                    (str_of(o.get("@id")), o.get("name").and_then(Value::as_str))
                {
                    names.insert(id, clean(name));
                }
                if is_article(o.get("@type")) {
                    found.push(read_article(o));
                } else if is_type(o.get("@type"), &["WebPage", "ItemPage"]) {
                    if o.contains_key("headline") {
                        pages.push(read_article(o));
                    } else if let Some(published) = str_of(o.get("datePublished")) {
                        // A page without a headline: its `name` and `description` are often
                        // the site's, but its date is the page's.
                        pages.push(LdArticle {
                            published: Some(published),
                            modified: str_of(o.get("dateModified")),
                            ..LdArticle::default()
                        });
                    }
                }
                for (k, child) in o.iter() {
                    if matches!(
                        k.as_str(),
                        "@graph" | "mainEntity" | "itemListElement" | "hasPart"
                    ) || matches!(child, Value::Array(_))
                        && !matches!(k.as_str(), "author" | "publisher" | "keywords")
                    {
                        stack.push(child);
                    }
                }
            }
            _ => {}
        }
    }
    if found.is_empty() {
        found = pages;
    }
    for a in &mut found {
        if a.publisher.is_none() {
            a.publisher = a
                .publisher_id
                .as_ref()
                .and_then(|id| names.get(id).cloned());
        }
    }
    out.extend(found);
}

fn type_names(t: Option<&Value>) -> Vec<&str> {
    match t {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_type(t: Option<&Value>, names: &[&str]) -> bool {
    type_names(t).iter().any(|n| {
        let n = n.rsplit('/').next().unwrap_or(n);
        names.contains(&n)
    })
}

fn is_article(t: Option<&Value>) -> bool {
    is_type(t, ARTICLE_TYPES)
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("@value").or_else(|| o.get("name"))),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn names_of(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = v.into_iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                let s = clean(s);
                if !s.is_empty() {
                    out.push(s);
                }
            }
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(n) = str_of(o.get("name")) {
                    out.push(n);
                }
            }
            _ => {}
        }
    }
    out
}

fn list_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split([',', ';'])
            .map(clean)
            .filter(|x| !x.is_empty())
            .collect(),
        Some(Value::Array(a)) => a.iter().filter_map(|x| str_of(Some(x))).collect(),
        _ => Vec::new(),
    }
}

fn read_article(o: &serde_json::Map<String, Value>) -> LdArticle {
    let url = str_of(o.get("url")).or_else(|| match o.get("mainEntityOfPage") {
        Some(Value::Object(p)) => str_of(p.get("@id").or_else(|| p.get("url"))),
        other => str_of(other),
    });
    LdArticle {
        headline: str_of(o.get("headline")).or_else(|| str_of(o.get("name"))),
        description: str_of(o.get("description")),
        published: str_of(o.get("datePublished")).or_else(|| str_of(o.get("dateCreated"))),
        modified: str_of(o.get("dateModified")),
        authors: names_of(o.get("author").or_else(|| o.get("creator"))),
        publisher: match o.get("publisher") {
            Some(Value::Object(p)) => str_of(p.get("name")),
            Some(Value::Array(a)) => a.iter().find_map(|p| str_of(p.get("name"))),
            Some(Value::String(s)) => Some(clean(s)),
            _ => None,
        },
        publisher_id: match o.get("publisher") {
            Some(Value::Object(p)) => str_of(p.get("@id")),
            _ => None,
        },
        sections: list_of(o.get("articleSection")),
        keywords: list_of(o.get("keywords")),
        lang: str_of(o.get("inLanguage")),
        url: url.filter(|u| u.starts_with("http")),
        body: match o.get("articleBody") {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        },
    }
}

fn merge_ld(into: &mut LdArticle, from: LdArticle) {
    fn fill(a: &mut Option<String>, b: Option<String>) {
        if a.is_none() {
            *a = b;
        }
    }
    fill(&mut into.headline, from.headline);
    fill(&mut into.description, from.description);
    fill(&mut into.published, from.published);
    fill(&mut into.modified, from.modified);
    fill(&mut into.publisher, from.publisher);
    fill(&mut into.lang, from.lang);
    fill(&mut into.url, from.url);
    fill(&mut into.body, from.body);
    if into.authors.is_empty() {
        into.authors = from.authors;
    }
    if into.sections.is_empty() {
        into.sections = from.sections;
    }
    if into.keywords.is_empty() {
        into.keywords = from.keywords;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_graph_and_arrays() {
        let mut v = Vec::new();
        parse_json_ld(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":["NewsArticle"],"headline":"Titre","author":[{"@type":"Person","name":"A B"},{"name":"C D"}],
             "keywords":"x, y","articleSection":["Monde"],"publisher":{"name":"Le Journal"}}]}"#,
            &mut v,
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].headline.as_deref(), Some("Titre"));
        assert_eq!(v[0].authors, ["A B", "C D"]);
        assert_eq!(v[0].keywords, ["x", "y"]);
        assert_eq!(v[0].sections, ["Monde"]);
        assert_eq!(v[0].publisher.as_deref(), Some("Le Journal"));
    }

    #[test]
    fn json_ld_web_page_without_headline_gives_its_date_only() {
        let mut v = Vec::new();
        parse_json_ld(
            r#"{"@context":"http://schema.org","@type":"WebPage","name":"Sports.fr",
            "description":"Toute l'actualité sportive","datePublished":"2020-09-27T16:45:00+00:00"}"#,
            &mut v,
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].published.as_deref(), Some("2020-09-27T16:45:00+00:00"));
        assert_eq!(v[0].headline, None);
        assert_eq!(v[0].description, None);
        // A page with neither says nothing.
        let mut v = Vec::new();
        parse_json_ld(r#"{"@type":"WebPage","name":"Site"}"#, &mut v);
        assert!(v.is_empty());
    }

    #[test]
    fn json_ld_raw_newline_and_top_array() {
        let mut v = Vec::new();
        parse_json_ld("[{\"@type\":\"Article\",\"headline\":\"a\nb\"}]", &mut v);
        assert_eq!(v[0].headline.as_deref(), Some("a b"));
    }
}
