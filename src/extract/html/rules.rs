//! Rule tables of the HTML extractor: which tags are dropped or split text into blocks, and which
//! class/id words mean boilerplate, body, byline or standfirst. Data, plus the token matcher that
//! compiles them (tag map and per-token flag cache).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Tags whose whole subtree never contributes text (code, media, controls, navigation chrome).
pub const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "map",
    "button",
    "input",
    "select",
    "option",
    "optgroup",
    "datalist",
    "textarea",
    "nav",
    "aside",
    "footer",
    "dialog",
    "menu",
    "head",
    "title",
    "figcaption",
    "frame",
    "frameset",
    "applet",
    "picture",
    "source",
    "track",
    "link",
    "meta",
    "base",
];

/// Tags whose subtree is "noise" unless the chosen article container lies inside them
/// (some sites wrap the whole page in a `<form>` or misuse `<header>`).
pub const SOFT_NOISE_TAGS: &[&str] = &["form", "header", "fieldset", "label", "address"];

/// Inline tags: their text is glued to the surrounding text with no separator.
/// Every other element is a block boundary.
pub const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "label",
    "output", "meter", "progress",
];

/// Tags that are never removed because of their class/id words (page wrappers and article roots).
pub const PROTECTED_TAGS: &[&str] = &["html", "body", "main", "article"];

/// How a rule word is compared with one class/id token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// The token equals the word.
    Exact,
    /// The token starts with the word.
    Prefix,
}

/// Boilerplate words whose element is removed outright (even under a positive word).
/// Tokens are lower-cased class/id parts split at `-`, `_`, spaces and camelCase; adjacent pairs are
/// also tried glued together (so `read-more` matches `readmore`).
pub const HARD_BOILERPLATE: &[(&str, Match)] = &[
    ("cookie", Match::Prefix),
    ("consent", Match::Prefix),
    ("gdpr", Match::Prefix),
    ("rgpd", Match::Prefix),
    ("outbrain", Match::Prefix),
    ("taboola", Match::Prefix),
    ("disqus", Match::Prefix),
    ("breadcrumb", Match::Prefix),
    ("ariane", Match::Exact),
    ("lireaussi", Match::Exact),
    ("voiraussi", Match::Exact),
    ("alireaussi", Match::Exact),
    ("readmore", Match::Prefix),
    ("readnext", Match::Exact),
    ("seealso", Match::Exact),
    ("relatedposts", Match::Exact),
    ("relatedarticles", Match::Exact),
    ("relatedcontent", Match::Exact),
    ("skiplink", Match::Prefix),
    ("disqus", Match::Prefix),
];

/// Boilerplate words whose element is dropped unless its class/id also carries a positive
/// (body) word, like Readability's "unlikely candidates" unless "ok maybe its a candidate".
pub const SOFT_BOILERPLATE: &[(&str, Match)] = &[
    ("newsletter", Match::Prefix),
    ("paywall", Match::Prefix),
    ("advert", Match::Prefix),
    ("adsense", Match::Exact),
    ("adslot", Match::Prefix),
    ("adunit", Match::Prefix),
    ("adcontainer", Match::Exact),
    ("adwrapper", Match::Exact),
    ("dfp", Match::Exact),
    ("doubleclick", Match::Exact),
    ("sponsor", Match::Prefix),
    ("publicite", Match::Prefix),
    ("popup", Match::Prefix),
    ("modal", Match::Exact),
    ("printonly", Match::Exact),
    ("signup", Match::Exact),
    ("login", Match::Exact),
    ("sharing", Match::Exact),
    ("share", Match::Prefix),
    ("sharer", Match::Exact),
    ("partage", Match::Prefix),
    ("social", Match::Prefix),
    ("socials", Match::Exact),
    ("recirc", Match::Prefix),
    ("recommend", Match::Prefix),
    ("recommand", Match::Prefix),
    ("comment", Match::Prefix),
    ("commentaire", Match::Prefix),
    ("respond", Match::Exact),
    ("subscribe", Match::Prefix),
    ("subscription", Match::Prefix),
    ("abonnement", Match::Prefix),
    ("pagination", Match::Exact),
    ("pager", Match::Exact),
    ("mostread", Match::Exact),
    ("mostpopular", Match::Exact),
    ("trending", Match::Exact),
    ("related", Match::Prefix),
    ("sidebar", Match::Prefix),
    ("menu", Match::Prefix),
    ("nav", Match::Exact),
    ("navbar", Match::Exact),
    ("navigation", Match::Exact),
    ("footer", Match::Exact),
    ("foot", Match::Exact),
    ("ad", Match::Exact),
    ("ads", Match::Exact),
    ("pub", Match::Exact),
    ("promo", Match::Prefix),
    ("banner", Match::Exact),
    ("masthead", Match::Exact),
    ("aussi", Match::Exact),
    ("tags", Match::Exact),
    ("toolbar", Match::Exact),
    ("tools", Match::Exact),
    ("popular", Match::Exact),
    ("teaser", Match::Prefix),
    ("combx", Match::Exact),
    ("shoutbox", Match::Exact),
    ("skyscraper", Match::Exact),
    ("shopping", Match::Exact),
    ("rail", Match::Exact),
    ("newsfeed", Match::Exact),
    ("bio", Match::Exact),
    ("copyright", Match::Exact),
    ("credit", Match::Prefix),
    ("caption", Match::Exact),
    ("legend", Match::Exact),
    ("carousel", Match::Prefix),
    ("slider", Match::Exact),
    ("alert", Match::Exact),
];

