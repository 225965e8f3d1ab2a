//! Main-text extraction: one iterative walk that cuts the page into text blocks (dropping
//! boilerplate subtrees, flagging soft noise, bylines and standfirsts), scores containers
//! Readability-style, then picks the article container and filters its blocks.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::rules::{
    BOILERPLATE_PARAGRAPH_STARTS, BOILERPLATE_PARAGRAPHS, BOILERPLATE_ROLES, ClassInfo, TagClass,
    class_info, flag, is_hidden, tag_class,
};

/// What kind of element a block comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `<p>`.
    P,
    /// `<h1>`.
    H1,
    /// `<h2>`..`<h6>`.
    Heading,
    /// `<li>`, `<dt>`, `<dd>`.
    Item,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// `<td>`, `<th>`.
    Cell,
    /// Any other block (`div` with direct text...).
    Other,
}

impl Kind {
    fn of(tag: &str) -> Kind {
        match tag {
            "p" => Kind::P,
            "h1" => Kind::H1,
            "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
            "li" | "dt" | "dd" => Kind::Item,
            "blockquote" => Kind::Quote,
            "pre" => Kind::Pre,
            "td" | "th" => Kind::Cell,
            _ => Kind::Other,
        }
    }
}

/// One run of text between block boundaries.
#[derive(Debug, Clone)]
pub struct Block {
    /// Whitespace-normalised text.
    pub text: String,
    /// Kind of the innermost block element holding it.
    pub kind: Kind,
    /// Walk number of that element.
    pub owner: u32,
    /// Walk number of that element's parent block.
    pub owner_parent: u32,
    /// Characters inside links.
    pub link_chars: u32,
    /// Characters.
    pub chars: u32,
    /// Walk number of the innermost soft-noise ancestor (0: none).
    pub noise: u32,
    /// Inside a (small) byline-like element.
    pub byline: bool,
    /// Walk number of the innermost byline-like ancestor (0: none).
    byline_seq: u32,
    /// Walk number of the innermost standfirst-like ancestor (0: none).
    pub lede: u32,
}

impl Block {
    /// Share of the text inside links.
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// A scored container (an element that got content score or carries a body marker).
#[derive(Debug, Clone)]
struct Cand {
    seq: u32,
    end: u32,
    parent: u32,
    score: f32,
    chars: u32,
    link_chars: u32,
    marker: u8,
    is_noise: bool,
    in_noise: bool,
    /// Innermost soft-noise element at or above this one (0: none), before rescue.
    noise_at: u32,
}

impl Cand {
    fn contains(&self, seq: u32) -> bool {
        self.seq < seq && seq <= self.end
    }
    fn final_score(&self) -> f32 {
        let ld = if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        };
        let s = self.score * (1.0 - ld.min(1.0));
        if self.in_noise { s * NOISE_FACTOR } else { s }
    }
}

struct Frame {
    seq: u32,
    is_block: bool,
    kind: Kind,
    score: f32,
    weight: f32,
    chars: u32,
    link_chars: u32,
    marker: u8,
    is_noise: bool,
    rescuable: bool,
    is_byline: bool,
    is_link: bool,
    prev_noise: u32,
    prev_byline: u32,
    prev_lede: u32,
}

/// The blocks of a page and its candidate containers.
pub struct Walk {
    /// All blocks in document order (hard boilerplate already left out).
    pub blocks: Vec<Block>,
    cands: Vec<Cand>,
}

const MARKER_ITEMPROP: u8 = 3;
const MARKER_CLASS: u8 = 2;
const MARKER_TAG: u8 = 1;
const MIN_SCORED_CHARS: u32 = 25;
/// Text a boilerplate-named wrapper must hold to be rescued...
const RESCUE_CHARS: u32 = 500;
/// ...with at most this share inside links.
const RESCUE_MAX_LINK_DENSITY: f32 = 0.25;
/// A byline-like element with more text than this is a wrapper, not a byline.
const MAX_BYLINE_CHARS: u32 = 400;
/// Score factor of containers inside (or being) soft boilerplate.
const NOISE_FACTOR: f32 = 0.5;

struct Walker {
    blocks: Vec<Block>,
    cands: Vec<Cand>,
    frames: Vec<Frame>,
    block_frames: Vec<usize>,
    cur: String,
    cur_link: u32,
    cur_chars: u32,
    pending_space: bool,
    link_depth: u32,
    noise: u32,
    byline: u32,
    lede: u32,
    seq: u32,
    big_bylines: Vec<u32>,
    /// Soft-noise elements that held much low-link text: (seq, noise above them).
    rescued: Vec<(u32, u32)>,
}

