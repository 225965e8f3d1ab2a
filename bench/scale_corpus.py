#!/usr/bin/env python3
"""Make large, realistic French news corpora for kiosque's benchmarks, from OrangeSum.

Each new article takes a real title, standfirst (heading), section, author and tags from one
OrangeSum article, and a body recombined from real paragraphs of that article and of two or three
other articles of the same section. Ids are fresh (`s1` .. `sN`), dates are spread over
2011-2024, and no two generated bodies are built from the same paragraphs in the same order
(kiosque would count them as duplicates).

Output is streamed (1M articles need about 3 GB as JSONL but little memory) and deterministic for
a given --seed and source file.

  --format jsonl   one JSON Lines file, OrangeSum's own fields (id, title, heading, date, article,
                   url, author, published_time, section, tags); body paragraphs joined by a
                   blank line
  --format files   a folder tree of single-article files: about 70 % HTML pages (OpenGraph and
                   article:* meta, JSON-LD NewsArticle, nav/cookie banner/"Lire aussi"/footer
                   boilerplate, scripts and styles) from three invented sites, and about 30 %
                   plain-text exports (title, blank, standfirst, blank,
                   "Publié le DD-MM-YYYY par Prénom Nom", blank, paragraphs separated by blank lines)

Examples:
  python3 bench/scale_corpus.py --articles 300k
  python3 bench/scale_corpus.py --articles 1m --out target/bench-corpora/os-1m.jsonl
  python3 bench/scale_corpus.py --articles 1000 --format files --out /tmp/sc

The default output is target/bench-corpora/orangesum-<N>-seed<S>-g<V>.jsonl (or -files/), V being
the generator version. The output is written to PATH.partial and renamed to PATH at the end, so an existing PATH is
always complete. An existing PATH is refused unless --force is given. Generated corpora hold
corpus text: they may be written under target/ or outside the repository, never elsewhere in it.

Standard library only.
"""

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import sys
import time
import unicodedata

# Bumped whenever the output for a given seed changes: it is part of the default output name, so
# that scripts/bench never reuses a corpus made by an older generator.
GENERATOR_VERSION = 1

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = os.path.join(REPO, "target", "corpora", "orangesum", "articles.jsonl")

# Paragraph boundaries were lost in OrangeSum's bodies ("...jeudi.Le gouvernement..."): a
# sentence end directly followed by a capital or an opening quote starts a new paragraph.
PARA_SPLIT = re.compile(r'(?<=[.!?…])(?=[A-ZÀ-ÖØ-Þ«"])')
SENTENCE_SPLIT = re.compile(r'(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«"])')
LONG_PARAGRAPH = 1200  # characters: longer paragraphs are cut at sentence ends
CHUNK = 600

FIRST = 2011
LAST = 2024

# Invented sites and people (no corpus text): the HTML templates and the text exports' bylines.
SITES = [
    ("Le Courrier National", "www.courrier-national.fr", "jsonld"),
    ("Info Régions", "www.info-regions.fr", "og"),
    ("Le Fil Actu", "www.lefilactu.fr", "graph"),
]
FIRST_NAMES = (
    "Camille Julien Claire Thomas Léa Nicolas Chloé Antoine Manon Hugo Élise Mathieu Sarah "
    "Olivier Inès Romain Pauline François Hélène Damien Agathe Benoît Céline Étienne Lucie "
    "Maxime Juliette Rémi Anaïs Sébastien Margaux Yann Nadia Karim Sophie Vincent Aurélie "
    "Guillaume Zoé Jérôme"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Lefèvre Moreau Laurent Girard Roux Fournier Morel Mercier Dupont "
    "Lambert Bonnet Faure Rousseau Blanc Guérin Muller Henry Garnier Chevalier François Legrand "
    "Gauthier Perrin Robin Clément Morin Nicolas Fabre Masson Marchand Duval Denis Lemaire "
    "Joly Barbier Brunet Renaud"
).split()


def parse_count(text):
    """300000, 300k, 1m, 1.5m."""
    t = text.strip().lower().replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1000000, t[:-1]
    try:
        n = int(round(float(t) * mult))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a count: {text!r}")
    if n <= 0:
        raise argparse.ArgumentTypeError("the count must be positive")
    return n


