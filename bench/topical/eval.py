#!/usr/bin/env python3
"""Topical short-query evaluation: nDCG@10 of `kiosque search --json` on the team's 50 news
queries (topics.tsv) judged in qrels.txt, on an index of the whole OrangeSum articles.jsonl.

    bench/topical/eval.py --kiosque BIN --index DIR --corpus articles.jsonl
                          [--fts-db FILE] [--xapian-db DIR] [--per-query] [--json]

Graded judgments (0, 1, 2; gain 2^g - 1) were pooled from kiosque, SQLite FTS5 and Xapian
(see README.md beside this file). Copies of one article (same title and body under two ids)
count once: a copy of an article already listed gains nothing, and the ideal ranking holds each
article once. Documents nobody judged count as not relevant; the share of them in each system's
first ten is printed, since a high share means the figures need new judgments.
"""
import argparse, collections, csv, hashlib, json, math, os, re, sqlite3, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_topics():
    with open(os.path.join(HERE, "topics.tsv"), encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load_qrels():
    q = collections.defaultdict(dict)
    with open(os.path.join(HERE, "qrels.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) == 4:
                q[p[0]][p[2]] = int(p[3])
    return q


def copy_groups(corpus):
    """article id -> id of the first article with the same title and body."""
    first, group = {}, {}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            k = hashlib.md5(((d.get("title") or "") + "\0" + (d.get("article") or "")).encode()).digest()
            group[str(d["id"])] = first.setdefault(k, str(d["id"]))
    return group


def ndcg10(ranking, judged, group):
    gain = lambda g: (1 << g) - 1
    best = {}
    for doc, g in judged.items():
        k = group.get(doc, doc)
        best[k] = max(best.get(k, 0), g)
    seen, dcg = set(), 0.0
    for i, doc in enumerate(ranking[:10]):
        k = group.get(doc, doc)
        if k in seen:
            continue
        seen.add(k)
        dcg += gain(best.get(k, 0)) / math.log2(i + 2)
    ideal = sorted(best.values(), reverse=True)[:10]
    idcg = sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def run_kiosque(args, query):
    cmd = [args.kiosque, "search", "--index", args.index, "--json", "-n", "10", query]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"kiosque search failed on {query!r}: {out.stderr}")
    return [h["id"] for h in json.loads(out.stdout)["hits"]]


def build_fts(path, corpus):
    """FTS5 over title, standfirst and body, accents removed, BM25: the issue's best peer."""
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, heading, article,"
               " tokenize='unicode61 remove_diacritics 2')")
    with open(corpus, encoding="utf-8") as f:
        rows = (json.loads(l) for l in f if l.strip())
        db.executemany("INSERT INTO a VALUES (?,?,?,?)", ((str(d["id"]), d.get("title") or "",
                       d.get("heading") or "", d.get("article") or "") for d in rows))
    db.commit()
    db.close()


def run_fts(db, query):
    m = " OR ".join('"%s"' % w for w in re.findall(r"\w+", query))
    return [r[0] for r in db.execute(
        "SELECT id FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT 10", (m,))]


def run_xapian(db, query):
    words = " ".join(re.findall(r"\w+", query))
    out = subprocess.run(["quest", "-d", db, "-m", "10", "-s", "french", words],
                         capture_output=True, text=True, check=True).stdout
    return re.findall(r"^id=(\S+)", out, re.M)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kiosque", required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--corpus", required=True, help="OrangeSum articles.jsonl (for copies)")
    p.add_argument("--fts-db", help="SQLite FTS5 database of the same articles (made if missing)")
    p.add_argument("--xapian-db", help="Xapian database of the same articles (bench/xapian.index)")
    p.add_argument("--per-query", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--floor", type=float, help="fail (exit 1) when kiosque's nDCG@10 is below")
    args = p.parse_args()

    topics, qrels, group = load_topics(), load_qrels(), copy_groups(args.corpus)
    # A topic the archive has no relevant article for measures nothing (TREC leaves them out).
    empty = [t["qid"] for t in topics if not any(g > 0 for g in qrels[t["qid"]].values())]
    topics = [t for t in topics if t["qid"] not in empty]
    systems = {"kiosque": lambda q: run_kiosque(args, q)}
    if args.fts_db:
        if not os.path.exists(args.fts_db):
            build_fts(args.fts_db, args.corpus)
        fdb = sqlite3.connect(args.fts_db)
        systems["fts5"] = lambda q: run_fts(fdb, q)
    if args.xapian_db:
        systems["xapian"] = lambda q: run_xapian(args.xapian_db, q)

    res = {s: {} for s in systems}
    unjudged = collections.Counter()
    for t in topics:
        judged = qrels[t["qid"]]
        for s, run in systems.items():
            ranking = run(t["query"])
            res[s][t["qid"]] = ndcg10(ranking, judged, group)
            unjudged[s] += sum(1 for d in ranking[:10] if d not in judged)

    cats = sorted({t["category"] for t in topics})
    table = {}
    for s in systems:
        row = {"all": sum(res[s].values()) / len(topics)}
        for c in cats:
            v = [res[s][t["qid"]] for t in topics if t["category"] == c]
            row[c] = sum(v) / len(v)
        row["unjudged_in_top10"] = unjudged[s] / (10 * len(topics))
        table[s] = row
    if args.json:
        print(json.dumps({"ndcg_10": table, "per_query": res if args.per_query else None}, indent=1))
    else:
        print_table(topics, cats, table, res, systems, empty, qrels, args.per_query)
    if args.floor is not None and table["kiosque"]["all"] < args.floor:
        print(f"  regression: nDCG@10 below the floor {args.floor}", file=sys.stderr)
        sys.exit(1)


def print_table(topics, cats, table, res, systems, empty, qrels, per_query):
    print(f"topical queries: {len(topics)} scored ({', '.join(empty) or 'none'} left out: no relevant"
          f" article in the archive), judged documents: {sum(len(v) for v in qrels.values())}")
    print(f"{'nDCG@10':<10}{'all':>8}" + "".join(f"{c:>10}" for c in cats) + f"{'unjudged':>10}")
    for s, row in table.items():
        print(f"{s:<10}{row['all']:>8.3f}" + "".join(f"{row[c]:>10.3f}" for c in cats)
              + f"{row['unjudged_in_top10']:>9.1%}")
    if per_query:
        for t in topics:
            print(f"{t['qid']} {t['category']:<8} " + " ".join(f"{s}={res[s][t['qid']]:.3f}" for s in systems)
                  + f"  {t['query']}")


if __name__ == "__main__":
    main()