impl Walker {
    fn push_text(&mut self, t: &str) {
        for c in t.chars() {
            if is_invisible(c) {
                continue;
            }
            if c.is_whitespace() {
                if !self.cur.is_empty() {
                    self.pending_space = true;
                }
            } else {
                if self.pending_space {
                    self.cur.push(' ');
                    self.pending_space = false;
                }
                self.cur.push(c);
                self.cur_chars += 1;
                if self.link_depth > 0 {
                    self.cur_link += 1;
                }
            }
        }
    }

    /// Ends the current block (at a block boundary or `<br>`).
    fn flush(&mut self) {
        self.pending_space = false;
        if self.cur.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.cur);
        let chars = std::mem::take(&mut self.cur_chars);
        let link_chars = std::mem::take(&mut self.cur_link);
        let nb = self.block_frames.len();
        let (owner, kind) = match self.block_frames.last() {
            Some(&i) => (self.frames[i].seq, self.frames[i].kind),
            None => (0, Kind::Other),
        };
        let owner_parent = if nb >= 2 {
            self.frames[self.block_frames[nb - 2]].seq
        } else {
            0
        };
        let block = Block {
            text,
            kind,
            owner,
            owner_parent,
            link_chars,
            chars,
            noise: self.noise,
            byline: self.byline != 0,
            byline_seq: self.byline,
            lede: self.lede,
        };
        // Character totals go to the owner; they move up when it closes.
        if let Some(&i) = self.block_frames.last() {
            self.frames[i].chars += chars;
            self.frames[i].link_chars += link_chars;
        }
        // Readability content score, given to up to five ancestors of the owner.
        let scorable = chars >= MIN_SCORED_CHARS
            && !matches!(kind, Kind::H1 | Kind::Heading)
            && (kind != Kind::Item || block.link_density() < 0.5);
        if scorable {
            let commas = block.text.matches([',', '،', '、', '，']).count() as f32;
            let score = 1.0 + commas + (chars as f32 / 100.0).floor().min(3.0);
            for level in 0..5usize {
                let Some(pos) = nb.checked_sub(2 + level) else {
                    break;
                };
                let f = &mut self.frames[self.block_frames[pos]];
                if f.seq <= block.noise {
                    break;
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                f.score += score / div;
            }
        }
        self.blocks.push(block);
    }

