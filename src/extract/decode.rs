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
    /// Bytes of UTF-8 text that were not UTF-8 and were read as windows-1252 (a file with `é`
    /// in both encodings, as when exports are pasted together).
    pub windows_1252_bytes: usize,
    /// The encoding a page declared, when its bytes are UTF-8 and were read so.
    pub declared_ignored: Option<&'static Encoding>,
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
        let rest = &bytes[bom_len..];
        return Ok(if encoding == UTF_8 {
            decode_utf8(rest, std::str::from_utf8(rest).is_ok())
        } else {
            decode_with(rest, encoding)
        });
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    let declared = if html { prescan_charset(bytes) } else { None };
    let utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        // A page that says UTF-16 but has no BOM is in fact ASCII-compatible (HTML standard).
        Some(e) if e == UTF_8 || e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {}
        // Bytes that are valid UTF-8, accents included, are UTF-8 whatever the page says (a
        // site moved to UTF-8 that kept its old `<meta charset>`): read as declared, `é` would
        // be `Ã©`. Text in a single-byte encoding is valid UTF-8 only by chance, all through.
        Some(e) if utf8 && !bytes.is_ascii() => {
            let mut d = decode_with(bytes, UTF_8);
            d.declared_ignored = Some(e);
            return Ok(d);
        }
        Some(e) => return Ok(decode_with(bytes, e)),
        None if utf8 => {}
        None => {
            if let Detected::Encoding(e) = detect(bytes) {
                return Ok(decode_with(bytes, e));
            }
        }
    }
    Ok(decode_utf8(bytes, utf8))
}

/// UTF-8 (marked by a BOM, declared, or found), `valid` or not; bytes that are not UTF-8 are
/// read as windows-1252 (`decode_mixed`).
fn decode_utf8(bytes: &[u8], valid: bool) -> Decoded {
    if valid {
        decode_with(bytes, UTF_8)
    } else {
        decode_mixed(bytes)
    }
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        had_errors,
        windows_1252_bytes: 0,
        declared_ignored: None,
    }
}

/// UTF-8 text with bytes that are not UTF-8 in it, each read as windows-1252: what a French
/// text holds when a Latin-1 `é` (one byte) sits among UTF-8 ones (two bytes). Nothing is lost,
/// where a single encoding would turn one part or the other into `�` or `Ã©`.
fn decode_mixed(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut windows_1252_bytes = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            let (latin, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(invalid);
            text.push_str(&latin);
            windows_1252_bytes += invalid.len();
        }
    }
    Decoded {
        text,
        encoding: UTF_8,
        had_errors: false,
        windows_1252_bytes,
        declared_ignored: None,
    }
}

/// How undeclared bytes that are not valid UTF-8 are to be read.
enum Detected {
    /// UTF-8, with the bytes that are not read as windows-1252 (`decode_mixed`).
    Mixed,
    /// One encoding for the whole file.
    Encoding(&'static Encoding),
}

/// Guesses how to read undeclared bytes that are not valid UTF-8:
/// - mostly UTF-8 with a few stray bytes (at least 4 valid non-ASCII characters per invalid
///   sequence): UTF-8, the stray bytes as windows-1252;
/// - otherwise chardetng guesses (French text: mostly windows-1252 / ISO-8859-1 / ISO-8859-15);
///   when it says windows-1252 but a fifth or more of the non-ASCII characters are valid UTF-8,
///   the file holds both (exports pasted together), and is read as mixed too. A windows-1252
///   text forms a valid UTF-8 pair only by chance (`É` before `»`), far below a fifth.
fn detect(bytes: &[u8]) -> Detected {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if valid_multibyte >= 4 * invalid {
        return Detected::Mixed;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"fr"), chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::WINDOWS_1252 && 4 * valid_multibyte >= invalid {
        return Detected::Mixed;
    }
    Detected::Encoding(guess)
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
    fn undeclared_utf8_with_a_stray_latin1_byte_keeps_both() {
        let d = decode(
            b"d\xc3\xa9but, r\xc3\xa9forme, \xc3\xa9t\xc3\xa9 et \xe9 fin",
            false,
        )
        .expect("decodes");
        assert_eq!(d.text, "début, réforme, été et é fin");
        assert_eq!(d.windows_1252_bytes, 1);
        assert!(!d.had_errors);
    }

    #[test]
    fn utf8_and_latin1_pasted_together_are_both_read() {
        // A UTF-8 paragraph, then a Latin-1 one with more accents: chardetng alone says
        // windows-1252, which would turn the first paragraph into `prÃ©sident`.
        let mut text = "Le président a parlé à Paris.\n\n".as_bytes().to_vec();
        text.extend_from_slice(b"L'\xe9t\xe9 fut chaud, la gr\xe8ve longue, la r\xe9forme vot\xe9e \xe0 l'Assembl\xe9e.");
        let d = decode(&text, false).expect("decodes");
        assert_eq!(
            d.text,
            "Le président a parlé à Paris.\n\nL'été fut chaud, la grève longue, la réforme votée à l'Assemblée."
        );
        assert_eq!(d.windows_1252_bytes, 7);
    }

    #[test]
    fn latin1_with_a_chance_utf8_pair_stays_latin1() {
        // `É»` (C9 BB) is a valid UTF-8 pair by chance; the rest of the text is windows-1252.
        let d = decode(
            b"\xab\xa0L'\xc9T\xc9\xbb, dit le pr\xe9sident, \xe9tait pr\xe9vu : la r\xe9forme, vot\xe9e \xe0 l'Assembl\xe9e, entre en vigueur.",
            false,
        )
        .expect("decodes");
        assert!(
            d.text.contains("L'ÉTÉ», dit le président, était prévu"),
            "{}",
            d.text
        );
        assert_eq!(d.windows_1252_bytes, 0);
    }

    #[test]
    fn bom_wins() {
        let d = decode(b"\xef\xbb\xbfcaf\xc3\xa9", false).expect("decodes");
        assert_eq!(d.text, "café");
        // Behind a UTF-8 BOM too, a Latin-1 byte is read, not replaced.
        let d = decode(b"\xef\xbb\xbfcaf\xc3\xa9 et th\xe9", false).expect("decodes");
        assert_eq!(d.text, "café et thé");
        assert_eq!(d.windows_1252_bytes, 1);
    }

    #[test]
    fn latin1_bytes_in_declared_utf8_are_read_not_replaced() {
        let d =
            decode(b"<meta charset=utf-8><p>caf\xc3\xa9 et th\xe9 ok</p>", true).expect("decodes");
        assert!(d.text.contains("café et thé ok"), "{}", d.text);
        assert_eq!(d.windows_1252_bytes, 1);
    }

    #[test]
    fn a_declaration_that_the_bytes_contradict_gives_way_to_utf8() {
        let page = "<meta charset=\"iso-8859-1\"><p>Sécurité routière</p>".as_bytes();
        let d = decode(page, true).expect("decodes");
        assert!(d.text.contains("Sécurité routière"), "{}", d.text);
        assert_eq!(d.declared_ignored, Some(encoding_rs::WINDOWS_1252));
        // Plain ASCII: the declaration stands (nothing tells them apart).
        let d = decode(b"<meta charset=\"iso-8859-1\"><p>Paris</p>", true).expect("decodes");
        assert_eq!(d.declared_ignored, None);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
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
