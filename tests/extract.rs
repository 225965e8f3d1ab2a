//! `kiosque extract --json`: what kiosque understands of each kind of file in
//! `corpus_samples/` — encodings, Unicode normalisation, the plain-text export layout, JSON and
//! JSON Lines records, and HTML pages (metadata, article text without the page furniture).

mod common;

use std::path::Path;

use common::{Extracted, Workspace, fold, samples_dir};
use unicode_normalization::UnicodeNormalization;

/// `kiosque extract --json FILE...` on files of `corpus_samples/` (given relative to it; the
/// command runs on a temporary copy).
#[track_caller]
fn extract(files: &[&str]) -> (Workspace, Vec<Extracted>) {
    let ws = Workspace::with_samples();
    let mut args = vec!["extract".to_owned(), "--json".to_owned()];
    args.extend(files.iter().map(|f| format!("corpus/{f}")));
    let run = ws.run(&args);
    run.expect_code(0);
    let articles = run.json_lines();
    (ws, articles)
}

/// The one article of one file.
#[track_caller]
fn extract_one(file: &str) -> Extracted {
    let (_, mut articles) = extract(&[file]);
    assert_eq!(articles.len(), 1, "{file} holds one article: {articles:#?}");
    articles.remove(0)
}

/// The raw `extract --json` output of one file.
#[track_caller]
fn extract_raw(file: &str) -> String {
    let ws = Workspace::with_samples();
    let run = ws.run(["extract", "--json", &format!("corpus/{file}")]);
    run.expect_code(0);
    run.stdout
}

