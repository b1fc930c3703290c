"""Benchmark: hefte against the raw tools and against the peer, on generated corpora of several sizes.

    .venv/bin/python scripts/benchmark.py                     # 10, 50 and 200 texts: stages and whole builds
    .venv/bin/python scripts/benchmark.py --sizes 500 --repeat 3
    .venv/bin/python scripts/benchmark.py --hefte /other/checkout # an older hefte on the same corpus

For each size it generates a fictional booklet of Norwegian report prose (six long paragraphs a text, a poem
every fifth, mixed bylines; about one text in six held back from the web, from print or withdrawn, whose words
are drawn at random so that no published text repeats them), then measures

- the stages, in this process: hefte check (load + check + plan); hefte's site stage (MkDocs through the hefte
  plugin) against a raw `mkdocs build` of the same bodies as plain pages with the same theme; hefte's PDF stage
  (print + screen + imposed, on every core, without the cache) against one raw WeasyPrint layout of the same
  print HTML; verify; the PDF stage's seconds per print page;
- whole builds, each in a child process as an editor runs them, with the peak memory of the largest process
  (hefte's PDF workers included): `hefte build` cold (empty cache), again with nothing changed, again with one
  word of a text changed (no page moves), and again with that text grown by a page and more (every later page
  moves); and the peer a user would otherwise pick, mkdocs-material + mkdocs-to-pdf 0.12.1 (the site and one
  PDF of the same pages), installed by this script into a throwaway venv (--peer-venv; PyPI once).

``--repeat N`` runs everything N times, alternating hefte and the peer (and the PDF stage and raw WeasyPrint),
and prints medians: on a shared machine single runs are noisy. Nothing here is asserted; it is for reading.
The README has a table from it.
"""

from __future__ import annotations

import argparse
import inspect
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PEER = ("mkdocs-material==9.8.1", "mkdocs-to-pdf==0.12.1")

# Sentences of the kind these reports are made of (a course, services, a waiting room, a Tuesday), recombined
# into long paragraphs: real words, real sentence lengths and hyphenation, not word salad.
SENTENCES = """\
Jeg kom til kontoret klokka åtte, men døra var låst, og det hang en lapp der det sto at de åpnet ni.
Det tok tre måneder før jeg fikk svar på søknaden, og da var det et brev med ord jeg ikke forsto.
Saksbehandleren var vennlig, men hun hadde bare et kvarter, og halvparten av tiden gikk med til skjemaet.
På kurset skrev vi om en dag vi husket godt, og jeg skrev om den dagen jeg fikk nøkkelen til leiligheten.
Barna spurte hvorfor jeg alltid var trøtt, og jeg visste ikke hvordan jeg skulle forklare det uten å lyve.
Når bussen ikke kommer, står vi der likevel, for det finnes ingen annen måte å komme seg til byen på.
Det er rart hvor mye et telefonnummer betyr når det er det eneste du har å ringe til.
Vi satt rundt bordet i kantina og leste høyt for hverandre, og ingen lo av det de andre hadde skrevet.
Hun sa at jeg hadde rett til hjelp, men at jeg måtte dokumentere det, og det var dokumentasjonen som var vanskelig.
Om vinteren er det mørkt når jeg går hjemmefra og mørkt når jeg kommer hjem, og dagene blir like.
Jeg lærte å skrive e-post på biblioteket, av en ung mann som ikke en eneste gang så på klokka.
Det verste var ikke ventetiden, men at ingen sa hvor lenge vi skulle vente.
Mamma pleide å si at papirer er tålmodige, men det er ikke vi som må fylle dem ut.
Etter møtet gikk jeg en lang tur langs elva, fordi jeg ikke orket å sitte alene i leiligheten.
Noen ganger er det nok at en person husker navnet ditt fra forrige gang.
Vi fikk beskjed om å møte opp med alle papirene, men ingen hadde sagt hvilke papirer det var snakk om.
Jeg har skrevet dagbok siden jeg var tolv, men dette var første gang noen andre leste det jeg skrev.
På tirsdager er det suppe i kirkekjelleren, og der treffer jeg folk jeg ellers ikke ville snakket med.
Det hjalp å få en fast kontaktperson, selv om hun byttet jobb etter et halvt år.
Når jeg skriver, blir tankene langsommere, og da kan jeg se dem litt bedre.
Naboen min hjalp meg med å klage på vedtaket, og vi fikk medhold etter fire måneder.
Jeg ønsker at de som bestemmer, skulle sitte en hel dag på venterommet sammen med oss.
Kurset ga meg ikke en jobb, men det ga meg en grunn til å stå opp på mandager.
Hver gang jeg måtte fortelle historien min på nytt, ble den litt kortere og litt mer riktig for dem.
Det er ikke lett å be om hjelp når man har klart seg selv hele livet.
Vi laget en liste over ord fra brevene som ingen av oss forsto, og den ble lengre enn vi trodde.
Tolken kom en halvtime for sent, og da var timen nesten over før vi fikk begynne.
Jeg husker lukta av kaffe og våte jakker, og lyden av nummerlappen som pep hver gang det var noens tur.
Datteren min oversatte for meg da hun var ti år, og det skulle hun aldri ha trengt.
Etter hvert lærte jeg å skrive ned alt som ble sagt, med dato og navn, for å være sikker.
Det som hjalp mest, var at noen trodde på det jeg sa, uten at jeg måtte bevise det først.
Om sommeren satt vi ute på benkene foran senteret og snakket om alt annet enn pengene.
Jeg fikk et nytt skjema i posten, nesten likt det forrige, bare med andre rubrikker.
Den dagen jeg fikk leiekontrakten, ringte jeg til alle jeg kjente, også de jeg ikke hadde snakket med på år.
Vi skriver for at de som kommer etter oss, skal slippe å begynne helt på nytt.
""".splitlines()
TITLES = ("Venterommet", "Brevet fra kontoret", "Tirsdag", "Nøkkelen", "Det jeg ikke sa", "Elva", "Suppe",
          "Skjemaet", "Mandag morgen", "Tolken", "Listen over ord", "Leiekontrakten", "Benken foran senteret")
