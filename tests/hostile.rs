//! Hostile files and hostile machines: huge files, words without end, symlink loops,
//! unreadable files, a full disk, a read-only index. Each bad thing is reported by path with a
//! reason; the rest of the run, and the index already there, are unaffected.
//!
//! Tests that need root (mounts) or a non-root user say they are skipped when they cannot run.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use common::{IndexReport, Workspace, copy_dir, samples_dir};

fn ids(ws: &Workspace, query: &[&str]) -> Vec<String> {
    ws.search(query).hits.into_iter().map(|h| h.id).collect()
}

fn small_article(dir: &Path) {
    std::fs::write(
        dir.join("petit.txt"),
        "Petit article\n\nUn article sur les quokkas.\n",
    )
    .unwrap();
}

/// Peak resident memory of a command in KiB, from `/usr/bin/time` (None where it is missing).
fn peak_kib(args: &[&OsStr], cwd: &Path) -> Option<(u64, std::process::Output)> {
    if !Path::new("/usr/bin/time").exists() {
        eprintln!("/usr/bin/time missing: memory not measured");
        return None;
    }
    let report = cwd.join("time.txt");
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(common::BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run /usr/bin/time");
    let text = std::fs::read_to_string(&report).ok()?;
    let kib = text.lines().last()?.trim().parse().ok()?;
    Some((kib, out))
}

#[cfg(unix)]
#[test]
fn a_2_gb_file_is_skipped_in_bounded_memory() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    small_article(&dir);
    // Sparse files: 2 GiB each on the file system's books, nothing on disk.
    for name in ["enorme.html", "enorme.txt", "enorme.jsonl"] {
        let f = std::fs::File::create(dir.join(name)).unwrap();
        f.set_len(2 << 30).unwrap();
    }
    let index = ws.index_dir();
    let args: Vec<&OsStr> = vec![
        "index".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
        dir.as_os_str(),
    ];
    let (out, peak) = match peak_kib(&args, &ws.root) {
        Some((kib, out)) => (out, Some(kib)),
        None => (
            Command::new(common::BIN).args(&args).output().unwrap(),
            None,
        ),
    };
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r: IndexReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r.failed.len(), 3, "{r:?}");
    for f in &r.failed {
        if f.path.ends_with(".jsonl") {
            // JSON Lines are read line by line whatever their size: this one is all zero bytes.
            assert!(f.reason.contains("binary"), "{f:?}");
        } else {
            assert!(
                f.reason.contains("256 MB") && f.reason.contains("--max-file-size"),
                "the reason names the limit and the option: {f:?}"
            );
        }
    }
    assert_eq!(ids(&ws, &["quokkas"]).len(), 1);
    if let Some(kib) = peak {
        assert!(
            kib < 512 * 1024,
            "peak memory {kib} KiB while skipping 2 GiB files"
        );
    }
}

