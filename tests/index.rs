//! `kiosque index`: the summary, incremental updates, several folders in one index, files that
//! cannot be indexed, article ids, index versions and `--rebuild`, where the index lives.
//!
//! Each test indexes its own copy of the samples (or its own files) into its own temporary
//! index; read-only checks share one index.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{IndexReport, Workspace, shared};
use serde_json::Value;

/// Article files in `corpus_samples/` (18 HTML, 10 text, 2 JSON Lines, 2 JSON).
const SAMPLE_FILES: u64 = 32;
/// Articles in them: 44 distinct plus one republished copy.
const SAMPLE_ARTICLES: u64 = 45;

const RUGBY: &str = "text/2022-03-20-rugby-grand-chelem-xv-de-france.txt";
const FLU: &str = "text/2017-10-13-grippe-vaccination-pharmaciens.txt";

/// Sets a file's modification time (so that a change is seen even within the same second).
fn set_mtime(path: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
}

fn later() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

/// Ids of the hits of `search --json -n 100 QUERY`.
fn ids(ws: &Workspace, query: &[&str]) -> Vec<String> {
    let mut args = vec!["-n", "100"];
    args.extend_from_slice(query);
    ws.search(&args).hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn the_summary_counts_files_and_articles() {
    let ws = Workspace::with_samples();
    assert_eq!(
        common::article_files(&ws.corpus()).len() as u64,
        SAMPLE_FILES
    );
    let r = ws.index_report(&[&ws.corpus()], 0);
    assert_eq!(r.files_seen, SAMPLE_FILES, "{r:?}");
    assert_eq!(r.files_indexed, SAMPLE_FILES, "{r:?}");
    assert!(r.failed.is_empty(), "{r:?}");
    assert!(r.warnings.is_empty(), "{r:?}");
    assert_eq!(r.ignored, 1, "README.md is not an article file: {r:?}");
    assert_eq!(r.unchanged, 0, "{r:?}");
    assert_eq!(r.removed, 0, "{r:?}");
    assert_eq!(r.articles_indexed, SAMPLE_ARTICLES, "{r:?}");
    assert_eq!(r.articles_total, SAMPLE_ARTICLES, "{r:?}");
    assert_eq!(ws.stats()["articles"].as_u64(), Some(SAMPLE_ARTICLES));
}

#[test]
fn without_json_the_summary_goes_to_stderr() {
    let ws = Workspace::with_samples();
    let run = ws.run([
        OsStr::new("index"),
        OsStr::new("--index"),
        ws.index_dir().as_os_str(),
        ws.corpus().as_os_str(),
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        !run.stderr.trim().is_empty(),
        "a summary for people:{run:?}"
    );
}

#[test]
fn reindexing_an_unchanged_folder_parses_nothing() {
    let ws = Workspace::with_samples();
    let corpus = ws.corpus();
    ws.index_report(&[&corpus], 0);

    let again = ws.index_report(&[&corpus], 0);
    assert_eq!(again.files_seen, SAMPLE_FILES, "{again:?}");
    assert_eq!(again.files_indexed, 0, "{again:?}");
    assert_eq!(again.articles_indexed, 0, "{again:?}");
    assert_eq!(again.unchanged, SAMPLE_FILES, "{again:?}");
    assert_eq!(again.removed, 0, "{again:?}");
    assert_eq!(again.articles_total, SAMPLE_ARTICLES, "{again:?}");

    // A newer modification time with the same content changes nothing either.
    for f in common::article_files(&corpus) {
        set_mtime(&f, later());
    }
    let touched = ws.index_report(&[&corpus], 0);
    assert_eq!(touched.files_indexed, 0, "{touched:?}");
    assert_eq!(touched.articles_indexed, 0, "{touched:?}");
    assert_eq!(touched.unchanged, SAMPLE_FILES, "{touched:?}");
    assert_eq!(touched.articles_total, SAMPLE_ARTICLES, "{touched:?}");
}

#[test]
fn an_update_sees_edited_added_and_deleted_files() {
    let ws = Workspace::with_samples();
    let corpus = ws.corpus();
    ws.index_report(&[&corpus], 0);
    assert_eq!(ids(&ws, &["Chelem"]).len(), 1);
    assert_eq!(ids(&ws, &["pharmaciens"]).len(), 1);

    // Edit: a new word in, an old word out.
    let rugby = corpus.join(RUGBY);
    let text = std::fs::read_to_string(&rugby).unwrap();
    assert!(text.contains("Chelem"));
    std::fs::write(&rugby, text.replace("Chelem", "Zorglubium")).unwrap();
    set_mtime(&rugby, later());
    // Add.
    std::fs::write(
        corpus.join("text/2024-09-01-wombats.txt"),
        "Des wombats au zoo de Beauval\n\nLe parc accueille deux wombats venus de Tasmanie.\n",
    )
    .unwrap();
    // Delete.
    std::fs::remove_file(corpus.join(FLU)).unwrap();

    let r = ws.index_report(&[&corpus], 0);
    assert_eq!(r.files_seen, SAMPLE_FILES, "one file more, one less: {r:?}");
    assert_eq!(r.files_indexed, 2, "the edited and the new file: {r:?}");
    assert_eq!(r.removed, 1, "the deleted file: {r:?}");
    assert_eq!(r.unchanged, SAMPLE_FILES - 2, "{r:?}");
    assert_eq!(r.articles_total, SAMPLE_ARTICLES, "{r:?}");

    assert_eq!(ids(&ws, &["Zorglubium"]), [format!("corpus/{RUGBY}")]);
    assert!(
        ids(&ws, &["Chelem"]).is_empty(),
        "the edited article's old word is gone"
    );
    assert_eq!(
        ids(&ws, &["wombats"]),
        ["corpus/text/2024-09-01-wombats.txt"]
    );
    assert!(
        ids(&ws, &["pharmaciens"]).is_empty(),
        "the deleted article is gone"
    );
    ws.show(&format!("corpus/{FLU}")).expect_code(1);
    assert_eq!(ws.stats()["articles"].as_u64(), Some(SAMPLE_ARTICLES));
}

/// A workspace with two folders of the samples, not indexed: `textes` (10 articles) and
/// `depeches` (13).
fn two_folders() -> (Workspace, std::path::PathBuf, std::path::PathBuf) {
    let ws = Workspace::empty();
    let texts = ws.path("textes");
    let wires = ws.path("depeches");
    common::copy_dir(&common::samples_dir().join("text"), &texts);
    common::copy_dir(&common::samples_dir().join("jsonl"), &wires);
    (ws, texts, wires)
}

#[test]
fn remove_drops_one_folder_and_keeps_the_others() {
    let (ws, texts, wires) = two_folders();

    // Two folders, indexed one after the other into the same index.
    let first = ws.index_report(&[&texts], 0);
    assert_eq!(first.articles_total, 10);
    let second = ws.index_report(&[&wires], 0);
    assert_eq!(
        second.articles_total, 23,
        "indexing a second folder keeps the first: {second:?}"
    );
    assert!(!ids(&ws, &["Meta"]).is_empty());
    assert!(!ids(&ws, &["Belem"]).is_empty());

    let run = ws.index([OsStr::new("--remove"), texts.as_os_str()]);
    run.expect_code(0);
    let r: IndexReport = run.json();
    assert_eq!(r.removed, 10, "the ten files of the removed folder: {r:?}");
    assert_eq!(r.articles_total, 13, "{r:?}");
    assert!(
        ids(&ws, &["Meta"]).is_empty(),
        "articles of the removed folder are gone"
    );
    assert_eq!(
        ids(&ws, &["Belem"]),
        ["dep-2024-0188"],
        "the other folder stays"
    );

    let stats = ws.stats();
    let folders: Vec<&str> = stats["folders"]
        .as_array()
        .expect("folders")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(folders, [wires.to_str().unwrap()], "{stats}");

    // Updating every known folder does not bring the removed one back.
    let update = ws.index(Vec::<&OsStr>::new());
    update.expect_code(0);
    let r: IndexReport = update.json();
    assert_eq!(r.articles_total, 13, "{r:?}");
    assert!(ids(&ws, &["Meta"]).is_empty());
}

#[test]
fn remove_of_an_unknown_folder_is_an_error_and_of_a_deleted_one_works() {
    let (ws, texts, wires) = two_folders();
    ws.index_report(&[&texts, &wires], 0);

    // A typo, or a subfolder of a known folder: an error that lists the folders, and nothing
    // changes.
    for wrong in [ws.path("texte"), texts.join("sous-dossier")] {
        let run = ws.index([OsStr::new("--remove"), wrong.as_os_str()]);
        run.expect_code(2);
        assert!(
            run.stderr.contains("is not a folder of this index")
                && run.stderr.contains(texts.to_str().unwrap()),
            "{run:?}"
        );
        assert_eq!(ws.stats()["articles"].as_u64(), Some(23));
    }

    // A folder deleted from disk, named relative to the working folder: its articles go.
    std::fs::remove_dir_all(&texts).unwrap();
    let r = ws.index_report(&["--remove", "./textes/"], 0);
    assert_eq!(r.articles_total, 13, "{r:?}");
    assert!(ids(&ws, &["Meta"]).is_empty());
}

#[test]
fn a_folder_not_found_keeps_its_articles() {
    // An archive on a drive that is not mounted: the update says so and loses nothing.
    let (ws, texts, wires) = two_folders();
    ws.index_report(&[&texts, &wires], 0);
    let away = ws.path("ailleurs");
    std::fs::rename(&texts, &away).unwrap();
    let r = ws.index_report(&Vec::<&OsStr>::new(), 2);
    assert_eq!(r.removed, 0, "{r:?}");
    assert_eq!(r.articles_total, 23, "{r:?}");
    assert_eq!(r.failed.len(), 1, "{r:?}");
    assert_eq!(r.failed[0].path, texts.to_str().unwrap());
    assert!(r.failed[0].reason.contains("folder not found"), "{r:?}");
    assert!(!ids(&ws, &["Meta"]).is_empty());
    // A rebuild would start without them: refused, and nothing changes.
    let run = ws.index(["--rebuild"]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot rebuild"), "{run:?}");
    assert_eq!(ws.stats()["articles"].as_u64(), Some(23));
    // Back in place: nothing to do.
    std::fs::rename(&away, &texts).unwrap();
    let r = ws.index_report(&Vec::<&OsStr>::new(), 0);
    assert_eq!(
        (r.files_indexed, r.removed, r.articles_total),
        (0, 0, 23),
        "{r:?}"
    );
}

#[test]
fn nested_and_neighbouring_folders_are_each_indexed_once() {
    let ws = Workspace::empty();
    let presse = ws.path("presse");
    let year = presse.join("2024");
    // A neighbour whose name starts like the other's.
    let old = ws.path("presse-old");
    common::copy_dir(&common::samples_dir().join("text"), &presse);
    common::copy_dir(&common::samples_dir().join("jsonl"), &year);
    common::copy_dir(&common::samples_dir().join("text"), &old);
    let folders = |ws: &Workspace| -> Vec<String> {
        ws.stats()["folders"]
            .as_array()
            .expect("folders")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let s = |p: &std::path::Path| p.to_str().unwrap().to_owned();

    // A folder and one inside it, named together: each file once.
    let r = ws.index_report(&[&presse, &year], 0);
    assert_eq!(
        (r.files_seen, r.articles_total, r.duplicates),
        (12, 23, 0),
        "{r:?}"
    );
    assert_eq!(folders(&ws), [s(&presse)]);
    // Then the inner one alone: that part of the folder is updated, as part of it.
    let r = ws.index_report(&[&year], 0);
    assert_eq!(
        (r.files_seen, r.unchanged, r.articles_total),
        (2, 2, 23),
        "{r:?}"
    );
    std::fs::remove_file(year.join("depeches.jsonl")).unwrap();
    let r = ws.index_report(&[&year], 0);
    assert_eq!(r.removed, 1, "{r:?}");
    assert_eq!(folders(&ws), [s(&presse)]);
    common::copy_dir(&common::samples_dir().join("jsonl"), &year);
    ws.index_report(&[&presse], 0);

    // The neighbour: removing one leaves the other whole.
    let r = ws.index_report(&[&old], 0);
    assert_eq!(r.articles_total, 33, "{r:?}");
    let r = ws.index_report(&[OsStr::new("--remove"), presse.as_os_str()], 0);
    assert_eq!(r.articles_total, 10, "presse-old stays: {r:?}");
    assert_eq!(folders(&ws), [s(&old)]);

    // A folder named around one the index has takes it in: removing it removes all.
    ws.index_report(&[&year], 0);
    assert_eq!(folders(&ws), [s(&old), s(&year)]);
    let r = ws.index_report(&[&presse], 0);
    // (presse-old holds copies of presse's texts: 10 duplicates, rightly.)
    assert_eq!((r.articles_total, r.duplicates), (33, 10), "{r:?}");
    assert_eq!(folders(&ws), [s(&old), s(&presse)]);
    let r = ws.index_report(&[OsStr::new("--remove"), presse.as_os_str()], 0);
    assert_eq!(r.articles_total, 10, "{r:?}");
    assert!(
        ids(&ws, &["Belem"]).is_empty(),
        "the inner folder's articles went too"
    );
}

#[test]
fn bad_files_are_skipped_and_reported_and_the_rest_is_indexed() {
    let ws = Workspace::empty();
    let dir = ws.path("mixte");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        common::samples_dir()
            .join("text/2024-04-27-resultats-trimestriels-meta-google-microsoft.txt"),
        dir.join("resultats.txt"),
    )
    .unwrap();
    // Binary bytes behind an .html name.
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.extend_from_slice(b"\x00\x00\x00PNG\x1a\n");
    std::fs::write(dir.join("x.html"), binary).unwrap();
    // Empty text.
    std::fs::write(dir.join("x.txt"), "").unwrap();
    // JSON Lines with a broken second line.
    std::fs::write(
        dir.join("fil.jsonl"),
        concat!(
            r#"{"id":"ok-1","title":"Les zébrures du zèbre","text":"Un texte sur les zébrures."}"#,
            "\n",
            r#"{"id":"bad-2","title": "coupé"#,
            "\n",
            r#"{"id":"ok-3","title":"Les quokkas","text":"Un texte sur les quokkas."}"#,
            "\n",
        ),
    )
    .unwrap();

    let r = ws.index_report(&[&dir], 2);
    let failed: Vec<(&str, &str)> = r
        .failed
        .iter()
        .map(|f| (f.path.rsplit('/').next().unwrap(), f.reason.as_str()))
        .collect();
    assert_eq!(
        failed.iter().map(|f| f.0).collect::<Vec<_>>(),
        ["x.html", "x.txt"],
        "{r:?}"
    );
    assert!(
        failed.iter().all(|f| !f.1.trim().is_empty()),
        "each failure says why: {r:?}"
    );
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    assert!(r.warnings[0].path.ends_with("fil.jsonl"), "{r:?}");
    assert!(
        r.warnings[0].reason.contains("line 2"),
        "the warning gives the line number: {r:?}"
    );
    assert_eq!(r.files_seen, 4, "{r:?}");
    assert_eq!(
        r.articles_total, 3,
        "resultats.txt and the two good lines: {r:?}"
    );

    // The rest is searchable.
    assert_eq!(ids(&ws, &["quokkas"]), ["ok-3"]);
    assert_eq!(ids(&ws, &["zébrures"]), ["ok-1"]);
    assert_eq!(ids(&ws, &["Meta"]).len(), 1);
    ws.show("bad-2").expect_code(1);

    // The next run still says that some files could not be indexed.
    let again = ws.index_report(&[&dir], 2);
    assert_eq!(again.failed.len(), 2, "{again:?}");
    assert_eq!(again.articles_total, 3, "{again:?}");
}

#[test]
fn files_over_the_size_limit_are_skipped_and_reported() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("petit.txt"),
        "Petit\n\nUn article sur les quokkas.\n",
    )
    .unwrap();
    let big = format!(
        "Gros\n\n{}",
        "Un paragraphe de remplissage sur les wombats.\n\n".repeat(30_000)
    );
    assert!(big.len() > 1024 * 1024);
    std::fs::write(dir.join("gros.txt"), big).unwrap();

    let run = ws.index([
        OsStr::new("--max-file-size"),
        OsStr::new("1"),
        dir.as_os_str(),
    ]);
    run.expect_code(2);
    let r: IndexReport = run.json();
    assert_eq!(r.failed.len(), 1, "{r:?}");
    assert!(r.failed[0].path.ends_with("gros.txt"), "{r:?}");
    assert_eq!(ids(&ws, &["quokkas"]).len(), 1);
    assert!(ids(&ws, &["wombats"]).is_empty());
}

#[cfg(unix)]
fn non_utf8_name(stem: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    OsStr::from_bytes(stem).to_owned()
}

#[cfg(unix)]
#[test]
fn files_with_non_utf8_names_are_indexed() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    // "café-ornithorynque.txt" with é in ISO-8859-1: not UTF-8.
    let name = non_utf8_name(b"caf\xe9-ornithorynque.txt");
    std::fs::write(
        dir.join(&name),
        "Un nom de fichier en latin-1\n\nUn ornithorynque nage.\n",
    )
    .unwrap();
    let r = ws.index_report(&[&dir], 0);
    assert_eq!(r.files_indexed, 1, "{r:?}");
    let found = ws.search(&["ornithorynque"]);
    assert_eq!(found.hits.len(), 1, "\n{}", found.listing());
    assert_eq!(found.hits[0].title, "Un nom de fichier en latin-1");
    ws.show(&found.hits[0].id).expect_code(0);

    let again = ws.index_report(&[&dir], 0);
    assert_eq!((again.files_indexed, again.unchanged), (0, 1), "{again:?}");
    assert_eq!(ids(&ws, &["ornithorynque"]).len(), 1);
}

