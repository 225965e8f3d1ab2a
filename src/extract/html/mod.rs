//! HTML pages to `Article`: parses once, gathers metadata (`meta`), cuts and selects the main text
//! (`body`), and resolves every field by source priority (title, lede, dates, authors...).

mod body;
mod byline;
mod depth;
mod meta;
mod rules;
mod text;

use scraper::Html;

use crate::article::Article;
use crate::extract::date::{
    PubDate, find_date_in_text, find_labelled_date_in_text, find_modified_in_text, parse_date,
};
use crate::extract::normalize_ws;
use body::{Block, Kind};
use meta::Meta;
use rules::TITLE_SEPARATORS;
use text::{clean, key, word_count};

/// Extracts the article from one decoded HTML page. `id` and `path` of the result are left empty.
pub fn extract_html(html: &str) -> Article {
    let html = depth::limit_nesting(html);
    let doc = Html::parse_document(&html);
    let m = meta::collect(&doc);
    let w = body::walk(&doc);
    let sel = body::select(&w);
    let mut blocks: Vec<&Block> = body::body_blocks(&w, &sel);

    let source = m
        .first(&[
            "og:site_name",
            "application-name",
            "dc.publisher",
            "dcterms.publisher",
            "twitter:site",
        ])
        .map(str::to_string)
        .or_else(|| m.ld.publisher.clone())
        .or_else(|| m.micro.publisher.clone())
        .filter(|s| !s.is_empty());
    let title = resolve_title(&m, source.as_deref());

    // Body from JSON-LD articleBody when the page's DOM gave (almost) nothing.
    let dom_chars: usize = blocks.iter().map(|b| b.text.len()).sum();
    let mut body: Vec<String> = Vec::new();
    let mut from_ld = false;
    if let Some(ld_body) = m.ld.body.as_deref() {
        let ld_len = ld_body.trim().len();
        if ld_len >= 200 && dom_chars * 2 < ld_len {
            body = ld_body
                .split('\n')
                .map(clean)
                .filter(|p| !p.is_empty())
                .collect();
            from_ld = true;
        }
    }

    // Lede: standfirst element, else descriptions.
    let lede_el = lede_element(&w.blocks, &sel);
    let description =
        m.ld.description
            .clone()
            .or_else(|| m.get("og:description").map(str::to_string))
            .or_else(|| m.micro.description.clone())
            .or_else(|| {
                m.first(&["description", "twitter:description", "dc.description"])
                    .map(str::to_string)
            })
            .filter(|d| !d.is_empty());
    let title_key = key(&title);
    if !from_ld {
        // Headline and stray heading copies never start the body.
        blocks.retain(|b| !same_text(&b.text, &title_key));
    }
    let mut lede = lede_el
        .clone()
        .or_else(|| description.clone())
        .filter(|l| key(l) != title_key)
        .unwrap_or_default();
    if !from_ld {
        if let Some(el) = &lede_el {
            let k = key(el);
            blocks.retain(|b| !same_text(&b.text, &k));
        } else if let Some(d) = &description {
            // A description that starts with (or is) the first paragraph: that paragraph is the
            // standfirst when a longer text follows it. When it is most of the article (a video
            // page's only paragraph, a long first paragraph and a caption), it stays the body's
            // first paragraph, and the description copying it is no separate standfirst.
            let dk = key(d);
            let mut first_is_body = false;
            if let Some(first) = blocks.first()
                && first.kind != Kind::Heading
                && first.chars >= 30
            {
                let fk = key(&first.text);
                if dk == fk || (dk.starts_with(&fk) && dk.len() > fk.len()) {
                    let rest: u64 = blocks[1..].iter().map(|b| u64::from(b.chars)).sum();
                    if rest >= u64::from(first.chars) {
                        lede = first.text.clone();
                        blocks.remove(0);
                    } else {
                        first_is_body = true;
                    }
                }
            }
            if first_is_body {
                lede.clear();
            } else {
                let lk = key(&lede);
                blocks.retain(|b| !same_text(&b.text, &lk));
            }
        }
        body = blocks.iter().map(|b| b.text.clone()).collect();
    } else {
        let lk = key(&lede);
        body.retain(|p| !same_text(p, &title_key) && !same_text(p, &lk));
    }
    // Consecutive duplicates (responsive layouts repeat blocks).
    body.dedup();

    // Dates.
    let mut published = [
        m.ld.published.as_deref(),
        m.first(&[
            "article:published_time",
            "og:published_time",
            "published_time",
        ]),
        m.micro.published.as_deref(),
        m.first(&[
            "dc.date.issued",
            "dcterms.issued",
            "dc.date",
            "dcterms.date",
            "dcterms.created",
            "dc.date.created",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publication_date",
            "parsely-pub-date",
            "sailthru.date",
            "article.published",
        ]),
        m.times
            .iter()
            .find(|t| t.published)
            .map(|t| t.datetime.as_str()),
    ]
    .into_iter()
    .flatten()
    .find_map(parse_date);
    let mut modified = [
        m.ld.modified.as_deref(),
        m.first(&[
            "article:modified_time",
            "og:updated_time",
            "dc.date.modified",
            "dcterms.modified",
            "last-modified",
        ]),
        m.micro.modified.as_deref(),
        m.times
            .iter()
            .find(|t| t.modified)
            .map(|t| t.datetime.as_str()),
    ]
    .into_iter()
    .flatten()
    .find_map(parse_date);

    // Authors.
    let mut authors: Vec<String> = Vec::new();
    let meta_authors: Vec<String> = [
        "author",
        "article:author",
        "dc.creator",
        "dcterms.creator",
        "sailthru.author",
        "parsely-author",
    ]
    .iter()
    .flat_map(|k| m.all(k))
    .filter(|a| !a.contains("://") && !a.starts_with("www."))
    .map(str::to_string)
    .collect();
    for group in [
        &m.ld.authors,
        &meta_authors,
        &m.micro.authors,
        &m.rel_authors,
    ] {
        if authors.is_empty() {
            for a in group.iter() {
                byline::push_authors(&mut authors, a);
            }
        }
    }

    // Byline fallback: byline-like elements and the text around the h1.
    if published.is_none() || authors.is_empty() || modified.is_none() {
        let texts = byline_texts(&w.blocks);
        for t in &texts {
            if published.is_none() {
                published = find_date_in_text(t);
            }
            if modified.is_none() {
                modified = find_modified_in_text(t);
            }
            if authors.is_empty()
                && let Some(name) = byline::author_from_byline(t)
            {
                byline::push_authors(&mut authors, &name);
            }
        }
    }
    // A `<time datetime>` of the same day is more precise than a byline (it has the offset).
    let first_time = m.times.first().and_then(|t| parse_date(&t.datetime));
    match (published, first_time) {
        (None, None) => published = labelled_date_anywhere(&w.blocks),
        (None, t) => published = t,
        (Some(p), Some(t)) if p.offset.is_none() && p.date == t.date => published = Some(t),
        _ => {}
    }
    fix_modified(&published, &mut modified);

    let section =
        m.ld.sections
            .first()
            .cloned()
            .or_else(|| m.get("article:section").map(str::to_string))
            .or_else(|| m.micro.section.clone())
            .filter(|s| !s.is_empty());

    let mut tags: Vec<String> = Vec::new();
    let mut push_tag = |t: &str| {
        let t = clean(t);
        if !t.is_empty() && !tags.iter().any(|x: &String| x.eq_ignore_ascii_case(&t)) {
            tags.push(t);
        }
    };
    for t in &m.ld.keywords {
        push_tag(t);
    }
    for t in m.all("article:tag") {
        push_tag(t);
    }
    for k in ["news_keywords", "keywords"] {
        for v in m.all(k) {
            for t in v.split([',', ';']) {
                push_tag(t);
            }
        }
    }

    let url = m
        .canonical
        .clone()
        .or_else(|| m.get("og:url").map(str::to_string))
        .or_else(|| m.ld.url.clone())
        .or_else(|| m.micro.url.clone());

    let lang = m
        .html_lang
        .as_deref()
        .or(m.ld.lang.as_deref())
        .or_else(|| m.get("og:locale"))
        .and_then(primary_subtag);

    Article {
        id: String::new(),
        path: String::new(),
        url,
        title,
        lede: normalize_ws(&lede),
        body,
        authors,
        published,
        modified,
        source,
        section,
        tags,
        lang,
    }
}