def human(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000.0


def short_count(n):
    if n % 1000000 == 0:
        return f"{n // 1000000}m"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def slugify(text, limit=60):
    s = unicodedata.normalize("NFKD", text.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].rstrip("-") or "article"


def paragraphs_of(body):
    out = []
    for p in PARA_SPLIT.split(body):
        p = " ".join(p.split())
        if not p:
            continue
        if out and len(out[-1]) < 25:  # a stray quote or a cut abbreviation: glue it on
            out[-1] = out[-1] + " " + p if len(out[-1]) > 1 else out[-1] + p
            continue
        if len(p) > LONG_PARAGRAPH:
            chunk = ""
            for s in SENTENCE_SPLIT.split(p):
                chunk = f"{chunk} {s}" if chunk else s
                if len(chunk) >= CHUNK:
                    out.append(chunk)
                    chunk = ""
            if chunk:
                out.append(chunk)
        else:
            out.append(p)
    if len(out) > 1 and len(out[-1]) < 25:
        last = out.pop()
        out[-1] += " " + last
    return out


class Source:
    """The OrangeSum articles, split into paragraphs, grouped by section."""

    def __init__(self, path):
        self.meta = []  # (title, heading, section or None, author or None, tags)
        self.paras = []  # list of paragraph lists, same index as meta
        self.by_section = {}
        self.text_bytes = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                d = json.loads(line)
                title = " ".join((d.get("title") or "").split())
                paras = paragraphs_of(d.get("article") or "")
                if not title or not paras:
                    continue
                section = (d.get("section") or "").strip() or None
                author = (d.get("author") or "").strip() or None
                tags = [t for t in (d.get("tags") or []) if isinstance(t, str) and t.strip()]
                heading = " ".join((d.get("heading") or "").split())
                self.by_section.setdefault(section, []).append(len(self.meta))
                self.meta.append((title, heading, section, author, tags))
                self.paras.append(paras)
        if not self.meta:
            sys.exit(f"scale_corpus: no articles in {path}")


class Generator:
    def __init__(self, source, seed):
        self.src = source
        self.rng = random.Random(seed)
        self.seen = set()
        self.start = dt.datetime(FIRST, 1, 1)
        self.span = int((dt.datetime(LAST + 1, 1, 1) - self.start).total_seconds())

    def body(self, base):
        """Paragraph list and its provenance key: the base article's lead, then runs of 1-3
        consecutive paragraphs drawn from the base and 1-3 other articles of its section."""
        rng, src = self.rng, self.src
        section = src.meta[base][2]
        pool = src.by_section[section]
        sources = [base]
        for _ in range(rng.choice((1, 2, 2, 3))):
            sources.append(pool[rng.randrange(len(pool))])
        available = sum(len(src.paras[s]) for s in set(sources))
        while available < 2:  # a one-paragraph base in a tiny pool: take anyone's paragraphs
            extra = rng.randrange(len(src.meta))
            if extra not in sources:
                sources.append(extra)
                available += len(src.paras[extra])
        want = len(src.paras[base]) + rng.randint(-2, 2)
        want = max(2, min(want, 40, available))
        used = {(base, 0)}
        order = [(base, 0)]
        tries = 0
        while len(order) < want and tries < 200:
            tries += 1
            # Never only the base's own paragraphs: the first addition comes from another one.
            s = sources[rng.randrange(1, len(sources))] if len(order) == 1 else \
                sources[rng.randrange(len(sources))]
            n = len(src.paras[s])
            i = rng.randrange(n)
            for j in range(i, min(n, i + rng.randint(1, 3))):
                if (s, j) not in used and len(order) < want:
                    used.add((s, j))
                    order.append((s, j))
        key = tuple(x for pair in order for x in pair)
        return [src.paras[s][j] for s, j in order], key

    def article(self, number):
        rng, src = self.rng, self.src
        for _ in range(50):
            base = rng.randrange(len(src.meta))
            paras, key = self.body(base)
            if key not in self.seen:
                break
        self.seen.add(key)
        title, heading, section, author, tags = src.meta[base]
        when = self.start + dt.timedelta(seconds=rng.randrange(self.span))
        # Paris time, roughly: summer time from April to October.
        offset = "+02:00" if 4 <= when.month <= 10 else "+01:00"
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        return {
            "id": f"s{number}",
            "title": title,
            "heading": heading,
            "section": section,
            "author": author,
            "person": person,
            "tags": tags,
            "when": when,
            "offset": offset,
            "paras": paras,
            "related": [src.meta[rng.randrange(len(src.meta))][0] for _ in range(3)],
        }


def section_slug(a):
    return slugify(a["section"] or "actualite", 30)


def jsonl_record(a, site_host):
    when = a["when"]
    rec = {
        "id": a["id"],
        "title": a["title"],
        "heading": a["heading"],
        "date": when.strftime("%Y-%m-%d"),
        "article": "\n\n".join(a["paras"]),
        "url": f"https://{site_host}/{section_slug(a)}/{slugify(a['title'])}-{a['id']}.html",
        "author": a["author"] or a["person"],
        "published_time": when.strftime("%Y-%m-%dT%H:%M:%S") + a["offset"],
        "section": a["section"],
        "tags": a["tags"],
    }
    return json.dumps(rec, ensure_ascii=False)


def text_export(a):
    """The plain-text export layout kiosque's text extractor reads."""
    lines = [a["title"], ""]
    if a["heading"]:
        lines += [a["heading"], ""]
    lines += [f"Publié le {a['when'].strftime('%d-%m-%Y')} par {a['person']}", ""]
    for p in a["paras"]:
        lines += [p, ""]
    if a["tail"]:
        lines += ["Lire la suite", "", "Les dernières actualités", ""]
    return "\n".join(lines)


NAV = ["Actualité", "France", "Monde", "Politique", "Économie", "Culture", "Sport", "Santé",
       "Environnement", "High-tech", "Faits divers", "Insolite"]

STYLE = """body{margin:0;font-family:Georgia,"Times New Roman",serif;color:#1d1d1b;background:#fff}
header.site{display:flex;align-items:center;justify-content:space-between;padding:12px 20px;border-bottom:3px solid #b3001b}
nav.menu ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px}
nav.menu a{display:block;padding:6px 10px;color:#1d1d1b;text-decoration:none;font:600 14px Arial,sans-serif}
main{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:32px;max-width:1100px;margin:24px auto}
.chapo{font-size:20px;font-weight:600;line-height:1.4}.byline{color:#666;font:14px Arial,sans-serif}
.article-body p{font-size:18px;line-height:1.6}aside.related li{margin:8px 0}
#consent{position:fixed;left:0;right:0;bottom:0;background:#f3f3f3;padding:14px 20px;border-top:2px solid #b3001b}
footer{background:#1d1d1b;color:#ddd;padding:24px 20px;font:13px Arial,sans-serif}footer a{color:#ddd}
@media (max-width:900px){main{grid-template-columns:1fr}}"""

SCRIPT = """window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}
gtag('js',new Date());gtag('config','G-XXXXXXX',{anonymize_ip:true});
(function(){var b=document.getElementById('consent');if(!b)return;
b.querySelectorAll('button').forEach(function(x){x.addEventListener('click',function(){
document.cookie='consent='+x.dataset.consent+';max-age=31536000;path=/';b.remove();});});})();"""

FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def html_page(a, site, url):
    name, host, kind = site
    e = html.escape
    when = a["when"]
    iso = when.strftime("%Y-%m-%dT%H:%M:%S") + a["offset"]
    modified = (when + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S") + a["offset"]
    author = a["author"] if a["author"] and kind != "graph" else a["person"]
    head = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(a['title'])} | {e(name)}</title>",
    ]
    if a["heading"]:
        head.append(f'<meta name="description" content="{e(a["heading"])}">')
    head += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{e(a["title"])}">',
    ]
    if a["heading"]:
        head.append(f'<meta property="og:description" content="{e(a["heading"])}">')
    head += [
        f'<meta property="og:site_name" content="{e(name)}">',
        f'<meta property="og:url" content="{e(url)}">',
        f'<meta property="og:image" content="https://static.{host[4:]}/img/{a["id"]}.jpg">',
        '<meta property="og:locale" content="fr_FR">',
        f'<meta property="article:published_time" content="{iso}">',
        f'<meta property="article:modified_time" content="{modified}">',
        f'<meta property="article:author" content="{e(author)}">',
    ]
    if a["section"]:
        head.append(f'<meta property="article:section" content="{e(a["section"])}">')
    for t in a["tags"]:
        head.append(f'<meta property="article:tag" content="{e(t)}">')
    head.append(f'<link rel="canonical" href="{e(url)}">')
    head.append(f"<style>\n{STYLE}\n</style>")
    if kind in ("jsonld", "graph"):
        news = {
            "@type": "NewsArticle",
            "headline": a["title"],
            "datePublished": iso,
            "dateModified": modified,
            "author": [{"@type": "Person" if author == a["person"] else "Organization",
                        "name": author}],
            "publisher": {"@type": "Organization", "name": name},
            "mainEntityOfPage": url,
            "inLanguage": "fr-FR",
            "keywords": a["tags"],
        }
        if a["heading"]:
            news["description"] = a["heading"]
        if a["section"]:
            news["articleSection"] = a["section"]
        if kind == "graph":
            ld = {"@context": "https://schema.org", "@graph": [
                {"@type": "WebSite", "name": name, "url": f"https://{host}/"},
                {"@type": "BreadcrumbList", "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Accueil",
                     "item": f"https://{host}/"},
                    {"@type": "ListItem", "position": 2, "name": a["section"] or "Actualité",
                     "item": f"https://{host}/{section_slug(a)}/"}]},
                news]}
        else:
            ld = dict({"@context": "https://schema.org"}, **news)
        text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        head.append(f'<script type="application/ld+json">{text}</script>')
    head.append(f'<script src="https://static.{host[4:]}/js/app.min.js" async></script>')
    head.append("</head>")

    nav = "".join(f'<li><a href="/{slugify(n)}/">{e(n)}</a></li>' for n in NAV)
    day = FRENCH_DAYS[when.weekday()]
    byline_date = f"{day} {when.day} {FRENCH_MONTHS[when.month - 1]} {when.year} à {when:%Hh%M}"
    related = "".join(
        f'<li><a href="https://{host}/actualite/{slugify(t)}.html">{e(t)}</a></li>'
        for t in a["related"])
    body = [
        "<body>",
        '<div id="consent" role="dialog"><p>Nous utilisons des cookies pour mesurer '
        "l'audience et vous proposer des contenus et publicités adaptés. Vous pouvez changer "
        'd\'avis à tout moment depuis la page <a href="/cookies/">Gestion des cookies</a>.</p>'
        '<button data-consent="accept">Accepter</button>'
        '<button data-consent="refuse">Continuer sans accepter</button></div>',
        f'<header class="site"><a class="logo" href="/">{e(name)}</a>'
        '<a class="subscribe" href="/abonnement/">S\'abonner</a></header>',
        f'<nav class="menu" aria-label="Rubriques"><ul>{nav}</ul></nav>',
        "<main>",
        "<article>",
        f'<p class="breadcrumb"><a href="/">Accueil</a> › '
        f'<a href="/{section_slug(a)}/">{e(a["section"] or "Actualité")}</a></p>',
        f"<h1>{e(a['title'])}</h1>",
    ]
    if a["heading"]:
        body.append(f'<p class="chapo">{e(a["heading"])}</p>')
    body.append(f'<p class="byline">Par <span class="author">{e(author)}</span>, '
                f'publié le <time datetime="{iso}">{byline_date}</time></p>')
    body.append('<div class="article-body">')
    for i, p in enumerate(a["paras"]):
        body.append(f"<p>{e(p)}</p>")
        if i == 1 and len(a["paras"]) > 4:
            body.append('<div class="ad" aria-hidden="true"><p>Publicité</p></div>')
    body.append("</div>")
    if a["tags"]:
        tags = "".join(f'<li><a href="/tag/{slugify(t)}/">{e(t)}</a></li>' for t in a["tags"])
        body.append(f'<ul class="tags">{tags}</ul>')
    body.append('<div class="share"><a href="#">Partager sur Facebook</a> '
                '<a href="#">Partager sur X</a> <a href="#">Copier le lien</a></div>')
    body.append("</article>")
    body.append(f'<aside class="related"><h2>Lire aussi</h2><ul>{related}</ul></aside>')
    body.append("</main>")
    body.append(
        f'<footer><p>© {when.year} {e(name)}. Tous droits réservés.</p><ul>'
        '<li><a href="/mentions-legales/">Mentions légales</a></li>'
        '<li><a href="/cgu/">Conditions générales d\'utilisation</a></li>'
        '<li><a href="/confidentialite/">Politique de confidentialité</a></li>'
        '<li><a href="/cookies/">Gestion des cookies</a></li>'
        '<li><a href="/contact/">Nous contacter</a></li></ul></footer>')
    body.append(f"<script>\n{SCRIPT}\n</script>")
    body.append("</body>")
    body.append("</html>")
    return "\n".join(head + body) + "\n"