#[cfg(unix)]
#[test]
fn non_utf8_names_that_differ_only_in_their_invalid_bytes_stay_apart() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    // caf\xe9.txt and caf\xe8.txt (café, cafè in ISO-8859-1): two files, two articles.
    std::fs::write(
        dir.join(non_utf8_name(b"caf\xe9.txt")),
        "Premier\n\nUn ornithorynque.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(non_utf8_name(b"caf\xe8.txt")),
        "Second\n\nUn échidné.\n",
    )
    .unwrap();

    let r = ws.index_report(&[&dir], 0);
    assert_eq!(r.articles_total, 2, "{r:?}");
    assert_eq!(ids(&ws, &["ornithorynque"]).len(), 1);
    assert_eq!(ids(&ws, &["échidné"]).len(), 1);

    // Nothing changed on disk: both articles must survive the update.
    let again = ws.index_report(&[&dir], 0);
    assert_eq!(again.articles_total, 2, "{again:?}");
    assert_eq!(again.files_indexed, 0, "{again:?}");
    assert_eq!(
        ids(&ws, &["ornithorynque"]).len(),
        1,
        "first file lost on update"
    );
    assert_eq!(
        ids(&ws, &["échidné"]).len(),
        1,
        "second file lost on update"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_only_with_follow_links() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    let outside = ws.path("ailleurs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(dir.join("ici.txt"), "Ici\n\nUn article sur les quokkas.\n").unwrap();
    std::fs::write(
        outside.join("la.txt"),
        "Là\n\nUn article sur les wombats.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("lien")).unwrap();

    ws.index_report(&[&dir], 0);
    assert_eq!(ids(&ws, &["quokkas"]).len(), 1);
    assert!(
        ids(&ws, &["wombats"]).is_empty(),
        "links are not followed by default"
    );

    let run = ws.index([OsStr::new("-L"), dir.as_os_str()]);
    run.expect_code(0);
    assert_eq!(
        ids(&ws, &["wombats"]).len(),
        1,
        "-L follows the link:{run:?}"
    );
}

#[test]
fn nonexistent_folder_is_an_error() {
    let ws = Workspace::empty();
    let run = ws.index([ws.path("nulle-part")]);
    run.expect_code(2);
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr.contains("nulle-part"),
        "stderr names the folder:{run:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Ids.

#[test]
fn records_keep_their_own_ids_and_others_get_one_from_their_file() {
    let ws = shared();
    for (id, title) in [
        (
            "dep-2024-0001",
            "Radars : les petits excès de vitesse ne font plus perdre de point",
        ),
        (
            "breve-2023-11-0421",
            "JO 2024 : le ticket de métro payé 4 euros pendant les Jeux",
        ),
        (
            "corpus/json/dossier.json#2",
            "En Bourgogne, des vendanges précoces comme jamais",
        ),
        (
            "corpus/jsonl/fil-agence.ndjson#1",
            "Le Parlement européen adopte l'AI Act, première loi au monde sur l'intelligence artificielle",
        ),
        (
            "corpus/text/bce-releve-ses-taux-plain.txt",
            "La BCE relève ses taux pour la première fois depuis onze ans",
        ),
    ] {
        let run = ws.show(id);
        run.expect_code(0);
        let article: Value = run.json();
        assert_eq!(article["id"], id, "{article}");
        assert_eq!(article["title"], title, "{article}");
    }
}

#[test]
fn show_of_an_unknown_id_exits_1() {
    let run = shared().show("dep-9999-0000");
    run.expect_code(1);
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(run.stderr.contains("dep-9999-0000"), "{run:?}");
}

#[test]
fn ids_stay_unique_when_a_later_run_brings_a_record_with_a_known_id() {
    let ws = Workspace::empty();
    let dir = ws.path("fil");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        common::samples_dir().join("jsonl/depeches.jsonl"),
        dir.join("depeches.jsonl"),
    )
    .unwrap();
    ws.index_report(&[&dir], 0);
    // Another feed reuses an id already in the index, for another story.
    std::fs::write(
        dir.join("autre-fil.jsonl"),
        r#"{"id":"dep-2024-0188","title":"Les quokkas de Rottnest","text":"Un reportage sur les quokkas."}"#,
    )
    .unwrap();
    let r = ws.index_report(&[&dir], 0);
    assert_eq!(r.articles_total, 10, "{r:?}");

    let belem = ws.search(&["Belem"]);
    let quokkas = ws.search(&["quokkas"]);
    assert_eq!((belem.hits.len(), quokkas.hits.len()), (1, 1));
    assert_ne!(
        belem.hits[0].id, quokkas.hits[0].id,
        "two articles share an id: `kiosque show` can only ever reach one of them"
    );
    // The article indexed first keeps its id; the newcomer gets another one.
    let run = ws.show("dep-2024-0188");
    run.expect_code(0);
    let shown: Value = run.json();
    assert_eq!(
        shown["title"], "La flamme olympique arrive à Marseille à bord du Belem",
        "{shown}"
    );
    ws.show(&quokkas.hits[0].id).expect_code(0);
}

// ---------------------------------------------------------------------------------------------
// Duplicates: the same story twice (wire copy published by two sites).

#[test]
fn a_story_published_twice_appears_once_under_its_earliest_copy() {
    let ws = Workspace::empty();
    let dir = ws.path("fil");
    std::fs::create_dir_all(&dir).unwrap();
    let original = dir.join("a-original.jsonl");
    let copy = dir.join("b-reprise.jsonl");
    let article = |id: &str, date: &str, title: &str, body: &str| {
        format!(r#"{{"id":"{id}","date":"{date}","title":"{title}","text":"{body}"}}"#) + "\n"
    };
    std::fs::write(
        &original,
        article(
            "orig",
            "2024-01-31",
            "Les quokkas",
            "Un reportage sur les quokkas de Rottnest.",
        ),
    )
    .unwrap();
    // Same body once case and spaces are normalised; published later, under another title.
    std::fs::write(
        &copy,
        article(
            "reprise",
            "2024-02-05",
            "Quokkas : le reportage",
            "Un  reportage sur les QUOKKAS de Rottnest.",
        ),
    )
    .unwrap();

    let r = ws.index_report(&[&dir], 0);
    assert_eq!(r.articles_total, 2, "both copies are in the index: {r:?}");
    assert_eq!(r.duplicates, 1, "{r:?}");
    let found = ws.search(&["quokkas"]);
    assert_eq!(
        found.ids(),
        ["orig"],
        "the earliest copy stands for both\n{}",
        found.listing()
    );
    assert_eq!(found.total_hits, 1);
    assert_eq!(found.hits[0].duplicates, 1);
    ws.show("reprise").expect_code(0);

    // The original goes away: the copy stands on its own.
    std::fs::remove_file(&original).unwrap();
    let r = ws.index_report(&[&dir], 0);
    assert_eq!((r.articles_total, r.duplicates), (1, 0), "{r:?}");
    let found = ws.search(&["quokkas"]);
    assert_eq!(found.ids(), ["reprise"], "\n{}", found.listing());
    assert_eq!(found.hits[0].duplicates, 0);

    // It comes back: it stands for the group again.
    std::fs::write(
        &original,
        article(
            "orig",
            "2024-01-31",
            "Les quokkas",
            "Un reportage sur les quokkas de Rottnest.",
        ),
    )
    .unwrap();
    ws.index_report(&[&dir], 0);
    let found = ws.search(&["quokkas"]);
    assert_eq!(found.ids(), ["orig"], "\n{}", found.listing());
    assert_eq!(found.hits[0].duplicates, 1);
}

/// One JSON line of a copy of the same wombat story, with its id and date.
fn wombats_line(id: &str, date: &str) -> String {
    format!(
        r#"{{"id":"{id}","date":"{date}","title":"Les wombats","text":"Les wombats creusent des terriers carrés."}}"#
    ) + "\n"
}

#[test]
fn the_copy_that_stands_for_a_group_does_not_depend_on_the_order_of_the_copies() {
    // Copies of one story in one export, in an order where each copy comes before the one that
    // stands for the group: same day, ids compared as text ("115" < "49" < "6"), and a copy
    // published a day earlier last of all in one case, first in the other.
    for (lines, expected) in [
        (
            vec![
                wombats_line("6", "2024-03-02"),
                wombats_line("49", "2024-03-02"),
                wombats_line("115", "2024-03-02"),
            ],
            "115",
        ),
        (
            vec![
                wombats_line("115", "2024-03-02"),
                wombats_line("6", "2024-03-02"),
                wombats_line("7", "2024-03-01"),
            ],
            "7",
        ),
        (
            vec![
                wombats_line("7", "2024-03-01"),
                wombats_line("115", "2024-03-02"),
                wombats_line("6", "2024-03-02"),
            ],
            "7",
        ),
    ] {
        let ws = Workspace::empty();
        let dir = ws.path("fil");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("export.jsonl"), lines.concat()).unwrap();
        let r = ws.index_report(&[&dir], 0);
        assert_eq!((r.articles_total, r.duplicates), (3, 2), "{r:?}");
        let found = ws.search(&["wombats"]);
        assert_eq!(found.ids(), [expected], "\n{}", found.listing());
        assert_eq!(found.hits[0].duplicates, 2);
    }
}

#[test]
fn copies_displaced_while_adding_are_put_right_before_the_commit() {
    // Each copy comes before the one added ahead of it: the run re-adds the displaced ones
    // before its commit, so that settling has nothing to change and makes no segment of its
    // own (each segment costs every search). One indexing thread: one segment.
    let ws = Workspace::empty();
    let dir = ws.path("fil");
    std::fs::create_dir_all(&dir).unwrap();
    let lines = [
        wombats_line("a", "2024-03-04"),
        wombats_line("b", "2024-03-03"),
        wombats_line("c", "2024-03-02"),
    ];
    std::fs::write(dir.join("export.jsonl"), lines.concat()).unwrap();
    // The same story as text files, in the folder's order or not: one group, whatever the order.
    // Undated: the smaller id stands for the group.
    for name in ["y.txt", "x.txt"] {
        std::fs::write(
            dir.join(name),
            "Les loutres\n\nLes loutres nagent sur le dos.\n",
        )
        .unwrap();
    }
    let r: IndexReport = index_unmerged(&ws, &dir).json();
    assert_eq!((r.articles_total, r.duplicates), (5, 3), "{r:?}");
    assert_eq!(segment_count(&ws), 1);
    assert!(
        deleted_count(&ws) > 0,
        "the displaced copies were deleted and added again"
    );
    let found = ws.search(&["wombats"]);
    assert_eq!(found.ids(), ["c"], "\n{}", found.listing());
    assert_eq!(found.hits[0].duplicates, 2);
    let found = ws.search(&["loutres"]);
    assert_eq!(found.hits.len(), 1, "\n{}", found.listing());
    assert!(found.hits[0].id.ends_with("x.txt"), "\n{}", found.listing());

    // By default an index this small ends every run as one segment without deleted documents
    // (they would count in the ranking statistics, and depend on the order of the files).
    let r = ws.index_report(&[&dir], 0);
    assert_eq!(r.unchanged, 3, "{r:?}");
    assert_eq!(segment_count(&ws), 1);
    assert_eq!(deleted_count(&ws), 0);
    let r = ws.index_report(&["--rebuild".as_ref(), dir.as_os_str()], 0);
    assert_eq!((r.articles_total, r.duplicates), (5, 3), "{r:?}");
    assert_eq!((segment_count(&ws), deleted_count(&ws)), (1, 0));
}

/// `kiosque index --json DIR` on one thread, without the merge that makes an index this small
/// one segment without deleted documents at the end of every run; exit code checked.
fn index_unmerged(ws: &Workspace, dir: &Path) -> common::Run {
    let idx = ws.index_dir();
    let args = [OsStr::new("index"), OsStr::new("--index"), idx.as_os_str()];
    let run = common::run_with_env(
        &ws.path(""),
        args.into_iter().chain([
            OsStr::new("--json"),
            dir.as_os_str(),
            OsStr::new("--threads"),
            OsStr::new("1"),
        ]),
        &[("KIOSQUE_SMALL_INDEX_DOCS", OsStr::new("0"))],
    );
    run.expect_code(0);
    run
}

/// The current index generation's folder and its tantivy `meta.json`.
fn current_generation(ws: &Workspace) -> (PathBuf, Value) {
    let gen_dir = std::fs::read_dir(ws.index_dir())
        .expect("index folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("meta.json").is_file())
        .max()
        .expect("a generation with meta.json");
    let meta =
        serde_json::from_str(&std::fs::read_to_string(gen_dir.join("meta.json")).unwrap()).unwrap();
    (gen_dir, meta)
}

/// Deleted documents in the current generation's segments, from tantivy's `meta.json`.
fn deleted_count(ws: &Workspace) -> u64 {
    let (_, meta) = current_generation(ws);
    meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0))
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Versions and --rebuild.

#[test]
fn an_index_of_another_version_must_be_rebuilt() {
    let ws = Workspace::with_samples();
    let corpus = ws.corpus();
    ws.index_report(&[&corpus], 0);

    let meta_file = ws.index_dir().join("kiosque.json");
    let mut meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_file).unwrap())
        .expect("kiosque.json is JSON");
    assert!(
        meta["schema_version"].as_u64().is_some_and(|v| v > 0),
        "{meta}"
    );
    meta["schema_version"] = 0.into();
    std::fs::write(&meta_file, meta.to_string()).unwrap();

    let run = ws.search_raw(&["--json", "Meta"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr.contains("--rebuild"),
        "stderr says to rebuild:{run:?}"
    );

    // A plain update refuses too, and says the same.
    let run = ws.index([&corpus]);
    run.expect_code(2);
    assert!(run.stderr.contains("--rebuild"), "{run:?}");

    // The hint's own command, with no folder: the folders the old index had are rebuilt.
    let run = ws.index([OsStr::new("--rebuild")]);
    run.expect_code(0);
    let r: IndexReport = run.json();
    assert_eq!(r.articles_total, SAMPLE_ARTICLES, "{r:?}");
    assert!(!ids(&ws, &["Meta"]).is_empty());
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_file).unwrap()).unwrap();
    assert!(
        meta["schema_version"].as_u64().is_some_and(|v| v > 0),
        "{meta}"
    );
}