/// Soft boilerplate words that also name page wrappers (`share-zone`, `widget-container`,
/// `modal-enabled`): such an element is kept when it turns out to hold much low-link text.
pub const RESCUABLE: &[(&str, Match)] = &[
    ("widget", Match::Prefix),
    ("modal", Match::Exact),
    ("popup", Match::Prefix),
    ("share", Match::Prefix),
    ("sharing", Match::Exact),
    ("social", Match::Prefix),
    ("partage", Match::Prefix),
    ("advert", Match::Prefix),
    ("ad", Match::Exact),
    ("ads", Match::Exact),
    ("pub", Match::Exact),
    ("promo", Match::Prefix),
    ("banner", Match::Exact),
    ("paywall", Match::Prefix),
    ("sponsor", Match::Prefix),
    ("tools", Match::Exact),
    ("toolbar", Match::Exact),
    ("slider", Match::Exact),
    ("carousel", Match::Prefix),
    ("alert", Match::Exact),
    ("masthead", Match::Exact),
    ("login", Match::Exact),
    ("signup", Match::Exact),
    ("subscription", Match::Prefix),
    ("subscribe", Match::Prefix),
];

/// Byline words: the element's text is kept aside for author/date fallbacks and left out of the body.
pub const BYLINE_WORDS: &[(&str, Match)] = &[
    ("byline", Match::Prefix),
    ("author", Match::Prefix),
    ("auteur", Match::Prefix),
    ("signature", Match::Prefix),
    ("date", Match::Exact),
    ("dateline", Match::Exact),
    ("timestamp", Match::Exact),
    ("meta", Match::Exact),
    ("published", Match::Exact),
    ("publie", Match::Exact),
    ("publication", Match::Exact),
    ("pubdate", Match::Exact),
    ("postdate", Match::Exact),
    ("posted", Match::Exact),
    ("postedon", Match::Exact),
    ("postmeta", Match::Exact),
    ("entrymeta", Match::Exact),
];

/// Positive words (Readability's class weight +25), also "this is no boilerplate" overrides.
pub const POSITIVE_WORDS: &[(&str, Match)] = &[
    ("article", Match::Prefix),
    ("body", Match::Exact),
    ("content", Match::Prefix),
    ("entry", Match::Exact),
    ("hentry", Match::Exact),
    ("main", Match::Exact),
    ("post", Match::Exact),
    ("text", Match::Exact),
    ("texte", Match::Exact),
    ("blog", Match::Exact),
    ("story", Match::Exact),
    ("corps", Match::Exact),
    ("column", Match::Exact),
];

