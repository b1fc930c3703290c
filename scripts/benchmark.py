"""Benchmark: hefte against the raw tools on generated corpora of several sizes.

    .venv/bin/python scripts/benchmark.py                 # 10, 50 and 200 texts
    .venv/bin/python scripts/benchmark.py --sizes 20 100  # other sizes

For each size it generates a fictional publication, then times
  - hefte check (load + check + plan),
  - hefte's site stage (MkDocs through the hefte plugin) against a raw `mkdocs build` of the same bodies as
    plain Markdown pages with the same theme,
  - hefte's PDF stage (print + screen + imposed, padding to a multiple of 4) against one raw WeasyPrint
    render of the same print HTML,
  - verify (every output file scanned),
and prints seconds and the ratios hefte/raw. Nothing here is asserted; it is for reading.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORDS = ("jeg du hun han vi dere de dag natt morgen kveld kaffe buss brev kontor skjema venting penger måned "
         "barna vinduet regnet snøen lyset hjem arbeid kurs tekst skrive huske glemme trøtt glad redd sterk "
         "liten stor gammel ny lang kort varm kald stille høyt sakte fort alltid aldri kanskje sammen alene "
         "og men fordi når hvis så der her etter før under over gjennom mellom").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _body(rng: random.Random, paragraphs: int = 5) -> str:
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(paragraphs)) + "\n"


def generate(root: Path, n: int, seed: int = 7) -> Path:
    """A project with one booklet of ``n`` texts in mixed consent cases, plus its register."""
    rng = random.Random(seed)
    folder = root / "texts" / "bench"
    folder.mkdir(parents=True)
    names = []
    register = {"contributors": {}, "deny": ["Torgrim Testesen-Vik"]}
    for i in range(n):
        cid = f"c-{i:03d}"
        byline = ["named", "first-name", "pseudonym", "anonymous"][i % 4]
        consent = {"web": i % 7 != 3, "print": i % 11 != 5, "given": "2026-03-02", "form": f"C-{i}",
                   "publish_after": None, "withdrawn": "2026-10-01" if i % 13 == 6 else None}
        fm = {"title": f"Tekst nummer {i} om {rng.choice(WORDS)}", "lang": "nb",
              "genre": "poem" if i % 5 == 0 else "prose", "role": "participant", "contributor": cid,
              "byline": byline, "display_name": None if byline == "anonymous" else f"Skriver{i}",
              "consent": consent, "photos": [], "review": {"status": "approved", "by": "HD", "date": "2026-03-10"}}
        body = "\n".join(_sentence(rng) for _ in range(14)) + "\n" if fm["genre"] == "poem" else _body(rng)
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
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)  # names mkdocs_plugin.QUIET
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["nav"] = [{"Forside": "index.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "overrides").symlink_to(REPO / "overrides")
    return root


def raw_mkdocs(root: Path, state) -> Path:
    """The same published bodies as plain Markdown pages, built by MkDocs + material without hefte."""
    raw = root / "raw"
    docs = raw / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Forside\n", encoding="utf-8")
    for pp in state.plan.publications:
        for pt in pp.texts:
            if pt.decision.web:
                (docs / f"{pt.slug}.md").write_text(f"# {pt.text.title}\n\n{pt.text.body}", encoding="utf-8")
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)  # names mkdocs_plugin.QUIET
    config["plugins"] = [p for p in config["plugins"] if p != "hefte"]
    config.pop("nav", None)
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    (raw / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return raw / "mkdocs.yml"


def timed(func):
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def run(size: int) -> dict:
    import logging

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
    with tempfile.TemporaryDirectory(prefix=f"hefte-bench-{size}-") as tmp:
        root = generate(Path(tmp), size)
        config = load_config(root)
        t_check, state = timed(lambda: prepare(config))
        t_site, _ = timed(lambda: _mkdocs_build(state, root / "out" / "site", {}, strict=False))
        raw_config = raw_mkdocs(root, state)
        t_raw_site, _ = timed(lambda: mkdocs_build(mkdocs_config(config_file=str(raw_config),
                                                                 site_dir=str(root / "raw" / "site"))))
        pp = state.plan.publications[0]
        t_pdf, files = timed(lambda: pdf.render_all(state, root / "out" / "print"))
        html = pdf.print_html(state, pp, Medium.PRINT)
        base = (REPO / "overrides" / "print").as_uri() + "/"
        t_raw_pdf, _ = timed(lambda: HTML(string=html, base_url=base).write_pdf())
        t_verify, report = timed(lambda: verify.verify(state, root / "out" / "site", root / "out" / "print"))
        published = len(pp.for_medium(Medium.WEB))
        return {"size": size, "web": published, "print": len(pp.for_medium(Medium.PRINT)), "check": t_check,
                "site": t_site, "raw_site": t_raw_site, "pdf": t_pdf, "raw_pdf": t_raw_pdf, "verify": t_verify,
                "files": report.files_scanned, "errors": len(report.errors)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    args = parser.parse_args(argv)
    os.environ.setdefault("HEFTE_TODAY", "2026-11-22")
    from rich.console import Console
    from rich.table import Table

    table = Table(title="hefte benchmark (seconds; ratio = hefte / raw tool)")
    for col in ("texts", "web/print", "check", "site", "raw mkdocs", "site ratio", "PDFs (3)", "raw weasyprint (1)",
                "pdf ratio", "verify", "files verified", "leaks"):
        table.add_column(col, justify="right")
    for size in args.sizes:
        r = run(size)
        table.add_row(str(r["size"]), f"{r['web']}/{r['print']}", f"{r['check']:.2f}", f"{r['site']:.2f}",
                      f"{r['raw_site']:.2f}", f"{r['site'] / r['raw_site']:.2f}", f"{r['pdf']:.2f}",
                      f"{r['raw_pdf']:.2f}", f"{r['pdf'] / r['raw_pdf']:.2f}", f"{r['verify']:.2f}",
                      str(r["files"]), str(r["errors"]))
        Console().print(f"size {size} done", style="dim")
    Console(width=170).print(table)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "scripts"))
    raise SystemExit(main())