/// Does `text` have this comparison key? (Cheap length test first: keys only drop characters.)
fn same_text(text: &str, k: &str) -> bool {
    text.len() >= k.len() && text.len() <= k.len() * 3 + 16 && key(text) == k
}

/// `fr-FR`, `fr_FR`, `FR` → `fr`.
fn primary_subtag(s: &str) -> Option<String> {
    let p = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (p.len() >= 2 && p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphabetic())).then_some(p)
}

/// A modification stamp earlier than publication is noise.
fn fix_modified(published: &Option<PubDate>, modified: &mut Option<PubDate>) {
    if let (Some(p), Some(md)) = (published, modified.as_ref())
        && md.sort_key() < p.sort_key()
    {
        *modified = None;
    }
}

/// How many blocks after the `<h1>` a standfirst may sit when outside the article container.
const LEDE_AFTER_H1: usize = 6;

/// Text of the first standfirst-like element (class chapo/standfirst/lede...), if plausible.
fn lede_element(blocks: &[Block], sel: &body::Selection) -> Option<String> {
    // Inside the article container, or just under the headline; a teaser's "summary" elsewhere on
    // the page is no standfirst.
    // It also sits above the body: before the first real paragraph of the article.
    let h1 = blocks.iter().position(|b| b.kind == Kind::H1);
    let body_start = blocks
        .iter()
        .position(|b| b.lede == 0 && b.chars >= 80 && sel.contains(b.owner))
        .unwrap_or(blocks.len());
    let first = blocks.iter().enumerate().position(|(i, b)| {
        b.lede != 0
            && i < body_start
            && (b.noise == 0 || sel.contains(b.noise))
            && (sel.contains(b.owner) || h1.is_some_and(|h| i > h && i <= h + LEDE_AFTER_H1))
    })?;
    let seq = blocks[first].lede;
    let text = blocks[first..]
        .iter()
        .take_while(|b| b.lede == seq)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let n = text.chars().count();
    (10..=1500).contains(&n).then_some(text)
}

