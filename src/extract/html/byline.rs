//! Author names: cleaning and splitting of author strings ("Par A et B", "A, B", "Orange avec AFP"),
//! and reading an author out of a French or English byline ("Par Jeanne Martin", "AFP, publié le ...").

use super::rules::BYLINE_PREFIXES;
use super::text::clean;

const MAX_AUTHORS: usize = 12;
const MAX_NAME_CHARS: usize = 80;

/// Words after which a byline stops naming people (date and role phrases), lower-case.
const BYLINE_STOPS: &[&str] = &[
    ", publié",
    " publié",
    ", mis à jour",
    " mis à jour",
    ", le ",
    " le ",
    " - ",
    " | ",
    " — ",
    ", updated",
    " updated",
    ", published",
    " published",
    " on ",
    ", posted",
    " posted",
    " à ",
    " at ",
    "\n",
];

/// Date phrases that mark an unprefixed byline ("AFP, publié le ..."), lower-case.
const DATE_PHRASES: &[&str] = &[
    ", publié",
    " - publié",
    " | publié",
    ", mis à jour",
    ", modifié",
    ", updated",
    ", published",
    ", posted",
    " - updated",
    " | updated",
];

/// Lower-case joiners that glue agencies to a newsroom; such strings stay whole.
const KEEP_WHOLE: &[&str] = &[" avec ", " with ", " pour ", " for "];

/// Strips "Par "/"By " prefixes and trailing punctuation.
fn strip_prefix(s: &str) -> String {
    let mut s = clean(s);
    loop {
        let lower = s.to_lowercase();
        let Some(p) = BYLINE_PREFIXES.iter().find(|p| lower.starts_with(*p)) else {
            break;
        };
        s = s.get(p.len()..).unwrap_or("").trim().to_string();
    }
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '|'))
        .to_string()
}

/// What a CMS writes where it has no author's name (`Unknown` on Blogger), lower-case.
const PLACEHOLDER_NAMES: &[&str] = &[
    "unknown",
    "anonymous",
    "anonyme",
    "inconnu",
    "admin",
    "administrator",
    "administrateur",
    "webmaster",
    "author",
    "auteur",
    "guest",
    "invité",
    "null",
    "undefined",
    "none",
    "n/a",
];

fn plausible_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=MAX_NAME_CHARS).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_alphanumeric())
        && s.split_whitespace().count() <= 8
        && !s.contains("://")
        && !PLACEHOLDER_NAMES.contains(&s.to_lowercase().as_str())
        && lower_case_words(s) < 3
}

/// Particles that names hold in lower case (`Jean de La Fontaine`, `Orange avec AFP`).
const NAME_PARTICLES: &[&str] = &[
    "de", "du", "des", "la", "le", "d", "van", "von", "der", "den", "da", "di", "dos", "y", "avec",
    "with", "et", "and", "pour", "for",
];

/// Words in lower case that are no particle: a link's label (`Afficher mon profil complet`,
/// `Voir tous ses articles`) has several, a name hardly one.
fn lower_case_words(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !NAME_PARTICLES.contains(w))
        .count()
}

/// Adds the names of one author string, split on " et ", " and ", " & ", ",", ";" unless it names a
/// newsroom with its agency ("Orange avec AFP"); deduplicated case-insensitively.
pub fn push_authors(out: &mut Vec<String>, raw: &str) {
    // "Name | Newsroom": what follows a pipe is an affiliation.
    let raw = raw.split(" | ").next().unwrap_or(raw);
    let s = strip_prefix(raw);
    if s.is_empty() {
        return;
    }
    let lower = s.to_lowercase();
    let parts: Vec<String> = if KEEP_WHOLE.iter().any(|k| lower.contains(k)) {
        vec![s]
    } else {
        let mut parts = vec![s];
        for sep in [";", " et ", " and ", " & ", ", "] {
            parts = parts
                .iter()
                .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
                .collect();
        }
        // "Martin, Jeanne" (surname first) would split into two single words: keep whole then.
        if parts.len() == 2
            && parts.iter().all(|p| !p.trim().contains(' '))
            && raw.contains(',')
            && !raw.contains(" et ")
            && !raw.contains(" and ")
        {
            vec![strip_prefix(raw)]
        } else {
            parts
        }
    };
    for p in parts {
        let p = strip_prefix(&p);
        if plausible_name(&p)
            && out.len() < MAX_AUTHORS
            && !out.iter().any(|x| x.eq_ignore_ascii_case(&p))
        {
            out.push(p);
        }
    }
}

/// Reads the author part of a byline: "Par Jeanne Martin" → "Jeanne Martin",
/// "AFP, publié le jeudi 02 juillet 2020" → "AFP". `None` when the text does not look like one.
pub fn author_from_byline(text: &str) -> Option<String> {
    let t = clean(text);
    let lower = t.to_lowercase();
    let prefixed = ["par ", "by "].iter().any(|p| lower.starts_with(p));
    let body = if prefixed {
        t.get(3..).unwrap_or("")
    } else {
        t.as_str()
    };
    let lower_body = body.to_lowercase();
    let cut = BYLINE_STOPS
        .iter()
        .filter_map(|s| lower_body.find(s))
        .min()
        .unwrap_or(body.len());
    if !prefixed && !DATE_PHRASES.iter().any(|p| lower_body.find(p) == Some(cut)) {
        return None; // no "Par" and no date phrase right after the name: not a byline
    }
    if t.chars().count() > 200 {
        return None;
    }
    // Offsets come from the lower-cased copy: slice defensively.
    let name = body.get(..cut).unwrap_or(body).trim();
    let name = strip_prefix(name);
    let words = name.split_whitespace().count();
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    let no_digits = !name.chars().any(|c| c.is_ascii_digit());
    (plausible_name(&name) && capitalised && no_digits && words <= 6).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        push_authors(&mut v, s);
        v
    }

    #[test]
    fn splitting() {
        assert_eq!(
            names("Par Jeanne Martin et Paul Durand"),
            ["Jeanne Martin", "Paul Durand"]
        );
        assert_eq!(names("By Jane Doe, John Roe"), ["Jane Doe", "John Roe"]);
        assert_eq!(names("Orange avec AFP"), ["Orange avec AFP"]);
        assert_eq!(names("  AFP "), ["AFP"]);
        assert_eq!(names("Amy Roe | NJ Advance Media for NJ.com"), ["Amy Roe"]);
        let mut v = vec!["AFP".to_string()];
        push_authors(&mut v, "afp");
        assert_eq!(v, ["AFP"]);
        // A CMS's placeholder is no name.
        assert!(names("Unknown").is_empty());
        assert_eq!(names("admin, Jeanne Martin"), ["Jeanne Martin"]);
        // A link's label is no name; particles are.
        assert!(names("Afficher mon profil complet").is_empty());
        assert_eq!(names("Jean de La Fontaine"), ["Jean de La Fontaine"]);
        assert_eq!(names("La rédaction"), ["La rédaction"]);
    }

    #[test]
    fn bylines() {
        assert_eq!(
            author_from_byline("Par Jeanne Martin").as_deref(),
            Some("Jeanne Martin")
        );
        assert_eq!(
            author_from_byline("AFP, publié le jeudi 02 juillet 2020 à 21h05").as_deref(),
            Some("AFP")
        );
        assert_eq!(
            author_from_byline("Jeanne Martin, publié le 3 mars 2024").as_deref(),
            Some("Jeanne Martin")
        );
        assert_eq!(
            author_from_byline("Il pleut beaucoup aujourd'hui sur la ville"),
            None
        );
        assert_eq!(author_from_byline("publié le 25 juillet"), None);
    }
}