    fn open(&mut self, el: &scraper::node::Element, buf: &mut String) -> bool {
        let name = el.name();
        let tag = tag_class(name);
        if tag == TagClass::Drop || is_hidden(el) {
            return false;
        }
        let protected = tag == TagClass::Protected;
        if !protected
            && el.attr("role").is_some_and(|r| {
                BOILERPLATE_ROLES
                    .iter()
                    .any(|b| r.trim().eq_ignore_ascii_case(b))
            })
        {
            return false;
        }
        let itemprop_body = el
            .attr("itemprop")
            .is_some_and(|p| p.split_ascii_whitespace().any(|x| x == "articleBody"));
        let ci = if el.attr("class").is_some() || el.attr("id").is_some() {
            class_info(el.attr("class"), el.attr("id"), buf)
        } else {
            ClassInfo::default()
        };
        let body_marker = ci.has(flag::BODY);
        if !protected && !itemprop_body && !body_marker && ci.has(flag::HARD) {
            return false;
        }
        let positive = ci.has(flag::POSITIVE);
        let soft_tag = tag == TagClass::SoftNoise;
        let soft_class = !protected && !itemprop_body && !positive && ci.has(flag::SOFT);
        let soft = soft_tag || soft_class;
        let rescuable = soft_class && !soft_tag && ci.soft_all_rescuable;
        let byline = !itemprop_body && !body_marker && !positive && ci.has(flag::BYLINE);
        let lede = !itemprop_body && !body_marker && ci.has(flag::LEDE);
        let negative = ci.has(flag::NEGATIVE);

        let flagged = soft || byline || lede;
        let is_block = flagged || tag != TagClass::Inline;
        self.seq += 1;
        let seq = self.seq;
        if is_block {
            self.flush();
        }
        if name == "br" || name == "hr" {
            self.flush();
        }
        let marker = if itemprop_body {
            MARKER_ITEMPROP
        } else if body_marker {
            MARKER_CLASS
        } else if name == "article" || name == "main" {
            MARKER_TAG
        } else {
            0
        };
        let mut weight = 0.0;
        if positive {
            weight += 25.0;
        }
        if negative {
            weight -= 25.0;
        }
        weight += match name {
            "div" => 5.0,
            "article" => 10.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let frame = Frame {
            seq,
            is_block,
            kind: Kind::of(name),
            score: 0.0,
            weight,
            chars: 0,
            link_chars: 0,
            marker,
            is_noise: soft,
            rescuable,
            is_byline: byline,
            is_link: name == "a",
            prev_noise: self.noise,
            prev_byline: self.byline,
            prev_lede: self.lede,
        };
        if soft {
            self.noise = seq;
        }
        if byline {
            self.byline = seq;
        }
        if lede && self.lede == 0 {
            self.lede = seq;
        }
        if frame.is_link {
            self.link_depth += 1;
        }
        if is_block {
            self.block_frames.push(self.frames.len());
        }
        self.frames.push(frame);
        true
    }

    fn close(&mut self) {
        let Some(top) = self.frames.last() else {
            return;
        };
        if top.is_block {
            self.flush();
        }
        let f = self.frames.pop().expect("frame checked above");
        if f.is_link {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        self.noise = f.prev_noise;
        self.byline = f.prev_byline;
        self.lede = f.prev_lede;
        if !f.is_block {
            return;
        }
        self.block_frames.pop();
        if f.is_byline && f.chars > MAX_BYLINE_CHARS {
            self.big_bylines.push(f.seq);
        }
        // A wrapper named like boilerplate that holds much plain text is no boilerplate.
        let mut is_noise = f.is_noise;
        if is_noise
            && f.rescuable
            && f.chars >= RESCUE_CHARS
            && (f.link_chars as f32) < f.chars as f32 * RESCUE_MAX_LINK_DENSITY
        {
            self.rescued.push((f.seq, f.prev_noise));
            is_noise = false;
        }
        // Propagate totals to the parent block (noise subtrees count for nothing above them).
        let parent_seq = match self.block_frames.last() {
            Some(&i) => {
                if !is_noise {
                    let p = &mut self.frames[i];
                    p.chars += f.chars;
                    p.link_chars += f.link_chars;
                }
                self.frames[i].seq
            }
            None => 0,
        };
        let has_score = f.score > 0.0 && f.chars > 0;
        let score = if has_score { f.score + f.weight } else { 0.0 };
        if has_score || f.marker > 0 {
            self.cands.push(Cand {
                seq: f.seq,
                end: self.seq,
                parent: parent_seq,
                score,
                chars: f.chars,
                link_chars: f.link_chars,
                marker: f.marker,
                is_noise,
                in_noise: is_noise || f.prev_noise != 0,
                noise_at: if f.is_noise { f.seq } else { f.prev_noise },
            });
        }
    }
}

/// Format characters that render as nothing (soft hyphen, zero-width space, BOM...).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{200e}' | '\u{200f}'
    )
}

/// Cuts the page into blocks and scores containers (one iterative walk).
pub fn walk(doc: &Html) -> Walk {
    let mut w = Walker {
        blocks: Vec::new(),
        cands: Vec::new(),
        frames: Vec::new(),
        block_frames: Vec::new(),
        cur: String::new(),
        cur_link: 0,
        cur_chars: 0,
        pending_space: false,
        link_depth: 0,
        noise: 0,
        byline: 0,
        lede: 0,
        seq: 0,
        big_bylines: Vec::new(),
        rescued: Vec::new(),
    };
    let mut buf = String::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => w.push_text(t),
                    Node::Element(el) if !w.open(el, &mut buf) => skip = Some(node.id()),
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if node.value().is_element() {
                    w.close();
                }
            }
        }
    }
    w.flush();
    // A "byline" element holding much text is a wrapper (`date-outer` around a blog post).
    w.big_bylines.sort_unstable();
    for b in &mut w.blocks {
        if b.byline && w.big_bylines.binary_search(&b.byline_seq).is_ok() {
            b.byline = false;
        }
    }
    // Rescued wrappers stop being noise for what they hold.
    if !w.rescued.is_empty() {
        w.rescued.sort_unstable();
        let resolve = |mut n: u32| {
            let mut guard = 0;
            while let Ok(i) = w.rescued.binary_search_by_key(&n, |r| r.0) {
                n = w.rescued[i].1;
                guard += 1;
                if guard > 10_000 {
                    break;
                }
            }
            n
        };
        for b in &mut w.blocks {
            if b.noise != 0 {
                b.noise = resolve(b.noise);
            }
        }
        for c in &mut w.cands {
            if c.noise_at != 0 {
                let n = resolve(c.noise_at);
                c.in_noise = n != 0;
            }
        }
    }
    Walk {
        blocks: w.blocks,
        cands: w.cands,
    }
}

