"""``hefte build``: load -> check -> plan -> render (PDFs, site) -> verify -> swap.

Everything is written into a fresh staging folder; site/ and print/ are replaced only when every stage,
verify included, has succeeded. A failed or interrupted build leaves the previous outputs as they were.
Locking, staging and the paired swap are publish.py's job.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import cores
from .config import Config
from .errors import CheckFailed, HefteError, LeakFound
from .findings import Findings
from .pipeline import State, prepare
from .publish import Publication

Progress = Callable[[str, int, int], None]
"""progress(label, done, total): called while PDFs render and before each stage."""


@dataclass
class BuildResult:
    state: State
    site: Path
    print_dir: Path
    pdfs: dict[str, dict[str, Path]] = field(default_factory=dict)
    """publication id -> {"screen"|"print"|"imposed": final path}."""
    verify_report: object | None = None
    findings: Findings = field(default_factory=Findings)
    warnings: list[str] = field(default_factory=list)
    """Print warnings for the editor (e.g. an image below 300 dpi at printed size)."""
    offline: Path | None = None
    """``--offline``: the folder of the copy that works from disk (its zip lies beside it)."""

    @property
    def held_back_files(self) -> list[Path]:
        """Texts published nowhere because of errors in their own file (a partial build); see --strict."""
        return self.state.held_back_files


def build(config: Config, *, pdf: bool | None = None, progress: Progress | None = None,
          strict_mkdocs: bool = True, strict: bool = False, fresh: bool = False,
          workers: int | None = None, offline: bool = False) -> BuildResult:
    """Build everything. ``strict``: any check error stops the build; otherwise a text whose own file has
    errors is held back by the policy and the rest is published (``result.held_back_files`` names them).
    ``fresh``: empty .hefte/cache first, so every PDF is laid out and every file verified again.
    ``workers``: processes for the PDFs (default: one per core, or HEFTE_WORKERS).
    ``offline``: also a copy of the website that works from disk, as a folder and a zip (render/offline.py)."""
    progress = progress or (lambda label, done, total: None)
    out = Publication(config)  # notes what the plan is made from, so a stale plan is never published
    # 1. load, check and plan; refuse on errors outside single texts (or on any error when strict)
    make_pdfs = config.pdf if pdf is None else pdf
    workers = cores.workers(workers)
    cache = config.root / ".hefte" / "cache"
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    from .render import pdf_cache, pdf_jobs

    layout = pdf_jobs.Layout(workers)
    if make_pdfs and (not out.sources_as_last_published() or pdf_cache.empty(pdf_cache.folder(config.root))):
        # Something to lay out, most likely: Pango is checked now, and the workers' fork server imports WeasyPrint
        # while the sources are checked (a second at 200 texts, which an edit of one text waited for). Sources as
        # last published: only the first PDF the cache does not have gets them ready.
        layout.ready()
    progress("check", 0, 1)
    state = prepare(config, strict=strict)
    if state.blocking_errors():
        raise CheckFailed(state.findings)

    # 2. one build at a time (a lock), in a fresh private staging folder; publish.py cleans what killed builds left
    with out:
        stage_site, stage_print = out.site, out.print
        # 3. the PDFs, in worker processes; the website is built here as soon as the screen PDFs it links are
        #    written (rendered from this same plan), while the print PDFs are still being laid out
        pdfs: dict[str, dict[str, Path]] = {}

        def site(screens: dict[str, Path]) -> None:
            # 4. the website, through MkDocs and the hefte plugin: as the last build made it when every source is
            #    the same, otherwise with only the pages that changed written again (render/site_cache.py)
            from .render import site_cache

            progress("site", 0, 1)
            cache = site_cache.folder(config.root)
            kept = site_cache.kept(cache)
            theme = kept.theme if kept is not None else None
            inputs = site_cache.key(state, screens, strict=strict_mkdocs, theme=theme)
            if kept is not None and kept.inputs == inputs:
                site_cache.restore(kept, stage_site)
                return
            reuse = site_cache.Reuse(kept, site_cache.shared_files(state, strict=strict_mkdocs))
            _mkdocs_build(state, stage_site, screens, strict=strict_mkdocs, reuse=reuse)
            if reuse.theme != theme:  # the key is kept with the theme this site was made with
                inputs = site_cache.key(state, screens, strict=strict_mkdocs, theme=reuse.theme)
            site_cache.keep(cache, inputs, reuse, stage_site)

        if make_pdfs:
            from .render import pdf as pdf_stage

            started = time.time()
            pdfs = pdf_stage.render_all(state, stage_print, progress=progress, workers=workers,
                                        cache=pdf_cache.folder(config.root), on_screens=site, layout=layout)
            pdf_cache.prune(pdf_cache.folder(config.root), since=started - 1)  # mtimes may be coarse
        else:
            site({})
        # 4b. the copy for disk and USB stick, made from the site just built, and its zip: both verified below
        if offline:
            from .render import offline as offline_copy

            folder = offline_copy.make_copy(stage_site, out.offline / offline_copy.FOLDER)
            offline_copy.make_zip(folder, out.offline / f"{offline_copy.FOLDER}.zip")
        # 5. verify every produced file against the plan and the register
        progress("verify", 0, 1)
        from .guard import verify

        report = verify.verify(state, stage_site, stage_print, cache=cache / "verify-clean.json",
                               also_web=[out.offline] if offline else [], workers=workers)
        if report.has_errors():
            raise LeakFound(report)
        verify.write_manifest(state, stage_site, stage_print, pdfs)
        # 6. swap site/ and print/ as a pair, unless the sources changed meanwhile: only now do the old go
        out.publish()
    final = {pub: {kind: config.print_path / path.name for kind, path in files.items()} for pub, files in pdfs.items()}
    from .render.offline import FOLDER

    return BuildResult(state, config.site_path, config.print_path, final, report, state.findings,
                       list(getattr(pdfs, "warnings", [])), config.offline_path / FOLDER if offline else None)


def _mkdocs_build(state: State, site_dir: Path, pdf_sources: dict[str, Path], *, strict: bool,
                  reuse=None) -> None:
    """``reuse`` (site_cache.Reuse): the kept site the plugin may copy unchanged pages from."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import MkDocsException

    config_file = state.config.root / state.config.mkdocs_config
    # MkDocs logs through "mkdocs"; keep its INFO chatter out of our output, warnings still show.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # A dirty build only skips the pages the plugin marks unchanged (site_cache.Reuse); with nothing kept there
    # is nothing to skip. MkDocs' warning about dirty builds is not for ours, and in strict mode it would stop it.
    dirty = reuse is not None and reuse.entry is not None
    builder = logging.getLogger("mkdocs.commands.build")
    builder.addFilter(_not_dirty_warning)
    try:
        mk = mkdocs_load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
        plugin = mk.plugins.get("hefte")
        if plugin is None:
            raise HefteError("build.no-plugin", config_file, 0)
        plugin.pdf_sources, plugin.state, plugin.reuse = pdf_sources, state, reuse
        mkdocs_build(mk, dirty=dirty)
    except MkDocsException as exc:
        raise HefteError("build.mkdocs-failed", config_file, 0, problem=str(exc)) from None
    except SystemExit as exc:  # mkdocs' strict mode aborts with SystemExit on warnings
        raise HefteError("build.mkdocs-failed", config_file, 0, problem=f"strict mode: {exc}") from None
    finally:
        builder.removeFilter(_not_dirty_warning)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    """Drops exactly MkDocs' warning that a dirty build may leave stale navigation: hefte's keeps a page only when
    the nav and everything else shared is as it was (render/site_cache.py)."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")
