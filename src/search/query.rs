//! The query language, parsed leniently: words; "exact phrase"; -exclusion; OR; truncation
//! `numéri*`; `title:` `lede:` `author:` `source:` `section:` `tag:` fields. No text ever fails:
//! malformed syntax falls back to plain words, with a note saying so.

/// Fields a query word can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryField {
    /// Headline.
    Title,
    /// Standfirst.
    Lede,
    /// Body.
    Body,
    /// Authors.
    Author,
    /// Site name.
    Source,
    /// Section.
    Section,
    /// Tags.
    Tag,
}

impl QueryField {
    fn from_name(name: &str) -> Option<QueryField> {
        Some(match name.to_lowercase().as_str() {
            "title" | "titre" => QueryField::Title,
            "lede" | "chapo" | "chapô" => QueryField::Lede,
            "body" | "texte" => QueryField::Body,
            "author" | "auteur" | "authors" => QueryField::Author,
            "source" | "site" => QueryField::Source,
            "section" | "rubrique" => QueryField::Section,
            "tag" | "tags" => QueryField::Tag,
            _ => return None,
        })
    }

    /// Name/label fields filter; text fields rank.
    pub fn is_label(self) -> bool {
        matches!(
            self,
            QueryField::Author | QueryField::Source | QueryField::Section | QueryField::Tag
        )
    }
}

/// The smallest unit of a query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Atom {
    /// A word (or a few, such as `Saint-Étienne`), possibly truncated (`numéri*`).
    Word {
        /// The text as typed.
        text: String,
        /// Ends with `*`.
        prefix: bool,
    },
    /// Words that must follow each other.
    Phrase(String),
}

/// One atom, with its field restriction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldAtom {
    /// Restriction, if any.
    pub field: Option<QueryField>,
    /// What to match.
    pub atom: Atom,
}

/// One clause of a query: alternatives joined by OR, possibly excluded or required.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Clause {
    /// Exclusion (`-word`, `NOT word`, `SAUF word`).
    pub negated: bool,
    /// Every hit must have it (a side of `AND` / `ET`): it filters as well as ranks.
    pub required: bool,
    /// Alternatives (`a OR b`); one for a plain clause.
    pub alternatives: Vec<FieldAtom>,
}

impl Clause {
    /// The text of a plain clause: one word or one phrase, with no field, no OR, no exclusion
    /// and no truncation.
    pub fn plain_text(&self) -> Option<&str> {
        match self.alternatives.as_slice() {
            [
                FieldAtom {
                    field: None,
                    atom:
                        Atom::Word {
                            text,
                            prefix: false,
                        }
                        | Atom::Phrase(text),
                },
            ] if !self.negated => Some(text),
            _ => None,
        }
    }

    /// The same, for a plain word only.
    pub fn plain_word(&self) -> Option<&str> {
        match self.alternatives.as_slice() {
            [
                FieldAtom {
                    atom: Atom::Word { .. },
                    ..
                },
            ] => self.plain_text(),
            _ => None,
        }
    }