/// The container(s) the article body was taken from: walk-number ranges `(seq, end)`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    ranges: Vec<(u32, u32)>,
    /// Blocks picked one by one (sibling paragraphs), by index.
    extra: Vec<usize>,
}

impl Selection {
    /// Is the element with this walk number inside the selected container(s)?
    pub fn contains(&self, seq: u32) -> bool {
        self.holds(seq).is_some()
    }

    fn holds(&self, seq: u32) -> Option<u32> {
        self.ranges
            .iter()
            .find(|&&(s, e)| s <= seq && seq <= e)
            .map(|&(s, _)| s)
    }
}

const MIN_MARKER_CHARS: u32 = 140;

/// Picks the container of the article: a marked body (`itemprop=articleBody`, body classes,
/// `<article>`) when it holds enough text, else the best Readability-scored container plus
/// its continuation siblings.
pub fn select(w: &Walk) -> Selection {
    let top = w
        .cands
        .iter()
        .filter(|c| c.score > 0.0)
        .max_by(|a, b| a.final_score().total_cmp(&b.final_score()));
    // Marked containers.
    // An <article> holding other <article>s is a list of teasers, not the article.
    let mut tag_markers: Vec<(u32, u32)> = w
        .cands
        .iter()
        .filter(|c| c.marker == MARKER_TAG)
        .map(|c| (c.seq, c.end))
        .collect();
    tag_markers.sort_unstable();
    let holds_other = |c: &Cand| {
        let i = tag_markers.partition_point(|&(s, _)| s <= c.seq);
        tag_markers.get(i).is_some_and(|&(s, _)| s <= c.end)
    };
    let mut best_marker: Option<&Cand> = None;
    for kind in [MARKER_ITEMPROP, MARKER_CLASS, MARKER_TAG] {
        best_marker = w
            .cands
            .iter()
            .filter(|c| c.marker == kind && c.chars >= MIN_MARKER_CHARS)
            .filter(|c| kind != MARKER_TAG || !holds_other(c))
            .max_by_key(|c| (c.chars, c.seq));
        if best_marker.is_some() {
            break;
        }
    }
    if let Some(m) = best_marker {
        let use_marker = match top {
            None => true,
            Some(t) => {
                let inside = m.contains(t.seq) || m.seq == t.seq;
                let around = t.contains(m.seq);
                if t.marker == MARKER_TAG && holds_other(t) {
                    true
                } else if m.marker == MARKER_TAG && inside {
                    false
                } else {
                    inside || around || t.chars <= m.chars.saturating_mul(3)
                }
            }
        };
        if use_marker {
            let mut sel = Selection::default();
            // The marked body may be split into sibling containers of the same kind.
            for c in w.cands.iter().filter(|c| {
                c.marker == m.marker
                    && c.parent == m.parent
                    && c.chars > 0
                    && !c.is_noise
                    && !(c.marker == MARKER_TAG && holds_other(c))
            }) {
                sel.ranges.push((c.seq, c.end));
            }
            if sel.ranges.is_empty() {
                sel.ranges.push((m.seq, m.end));
            }
            return sel;
        }
    }
    let Some(t) = top else {
        // Nothing scored (tiny page): the whole document, boilerplate still left out.
        return Selection {
            ranges: vec![(0, u32::MAX)],
            extra: Vec::new(),
        };
    };
    let mut sel = Selection::default();
    let top_score = t.final_score();
    let threshold = (top_score * 0.2).max(10.0);
    for c in w.cands.iter() {
        if c.seq == t.seq
            || (t.parent != 0
                && c.parent == t.parent
                && !c.is_noise
                && c.final_score() >= threshold)
        {
            sel.ranges.push((c.seq, c.end));
        }
    }
    if t.parent != 0 {
        for (i, b) in w.blocks.iter().enumerate() {
            if b.kind == Kind::P && b.owner_parent == t.parent && b.noise < t.parent {
                let ld = b.link_density();
                let ok = (b.chars > 80 && ld < 0.25)
                    || (b.chars > 0 && ld == 0.0 && b.text.contains(". "));
                if ok && sel.holds(b.owner).is_none() {
                    sel.extra.push(i);
                }
            }
        }
    }
    sel
}

