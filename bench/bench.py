#!/usr/bin/env python3
"""Measurement helpers for scripts/bench (standard library only). Each subcommand measures one
thing, prints one line, and appends JSON records to the results file:

  index      time an indexing command (wall clock, peak RSS via /usr/bin/time -v, index size)
  search     whole-process search latency over bench/queries.txt (median, p95), kiosque and
             quest interleaved; process start-up floors first
  xapian-dump   JSONL -> scriptindex dump (streamed)
  tantivy-schema DIR   an empty tantivy-cli index with the JSONL's fields
  table      the final table for one run

A record: {"run", "at", "commit", "binary", "size", "subject", "tool", "figure", "value", "unit",
plus details}. Figures: wall_s, items_per_s, peak_rss_mb, index_mb, noop_s, median_ms, p95_ms,
floor_ms.
"""

import argparse
import datetime as dt
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

MB = 1_000_000

# Figures measured on this machine earlier (../shared/MEASURED.md), shown when a peer is not run
# beside kiosque.
REFERENCE = {
    ("jsonl-36k", "wall_s"): (2.85, "tantivy-cli -t 2, 2.7-3.0 s"),
    ("jsonl-36k", "index_mb"): (90.0, "tantivy-cli"),
    ("jsonl-36k", "median_ms"): (1.9, "quest"),
    ("html-1500", "wall_s"): (5.4, "omindex"),
    ("html-1500", "noop_s"): (0.012, "omindex"),
}