/// Candidate byline texts: byline-like elements, then the blocks just around the first `<h1>`.
/// Last resort for the publication date: one that the page labels as such anywhere, its label
/// and its date in one short block or in two neighbouring ones (`Mise en ligne` / `23 mai 2019`
/// in a list of credits).
fn labelled_date_anywhere(blocks: &[Block]) -> Option<PubDate> {
    const SHORT: u32 = 120;
    blocks.iter().enumerate().find_map(|(i, b)| {
        if b.chars >= SHORT {
            return None;
        }
        find_labelled_date_in_text(&b.text).or_else(|| {
            let next = blocks.get(i + 1).filter(|n| n.chars < SHORT)?;
            find_labelled_date_in_text(&format!("{} {}", b.text, next.text))
        })
    })
}

fn byline_texts(blocks: &[Block]) -> Vec<&str> {
    let mut out: Vec<&str> = blocks
        .iter()
        .filter(|b| b.byline && b.chars < 300)
        .take(12)
        .map(|b| b.text.as_str())
        .collect();
    if let Some(h) = blocks.iter().position(|b| b.kind == Kind::H1) {
        let lo = h.saturating_sub(3);
        let hi = (h + 8).min(blocks.len());
        for b in &blocks[lo..hi] {
            if b.kind != Kind::H1 && b.chars < 300 {
                out.push(&b.text);
            }
        }
    }
    out
}

/// Title: the headline agreed on by the structured sources and the `<h1>`, else `<title>` without
/// its site-name part.
fn resolve_title(m: &Meta, site: Option<&str>) -> String {
    let title_tag = m.title_tag.as_deref().map(clean).unwrap_or_default();
    let h1s: Vec<&str> = m.h1s.iter().map(String::as_str).collect();
    let stripped_tag = strip_site(&title_tag, site, &h1s);
    let mut cands: Vec<(String, u32)> = Vec::new(); // (text, priority: lower is better)
    let mut add = |t: Option<&str>, prio: u32| {
        if let Some(t) = t {
            let t = strip_site(&clean(t), site, &h1s);
            if !t.is_empty() && !t.ends_with("...") && !t.ends_with('…') && t.chars().count() <= 400
            {
                cands.push((t, prio));
            }
        }
    };
    add(m.ld.headline.as_deref(), 0);
    add(m.get("og:title"), 1);
    add(m.micro.headline.as_deref(), 2);
    add(
        m.first(&[
            "twitter:title",
            "dc.title",
            "dcterms.title",
            "title",
            "sailthru.title",
            "parsely-title",
        ]),
        3,
    );
    for h in &h1s {
        add(Some(h), 4);
    }
    if !stripped_tag.is_empty() {
        cands.push((stripped_tag.clone(), 6));
    }
    if cands.is_empty() {
        return String::new();
    }
    // Votes: how many sources give the same headline (case/punctuation-insensitive).
    let keys: Vec<String> = cands.iter().map(|(t, _)| key(t)).collect();
    let title_key = key(&title_tag);
    let mut best = 0usize;
    let mut best_score = (0i32, i32::MIN);
    for (i, (_, prio)) in cands.iter().enumerate() {
        let mut votes = keys.iter().filter(|k| **k == keys[i]).count() as i32;
        // An h1 that the <title> contains is the headline.
        if *prio == 4 && !keys[i].is_empty() && title_key.contains(&keys[i]) {
            votes += 1;
        }
        let score = (votes, -(*prio as i32));
        if score > best_score {
            best_score = score;
            best = i;
        }
    }
    // With no agreement, an h1 must not win over structured data unless the <title> backs it.
    cands[best].0.clone()
}