#[test]
fn rebuild_gives_the_same_results() {
    let ws = Workspace::with_samples();
    let corpus = ws.corpus();
    ws.index_report(&[&corpus], 0);
    let queries: [&[&str]; 4] = [
        &["IA", "générative", "Meta"],
        &["\"sécurité routière\""],
        &["France", "OR", "prix"],
        &["author:Dubreuil"],
    ];
    let scored = |ws: &Workspace, q: &[&str]| -> Vec<(String, f64)> {
        let mut args = vec!["-n", "100"];
        args.extend_from_slice(q);
        ws.search(&args)
            .hits
            .into_iter()
            .map(|h| (h.id, h.score))
            .collect()
    };
    let before: Vec<Vec<(String, f64)>> = queries.iter().map(|q| scored(&ws, q)).collect();
    let by_date = |ws: &Workspace| {
        let r = ws.search(&["--sort", "date", "-n", "100", "France"]);
        let dates: Vec<Option<String>> = r.hits.iter().map(|h| h.date.clone()).collect();
        let mut ids: Vec<String> = r.hits.into_iter().map(|h| h.id).collect();
        ids.sort();
        (dates, ids)
    };
    let before_by_date = by_date(&ws);

    // Without a folder: every folder the index knows.
    let run = ws.index(["--rebuild"]);
    run.expect_code(0);
    let r: IndexReport = run.json();
    assert_eq!(
        r.files_indexed, SAMPLE_FILES,
        "everything is parsed again: {r:?}"
    );
    assert_eq!(r.articles_total, SAMPLE_ARTICLES, "{r:?}");
    // The same hits in the same order, but for hits whose scores are within 1 % of each
    // other: two builds of one folder can differ in BM25's average field lengths in the last
    // decimals. (Duplicates are settled by deleting and re-adding copies, in an order that the
    // parallel reading decides; when tantivy merges a segment with deleted documents, it
    // estimates the field's token count from the quantised lengths of the documents left, and
    // from the exact count otherwise. Seen: `France OR prix` on the samples, 4.1265 / 4.1253
    // after one build and 4.1221 / 4.1227 after the other.)
    for (q, (b, a)) in queries
        .iter()
        .zip(before.iter().zip(queries.iter().map(|q| scored(&ws, q))))
    {
        let ids = |r: &[(String, f64)]| {
            r.iter()
                .map(|(id, _)| id.clone())
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(ids(b), ids(&a), "{q:?}: the same hits");
        let score = |id: &str| b.iter().find(|(i, _)| i == id).map_or(0.0, |(_, s)| *s);
        for (i, (x, _)) in a.iter().enumerate() {
            for (y, _) in &a[i + 1..] {
                // x now before y: before the rebuild too, or nearly tied.
                let (sx, sy) = (score(x), score(y));
                assert!(
                    sx >= sy || (sy - sx) <= 0.01 * sy,
                    "{q:?}: {x} ({sx}) now ranks above {y} ({sy})\nbefore: {b:?}\nafter: {a:?}"
                );
            }
        }
    }
    // Sorted by date: the same articles, the same dates (ties may come in another order).
    assert_eq!(before_by_date, by_date(&ws));

    // And an update after the rebuild finds everything unchanged.
    let r = ws.index_report(&[&corpus], 0);
    assert_eq!((r.files_indexed, r.unchanged), (0, SAMPLE_FILES), "{r:?}");
}

// ---------------------------------------------------------------------------------------------
// Where the index lives.

#[test]
fn the_index_is_found_by_flag_then_environment_then_current_directory() {
    let ws = Workspace::with_samples();
    let corpus = ws.corpus();
    let env_index = ws.path("par-env");

    // $KIOSQUE_INDEX when there is no --index.
    let env = [("KIOSQUE_INDEX", env_index.as_os_str())];
    let run = common::run_with_env(&ws.root, [OsStr::new("index"), corpus.as_os_str()], &env);
    run.expect_code(0);
    assert!(env_index.join("kiosque.json").exists(), "{run:?}");
    common::run_with_env(&ws.root, ["search", "--json", "Meta"], &env).expect_code(0);

    // --index wins over $KIOSQUE_INDEX.
    let nowhere = ws.path("nulle-part");
    let env_nowhere = [("KIOSQUE_INDEX", nowhere.as_os_str())];
    let run = common::run_with_env(
        &ws.root,
        [
            OsStr::new("search"),
            OsStr::new("--index"),
            env_index.as_os_str(),
            OsStr::new("--json"),
            OsStr::new("Meta"),
        ],
        &env_nowhere,
    );
    run.expect_code(0);
    let run = common::run_with_env(&ws.root, ["search", "--json", "Meta"], &env_nowhere);
    run.expect_code(2);

    // Neither: ./kiosque-index.
    let run = ws.run([OsStr::new("index"), corpus.as_os_str()]);
    run.expect_code(0);
    assert!(ws.path("kiosque-index/kiosque.json").exists(), "{run:?}");
    ws.run(["search", "--json", "Meta"]).expect_code(0);
}

/// Segments of the current index generation, from its tantivy meta.json; checks on the way
/// that the generation holds no file of a segment that is not one of them (merged-away
/// segments must not stay on disk).
fn segment_count(ws: &Workspace) -> usize {
    let (gen_dir, meta) = current_generation(ws);
    let live: Vec<String> = meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            s["segment_id"]
                .as_str()
                .expect("segment id")
                .replace('-', "")
        })
        .collect();
    for entry in std::fs::read_dir(&gen_dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.split('.').next().unwrap_or("");
        if stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) {
            assert!(
                live.iter().any(|id| id == stem),
                "{name}: file of a dead segment"
            );
        }
    }
    live.len()
}