def pct(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def du_bytes(path):
    total = 0
    if os.path.isfile(path):
        return os.path.getsize(path)
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_blocks * 512
            except OSError:
                pass
    return total


def input_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


class Recorder:
    def __init__(self, args):
        self.path = args.results
        self.base = {"run": args.run, "commit": args.commit, "binary": args.binary_id}
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)

    def add(self, size, subject, tool, figure, value, unit, **extra):
        rec = dict(self.base)
        rec.update({"at": dt.datetime.now().isoformat(timespec="seconds"), "size": size,
                    "subject": subject, "tool": tool, "figure": figure,
                    "value": value, "unit": unit})
        rec.update(extra)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def time_v(cmd, stdin_path=None, stdout_path=None):
    """Runs cmd under /usr/bin/time -v: (wall seconds, peak RSS in MB, exit code, stderr)."""
    full = ["/usr/bin/time", "-v"] + cmd
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.run(full, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
    finally:
        if stdin_path:
            stdin.close()
        if stdout_path:
            stdout.close()
    err = p.stderr.decode("utf-8", "replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    rss = int(m.group(1)) * 1024 / MB if m else None
    # time -v's own report is the tail of stderr: keep the command's part only
    own = err.split("\tCommand being timed:")[0]
    return wall, rss, p.returncode, own


def cmd_index(args):
    rec = Recorder(args)
    wall, rss, rc, err = time_v(args.cmd, args.stdin, args.stdout)
    items = args.items
    detail = {}
    if args.stdout and args.tool == "kiosque" and os.path.exists(args.stdout):
        try:
            with open(args.stdout, encoding="utf-8") as f:
                summary = json.load(f)
            detail = {k: summary.get(k) for k in (
                "files_seen", "files_indexed", "articles_indexed", "unchanged", "ignored",
                "duplicates", "articles_total", "seconds")}
            detail["failed"] = len(summary.get("failed") or [])
            detail["failed_list"] = [f"{f.get('path')}: {f.get('reason')}" if isinstance(f, dict)
                                     else str(f) for f in (summary.get("failed") or [])[:20]]
            detail["warnings"] = len(summary.get("warnings") or [])
            if not args.noop:
                items = summary.get("articles_indexed") or items
        except (OSError, ValueError) as e:
            detail["summary_error"] = str(e)
    problems = []
    if rc != 0:
        problems.append(f"exit status {rc}")
    if detail.get("failed"):
        problems.append(f"{detail['failed']} failed")
    if args.tool == "kiosque" and not args.noop and args.expect and \
            detail.get("articles_total") not in (None, args.expect):
        problems.append(f"{detail.get('articles_total')} articles in the index, "
                        f"expected {args.expect}")
    if args.tool == "kiosque" and args.noop and detail.get("files_indexed"):
        problems.append(f"{detail['files_indexed']} files re-indexed on a no-op run")
    common = dict(rc=rc, cmd=" ".join(shlex.quote(c) for c in args.cmd), **detail)
    if problems:
        common["problems"] = problems
    if args.noop:
        rec.add(args.size, args.subject, args.tool, "noop_s", wall, "s", **common)
        line = f"{args.tool:<12} {args.subject}: no-op re-index {wall:.3f} s"
        if rss is not None:
            rec.add(args.size, args.subject, args.tool, "noop_peak_rss_mb", rss, "MB",
                    **common)
            line += f", peak RSS {rss:.0f} MB"
    else:
        size_b = du_bytes(args.index) if args.index else None
        rate = items / wall if items and wall > 0 else None
        rec.add(args.size, args.subject, args.tool, "wall_s", wall, "s", items=items, **common)
        if rate:
            rec.add(args.size, args.subject, args.tool, "items_per_s", rate, "/s", items=items)
        if rss is not None:
            rec.add(args.size, args.subject, args.tool, "peak_rss_mb", rss, "MB")
        if size_b is not None:
            rec.add(args.size, args.subject, args.tool, "index_mb", size_b / MB, "MB",
                    input_mb=input_bytes(args.input) / MB if args.input else None)
        line = f"{args.tool:<12} {args.subject}: index {wall:.2f} s"
        if rate:
            line += f" ({rate:,.0f} {args.unit}/s)"
        if rss is not None:
            line += f", peak RSS {rss:.0f} MB"
        if size_b is not None:
            line += f", index {size_b / MB:.1f} MB"
        if args.input:
            line += f" (input {input_bytes(args.input) / MB:.1f} MB)"
        if detail.get("duplicates") is not None:
            line += f", {detail['duplicates']} duplicates"
    if problems:
        line += "  !! " + "; ".join(problems)
    print(line, flush=True)
    if rc != 0 and args.show_errors:
        tail = err.strip().splitlines()[-15:]
        for t in tail:
            print("    | " + t[:300])
        for f in (detail.get("failed_list") or [])[:5]:
            print(f"    | failed: {f}")
    if args.tool == "kiosque" and not args.noop and detail.get("articles_total") == 0:
        sys.exit(3)  # nothing indexed: the caller skips the searches


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append((line, shlex.split(line)))
    return out


VALUE_OPTIONS = {"--since", "--until", "--sort", "-n", "--limit", "--offset", "--index"}


def plain_query(argv):
    """A kiosque argv as a plain query string for other engines: options and field prefixes
    dropped (those engines have no date filter or sort here)."""
    words, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in VALUE_OPTIONS:
            skip = True
            continue
        if a.startswith("--"):
            continue
        words.append(re.sub(r"^(title|lede|author|source|section|tag):", "", a))
    return " ".join(words)


def run_once(argv):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000.0, p.returncode


def measure_interleaved(cmds, warmup, runs):
    """cmds: {tool: argv}. Each tool's warm-up runs, then the timed runs alternate between the
    tools, so that they all see the same machine load. Returns {tool: (times, exit codes)}."""
    for argv in cmds.values():
        for _ in range(warmup):
            run_once(argv)
    out = {tool: ([], set()) for tool in cmds}
    for _ in range(runs):
        for tool, argv in cmds.items():
            t, rc = run_once(argv)
            out[tool][0].append(t)
            out[tool][1].add(rc)
    return out


def fold(s):
    import unicodedata
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def cmd_search(args):
    """Whole-process latency of kiosque search (and of quest on a Xapian database of the same
    articles when --quest-db is given), the two interleaved query by query."""
    rec = Recorder(args)
    queries = read_queries(args.queries)
    tools = ["kiosque"] + (["quest"] if args.quest_db else [])
    ok_codes = {"kiosque": {0, 1}, "quest": {0}}

    # Start-up floors first: `kiosque --version`, `quest --version`, /bin/true.
    floors = {"kiosque": [args.bin, "--version"], "true": ["/bin/true"]}
    if args.quest_db:
        floors["quest"] = [args.quest, "--version"]
    fl = measure_interleaved(floors, 3, args.floor_runs)
    for tool, (times, _) in fl.items():
        rec.add(args.size, args.subject, tool, "floor_ms", statistics.median(times), "ms",
                cmd=" ".join(floors[tool]), p95_ms=pct(times, 95))
    print(f"{'floors':<12} {args.subject}: process start-up median " + ", ".join(
        f"{os.path.basename(floors[t][0])} {' '.join(floors[t][1:])} "
        f"{statistics.median(fl[t][0]):.2f} ms" for t in floors), flush=True)

    samples = {t: [] for t in tools}
    per_query = {t: [] for t in tools}
    problems = {t: [] for t in tools}
    hits = {}
    for line, argv in queries:
        cmds = {"kiosque": [args.bin, "search", "--index", args.index] + argv}
        if args.quest_db:
            cmds["quest"] = [args.quest, "-d", args.quest_db, "-m", "10", "-s", "french",
                             "-f", "phrase,boolean,lovehate,wildcard", plain_query(argv)]
        res = measure_interleaved(cmds, args.warmup, args.runs)
        for tool, (times, rcs) in res.items():
            samples[tool] += times
            per_query[tool].append((statistics.median(times), line))
            if rcs - ok_codes[tool]:
                problems[tool].append(f"{line}: exit status {sorted(rcs)}")
        p = subprocess.run(cmds["kiosque"][:4] + ["--json"] + argv, capture_output=True,
                           text=True)
        try:
            hits[line] = json.loads(p.stdout)["total_hits"]
        except (ValueError, KeyError):
            problems["kiosque"].append(f"{line}: no JSON document (exit {p.returncode}: "
                                       f"{p.stderr.strip()[:200]})")
    # Accented and accent-less spellings of the same query must find the same articles.
    by_fold = {}
    for line, n in hits.items():
        key = fold(line.replace("’", "'").replace("\\'", "'"))
        by_fold.setdefault(key, []).append((line, n))
    for group in by_fold.values():
        if len({n for _, n in group}) > 1:
            problems["kiosque"].append("different hit counts for equivalent spellings: " +
                                       ", ".join(f"{l!r}={n}" for l, n in group))
    zero = [l for l, n in hits.items() if n == 0]
    if zero:
        more = f" and {len(zero) - 8} more" if len(zero) > 8 else ""
        problems["kiosque"].append(f"{len(zero)} queries with no hits: {zero[:8]}{more}")

    for tool in tools:
        sm = samples[tool]
        median, p95, p99 = statistics.median(sm), pct(sm, 95), pct(sm, 99)
        extra = dict(queries=len(queries), runs=args.runs, warmup=args.warmup,
                     samples=len(sm), p99_ms=p99, min_ms=min(sm), max_ms=max(sm),
                     interleaved_with=[t for t in tools if t != tool],
                     slowest=[{"query": l, "median_ms": round(m, 2)}
                              for m, l in sorted(per_query[tool], reverse=True)[:5]])
        if tool == "kiosque":
            extra["total_hits"] = hits
        if problems[tool]:
            extra["problems"] = problems[tool]
        rec.add(args.size, args.subject, tool, "median_ms", median, "ms", **extra)
        rec.add(args.size, args.subject, tool, "p95_ms", p95, "ms")
        print(f"{tool:<12} {args.subject}: search median {median:.2f} ms, p95 {p95:.2f} ms, "
              f"p99 {p99:.2f} ms over {len(sm)} runs of {len(queries)} queries", flush=True)
        slow = ", ".join(f"{l} ({m:.1f} ms)"
                         for m, l in sorted(per_query[tool], reverse=True)[:3])
        print(f"{'':<12} slowest: {slow}")
        for p in problems[tool]:
            print(f"{'':<12} !! {p}")


def cmd_xapian_dump(args):
    """OrangeSum-style JSONL -> scriptindex input: field=value lines, a blank line between
    records (values on one line)."""
    def clean(v):
        if isinstance(v, list):
            v = " ".join(str(x) for x in v)
        return " ".join(str(v).split())
    n = 0
    with open(args.input, encoding="utf-8") as src, \
            open(args.output, "w", encoding="utf-8", buffering=1 << 20) as out:
        for line in src:
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            for k in ("id", "title", "heading", "article", "section", "tags", "url"):
                v = d.get(k)
                if v:
                    out.write(f"{k}={clean(v)}\n")
            out.write("\n")
            n += 1
    print(f"xapian dump: {n} records -> {args.output}")


TANTIVY_TEXT = {"indexing": {"record": "position", "fieldnorms": True, "tokenizer": "default"},
                "stored": True, "fast": False}
TANTIVY_STRING = {"indexing": {"record": "basic", "fieldnorms": False, "tokenizer": "raw"},
                  "stored": True, "fast": False}


def cmd_tantivy_schema(args):
    os.makedirs(args.dir, exist_ok=True)
    schema = [{"name": "id", "type": "text", "options": TANTIVY_STRING}]
    # section and author are left out: tantivy-cli refuses a whole document when a schema field
    # is null (OrangeSum has null sections and authors); fields not in the schema are ignored.
    for name in ("title", "heading", "article", "tags"):
        schema.append({"name": name, "type": "text", "options": TANTIVY_TEXT})
    schema.append({"name": "url", "type": "text", "options": TANTIVY_STRING})
    meta = {"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
            "segments": [], "schema": schema, "opstamp": 0}
    with open(os.path.join(args.dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)


# ---------------------------------------------------------------------------------------------
# The table

def fmt_num(v, unit):
    if v is None:
        return ""
    if unit == "s":
        return f"{v:.3f} s" if v < 1 else f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.2f} ms"
    if unit == "MB":
        return f"{v:,.0f} MB" if v >= 10 else f"{v:.1f} MB"
    return f"{v:,.0f}"


def cmd_table(args):
    recs = []
    with open(args.results, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("run") == args.run:
                recs.append(r)
    if not recs:
        print(f"no results for run {args.run}")
        return
    get = {}
    for r in recs:
        get[(r["subject"], r["tool"], r["figure"])] = r

    def val(subject, tool, figure):
        r = get.get((subject, tool, figure))
        return r["value"] if r else None

    rows = []  # figure, kiosque, peer, ratio, target, met

    def peer_of(subject, figure, tools):
        for t in tools:
            v = val(subject, t, figure)
            if v is not None:
                return v, t, False
        ref = REFERENCE.get((subject, figure))
        if ref:
            return ref[0], ref[1], True
        return None, None, False

    def add(label, subject, figure, unit, peers=(), target=None, check=None, rate_of=None):
        k = val(subject, "kiosque", figure)
        if k is None:
            return
        kv = fmt_num(k, unit)
        if rate_of:
            items, what = rate_of
            if items and k > 0:
                kv += f" ({items / k:,.0f} {what}/s)"
        pv, pt, is_ref = peer_of(subject, figure, peers)
        ptxt, ratio = "", ""
        if pv is not None:
            ptxt = f"{fmt_num(pv, unit)} {pt}" + (" (ref, not run)" if is_ref else "")
            if rate_of and rate_of[0] and pv > 0 and not is_ref:
                ptxt = f"{fmt_num(pv, unit)} ({rate_of[0] / pv:,.0f}/s) {pt}"
            if pv > 0:
                ratio = f"{k / pv:.2f}x"
        met = ""
        if check is not None:
            res = check(k, pv)
            met = "" if res is None else ("yes" if res else "NO")
        rows.append((label, kv, ptxt, ratio, target or "", met))

    sizes = []
    for r in recs:
        if r["subject"].startswith("jsonl-") and r["size"] not in sizes:
            sizes.append(r["size"])
    for size in sizes:
        subj = f"jsonl-{size}"
        items = (get.get((subj, "kiosque", "wall_s")) or {}).get("items")
        is36 = size == "36k"
        is1m = size in ("1m", "1000k")
        inp = (get.get((subj, "kiosque", "index_mb")) or {}).get("input_mb")
        add(f"index {size} JSONL ({items or '?':,} articles)" if items else f"index {size} JSONL",
            subj, "wall_s", "s", peers=("tantivy-cli", "scriptindex"),
            target="<= tantivy-cli -t 2 (~12,000 art/s)" if is36 else None,
            check=(lambda k, p: None if p is None else k <= p) if is36 else None,
            rate_of=(items, "art"))
        add(f"peak RSS, index {size}", subj, "peak_rss_mb", "MB", peers=("tantivy-cli",),
            target="< 1 GiB" if is1m else "(< 1 GiB at 1M)",
            check=(lambda k, p: k < 1073.7) if is1m else None)
        add(f"index size {size}", subj, "index_mb", "MB", peers=("tantivy-cli",),
            target=f"<= input ({inp:,.0f} MB)" if inp else "<= input",
            check=(lambda k, p, inp=inp: None if inp is None else k <= inp))
        add(f"no-op re-index {size} (1 JSONL file)", subj, "noop_s", "s",
            target="(< 0.5 s is for 36k files)")
        med = val(subj, "kiosque", "median_ms")
        if is36:
            add(f"search median {size}", subj, "median_ms", "ms", peers=("quest",),
                target="<= quest (1.9 ms)", check=lambda k, p: None if p is None else k <= p)
        elif is1m:
            add(f"search median {size}", subj, "median_ms", "ms", peers=("quest",),
                target="< 20 ms", check=lambda k, p: k < 20)
        else:
            add(f"search median {size}", subj, "median_ms", "ms", peers=("quest",))
        t = f"< 2x median ({2 * med:.1f} ms)" if med else "< 2x median"
        if is1m:
            t += ", < 50 ms"
        add(f"search p95 {size}", subj, "p95_ms", "ms", peers=("quest",), target=t,
            check=lambda k, p, med=med, is1m=is1m: (med is not None and k < 2 * med)
            and (not is1m or k < 50))
        tf = val(subj, "true", "floor_ms")
        add(f"start-up floor {size} (--version" +
            (f"; /bin/true {tf:.2f} ms)" if tf is not None else ")"),
            subj, "floor_ms", "ms", peers=("quest",))
    subj = "html-1500"
    items = (get.get((subj, "kiosque", "wall_s")) or {}).get("items")
    add("index 1,500 HTML pages", subj, "wall_s", "s", peers=("omindex",),
        target=">= 600 pages/s", check=lambda k, p: items is not None and items / k >= 600,
        rate_of=(items, "pages"))
    add("peak RSS, index HTML", subj, "peak_rss_mb", "MB", peers=("omindex",))
    add("index size HTML", subj, "index_mb", "MB", peers=("omindex",))
    add("no-op re-index HTML", subj, "noop_s", "s", peers=("omindex",))
    for r in recs:
        if r["subject"].startswith("files-") and r["figure"] == "wall_s" and r["tool"] == "kiosque":
            subj = r["subject"]
            items = r.get("items")
            add(f"index {subj} (70 % HTML, 30 % text)", subj, "wall_s", "s",
                peers=("omindex",), rate_of=(items, "files"))
            add(f"peak RSS, index {subj}", subj, "peak_rss_mb", "MB", peers=("omindex",))
            add(f"index size {subj}", subj, "index_mb", "MB", peers=("omindex",))
            add(f"no-op re-index {subj}", subj, "noop_s", "s", peers=("omindex",),
                target="< 0.5 s", check=lambda k, p: k < 0.5)

    head = ("figure", "kiosque", "peer", "ratio", "target", "met")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
    print("ratio = kiosque / peer (time, memory, size: below 1 is better for kiosque); "
          "'ref' = MEASURED.md figure, peer not run now.")
    problems = [(r["subject"], r["tool"], p) for r in recs for p in r.get("problems", [])]
    if problems:
        print("problems seen:")
        for s, t, p in problems:
            print(f"  {s} {t}: {p}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default="target/bench/results.jsonl")
    ap.add_argument("--run", default="adhoc")
    ap.add_argument("--commit", default=None)
    ap.add_argument("--binary-id", default=None)
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index")
    p.add_argument("--tool", required=True)
    p.add_argument("--size", required=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--index", help="index folder (its size is measured)")
    p.add_argument("--input", help="input file or folder (its size is recorded)")
    p.add_argument("--items", type=int, help="articles or pages in the input")
    p.add_argument("--expect", type=int, help="articles the index should hold")
    p.add_argument("--unit", default="articles")
    p.add_argument("--stdin")
    p.add_argument("--stdout", help="keep the command's stdout here (kiosque --json summary)")
    p.add_argument("--noop", action="store_true", help="a re-run on unchanged input")
    p.add_argument("--show-errors", action="store_true")
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search")
    p.add_argument("--bin", required=True, help="kiosque binary")
    p.add_argument("--quest", default="quest", help="quest binary")
    p.add_argument("--quest-db", help="Xapian database of the same articles: quest runs too")
    p.add_argument("--size", required=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--floor-runs", type=int, default=100)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("xapian-dump")
    p.add_argument("input")
    p.add_argument("output")
    p.set_defaults(func=cmd_xapian_dump)

    p = sub.add_parser("tantivy-schema")
    p.add_argument("dir")
    p.set_defaults(func=cmd_tantivy_schema)

    p = sub.add_parser("table")
    p.set_defaults(func=cmd_table)

    args = ap.parse_args()
    if getattr(args, "cmd", None) and args.cmd and args.cmd[0] == "--":
        args.cmd = args.cmd[1:]
    args.func(args)


if __name__ == "__main__":
    main()
