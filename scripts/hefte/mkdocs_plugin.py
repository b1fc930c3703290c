"""The MkDocs adapter: feeds the planned pages into MkDocs and nothing else.

Every decision is made by the hefte library (load -> check -> plan -> web); this file only turns the
result into MkDocs files, nav and page content. So ``mkdocs build`` and ``mkdocs serve`` obey the same
consent policy as ``hefte build``, and they refuse to run when the check finds errors. After a plain
``mkdocs build`` (or ``gh-deploy``) the plugin runs verify over the written site and, if anything leaked,
deletes it and fails: a site that did not pass verify is never left to be published. (``hefte build`` runs
verify itself, over the site and the PDFs; ``mkdocs serve`` previews on this machine only.)
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from .render import images, web
from . import messages, pipeline
from .errors import HefteError

log = logging.getLogger("mkdocs.plugins.hefte")


class HeftePluginConfig(MkDocsConfig):
    root = c.Optional(c.Dir(exists=True))
    """Project folder; defaults to the folder of mkdocs.yml."""
    lang = c.Choice(("nb", "en"), default="nb")
    """Language of the check messages printed when the build is refused."""


class HeftePlugin(BasePlugin[HeftePluginConfig]):
    def __init__(self):
        super().__init__()
        self.site: web.Site | None = None
        self.pdf_sources: dict[str, Path] | None = None
        """Set by hefte build (PDFs rendered this run); otherwise only PDFs matching the plan are linked."""
        self._tmp: Path | None = None
        self._command: str | None = None
        self._state: pipeline.State | None = None

    # MkDocs keeps one instance of a plugin that has on_startup for the whole process (serve rebuilds reuse it),
    # so per-build state is reset at the end of every build and the command at shutdown.
    def on_startup(self, *, command, dirty):
        self._command = command

    def on_shutdown(self):
        self._command = None

    def on_build_error(self, error):
        self.pdf_sources = None

    def on_config(self, config):
        root = Path(self.config.root or Path(config.config_file_path).parent)
        try:
            state = pipeline.prepare(root)
        except HefteError as exc:
            raise PluginError(exc.message(self.config.lang)) from exc
        if state.findings.has_errors():
            lines = [f.format(self.config.lang, root) for f in state.findings.errors]
            raise PluginError("hefte: " + "\n".join(lines) + "\n" + state.refusal(self.config.lang))
        self._state = state
        pdfs = self.pdf_sources if self.pdf_sources is not None else pipeline.current_pdfs(state)
        self._pdfs = {pub_id: f"pdf/{path.name}" for pub_id, path in pdfs.items()}
        self._pdf_paths = pdfs
        self.site = web.build_site(state.plan, self._pdfs)
        handwritten = [n for n in (config.nav or []) if n]
        config.nav = [handwritten[0], *self.site.nav, *handwritten[1:]] if handwritten else self.site.nav
        return config

    def on_files(self, files, config):
        assert self.site is not None
        # Theme folder files are copied to the site; the print templates and CSS are not for the web.
        for file in [f for f in files if f.src_uri.startswith("print/") and not f.is_documentation_page()]:
            files.remove(file)
        self._tmp = Path(tempfile.mkdtemp(prefix="hefte-assets-"))
        for page in self.site.pages:
            files.append(File.generated(config, page.src_uri, content=f"# {page.title}\n"))
        for asset in self.site.assets:
            # Only a metadata-free re-encode is ever published, never the participant's original file.
            clean = self._tmp / asset.src_uri
            clean.parent.mkdir(parents=True, exist_ok=True)
            images.clean_copy(asset.source, clean, max_width=1600)
            files.append(File.generated(config, asset.src_uri, abs_src_path=str(clean)))
        for pub_id, path in self._pdf_paths.items():
            files.append(File.generated(config, self._pdfs[pub_id], abs_src_path=str(path)))
        return files

    @event_priority(100)  # before search indexes the page, so the index sees exactly what readers see
    def on_page_content(self, html, page, config, files):
        generated = self.site.page(page.file.src_uri) if self.site else None
        if generated is None:
            return html
        page.title = generated.title
        page.toc = get_toc(generated.toc)
        if generated.description:
            page.meta["description"] = generated.description
        return generated.html

    def on_post_page(self, output, page, config):
        # material writes the site language (nb) on <html>; a nynorsk text must say nn there too (WCAG 3.1.1),
        # so screen readers and hyphenation pick the right language for the whole page.
        generated = self.site.page(page.file.src_uri) if self.site else None
        site_lang = config.theme.get("language", "nb")
        if generated is not None and generated.lang != site_lang:
            output = output.replace(f'<html lang="{site_lang}"', f'<html lang="{generated.lang}"', 1)
        return output

    def on_serve(self, server, config, builder):
        root = Path(self.config.root or Path(config.config_file_path).parent)
        server.watch(str(root / "texts"))
        return server

    def on_post_build(self, config):
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        driven_by_hefte = self.pdf_sources is not None  # hefte build verifies the site and the PDFs itself
        self.pdf_sources = None
        if not driven_by_hefte and self._command != "serve" and self._state is not None:
            self._verify(Path(config.site_dir))

    def _verify(self, site_dir: Path) -> None:
        """The same verify as ``hefte build`` over what MkDocs wrote; on a leak the site is deleted, not left."""
        from .guard import verify

        report = verify.verify(self._state, site_dir, None)
        if report.has_errors():
            lines = [f.format(self.config.lang, self._state.config.root) for f in report.errors]
            shutil.rmtree(site_dir, ignore_errors=True)
            raise PluginError("hefte: " + "\n".join(lines) + "\n"
                              + messages.render("build.mkdocs-site-removed", self.config.lang, site=str(site_dir),
                                                count=len(report.errors)))