/// Is this paragraph a boilerplate label or a "Lire aussi : ..." teaser?
pub fn is_boilerplate_paragraph(text: &str) -> bool {
    let lower = text.to_lowercase();
    let trimmed = lower
        .trim_end_matches([' ', ':', '.', '!', '>', '»', '→', '…'])
        .trim();
    if BOILERPLATE_PARAGRAPHS.contains(&trimmed) {
        return true;
    }
    lower.chars().count() < 300
        && BOILERPLATE_PARAGRAPH_STARTS.iter().any(|p| {
            lower.starts_with(p)
                && lower[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
}

/// Body paragraphs of the selection, boilerplate blocks left out (title/lede not yet removed).
pub fn body_blocks<'a>(w: &'a Walk, sel: &Selection) -> Vec<&'a Block> {
    let mut out = Vec::new();
    let mut extra = sel.extra.iter().peekable();
    for (i, b) in w.blocks.iter().enumerate() {
        let picked_extra = extra.peek().is_some_and(|&&e| e == i);
        if picked_extra {
            extra.next();
        }
        let container = match sel.holds(b.owner) {
            Some(c) => c,
            None if picked_extra => b.owner_parent,
            None => continue,
        };
        if b.noise > container {
            continue;
        }
        if b.byline && b.chars < 250 {
            continue;
        }
        if b.kind == Kind::H1 {
            continue;
        }
        if b.link_density() > 0.6 && b.chars < 300 {
            continue;
        }
        if is_boilerplate_paragraph(&b.text) {
            continue;
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let w = walk(&doc);
        let sel = select(&w);
        body_blocks(&w, &sel)
            .into_iter()
            .map(|b| b.text.clone())
            .collect()
    }

    const LONG: &str = "Le conseil municipal a voté, après un long débat, la rénovation complète de l'école, \
        qui accueillera ses élèves en septembre, selon le maire, qui s'en félicite.";

    #[test]
    fn blocks_are_not_glued() {
        let html = format!(
            "<html><body><article><p>{LONG} dans cette affaire.</p><p>L'abattage <em>a</em> eu lieu, <b>hier</b>.</p>\
             <div>Ligne un<br>Ligne deux</div><p>{LONG}</p></article></body></html>"
        );
        let b = body(&html);
        assert!(
            b.iter().any(|p| p.ends_with("dans cette affaire.")),
            "{b:?}"
        );
        assert!(
            b.contains(&"L'abattage a eu lieu, hier.".to_string()),
            "{b:?}"
        );
        assert!(
            b.contains(&"Ligne un".to_string()) && b.contains(&"Ligne deux".to_string()),
            "{b:?}"
        );
        assert!(!b.iter().any(|p| p.contains("affaire.L'")));
    }

    #[test]
    fn boilerplate_removed() {
        let html = format!(
            "<html><body><nav><a href='/'>Accueil</a> Menu principal</nav>\
             <div id='cookie-banner'>Nous utilisons des cookies pour améliorer</div>\
             <div class='main'><div class='article-body'><p>{LONG}</p>\
             <div class='share-buttons'>Partager sur Facebook</div>\
             <p>Lire aussi : Un autre article sans rapport</p>\
             <div class='lire-aussi'><a href='x'>Autre titre</a></div>\
             <script>var x = 'script text';</script><style>.a{{color:red}}</style>\
             <p>{LONG} Fin.</p></div>\
             <section id='comments'><p>{LONG} commentaire de lecteur</p></section></div>\
             <footer>Mentions légales</footer></body></html>"
        );
        let b = body(&html).join("\n");
        for bad in [
            "Accueil",
            "cookies",
            "Partager",
            "Lire aussi",
            "Autre titre",
            "script text",
            "color",
            "lecteur",
            "Mentions",
        ] {
            assert!(!b.contains(bad), "{bad} in {b}");
        }
        assert!(b.contains("Fin."));
    }

    #[test]
    fn scored_fallback_finds_body() {
        let html = format!(
            "<html><body><div class='sidebar'><p>{LONG} barre</p></div>\
             <div><div><p>{LONG} un</p><p>{LONG} deux</p><p>{LONG} trois</p></div></div>\
             <div class='related'><ul><li><a href='a'>Titre lié numéro un, très long</a></li></ul></div></body></html>"
        );
        let b = body(&html);
        assert_eq!(b.len(), 3, "{b:?}");
    }

    #[test]
    fn hidden_elements_dropped() {
        let html = format!(
            "<html><body><article><p>{LONG}</p><p hidden>caché un</p><p style='display: none'>caché deux</p>\
             <p aria-hidden='true'>caché trois</p></article></body></html>"
        );
        let b = body(&html).join("\n");
        assert!(!b.contains("caché"), "{b}");
    }
}