/// Negative words (Readability's class weight -25) for container scoring.
pub const NEGATIVE_WORDS: &[(&str, Match)] = &[
    ("comment", Match::Prefix),
    ("footer", Match::Exact),
    ("footnote", Match::Exact),
    ("sidebar", Match::Prefix),
    ("related", Match::Prefix),
    ("promo", Match::Prefix),
    ("share", Match::Prefix),
    ("social", Match::Prefix),
    ("sponsor", Match::Prefix),
    ("widget", Match::Prefix),
    ("meta", Match::Exact),
    ("media", Match::Exact),
    ("tags", Match::Exact),
    ("tool", Match::Prefix),
    ("banner", Match::Exact),
    ("masthead", Match::Exact),
    ("ad", Match::Exact),
    ("ads", Match::Exact),
    ("teaser", Match::Prefix),
    ("card", Match::Exact),
    ("list", Match::Exact),
    ("nav", Match::Exact),
    ("menu", Match::Prefix),
    ("header", Match::Exact),
];

/// Glued class/id pairs that name the article body container (`article-body`, `entry-content`...).
pub const BODY_MARKERS: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "articlecorps",
    "postcontent",
    "postbody",
    "posttext",
    "entrycontent",
    "entrybody",
    "storybody",
    "storycontent",
    "storytext",
    "contentbody",
    "bodytext",
    "textcolumn",
    "richtext",
    "texte",
    "articletexte",
];

/// Class/id words of a standfirst (chapô) element.
pub const LEDE_WORDS: &[(&str, Match)] = &[
    ("chapo", Match::Prefix),
    ("chapeau", Match::Exact),
    ("standfirst", Match::Exact),
    ("lede", Match::Exact),
    ("lead", Match::Exact),
    ("intro", Match::Exact),
    ("dek", Match::Exact),
    ("deck", Match::Exact),
    ("subheadline", Match::Exact),
    ("excerpt", Match::Exact),
];

/// Whole class names (not tokens: `field-label-hidden` is no hidden element) of hidden elements.
pub const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "hide",
    "d-none",
    "is-hidden",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "invisible",
    "u-hidden",
    "display-none",
    "js-hidden",
    "element-invisible",
    "offscreen",
];

/// Ends of class names for text that only screen readers get (`u-screen-reader-text`,
/// `c-sr-only`, `is-visually-hidden`): most often a copy of the visible text (a byline's name
/// twice) or a control's label (`Ajouter à la playlist`).
pub const SCREEN_READER_CLASS_ENDS: &[&str] = &[
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "screenreader-only",
    "visually-hidden",
    "visuallyhidden",
];

/// An element the reader does not see: a hidden class (`HIDDEN_CLASSES`, or a name ending in one
/// of `SCREEN_READER_CLASS_ENDS` after `-` or `_`), `hidden`, `aria-hidden="true"`, or an
/// inline `display: none` / `visibility: hidden`.
pub fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("class").is_some_and(|c| {
        c.split_ascii_whitespace().any(|x| {
            HIDDEN_CLASSES.iter().any(|h| x.eq_ignore_ascii_case(h)) || screen_reader_class(x)
        })
    }) {
        return true;
    }
    if el.attr("hidden").is_some() {
        return true;
    }
    if el
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

fn screen_reader_class(class: &str) -> bool {
    let class = class.as_bytes();
    SCREEN_READER_CLASS_ENDS.iter().any(|end| {
        let end = end.as_bytes();
        class.len() > end.len()
            && class[class.len() - end.len()..].eq_ignore_ascii_case(end)
            && matches!(class[class.len() - end.len() - 1], b'-' | b'_')
    })
}

/// ARIA roles of page chrome.
pub const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "toolbar",
];

/// Class entries skipped before tokenising: taxonomy classes that echo a site's own category and tag
/// names (WordPress `tag-comments`, `category-sponsored`...).
pub const IGNORED_CLASS_PREFIXES: &[&str] = &["tag-", "category-", "categories-"];

/// Lower-cased paragraph starts that make a short paragraph boilerplate ("Lire aussi : ...").
pub const BOILERPLATE_PARAGRAPH_STARTS: &[&str] = &[
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "à lire également",
    "lire également",
    "voir aussi",
    "à voir aussi",
    "à découvrir",
    "read more",
    "read also",
    "see also",
    "related:",
    "related articles",
    "recommended:",
    "more:",
    "click here",
    "sign up for",
    "subscribe to",
    "crédits photos",
    "crédit photo",
    "crédits photo",
    "photo credit",
];

