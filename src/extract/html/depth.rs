//! A guard before parsing: html5ever's tree builder slows down quadratically with the depth of
//! open elements (100,000 nested `<div>`s take tens of seconds). No real page nests anywhere near
//! [`MAX_DEPTH`] elements, so tags that would open deeper than that are dropped (their text is
//! kept), and such a page parses in linear time.

use std::borrow::Cow;

/// Deepest element nesting kept.
pub const MAX_DEPTH: usize = 512;

/// Elements that never hold others (void), or that close their previous sibling implicitly
/// (`<p>`, `<li>`... often left unclosed): they do not count towards the depth.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody",
];

/// What one `<...>` is.
enum Tag<'a> {
    Open(&'a str),
    Close,
    Other,
}

fn classify(tag: &str) -> Tag<'_> {
    let inner = &tag[1..];
    if let Some(rest) = inner.strip_prefix('/') {
        return if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            Tag::Close
        } else {
            Tag::Other
        };
    }
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) || tag.ends_with("/>") {
        return Tag::Other;
    }
    let end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    Tag::Open(&inner[..end])
}

/// Each tag of the page, as a byte range, in order (comments, scripts and styles are skipped
/// whole: their content is not markup).
fn tags(html: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = at + memchr(b'<', &bytes[at..])?;
            let rest = &html[start..];
            let skip_to = if rest.starts_with("<!--") {
                Some("-->")
            } else if starts_with_ci(rest, "<script") {
                Some("</script")
            } else if starts_with_ci(rest, "<style") {
                Some("</style")
            } else {
                None
            };
            if let Some(end_marker) = skip_to
                && !rest.starts_with("<!--")
            {
                // Report the opening tag itself; the content is skipped below.
                let close = start + memchr(b'>', &bytes[start..]).unwrap_or(bytes.len() - start);
                let body_end =
                    find_ci(&html[close..], end_marker).map_or(bytes.len(), |i| close + i);
                at = body_end;
                return Some((start, (close + 1).min(bytes.len())));
            }
            if let Some(end_marker) = skip_to {
                at = rest
                    .find(end_marker)
                    .map_or(bytes.len(), |i| start + i + end_marker.len());
                continue;
            }
            let end = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
            at = end;
            return Some((start, end));
        }
    })
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The page unchanged, or without the tags that open (and close) deeper than [`MAX_DEPTH`].
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut too_deep = false;
    for (a, b) in tags(html) {
        match classify(&html[a..b]) {
            Tag::Open(name) if !NOT_COUNTED.iter().any(|v| v.eq_ignore_ascii_case(name)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    too_deep = true;
                    break;
                }
            }
            Tag::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if !too_deep {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut copied = 0;
    for (a, b) in tags(html) {
        let drop = match classify(&html[a..b]) {
            Tag::Open(name) if !NOT_COUNTED.iter().any(|v| v.eq_ignore_ascii_case(name)) => {
                depth += 1;
                depth > MAX_DEPTH
            }
            Tag::Close => {
                let deep = depth > MAX_DEPTH;
                depth = depth.saturating_sub(1);
                deep
            }
            _ => false,
        };
        if drop {
            out.push_str(&html[copied..a]);
            copied = b;
        }
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = "<html><body><div><p>un<p>deux<br><img src=x></div><script>if (a<b) {}</script></body></html>";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_tags_are_dropped_and_text_kept() {
        let n = MAX_DEPTH + 100;
        let page = format!("{}<b>fond</b>{}", "<div>".repeat(n), "</div>".repeat(n));
        let out = limit_nesting(&page);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("fond"));
    }
}
