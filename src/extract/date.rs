//! Publication dates: owns parsing metadata date stamps and finding dates in bylines.
//!
//! Everything goes through one tokenizing pass (`tokenize`) that turns text into numbers,
//! accent-folded lowercase words, spaces and single punctuation marks. Small recursive-descent
//! functions then read date forms off that token stream:
//!
//! - ISO 8601 / RFC 3339 (`2020-07-02T19:19:33+02:00`, `2020-07-02 19:19`, `20200702`),
//! - RFC 2822 (`Thu, 02 Jul 2020 19:19:33 +0200`),
//! - French day-first numbers (`09/11/2016 à 14h30`, `9.11.16`),
//! - month names in French or English (`jeudi 02 juillet 2020 à 21h05`, `1er mars 2024`,
//!   `July 2, 2020`).
//!
//! The day is always kept as the source wrote it: nothing is converted to UTC.

use chrono::{FixedOffset, NaiveDate, NaiveTime};

/// A publication stamp: the calendar day in the source's own time zone, with the time and the
/// UTC offset when the source gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PubDate {
    /// Calendar day as the source wrote it (not converted to UTC).
    pub date: NaiveDate,
    /// Local time of day, when known (to the second; fractions of a second are dropped).
    pub time: Option<NaiveTime>,
    /// Offset from UTC, when known. The parsers here only set it together with `time`.
    pub offset: Option<FixedOffset>,
}