fn paragraphs(body: &str) -> Vec<&str> {
    body.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn is_nfc(s: &str) -> bool {
    s.nfc().eq(s.chars())
}

/// Every string of an extracted article.
fn strings(a: &Extracted) -> Vec<&str> {
    let mut v = vec![a.id.as_str(), &a.path, &a.title, &a.lede, &a.body];
    v.extend(a.authors.iter().map(String::as_str));
    v.extend(a.tags.iter().map(String::as_str));
    v.extend(
        [
            &a.url,
            &a.source,
            &a.section,
            &a.date,
            &a.published,
            &a.modified,
            &a.lang,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    v
}

// ---------------------------------------------------------------------------------------------
// Encodings and Unicode.

#[test]
fn windows_1252_page_is_decoded_with_its_accents() {
    let raw =
        std::fs::read(samples_dir().join("html/echo-regions-prix-essence-cp1252.html")).unwrap();
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the sample is not UTF-8"
    );
    let out = extract_raw("html/echo-regions-prix-essence-cp1252.html");
    assert!(
        !out.contains('Ã') && !out.contains('\u{fffd}'),
        "mojibake: {out}"
    );
    for c in ['é', '’', '€', 'œ', '«', '»'] {
        assert!(out.contains(c), "{c} decoded: {out}");
    }
    let a = extract_one("html/echo-regions-prix-essence-cp1252.html");
    assert!(
        a.title
            .starts_with("Prix de l’essence : le gazole dépasse les 2 € le litre"),
        "{:?}",
        a.title
    );
}

#[test]
fn latin_1_text_is_decoded_with_its_accents() {
    let file = "text/2016-05-22-transhumance-aubrac-latin1.txt";
    let raw = std::fs::read(samples_dir().join(file)).unwrap();
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the sample is not UTF-8"
    );
    let out = extract_raw(file);
    assert!(
        !out.contains('Ã') && !out.contains('\u{fffd}'),
        "mojibake: {out}"
    );
    let a = extract_one(file);
    assert_eq!(
        a.title,
        "Aubrac : la fête de la transhumance célèbre les vaches, les bergers et l'été qui arrive"
    );
    assert_eq!(a.authors, ["Frédérique Vialaret"]);
    assert!(a.body.contains("sécurité routière"), "{:?}", a.body);
    assert!(a.body.contains('é'));
}

#[test]
fn decomposed_accents_are_composed() {
    let file = "html/quotidien-numerique-urgences-saturees-nfd.html";
    let raw = std::fs::read_to_string(samples_dir().join(file)).unwrap();
    assert!(
        raw.contains("e\u{301}"),
        "the sample has decomposed accents"
    );
    let a = extract_one(file);
    // Written here with composed characters (é = U+00E9, à = U+00E0).
    assert!(
        a.title
            .starts_with("Urgences satur\u{e9}es : \u{e0} S\u{e9}rignac"),
        "{:?}",
        a.title
    );
    for s in strings(&a) {
        assert!(is_nfc(s), "not NFC: {s:?}");
    }
    assert!(a.body.contains("Aur\u{e9}lie B\u{e9}nard"), "{:?}", a.body);
}

// ---------------------------------------------------------------------------------------------
// Plain-text exports.

#[test]
fn text_export_gives_title_lede_byline_and_body() {
    let a = extract_one("text/2024-04-27-resultats-trimestriels-meta-google-microsoft.txt");
    assert_eq!(
        a.title,
        "Résultats trimestriels : Microsoft et Google rassurent, Meta inquiète les marchés"
    );
    // The standfirst, not the photo caption above it.
    assert_eq!(
        a.lede,
        "Les trois géants américains ont publié cette semaine des comptes en forte hausse, dopés \
         par le cloud et la publicité. Mais la Bourse a sanctionné Meta, dont les dépenses explosent."
    );
    // "Publié le 27-04-2024 par Élodie Marchal"
    assert_eq!(a.authors, ["Élodie Marchal"]);
    assert_eq!(a.date.as_deref(), Some("2024-04-27"));
    let body = paragraphs(&a.body);
    assert_eq!(body.len(), 5, "{body:#?}");
    assert!(
        body[0].starts_with("Les semaines de résultats se suivent"),
        "{body:#?}"
    );
    assert!(
        body[4].ends_with("au bénéfice principal de Nvidia."),
        "{body:#?}"
    );
    for not_body in [
        "Les logos de Meta",
        "Publié le",
        "Lire la suite",
        "Voir la suite",
        "dernières actualités",
    ] {
        assert!(
            !a.body.contains(not_body),
            "{not_body:?} in the body: {body:#?}"
        );
    }
}

#[test]
fn every_text_export_has_its_date_author_and_no_trailing_boilerplate() {
    let files: Vec<String> = std::fs::read_dir(samples_dir().join("text"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .collect();
    assert_eq!(files.len(), 9, "{files:?}");
    let rel: Vec<String> = files.iter().map(|f| format!("text/{f}")).collect();
    let (_, articles) = extract(&rel.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(articles.len(), files.len());
    let boilerplate = [
        "lire la suite",
        "voir la suite",
        "voir la suite...",
        "les dernieres actualites",
        "partager cet article",
    ];
    for a in &articles {
        let name = a.file_name();
        assert_eq!(
            a.date.as_deref(),
            Some(&name[..10]),
            "{name}: date from the byline"
        );
        assert_eq!(a.authors.len(), 1, "{name}: {:?}", a.authors);
        assert!(!a.lede.is_empty(), "{name}: no lede");
        let body = paragraphs(&a.body);
        assert!(body.len() >= 3, "{name}: {body:#?}");
        for p in &body {
            assert!(
                !boilerplate.contains(&fold(p).as_str()),
                "{name}: site boilerplate {p:?} in the body"
            );
        }
    }
    // The export without trailing boilerplate loses nothing of its last paragraph.
    let novel = articles
        .iter()
        .find(|a| a.file_name().contains("rentree-litteraire"))
        .unwrap();
    assert!(
        novel.body.ends_with("et les Correspondances de Manosque."),
        "{:?}",
        novel.body
    );
}

#[test]
fn plain_text_without_the_export_layout_is_title_then_body() {
    let a = extract_one("text/bce-releve-ses-taux-plain.txt");
    assert_eq!(
        a.title,
        "La BCE relève ses taux pour la première fois depuis onze ans"
    );
    let body = paragraphs(&a.body);
    assert!(body.len() >= 3, "{body:#?}");
    assert!(
        body[0].starts_with("La Banque centrale européenne (BCE) a surpris"),
        "{body:#?}"
    );
    assert!(
        body.last()
            .unwrap()
            .ends_with("ralentit déjà nettement en Allemagne."),
        "{body:#?}"
    );
    assert!(
        !a.body.contains(&a.title),
        "the title is not repeated in the body"
    );
}

// ---------------------------------------------------------------------------------------------
// JSON Lines and JSON.

#[test]
fn json_lines_give_one_article_per_line_with_its_own_id() {
    let file = "jsonl/depeches.jsonl";
    let source = std::fs::read_to_string(samples_dir().join(file)).unwrap();
    let ids: Vec<String> = source
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 9);
    let (_, articles) = extract(&[file]);
    assert_eq!(
        articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
        ids,
        "one article per line, in order, each with its record's id"
    );
    let radars = &articles[5];
    assert_eq!(radars.id, "dep-2024-0001");
    assert_eq!(
        radars.title,
        "Radars : les petits excès de vitesse ne font plus perdre de point"
    );
    assert!(
        radars.lede.starts_with("Depuis le 1er janvier"),
        "heading → lede: {:?}",
        radars.lede
    );
    assert!(
        radars.body.starts_with("C'est l'une des mesures"),
        "article → body: {:?}",
        radars.body
    );
    assert_eq!(radars.authors, ["Claire Dubreuil"]);
    assert_eq!(radars.date.as_deref(), Some("2024-01-02"));
    assert_eq!(radars.section.as_deref(), Some("Société"));
    assert!(
        radars.tags.iter().any(|t| t == "sécurité routière"),
        "{:?}",
        radars.tags
    );
    assert_eq!(
        radars.url.as_deref(),
        Some("https://www.kiosque-depeches.fr/societe/radars-petits-exces-vitesse-20240102")
    );
}

#[test]
fn ndjson_with_other_field_names_maps_onto_the_same_fields() {
    let file = "jsonl/fil-agence.ndjson";
    let (_, articles) = extract(&[file]);
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        (1..=4)
            .map(|i| format!("corpus/{file}#{i}"))
            .collect::<Vec<_>>(),
        "records without an id are numbered after their file"
    );
    let ai_act = &articles[0];
    assert!(
        ai_act
            .title
            .starts_with("Le Parlement européen adopte l'AI Act"),
        "headline → title"
    );
    assert!(
        ai_act.lede.starts_with("Les eurodéputés ont approuvé"),
        "description → lede"
    );
    assert!(
        ai_act.body.starts_with("L'Union européenne se dote"),
        "text → body"
    );
    assert_eq!(ai_act.authors, ["Damien Rousseau", "Léa Fontaine"]);
    assert_eq!(ai_act.date.as_deref(), Some("2024-03-13"));
    assert_eq!(
        ai_act.published.as_deref(),
        Some("2024-03-13T15:20:00+01:00")
    );
    assert_eq!(
        ai_act.url.as_deref(),
        Some("https://fil.agence-info.example/2024/03/13/parlement-europeen-adopte-ai-act"),
        "link → url"
    );
    // datePublished 2024-07-08T01:10:00+02:00: the day where it was published, not in UTC.
    let elections = &articles[1];
    assert!(
        elections.lede.starts_with("À la surprise générale"),
        "chapo → lede"
    );
    assert!(!elections.body.is_empty(), "content → body");
    assert_eq!(elections.date.as_deref(), Some("2024-07-08"));
    assert_eq!(
        elections.published.as_deref(),
        Some("2024-07-08T01:10:00+02:00")
    );
}

#[test]
fn json_array_gives_one_article_per_element() {
    let (_, articles) = extract(&["json/dossier.json", "json/breve.json"]);
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "corpus/json/dossier.json#1",
            "corpus/json/dossier.json#2",
            "corpus/json/dossier.json#3",
            "breve-2023-11-0421",
        ]
    );
    assert!(
        articles[0]
            .title
            .starts_with("Sécheresse en Espagne : les oranges de Valence")
    );
    assert!(
        articles[1]
            .title
            .starts_with("En Bourgogne, des vendanges précoces")
    );
    assert!(
        articles[2]
            .title
            .starts_with("Avant Pâques, le chocolat plus cher")
    );
    assert_eq!(articles[1].authors, ["Hugo Berthier"]);
    assert_eq!(articles[1].date.as_deref(), Some("2022-08-24"));
    assert!(
        articles[1].tags.iter().any(|t| t == "vendanges"),
        "keywords → tags"
    );
    assert_eq!(
        articles[3].title,
        "JO 2024 : le ticket de métro payé 4 euros pendant les Jeux"
    );
}

