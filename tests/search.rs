//! `kiosque search`: the searches users rely on, run against an index of a copy of
//! `corpus_samples/` (see its README for what each article is for).
//!
//! Read-only tests share one index built once per run; tests that need their own data build a
//! small index in their own temporary directory.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use common::{Extracted, Hit, Results, Workspace, fold, shared, words};
use proptest::prelude::*;

/// The best answer for `IA générative Meta`.
const META_AI: &str = "techactu-meta-milliards-ia-generative.html";
/// Generative AI, mentions Meta once.
const COPILOT: &str = "techactu-microsoft-copilot-microsoft-365.html";
/// Google's generative AI only, never mentions Meta.
const GEMINI: &str = "techactu-google-gemini.html";
/// Meta many times (GDPR fine), no generative AI.
const META_GDPR: &str = "quotidien-numerique-meta-amende-rgpd.html";
/// The verb *mettre* (`met en place`), never Meta.
const MET_EN_PLACE: &str = "echo-regions-maire-met-en-place-plan-circulation.html";
/// Meta, Google, Microsoft and generative AI (text export).
const RESULTS_META_GOOGLE: &str = "2024-04-27-resultats-trimestriels-meta-google-microsoft.txt";
/// The fuel-price page in windows-1252.
const FUEL_CP1252: &str = "echo-regions-prix-essence-cp1252.html";
/// `prix de l'essence` with an ASCII apostrophe (text export).
const INFLATION: &str = "2023-02-28-inflation-fevrier-alimentation.txt";

/// Every article of the shared corpus, as `extract --json` sees it, by (path, title).
fn articles() -> &'static HashMap<(String, String), Extracted> {
    static ARTICLES: OnceLock<HashMap<(String, String), Extracted>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        shared()
            .extract_corpus()
            .into_iter()
            .map(|a| ((a.path.clone(), a.title.clone()), a))
            .collect()
    })
}

/// The extracted article behind a hit.
#[track_caller]
fn article_of(h: &Hit) -> &'static Extracted {
    articles()
        .get(&(h.path.clone(), h.title.clone()))
        .unwrap_or_else(|| panic!("no extracted article for hit {} ({})", h.id, h.path))
}

/// Whether an article is among the hits, or stands behind one of them as a copy (same body:
/// a story published twice appears once, under its earliest copy).
fn found_or_copy(r: &Results, a: &Extracted) -> bool {
    r.hits.iter().any(|h| {
        (h.path == a.path && h.title == a.title)
            || (h.duplicates > 0 && fold(&article_of(h).body) == fold(&a.body))
    })
}

fn id_set(r: &Results) -> BTreeSet<String> {
    r.hits.iter().map(|h| h.id.clone()).collect()
}

#[track_caller]
fn rank_of(r: &Results, file: &str) -> usize {
    r.position(file)
        .unwrap_or_else(|| panic!("{file} is not among the hits\n{}", r.listing()))
}

// ---------------------------------------------------------------------------------------------
// Relevance.

#[test]
fn ia_generative_meta_puts_the_meta_generative_ai_article_first() {
    let r = shared().search(&["IA", "générative", "Meta"]);
    let first = r.hits.first().expect("some hits");
    assert_eq!(first.file_name(), META_AI, "\n{}", r.listing());
    assert!(first.title.contains("Meta multiplie"), "{first:?}");
}

#[test]
fn ia_generative_meta_ranks_partial_matches_below_articles_with_every_word() {
    let r = shared().search(&["-n", "50", "IA", "générative", "Meta"]);
    // Articles with all three words...
    let all_words = [META_AI, RESULTS_META_GOOGLE, COPILOT];
    // ...rank above distractors that have only some of them.
    let partial = [GEMINI, META_GDPR];
    let worst_full = all_words.iter().map(|f| rank_of(&r, f)).max().unwrap();
    for f in partial {
        assert!(
            rank_of(&r, f) > worst_full,
            "{f} (only some of the words) must rank below every article with all of them\n{}",
            r.listing()
        );
    }
    if let Some(p) = r.position(MET_EN_PLACE) {
        assert!(
            p > worst_full,
            "`met en place` (no Meta at all) must rank below the articles about Meta\n{}",
            r.listing()
        );
    }
}