impl PubDate {
    /// `YYYY-MM-DD`.
    pub fn day_string(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    /// RFC 3339 when time and offset are known; ISO 8601 local date-time when only the time is;
    /// the bare day otherwise.
    pub fn rfc3339(&self) -> String {
        match (self.time, self.offset) {
            (Some(t), Some(o)) => self
                .date
                .and_time(t)
                .and_local_timezone(o)
                .single()
                .map_or_else(
                    || self.day_string(),
                    |dt| dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ),
            (Some(t), None) => self
                .date
                .and_time(t)
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string(),
            _ => self.day_string(),
        }
    }

    /// Seconds since the epoch, for sorting and range filters: the local day and time read as
    /// UTC, so that a date filter matches the calendar day the source printed.
    pub fn sort_key(&self) -> i64 {
        self.date
            .and_time(self.time.unwrap_or(NaiveTime::MIN))
            .and_utc()
            .timestamp()
    }
}

/// Earliest year [`parse_date`] and the text finders accept.
pub const MIN_YEAR: i32 = 1800;

/// Latest year [`parse_date`] and the text finders accept.
pub const MAX_YEAR: i32 = 2200;

/// How many characters at the start of a text [`find_date_in_text`] and
/// [`find_modified_in_text`] look at (bylines are short; this bounds the work on long input).
pub const TEXT_SCAN_CHARS: usize = 1000;

/// How many characters of a stamp [`parse_date`] reads: anything further is trailing garbage.
const STAMP_CHARS: usize = 200;

/// Month names, accent-folded and lowercase, French then English; index 0 is January.
/// Abbreviations are listed without their dot ("janv.", "févr.", "déc." are read as words).
const MONTH_NAMES: [&[&str]; 12] = [
    &["janvier", "janv", "jan", "january"],
    &["fevrier", "fevr", "fev", "february", "feb"],
    &["mars", "mar", "march"],
    &["avril", "avr", "april", "apr"],
    &["mai", "may"],
    &["juin", "june", "jun"],
    &["juillet", "juil", "juill", "july", "jul"],
    &["aout", "august", "aug"],
    &["septembre", "sept", "sep", "september"],
    &["octobre", "oct", "october"],
    &["novembre", "nov", "november"],
    &["decembre", "dec", "december"],
];

/// Day names (accent-folded, lowercase), skipped before a date: "jeudi 02 juillet", "Thu, 02 Jul".
const WEEKDAYS: &[&str] = &[
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche", //
    "lun",
    "mar",
    "mer",
    "jeu",
    "ven",
    "sam",
    "dim", //
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday", //
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Other words skipped before a date: "le 3 mars 2024", "on July 2, 2020".
const DATE_LEAD_WORDS: &[&str] = &["le", "the", "on"];

/// Zone abbreviations and their offset east of UTC in minutes. They count only when written in
/// capitals ("cet", "est" are French words), except a `z` glued to the time.
const ZONES: &[(&str, i32)] = &[
    ("z", 0),
    ("ut", 0),
    ("utc", 0),
    ("gmt", 0),
    ("wet", 0),
    ("west", 60),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("est", -300),
    ("edt", -240),
    ("cst", -360),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
];

/// Largest offset from UTC accepted, in hours (real zones span -12:00 to +14:00).
const MAX_OFFSET_HOURS: u32 = 14;

/// Ordinal suffixes after a day number: "1er", "1ᵉʳ", "2nd", "3rd", "4th".
const ORDINALS: &[&str] = &["er", "e", "st", "nd", "rd", "th"];

/// Separators of numeric dates: `2020-07-02`, `09/11/2016`, `9.11.2016`.
const DATE_SEPARATORS: &[char] = &['-', '/', '.'];

/// Words between a date and its time: "2 juillet 2020 à 21h05", "July 2, 2020 at 9:05".
const TIME_LEAD_WORDS: &[&str] = &["a", "at", "vers"];

/// Punctuation between a date and its time: "2 juillet 2020, 21h05", "27-04-2024 - 10:00".
const TIME_LEAD_PUNCT: &[char] = &[',', '-', '|'];

/// Words that say the date after them is the publication date.
const PUBLISHED_WORDS: &[&str] = &[
    "publie",
    "publiee",
    "publication",
    "paru",
    "parue",
    "parution",
    "cree",
    "creee",
    "mis",  // "mis en ligne le"
    "mise", // "mise en ligne le"
    "published",
    "posted",
];

/// Words that say the date after them is an update ("mis à jour" is recognised from "à jour").
const MODIFIED_WORDS: &[&str] = &[
    "modifie",
    "modifiee",
    "modification",
    "actualise",
    "actualisee",
    "maj",
    "updated",
    "modified",
    "revised",
];

/// Words that may sit between such a keyword and its date: "publié en ligne le", "publié ce jeudi".
const KEYWORD_GAP_WORDS: &[&str] = &["le", "ce", "en", "ligne", "date", "du", "on", "the", "at"];

/// How many tokens back from a date its keyword is looked for.
const KEYWORD_LOOKBACK: usize = 8;

/// Accented letters (after lowercasing) and the base letter each folds to. Superscript `ᵉ` and
/// `ʳ` fold too, for "1ᵉʳ mars".
const ACCENTS: &[(&str, char)] = &[
    ("àáâãäå", 'a'),
    ("ç", 'c'),
    ("èéêëᵉ", 'e'),
    ("ìíîï", 'i'),
    ("ñ", 'n'),
    ("òóôõö", 'o'),
    ("ʳ", 'r'),
    ("ùúûü", 'u'),
    ("ýÿ", 'y'),
];

/// Parses one date stamp (a metadata value such as `2020-07-02T19:19:33+02:00`).
///
/// Accepts ISO 8601 / RFC 3339 (with `T`, a space or a glued zone abbreviation between day and
/// time, fractions of a second, `Z`, `+02:00`, `+0200`, `+02`, `CEST`...), the compact
/// `20200702[T191933]`, RFC 2822, French day-first numeric dates (`09/11/2016`, `9.11.16`, always
/// day first, two-digit years `69`–`99` read as 19xx and `00`–`68` as 20xx), and day-month-year
/// or month-day-year with French or English month names. A weekday, "le", "the" or "on" may come
/// first; a time may follow (`14:30`, `21h05`, `21h`, `9:05 pm`), then an offset or zone.
///
/// Returns the day as written, never converted to UTC. Returns `None` when the stamp does not
/// start with a date, when the date does not exist (`31/02/2020`), when its year is outside
/// [`MIN_YEAR`]`..=`[`MAX_YEAR`], or when it has no year (`1er mars`, `15 août`: the year cannot
/// be known). Anything after a valid date is ignored, including a time that is not valid
/// (`2020-07-02T25:00` gives the bare day).
pub fn parse_date(s: &str) -> Option<PubDate> {
    let toks = tokenize(s, STAMP_CHARS);
    let parser = Parser {
        toks: &toks,
        stamp: true,
    };
    parser.stamp_at(0).map(|(date, _)| date)
}

/// Finds a publication date in running text such as a byline
/// ("publié le jeudi 02 juillet 2020 à 21h05", "Mis à jour le 3 mars 2024").
///
/// Reads the same forms as [`parse_date`] (except the compact `20200702`) anywhere in the first
/// [`TEXT_SCAN_CHARS`] characters. A date introduced by "publié", "publication", "mis en ligne",
/// "published"... wins; otherwise the first date with no keyword; otherwise the first date,
/// even one introduced by "mis à jour" / "modifié". Dates without a year are skipped.
pub fn find_date_in_text(s: &str) -> Option<PubDate> {
    let found = dates_in_text(s);
    found
        .iter()
        .find(|(_, kind)| *kind == Kind::Published)
        .or_else(|| found.iter().find(|(_, kind)| *kind == Kind::Unlabelled))
        .or_else(|| found.first())
        .map(|(date, _)| *date)
}

/// Finds the "updated" date in a byline ("Mis à jour le 3 mars 2024 à 10h12", "modifié le ..."), if any.
///
/// That is the first date introduced by "mis à jour", "mise à jour", "MàJ", "modifié",
/// "actualisé", "updated"... in the first [`TEXT_SCAN_CHARS`] characters. An update that gives
/// only a time ("mis à jour à 10h") is not returned: its day is not written.
pub fn find_modified_in_text(s: &str) -> Option<PubDate> {
    first_of_kind(s, Kind::Modified)
}

/// Finds a date that the text says is the publication's ("mise en ligne 23 mai 2019", "publié
/// le ..."), ignoring dates without such a word: for text far from the headline, where a bare
/// date is as likely a comment's or another article's.
pub fn find_labelled_date_in_text(s: &str) -> Option<PubDate> {
    first_of_kind(s, Kind::Published)
}

/// The first date of `s` that its words say is of `kind`.
fn first_of_kind(s: &str, kind: Kind) -> Option<PubDate> {
    dates_in_text(s)
        .into_iter()
        .find(|(_, k)| *k == kind)
        .map(|(date, _)| date)
}

/// What the words before a date in running text say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Published,
    Modified,
    Unlabelled,
}

/// Every date in the first [`TEXT_SCAN_CHARS`] characters of `s`, in order, with its kind.
fn dates_in_text(s: &str) -> Vec<(PubDate, Kind)> {
    let toks = tokenize(s, TEXT_SCAN_CHARS);
    let parser = Parser {
        toks: &toks,
        stamp: false,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parser.stamp_at(i) {
            Some((date, end)) => {
                found.push((date, kind_before(&toks, i)));
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    found
}

/// Classifies the date starting at token `start` by the keyword just before it.
fn kind_before(toks: &[Tok], start: usize) -> Kind {
    let mut k = start;
    for _ in 0..KEYWORD_LOOKBACK {
        let Some(prev) = k.checked_sub(1) else { break };
        k = prev;
        match toks.get(k) {
            Some(Tok::Word { folded, .. }) => {
                let w = folded.as_str();
                if PUBLISHED_WORDS.contains(&w) {
                    return Kind::Published;
                }
                if MODIFIED_WORDS.contains(&w) || (w == "jour" && word_before(toks, k) == Some("a"))
                {
                    return Kind::Modified;
                }
                if !KEYWORD_GAP_WORDS.contains(&w) {
                    return Kind::Unlabelled;
                }
            }
            Some(Tok::Space | Tok::Punct(_)) => {}
            Some(Tok::Num { .. }) | None => return Kind::Unlabelled,
        }
    }
    Kind::Unlabelled
}

/// The word just before token `k`, skipping one space.
fn word_before(toks: &[Tok], k: usize) -> Option<&str> {
    let mut j = k.checked_sub(1)?;
    if matches!(toks.get(j), Some(Tok::Space)) {
        j = j.checked_sub(1)?;
    }
    match toks.get(j) {
        Some(Tok::Word { folded, .. }) => Some(folded),
        _ => None,
    }
}

/// One token of the single tokenizing pass.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A run of ASCII digits: its value (saturating) and how many digits it has.
    Num { value: u32, digits: usize },
    /// A run of letters, lowercased and accent-folded; `upper` when all were capitals.
    Word { folded: String, upper: bool },
    /// A run of whitespace (including no-break spaces U+00A0 and U+202F).
    Space,
    /// Any other character, alone.
    Punct(char),
}

/// Splits the first `max_chars` characters of `s` into tokens. Combining accents (U+0300 to
/// U+036F) inside a word are dropped, so decomposed "aou\u{302}t" reads as "aout".
fn tokenize(s: &str, max_chars: usize) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = s.chars().take(max_chars).peekable();
    while let Some(c) = chars.next() {
        if let Some(first) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            let (mut value, mut digits) = (first, 1);
            while let Some(d) = chars
                .peek()
                .and_then(|d| d.to_digit(10).filter(|_| d.is_ascii_digit()))
            {
                value = value.saturating_mul(10).saturating_add(d);
                digits += 1;
                chars.next();
            }
            toks.push(Tok::Num { value, digits });
        } else if c.is_alphabetic() {
            let mut folded = String::new();
            let mut upper = c.is_uppercase();
            push_folded(&mut folded, c);
            while let Some(&d) = chars.peek() {
                if d.is_alphabetic() {
                    upper &= d.is_uppercase();
                    push_folded(&mut folded, d);
                } else if !is_combining(d) {
                    break;
                }
                chars.next();
            }
            toks.push(Tok::Word { folded, upper });
        } else if c.is_whitespace() {
            while chars.peek().is_some_and(|d| d.is_whitespace()) {
                chars.next();
            }
            toks.push(Tok::Space);
        } else {
            toks.push(Tok::Punct(c));
        }
    }
    toks
}

/// Whether `c` is a combining diacritical mark.
fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Appends `c` lowercased and without its accent.
fn push_folded(out: &mut String, c: char) {
    for lower in c.to_lowercase() {
        let base = ACCENTS
            .iter()
            .find(|(accented, _)| accented.contains(lower))
            .map_or(lower, |(_, base)| *base);
        out.push(base);
    }
}

/// The month (1–12) a folded word names.
fn month_number(word: &str) -> Option<u32> {
    let index = MONTH_NAMES.iter().position(|names| names.contains(&word))?;
    u32::try_from(index + 1).ok()
}

/// A calendar day, if it exists and its year is in range.
fn make_date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year).ok()?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A year written with `digits` digits: two-digit years pivot like POSIX `%y` (69–99 → 19xx,
/// 00–68 → 20xx).
fn full_year(value: u32, digits: usize) -> Option<u32> {
    match digits {
        4 => Some(value),
        2 if value >= 69 => Some(1900 + value),
        2 => Some(2000 + value),
        _ => None,
    }
}

/// Reads dates off a token slice. Every method takes a token index and, on success, returns
/// what it read and the index just past it; any index may be out of range.
struct Parser<'a> {
    toks: &'a [Tok],
    /// Reading one stamp (`parse_date`) rather than scanning running text: allows `20200702`.
    stamp: bool,
}