#[test]
fn ten_megabytes_without_white_space_are_indexed() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    small_article(&dir);
    let blob: String = "anticonstitutionnellementé".repeat(10 * 1024 * 1024 / 27);
    std::fs::write(
        dir.join("mot-sans-fin.txt"),
        format!("Un mot sans fin\n\n{blob}\n\nLes wombats à la fin.\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("mot-sans-fin.html"),
        format!(
            "<html><head><title>Page sans espaces</title></head><body><article><h1>Page sans espaces</h1><p>{blob}</p><p>Les ornithorynques aussi.</p></article></body></html>"
        ),
    )
    .unwrap();
    let r = ws.index_report(&[&dir], 0);
    assert_eq!(r.files_indexed, 3, "{r:?}");
    assert_eq!(ids(&ws, &["wombats"]).len(), 1);
    assert_eq!(ids(&ws, &["ornithorynques"]).len(), 1);
    assert_eq!(ids(&ws, &["quokkas"]).len(), 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_with_follow_links() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(dir.join("sous")).unwrap();
    small_article(&dir);
    std::os::unix::fs::symlink(&dir, dir.join("sous").join("boucle")).unwrap();
    std::os::unix::fs::symlink("boucle-a", dir.join("boucle-b")).unwrap();
    std::os::unix::fs::symlink("boucle-b", dir.join("boucle-a")).unwrap();
    let run = ws.index([OsStr::new("-L"), dir.as_os_str()]);
    let r: IndexReport = run.json();
    assert!(
        r.failed.iter().any(|f| f.path.contains("boucle")),
        "the loop is reported:{run:?}"
    );
    assert_eq!(r.articles_total, 1, "{r:?}");
    assert_eq!(ids(&ws, &["quokkas"]).len(), 1);
}

/// Runs a command as root; false when it fails (not root, no mount rights).
fn try_root(cmd: &str, args: &[&OsStr]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A mount made by a test, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_clearly_and_keeps_the_index() {
    let ws = Workspace::with_samples();
    let small = ws.path("petit-disque");
    std::fs::create_dir_all(&small).unwrap();
    if !try_root(
        "mount",
        &[
            "-t".as_ref(),
            "tmpfs".as_ref(),
            "-o".as_ref(),
            "size=3m".as_ref(),
            "tmpfs".as_ref(),
            small.as_os_str(),
        ],
    ) {
        eprintln!(
            "SKIPPED a_full_disk_fails_clearly_and_keeps_the_index: cannot mount a tmpfs (not root?)"
        );
        return;
    }
    let _mount = Mount(small.clone());
    let index = small.join("index");
    let corpus = ws.corpus();
    let run = ws.run([
        "index".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        corpus.as_os_str(),
    ]);
    run.expect_code(0);
    let search = |q: &str| {
        ws.run([
            "search".as_ref(),
            "--index".as_ref(),
            index.as_os_str(),
            "--json".as_ref(),
            OsStr::new(q),
        ])
    };
    let before: serde_json::Value = search("Meta").json();
    // Far more text than the 3 MB disk holds.
    let big = ws.path("gros");
    std::fs::create_dir_all(&big).unwrap();
    for i in 0..400 {
        let body: String = (0..2000)
            .map(|j| format!("mot{}x{} ", (i * 7919 + j * 104_729) % 1_000_003, j % 97))
            .collect();
        std::fs::write(
            big.join(format!("{i}.txt")),
            format!("Dépêche {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    let full = ws.run([
        "index".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        big.as_os_str(),
    ]);
    assert_eq!(full.code, Some(2), "a full disk is an error:{full:?}");
    assert!(
        full.stderr.contains("No space left on device"),
        "the message says why:{full:?}"
    );
    assert!(!full.stderr.contains("panicked"), "{full:?}");
    let after: serde_json::Value = search("Meta").json();
    assert_eq!(
        before["total_hits"], after["total_hits"],
        "the index before the failed run still answers"
    );
    // Room again: the next run completes.
    let remove = ws.run([
        "index".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--remove".as_ref(),
        big.as_os_str(),
    ]);
    assert!(matches!(remove.code, Some(0 | 2)), "{remove:?}");
    let again = ws.run([
        "index".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        corpus.as_os_str(),
    ]);
    again.expect_code(0);
    let last: serde_json::Value = search("Meta").json();
    assert_eq!(before["total_hits"], last["total_hits"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_index_is_searched_and_refused_for_writing() {
    let ws = Workspace::with_samples();
    let index = ws.index_dir();
    ws.index_report(&[ws.corpus()], 0);
    let ro = ws.path("lecture-seule");
    std::fs::create_dir_all(&ro).unwrap();
    if !try_root(
        "mount",
        &["--bind".as_ref(), index.as_os_str(), ro.as_os_str()],
    ) {
        eprintln!(
            "SKIPPED a_read_only_index_is_searched_and_refused_for_writing: cannot bind-mount (not root?)"
        );
        return;
    }
    let _mount = Mount(ro.clone());
    assert!(try_root(
        "mount",
        &["-o".as_ref(), "remount,bind,ro".as_ref(), ro.as_os_str()]
    ));
    let search = ws.run([
        "search".as_ref(),
        "--index".as_ref(),
        ro.as_os_str(),
        "--json".as_ref(),
        "Meta".as_ref(),
    ]);
    search.expect_code(0);
    let v: serde_json::Value = search.json();
    assert!(v["total_hits"].as_u64().unwrap() > 0, "{search:?}");
    let write = ws.run([
        "index".as_ref(),
        "--index".as_ref(),
        ro.as_os_str(),
        ws.corpus().as_os_str(),
    ]);
    assert_eq!(write.code, Some(2), "{write:?}");
    assert!(
        write.stderr.contains("Read-only file system") || write.stderr.contains("read-only"),
        "the message says why:{write:?}"
    );
    assert!(!write.stderr.contains("panicked"), "{write:?}");
}

/// Runs the binary as the unprivileged user `nobody` (root's permission bits do not stop
/// reads, so a test of unreadable files must not run as root).
#[cfg(target_os = "linux")]
#[test]
fn unreadable_files_are_reported_and_the_rest_is_indexed() {
    let ws = Workspace::empty();
    let dir = ws.path("c");
    std::fs::create_dir_all(&dir).unwrap();
    copy_dir(&samples_dir().join("text"), &dir);
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "Secret\n\nUn article sur les wombats.\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&ws.root, std::fs::Permissions::from_mode(0o777)).unwrap();
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let index = ws.index_dir();
    let as_nobody = || {
        if is_root {
            let mut c = Command::new("setpriv");
            c.args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all",
                common::BIN,
            ]);
            c
        } else {
            Command::new(common::BIN)
        }
    };
    let out = match as_nobody()
        .args(["index", "--json", "--index"])
        .arg(&index)
        .arg(&dir)
        .current_dir(&ws.root)
        .env("NO_COLOR", "1")
        .output()
    {
        Ok(o) if !(is_root && o.status.code() == Some(127)) => o,
        _ => {
            eprintln!(
                "SKIPPED unreadable_files_are_reported_and_the_rest_is_indexed: cannot run as another user"
            );
            return;
        }
    };
    if is_root && out.stdout.is_empty() && String::from_utf8_lossy(&out.stderr).contains("setpriv")
    {
        eprintln!(
            "SKIPPED unreadable_files_are_reported_and_the_rest_is_indexed: setpriv failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r: IndexReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r.failed.len(), 1, "{r:?}");
    assert!(r.failed[0].path.ends_with("secret.txt"), "{r:?}");
    assert!(
        r.failed[0].reason.to_lowercase().contains("permission"),
        "{r:?}"
    );
    assert!(r.articles_total >= 10, "the other files are indexed: {r:?}");

    // A subfolder indexed once, then unreadable: its articles stay (the run cannot tell
    // whether its files are gone), and it is reported.
    let sub = dir.join("sous");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("ornithorynque.txt"),
        "Ornithorynque\n\nUn article sur les ornithorynques.\n",
    )
    .unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).unwrap();
    // (The folders the index knows: no folder named.)
    let rerun = || -> IndexReport {
        let out = as_nobody()
            .args(["index", "--json", "--index"])
            .arg(&index)
            .current_dir(&ws.root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    };
    let with_sub = rerun();
    assert_eq!(with_sub.files_indexed, 1, "{with_sub:?}");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = rerun();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(r.removed, 0, "{r:?}");
    assert_eq!(r.articles_total, with_sub.articles_total, "{r:?}");
    assert!(
        r.failed.iter().any(|f| f.path.ends_with("sous")),
        "the unreadable folder is reported: {r:?}"
    );
}