PLACES = ("Grünerløkka", "Tøyen", "Drammen", "Bodø", "Gjøvik", "Stovner", "Lillestrøm", "Tromsø")


WORDS = ("jeg du hun han vi dere de dag natt morgen kveld kaffe buss brev kontor skjema venting penger måned "
         "barna vinduet regnet snøen lyset hjem arbeid kurs tekst skrive huske glemme trøtt glad redd sterk "
         "liten stor gammel ny lang kort varm kald stille høyt sakte fort alltid aldri kanskje sammen alene").split()


def _unshared(rng: random.Random, paragraphs: int = 6) -> str:
    """A body no other text shares six words in a row with. A text held back from a medium must be one: check
    (rightly) holds back a published text that repeats a held-back one, and the recombined sentences would."""
    def sentence():
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."
    return "\n\n".join(" ".join(sentence() for _ in range(rng.randint(5, 8))) for _ in range(paragraphs)) + "\n"


def _paragraph(rng: random.Random) -> str:
    chosen = rng.sample(SENTENCES, rng.randint(5, 8))
    if rng.random() < 0.5:
        chosen.insert(rng.randrange(len(chosen)), f"Det var i {rng.choice(PLACES)}, et år vi ikke glemmer.")
    return " ".join(chosen)


def _poem(rng: random.Random) -> str:
    lines = [s.rstrip(".").split(", ")[0] for s in rng.sample(SENTENCES, 12)]
    return "\n\n".join("\n".join(lines[i:i + 4]) for i in range(0, 12, 4)) + "\n"


def _body(rng: random.Random, paragraphs: int = 6) -> str:
    return "\n\n".join(_paragraph(rng) for _ in range(paragraphs)) + "\n"