/// Removes a site-name part from a `<title>`-like string.
fn strip_site(t: &str, site: Option<&str>, h1s: &[&str]) -> String {
    let t = t.trim();
    let site_key = site.map(key).unwrap_or_default();
    let is_site = |part: &str| {
        let k = key(part);
        if k.is_empty() {
            return true;
        }
        if !site_key.is_empty() && (k == site_key || site_key.contains(&k) || k.contains(&site_key))
        {
            return true;
        }
        looks_like_domain(part)
    };
    for sep in TITLE_SEPARATORS {
        let Some(pos) = t.rfind(sep) else {
            continue;
        };
        let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
        // Remaining part equals an h1: that's the headline.
        for h in h1s {
            let hk = key(h);
            if !hk.is_empty() && key(head) == hk {
                return head.trim().to_string();
            }
        }
        if is_site(tail) && !head.trim().is_empty() {
            return head.trim().to_string();
        }
        // Site name first: "Le Monde | Titre".
        if let Some(fpos) = t.find(sep) {
            let (first, rest) = (&t[..fpos], &t[fpos + sep.len()..]);
            for h in h1s {
                let hk = key(h);
                if !hk.is_empty() && key(rest) == hk {
                    return rest.trim().to_string();
                }
            }
            if is_site(first) && !rest.trim().is_empty() {
                return rest.trim().to_string();
            }
        }
        // A short trailing part after " | " is a site name in practice.
        if (*sep == " | " || *sep == " - " || *sep == " — " || *sep == " – ")
            && word_count(tail) <= 3
            && word_count(head) >= 4
            && site.is_none()
        {
            return head.trim().to_string();
        }
    }
    t.to_string()
}