/// Lower-cased whole paragraphs that are boilerplate labels.
pub const BOILERPLATE_PARAGRAPHS: &[&str] = &[
    "partager",
    "partagez",
    "share",
    "share this",
    "share this article",
    "share this story",
    "tweet",
    "advertisement",
    "publicité",
    "pub",
    "sponsored",
    "ad",
    "read more",
    "lire la suite",
    "continue reading",
    "voir aussi",
    "lire aussi",
    "à lire aussi",
    "newsletter",
    "réagir",
    "commenter",
    "comments",
    "commentaires",
    "supported by",
    "story continues below advertisement",
];

/// Prefixes of bylines to strip from author names.
pub const BYLINE_PREFIXES: &[&str] = &[
    "par ",
    "by ",
    "de ",
    "from ",
    "written by ",
    "auteur : ",
    "auteur: ",
];

/// schema.org types of an article in JSON-LD.
pub const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "AskPublicNewsArticle",
    "SatiricalArticle",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "Posting",
    "SocialMediaPosting",
];

/// Title separators between the headline and the site name, tried in order.
pub const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " — ", " – ", " :: ", " · ", " • ", " » ", " / ",
];

/// Does one lower-cased token match a rule table?
pub fn token_in(token: &str, table: &[(&str, Match)]) -> bool {
    table.iter().any(|&(w, m)| match m {
        Match::Exact => token == w,
        Match::Prefix => token.starts_with(w),
    })
}

/// What a tag name means for the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagClass {
    /// Subtree dropped.
    Drop,
    /// Subtree is soft noise.
    SoftNoise,
    /// Inline: glued to surrounding text.
    Inline,
    /// Never removed for its class words.
    Protected,
    /// Any other element: a block boundary.
    Block,
}

static TAG_CLASSES: LazyLock<HashMap<&'static str, TagClass>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    // Later tables win: `label` is inline in INLINE_TAGS but soft noise first.
    for (list, class) in [
        (INLINE_TAGS, TagClass::Inline),
        (SOFT_NOISE_TAGS, TagClass::SoftNoise),
        (PROTECTED_TAGS, TagClass::Protected),
        (DROP_TAGS, TagClass::Drop),
    ] {
        for t in list {
            m.insert(*t, class);
        }
    }
    m
});

/// Class of a (lower-case) tag name.
pub fn tag_class(name: &str) -> TagClass {
    TAG_CLASSES.get(name).copied().unwrap_or(TagClass::Block)
}

/// Flag bits of one class/id token.
pub mod flag {
    /// In `HARD_BOILERPLATE`.
    pub const HARD: u16 = 1;
    /// In `SOFT_BOILERPLATE`.
    pub const SOFT: u16 = 2;
    /// In `RESCUABLE`.
    pub const RESCUABLE: u16 = 4;
    /// In `BYLINE_WORDS`.
    pub const BYLINE: u16 = 8;
    /// In `POSITIVE_WORDS`.
    pub const POSITIVE: u16 = 16;
    /// In `NEGATIVE_WORDS`.
    pub const NEGATIVE: u16 = 32;
    /// In `LEDE_WORDS`.
    pub const LEDE: u16 = 64;
    /// In `BODY_MARKERS`.
    pub const BODY: u16 = 128;
}

fn compute_flags(t: &str) -> u16 {
    let mut f = 0;
    for (table, bit) in [
        (HARD_BOILERPLATE, flag::HARD),
        (SOFT_BOILERPLATE, flag::SOFT),
        (RESCUABLE, flag::RESCUABLE),
        (BYLINE_WORDS, flag::BYLINE),
        (POSITIVE_WORDS, flag::POSITIVE),
        (NEGATIVE_WORDS, flag::NEGATIVE),
        (LEDE_WORDS, flag::LEDE),
    ] {
        if token_in(t, table) {
            f |= bit;
        }
    }
    if BODY_MARKERS.contains(&t) {
        f |= flag::BODY;
    }
    f
}

const CACHE_LIMIT: usize = 100_000;

thread_local! {
    static FLAG_CACHE: RefCell<HashMap<String, u16>> = RefCell::new(HashMap::new());
}