#[test]
fn a_broken_json_line_is_reported_with_its_number_and_the_others_are_kept() {
    let ws = Workspace::empty();
    let file = ws.path("fil.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"id":"ok-1","title":"Un","text":"Premier texte."}"#,
            "\n",
            r#"{"id":"bad-2","title":"#,
            "\n\n",
            r#"{"id":"ok-4","title":"Quatre","text":"Quatrième texte."}"#,
            "\n",
        ),
    )
    .unwrap();
    let run = ws.run([Path::new("extract"), Path::new("--json"), file.as_path()]);
    let articles: Vec<Extracted> = run.json_lines();
    assert_eq!(
        articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["ok-1", "ok-4"],
        "{run:?}"
    );
    assert!(
        run.stderr.contains("line 2"),
        "the bad line is named:{run:?}"
    );
}

#[test]
fn unreadable_or_unknown_files_fail_with_a_reason() {
    let ws = Workspace::with_samples();
    let run = ws.run([
        "extract",
        "--json",
        "corpus/text/bce-releve-ses-taux-plain.txt",
        "corpus/absent.txt",
        "corpus/README.md",
    ]);
    run.expect_code(2);
    let articles: Vec<Extracted> = run.json_lines();
    assert_eq!(
        articles.len(),
        1,
        "the good file is still extracted:{run:?}"
    );
    assert!(run.stderr.contains("absent.txt"), "{run:?}");
    assert!(run.stderr.contains("README.md"), "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// HTML pages: what the HTML extractor must give for each sample page.

/// Where a page's publication date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateFrom {
    /// `<script type="application/ld+json">` NewsArticle (plain or inside `@graph`).
    JsonLd,
    /// `<meta property="article:published_time">`.
    OpenGraph,
    /// schema.org microdata: `itemprop="datePublished"` on `<meta content>` or `<time datetime>`.
    Microdata,
    /// `<meta name="DC.date">`.
    DublinCore,
    /// A bare `<time datetime>` in the byline.
    TimeElement,
    /// Only the French byline ("publié le mercredi 14 juillet 2021 à 18h40").
    Byline,
}

/// What one sample page holds.
struct Page {
    file: &'static str,
    /// The headline, without the site name `<title>` appends.
    title: &'static str,
    date: &'static str,
    date_from: DateFrom,
    /// RFC 3339 stamps, when the page gives them.
    published: Option<&'static str>,
    modified: Option<&'static str>,
    authors: &'static [&'static str],
    url: Option<&'static str>,
    source: Option<&'static str>,
    section: Option<&'static str>,
    /// The start of the standfirst (chapô), when the page has one.
    lede: Option<&'static str>,
    /// The start of each body paragraph, in order.
    paragraphs: &'static [&'static str],
    /// The end of the last body paragraph.
    last_words: &'static str,
    /// The first reader comment (not article text).
    comment: &'static str,
    /// The first "Lire aussi" link (not article text).
    related: &'static str,
}

const TECHACTU: Option<&str> = Some("TechActu.fr");
const QUOTIDIEN: Option<&str> = Some("Le Quotidien Numérique");
const ECHO: Option<&str> = Some("L'Écho des Régions");
const JOURNAL: Option<&str> = Some("Le Journal du Soir");