#[test]
fn meta_alone_ranks_every_article_saying_meta_above_those_saying_met() {
    let ws = shared();
    // The files of the articles that say "Meta" (as extracted: page furniture does not count).
    let meta_files: BTreeSet<String> = articles()
        .values()
        .filter(|a| words(&fold(&a.text())).contains(&"meta"))
        .map(|a| a.file_name().to_owned())
        .collect();
    assert!(
        meta_files.contains(META_AI) && meta_files.contains(COPILOT),
        "{meta_files:?}"
    );
    assert!(!meta_files.contains(MET_EN_PLACE));

    let r = ws.search(&["-n", "50", "Meta"]);
    for f in &meta_files {
        assert!(
            r.position(f).is_some(),
            "{f} says Meta but is not found\n{}",
            r.listing()
        );
    }
    let last_meta = r
        .hits
        .iter()
        .rposition(|h| meta_files.contains(h.file_name()))
        .unwrap();
    for (i, h) in r.hits.iter().enumerate() {
        if !meta_files.contains(h.file_name()) {
            assert!(
                i > last_meta,
                "{} never says Meta (only forms of `mettre`) but ranks {} above an article \
                 about Meta\n{}",
                h.file_name(),
                h.rank,
                r.listing()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Accents, case, phrases, operators, fields.

#[test]
fn accents_and_case_are_ignored() {
    let ws = shared();
    for (plain, accented) in [
        ("securite routiere", "sécurité routière"),
        ("SÉCURITÉ ROUTIÈRE", "sécurité routière"),
        ("donnees", "données"),
        ("creee", "créée"),
        ("paye", "payé"),
    ] {
        let args = |q: &'static str| {
            let mut a = vec!["-n", "50"];
            a.extend(q.split(' '));
            a
        };
        let a = ws.search(&args(plain));
        let b = ws.search(&args(accented));
        assert!(!b.hits.is_empty(), "{accented:?} finds something");
        assert_eq!(
            a.ids(),
            b.ids(),
            "{plain:?} and {accented:?} must return the same articles in the same order\n{}\n{}",
            a.listing(),
            b.listing()
        );
        assert_eq!(a.total_hits, b.total_hits);
    }
}

/// Whether a folded text has a word starting with `a` directly followed by one starting with `b`.
fn adjacent(folded: &str, a: &str, b: &str) -> bool {
    words(folded)
        .windows(2)
        .any(|w| w[0].starts_with(a) && w[1].starts_with(b))
}

#[test]
fn quoted_phrase_finds_the_words_next_to_each_other() {
    let ws = shared();
    let phrase = ws.search(&["-n", "50", "\"sécurité routière\""]);
    let loose = ws.search(&["-n", "50", "sécurité", "routière"]);
    // Every article that has the phrase is found...
    let with_phrase: Vec<&Extracted> = articles()
        .values()
        .filter(|a| fold(&a.text()).contains("securite routiere"))
        .collect();
    assert!(
        with_phrase.len() >= 3,
        "the samples have the phrase: {with_phrase:?}"
    );
    for a in with_phrase {
        assert!(
            found_or_copy(&phrase, a),
            "{} has the phrase but is not found\n{}",
            a.id,
            phrase.listing()
        );
    }
    // ...and only those with the two words side by side.
    for h in &phrase.hits {
        assert!(
            adjacent(&fold(&article_of(h).text()), "securit", "routi"),
            "{} does not have `sécurité routière` as a phrase\n{}",
            h.id,
            phrase.listing()
        );
    }
    assert!(
        phrase.total_hits < loose.total_hits,
        "the phrase must be more selective than the two words anywhere\n{}\n{}",
        phrase.listing(),
        loose.listing()
    );
}

#[test]
fn and_not_in_capitals_filter_as_boolean_searchers_expect() {
    let ws = shared();
    let has = |h: &Hit, w: &str| words(&fold(&article_of(h).text())).contains(&w);
    let any = ws.search(&["-n", "100", "Meta", "Google"]);
    for and in ["AND", "ET"] {
        let both = ws.search(&["-n", "100", "Meta", and, "Google"]);
        assert!(
            both.total_hits > 0 && both.total_hits < any.total_hits,
            "{and}\n{}",
            both.listing()
        );
        for h in &both.hits {
            assert!(has(h, "meta") && has(h, "google"), "{and}: {}", h.id);
        }
        // The articles with both words, as the plain query ranks them first.
        assert_eq!(both.ids(), any.ids()[..both.hits.len()], "{and}");
    }
    for not in ["NOT", "SAUF"] {
        let without = ws.search(&["-n", "100", "Meta", not, "Google"]);
        assert!(without.total_hits > 0, "{not}");
        for h in &without.hits {
            assert!(!has(h, "google"), "{not}: {}", h.id);
        }
        assert_eq!(
            without.ids(),
            ws.search(&["-n", "100", "Meta -Google"]).ids()
        );
    }
    assert_eq!(
        ws.search(&["-n", "100", "Meta", "OU", "Google"]).ids(),
        ws.search(&["-n", "100", "Meta", "OR", "Google"]).ids()
    );
}

#[test]
fn minus_excludes_articles_with_the_word() {
    let ws = shared();
    let meta = ws.search(&["-n", "50", "Meta"]);
    let without = ws.search(&["-n", "50", "Meta -RGPD"]);
    assert!(meta.position(META_GDPR).is_some(), "\n{}", meta.listing());
    assert!(
        without.position(META_GDPR).is_none(),
        "the GDPR article must be excluded\n{}",
        without.listing()
    );
    for h in &without.hits {
        assert!(
            !words(&fold(&article_of(h).text())).contains(&"rgpd"),
            "{} contains RGPD\n{}",
            h.id,
            without.listing()
        );
    }
    // Nothing else is lost.
    let dropped: Vec<&Hit> = meta
        .hits
        .iter()
        .filter(|h| !without.hits.iter().any(|w| w.id == h.id))
        .collect();
    for h in dropped {
        assert!(
            words(&fold(&article_of(h).text())).contains(&"rgpd"),
            "{} was dropped but does not contain RGPD",
            h.id
        );
    }
}

#[test]
fn exclusion_works_when_the_shell_splits_the_query() {
    let ws = shared();
    // kiosque search Meta -RGPD  (two argv entries; the second starts with `-`)
    let split = ws.search(&["-n", "50", "Meta", "-RGPD"]);
    let joined = ws.search(&["-n", "50", "Meta -RGPD"]);
    assert_eq!(split.query, "Meta -RGPD");
    assert_eq!(split.ids(), joined.ids());
    assert!(split.position(META_GDPR).is_none(), "\n{}", split.listing());
    assert!(split.position(META_AI).is_some(), "\n{}", split.listing());
    // Also first: kiosque search -RGPD Meta
    let leading = ws.search(&["-n", "50", "-RGPD", "Meta"]);
    assert_eq!(id_set(&leading), id_set(&joined), "\n{}", leading.listing());
}

#[test]
fn or_finds_the_union() {
    let ws = shared();
    let meta = ws.search(&["-n", "100", "Meta"]);
    let google = ws.search(&["-n", "100", "Google"]);
    let either = ws.search(&["-n", "100", "Meta", "OR", "Google"]);
    let union: BTreeSet<String> = id_set(&meta).union(&id_set(&google)).cloned().collect();
    assert_eq!(
        id_set(&either),
        union,
        "Meta OR Google = the articles of Meta plus those of Google\n{}",
        either.listing()
    );
    assert_eq!(either.total_hits, union.len() as u64);
    assert!(either.position(GEMINI).is_some() && either.position(META_GDPR).is_some());
}

#[test]
fn trailing_star_finds_every_word_starting_so() {
    let ws = Workspace::empty();
    let dir = ws.path("mots");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        (
            "ecole.txt",
            "À l’école\n\nLes outils numériques se multiplient en classe.\n",
        ),
        (
            "reseau.txt",
            "Réseau\n\nLe numérique consomme de l’énergie.\n",
        ),
        (
            "archives.txt",
            "Archives\n\nLa numérisation des archives avance.\n",
        ),
        (
            "loto.txt",
            "Loto\n\nLes numéros gagnants du tirage de samedi.\n",
        ),
        (
            "recensement.txt",
            "Recensement\n\nLe nombre d’habitants augmente.\n",
        ),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    ws.index_report(&[&dir], 0);
    for q in ["numéri*", "numeri*", "NUMÉRI*"] {
        let r = ws.search(&[q]);
        let files: BTreeSet<&str> = r.hits.iter().map(Hit::file_name).collect();
        assert_eq!(
            files,
            BTreeSet::from(["archives.txt", "ecole.txt", "reseau.txt"]),
            "{q}: numériques, numérique, numérisation; not numéros nor nombre\n{}",
            r.listing()
        );
    }
}

#[test]
fn trailing_star_on_the_samples_finds_every_article_with_such_a_word() {
    let r = shared().search(&["-n", "100", "numéri*"]);
    let expected: Vec<&Extracted> = articles()
        .values()
        .filter(|a| {
            words(&fold(&a.text()))
                .iter()
                .any(|w| w.starts_with("numeri"))
        })
        .collect();
    // (Today only page furniture says "Numérique" in the samples; the check below keeps the
    // search honest either way.)
    for a in expected {
        assert!(
            found_or_copy(&r, a),
            "{} has a word starting with numéri but is not found\n{}",
            a.id,
            r.listing()
        );
    }
    for h in &r.hits {
        assert!(
            words(&fold(&article_of(h).text()))
                .iter()
                .any(|w| w.starts_with("numer")),
            "{} has no word starting with numéri\n{}",
            h.id,
            r.listing()
        );
    }
}

#[test]
fn title_field_only_looks_at_headlines() {
    let ws = shared();
    let r = ws.search(&["-n", "50", "title:Meta"]);
    for f in [META_AI, META_GDPR, RESULTS_META_GOOGLE] {
        assert!(
            r.position(f).is_some(),
            "{f} has Meta in its title\n{}",
            r.listing()
        );
    }
    assert!(
        r.position(COPILOT).is_none(),
        "the Copilot article has Meta in its body only\n{}",
        r.listing()
    );
    for h in &r.hits {
        let title = fold(&h.title);
        assert!(
            words(&title).iter().any(|w| w.starts_with("met")),
            "{:?} does not match title:Meta\n{}",
            h.title,
            r.listing()
        );
    }
    // Without the field, the body counts.
    assert!(ws.search(&["-n", "50", "Meta"]).position(COPILOT).is_some());
}

#[test]
fn author_field_filters_by_byline() {
    let ws = shared();
    let r = ws.search(&["author:Marchal"]);
    assert_eq!(
        r.hits.iter().map(Hit::file_name).collect::<Vec<_>>(),
        [RESULTS_META_GOOGLE],
        "\n{}",
        r.listing()
    );
    assert_eq!(r.hits[0].authors, ["Élodie Marchal"]);
    // Accents and case do not matter in names either.
    assert_eq!(ws.search(&["author:elodie"]).ids(), r.ids());

    let claire = ws.search(&["-n", "50", "author:\"Claire Dubreuil\""]);
    assert!(
        claire.ids().contains(&"dep-2024-0001"),
        "\n{}",
        claire.listing()
    );
    for h in &claire.hits {
        assert!(
            h.authors.iter().any(|a| a == "Claire Dubreuil"),
            "{} is not by Claire Dubreuil: {:?}",
            h.id,
            h.authors
        );
    }
    // A field combines with words: by Marchal and about Meta, but nothing by Dubreuil on Meta.
    assert_eq!(ws.search(&["author:Marchal", "Meta"]).ids(), r.ids());
    assert_eq!(ws.search(&["author:Dubreuil", "Meta"]).total_hits, 0);
}

// ---------------------------------------------------------------------------------------------
// Dates, sorting, paging.

const BROAD: &[&str] = &[
    "-n",
    "100",
    "France",
    "OR",
    "prix",
    "OR",
    "Meta",
    "OR",
    "données",
    "OR",
    "entreprises",
    "OR",
    "BCE",
];

#[test]
fn since_and_until_keep_the_articles_published_in_the_period() {
    let ws = shared();
    let all = ws.search(BROAD);
    let mut args = vec!["--since", "2024", "--until", "2024-06"];
    args.extend_from_slice(BROAD);
    let period = ws.search(&args);

    let in_period = |d: &str| ("2024-01-01"..="2024-06-30").contains(&d);
    // The unfiltered search has what the filter must drop: other years, and undated articles.
    assert!(
        all.hits.iter().any(|h| h.date.is_none()),
        "the undated ECB article is a hit\n{}",
        all.listing()
    );
    assert!(
        all.hits
            .iter()
            .any(|h| h.date.as_deref().is_some_and(|d| !in_period(d)))
    );
    assert!(
        all.hits
            .iter()
            .any(|h| h.date.as_deref() == Some("2024-07-08"))
    );

    let expected: BTreeSet<String> = all
        .hits
        .iter()
        .filter(|h| h.date.as_deref().is_some_and(in_period))
        .map(|h| h.id.clone())
        .collect();
    assert!(
        expected.len() >= 5,
        "the samples have articles of 2024 up to June: {expected:?}"
    );
    for h in &period.hits {
        let d = h
            .date
            .as_deref()
            .unwrap_or_else(|| panic!("undated hit {} kept", h.id));
        assert!(
            in_period(d),
            "{} dated {d} is outside 2024-01..2024-06",
            h.id
        );
    }
    assert_eq!(id_set(&period), expected, "\n{}", period.listing());
    // The last day of the month given to --until is included.
    assert!(
        period
            .hits
            .iter()
            .any(|h| h.date.as_deref() == Some("2024-06-12")),
        "\n{}",
        period.listing()
    );
}

#[test]
fn nothing_in_the_dates_asked_says_what_matches_at_other_dates() {
    let ws = shared();
    let run = ws.search_raw(&["--json", "--since", "2030", "BCE"]);
    run.expect_code(1);
    let r: Results = run.json();
    assert_eq!(r.total_hits, 0);
    // The samples hold two ECB articles: one of 2023-02-28, one undated.
    let all = ws.search(&["BCE"]);
    assert_eq!(all.total_hits, 2, "\n{}", all.listing());
    assert!(
        run.stderr
            .contains("without --since/--until, 2 articles match, on 2023-02-28 (1 undated)"),
        "{run:?}"
    );
    let run = ws.search_raw(&["--until", "2020", "législatives"]);
    run.expect_code(1);
    let all = ws.search(&["-n", "50", "législatives"]);
    let mut days: Vec<&str> = all.hits.iter().filter_map(|h| h.date.as_deref()).collect();
    days.sort();
    assert!(days.len() >= 2, "\n{}", all.listing());
    let span = format!(
        "{} articles match, from {} to {}",
        all.total_hits,
        days[0],
        days[days.len() - 1]
    );
    assert!(run.stderr.contains(&span), "{span}{run:?}");
    // Nothing at any date: no such note.
    let run = ws.search_raw(&["--since", "2030", "zyxwvutsrq"]);
    assert!(!run.stderr.contains("dates asked"), "{run:?}");
}

#[test]
fn dates_centuries_away_are_no_wraparound() {
    // tantivy counts nanoseconds: a day before 1678 or after 2262 wrapped around.
    let ws = shared();
    let all = ws.search(&["BCE"]).total_hits;
    assert!(all > 0);
    assert_eq!(
        ws.search(&["--since", "1500", "BCE"]).total_hits,
        all - 1,
        "the undated one goes"
    );
    assert_eq!(ws.search(&["--until", "1500", "BCE"]).total_hits, 0);
    assert_eq!(ws.search(&["--since", "2300", "BCE"]).total_hits, 0);
    assert_eq!(ws.search(&["--until", "2300", "BCE"]).total_hits, all - 1);
}

#[test]
fn date_filters_use_the_day_of_publication_where_it_was_published() {
    // Published 2024-07-08T01:10:00+02:00, that is 2024-07-07 in UTC: it is a 2024-07-08 article.
    let ws = shared();
    let day = ws.search(&[
        "--since",
        "2024-07-08",
        "--until",
        "2024-07-08",
        "législatives",
    ]);
    assert_eq!(
        day.ids(),
        ["corpus/jsonl/fil-agence.ndjson#2"],
        "\n{}",
        day.listing()
    );
    assert_eq!(day.hits[0].date.as_deref(), Some("2024-07-08"));
    let before = ws.search(&["--until", "2024-07-07", "législatives"]);
    assert!(
        !before.ids().contains(&"corpus/jsonl/fil-agence.ndjson#2"),
        "\n{}",
        before.listing()
    );
}

#[track_caller]
fn check_date_order(r: &Results, newest_first: bool) {
    let dates: Vec<Option<&str>> = r.hits.iter().map(|h| h.date.as_deref()).collect();
    let dated = dates.iter().take_while(|d| d.is_some()).count();
    assert!(
        dates[dated..].iter().all(Option::is_none),
        "undated articles come after every dated one: {dates:?}"
    );
    assert!(
        dated >= 10,
        "enough dated hits to check the order: {dates:?}"
    );
    for w in dates[..dated].windows(2) {
        let ok = if newest_first {
            w[0] >= w[1]
        } else {
            w[0] <= w[1]
        };
        assert!(
            ok,
            "dates out of order ({}): {dates:?}",
            if newest_first {
                "newest first"
            } else {
                "oldest first"
            }
        );
    }
}

#[test]
fn sort_by_date_lists_the_newest_first_and_oldest_the_reverse() {
    let ws = shared();
    let relevance = ws.search(&["-n", "100", "France"]);
    for (sort, newest_first) in [("date", true), ("oldest", false)] {
        let r = ws.search(&["--sort", sort, "-n", "100", "France"]);
        check_date_order(&r, newest_first);
        assert_eq!(
            r.total_hits, relevance.total_hits,
            "sorting does not change what matches"
        );
        assert_eq!(id_set(&r), id_set(&relevance));
        let ranks: Vec<u64> = r.hits.iter().map(|h| h.rank).collect();
        assert_eq!(ranks, (1..=r.hits.len() as u64).collect::<Vec<_>>());
    }
}

#[test]
fn sorted_by_date_a_short_query_lists_the_articles_with_every_word() {
    let ws = shared();
    // Ranked, articles with only one of the words come after those with both.
    let ranked = ws.search(&["-n", "100", "Meta", "Google"]);
    let both: BTreeSet<String> = id_set(&ws.search(&["-n", "100", "Meta"]))
        .intersection(&id_set(&ws.search(&["-n", "100", "Google"])))
        .cloned()
        .collect();
    assert!(
        ranked.total_hits > both.len() as u64 && !both.is_empty(),
        "the samples have articles with both words and with one: {} / {}",
        ranked.total_hits,
        both.len()
    );
    for sort in ["date", "oldest"] {
        let r = ws.search(&["--sort", sort, "-n", "100", "Meta", "Google"]);
        assert_eq!(r.total_hits, both.len() as u64, "--sort {sort}");
        assert_eq!(id_set(&r), both, "--sort {sort}");
        let dates: Vec<Option<String>> = r.hits.iter().map(|h| h.date.clone()).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        if sort == "date" {
            sorted.reverse();
        }
        assert_eq!(dates, sorted, "--sort {sort}");
    }
    // When no article has every word, those with some are listed, with a note.
    let run = ws.search_raw(&["--sort", "date", "-n", "100", "Meta", "zorglub"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("no article has every word"),
        "{}",
        run.stderr
    );
    let some = ws.search(&["--sort", "date", "-n", "100", "Meta", "zorglub"]);
    assert_eq!(id_set(&some), id_set(&ws.search(&["-n", "100", "Meta"])));
}

#[test]
fn a_search_for_no_hits_still_tells_how_many_articles_match() {
    let ws = shared();
    let run = ws.search_raw(&["-n", "0", "Meta"]);
    run.expect_code(0);
    let n = ws.search(&["Meta"]).total_hits;
    assert!(
        run.stdout.contains(&format!("{n} articles match \"Meta\"")),
        "{}",
        run.stdout
    );
}

#[test]
fn limit_and_offset_page_through_the_results() {
    let ws = shared();
    let top = ws.search(&["-n", "3", "Meta"]);
    let page = ws.search(&["-n", "2", "--offset", "1", "Meta"]);
    assert_eq!(top.hits.len(), 3);
    assert_eq!(page.hits.iter().map(|h| h.rank).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(page.ids(), top.ids()[1..3]);
    assert_eq!(
        page.total_hits, top.total_hits,
        "total_hits counts every match"
    );
    assert!(page.total_hits > 3);
    // The largest numbers are valid, and ask for every hit (no allocation of that size).
    const MAX: &str = "18446744073709551615";
    let all = ws.search(&["-n", MAX, "Meta"]);
    assert_eq!(all.hits.len() as u64, all.total_hits);
    assert_eq!(all.ids()[..3], top.ids()[..]);
    let past = ws.search(&["-n", MAX, "--offset", MAX, "Meta"]);
    assert!(past.hits.is_empty());
    assert_eq!(past.total_hits, top.total_hits);
}

// ---------------------------------------------------------------------------------------------
// Queries that find nothing, and queries that are not quite queries.

#[test]
fn stop_words_alone_find_nothing() {
    let run = shared().search_raw(&["--json", "le", "la", "les"]);
    run.expect_code(1);
    let r: Results = run.json();
    assert_eq!(r.total_hits, 0);
    assert!(r.hits.is_empty());
}

#[test]
fn malformed_queries_are_read_leniently() {
    let ws = shared();
    for q in [
        "!!! ... ,,, ;; ? « » — …",
        "\"prix de l'essence",
        "(Meta OR Google",
        "Meta)",
        "foo:bar",
        "title:",
        "author:",
        ":",
        "-",
        "*",
        "\"\"",
        "OR",
        "Meta OR",
        "-Meta",
        "\u{301}\u{301}",
    ] {
        // `search` asserts exit 0 or 1, valid JSON and a code that agrees with total_hits.
        ws.search(&["--", q]);
    }
    // An unbalanced quote is read as plain words.
    let r = ws.search(&["-n", "20", "\"prix de l'essence"]);
    for f in [FUEL_CP1252, INFLATION] {
        assert!(r.position(f).is_some(), "{f}\n{}", r.listing());
    }
    // An unbalanced parenthesis is ignored.
    assert_eq!(
        ws.search(&["-n", "50", "(Meta OR Google"]).ids(),
        ws.search(&["-n", "50", "Meta OR Google"]).ids()
    );
}

#[test]
fn control_characters_in_the_query_are_separators() {
    let ws = shared();
    let q = "Meta\u{1}\u{7}\u{1b}[31m\tGoogle\r\n\u{7f}";
    let r = ws.search(&["-n", "50", q]);
    assert_eq!(r.query, q, "the query is echoed exactly (JSON-escaped)");
    assert!(
        r.position(META_AI).is_some() && r.position(GEMINI).is_some(),
        "\n{}",
        r.listing()
    );
}

#[test]
fn a_100_kb_query_is_answered() {
    let ws = shared();
    // Someone pastes a whole article, many times over.
    let text = std::fs::read_to_string(
        ws.corpus()
            .join("text/2024-06-12-ia-generative-entreprises-francaises.txt"),
    )
    .unwrap();
    let mut q = text.repeat(100_000 / text.len() + 1);
    let mut cut = 100_000;
    while !q.is_char_boundary(cut) {
        cut -= 1;
    }
    q.truncate(cut);
    let r = ws.search(&["--", &q]);
    assert!(r.total_hits > 0);
    assert_eq!(r.query.len(), q.len());
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the user types, search answers (exit 0 or 1, valid JSON), never fails.
    #[test]
    fn any_query_is_answered(parts in prop::collection::vec(
        prop::sample::select(vec![
            "Meta", "IA", "générative", "le", "\"", "(", ")", "-", "*", ":", "OR", "title:",
            "author:", "foo:", "l’", "l'", "«", "»", "…", "numéri*", "É", "e\u{301}", "ﬁ", "🚀",
            "\t", " ", "\\", "\u{200b}", "\u{a0}", "--", "-n", "“", "”",
        ]),
        0..12,
    )) {
        let q: String = parts.concat();
        shared().search(&["--", &q]);
    }
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn bad_options_fail_with_a_message_and_no_output() {
    let ws = shared();
    for (args, culprit) in [
        (&["--since", "2024-13-45", "Meta"][..], "2024-13-45"),
        (&["--until", "demain", "Meta"][..], "demain"),
        (&["--limit", "-3", "Meta"][..], "-3"),
        (&["--sort", "pertinence", "Meta"][..], "pertinence"),
        (&["--offset", "x", "Meta"][..], "x"),
    ] {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = ws.search_raw(&all);
        run.expect_code(2);
        assert_eq!(run.stdout, "", "nothing on stdout on error:{run:?}");
        assert!(
            run.stderr.contains(culprit),
            "stderr names the bad value:{run:?}"
        );
    }
}

#[test]
fn missing_index_fails_and_says_how_to_build_one() {
    let ws = Workspace::empty();
    let nowhere = ws.path("no-index-here");
    for args in [
        vec![
            "search",
            "--index",
            nowhere.to_str().unwrap(),
            "--json",
            "Meta",
        ],
        // No --index and no $KIOSQUE_INDEX: ./kiosque-index, absent from this directory.
        vec!["search", "--json", "Meta"],
    ] {
        let run = ws.run(&args);
        run.expect_code(2);
        assert_eq!(run.stdout, "", "{run:?}");
        assert!(
            run.stderr.contains("kiosque index"),
            "stderr suggests `kiosque index`:{run:?}"
        );
    }
}

#[test]
fn closed_stdout_is_not_an_error() {
    // `kiosque search ... | head -0`: the reader goes away before kiosque writes.
    let ws = shared();
    for format in [&["--json"][..], &["--jsonl"][..], &[][..]] {
        let mut child = Command::new(common::BIN)
            .arg("search")
            .arg("--index")
            .arg(ws.index_dir())
            .args(format)
            .args(["-n", "100", "France"])
            .env_remove("KIOSQUE_INDEX")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kiosque");
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(
            status.code().is_some_and(|c| c != 2),
            "{format:?}: exit status {status:?} with a closed stdout; stderr: {stderr}"
        );
        assert!(
            !stderr.to_lowercase().contains("broken pipe"),
            "{format:?}: stderr mentions the broken pipe: {stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Snippets.

#[test]
fn snippet_highlights_the_query_words() {
    let r = shared().search(&["-n", "20", "IA", "générative"]);
    let h = r
        .hit(META_AI)
        .unwrap_or_else(|| panic!("\n{}", r.listing()));
    let shown = h.snippet.highlighted();
    assert!(
        shown
            .iter()
            .any(|s| ["générative", "génératives"].contains(&s.to_lowercase().as_str())),
        "générative(s) highlighted: {shown:?} in {:?}",
        h.snippet.text
    );
    assert!(
        shown.iter().any(|s| s == "IA"),
        "IA highlighted: {shown:?} in {:?}",
        h.snippet.text
    );
    for s in &shown {
        assert!(
            !s.contains('’') && !s.contains('\''),
            "the elided article is not part of the highlight: {s:?} in {shown:?}"
        );
    }
}

#[test]
fn a_number_with_thousands_is_searched_and_highlighted_as_one_word() {
    // The road-safety reports give `3 167` deaths; other articles have a `3` and a `167`
    // apart, or none: they must not match the number.
    let r = shared().search(&["-n", "20", "3 167"]);
    assert!(r.total_hits >= 1, "the road-safety report matches");
    for h in &r.hits {
        assert_eq!(
            h.snippet.highlighted(),
            ["3 167"],
            "only the whole number is highlighted, in {:?}",
            h.snippet.text
        );
    }
    // Typed with a no-break space or a dot for thousands, it is the same number.
    for typed in ["3\u{a0}167", "3.167"] {
        let other = shared().search(&["-n", "20", typed]);
        assert_eq!(id_set(&other), id_set(&r), "{typed:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Command line.

#[test]
fn options_after_the_query_are_still_options() {
    let ws = shared();
    // kiosque search Meta --json
    let run = ws.search_raw(&["Meta", "--json"]);
    run.expect_code(0);
    let r: Results = run.json();
    assert_eq!(r.query, "Meta", "--json is an option, not a query word");
    // kiosque search --json Meta -n 2 --sort date
    let run = ws.search_raw(&["--json", "Meta", "-n", "2", "--sort", "date"]);
    run.expect_code(0);
    let r: Results = run.json();
    assert_eq!(
        r.query, "Meta",
        "-n 2 --sort date are options, not query words"
    );
    assert_eq!(r.hits.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Needs the full HTML extractor (metadata, boilerplate removal).

#[test]
fn the_republished_copy_stands_behind_the_original() {
    // Same title and body once the page furniture is gone; the original (2024-01-31) is the
    // earliest copy, the republication (2024-02-05) is hidden behind it.
    let r = shared().search(&["-n", "50", "\"sécurité routière\""]);
    let original = r
        .hit("quotidien-numerique-securite-routiere-bilan-2023.html")
        .unwrap_or_else(|| panic!("the original is found\n{}", r.listing()));
    assert_eq!(
        original.duplicates,
        1,
        "one other copy in the index\n{}",
        r.listing()
    );
    assert_eq!(original.date.as_deref(), Some("2024-01-31"));
    assert!(
        r.position("echo-regions-republication-securite-routiere-bilan-2023.html")
            .is_none(),
        "the republished copy appears once, through the original\n{}",
        r.listing()
    );
}

#[test]
fn a_name_typed_without_its_apostrophe_finds_the_name() {
    let ws = indexed_texts(&[
        (
            "oreal.txt",
            "Cosmétiques\n\nL'Oréal rachète une marque coréenne de soins.\n",
        ),
        ("lien.txt", "Un lien\n\nLe lien entre les deux affaires.\n"),
        ("ien.txt", "Ien\n\nIen est un prénom rare.\n"),
    ]);
    // `loreal` is no word of the index; `l'` glued to `Oréal` is.
    for typed in ["loreal", "Loreal", "LOREAL"] {
        let r = ws.search(&[typed]);
        assert_eq!(
            files(&r),
            BTreeSet::from(["oreal.txt".to_owned()]),
            "{typed}"
        );
        assert_eq!(r.hits[0].snippet.highlighted(), ["Oréal"], "{typed}");
    }
    // A word the index knows is taken as it is, not split.
    assert_eq!(
        files(&ws.search(&["lien"])),
        BTreeSet::from(["lien.txt".to_owned()])
    );
}

#[test]
fn acronyms_are_not_read_as_french_words() {
    let ws = indexed_texts(&[
        (
            "oms.txt",
            "Santé mondiale\n\nL'OMS alerte sur la rougeole en Europe.\n",
        ),
        (
            "om.txt",
            "Football\n\nL'OM recrute un attaquant avant la fin du mercato.\n",
        ),
        (
            "cnrs.txt",
            "Recherche\n\nUne chercheuse du CNRS reçoit une médaille.\n",
        ),
        (
            "cnr.txt",
            "Politique\n\nLe CNR, Conseil national de la refondation, se réunit.\n",
        ),
        (
            "caf.txt",
            "Allocations\n\nLa CAF verse les allocations familiales le 5 du mois.\n",
        ),
        (
            "cafe.txt",
            "Commerces\n\nLe café du village rouvre ses portes.\n",
        ),
        (
            "covid-caps.txt",
            "Écoles\n\nLe COVID ferme trois classes du collège.\n",
        ),
        (
            "covid-lower.txt",
            "Hôpitaux\n\nLa covid recule dans les services de réanimation.\n",
        ),
    ]);
    let only = |f: &str| BTreeSet::from([f.to_owned()]);
    // Snowball made `OMS` the `om` of `OM`, and `CNRS` the `cnr` of `CNR`; `CAF` was `caf`, the
    // stem of `café`.
    for (typed, file) in [
        ("om", "om.txt"),
        ("OM", "om.txt"),
        ("OMS", "oms.txt"),
        ("cnr", "cnr.txt"),
        ("CNRS", "cnrs.txt"),
        // `caf` is the stem of `café`; the acronym `CAF` is another word.
        ("cafe", "cafe.txt"),
        ("café", "cafe.txt"),
    ] {
        assert_eq!(files(&ws.search(&[typed])), only(file), "{typed}");
    }
    // A word written both ways is one word, however it is typed, alone or in a long query.
    let both = BTreeSet::from(["covid-caps.txt".to_owned(), "covid-lower.txt".to_owned()]);
    for typed in ["covid", "Covid", "COVID"] {
        assert_eq!(files(&ws.search(&[typed])), both, "{typed}");
        let long = format!("le {typed} ferme des classes et recule dans les services");
        let r = ws.search(&[long.as_str()]);
        assert!(both.is_subset(&files(&r)), "{long}");
    }
    // `CAF` finds the CAF first; the word written in lower case comes after, at a low weight
    // (`caf` is also how an article may write the acronym).
    let r = ws.search(&["CAF"]);
    assert_eq!(r.hits[0].path.rsplit('/').next(), Some("caf.txt"));
    // Typed in lower case, an acronym is found too, and highlighted as written.
    for (typed, file, written) in [("oms", "oms.txt", "OMS"), ("cnrs", "cnrs.txt", "CNRS")] {
        let r = ws.search(&[typed]);
        assert_eq!(r.hits[0].path.rsplit('/').next(), Some(file), "{typed}");
        assert_eq!(r.hits[0].snippet.highlighted(), [written], "{typed}");
    }
    // Its synonyms are the acronym's (OMS = Organisation mondiale de la santé), not those of
    // the stem's (OM = Olympique de Marseille).
    let run = ws.search_raw(&["oms", "--explain"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Organisation mondiale"), "{run:?}");
    assert!(!run.stdout.contains("Olympique"), "{run:?}");
}

#[test]
fn a_word_no_article_holds_is_searched_as_the_closest_one_it_holds() {
    let ws = indexed_texts(&[
        (
            "vaccin.txt",
            "Santé\n\nUn vaccin contre la grippe arrive en pharmacie.\n",
        ),
        (
            "vacances.txt",
            "Tourisme\n\nLes vacances d'été commencent samedi.\n",
        ),
        (
            "climat.txt",
            "Climat\n\nLe réchauffement climatique accélère la fonte des glaciers.\n",
        ),
        (
            "budget.txt",
            "Gouvernement : le budget est présenté\n\nLe gouvernement présente son budget.\n",
        ),
    ]);
    // One letter off (`vacin`, `rechaufement`), in a short query or beside another word.
    // A mistake in the ending (`gouvernemnt`, whose stem is itself) is found through the
    // whole words that the index holds (`Gouvernement`, capitalised in a headline).
    for (typed, file, known) in [
        ("vacin", "vaccin.txt", "vaccin"),
        ("rechaufement climatique", "climat.txt", "rechauff"),
        ("gouvernemnt", "budget.txt", "gouvern"),
    ] {
        let run = ws.search_raw(&[typed]);
        run.expect_code(0);
        assert!(run.stdout.contains(file), "{typed}: {run:?}");
        assert!(
            run.stderr
                .contains(&format!("searched {known:?}, the closest word")),
            "{typed}: {run:?}"
        );
    }
    // `--explain --json` says what was searched instead.
    let v = ws
        .search_raw(&["--explain", "--json", "vacin"])
        .expect_code(0)
        .json::<serde_json::Value>();
    assert_eq!(v["explain"]["clauses"][0]["respelled"], "vaccin");
    // A word the index holds is never respelled, and short words are not guessed at.
    for typed in ["vacances", "vac"] {
        let run = ws.search_raw(&[typed]);
        assert!(!run.stderr.contains("closest word"), "{typed}: {run:?}");
    }
    // Nor is an excluded word: `-vacin` excludes nothing.
    assert_eq!(
        files(&ws.search(&["grippe", "-vacin"])),
        BTreeSet::from(["vaccin.txt".to_owned()])
    );
}

#[test]
fn a_participle_finds_the_other_forms_of_its_verb() {
    let ws = indexed_texts(&[
        (
            "participe.txt",
            "Histoire\n\nDes familles entières ont été massacrées en 1944.\n",
        ),
        (
            "nom.txt",
            "Mémoire\n\nLe massacre du village est commémoré chaque année.\n",
        ),
        (
            "autre.txt",
            "Sport\n\nLe club a gagné son match de dimanche.\n",
        ),
        (
            "manifestation.txt",
            "Social\n\nUne manifestation d'agriculteurs bloque la préfecture.\n",
        ),
    ]);
    // Snowball leaves a third person plural whole: `manifestent` finds the other forms too.
    assert_eq!(
        files(&ws.search(&["manifestent"])),
        BTreeSet::from(["manifestation.txt".to_owned()])
    );
    // Folded, `massacrées` stems as `massacre`, apart from `massacr` (massacre, massacrer):
    // the stem of its accented spelling is searched too, typed with accents or without.
    let both = BTreeSet::from(["participe.txt".to_owned(), "nom.txt".to_owned()]);
    for typed in ["massacrées", "massacrees"] {
        let r = ws.search(&[typed]);
        assert_eq!(files(&r), both, "{typed}");
        // The form typed comes first.
        assert_eq!(
            r.hits[0].path.rsplit('/').next(),
            Some("participe.txt"),
            "{typed}"
        );
    }
}

#[test]
fn a_name_typed_in_lower_case_is_read_as_the_name_the_archive_writes() {
    let ws = indexed_texts(&[
        (
            "enseigne.txt",
            "Commerce\n\nCarrefour ferme deux magasins en Bretagne. Carrefour recrute ailleurs.\n",
        ),
        (
            "enseigne2.txt",
            "Distribution\n\nLe groupe Carrefour rappelle des lots de fromage.\n",
        ),
        (
            "route.txt",
            "Circulation\n\nUn accident au carrefour du village, deux carrefours plus loin un autre.\n",
        ),
    ]);
    // The archive writes `carrefour` with a capital in two articles of three: typed in lower
    // case, it is read as the name, and the company's articles come first.
    let r = ws.search(&["carrefour"]);
    assert_eq!(r.hits.len(), 3);
    assert_eq!(r.hits[2].path.rsplit('/').next(), Some("route.txt"));
    let run = ws.search_raw(&["--explain", "carrefour"]);
    assert!(
        run.stdout
            .contains("(a name: the archive mostly writes it with a capital)"),
        "{run:?}"
    );
    // A word the archive mostly writes in lower case is not (`accident`).
    let run = ws.search_raw(&["--explain", "accident"]);
    assert!(!run.stdout.contains("(a name"), "{run:?}");
}

/// A folder of three short articles: one says `UE`, one `Union européenne`, one neither.
fn europe_workspace() -> Workspace {
    indexed_texts(&[
        (
            "sigle.txt",
            "Un plan pour les agriculteurs\n\nL'UE adopte un plan d'aide aux éleveurs.\n",
        ),
        (
            "long.txt",
            "Bruxelles tranche\n\nL'Union européenne adopte un plan d'aide aux éleveurs.\n",
        ),
        (
            "autre.txt",
            "Les quokkas\n\nLes quokkas sont des marsupiaux qui sourient.\n",
        ),
    ])
}

/// A workspace whose corpus folder holds these text files (name, content), indexed.
fn indexed_texts(files: &[(&str, &str)]) -> Workspace {
    let ws = Workspace::empty();
    let dir = ws.corpus();
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    ws.index_report(&[ws.corpus()], 0);
    ws
}

fn files(r: &Results) -> BTreeSet<String> {
    r.hits
        .iter()
        .map(|h| h.path.rsplit('/').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn synonyms_find_acronyms_and_their_expansions() {
    let ws = europe_workspace();
    let both: BTreeSet<String> = ["long.txt", "sigle.txt"].map(String::from).into();
    assert_eq!(files(&ws.search(&["UE"])), both);
    assert_eq!(files(&ws.search(&["Union", "européenne"])), both);
    assert_eq!(files(&ws.search(&["\"union europeenne\""])), both);
    assert_eq!(
        files(&ws.search(&["--no-synonyms", "UE"])),
        ["sigle.txt".to_owned()].into()
    );
    // A synonym counts for the all-words rule: `UE éleveurs` finds both.
    assert_eq!(files(&ws.search(&["UE", "éleveurs"])), both);
}

#[test]
fn a_synonyms_file_of_the_user_adds_groups() {
    let ws = europe_workspace();
    let list = ws.path("mes-synonymes.txt");
    std::fs::write(&list, "# les miens\nzorglub = quokkas\n").unwrap();
    let list_arg = list.to_str().unwrap();
    let nothing = ws.search_raw(&["--json", "zorglub"]);
    nothing.expect_code(1);
    let r = ws.search(&["--synonyms", list_arg, "zorglub"]);
    assert_eq!(files(&r), ["autre.txt".to_owned()].into());
    // The built-in list still applies beside the user's.
    assert_eq!(files(&ws.search(&["--synonyms", list_arg, "UE"])).len(), 2);
    // From the environment too.
    let idx = ws.index_dir();
    let run = common::run_with_env(
        &ws.root,
        [
            "search".as_ref(),
            "--index".as_ref(),
            idx.as_os_str(),
            "--json".as_ref(),
            std::ffi::OsStr::new("zorglub"),
        ],
        &[("KIOSQUE_SYNONYMS", list.as_os_str())],
    );
    run.expect_code(0);
    let missing = ws.search_raw(&["--synonyms", "/nulle/part.txt", "UE"]);
    missing.expect_code(2);
    assert!(
        missing.stderr.contains("cannot read the synonyms file"),
        "{missing:?}"
    );
}

#[test]
fn explain_says_how_the_query_was_read_and_its_parts_add_up_to_each_score() {
    let ws = shared();
    let run = ws.search_raw(&["--json", "--explain", "-n", "5", "IA", "générative", "Meta"]);
    run.expect_code(0);
    let v: serde_json::Value = run.json();
    let clauses = v["explain"]["clauses"].as_array().expect("clauses");
    assert_eq!(clauses.len(), 3, "{v}");
    assert_eq!(clauses[0]["text"], "IA");
    assert!(
        clauses[0]["synonyms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "intelligence artificielle"),
        "{v}"
    );
    assert_eq!(clauses[2]["text"], "Meta");
    assert_eq!(clauses[2]["name"], true, "Meta is read as a name: {v}");
    assert!(
        clauses[2]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "=meta"),
        "{v}"
    );
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        let score = h["score"].as_f64().unwrap();
        let parts = h["explanation"]["parts"].as_array().expect("parts");
        let sum: f64 = parts.iter().map(|p| p["score"].as_f64().unwrap()).sum();
        assert!(
            (sum - score).abs() <= 1e-3 * score.max(1.0),
            "parts add up to {sum}, score {score}: {h}"
        );
    }
    // The first hit has every word: the bonus is one of its parts, and Meta matched as `=meta`.
    let first = &hits[0]["explanation"]["parts"];
    let part = |name: &str| {
        first
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["part"] == name)
            .cloned()
    };
    assert!(part("every word (bonus)").is_some(), "{first}");
    let meta = part("Meta").expect("a part for Meta");
    assert!(
        meta["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["term"] == "=meta"),
        "{meta}"
    );
    // Without --explain, nothing of it.
    let plain: serde_json::Value = ws.search_raw(&["--json", "Meta"]).json();
    assert!(plain.get("explain").is_none());
    assert!(plain["hits"][0].get("explanation").is_none());
}

#[test]
fn explain_in_the_terminal_prints_the_reading_and_the_parts() {
    let ws = shared();
    let run = ws.search_raw(&["IA", "générative", "Meta", "--explain", "-n", "1"]);
    run.expect_code(0);
    assert!(run.stdout.contains("How the query was read"), "{run:?}");
    assert!(
        run.stdout.contains("synonyms: intelligence artificielle"),
        "{run:?}"
    );
    assert!(run.stdout.contains("every word (bonus)"), "{run:?}");
}

/// A line of filler text for the small archives of the ranking tests.
const FILLER: &str = "Le texte continue ensuite sur bien autre chose sans lien aucun.";

/// Writes `articles` (file name, text) into folder `name` of `ws`, with `others` articles on
/// other topics (so that the query words are rare, as in an archive), and indexes it.
fn small_archive(ws: &Workspace, name: &str, articles: &[(&str, String)], others: usize) {
    let dir = ws.path(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in articles {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let topics = [
        "football",
        "cinéma",
        "météo",
        "musique",
        "cuisine",
        "jardinage",
    ];
    for (i, topic) in topics.iter().take(others).enumerate() {
        std::fs::write(
            dir.join(format!("autre{i}.txt")),
            format!("Autre sujet\n\nUn article sur le {topic}. {FILLER}"),
        )
        .unwrap();
    }
    ws.index_report(&[&dir], 0);
}

#[test]
fn a_long_query_prefers_articles_where_its_neighbouring_words_go_together() {
    // Both articles hold every word of the pasted sentence once; only one has them as
    // neighbours in the sentence's order (in two runs, so the whole sentence is not found as
    // such), and it is the longer one, which BM25 alone puts second.
    let ws = Workspace::empty();
    small_archive(
        &ws,
        "paires",
        &[
            (
                "ensemble.txt",
                format!(
                    "Compte rendu\n\nLa commission budgétaire régionale examine. {FILLER} \
                     {FILLER} Le rapport annuel des transports ferroviaires. Fin du texte ici."
                ),
            ),
            (
                "disperse.txt",
                format!(
                    "Compte rendu\n\nLa commission siège, examine. {FILLER} Le rapport est \
                     budgétaire. Les transports sont annuels. La part régionale reste \
                     ferroviaire. Fin du texte ici."
                ),
            ),
        ],
        6,
    );
    let q = "commission budgétaire régionale examine rapport annuel transports ferroviaires";
    let r = ws.search(&[q]);
    let files: Vec<&str> = r.hits.iter().map(Hit::file_name).collect();
    assert_eq!(files.first(), Some(&"ensemble.txt"), "{}", r.listing());
    assert_eq!(files.len(), 2, "{}", r.listing());
}

#[test]
fn a_name_counts_for_every_word_only_where_it_is_written_as_a_name() {
    // `Orange fibre`: an article on orange (the colour) and fibre holds both stems, but not the
    // company; the one on Orange and fibre must come first even though the other says
    // `fibre` more.
    let ws = Workspace::empty();
    small_archive(
        &ws,
        "noms",
        &[
            (
                "couleur.txt",
                format!(
                    "Décoration\n\nUn tapis en fibre naturelle, teinte orange. La fibre de coco, \
                     la fibre de jute et la fibre de sisal. {FILLER}"
                ),
            ),
            (
                "operateur.txt",
                format!(
                    "Télécoms\n\nL'opérateur Orange accélère le déploiement. {FILLER} La fibre \
                     arrive."
                ),
            ),
        ],
        4,
    );
    let r = ws.search(&["Orange", "fibre"]);
    let files: Vec<&str> = r.hits.iter().map(Hit::file_name).collect();
    assert_eq!(files.first(), Some(&"operateur.txt"), "{}", r.listing());
    // Which articles earn the all-words bonus, as --explain tells.
    let bonus_for = |query: &[&str]| -> Vec<(String, bool)> {
        let mut args = vec!["--json", "--explain"];
        args.extend_from_slice(query);
        let v: serde_json::Value = ws.search_raw(&args).json();
        v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| {
                let path = h["path"].as_str().unwrap_or_default();
                let file = path.rsplit('/').next().unwrap_or_default().to_owned();
                let bonus = h["explanation"]["parts"]
                    .as_array()
                    .expect("parts")
                    .iter()
                    .any(|p| p["part"] == "every word (bonus)");
                (file, bonus)
            })
            .collect()
    };
    assert_eq!(
        bonus_for(&["Orange", "fibre"]),
        [
            ("operateur.txt".to_owned(), true),
            ("couleur.txt".to_owned(), false)
        ]
    );
    // Typed in lower case, the word is read as a name only where the archive writes it with
    // a capital in most articles; here in one of two, so both articles have every word.
    let lower = bonus_for(&["orange", "fibre"]);
    assert_eq!(lower.len(), 2);
    assert!(lower.iter().all(|(_, bonus)| *bonus), "{lower:?}");
}

#[test]
fn a_company_named_by_a_common_word_is_told_apart_from_the_word() {
    // `Casino` is its own stem: only the exact form written with a capital tells the retailer
    // from a casino.
    let ws = Workspace::empty();
    small_archive(
        &ws,
        "casino",
        &[
            (
                "jeux.txt",
                format!(
                    "Vacances\n\nLe casino de la station attire les joueurs, et le casino voisin \
                     aussi. Les magasins du centre ferment tôt. {FILLER}"
                ),
            ),
            (
                "distributeur.txt",
                format!("Commerce\n\nLe groupe Casino vend des magasins. {FILLER} {FILLER}"),
            ),
        ],
        4,
    );
    let r = ws.search(&["Casino", "magasins"]);
    let files: Vec<&str> = r.hits.iter().map(Hit::file_name).collect();
    assert_eq!(files, ["distributeur.txt", "jeux.txt"], "{}", r.listing());
    // In lower case it is the word (the archive writes it with a capital in one article of
    // two, not most): the article that says it twice comes first.
    let r = ws.search(&["casino", "magasins"]);
    let files: Vec<&str> = r.hits.iter().map(Hit::file_name).collect();
    assert_eq!(files, ["jeux.txt", "distributeur.txt"], "{}", r.listing());
}

#[test]
fn a_word_typed_in_lower_case_is_read_as_a_name_beside_the_words_that_go_with_the_name() {
    let ws = indexed_texts(&[
        (
            "groupe.txt",
            "Énergie\n\nTotal ferme la raffinerie de Grandpuits. Le groupe Total investit ailleurs.\n",
        ),
        (
            "donges.txt",
            "Estuaire\n\nLa raffinerie de Donges, propriété de Total, redémarre lundi.\n",
        ),
        (
            "normandie.txt",
            "Seine-Maritime\n\nTotal annonce des travaux dans sa raffinerie normande.\n",
        ),
        (
            "bilan.txt",
            "Raffinerie : un bilan total\n\nUne explosion dans une raffinerie : au total trois \
             blessés. La raffinerie est à l'arrêt total.\n",
        ),
        (
            "football.txt",
            "Football\n\nAu total, le club a marqué dix buts en total sur la saison.\n",
        ),
        (
            "budget.txt",
            "Budget\n\nLe montant total atteint deux millions, un total jamais vu.\n",
        ),
    ]);
    // The archive writes `total` with a capital in three articles of six: alone, it is a word.
    let run = ws.search_raw(&["--explain", "total"]);
    assert!(!run.stdout.contains("(a name"), "{run:?}");
    // Beside `raffinerie`, three of the four articles write it with a capital: the company.
    let run = ws.search_raw(&["--explain", "total raffinerie"]);
    assert!(
        run.stdout.contains(
            "(a name: 3 of the 4 articles that hold it beside the other words write it with a capital)"
        ),
        "{run:?}"
    );
    let r = ws.search(&["total raffinerie"]);
    let names: Vec<&str> = r
        .hits
        .iter()
        .map(|h| h.path.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert_eq!(names[3], "bilan.txt", "{names:?}");
    // Beside `buts`, no article does.
    let run = ws.search_raw(&["--explain", "total buts"]);
    assert!(!run.stdout.contains("(a name"), "{run:?}");
}

#[test]
fn an_acronym_is_found_next_to_the_next_word_however_it_is_typed() {
    let ws = indexed_texts(&[
        (
            "bourse.txt",
            "Marchés\n\nÀ la Bourse de Paris, le CAC 40 a reculé mardi, entraîné par les \
             valeurs bancaires au terme d'une séance agitée.\n",
        ),
        (
            "conseil.txt",
            "Culture\n\nLe CAC, conseil des acteurs culturels, réunit ses membres. Le CAC a \
             voté une motion. Ils étaient 40 à la réunion.\n",
        ),
    ]);
    // `CAC` is indexed as an acronym (`=cac`): the proximity bonus looks for that, however the
    // query spells it, so the index's `CAC 40` comes first.
    for typed in ["cac 40", "CAC 40", "Cac 40"] {
        let r = ws.search(&[typed]);
        assert_eq!(r.hits.len(), 2, "{typed}");
        assert_eq!(
            r.hits[0].path.rsplit('/').next(),
            Some("bourse.txt"),
            "{typed}"
        );
    }
    // Quoted, it is found in that spelling too, and `--explain` says so.
    let run = ws.search_raw(&["--explain", "\"cac 40\""]);
    assert!(run.stdout.contains("\"cac 40\" → cac 40 =cac"), "{run:?}");
    for typed in ["\"cac 40\"", "\"CAC 40\"", "\"Cac 40\""] {
        assert_eq!(
            files(&ws.search(&[typed])),
            BTreeSet::from(["bourse.txt".to_owned()]),
            "{typed}"
        );
    }
}

#[test]
fn stop_words_at_the_end_of_a_short_query_count_where_the_text_has_them() {
    // Stop words are not indexed: without the stored text, `mariage pour tous` is `mariage`,
    // and the articles that say `mariage` most come first.
    let ws = indexed_texts(&[
        (
            "noces.txt",
            "Fête en Bretagne\n\nLe mariage a réuni deux cents invités. Après le \
             mariage, un bal ; le mariage suivant aura lieu en juin.\n",
        ),
        (
            "loi.txt",
            "Dix ans de la loi Taubira\n\nLe mariage pour tous a été voté en 2013. Les \
             opposants avaient manifesté pendant des mois contre le texte.\n",
        ),
        (
            "banquet.txt",
            "Un banquet pour cent euros\n\nUn mariage et son banquet pour moins de cent \
             euros par invité : tous les conseils pour un mariage réussi.\n",
        ),
        // Articles on other subjects, so that `mariage` is a word worth something.
        (
            "meteo.txt",
            "Météo\n\nDe la pluie sur tout le pays demain.\n",
        ),
        (
            "sport.txt",
            "Football\n\nLe club a gagné son match samedi.\n",
        ),
        (
            "budget.txt",
            "Budget\n\nLe gouvernement présente son budget.\n",
        ),
        (
            "train.txt",
            "Transports\n\nLes trains circulent de nouveau.\n",
        ),
    ]);
    let names = |r: &Results| -> Vec<String> {
        r.hits
            .iter()
            .map(|h| h.path.rsplit('/').next().unwrap_or_default().to_owned())
            .collect()
    };
    let plain = ws.search(&["mariage"]);
    assert_eq!(names(&plain).last().map(String::as_str), Some("loi.txt"));
    for typed in [
        "mariage pour tous",
        "Mariage pour tous",
        "\"mariage pour tous\"",
    ] {
        let r = ws.search(&[typed]);
        assert_eq!(r.hits.len(), 3, "{typed}");
        assert_eq!(names(&r)[0], "loi.txt", "{typed}");
    }
    let run = ws.search_raw(&["--explain", "mariage pour tous"]);
    assert!(
        run.stdout
            .contains("the words as typed, stop words included (\"mariage pour tous\")"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("\"mariage pour tous\" as typed"),
        "{run:?}"
    );
    // In quotes, the articles that hold the words in a row come first, as those with every
    // word do.
    let run = ws.search_raw(&["--explain", "\"mariage pour tous\""]);
    assert!(
        run.stdout.contains("in quotes, as typed (bonus)"),
        "{run:?}"
    );
    // Between two words, stop words are the proximity bonus's business: no wording.
    let run = ws.search_raw(&["--explain", "mariage pour invités"]);
    assert!(!run.stdout.contains("as typed"), "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// `kiosque eval`: the same searches, measured.

#[test]
fn eval_measures_the_searches_and_refuses_files_that_do_not_meet() {
    let ws = shared();
    let top = ws.search(&["-n", "3", "IA générative Meta"]);
    let tmp = Workspace::empty();
    let queries = tmp.path("queries.tsv");
    std::fs::write(&queries, "q1\tIA générative Meta\nq2\tnot judged\n").expect("write");
    // The first hit judged relevant, the third very relevant: MRR 1, nDCG below 1.
    let qrels = tmp.path("qrels.txt");
    std::fs::write(
        &qrels,
        format!("q1 0 {} 1\nq1 0 {} 2\n", top.hits[0].id, top.hits[2].id),
    )
    .expect("write");
    let idx = ws.index_dir();
    let args: Vec<std::ffi::OsString> = vec![
        "eval".into(),
        "--json".into(),
        "--index".into(),
        idx.into(),
        "--queries".into(),
        queries.into(),
        "--qrels".into(),
        qrels.clone().into(),
    ];
    let run = ws.run(&args);
    run.expect_code(0);
    let m: serde_json::Value = run.json();
    assert_eq!(m["queries"], 1, "{run:?}");
    assert_eq!(m["mrr_10"], 1.0, "{run:?}");
    let ndcg = m["ndcg_10"].as_f64().expect("a number");
    // DCG 1 + 3/log2(4) = 2.5; ideal 3 + 1/log2(3).
    let expected = 2.5 / (3.0 + 1.0 / 3f64.log2());
    assert!((ndcg - expected).abs() < 1e-6, "{ndcg} != {expected}");
    // Judgments for other ids: an error that says so, not a row of zeros.
    std::fs::write(&qrels, "x1 0 a 1\n").expect("write");
    let run = ws.run(&args);
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("no query to measure"), "{run:?}");
}

#[test]
fn letters_and_digits_typed_glued_are_read_as_most_articles_write_them() {
    let ws = indexed_texts(&[
        (
            "hopital.txt",
            "Hôpitaux\n\nLes hôpitaux face à la Covid-19 : les lits manquent.\n",
        ),
        (
            "ecole.txt",
            "Écoles\n\nLes écoles rouvrent malgré le covid 19, annonce le ministre.\n",
        ),
        (
            "colle.txt",
            "Tribune\n\nUn appel publié sous le mot-clé covid19 sur les réseaux.\n",
        ),
        (
            "sommet.txt",
            "Sommet\n\nLe G20 s'ouvre à Osaka. Les pays du G20 parlent climat.\n",
        ),
        (
            "finances.txt",
            "Finances\n\nLes ministres du G20 et du G7 se réunissent.\n",
        ),
    ]);
    // Two articles write it apart, one glued: typed glued, it is read apart, with a note.
    let run = ws.search_raw(&["--json", "--explain", "--no-synonyms", "COVID19"]);
    run.expect_code(0);
    let r: serde_json::Value = run.json();
    let found: BTreeSet<String> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            h["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        found,
        ["ecole.txt", "hopital.txt"].map(String::from).into(),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("searched \"COVID19\" as \"COVID-19\", as more articles write it"),
        "{run:?}"
    );
    let clause = &r["explain"]["clauses"][0];
    assert_eq!(clause["text"], "COVID-19");
    assert_eq!(clause["typed_glued"], "COVID19");
    // Typed apart, the same.
    assert_eq!(files(&ws.search(&["--no-synonyms", "covid-19"])), found);
    // Articles write G20 glued: it stays so.
    let run = ws.search_raw(&["--json", "g20"]);
    assert!(!run.stderr.contains("as more articles write it"), "{run:?}");
    let r: Results = run.json();
    assert_eq!(
        files(&r),
        ["finances.txt", "sommet.txt"].map(String::from).into()
    );
}