def generate(root: Path, n: int, repo: Path, seed: int = 7) -> Path:
    """A project with one booklet of ``n`` texts in mixed consent cases, plus its register."""
    rng = random.Random(seed)
    folder = root / "texts" / "bench"
    folder.mkdir(parents=True)
    names = []
    register = {"contributors": {}, "deny": ["Torgrim Testesen-Vik"]}
    for i in range(n):
        cid = f"c-{i:03d}"
        byline = ["named", "first-name", "pseudonym", "anonymous"][i % 4]
        consent = {"web": i % 17 != 3, "print": i % 19 != 5, "given": "2026-03-02", "form": f"C-{i}",
                   "publish_after": None, "withdrawn": "2026-10-01" if i % 13 == 6 else None}
        fm = {"title": f"{rng.choice(TITLES)} ({i + 1})", "lang": "nb",
              "genre": "poem" if i % 5 == 0 else "prose", "role": "participant", "contributor": cid,
              "byline": byline, "display_name": None if byline == "anonymous" else f"Skriver{i}",
              "consent": consent, "photos": [], "review": {"status": "approved", "by": "HD", "date": "2026-03-10"}}
        held_back = not (consent["web"] and consent["print"]) or consent["withdrawn"]
        body = _unshared(rng) if held_back else _poem(rng) if fm["genre"] == "poem" else _body(rng)
        (folder / f"t{i:03d}.md").write_text("---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False)
                                             + "---\n\n" + body, encoding="utf-8")
        names.append(f"t{i:03d}.md")
        register["contributors"][cid] = {"names": [f"Fornavn{i} Etternavn{i}sen"]}
    pub = {"title": "Benchmarkheftet", "kind": "booklet", "lang": "nb", "editors": ["Hilde Test"],
           "publisher": {"name": "Testverkstedet"}, "place": "Oslo", "year": 2026, "trim": "A5", "texts": names}
    (folder / "publication.yml").write_text(yaml.safe_dump(pub, allow_unicode=True), encoding="utf-8")
    (root / "private").mkdir()
    (root / "private" / "register.yml").write_text(yaml.safe_dump(register), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Forside\n", encoding="utf-8")
    config = yaml.load((repo / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)  # names mkdocs_plugin.QUIET
    config["theme"]["custom_dir"] = str(repo / "overrides")
    config["nav"] = [{"Forside": "index.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "overrides").symlink_to((repo / "overrides").resolve())  # a relative repo (".") made a link to itself
    return root


def raw_mkdocs(root: Path, state, repo: Path) -> Path:
    """The same published bodies as plain Markdown pages, built by MkDocs + material without hefte."""
    raw = root / "raw"
    docs = raw / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Forside\n", encoding="utf-8")
    for pp in state.plan.publications:
        for pt in pp.texts:
            if pt.decision.web:
                (docs / f"{pt.slug}.md").write_text(f"# {pt.text.title}\n\n{pt.text.body}", encoding="utf-8")
    config = yaml.load((repo / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)  # names mkdocs_plugin.QUIET
    config["plugins"] = [p for p in config["plugins"] if p != "hefte"]
    config.pop("nav", None)
    config["theme"]["custom_dir"] = str(repo / "overrides")
    (raw / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return raw / "mkdocs.yml"


def peer_project(root: Path, state) -> Path:
    """The same published bodies for the peer: mkdocs-material with mkdocs-to-pdf (one PDF of every page)."""
    peer = root / "peer"
    docs = peer / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmarkheftet\n", encoding="utf-8")
    nav = [{"Forside": "index.md"}]
    for pp in state.plan.publications:
        for pt in pp.texts:
            if pt.decision.web:
                (docs / f"{pt.slug}.md").write_text(f"# {pt.text.title}\n\n{pt.text.body}", encoding="utf-8")
                nav.append({pt.text.title: f"{pt.slug}.md"})
    # font: false, or the theme would have WeasyPrint fetch Google Fonts (no network here, and not fair).
    config = {"site_name": "Benchmarkheftet", "theme": {"name": "material", "language": "nb", "font": False},
              "nav": nav, "plugins": ["search", {"to-pdf": {"cover_title": "Benchmarkheftet", "toc_level": 2,
                                                            "output_path": "pdf/benchmarkheftet.pdf"}}]}
    (peer / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return peer / "mkdocs.yml"


def peer_venv(folder: Path) -> Path:
    mkdocs = folder / "bin" / "mkdocs"
    if not mkdocs.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(folder / "bin" / "pip"), "install", "-q", *PEER], check=True)
    return mkdocs


def timed(func):
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and the peak resident memory (MB) of the largest process in the command's process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            for pid in _tree(proc.pid):
                peak[0] = max(peak[0], _hwm_kb(pid))
            stop.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    if proc.returncode not in (0, 3):  # 3: a partial build, which the corpus does not make; say so if it does
        raise SystemExit(f"{' '.join(cmd[:3])} … failed ({proc.returncode}):\n{err[-3000:]}")
    return seconds, peak[0] / 1024


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except OSError:
            pass
    return found


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _real_urls(html: str, config, pp) -> str:
    """The print HTML with hefte's virtual file URLs (render/fetcher.py: ``file:///hefte-prosjekt/<mount>/``)
    pointing at the real folders, so the raw layout reads the same stylesheet, fonts and photos with
    WeasyPrint's own fetcher. Without this it found no stylesheet and laid out unstyled HTML: a cheaper,
    different document (106 A4 pages for a booklet of 88 A5 pages at 50 texts)."""
    mounts = {"maler": config.overrides_path, "publikasjon": pp.publication.folder}
    for name, folder in mounts.items():
        html = html.replace(f"file:///hefte-prosjekt/{name}/", Path(folder).resolve().as_uri() + "/")
    return html


def stages(root: Path, repo: Path, repeat: int) -> dict:
    import logging

    import pikepdf
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_config
    from weasyprint import HTML

    from hefte.render import pdf
    from hefte.guard import verify
    from hefte.build import _mkdocs_build
    from hefte.config import load_config
    from hefte.pipeline import prepare
    from hefte.guard.policy import Medium

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(root)
    t_check, state = timed(lambda: prepare(config))
    t_site, _ = timed(lambda: _mkdocs_build(state, root / "out" / "site", {}, strict=False))
    raw_config = raw_mkdocs(root, state, repo)
    t_raw_site, _ = timed(lambda: mkdocs_build(mkdocs_config(config_file=str(raw_config),
                                                             site_dir=str(root / "raw" / "site"))))
    pp = state.plan.publications[0]
    # Every core, no cache (an older hefte has neither option; it gets what it has).
    accepted = inspect.signature(pdf.render_all).parameters
    options = {k: v for k, v in {"workers": os.cpu_count() or 1, "cache": None}.items() if k in accepted}
    html = _real_urls(pdf.print_html(state, pp, Medium.PRINT), config, pp)
    base = (repo / "overrides" / "print").as_uri() + "/"
    pdf_times, raw_times = [], []
    for _ in range(repeat):  # alternately
        t_pdf, files = timed(lambda: pdf.render_all(state, root / "out" / "print", **options))
        pdf_times.append(t_pdf)
        t_raw, raw_pdf = timed(lambda: HTML(string=html, base_url=base).write_pdf())
        raw_times.append(t_raw)
    with pikepdf.open(files[pp.publication.id]["print"]) as doc:
        pages = len(doc.pages)
    with pikepdf.open(io.BytesIO(raw_pdf)) as doc:
        raw_pages = len(doc.pages)  # printed beside hefte's: the same document, but for saddle-stitch padding
    verify_times = []
    for _ in range(repeat):  # one reading varied by 40 % at 200 texts
        t_verify, report = timed(lambda: verify.verify(state, root / "out" / "site", root / "out" / "print"))
        verify_times.append(t_verify)
    return {"web": len(pp.for_medium(Medium.WEB)), "print": len(pp.for_medium(Medium.PRINT)), "pages": pages,
            "raw_pages": raw_pages, "check": t_check, "site": t_site, "raw_site": t_raw_site,
            "pdf": statistics.median(pdf_times),
            "raw_pdf": statistics.median(raw_times), "verify": statistics.median(verify_times),
            "files": report.files_scanned, "errors": len(report.errors), "state": state}


def builds(root: Path, scripts: Path, mkdocs_peer: Path | None, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(scripts))
    hefte = [sys.executable, "-c", "import sys; sys.argv[0] = 'hefte'; from hefte.cli import main; main()",
             "build", "--root", str(root), "-q"]
    edited = root / "texts" / "bench" / "t001.md"
    runs: dict[str, list] = {"cold": [], "unchanged": [], "edited": [], "grown": [], "peer": []}
    rng = random.Random(11)
    for i in range(repeat):
        shutil.rmtree(root / ".hefte" / "cache", ignore_errors=True)
        runs["cold"].append(run_measured(hefte, env))
        runs["unchanged"].append(run_measured(hefte, env))
        edited.write_text(_word_changed(edited.read_text("utf-8"), rng), "utf-8")
        runs["edited"].append(run_measured(hefte, env))
        # A page and more of new prose: every later page moves (its number, its side), so every later part of
        # the PDFs is laid out again. Measured apart: which edit moves a page is otherwise chance.
        edited.write_text(edited.read_text("utf-8") + "\n" + _body(rng, 4), "utf-8")
        runs["grown"].append(run_measured(hefte, env))
        if mkdocs_peer is not None:
            shutil.rmtree(root / "peer" / "site", ignore_errors=True)
            runs["peer"].append(run_measured([str(mkdocs_peer), "build", "-q", "-f", str(root / "peer" / "mkdocs.yml")]))
    return {k: (statistics.median(t for t, _ in v), max(m for _, m in v)) if v else None for k, v in runs.items()}


def _word_changed(source: str, rng: random.Random) -> str:
    """``source`` with one word in the middle of its body replaced by another of the same length, as an editor
    corrects a word: its lines and pages stay as they were."""
    start = source.index("\n---", 3) + len(source) // 3 // 2
    word = re.compile(r"(?<=\s)[a-zæøå]{5,}(?=[\s,.])").search(source, start)
    new = "".join(rng.choice("abdefgiklmnoprstuv") for _ in word[0])
    return source[:word.start()] + new + source[word.end():]


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return (f"{model}, {os.cpu_count()} cores, {memory} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (medians are printed)")
    parser.add_argument("--hefte", type=Path, default=REPO, help="the checkout whose hefte is measured")
    parser.add_argument("--peer-venv", type=Path, default=Path(tempfile.gettempdir()) / "hefte-bench-peer")
    parser.add_argument("--no-peer", action="store_true", help="leave out mkdocs-material + mkdocs-to-pdf")
    parser.add_argument("--no-builds", action="store_true", help="the stages only, no whole builds")
    args = parser.parse_args(argv)
    os.environ.setdefault("HEFTE_TODAY", "2026-11-22")
    repo = args.hefte.resolve()
    sys.path.insert(0, str(repo / "scripts"))
    from rich.console import Console
    from rich.table import Table

    mkdocs_peer = None if args.no_peer or args.no_builds else peer_venv(args.peer_venv)
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"hefte-bench-{size}-") as tmp:
            root = generate(Path(tmp), size, repo)
            r = stages(root, repo, args.repeat)
            if mkdocs_peer is not None:
                peer_project(root, r["state"])
            r["builds"] = None if args.no_builds else builds(root, repo / "scripts", mkdocs_peer, args.repeat)
        r["size"] = size
        rows.append(r)
        Console(stderr=True).print(f"size {size} done", style="dim")

    console = Console(width=200)
    console.print(f"hefte at {repo} · {machine()} · medians of {args.repeat} run(s)")
    stage_table = Table(title="stages (seconds; ratio = hefte / raw tool)")
    for col in ("texts", "web/print", "pages (raw)", "check", "site", "raw mkdocs", "ratio", "PDFs (3)",
                "raw weasyprint (1)",
                "ratio", "s/page", "verify", "files", "leaks"):
        stage_table.add_column(col, justify="right")
    for r in rows:
        stage_table.add_row(str(r["size"]), f"{r['web']}/{r['print']}", f"{r['pages']} ({r['raw_pages']})",
                            f"{r['check']:.2f}",
                            f"{r['site']:.2f}", f"{r['raw_site']:.2f}", f"{r['site'] / r['raw_site']:.2f}",
                            f"{r['pdf']:.2f}", f"{r['raw_pdf']:.2f}", f"{r['pdf'] / r['raw_pdf']:.2f}",
                            f"{r['pdf'] / r['pages']:.3f}", f"{r['verify']:.2f}", str(r["files"]), str(r["errors"]))
    console.print(stage_table)
    if not args.no_builds:
        build_table = Table(title="whole builds (seconds; peak MB of the largest process)")
        for col in ("texts", "hefte cold", "MB", "unchanged", "ratio", "a word changed", "ratio",
                    "a text grown a page", "ratio", "peer", "MB",
                    "cold / peer", "verify / cold"):
            build_table.add_column(col, justify="right")
        for r in rows:
            b = r["builds"]
            (cold, mb), (same, _), (edit, _), (grown, _) = b["cold"], b["unchanged"], b["edited"], b["grown"]
            peer = b["peer"]
            build_table.add_row(str(r["size"]), f"{cold:.1f}", f"{mb:.0f}", f"{same:.1f}", f"{same / cold:.2f}",
                                f"{edit:.1f}", f"{edit / cold:.2f}", f"{grown:.1f}", f"{grown / cold:.2f}",
                                f"{peer[0]:.1f}" if peer else "–",
                                f"{peer[1]:.0f}" if peer else "–", f"{cold / peer[0]:.2f}" if peer else "–",
                                f"{r['verify'] / cold:.2f}")
        console.print(build_table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