    /// The same, for a quoted phrase only.
    pub fn plain_phrase(&self) -> Option<&str> {
        match self.alternatives.as_slice() {
            [
                FieldAtom {
                    atom: Atom::Phrase(_),
                    ..
                },
            ] => self.plain_text(),
            _ => None,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Clauses, in order.
    pub clauses: Vec<Clause>,
    /// What was not understood and how it was read instead.
    pub notes: Vec<String>,
    /// Clauses whose word, typed with letters and digits glued, the searcher reads apart
    /// (`COVID19` as `COVID-19`): the clause's index and the word as typed.
    pub typed_glued: Vec<(usize, String)>,
}

/// At most this many distinct clauses are searched: a pasted article is not a query, and a
/// 100 KB query must answer quickly.
pub const MAX_CLAUSES: usize = 64;

/// Parses query text. Never fails.
pub fn parse(input: &str) -> ParsedQuery {
    let mut out = ParsedQuery::default();
    let mut chars = input.char_indices().peekable();
    let mut pending_or = false;
    let mut pending_and = false;
    let mut pending_not = false;
    // Operators in capitals (`AND`, `ET`, `NOT`, `SAUF`, `OU`) in a query that is not all
    // capitals: in a shouted headline (`GRÈVE ET MANIFESTATIONS`) they are words.
    let operators = input.chars().any(char::is_lowercase);
    let quotes = input.chars().filter(|&c| is_quote(c)).count();
    let balanced_quotes = quotes % 2 == 0;
    if !balanced_quotes {
        out.notes
            .push("unbalanced quote: the query was read as plain words".to_owned());
    }
    if input.chars().filter(|&c| c == '(').count() != input.chars().filter(|&c| c == ')').count() {
        out.notes
            .push("unbalanced parentheses: they were ignored".to_owned());
    }
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() || c.is_control() || c == '(' || c == ')' {
            chars.next();
            continue;
        }
        // Read one raw token: up to white space, or a whole quoted phrase.
        let mut negated = false;
        let mut start = i;
        if c == '-' || c == '−' {
            negated = true;
            chars.next();
            start += c.len_utf8();
        }
        let mut field = None;
        let mut raw = String::new();
        let mut phrase = None;
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() || c.is_control() || c == '(' || c == ')' {
                break;
            }
            if is_quote(c) && balanced_quotes {
                chars.next();
                let mut p = String::new();
                for (_, c) in chars.by_ref() {
                    if is_quote(c) {
                        break;
                    }
                    p.push(c);
                }
                phrase = Some(p);
                break;
            }
            chars.next();
            if c == ':' && field.is_none() && phrase.is_none() {
                if let Some(f) = QueryField::from_name(&raw) {
                    field = Some(f);
                    raw.clear();
                    continue;
                }
                if !raw.is_empty() {
                    out.notes.push(format!(
                        "unknown field `{raw}:`: read as a word (fields: title, lede, author, source, section, tag)"
                    ));
                }
                raw.push(' ');
                continue;
            }
            if is_quote(c) {
                continue;
            }
            raw.push(c);
        }
        let _ = start;
        let atom = if let Some(p) = phrase {
            if p.trim().is_empty() {
                continue;
            }
            Atom::Phrase(p)
        } else {
            let raw = raw.trim().to_owned();
            if raw.is_empty() {
                continue;
            }
            if !negated && field.is_none() {
                match raw.as_str() {
                    "OR" => {
                        pending_or = !out.clauses.is_empty();
                        continue;
                    }
                    "OU" if operators => {
                        pending_or = !out.clauses.is_empty();
                        continue;
                    }
                    "AND" | "ET" if operators => {
                        if let Some(last) = out.clauses.last_mut()
                            && !last.negated
                        {
                            last.required = true;
                            pending_and = true;
                        }
                        continue;
                    }
                    "NOT" | "SAUF" if operators => {
                        pending_not = true;
                        continue;
                    }
                    _ => {}
                }
            }
            let prefix = raw.ends_with('*');
            let text = raw.trim_end_matches('*').to_owned();
            if text.is_empty() {
                continue;
            }
            Atom::Word { text, prefix }
        };
        let fa = FieldAtom { field, atom };
        let negated = negated || pending_not;
        match out.clauses.last_mut() {
            Some(last) if pending_or && !negated && !last.negated => last.alternatives.push(fa),
            _ => out.clauses.push(Clause {
                negated,
                required: pending_and && !negated,
                alternatives: vec![fa],
            }),
        }
        pending_or = false;
        pending_and = false;
        pending_not = false;
    }
    join_numbers(&mut out.clauses);
    let mut seen = std::collections::HashSet::new();
    out.clauses.retain(|c| seen.insert(c.clone()));
    if out.clauses.len() > MAX_CLAUSES {
        out.notes.push(format!(
            "long query: only its first {MAX_CLAUSES} distinct words and phrases are searched"
        ));
        out.clauses.truncate(MAX_CLAUSES);
    }
    out
}