impl Parser<'_> {
    /// The number at `i`: value and digit count.
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        match self.toks.get(i) {
            Some(Tok::Num { value, digits }) => Some((*value, *digits)),
            _ => None,
        }
    }

    /// The value of the number at `i`, if it has between `min` and `max` digits.
    fn num_of(&self, i: usize, min: usize, max: usize) -> Option<u32> {
        self.num(i)
            .filter(|(_, digits)| (min..=max).contains(digits))
            .map(|(value, _)| value)
    }

    /// The folded word at `i`.
    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Tok::Word { folded, .. }) => Some(folded),
            _ => None,
        }
    }

    /// The punctuation mark at `i`.
    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i) {
            Some(Tok::Punct(c)) => Some(*c),
            _ => None,
        }
    }

    /// Whether token `i` is a space.
    fn is_space(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some(Tok::Space))
    }

    /// `i`, moved past a space if there is one.
    fn skip_space(&self, i: usize) -> usize {
        if self.is_space(i) { i + 1 } else { i }
    }

    /// Past the space at `i`, which must be there.
    fn space(&self, i: usize) -> Option<usize> {
        self.is_space(i).then_some(i + 1)
    }

    /// A date with its time and offset when they follow, starting at `i` (after any weekday,
    /// "le", comma or space).
    fn stamp_at(&self, i: usize) -> Option<(PubDate, usize)> {
        let start = self.skip_date_lead(i);
        let (date, compact, end) = self.date_at(start)?;
        let (time_start, zone_hint) = self.time_lead(end);
        let stamp = match self.time_at(time_start, compact) {
            Some((time, offset, after)) => {
                let offset = offset.or(zone_hint);
                (
                    PubDate {
                        date,
                        time: Some(time),
                        offset,
                    },
                    after,
                )
            }
            None => (
                PubDate {
                    date,
                    time: None,
                    offset: None,
                },
                end,
            ),
        };
        Some(stamp)
    }

    /// Past what may precede a date: spaces, commas, weekdays (with their dot), "le", "on".
    fn skip_date_lead(&self, i: usize) -> usize {
        let mut j = i;
        for _ in 0..6 {
            match self.toks.get(j) {
                Some(Tok::Space | Tok::Punct(',')) => j += 1,
                Some(Tok::Word { folded, .. })
                    if WEEKDAYS.contains(&folded.as_str())
                        || DATE_LEAD_WORDS.contains(&folded.as_str()) =>
                {
                    j += 1;
                    if self.punct(j) == Some('.') {
                        j += 1;
                    }
                }
                _ => break,
            }
        }
        j
    }

    /// A calendar day in any supported form; the flag says it was the compact `YYYYMMDD`.
    fn date_at(&self, i: usize) -> Option<(NaiveDate, bool, usize)> {
        if let Some((date, end)) = self.compact_date(i) {
            return Some((date, true, end));
        }
        self.iso_date(i)
            .or_else(|| self.numeric_dmy(i))
            .or_else(|| self.named_dmy(i))
            .or_else(|| self.named_mdy(i))
            .map(|(date, end)| (date, false, end))
    }

    /// `YYYYMMDD`, in stamps only (in running text an eight-digit number is rarely a date).
    fn compact_date(&self, i: usize) -> Option<(NaiveDate, usize)> {
        if !self.stamp {
            return None;
        }
        let v = self.num_of(i, 8, 8)?;
        Some((make_date(v / 10_000, v / 100 % 100, v % 100)?, i + 1))
    }

    /// Three numbers joined by one repeated separator (`-`, `/` or `.`), with digit-count bounds
    /// for each; not part of a longer chain such as a phone number `06.12.34.56.78`.
    fn numeric_triple(
        &self,
        i: usize,
        widths: [(usize, usize); 3],
    ) -> Option<([(u32, usize); 3], usize)> {
        let sep = self.punct(i + 1).filter(|c| DATE_SEPARATORS.contains(c))?;
        let mut parts = [(0, 0); 3];
        for (k, (min, max)) in widths.into_iter().enumerate() {
            let at = i + 2 * k;
            if k > 0 && self.punct(at - 1) != Some(sep) {
                return None;
            }
            parts[k] = self
                .num(at)
                .filter(|(_, digits)| (min..=max).contains(digits))?;
        }
        let chained_before = i >= 2 && self.punct(i - 1) == Some(sep) && self.num(i - 2).is_some();
        let chained_after = self.punct(i + 5) == Some(sep) && self.num(i + 6).is_some();
        (!chained_before && !chained_after).then_some((parts, i + 5))
    }

    /// Year first: `2020-07-02`, `2020/07/02`, `2020.7.2`.
    fn iso_date(&self, i: usize) -> Option<(NaiveDate, usize)> {
        let ([(y, _), (m, _), (d, _)], end) = self.numeric_triple(i, [(4, 4), (1, 2), (1, 2)])?;
        Some((make_date(y, m, d)?, end))
    }

    /// Day first: `09/11/2016`, `09-11-2016`, `9.11.2016`, `09/11/16`.
    fn numeric_dmy(&self, i: usize) -> Option<(NaiveDate, usize)> {
        let ([(d, _), (m, _), (y, y_digits)], end) =
            self.numeric_triple(i, [(1, 2), (1, 2), (2, 4)])?;
        Some((make_date(full_year(y, y_digits)?, m, d)?, end))
    }

    /// Past an ordinal suffix at `i` ("er", "st"...), if there is one.
    fn skip_ordinal(&self, i: usize) -> usize {
        if self.word(i).is_some_and(|w| ORDINALS.contains(&w)) {
            i + 1
        } else {
            i
        }
    }

    /// The month named at `i` (with its abbreviation dot) and the index past it.
    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let month = self.word(i).and_then(month_number)?;
        let end = if self.punct(i + 1) == Some('.') {
            i + 2
        } else {
            i + 1
        };
        Some((month, end))
    }

    /// Day, month name, year: `15 août 2016`, `1er mars 2024`, `02 Jul 2020`, `2 janv. 2020`.
    fn named_dmy(&self, i: usize) -> Option<(NaiveDate, usize)> {
        let d = self.num_of(i, 1, 2)?;
        let j = self.space(self.skip_ordinal(i + 1))?;
        let (m, j) = self.month_at(j)?;
        let j = self.skip_space(j);
        let y = self.num_of(j, 4, 4)?;
        Some((make_date(y, m, d)?, j + 1))
    }

    /// Month name, day, year: `July 2, 2020`, `Jul 2nd 2020`.
    fn named_mdy(&self, i: usize) -> Option<(NaiveDate, usize)> {
        let (m, j) = self.month_at(i)?;
        let j = self.space(j)?;
        let d = self.num_of(j, 1, 2)?;
        let mut j = self.skip_ordinal(j + 1);
        if self.punct(j) == Some(',') {
            j += 1;
        }
        let j = self.space(j)?;
        let y = self.num_of(j, 4, 4)?;
        Some((make_date(y, m, d)?, j + 1))
    }

    /// Where a time may start after a date ending at `i`: after `T`, a glued zone abbreviation
    /// (`2016-08-15CEST10:01`, whose offset is returned), or a space, "à", "at", comma or dash.
    fn time_lead(&self, i: usize) -> (usize, Option<FixedOffset>) {
        if let Some(offset) = self.zone_word(i, false)
            && self.num(i + 1).is_some()
        {
            return (i + 1, Some(offset));
        }
        if self.word(i) == Some("t") {
            return (i + 1, None);
        }
        let j = self.skip_space(i);
        let lead_word = self.word(j).is_some_and(|w| TIME_LEAD_WORDS.contains(&w));
        let lead_punct = self.punct(j).is_some_and(|c| TIME_LEAD_PUNCT.contains(&c));
        if lead_word || lead_punct {
            (self.skip_space(j + 1), None)
        } else {
            (j, None)
        }
    }

    /// A time of day and the offset written after it: `19:19:33.123+02:00`, `21h05`, `21h`,
    /// `9:05 pm`, `10:01:00 CEST`; `compact` also allows `191933` / `1919`.
    fn time_at(&self, i: usize, compact: bool) -> Option<(NaiveTime, Option<FixedOffset>, usize)> {
        let (value, digits) = self.num(i)?;
        let (mut hour, minute, second, mut j) = match digits {
            6 if compact => (value / 10_000, value / 100 % 100, value % 100, i + 1),
            4 if compact => (value / 100, value % 100, 0, i + 1),
            1 | 2 => self.clock_rest(value, i + 1)?,
            _ => return None,
        };
        let k = self.skip_space(j);
        if let Some(meridiem @ ("am" | "pm")) = self.word(k) {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + if meridiem == "pm" { 12 } else { 0 };
            j = k + 1;
        }
        let time = NaiveTime::from_hms_opt(hour, minute, second)?;
        Some(match self.offset_at(j) {
            Some((offset, end)) => (time, Some(offset), end),
            None => (time, None, j),
        })
    }

    /// After the hour at `i - 1`: `:MM[:SS[.fff]]` or `h[MM]`. Fractions of a second are read
    /// and dropped.
    fn clock_rest(&self, hour: u32, i: usize) -> Option<(u32, u32, u32, usize)> {
        if self.word(i) == Some("h") {
            return Some(match self.num_of(i + 1, 2, 2) {
                Some(minute) => (hour, minute, 0, i + 2),
                None => (hour, 0, 0, i + 1),
            });
        }
        if self.punct(i) != Some(':') {
            return None;
        }
        let minute = self.num_of(i + 1, 2, 2)?;
        let Some(second) = self
            .num_of(i + 3, 2, 2)
            .filter(|_| self.punct(i + 2) == Some(':'))
        else {
            return Some((hour, minute, 0, i + 2));
        };
        let mut end = i + 4;
        if matches!(self.punct(end), Some('.' | ',')) && self.num(end + 1).is_some() {
            end += 2;
        }
        Some((hour, minute, second, end))
    }

    /// An offset after a time: numeric (`+02:00`, `+0200`, `+02`, `-05:00`), a zone abbreviation
    /// (`Z`, `CEST`, `GMT`), or UT/UTC/GMT followed by a numeric one (`GMT+2`). One space may
    /// come first, but then a numeric offset needs four digits or `hh:mm`.
    fn offset_at(&self, i: usize) -> Option<(FixedOffset, usize)> {
        if let Some(found) = self.numeric_offset(i, true) {
            return Some(found);
        }
        let spaced = self.space(i);
        if let Some(found) = spaced.and_then(|j| self.numeric_offset(j, false)) {
            return Some(found);
        }
        let (at, zone) = match (self.zone_word(i, true), spaced) {
            (Some(zone), _) => (i, zone),
            (None, Some(j)) => (j, self.zone_word(j, false)?),
            (None, None) => return None,
        };
        if zone.local_minus_utc() == 0
            && let Some(found) = self.numeric_offset(at + 1, true)
        {
            return Some(found);
        }
        Some((zone, at + 1))
    }

    /// `+hh:mm`, `+hhmm`, or, when `glued` to what precedes, `+hh`/`+h`; `-` and `−` (U+2212)
    /// for negative offsets.
    fn numeric_offset(&self, i: usize, glued: bool) -> Option<(FixedOffset, usize)> {
        let sign = match self.punct(i)? {
            '+' => 1,
            '-' | '\u{2212}' => -1,
            _ => return None,
        };
        let (value, digits) = self.num(i + 1)?;
        let colon_minutes = self
            .num_of(i + 3, 2, 2)
            .filter(|_| self.punct(i + 2) == Some(':'));
        let (hours, minutes, end) = match (digits, colon_minutes) {
            (4, _) => (value / 100, value % 100, i + 2),
            (1 | 2, Some(minutes)) => (value, minutes, i + 4),
            // A bare hour, but not the end of a French range such as "10h-12h".
            (1 | 2, None) if glued && self.word(i + 2) != Some("h") => (value, 0, i + 2),
            _ => return None,
        };
        if hours > MAX_OFFSET_HOURS || minutes > 59 {
            return None;
        }
        let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
        FixedOffset::east_opt(sign * seconds).map(|offset| (offset, end))
    }

    /// The zone abbreviation at `i`: written in capitals, or a `z` glued to the time.
    fn zone_word(&self, i: usize, glued: bool) -> Option<FixedOffset> {
        let Some(Tok::Word { folded, upper }) = self.toks.get(i) else {
            return None;
        };
        if !(*upper || (glued && folded == "z")) {
            return None;
        }
        let (_, minutes) = ZONES.iter().find(|(name, _)| name == folded)?;
        FixedOffset::east_opt(minutes * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A parse result written out in full: `2020-07-02`, `2020-07-02 19:19:33`,
    /// `2020-07-02 19:19:33 +02:00`, or `-` for `None`.
    fn show(found: Option<PubDate>) -> String {
        let Some(p) = found else {
            return "-".to_string();
        };
        let mut out = p.day_string();
        if let Some(t) = p.time {
            out.push_str(&t.format(" %H:%M:%S").to_string());
        }
        if let Some(o) = p.offset {
            out.push_str(&format!(" {o}"));
        }
        out
    }

    fn check(f: fn(&str) -> Option<PubDate>, rows: &[(&str, &str)]) {
        let failures: Vec<String> = rows
            .iter()
            .filter_map(|(input, want)| {
                let got = show(f(input));
                (got != *want).then(|| format!("{input:?}: got {got}, want {want}"))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn parse_date_iso_8601_and_rfc_3339() {
        check(
            parse_date,
            &[
                ("2020-07-02", "2020-07-02"),
                ("2020-07-02T19:19:33+02:00", "2020-07-02 19:19:33 +02:00"),
                ("2020-07-02T19:19:33Z", "2020-07-02 19:19:33 +00:00"),
                ("2020-07-02t19:19:33z", "2020-07-02 19:19:33 +00:00"),
                ("2020-07-02T19:19:33.123+0200", "2020-07-02 19:19:33 +02:00"),
                ("2020-07-02T19:19:33,5+02:00", "2020-07-02 19:19:33 +02:00"),
                (
                    "2020-07-02T19:19:33.123456789Z",
                    "2020-07-02 19:19:33 +00:00",
                ),
                ("2020-07-02 19:19:33", "2020-07-02 19:19:33"),
                ("2020-07-02T19:19", "2020-07-02 19:19:00"),
                ("2020-07-02T23:30:00-05:00", "2020-07-02 23:30:00 -05:00"),
                (
                    "2020-07-02T23:30:00\u{2212}05:00",
                    "2020-07-02 23:30:00 -05:00",
                ),
                ("2020-07-02T05:30:00+05:30", "2020-07-02 05:30:00 +05:30"),
                ("2020-7-2", "2020-07-02"),
                ("2020/07/02", "2020-07-02"),
                ("2020.07.02", "2020-07-02"),
                ("20200702", "2020-07-02"),
                ("20200702T191933Z", "2020-07-02 19:19:33 +00:00"),
                ("20200702T1919+0200", "2020-07-02 19:19:00 +02:00"),
            ],
        );
    }

    #[test]
    fn parse_date_rfc_2822() {
        check(
            parse_date,
            &[
                (
                    "Thu, 02 Jul 2020 19:19:33 +0200",
                    "2020-07-02 19:19:33 +02:00",
                ),
                (
                    "Thu, 02 Jul 2020 19:19:33 GMT",
                    "2020-07-02 19:19:33 +00:00",
                ),
                (
                    "Thu, 2 Jul 2020 19:19:33 -0500",
                    "2020-07-02 19:19:33 -05:00",
                ),
                (
                    "Thu, 02 Jul 2020 19:19:33 +0200 (CEST)",
                    "2020-07-02 19:19:33 +02:00",
                ),
                ("Thu, 02 Jul 2020 19:19 EDT", "2020-07-02 19:19:00 -04:00"),
                ("02 Jul 2020 19:19:33 UT", "2020-07-02 19:19:33 +00:00"),
            ],
        );
    }

    #[test]
    fn parse_date_french_day_first_numeric() {
        check(
            parse_date,
            &[
                ("09/11/2016", "2016-11-09"),
                ("09-11-2016", "2016-11-09"),
                ("9.11.2016", "2016-11-09"),
                ("09/11/2016 à 14h30", "2016-11-09 14:30:00"),
                ("09/11/2016 14:30", "2016-11-09 14:30:00"),
                ("09/11/2016 - 14:30", "2016-11-09 14:30:00"),
                ("09/11/2016, 14:30:15", "2016-11-09 14:30:15"),
                ("09/11/16", "2016-11-09"),
                ("09/11/98", "1998-11-09"),
                ("09/11/68", "2068-11-09"),
                ("09/11/69", "1969-11-09"),
                ("12/01/2023 à 08h15", "2023-01-12 08:15:00"),
            ],
        );
    }

    #[test]
    fn parse_date_month_names() {
        check(
            parse_date,
            &[
                ("15 août 2016", "2016-08-15"),
                ("15 aout 2016", "2016-08-15"),
                ("15 AOÛT 2016", "2016-08-15"),
                ("15 aou\u{302}t 2016", "2016-08-15"),
                ("1er mars 2024", "2024-03-01"),
                ("1ᵉʳ mars 2024", "2024-03-01"),
                ("jeudi 02 juillet 2020", "2020-07-02"),
                ("Jeudi 2 Juillet 2020", "2020-07-02"),
                ("jeudi 02 juillet 2020 à 21h05", "2020-07-02 21:05:00"),
                ("jeudi 02 juillet 2020 à 21H05", "2020-07-02 21:05:00"),
                ("jeudi 02 juillet 2020 à 21h", "2020-07-02 21:00:00"),
                ("2 juillet 2020 à 21:05", "2020-07-02 21:05:00"),
                ("2 juillet 2020, 21h05", "2020-07-02 21:05:00"),
                ("le 3 mars 2024", "2024-03-03"),
                ("Le jeudi 2 juillet 2020", "2020-07-02"),
                ("jeu. 2 juil. 2020", "2020-07-02"),
                ("12 janv. 2023", "2023-01-12"),
                ("12 févr. 2023", "2023-02-12"),
                ("12 fevr 2023", "2023-02-12"),
                ("12 déc. 2023", "2023-12-12"),
                ("12 sept. 2023", "2023-09-12"),
                ("12 DÉCEMBRE 2023", "2023-12-12"),
                ("July 2, 2020", "2020-07-02"),
                ("July 2nd, 2020", "2020-07-02"),
                ("Jul 2 2020", "2020-07-02"),
                ("2 July 2020", "2020-07-02"),
                (
                    "on Thursday, July 2, 2020 at 9:05 pm",
                    "2020-07-02 21:05:00",
                ),
                ("July 2, 2020 at 12:30 am", "2020-07-02 00:30:00"),
                ("July 2, 2020 at 12:30 PM", "2020-07-02 12:30:00"),
            ],
        );
    }

    #[test]
    fn parse_date_without_year_is_none() {
        check(
            parse_date,
            &[
                ("1er mars", "-"),
                ("15 août", "-"),
                ("15 août 16:00", "-"),
                ("mars 2024", "-"),
            ],
        );
    }

    #[test]
    fn parse_date_malformed_stamps_from_the_wild() {
        check(
            parse_date,
            &[
                ("2016-08-15CEST10:01:00+0200", "2016-08-15 10:01:00 +02:00"),
                ("2016-08-15CET10:01:00", "2016-08-15 10:01:00 +01:00"),
                ("2016-08-15T10:01:00CEST", "2016-08-15 10:01:00 +02:00"),
                ("2016-08-15T10:01:00 CET", "2016-08-15 10:01:00 +01:00"),
                ("2016-08-15 10:01:00 +0200", "2016-08-15 10:01:00 +02:00"),
                ("2016-08-15 10:01:00 +02:00", "2016-08-15 10:01:00 +02:00"),
                ("2016-08-15T10:01:00+02", "2016-08-15 10:01:00 +02:00"),
                ("2016-08-15T10:01:00 UTC", "2016-08-15 10:01:00 +00:00"),
                ("2016-08-15T10:01:00 GMT+2", "2016-08-15 10:01:00 +02:00"),
                (
                    "2016-08-15T10:01:00 UTC-03:00",
                    "2016-08-15 10:01:00 -03:00",
                ),
                (
                    "2016-08-15T10:01:00+02:00[Europe/Paris]",
                    "2016-08-15 10:01:00 +02:00",
                ),
                (
                    "2016-08-15T10:01:00+02:00 garbage",
                    "2016-08-15 10:01:00 +02:00",
                ),
                ("2016-08-15garbage", "2016-08-15"),
                ("2016-08-15 à Paris", "2016-08-15"),
                ("  2016-08-15T10:01:00Z  ", "2016-08-15 10:01:00 +00:00"),
                ("\u{a0}2016-08-15\u{a0}10:01\u{202f}", "2016-08-15 10:01:00"),
                (
                    "\u{202f}15\u{a0}août\u{202f}2016\u{a0}à\u{a0}10h01",
                    "2016-08-15 10:01:00",
                ),
                // An impossible time leaves the day.
                ("2020-07-02T25:00:00+02:00", "2020-07-02"),
                ("2020-07-02T19:61", "2020-07-02"),
                // An impossible offset leaves the time.
                ("2020-07-02T19:19:33+25:00", "2020-07-02 19:19:33"),
                // Lowercase abbreviations are French words, not zones.
                ("2016-08-15 10:01 cet article", "2016-08-15 10:01:00"),
            ],
        );
    }

    #[test]
    fn parse_date_rejects() {
        check(
            parse_date,
            &[
                ("", "-"),
                ("   ", "-"),
                ("2024-13-45", "-"),
                ("2024-02-30", "-"),
                ("31/02/2020", "-"),
                ("29/02/2021", "-"),
                ("32 mars 2024", "-"),
                ("1799-12-31", "-"),
                ("2201-01-01", "-"),
                ("01/01/1799", "-"),
                ("12/31/2020", "-"),
                ("Il y a 3 ans", "-"),
                ("hier", "-"),
                ("2020", "-"),
                ("2020-07", "-"),
                ("202007021", "-"),
                ("06.12.34.56.78", "-"),
                ("publié le 2 mars 2024", "-"),
            ],
        );
    }

    #[test]
    fn parse_date_edge_years_and_leap_days() {
        check(
            parse_date,
            &[
                ("1800-01-01", "1800-01-01"),
                ("2200-12-31", "2200-12-31"),
                ("29/02/2024", "2024-02-29"),
                ("29 février 2000", "2000-02-29"),
            ],
        );
    }

    #[test]
    fn find_date_in_text_bylines() {
        check(
            find_date_in_text,
            &[
                (
                    "Par Jeanne Martin, publié le jeudi 02 juillet 2020 à 21h05",
                    "2020-07-02 21:05:00",
                ),
                (
                    "AFP, publié le jeudi 02 juillet 2020 à 21h05",
                    "2020-07-02 21:05:00",
                ),
                ("Publié le 27-04-2024 par Marine Protais", "2024-04-27"),
                ("Mis à jour le 3 mars 2024", "2024-03-03"),
                (
                    "Publié le 12/01/2023 à 08h15, mis à jour le 13/01/2023 à 10h00",
                    "2023-01-12 08:15:00",
                ),
                (
                    "Mis à jour le 13/01/2023 à 10h00. Publié le 12/01/2023 à 08h15",
                    "2023-01-12 08:15:00",
                ),
                (
                    "12/01/2023 08:15 - Mis à jour le 13/01/2023 10:00",
                    "2023-01-12 08:15:00",
                ),
                ("le 1er mars 2024", "2024-03-01"),
                // Bylines from the kiosque corpus samples.
                (
                    "Par Thomas Nguyen · Publié le 16 janvier 2024 à 7h15 · Mis à jour le 16 janvier 2024 à 18h20",
                    "2024-01-16 07:15:00",
                ),
                (
                    "publié le 4 janvier 2023 à 6h45, modifié le 4 janvier 2023 à 12h10",
                    "2023-01-04 06:45:00",
                ),
                (
                    "Par Claire Dubreuil - Le 05/02/2024 à 08:15, mis à jour le 05/02/2024 à 08:15",
                    "2024-02-05 08:15:00",
                ),
                (
                    "Par Mathilde Arnaud - Le 16/06/2022 à 16:05, mis à jour le 17/06/2022 à 06:40",
                    "2022-06-16 16:05:00",
                ),
                (
                    "Publié le 02 juillet 2020 à 21h05 - Mis à jour le 03 juillet 2020 à 06h35",
                    "2020-07-02 21:05:00",
                ),
                ("Publié : 02/07/2020", "2020-07-02"),
                ("PUBLIÉ LE 2 JUILLET 2020", "2020-07-02"),
                ("Mis en ligne le 2 juillet 2020", "2020-07-02"),
                (
                    "Publié ce jeudi 2 juillet 2020 à 21h05",
                    "2020-07-02 21:05:00",
                ),
                (
                    "Published on July 2, 2020 at 9:05 pm",
                    "2020-07-02 21:05:00",
                ),
                (
                    "Le Monde avec AFP - 2020-07-02T19:19:33+02:00",
                    "2020-07-02 19:19:33 +02:00",
                ),
                ("Jeanne Martin\u{a0}|\u{a0}le\u{a0}02/07/2020", "2020-07-02"),
                ("Il y a 3 ans", "-"),
                ("Par Jeanne Martin", "-"),
                ("", "-"),
                ("Publié le 1er mars à 10h", "-"),
                ("Appelez le 06.12.34.56.78", "-"),
                ("Score final 3-1", "-"),
                // Eight digits in running text are not read as a date.
                ("Dossier 20200702", "-"),
            ],
        );
    }

    #[test]
    fn find_modified_in_text_bylines() {
        check(
            find_modified_in_text,
            &[
                (
                    "Publié le 12/01/2023 à 08h15, mis à jour le 13/01/2023 à 10h00",
                    "2023-01-13 10:00:00",
                ),
                ("Mis à jour le 3 mars 2024 à 10h12", "2024-03-03 10:12:00"),
                (
                    "Par Thomas Nguyen · Publié le 16 janvier 2024 à 7h15 · Mis à jour le 16 janvier 2024 à 18h20",
                    "2024-01-16 18:20:00",
                ),
                (
                    "publié le 4 janvier 2023 à 6h45, modifié le 4 janvier 2023 à 12h10",
                    "2023-01-04 12:10:00",
                ),
                (
                    "Par Mathilde Arnaud - Le 16/06/2022 à 16:05, mis à jour le 17/06/2022 à 06:40",
                    "2022-06-17 06:40:00",
                ),
                (
                    "Publié le 2 mars 2024, modifié le 4 mars 2024",
                    "2024-03-04",
                ),
                ("Dernière mise à jour : 4 mars 2024", "2024-03-04"),
                ("MàJ 04/03/2024 10:12", "2024-03-04 10:12:00"),
                ("Actualisé le 4 mars 2024", "2024-03-04"),
                ("Updated July 3, 2020", "2020-07-03"),
                ("Publié le 12/01/2023 à 08h15", "-"),
                ("Publié le 12/01/2023 à 08h15, mis à jour à 10h00", "-"),
                ("", "-"),
            ],
        );
    }

    #[test]
    fn text_scan_stops_after_limit() {
        let far = format!("{} publié le 2 mars 2024", "x".repeat(TEXT_SCAN_CHARS));
        assert_eq!(find_date_in_text(&far), None);
        let near = format!("{} publié le 2 mars 2024", "é".repeat(100));
        assert_eq!(show(find_date_in_text(&near)), "2024-03-02");
    }

    #[test]
    fn output_formats() {
        let p = |s: &str| parse_date(s).expect("test stamp parses");
        assert_eq!(
            p("2020-07-02T23:30:00-05:00").rfc3339(),
            "2020-07-02T23:30:00-05:00"
        );
        assert_eq!(p("2020-07-02T19:19:33Z").rfc3339(), "2020-07-02T19:19:33Z");
        assert_eq!(p("2020-07-02 19:19:33").rfc3339(), "2020-07-02T19:19:33");
        assert_eq!(p("2 juillet 2020").rfc3339(), "2020-07-02");
        assert_eq!(p("2020-07-02T23:30:00-05:00").day_string(), "2020-07-02");
        // The sort key reads the local day and time as UTC: the offset does not move it.
        assert_eq!(
            p("2020-07-02T23:30:00-05:00").sort_key(),
            p("2020-07-02T23:30:00+09:00").sort_key()
        );
        assert_eq!(p("1970-01-02").sort_key(), 86_400);
        assert_eq!(p("1970-01-01T00:01:00").sort_key(), 60);
    }

    #[test]
    fn tokenizer_folds_and_splits() {
        let toks = tokenize("Publié 21h05,\u{a0} 1ᵉʳ CEST", 100);
        let word = |s: &str, upper| Tok::Word {
            folded: s.to_string(),
            upper,
        };
        assert_eq!(
            toks,
            vec![
                word("publie", false),
                Tok::Space,
                Tok::Num {
                    value: 21,
                    digits: 2
                },
                word("h", false),
                Tok::Num {
                    value: 5,
                    digits: 2
                },
                Tok::Punct(','),
                Tok::Space,
                Tok::Num {
                    value: 1,
                    digits: 1
                },
                word("er", false),
                Tok::Space,
                word("cest", true),
            ]
        );
        assert_eq!(
            tokenize("99999999999999", 100),
            vec![Tok::Num {
                value: u32::MAX,
                digits: 14
            }]
        );
    }

    /// Characters that make tricky input: date pieces, spaces of every kind, multibyte letters,
    /// combining marks, emoji.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            '0', '1', '2', '9', '/', '-', '.', ':', ',', '+', '\u{2212}', ' ', '\u{a0}',
            '\u{202f}', 'T', 'Z', 'h', 'H', 'e', 'r', 'a', 'm', 's', 'C', 'E', 'S', 'é', 'û', 'à',
            'ᵉ', 'ʳ', '\u{301}', 'İ', '€', '😀', '\u{200b}',
        ])
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_strings(s in any::<String>()) {
            for found in [parse_date(&s), find_date_in_text(&s), find_modified_in_text(&s)].into_iter().flatten() {
                let _ = (found.rfc3339(), found.sort_key());
            }
        }

        #[test]
        fn never_panics_on_date_like_strings(chars in prop::collection::vec(tricky_char(), 0..60)) {
            let s: String = chars.into_iter().collect();
            for found in [parse_date(&s), find_date_in_text(&s), find_modified_in_text(&s)].into_iter().flatten() {
                prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&chrono::Datelike::year(&found.date)));
                prop_assert!(found.offset.is_none() || found.time.is_some());
                let _ = (found.rfc3339(), found.sort_key());
            }
        }

        #[test]
        fn never_panics_on_stamp_shaped_strings(s in "[0-9]{1,8}[-/. T]?[0-9a-zA-Zéû]{0,9}[-/. ]?[0-9]{0,4}[T h:+0-9A-Z.]{0,16}") {
            let _ = (parse_date(&s), find_date_in_text(&s));
        }

        #[test]
        fn rfc3339_round_trips(
            day in 0i64..(400 * 366),
            secs in 0u32..86_400,
            offset_quarters in -48i32..=56,
        ) {
            let date = NaiveDate::from_ymd_opt(1800, 1, 1).expect("valid day") + chrono::Duration::days(day);
            prop_assume!(chrono::Datelike::year(&date) <= MAX_YEAR);
            let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("valid time");
            let offset = FixedOffset::east_opt(offset_quarters * 15 * 60).expect("valid offset");
            let p = PubDate { date, time: Some(time), offset: Some(offset) };
            prop_assert_eq!(parse_date(&p.rfc3339()), Some(p));
            let local = PubDate { offset: None, ..p };
            prop_assert_eq!(parse_date(&local.rfc3339()), Some(local));
            let day_only = PubDate { time: None, offset: None, ..p };
            prop_assert_eq!(parse_date(&day_only.rfc3339()), Some(day_only));
        }

        #[test]
        fn french_forms_round_trip(day in 0i64..(400 * 366), hour in 0u32..24, minute in 0u32..60) {
            const FR_MONTHS: [&str; 12] = [
                "janvier", "février", "mars", "avril", "mai", "juin",
                "juillet", "août", "septembre", "octobre", "novembre", "décembre",
            ];
            let date = NaiveDate::from_ymd_opt(1800, 1, 1).expect("valid day") + chrono::Duration::days(day);
            prop_assume!(chrono::Datelike::year(&date) <= MAX_YEAR);
            let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time");
            let want = Some(PubDate { date, time: Some(time), offset: None });
            let numeric = format!("{} à {hour}h{minute:02}", date.format("%d/%m/%Y"));
            prop_assert_eq!(parse_date(&numeric), want);
            let month = FR_MONTHS[chrono::Datelike::month0(&date) as usize];
            let named = format!(
                "Publié le {} {month} {} à {hour:02}:{minute:02}",
                chrono::Datelike::day(&date),
                chrono::Datelike::year(&date),
            );
            prop_assert_eq!(find_date_in_text(&named), want);
        }
    }
}