/// Flags of one lower-case token (memoised per thread: class names repeat across pages).
pub fn token_flags(t: &str) -> u16 {
    FLAG_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(&f) = c.get(t) {
            return f;
        }
        let f = compute_flags(t);
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(t.to_string(), f);
        f
    })
}

/// What the class and id words of one element say, summed over its tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClassInfo {
    /// OR of all token flags.
    pub any: u16,
    /// Every soft-boilerplate token is also rescuable.
    pub soft_all_rescuable: bool,
}

impl ClassInfo {
    /// Has any token with this flag.
    pub fn has(&self, bit: u16) -> bool {
        self.any & bit != 0
    }
}

/// Tokenises class and id values (lower case, split at non-alphanumerics and camelCase humps, plus
/// adjacent pairs glued: `read-more` also gives `readmore`) and sums their flags. Taxonomy classes
/// (`tag-...`, `category-...`) are skipped. `buf` is scratch space.
pub fn class_info(class: Option<&str>, id: Option<&str>, buf: &mut String) -> ClassInfo {
    let mut info = ClassInfo {
        any: 0,
        soft_all_rescuable: true,
    };
    let mut add = |t: &str| {
        let f = token_flags(t);
        info.any |= f;
        if f & flag::SOFT != 0 && f & flag::RESCUABLE == 0 {
            info.soft_all_rescuable = false;
        }
    };
    for value in [class, id].into_iter().flatten() {
        for entry in value.split_ascii_whitespace() {
            if IGNORED_CLASS_PREFIXES.iter().any(|p| {
                entry
                    .get(..p.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(p))
            }) {
                continue;
            }
            // Tokens of this entry as ranges of `buf`.
            buf.clear();
            let mut ranges: [(usize, usize); 16] = [(0, 0); 16];
            let mut n = 0;
            let mut start = 0;
            let mut prev_lower = false;
            for c in entry.chars() {
                if c.is_alphanumeric() {
                    if c.is_uppercase() && prev_lower && buf.len() > start {
                        if n < ranges.len() {
                            ranges[n] = (start, buf.len());
                            n += 1;
                        }
                        start = buf.len();
                    }
                    prev_lower = c.is_lowercase() || c.is_ascii_digit();
                    buf.extend(c.to_lowercase());
                } else {
                    prev_lower = false;
                    if buf.len() > start && n < ranges.len() {
                        ranges[n] = (start, buf.len());
                        n += 1;
                    }
                    start = buf.len();
                }
            }
            if buf.len() > start && n < ranges.len() {
                ranges[n] = (start, buf.len());
                n += 1;
            }
            let mut pair = String::new();
            for i in 0..n {
                add(&buf[ranges[i].0..ranges[i].1]);
                if i + 1 < n {
                    pair.clear();
                    pair.push_str(&buf[ranges[i].0..ranges[i].1]);
                    pair.push_str(&buf[ranges[i + 1].0..ranges[i + 1].1]);
                    add(&pair);
                }
            }
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(c: &str) -> ClassInfo {
        class_info(Some(c), None, &mut String::new())
    }

    #[test]
    fn tokens_split_and_glue() {
        assert!(info("article__body").has(flag::BODY));
        assert!(info("shareButtons").has(flag::SOFT));
        assert!(info("read-more").has(flag::HARD));
        assert!(info("entry-content").has(flag::BODY));
    }

    #[test]
    fn word_boundaries() {
        // "ad" must not match inside "read", "head", "shadow"; "header" not inside "masthead-headline".
        for c in ["read", "heading", "shadow", "badge", "headline"] {
            let i = info(c);
            assert!(!i.has(flag::SOFT) && !i.has(flag::HARD), "{c}");
        }
        assert!(info("ad-slot").has(flag::SOFT));
        assert_eq!(info("tag-comments category-sponsored").any, 0);
        assert!(!info("field-label-hidden").has(flag::HARD));
        assert!(info("widget-container").soft_all_rescuable);
        assert!(!info("comments widget").soft_all_rescuable);
        assert_eq!(tag_class("span"), TagClass::Inline);
        assert_eq!(tag_class("script"), TagClass::Drop);
        assert_eq!(tag_class("form"), TagClass::SoftNoise);
        assert_eq!(tag_class("div"), TagClass::Block);
    }
}
