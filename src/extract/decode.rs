//! Bytes to text: byte-order mark, declared charset (`<meta charset>`, http-equiv), detection
//! when nothing is declared (chardetng, as browsers do), and a refusal of binary content.

use encoding_rs::{Encoding, UTF_8};

/// A file's text, decoded.
#[derive(Debug)]
pub struct Decoded {
    /// The text, in UTF-8.
    pub text: String,
    /// The encoding it was read in.
    pub encoding: &'static Encoding,
    /// Some bytes were not valid in that encoding and became U+FFFD.
    pub had_errors: bool,
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Zero bytes, or only white space.
    #[error("empty file")]
    Empty,
    /// NUL bytes or many control characters: not text in any encoding.
    #[error("binary content, not text")]
    Binary,
}

/// How far into an HTML file a charset declaration is looked for (as the HTML standard's prescan).
const PRESCAN_BYTES: usize = 1024 * 4;

/// Decodes a file's bytes. `html` enables the `<meta charset>` prescan.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(&bytes[bom_len..], encoding));
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    let declared = if html { prescan_charset(bytes) } else { None };
    let encoding = match declared {
        // A page that says UTF-16 but has no BOM is in fact ASCII-compatible (HTML standard).
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => detect(bytes),
    };
    Ok(decode_with(bytes, encoding))
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        had_errors,
    }
}

/// Guesses the encoding of undeclared bytes that are not valid UTF-8. Mostly-UTF-8 text with a
/// few broken sequences stays UTF-8 (replacement characters, not mojibake); otherwise chardetng
/// guesses (French text: mostly windows-1252 / ISO-8859-1 / ISO-8859-15).
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if valid_multibyte >= 4 * invalid {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"fr"), chardetng::Utf8Detection::Allow)
}

/// NUL bytes, or more than 10 % of C0 control characters other than tab, CR, LF and FF, in the
/// first 8 KB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > head.len()
}

/// Finds `<meta charset=...>` or `<meta http-equiv="Content-Type" content="...; charset=...">`
/// in the head of an HTML file.
fn prescan_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(e) = Encoding::for_label(&rest[..label_end]) {
                    return Some(e);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_windows_1252_is_honoured() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><body>".to_vec();
        page.extend_from_slice(b"S\xe9curit\xe9 \x93routi\xe8re\x94</body></html>");
        let d = decode(&page, true).expect("decodes");
        assert!(d.text.contains("Sécurité “routière”"), "{}", d.text);
        assert!(!d.had_errors);
    }

    #[test]
    fn http_equiv_is_honoured() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\xe9t\xe9";
        assert!(decode(page, true).expect("decodes").text.ends_with("été"));
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let text = b"Le pr\xe9sident a annonc\xe9 une r\xe9forme des retraites tr\xe8s contest\xe9e \xe0 l'Assembl\xe9e.";
        let d = decode(text, false).expect("decodes");
        assert!(d.text.contains("président"), "{}", d.text);
    }

    #[test]
    fn undeclared_utf8_with_a_stray_byte_stays_utf8() {
        let d = decode(
            b"d\xc3\xa9but, r\xc3\xa9forme, \xc3\xa9t\xc3\xa9 et \xe9 fin",
            false,
        )
        .expect("decodes");
        assert!(d.text.contains("début, réforme, été"), "{}", d.text);
        assert!(d.had_errors);
    }

    #[test]
    fn bom_wins() {
        let d = decode(b"\xef\xbb\xbfcaf\xc3\xa9", false).expect("decodes");
        assert_eq!(d.text, "café");
    }

    #[test]
    fn invalid_bytes_in_declared_utf8_are_replaced_not_fatal() {
        let d = decode(b"<meta charset=utf-8><p>caf\xc3\xa9 \xff ok</p>", true).expect("decodes");
        assert!(d.had_errors);
        assert!(d.text.contains("café \u{fffd} ok"));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x00\x00", true).err(),
            Some(DecodeError::Binary)
        );
        assert_eq!(decode(b"  \n", false).err(), Some(DecodeError::Empty));
    }
}