fn looks_like_domain(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    !s.contains(' ')
        && s.contains('.')
        && [
            ".fr", ".com", ".net", ".org", ".info", ".eu", ".be", ".ch", ".ca", ".io", ".co",
            ".tv", ".news",
        ]
        .iter()
        .any(|d| s.ends_with(d) || s.contains(&format!("{d}/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const P1: &str = "Le conseil municipal a voté, après un long débat, la rénovation complète de l'école, qui accueillera ses élèves en septembre, selon le maire.";
    const P2: &str = "Les travaux, estimés à deux millions d'euros, commenceront au printemps, a précisé l'adjointe chargée de l'éducation, qui promet une école exemplaire.";

    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"fr-FR\"><head>{head}</head><body>{body}</body></html>")
    }

    #[test]
    fn json_ld_plain() {
        let h = page(
            r#"<title>Une école rénovée - Le Journal</title><script type="application/ld+json">
            {"@context":"https://schema.org","@type":"NewsArticle","headline":"Une école rénovée",
             "description":"La ville rénove son école.","datePublished":"2024-03-02T10:00:00+01:00",
             "dateModified":"2024-03-03T10:00:00+01:00","author":{"@type":"Person","name":"Jeanne Martin"},
             "publisher":{"@type":"Organization","name":"Le Journal"},"articleSection":"Société",
             "keywords":["école","travaux"],"inLanguage":"fr","mainEntityOfPage":{"@id":"https://ex.fr/a"}}
            </script>"#,
            &format!("<article><h1>Une école rénovée</h1><p>{P1}</p><p>{P2}</p></article>"),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Une école rénovée");
        assert_eq!(a.lede, "La ville rénove son école.");
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2024-03-02")
        );
        assert_eq!(
            a.modified.map(|d| d.day_string()).as_deref(),
            Some("2024-03-03")
        );
        assert_eq!(a.authors, ["Jeanne Martin"]);
        assert_eq!(a.source.as_deref(), Some("Le Journal"));
        assert_eq!(a.section.as_deref(), Some("Société"));
        assert_eq!(a.tags, ["école", "travaux"]);
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert_eq!(a.url.as_deref(), Some("https://ex.fr/a"));
        assert_eq!(a.body, [P1, P2]);
    }

    #[test]
    fn json_ld_graph() {
        let h = page(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":"BlogPosting","headline":"Billet","datePublished":"2023-01-05",
             "author":[{"name":"A. Un"},{"name":"B. Deux"}]}]}</script>"#,
            &format!("<div><p>{P1}</p><p>{P2}</p></div>"),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Billet");
        assert_eq!(a.authors, ["A. Un", "B. Deux"]);
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2023-01-05")
        );
    }

    #[test]
    fn a_date_labelled_far_from_the_headline_is_the_last_resort() {
        let day = |body: &str| {
            let a = extract_html(&page("<title>Une émission</title>", body));
            a.published.map(|d| d.day_string())
        };
        // The label and its date in two neighbouring blocks, below the text.
        let credits = format!(
            "<h1>Une émission</h1><div><p>{P1}</p><p>{P2}</p><p>{P1}</p><p>{P2}</p>\
             <p>{P1}</p><p>{P2}</p><p>{P1}</p><p>{P2}</p></div>\
             <ul><li><p>Réalisation</p><p>Jeanne Martin</p></li>\
             <li><p>Mise en ligne</p><p>23 mai 2019</p></li></ul>"
        );
        assert_eq!(day(&credits).as_deref(), Some("2019-05-23"));
        // A bare date far from the headline (a comment's) is not taken for the article's.
        let comments = format!(
            "<h1>Une pétition</h1><div><p>{P1}</p><p>{P2}</p></div>\
             <div><p>{P1}</p></div><div><p>{P2}</p></div><div><p>{P1}</p></div>\
             <div><p>{P2}</p></div><div><p>{P1}</p></div><div><p>{P2}</p></div>\
             <div class=\"comment\"><strong>Muriel - Le 22/01/2020 à 12:01:03</strong></div>"
        );
        assert_eq!(day(&comments), None);
    }

    #[test]
    fn opengraph() {
        let h = page(
            r#"<title>Titre long | TechActu.fr</title>
            <meta property="og:title" content="Titre long"><meta property="og:site_name" content="TechActu">
            <meta property="og:url" content="https://techactu.fr/x"><meta property="og:description" content="Résumé.">
            <meta property="article:published_time" content="2022-05-06T08:00:00Z">
            <meta property="article:modified_time" content="2022-05-07T08:00:00Z">
            <meta property="article:author" content="https://facebook.com/x"><meta property="author" content="AFP">
            <meta property="article:section" content="Tech"><meta property="article:tag" content="a">
            <meta property="article:tag" content="b"><meta property="og:locale" content="fr_FR">"#,
            &format!("<main><p>{P1}</p><p>{P2}</p></main>"),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Titre long");
        assert_eq!(a.source.as_deref(), Some("TechActu"));
        assert_eq!(a.url.as_deref(), Some("https://techactu.fr/x"));
        assert_eq!(a.lede, "Résumé.");
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2022-05-06")
        );
        assert_eq!(
            a.modified.map(|d| d.day_string()).as_deref(),
            Some("2022-05-07")
        );
        assert_eq!(a.authors, ["AFP"]);
        assert_eq!(a.section.as_deref(), Some("Tech"));
        assert_eq!(a.tags, ["a", "b"]);
    }

    #[test]
    fn microdata() {
        let h = page(
            "<title>x</title>",
            &format!(
                r#"<article itemscope itemtype="http://schema.org/Article">
                <span itemprop="publisher" itemscope><meta itemprop="name" content="Orange Actu"></span>
                <h1 itemprop="headline">Le titre</h1><meta itemprop="datePublished" content="2020-07-02">
                <p itemprop="description">Le chapô.</p>
                <div itemprop="articleBody"><p class="date"><span itemprop="author" itemscope><span itemprop="name">6Medias</span></span>, publié le jeudi 02 juillet 2020 à 21h05</p>
                <p>{P1}</p><p>{P2}</p></div></article>"#
            ),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Le titre");
        assert_eq!(a.authors, ["6Medias"]);
        assert_eq!(a.source.as_deref(), Some("Orange Actu"));
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2020-07-02")
        );
        assert_eq!(a.body, [P1, P2]);
    }

    #[test]
    fn dublin_core_time_rel_author_canonical() {
        let h = page(
            r#"<meta name="DC.title" content="Titre DC"><meta name="DC.creator" content="Paul Durand">
            <meta name="dc.date.issued" content="2019-11-12"><link rel="canonical" href="https://ex.org/p">"#,
            &format!("<div class='post'><p>{P1}</p><p>{P2}</p></div>"),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Titre DC");
        assert_eq!(a.authors, ["Paul Durand"]);
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2019-11-12")
        );
        assert_eq!(a.url.as_deref(), Some("https://ex.org/p"));

        let h = page(
            "<title>T</title>",
            &format!(
                "<article><time datetime='2018-01-01'>vieux</time><time pubdate datetime='2021-02-03T10:00'>3 février</time>\
                 <a rel='author' href='/a'>Jeanne Martin</a><p>{P1}</p><p>{P2}</p></article>"
            ),
        );
        let a = extract_html(&h);
        assert_eq!(
            a.published.map(|d| d.day_string()).as_deref(),
            Some("2021-02-03")
        );
        assert_eq!(a.authors, ["Jeanne Martin"]);
    }

    #[test]
    fn title_suffix_stripping() {
        let s = Some("Le Monde");
        assert_eq!(strip_site("Un titre - Le Monde", s, &[]), "Un titre");
        assert_eq!(strip_site("Le Monde | Un titre", s, &[]), "Un titre");
        assert_eq!(strip_site("Un titre | TechActu.fr", None, &[]), "Un titre");
        assert_eq!(
            strip_site(
                "Un titre : actualité automobile, infos, scoop",
                None,
                &["Un titre"]
            ),
            "Un titre : actualité automobile, infos, scoop"
        );
        assert_eq!(
            strip_site(
                "Un titre :: Rubrique :: Site",
                None,
                &["Un titre :: Rubrique"]
            ),
            "Un titre :: Rubrique"
        );
        assert_eq!(
            strip_site("Covid – les nouvelles règles à l'école", None, &[]),
            "Covid – les nouvelles règles à l'école"
        );
        let h = page(
            "<title>Grand titre du jour — Le Quotidien</title>",
            &format!("<h1>Grand titre du jour</h1><div><p>{P1}</p></div>"),
        );
        assert_eq!(extract_html(&h).title, "Grand titre du jour");
    }

    #[test]
    fn byline_fallback() {
        let h = page(
            "<title>T</title>",
            &format!(
                "<article><h1>T</h1><div class='byline'>Par Jeanne Martin</div><p>{P1}</p><p>{P2}</p></article>"
            ),
        );
        let a = extract_html(&h);
        assert_eq!(a.authors, ["Jeanne Martin"]);
        assert_eq!(a.body, [P1, P2]);
        let h = page(
            "<title>T</title>",
            &format!(
                "<h1>T</h1><p>AFP, publié le jeudi 02 juillet 2020 à 21h05</p><div><p>{P1}</p><p>{P2}</p></div>"
            ),
        );
        assert_eq!(extract_html(&h).authors, ["AFP"]);
    }

    #[test]
    fn screen_reader_text_is_not_read_twice() {
        // Site-prefixed screen-reader classes (`u-screen-reader-text`, `c-sr-only`) copy the
        // visible name or label a control; a hidden `<h1>` names the site, not the article.
        let h = page(
            "<title>Le vote des abstentionnistes</title>",
            &format!(
                "<h1 class='visually-hidden'>Radio Web</h1><article>\
                 <h1>Le vote <span class='c-sr-only'>(article)</span>des abstentionnistes</h1>\
                 <p class='podcast-card__authors'>Par <a href='/auteurs/om'>Olivier Minot \
                 <span class='u-screen-reader-text'>Olivier Minot</span></a></p>\
                 <p>{P1}<span class='u-screen-reader-text'>Ajouter à la playlist</span></p><p>{P2}</p></article>"
            ),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Le vote des abstentionnistes");
        assert_eq!(a.authors, ["Olivier Minot"]);
        assert_eq!(a.body, [P1, P2]);
        // A class that merely ends in `hidden` is no hidden element.
        let h = page(
            "<title>T</title>",
            &format!(
                "<article><h1>T</h1><p class='field-label-hidden'>{P1}</p><p>{P2}</p></article>"
            ),
        );
        assert_eq!(extract_html(&h).body, [P1, P2]);
    }

    #[test]
    fn description_copying_most_of_the_article_is_no_standfirst() {
        // The description copies the first paragraph, and a longer text follows: standfirst.
        let h = page(
            &format!(r#"<meta name="description" content="{P1}">"#),
            &format!("<article><h1>Titre</h1><p>{P1}</p><p>{P2} {P2}</p></article>"),
        );
        let a = extract_html(&h);
        assert_eq!(a.lede, P1);
        assert_eq!(a.body, [format!("{P2} {P2}")]);
        // The first paragraph is the article (only a short caption follows, or nothing): it
        // stays in the body, and no lede repeats it.
        for rest in ["<p>Une légende courte de la vidéo, un peu plus.</p>", ""] {
            let h = page(
                &format!(r#"<meta name="description" content="{P1}">"#),
                &format!("<article><h1>Titre</h1><p>{P1}</p>{rest}</article>"),
            );
            let a = extract_html(&h);
            assert_eq!(a.lede, "", "rest: {rest}");
            assert_eq!(a.body.first().map(String::as_str), Some(P1), "rest: {rest}");
        }
    }

    #[test]
    fn lede_and_title_not_in_body() {
        let h = page(
            r#"<meta name="description" content="Le chapô de l'article, en une phrase.">"#,
            &format!(
                "<article><header><h1>Mon titre</h1></header><p>Le chapô de l'article, en une phrase.</p><p>{P1}</p><p>{P2}</p></article>"
            ),
        );
        let a = extract_html(&h);
        assert_eq!(a.title, "Mon titre");
        assert_eq!(a.lede, "Le chapô de l'article, en une phrase.");
        assert_eq!(a.body, [P1, P2]);
        let h = page(
            "",
            &format!(
                "<article><h1>Titre</h1><p class='chapo'>Un chapô de classe.</p><p>{P1}</p></article>"
            ),
        );
        let a = extract_html(&h);
        assert_eq!(a.lede, "Un chapô de classe.");
        assert_eq!(a.body, [P1]);
    }

    #[test]
    fn boilerplate_and_scripts_absent() {
        let h = page(
            "<title>T</title><style>body{color:red}</style>",
            &format!(
                "<header><nav><a href='/'>Accueil</a></nav></header>\
                 <div class='cookie-consent'>Ce site utilise des cookies</div>\
                 <article><h1>T</h1><ul class='social-share'><li>Facebook</li><li>Twitter</li></ul>\
                 <p>{P1}</p><aside>À lire aussi : autre chose</aside><p>Lire aussi : Le maire réélu</p>\
                 <p>{P2}</p><div id='comments'><p>Super article, merci beaucoup pour ces informations précises !</p></div></article>\
                 <footer>© Le Journal</footer><script>document.write('pub')</script>"
            ),
        );
        let a = extract_html(&h);
        assert_eq!(a.body, [P1, P2]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let mut h = String::with_capacity(n * 12);
        h.push_str("<html><body>");
        for _ in 0..n {
            h.push_str("<div>");
        }
        h.push_str("<p>fond</p>");
        for _ in 0..n {
            h.push_str("</div>");
        }
        h.push_str("</body></html>");
        let a = extract_html(&h);
        assert!(a.body.iter().any(|p| p == "fond"));
        let mut h = String::new();
        for _ in 0..n {
            h.push_str("<span><a>x");
        }
        let _ = extract_html(&h);
    }

    mod prop {
        use super::super::extract_html;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn never_panics_on_strings(s in ".{0,400}") {
                let _ = extract_html(&s);
            }

            #[test]
            fn never_panics_on_tag_soup(parts in proptest::collection::vec(prop_oneof![
                Just("<div class='article-body'>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()),
                Just("</p>".to_string()), Just("<br>".to_string()), Just("<script type='application/ld+json'>{\"@type\":\"Article\",".to_string()),
                Just("</script>".to_string()), Just("<h1>".to_string()), Just("<meta property='og:title' content='x'>".to_string()),
                Just("<title>a | b</title>".to_string()), Just("&amp;".to_string()), "[a-zé ,.]{0,30}".prop_map(|s| s),
            ], 0..60)) {
                let _ = extract_html(&parts.concat());
            }
        }
    }
}