const PAGES: &[Page] = &[
    Page {
        file: "echo-regions-canicule-vigilance-orange.html",
        title: "Canicule : douze départements du Sud-Ouest placés en vigilance orange",
        date: "2022-06-16",
        date_from: DateFrom::OpenGraph,
        published: Some("2022-06-16T16:05:00+02:00"),
        modified: Some("2022-06-17T06:40:00+02:00"),
        authors: &["Mathilde Arnaud"],
        url: Some(
            "https://www.echodesregions.fr/environnement/canicule-douze-departements-en-vigilance-orange-20220616.html",
        ),
        source: ECHO,
        section: Some("Environnement"),
        lede: Some("Météo-France prévoit jusqu'à 41 °C à"),
        paragraphs: &[
            "La première vague de chaleur de",
            "Les prévisionnistes annoncent des températures maximales",
            "Le niveau orange, deuxième sur une",
            "Les autorités sanitaires rappellent les consignes",
            "La sécheresse aggrave la situation. Les",
        ],
        last_words: "les prévisions de dimanche se confirment.",
        comment: "41 degrés mi-juin à Bordeaux, il y a vingt ans personne n'y aurait cru.",
        related: "Sécheresse : restrictions d'eau dans quarante départements",
    },
    Page {
        file: "echo-regions-maire-met-en-place-plan-circulation.html",
        title: "Saint-Jory-les-Vignes : le maire met en place un nouveau plan de circulation",
        date: "2021-03-08",
        date_from: DateFrom::OpenGraph,
        published: Some("2021-03-08T19:20:00+01:00"),
        modified: Some("2021-03-09T07:55:00+01:00"),
        authors: &["Pascal Rouquette"],
        url: Some(
            "https://www.echodesregions.fr/occitanie/saint-jory-les-vignes-le-maire-met-en-place-un-nouveau-plan-de-circulation-20210308.html",
        ),
        source: ECHO,
        section: Some("Occitanie"),
        lede: Some("À partir du 15 mars, le"),
        paragraphs: &[
            "C'est un chantier que la commune",
            "Le dispositif met le centre-ville en",
            "« Chaque matin, il faut un",
            "Tout le monde n'est pas convaincu.",
            "Le maire se veut rassurant. Il",
        ],
        last_words: "de tolérance d'un mois, sans verbalisation.",
        comment: "Enfin ! Traverser le bourg à 8 heures, c'était devenu impossible.",
        related: "Zone 30 : les villes moyennes se convertissent à leur tour",
    },
    Page {
        file: "echo-regions-ours-vallee-aspe.html",
        title: "Pyrénées : un ours attaque un troupeau en vallée d'Aspe, les éleveurs en colère",
        date: "2019-07-15",
        date_from: DateFrom::OpenGraph,
        published: Some("2019-07-15T12:30:00+02:00"),
        modified: Some("2019-07-15T20:10:00+02:00"),
        authors: &["Jean-Baptiste Laborde"],
        url: Some(
            "https://www.echodesregions.fr/nouvelle-aquitaine/ours-attaque-troupeau-brebis-vallee-d-aspe-20190715.html",
        ),
        source: ECHO,
        section: Some("Nouvelle-Aquitaine"),
        lede: Some("Onze brebis ont été retrouvées mortes"),
        paragraphs: &[
            "Le berger a découvert le carnage",
            "C'est la neuvième attaque recensée en",
            "La population d'ours dans les Pyrénées",
            "Les indemnisations sont versées par l'État",
            "Le préfet a promis une réunion",
        ],
        last_words: "les estives de la haute vallée.",
        comment: "Les gens des villes veulent l'ours, ce sont les bergers qui paient l'addition.",
        related: "Ours : deux femelles lâchées en Béarn par hélicoptère",
    },
    Page {
        file: "echo-regions-prix-essence-cp1252.html",
        title: "Prix de l’essence : le gazole dépasse les 2 € le litre dans de nombreuses stations",
        date: "2022-03-10",
        date_from: DateFrom::OpenGraph,
        published: Some("2022-03-10T11:40:00+01:00"),
        modified: Some("2022-03-10T19:05:00+01:00"),
        authors: &["Sébastien Fourcade"],
        url: Some(
            "https://www.echodesregions.fr/actualite/prix-de-l-essence-le-gazole-depasse-deux-euros-20220310.html",
        ),
        source: ECHO,
        section: Some("Actualité"),
        lede: Some("Conséquence de la guerre en Ukraine,"),
        paragraphs: &[
            "À la station de la zone",
            "Le phénomène est national. Selon les",
            "Pour contenir la grogne, le Premier",
            "Dans les campagnes de l’Aveyron, où",
            "Les économistes préviennent que le prix",
        ],
        last_words: "mettre en œuvre et mieux ciblée.",
        comment: "15 centimes dans trois semaines… d’ici là on aura encore pris 20 centimes.",
        related: "Carburants : où trouver les stations les moins chères du département",
    },
    Page {
        file: "echo-regions-republication-securite-routiere-bilan-2023.html",
        title: "Sécurité routière : la mortalité sur les routes au plus bas en 2023",
        date: "2024-02-05",
        date_from: DateFrom::OpenGraph,
        published: Some("2024-02-05T08:15:00+01:00"),
        modified: Some("2024-02-05T08:15:00+01:00"),
        authors: &["Claire Dubreuil"],
        url: Some(
            "https://www.echodesregions.fr/actualite/securite-routiere-bilan-2023-mortalite-baisse-20240205.html",
        ),
        source: ECHO,
        section: Some("Actualité"),
        lede: Some("Selon le bilan provisoire de l'Observatoire"),
        paragraphs: &[
            "La tendance se confirme. D'après les",
            "Le nombre de blessés graves recule",
            "Une catégorie fait exception : les",
            "La déléguée interministérielle à la sécurité",
            "Les associations de victimes rappellent toutefois",
        ],
        last_words: "points aux conducteurs de trottinettes électriques.",
        comment: "Déjà lu dans Le Quotidien Numérique la semaine dernière, mais les chiffres vélo font peur.",
        related: "Radars tourelles : où sont-ils installés dans la région ?",
    },
    Page {
        file: "gazette-sud-ouest-incendie-entrepot-lormont.html",
        title: "Incendie dans un entrepôt de Lormont : soixante pompiers mobilisés",
        date: "2020-07-02",
        date_from: DateFrom::TimeElement,
        published: Some("2020-07-02T21:05:00+02:00"),
        modified: None,
        authors: &["Lucas Bernard"],
        url: Some(
            "https://www.gazettesudouest.fr/faits-divers/incendie-entrepot-lormont-45302.html",
        ),
        source: None,
        section: None,
        lede: None,
        paragraphs: &[
            "Un important incendie s'est déclaré jeudi",
            "Une épaisse colonne de fumée noire",
            "Les douze salariés présents sur le",
            "La circulation a été interrompue pendant",
            "Une enquête a été ouverte pour",
        ],
        last_words: "à plusieurs centaines de milliers d'euros.",
        comment: "On voyait la fumée depuis Floirac, impressionnant. Bravo aux pompiers.",
        related: "Feux de poubelles en série à Cenon : un suspect interpellé",
    },
    Page {
        file: "gazette-sud-ouest-tour-de-france-col-du-portet.html",
        title: "Tour de France : Pogačar écrase le col du Portet, Vingegaard résiste",
        date: "2021-07-14",
        date_from: DateFrom::Byline,
        published: None,
        modified: None,
        authors: &["Jeanne Martin"],
        url: None,
        source: None,
        section: None,
        lede: None,
        paragraphs: &[
            "Le maillot jaune n'a laissé aucune",
            "Partis de Muret, au sud de",
            "Pogačar a attaqué à 8 kilomètres",
            "Au classement général, le double tenant",
            "Des dizaines de milliers de spectateurs",
        ],
        last_words: "contre-la-montre de samedi autour de Saint-Émilion.",
        comment: "J'étais dans le virage 12, une ambiance de folie !",
        related: "Tour de France : le programme des étapes pyrénéennes",
    },
    Page {
        file: "journal-du-soir-festival-de-cannes-netflix.html",
        title: "Festival de Cannes : pour ses 70 ans, la Croisette se déchire sur Netflix",
        date: "2017-05-18",
        date_from: DateFrom::Microdata,
        published: Some("2017-05-18T22:10:00+02:00"),
        modified: Some("2017-05-19T10:35:00+02:00"),
        authors: &["Valentine Roussel"],
        url: Some(
            "https://www.lejournaldusoir.fr/culture/article/2017/05/18/festival-de-cannes-netflix-divise-la-croisette_1498862.html",
        ),
        source: JOURNAL,
        section: Some("Culture"),
        lede: Some("La présence en compétition de deux"),
        paragraphs: &[
            "Le festival de Cannes fête ses",
            "La polémique a éclaté dès l'annonce",
            "Mercredi, lors de la conférence de",
            "Jeudi matin, la projection d'Okja a",
            "Au-delà de la polémique, cette édition",
        ],
        last_words: "palmarès sera dévoilé dimanche 28 mai.",
        comment: "Un film, c'est fait pour la salle. Almodóvar a raison.",
        related: "Cannes 2017 : la sélection officielle dévoilée",
    },
    Page {
        file: "journal-du-soir-greve-sncf.html",
        title: "Grève à la SNCF : un premier jour très suivi, les usagers résignés",
        date: "2018-04-03",
        date_from: DateFrom::Microdata,
        published: Some("2018-04-03T18:50:00+02:00"),
        modified: Some("2018-04-04T07:20:00+02:00"),
        authors: &["Karim Benali"],
        url: Some(
            "https://www.lejournaldusoir.fr/economie/article/2018/04/03/greve-a-la-sncf-un-premier-jour-tres-suivi_1587201.html",
        ),
        source: JOURNAL,
        section: Some("Économie"),
        lede: Some("Un TGV sur huit et un"),
        paragraphs: &[
            "Les quais de la gare Saint-Lazare",
            "Le mouvement prend une forme inédite",
            "« On ne se bat pas",
            "Côté usagers, la résignation domine. Beaucoup",
            "La SNCF promet des remboursements et",
        ],
        last_words: "Pâques pour une partie des Français.",
        comment: "Deux heures pour rentrer chez moi ce soir. Et ça va durer trois mois.",
        related: "Réforme ferroviaire : ce que contient le projet de loi",
    },
    Page {
        file: "journal-du-soir-orange-resultats-fibre.html",
        title: "Orange dépasse les attentes grâce à la fibre et prépare sa fusion en Espagne",
        date: "2024-02-15",
        date_from: DateFrom::Microdata,
        published: Some("2024-02-15T07:30:00+01:00"),
        modified: Some("2024-02-15T14:50:00+01:00"),
        authors: &["Nicolas Perrin"],
        url: Some(
            "https://www.lejournaldusoir.fr/economie/article/2024/02/15/orange-depasse-les-attentes-grace-a-la-fibre_2187453.html",
        ),
        source: JOURNAL,
        section: Some("Économie"),
        lede: Some("L'opérateur historique a publié des résultats"),
        paragraphs: &[
            "Orange a rassuré les marchés. L'opérateur",
            "La France reste le moteur du",
            "À l'international, l'Afrique et le Moyen-Orient",
            "Le grand chantier de l'année se",
            "Pour les actionnaires, Orange confirme un",
        ],
        last_words: "les offres fibre d'entrée de gamme.",
        comment: "Résultats au top, et ma facture qui augmente encore de 2 euros par mois…",
        related: "Fin du réseau cuivre : ce qui va changer pour les abonnés",
    },
    Page {
        file: "journal-du-soir-pma-assemblee-nationale.html",
        title: "PMA pour toutes : l'Assemblée nationale adopte définitivement la loi de bioéthique",
        date: "2021-06-29",
        date_from: DateFrom::Microdata,
        published: Some("2021-06-29T19:45:00+02:00"),
        modified: Some("2021-06-30T09:10:00+02:00"),
        authors: &["Isabelle Marchand"],
        url: Some(
            "https://www.lejournaldusoir.fr/politique/article/2021/06/29/pma-pour-toutes-l-assemblee-nationale-adopte-definitivement-la-loi-de-bioethique_2034781.html",
        ),
        source: JOURNAL,
        section: Some("Politique"),
        lede: Some("Après deux ans de navette parlementaire,"),
        paragraphs: &[
            "C'est l'aboutissement d'un feuilleton parlementaire de",
            "La mesure phare, promesse de campagne",
            "Dans l'hémicycle, la majorité LREM a",
            "À droite, le ton était tout",
            "La France rejoint ainsi une dizaine",
        ],
        last_words: "donneurs de spermatozoïdes en nombre suffisant.",
        comment: "On attendait ce moment depuis six ans. Merci.",
        related: "Bioéthique : le Sénat rejette le texte en nouvelle lecture",
    },
    Page {
        file: "petit-courrier-election-trump-dublin-core.html",
        title: "Donald Trump élu président des États-Unis, le monde sous le choc",
        date: "2016-11-09",
        date_from: DateFrom::DublinCore,
        published: None,
        modified: None,
        authors: &["Antoine Lefebvre"],
        url: None,
        source: Some("Le Petit Courrier"),
        section: None,
        lede: None,
        paragraphs: &[
            "Contre la quasi-totalité des sondages, Donald",
            "Sa rivale démocrate, Hillary Clinton, a",
            "Dans son discours de victoire, prononcé",
            "Les marchés financiers ont d'abord plongé",
            "Donald Trump prêtera serment le 20",
        ],
        last_words: "donnera les moyens d'appliquer son programme.",
        comment: "Les sondeurs vont devoir revoir leurs méthodes.",
        related: "Présidentielle américaine : la carte des résultats État par État",
    },
    Page {
        file: "quotidien-numerique-meta-amende-rgpd.html",
        title: "Données personnelles : Meta condamné à une amende record de 1,2 milliard d'euros",
        date: "2023-05-22",
        date_from: DateFrom::JsonLd,
        published: Some("2023-05-22T14:10:00+02:00"),
        modified: Some("2023-05-23T08:05:00+02:00"),
        authors: &["Marc Delorme"],
        url: Some(
            "https://www.lequotidiennumerique.fr/numerique/2023/05/22/meta-condamne-a-une-amende-record-de-1-2-milliard-d-euros",
        ),
        source: QUOTIDIEN,
        section: Some("Numérique"),
        lede: Some("La Commission irlandaise de protection des"),
        paragraphs: &[
            "C'est la plus lourde sanction jamais",
            "Le précédent record, 746 millions d'euros,",
            "Le cœur du dossier est juridique.",
            "Outre l'amende, Meta dispose de cinq",
            "Meta compte surtout sur le nouveau",
        ],
        last_words: "Meta en Europe depuis dix ans.",
        comment: "1,2 milliard, c'est à peine quelques jours de chiffre d'affaires pour eux.",
        related: "La CNIL sanctionne un géant de la publicité en ligne",
    },
    Page {
        file: "quotidien-numerique-securite-routiere-bilan-2023.html",
        title: "Sécurité routière : la mortalité sur les routes au plus bas en 2023",
        date: "2024-01-31",
        date_from: DateFrom::JsonLd,
        published: Some("2024-01-31T10:00:00+01:00"),
        modified: Some("2024-01-31T17:25:00+01:00"),
        authors: &["Claire Dubreuil"],
        url: Some(
            "https://www.lequotidiennumerique.fr/societe/2024/01/31/securite-routiere-bilan-2023-mortalite-baisse",
        ),
        source: QUOTIDIEN,
        section: Some("Société"),
        lede: Some("Selon le bilan provisoire de l'Observatoire"),
        paragraphs: &[
            "La tendance se confirme. D'après les",
            "Le nombre de blessés graves recule",
            "Une catégorie fait exception : les",
            "La déléguée interministérielle à la sécurité",
            "Les associations de victimes rappellent toutefois",
        ],
        last_words: "points aux conducteurs de trottinettes électriques.",
        comment: "Bonne nouvelle, mais sur ma départementale les dépassements dangereux n'ont pas diminué.",
        related: "Radars : les petits excès de vitesse ne coûteront plus de point",
    },
    Page {
        file: "quotidien-numerique-urgences-saturees-nfd.html",
        title: "Urgences saturées : à Sérignac, des patients attendent douze heures sur un brancard",
        date: "2023-01-04",
        date_from: DateFrom::JsonLd,
        published: Some("2023-01-04T06:45:00+01:00"),
        modified: Some("2023-01-04T12:10:00+01:00"),
        authors: &["Hélène Côté"],
        url: Some(
            "https://www.lequotidiennumerique.fr/sante/2023/01/04/urgences-saturees-douze-heures-sur-un-brancard",
        ),
        source: QUOTIDIEN,
        section: Some("Santé"),
        lede: Some("Grippe, bronchiolite et Covid-19 : la"),
        paragraphs: &[
            "Il est à peine 9 heures,",
            "Depuis début décembre, l’établissement enregistre en",
            "Faute de lits disponibles dans les",
            "Les équipes, elles, s’épuisent. Trois infirmières",
            "L’agence régionale de santé assure avoir",
        ],
        last_words: "réquisitionnée pour accueillir huit lits supplémentaires.",
        comment: "Tout est vrai. Et ce n’est pas que Sérignac, c’est partout pareil.",
        related: "Bronchiolite : les pédiatres lancent un appel à l’aide",
    },
    Page {
        file: "techactu-google-gemini.html",
        title: "Google dévoile Gemini, son modèle d’IA le plus puissant, pour rattraper OpenAI",
        date: "2023-12-07",
        date_from: DateFrom::JsonLd,
        published: Some("2023-12-07T09:05:00+01:00"),
        modified: Some("2023-12-07T16:30:00+01:00"),
        authors: &["Thomas Nguyen"],
        url: Some("https://www.techactu.fr/intelligence-artificielle/google-devoile-gemini.html"),
        source: TECHACTU,
        section: Some("Intelligence artificielle"),
        lede: Some("Décliné en trois tailles, Gemini doit"),
        paragraphs: &[
            "Un an après le lancement de",
            "Gemini est décliné en trois versions.",
            "Contrairement à ses prédécesseurs, le modèle",
            "Ces chiffres sont toutefois à prendre",
            "L’enjeu dépasse la bataille d’image. L’IA",
        ],
        last_words: "via sa plateforme cloud Vertex AI.",
        comment: "Encore une fois l’Europe attendra. Bard sans Gemini chez nous, c’est frustrant.",
        related: "Microsoft ouvre Copilot à tous les abonnés de Microsoft 365",
    },
    Page {
        file: "techactu-meta-milliards-ia-generative.html",
        title: "Meta multiplie les milliards pour l’IA générative, les investisseurs s’inquiètent",
        date: "2024-04-26",
        date_from: DateFrom::JsonLd,
        published: Some("2024-04-26T08:30:00+02:00"),
        modified: Some("2024-04-26T11:45:00+02:00"),
        authors: &["Sophie Langlois"],
        url: Some(
            "https://www.techactu.fr/intelligence-artificielle/meta-multiplie-les-milliards-pour-l-ia-generative.html",
        ),
        source: TECHACTU,
        section: Some("Intelligence artificielle"),
        lede: Some("Meta relève à 35-40 milliards de"),
        paragraphs: &[
            "Meta ne compte pas lever le",
            "Sur le papier, les comptes de",
            "Le patron de Meta assume. Pour",
            "Cette stratégie ouverte distingue Meta de",
            "Le pari est coûteux, car les",
            "Pour Julien Marchetti, spécialiste des modèles",
        ],
        last_words: "pas, elle aussi, au gouffre financier.",
        comment: "40 milliards par an et toujours pas de modèle économique clair pour l’assistant… On a déjà vu ce film avec le métavers.",
        related: "Microsoft ouvre Copilot à tous les abonnés de Microsoft 365",
    },
    Page {
        file: "techactu-microsoft-copilot-microsoft-365.html",
        title: "Microsoft ouvre Copilot à tous les abonnés de Microsoft 365 et lance une offre Pro",
        date: "2024-01-16",
        date_from: DateFrom::JsonLd,
        published: Some("2024-01-16T07:15:00+01:00"),
        modified: Some("2024-01-16T18:20:00+01:00"),
        authors: &["Thomas Nguyen"],
        url: Some(
            "https://www.techactu.fr/intelligence-artificielle/microsoft-ouvre-copilot-a-tous-les-abonnes-microsoft-365.html",
        ),
        source: TECHACTU,
        section: Some("Intelligence artificielle"),
        lede: Some("Fort de son partenariat avec OpenAI,"),
        paragraphs: &[
            "Microsoft accélère la commercialisation de l'IA",
            "Les particuliers ne sont pas oubliés.",
            "Dans Word, Copilot rédige un premier",
            "Pour Microsoft, l'enjeu est de transformer",
            "Reste la question de la fiabilité.",
        ],
        last_words: "lyonnaise qui teste l'outil depuis novembre.",
        comment: "22 euros par mois en plus de l'abonnement, ça fait cher le résumé de mails.",
        related: "Gemini : Google dévoile son modèle d'IA le plus puissant",
    },
];