/// Joins the groups of a number typed with spaces for thousands (`1 200 emplois`) into one
/// word, as the analyzer reads it in articles: a first group of one to three digits (or a
/// number already joined), then groups of exactly three digits, the last one possibly followed
/// by a decimal comma or punctuation (`1 200,5`, `1 200.`).
fn join_numbers(clauses: &mut Vec<Clause>) {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut i = 0;
    while i + 1 < clauses.len() {
        let joins = match (clauses[i].plain_word(), clauses[i + 1].plain_word()) {
            (Some(a), Some(b)) => {
                let mut groups = a.split(' ');
                let first = groups.next().unwrap_or_default();
                let head_ok =
                    digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g));
                let next = b.as_bytes();
                head_ok
                    && next.len() >= 3
                    && next[..3].iter().all(u8::is_ascii_digit)
                    && !b[3..]
                        .chars()
                        .next()
                        .is_some_and(crate::analysis::words::is_word_char)
            }
            _ => false,
        };
        if joins {
            let next = clauses.remove(i + 1);
            let Atom::Word { text: tail, .. } = &next.alternatives[0].atom else {
                unreachable!("plain_word matched a word")
            };
            if let Atom::Word { text, .. } = &mut clauses[i].alternatives[0].atom {
                text.push(' ');
                text.push_str(tail);
            }
        } else {
            i += 1;
        }
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> FieldAtom {
        FieldAtom {
            field: None,
            atom: Atom::Word {
                text: text.into(),
                prefix: false,
            },
        }
    }

    #[test]
    fn words_phrases_exclusions_or_fields() {
        let q = parse("IA \"sécurité routière\" -RGPD Meta OR Google author:Martin numéri*");
        assert_eq!(q.clauses.len(), 6);
        assert_eq!(q.clauses[0].alternatives, [word("IA")]);
        assert_eq!(
            q.clauses[1].alternatives[0].atom,
            Atom::Phrase("sécurité routière".into())
        );
        assert!(q.clauses[2].negated);
        assert_eq!(q.clauses[3].alternatives, [word("Meta"), word("Google")]);
        assert_eq!(q.clauses[4].alternatives[0].field, Some(QueryField::Author));
        assert_eq!(
            q.clauses[5].alternatives[0].atom,
            Atom::Word {
                text: "numéri".into(),
                prefix: true
            }
        );
        assert!(q.notes.is_empty());
    }

    #[test]
    fn boolean_operators_in_capitals() {
        let flags = |q: &str| -> Vec<(bool, bool, usize)> {
            parse(q)
                .clauses
                .iter()
                .map(|c| (c.required, c.negated, c.alternatives.len()))
                .collect()
        };
        // (required, negated, alternatives)
        for q in ["Macron AND Merkel", "Macron ET Merkel"] {
            assert_eq!(flags(q), [(true, false, 1), (true, false, 1)], "{q}");
        }
        assert_eq!(
            flags("grève AND SNCF RATP"),
            [(true, false, 1), (true, false, 1), (false, false, 1)]
        );
        for q in ["Macron NOT Merkel", "Macron SAUF Merkel"] {
            assert_eq!(flags(q), [(false, false, 1), (false, true, 1)], "{q}");
        }
        assert_eq!(flags("Macron OU Merkel"), [(false, false, 2)]);
        // An exclusion is not required; an operator with nothing beside it is dropped.
        assert_eq!(
            flags("Macron AND -Merkel"),
            [(true, false, 1), (false, true, 1)]
        );
        assert_eq!(flags("AND Macron NOT"), [(false, false, 1)]);
        // In lower case, or in a query all in capitals, they are words.
        assert_eq!(flags("grève et manifestation").len(), 3);
        assert_eq!(flags("GRÈVE ET MANIFESTATION").len(), 3);
    }

    #[test]
    fn malformed_syntax_falls_back_to_words() {
        let q = parse("\"prix de l'essence (hausse");
        assert_eq!(q.notes.len(), 2);
        assert_eq!(q.clauses.len(), 4);
        let q = parse("foo:bar");
        assert_eq!(q.clauses[0].alternatives, [word("foo bar")]);
        assert_eq!(q.notes.len(), 1);
    }

    #[test]
    fn huge_queries_are_deduplicated_and_capped() {
        let q = parse(&"Meta ".repeat(20_000));
        assert_eq!(q.clauses.len(), 1);
        let words: String = (0..500).map(|i| format!("mot{i} ")).collect();
        let q = parse(&words);
        assert_eq!(q.clauses.len(), MAX_CLAUSES);
        assert_eq!(q.notes.len(), 1);
    }

    #[test]
    fn numbers_typed_with_spaces_are_one_word() {
        let q = parse("1 200 emplois 2 000 000 euros 2019 300 -1 200");
        let words: Vec<_> = q
            .clauses
            .iter()
            .map(|c| c.alternatives[0].atom.clone())
            .collect();
        let word = |t: &str| Atom::Word {
            text: t.into(),
            prefix: false,
        };
        assert_eq!(
            words,
            [
                word("1 200"),
                word("emplois"),
                word("2 000 000"),
                word("euros"),
                word("2019"),
                word("300"),
                word("1"),
                word("200"),
            ]
        );
        assert!(q.clauses[6].negated && !q.clauses[7].negated);
        assert_eq!(parse("1 200,5%").clauses.len(), 1);
        assert_eq!(parse("12 3000").clauses.len(), 2);
        assert_eq!(parse("12 x€ 1 20é").clauses.len(), 4);
    }

    #[test]
    fn nothing_but_punctuation_is_an_empty_query() {
        assert!(parse("  ( ) - * : ").clauses.is_empty());
        assert!(parse("").clauses.is_empty());
    }
}