#[test]
fn merge_leaves_one_segment_and_the_same_answers() {
    let ws = Workspace::with_samples();
    // Two threads and a commit after every batch of files make several segments.
    let corpus = ws.corpus().display().to_string();
    // (An index this small is otherwise merged at the end of every run.)
    let idx = ws.index_dir();
    let args = [
        "index",
        "--index",
        idx.to_str().unwrap(),
        "--commit-interval",
        "0",
        "-j",
        "2",
    ];
    let r = common::run_with_env(
        &ws.path(""),
        args.iter().copied().chain([corpus.as_str()]),
        &[("KIOSQUE_SMALL_INDEX_DOCS", OsStr::new("0"))],
    );
    r.expect_code(0);
    let segments = segment_count(&ws);
    assert!(segments > 1, "the first run should leave several segments");
    let before = ids(&ws, &["Meta"]);
    let run = ws.index(["--merge"]);
    run.expect_code(0);
    assert_eq!(segment_count(&ws), 1, "{segments} segments before");
    assert_eq!(ids(&ws, &["Meta"]), before);
    assert_eq!(ws.stats()["articles"].as_u64(), Some(SAMPLE_ARTICLES));
}

#[test]
fn a_segment_left_mostly_stale_by_updates_is_rewritten_without_its_deleted_articles() {
    let ws = Workspace::empty();
    let dir = ws.path("archive");
    std::fs::create_dir_all(&dir).unwrap();
    let export = |n: usize, words: &str| -> String {
        (0..n)
            .map(|i| {
                format!(
                    r#"{{"id":"{words}-{i}","title":"Article {i}","text":"Des {words} et encore des {words}, numéro {i}."}}"#
                ) + "\n"
            })
            .collect()
    };
    std::fs::write(dir.join("a.jsonl"), export(1_000, "loutres")).unwrap();
    std::fs::write(dir.join("b.jsonl"), export(500, "wombats")).unwrap();
    index_unmerged(&ws, &dir);
    assert_eq!(deleted_count(&ws), 0);
    // The 500 articles of one export are edited: a third of the first segment is stale.
    std::fs::write(dir.join("b.jsonl"), export(500, "koalas")).unwrap();
    index_unmerged(&ws, &dir);
    assert_eq!(deleted_count(&ws), 0, "the stale articles were dropped");
    assert_eq!(ws.search(&["wombats"]).hits.len(), 0);
    assert_eq!(ws.search(&["-n", "1000", "koalas"]).hits.len(), 500);
    assert_eq!(ws.search(&["-n", "2000", "loutres"]).hits.len(), 1_000);
}