/// Every sample page, extracted (one run of `kiosque extract --json`).
fn html_pages() -> Vec<(&'static Page, Extracted)> {
    let files: Vec<String> = PAGES.iter().map(|p| format!("html/{}", p.file)).collect();
    let (_, articles) = extract(&files.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(articles.len(), PAGES.len(), "one article per page");
    PAGES.iter().zip(articles).collect()
}

/// Runs `check` on every page (or those `only` keeps) and fails with every problem at once.
#[track_caller]
fn check_pages(only: impl Fn(&Page) -> bool, check: impl Fn(&Page, &Extracted) -> Vec<String>) {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, a) in html_pages() {
        if !only(page) {
            continue;
        }
        checked += 1;
        assert!(
            a.path.ends_with(page.file),
            "pages come out in order: {} vs {}",
            a.path,
            page.file
        );
        for p in check(page, &a) {
            problems.push(format!("{}: {p}", page.file));
        }
    }
    assert!(checked > 0);
    assert!(
        problems.is_empty(),
        "{} of {checked} pages wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn all(_: &Page) -> bool {
    true
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Vec<String> {
    if got == want {
        Vec::new()
    } else {
        vec![format!("{what}: got {got:?}, want {want:?}")]
    }
}

/// Whether folded `body` (or lede) contains folded `text`.
fn mentions(hay: &str, text: &str) -> bool {
    fold(hay).contains(&fold(text))
}

#[test]
fn html_title_is_the_headline_without_the_site_name() {
    check_pages(all, |p, a| {
        expect_eq("title", fold(&a.title), fold(p.title))
    });
}

fn check_date(from: DateFrom) {
    check_pages(
        |p| p.date_from == from,
        |p, a| expect_eq("date", a.date.as_deref(), Some(p.date)),
    );
}

#[test]
fn html_date_from_json_ld() {
    check_date(DateFrom::JsonLd);
}

#[test]
fn html_date_from_opengraph() {
    check_date(DateFrom::OpenGraph);
}

#[test]
fn html_date_from_microdata() {
    check_date(DateFrom::Microdata);
}

#[test]
fn html_date_from_dublin_core() {
    check_date(DateFrom::DublinCore);
}

#[test]
fn html_date_from_a_time_element() {
    check_date(DateFrom::TimeElement);
}

#[test]
fn html_date_from_the_french_byline() {
    check_date(DateFrom::Byline);
}

#[test]
fn html_publication_and_update_stamps_keep_their_time_zone() {
    check_pages(all, |p, a| {
        let mut v = Vec::new();
        if p.published.is_some() {
            v.extend(expect_eq("published", a.published.as_deref(), p.published));
        }
        if p.modified.is_some() {
            v.extend(expect_eq("modified", a.modified.as_deref(), p.modified));
        }
        v
    });
}

#[test]
fn html_authors_from_metadata_or_byline() {
    check_pages(all, |p, a| {
        expect_eq(
            "authors",
            a.authors.as_slice(),
            &p.authors.iter().map(|s| s.to_string()).collect::<Vec<_>>()[..],
        )
    });
}

#[test]
fn html_url_source_and_section_from_metadata() {
    check_pages(all, |p, a| {
        let mut v = Vec::new();
        if p.url.is_some() {
            v.extend(expect_eq("url", a.url.as_deref(), p.url));
        }
        if p.source.is_some() {
            v.extend(expect_eq("source", a.source.as_deref(), p.source));
        }
        if p.section.is_some() {
            v.extend(expect_eq("section", a.section.as_deref(), p.section));
        }
        v
    });
}

#[test]
fn html_lede_is_the_standfirst_and_not_repeated_in_the_body() {
    check_pages(
        |p| p.lede.is_some(),
        |p, a| {
            let lede = p.lede.unwrap();
            let mut v = Vec::new();
            if !fold(&a.lede).starts_with(&fold(lede)) {
                v.push(format!(
                    "lede: got {:?}, want one starting with {lede:?}",
                    a.lede
                ));
            }
            // The whole standfirst, not just its first words: a body may legitimately reuse a
            // phrase of it ("un TGV sur huit et un TER sur cinq").
            if !a.lede.is_empty() && mentions(&a.body, &a.lede) {
                v.push("the standfirst is repeated in the body".to_owned());
            }
            v
        },
    );
}

#[test]
fn html_body_is_the_article_text_and_nothing_else() {
    check_pages(all, |p, a| {
        let got = paragraphs(&a.body);
        let mut v = Vec::new();
        if got.len() != p.paragraphs.len() {
            v.push(format!(
                "{} body paragraphs, want {}: {:?}",
                got.len(),
                p.paragraphs.len(),
                got.iter()
                    .map(|g| g.chars().take(40).collect::<String>())
                    .collect::<Vec<_>>()
            ));
        }
        if !got
            .first()
            .is_some_and(|g| fold(g).starts_with(&fold(p.paragraphs[0])))
        {
            v.push(format!("body must start with {:?}", p.paragraphs[0]));
        }
        if !got
            .last()
            .is_some_and(|g| fold(g).ends_with(&fold(p.last_words)))
        {
            v.push(format!("body must end with {:?}", p.last_words));
        }
        v
    });
}

/// Fails the pages whose body or lede mention any of `texts`.
fn check_absent(what: &str, texts: impl Fn(&Page) -> Vec<&'static str>) {
    check_pages(all, |p, a| {
        texts(p)
            .into_iter()
            .filter(|t| mentions(&a.body, t) || mentions(&a.lede, t))
            .map(|t| format!("{what} in the article text: {t:?}"))
            .collect()
    });
}

#[test]
fn html_body_has_no_cookie_banner() {
    check_absent("cookie banner", |_| {
        vec!["Nous utilisons des cookies", "Gestion des cookies"]
    });
}

#[test]
fn html_body_has_no_read_also_block() {
    check_absent("\"Lire aussi\" block", |p| vec!["Lire aussi", p.related]);
}

#[test]
fn html_body_has_no_share_buttons() {
    check_absent("share buttons", |_| {
        vec!["Partager sur", "Facebook / X / LinkedIn"]
    });
}

#[test]
fn html_body_has_no_reader_comments() {
    check_absent("reader comments", |p| {
        vec![p.comment, "Répondre · Signaler", "Votre commentaire"]
    });
}

#[test]
fn html_body_has_no_navigation_footer_newsletter_or_script() {
    check_absent("page furniture", |_| {
        vec![
            "Mentions légales",
            "Tous droits réservés",
            "©",
            "La newsletter",
            "Je m'inscris",
            "function (",
            "document.cookie",
            "{",
        ]
    });
}

#[test]
fn html_paragraphs_are_kept_apart() {
    // Each paragraph of the article starts a paragraph of the body: none is glued to the one
    // before it.
    check_pages(all, |p, a| {
        let got: Vec<String> = paragraphs(&a.body).into_iter().map(fold).collect();
        p.paragraphs
            .iter()
            .filter(|start| !got.iter().any(|g| g.starts_with(&fold(start))))
            .map(|start| format!("no body paragraph starts with {start:?}"))
            .collect()
    });
}
