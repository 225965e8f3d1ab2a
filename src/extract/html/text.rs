//! Small text helpers of the HTML extractor: leftover entity decoding, comparison keys.

use crate::extract::normalize_ws;

/// Decodes entities left in already-decoded text (double-escaped metadata such as `&amp;amp;`),
/// then normalises whitespace.
pub fn clean(s: &str) -> String {
    if s.contains('&') {
        normalize_ws(&decode_entities(s))
    } else {
        normalize_ws(s)
    }
}

/// Decodes the common named entities and numeric character references; unknown ones stay as is.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_one(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ecirc" => 'ê',
        "ccedil" => 'ç',
        _ => return None,
    })
}

/// Comparison key: lower-case alphanumeric words joined by one space (punctuation and case ignored).
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.extend(c.to_lowercase());
        } else {
            pending = true;
        }
    }
    out
}

/// Number of words (whitespace-separated).
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_spaces() {
        assert_eq!(clean("  Jacob &amp;amp; Co \n x"), "Jacob &amp; Co x");
        assert_eq!(clean("Jacob &amp; Co"), "Jacob & Co");
        assert_eq!(
            clean("l&#39;été &#x2019; &bogus; & fin"),
            "l'été ’ &bogus; & fin"
        );
        assert_eq!(key("L'Été, à Paris!"), "l été à paris");
    }
}