def check_out(path, force):
    real = os.path.realpath(path)
    target = os.path.join(os.path.realpath(REPO), "target")
    if real.startswith(os.path.realpath(REPO) + os.sep) and not real.startswith(target + os.sep):
        sys.exit(f"scale_corpus: {path}: corpus text must not go into the repository "
                 "(use target/ or a folder outside it)")
    if os.path.lexists(path):
        if not force:
            sys.exit(f"scale_corpus: {path} exists (use --force to replace it)")
    partial = path.rstrip("/") + ".partial"
    if os.path.isdir(partial):
        shutil.rmtree(partial)
    elif os.path.lexists(partial):
        os.remove(partial)
    return partial


def finish(partial, path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)
    os.rename(partial, path)


def main():
    ap = argparse.ArgumentParser(
        description="Make large realistic French news corpora from OrangeSum (see the module "
                    "docstring for the layouts).")
    ap.add_argument("--articles", type=parse_count, required=True,
                    help="how many articles to make (300000, 300k, 1m)")
    ap.add_argument("--format", choices=("jsonl", "files"), default="jsonl")
    ap.add_argument("--out", help="output file (jsonl) or folder (files); default "
                                  "target/bench-corpora/orangesum-<N>-seed<S>-g<V>[.jsonl|-files]")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--source", default=DEFAULT_SOURCE,
                    help="OrangeSum articles.jsonl (default: %(default)s)")
    ap.add_argument("--html-share", type=float, default=0.7,
                    help="share of HTML pages with --format files (default 0.7)")
    ap.add_argument("--force", action="store_true", help="replace an existing output")
    ap.add_argument("--print-path", action="store_true",
                    help="print the output path and exit (scripts/bench uses it)")
    args = ap.parse_args()
    if args.out is None:
        name = f"orangesum-{short_count(args.articles)}-seed{args.seed}-g{GENERATOR_VERSION}"
        name += ".jsonl" if args.format == "jsonl" else "-files"
        args.out = os.path.join(REPO, "target", "bench-corpora", name)
    if args.print_path:
        print(os.path.relpath(args.out, REPO) if args.out.startswith(REPO + os.sep) else args.out)
        return

    if not os.path.exists(args.source):
        sys.exit(f"scale_corpus: {args.source} not found; run "
                 "bash /work/shared/corpora/unpack.sh target/corpora")
    partial = check_out(args.out, args.force)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)

    t0 = time.perf_counter()
    source = Source(args.source)
    t_load = time.perf_counter() - t0
    print(f"scale_corpus: {len(source.meta)} source articles, "
          f"{sum(len(p) for p in source.paras)} paragraphs, {len(source.by_section)} sections "
          f"(loaded in {t_load:.1f} s)", file=sys.stderr)
    gen = Generator(source, args.seed)

    total_bytes = 0
    counts = {"html": 0, "txt": 0}
    progress_every = max(1, args.articles // 10)
    if args.format == "jsonl":
        with open(partial, "w", encoding="utf-8", buffering=1 << 20) as f:
            for n in range(1, args.articles + 1):
                a = gen.article(n)
                f.write(jsonl_record(a, SITES[n % len(SITES)][1]))
                f.write("\n")
                if n % progress_every == 0:
                    print(f"  {n} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        total_bytes = os.path.getsize(partial)
        files = 1
    else:
        os.makedirs(partial)
        made_dirs = set()
        files = 0
        for n in range(1, args.articles + 1):
            a = gen.article(n)
            is_html = gen.rng.random() < args.html_share
            a["tail"] = gen.rng.random() < 0.5
            when = a["when"]
            if is_html:
                site = SITES[gen.rng.randrange(len(SITES))]
                url = (f"https://{site[1]}/{section_slug(a)}/{when:%Y/%m/%d}/"
                       f"{slugify(a['title'])}-{a['id']}.html")
                sub = os.path.join(site[1], f"{when:%Y}", f"{when:%m}")
                name = f"{slugify(a['title'])}-{a['id']}.html"
                data = html_page(a, site, url)
                counts["html"] += 1
            else:
                sub = os.path.join("exports", f"{when:%Y}", f"{when:%m}")
                name = f"{when:%Y-%m-%d}-{slugify(a['title'])}-{a['id']}.txt"
                data = text_export(a)
                counts["txt"] += 1
            folder = os.path.join(partial, sub)
            if sub not in made_dirs:
                os.makedirs(folder, exist_ok=True)
                made_dirs.add(sub)
            raw = data.encode("utf-8")
            with open(os.path.join(folder, name), "wb") as f:
                f.write(raw)
            total_bytes += len(raw)
            files += 1
            if n % progress_every == 0:
                print(f"  {n} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    finish(partial, args.out)
    took = time.perf_counter() - t0
    what = (f"{files} files ({counts['html']} HTML, {counts['txt']} text)"
            if args.format == "files" else "1 JSON Lines file")
    print(f"wrote {args.articles} articles to {args.out}: {what}, {human(total_bytes)} "
          f"({total_bytes} bytes), seed {args.seed}, in {took:.1f} s")


if __name__ == "__main__":
    main()
