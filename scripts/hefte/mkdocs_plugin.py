"""The MkDocs adapter: feeds the planned pages into MkDocs and nothing else.

Every decision is made by the hefte library (load -> check -> plan -> web); this file only turns the
result into MkDocs files, nav and page content. So ``mkdocs build`` and ``mkdocs serve`` obey the same
consent policy as ``hefte build``, and they refuse to run when the check finds errors. After a plain
``mkdocs build``, ``gh-deploy`` or ``serve`` the plugin runs verify over the written site and, if anything
leaked, deletes it and fails: a site that did not pass verify is never left to be published. (``hefte build``
runs verify itself, over the site and the PDFs; ``hefte serve`` previews on this machine only.)
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from .render import escape, images, site_cache, web
from . import messages, pipeline
from .errors import HefteError

log = logging.getLogger("mkdocs.plugins.hefte")

# mkdocs.yml names QUIET (`!!python/name:`) so this module is imported while MkDocs reads its YAML, before the
# theme loads: Material's end-of-life notice is for whoever maintains hefte (DESIGN.md keeps the MkDocs
# coupling thin for that move), not for an editor running `mkdocs build`. Material reads this variable.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
QUIET = True

MESSAGES = {
    "plugin.pdf-stale": (
        "{file} er ikke lenket fra nettsida: den ble laget fra en annen utgave av tekstene enn den som bygges nå. "
        "Kjør `hefte build` for å lage PDF-ene på nytt.",
        "{file} is not linked from the site: it was made from another version of the texts than the one being "
        "built. Run `hefte build` to make the PDFs again.",
    ),
    "plugin.pdf-missing": (
        "Ingen PDF av «{publication}» er lenket fra nettsida: {file} finnes ikke. `hefte build` lager den.",
        "No PDF of «{publication}» is linked from the site: {file} does not exist. `hefte build` makes it.",
    ),
}


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
        self.state: pipeline.State | None = None
        """Set by hefte build: the state its PDFs were made from and verify checks against, so the site is built
        from that same plan and the sources are not loaded and checked a second time (2 s at 200 texts)."""
        self.on_findings: Callable | None = None
        """Set by hefte serve: called with (state, problems) after each check, so it prints them its own way.
        Its preview never stops on check errors: every page then says what to fix (``self.notice``)."""
        self.reuse: site_cache.Reuse | None = None
        """Set by hefte build: the kept site of the last build, so a page that shows what it showed is copied from
        there instead of written again (render/site_cache.py decides which)."""
        self.notice: str | None = None
        """HTML shown at the top of every page in hefte serve while something must be fixed."""
        self.blocked = False
        """hefte serve only: check found errors that stop a build, so every page shows the notice alone."""
        self._tmp: Path | None = None
        self._pictures: dict[str, web.Picture] = {}
        self._state: pipeline.State | None = None
        self._nav = None

    @property
    def serving(self) -> bool:
        return self.on_findings is not None

    def on_config(self, config):
        root = Path(self.config.root or Path(config.config_file_path).parent)
        lang = self.config.lang
        self.notice, self.blocked = None, False
        try:
            state = self.state if self.state is not None else pipeline.prepare(root)
        except HefteError as exc:
            if not self.serving:
                raise PluginError(exc.message(lang)) from exc
            return self._show_only([exc.message(lang)], config)
        blocking = state.blocking_errors()
        if self.serving:
            self.on_findings(state, blocking)
        if blocking:
            lines = [f.format(lang, root) for f in state.findings.errors]
            if not self.serving:
                raise PluginError("hefte: " + "\n".join(lines) + "\n" + state.refusal(lang))
            return self._show_only(lines, config)
        if state.held_back_files:
            lines = [f.format(lang, root) for f in state.findings.errors]
            if self.serving:
                self.notice = _notice(lines, lang, blocked=False)
            elif self.pdf_sources is None:  # plain `mkdocs build`/`serve`; hefte build says it in its own words
                # An error, so `strict: true` in mkdocs.yml stops here even with -q (as `hefte build --strict`).
                log.error("\n".join(lines) + "\n" + pipeline.held_back_message(
                    [f.name for f in state.held_back_files], lang))
        self._state = state
        pdfs = self.pdf_sources if self.pdf_sources is not None else self._current_pdfs(state, root)
        self._pdfs = {pub_id: f"pdf/{path.name}" for pub_id, path in pdfs.items()}
        self._pdf_paths = pdfs
        self.site = web.build_site(state.plan, {pub_id: web.PdfLink(url, self._pdf_paths[pub_id].stat().st_size)
                                                for pub_id, url in self._pdfs.items()})
        handwritten = [n for n in (config.nav or []) if n]
        # MkDocs prints nav titles as HTML: ours are plain text and go through the one escape (render/escape.py).
        generated = escape.nav(self.site.nav)
        config.nav = [handwritten[0], *generated, *handwritten[1:]] if handwritten else generated
        return config

    def _current_pdfs(self, state, root: Path) -> dict[str, Path]:
        """Screen PDFs that match today's plan; for the others, say why the site has no PDF link."""
        current = pipeline.current_pdfs(state)
        for pp in state.plan.publications:
            pub_id = pp.publication.id
            if pub_id in current or not pp.texts:
                continue
            pdf = state.config.print_path / f"{pub_id}.pdf"
            shown = os.path.relpath(pdf, root)
            code = "plugin.pdf-stale" if pdf.is_file() else "plugin.pdf-missing"
            log.info(messages.render(code, self.config.lang, file=shown, publication=pp.publication.title))
        return current

    def _show_only(self, lines: list[str], config):
        """hefte serve, when nothing can be built: every hand-written page shows what to fix, and nothing else."""
        self.blocked = True
        self.notice = _notice(lines, self.config.lang, blocked=True)
        self.site = web.Site([], [], [])
        self._pdfs, self._pdf_paths = {}, {}
        return config

    def on_files(self, files, config):
        assert self.site is not None
        # Theme folder files are copied to the site; the print templates and CSS are not for the web.
        for file in [f for f in files if f.src_uri.startswith("print/") and not f.is_documentation_page()]:
            files.remove(file)
        self._tmp = Path(tempfile.mkdtemp(prefix="hefte-assets-"))
        for page in self.site.pages:
            files.append(File.generated(config, page.src_uri, content=f"# {page.title}\n"))
        self._pictures = {}
        for asset in self.site.assets:
            # Only a metadata-free re-encode is ever published, never the participant's original file; narrower
            # copies (made here with Pillow, nothing fetched) let a phone load what it shows.
            full = self._write_clean(asset.source, asset.src_uri, web.PHOTO_WIDTHS[-1])
            copies = [self._write_clean(asset.source, web.photo_variant_uri(asset.src_uri, width), width)
                      for width in web.PHOTO_WIDTHS[:-1] if width < full[1]]
            copies.append(full)
            for uri, _, _ in copies:
                files.append(File.generated(config, uri, abs_src_path=str(self._tmp / uri)))
            self._pictures[asset.src_uri] = web.Picture(copies)
        for pub_id, path in self._pdf_paths.items():
            files.append(File.generated(config, self._pdfs[pub_id], abs_src_path=str(path)))
        if self.reuse is not None:
            # Until on_env every file counts as changed: every page is read and rendered as in a cold build (so the
            # titles and front matter other pages show are current), and every other file is copied (no mtimes).
            for file in files:
                file.is_modified = _changed
        return files

    def _write_clean(self, source: Path, uri: str, width: int) -> tuple[str, int, int]:
        clean = self._tmp / uri
        clean.parent.mkdir(parents=True, exist_ok=True)
        info = images.clean_copy(source, clean, max_width=width, keep_suffix=True)  # the pages link this name
        return uri, info.width, info.height

    @event_priority(100)  # before search indexes the page, so the index sees exactly what readers see
    def on_page_content(self, html, page, config, files):
        if self.blocked:
            page.title = messages.render("serve.page-title", self.config.lang)
            page.toc = get_toc("")
            return self.notice
        generated = self.site.page(page.file.src_uri) if self.site else None
        if generated is None and page.is_homepage and self.site and self.site.front:
            # The hand-written front page gets the shelf of publications (covers, PDFs) that web.py made.
            mark = html.find(web.FRONT_MARK)
            html = html.replace(web.FRONT_MARK, self.site.front, 1) if mark >= 0 else html + self.site.front
            html = web.responsive_images(html, self._pictures)  # the covers: their size and narrower copies
        if generated is None:
            return (self.notice or "") + html
        # Every field handed to MkDocs is escaped once here (render/escape.py): the theme prints them raw.
        # meta.title too: without it material puts ``page.title | striptags`` into <title>, and striptags
        # unescapes, so an escaped ``</title><script>`` would come back to life there.
        page.title = page.meta["title"] = escape.text(generated.title)
        page.toc = get_toc(escape.toc(generated.toc))
        if generated.description:
            page.meta["description"] = escape.text(generated.description)
        return (self.notice or "") + web.responsive_images(generated.html, self._pictures)

    def on_post_page(self, output, page, config):
        # material writes the site language (nb) on <html>; a nynorsk text must say nn there too (WCAG 3.1.1),
        # so screen readers and hyphenation pick the right language for the whole page.
        generated = self.site.page(page.file.src_uri) if self.site else None
        site_lang = config.theme.get("language", "nb")
        if generated is not None and generated.lang != site_lang:
            output = output.replace(f'<html lang="{site_lang}"', f'<html lang="{generated.lang}"', 1)
        if generated is not None:  # a shared link shows the page's own title, words and (policy allowing) photo
            tags = web.share_tags(generated, site_url=config.site_url or "", site_name=config.site_name)
            output = output.replace("</head>", tags + "</head>", 1)
        return output

    def on_nav(self, nav, config, files):
        self._nav = nav
        return nav

    def on_env(self, env, config, files):
        if self.state is not None:
            # hefte build: the theme's templates compiled once, not in every build (about 1 s of each site stage).
            # Jinja keys each entry by the template's source and checks Python's version, so none is ever stale.
            import jinja2

            jinja_cache = self.state.config.root / ".hefte" / "cache" / "jinja"
            jinja_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(jinja_cache))
        # Every page is rendered and nothing is written yet: site_cache copies from the last build's site the pages
        # that show what they showed there, and MkDocs writes the rest.
        if self.reuse is not None:
            pages = files.documentation_pages()
            everything = [(f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files]
            theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
            kept = self.reuse.decide(_plain_nav(self._nav.items), everything, [self._shown(f.page) for f in pages],
                                     Path(config.site_dir), theme)
            for file in pages:
                if file.src_uri in kept:
                    file.is_modified = _unchanged
        return env

    def _shown(self, page) -> site_cache.Shown:
        generated = self.site.page(page.file.src_uri) if self.site else None
        return site_cache.Shown(page.file.src_uri, page.file.dest_uri, page.url, page.title, dict(page.meta),
                                page.content, _plain_toc(page.toc), generated)

    def on_serve(self, server, config, builder):
        root = Path(self.config.root or Path(config.config_file_path).parent)
        state_config = pipeline.load_config(root)
        for path in (state_config.texts_path, state_config.register_path.parent, root / "pyproject.toml"):
            if path.exists():
                server.watch(str(path))
        return server

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config):
        if self.reuse is not None:
            self.reuse.merge_search(Path(config.site_dir))
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        # hefte build verifies the site and the PDFs itself; hefte serve previews on this machine. (No on_startup
        # to tell `mkdocs build` from `mkdocs serve`: MkDocs would keep this instance, and its state, per process.)
        if self.pdf_sources is None and not self.serving and self._state is not None:
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


def _changed() -> bool:
    return True


def _unchanged() -> bool:
    return False


def _plain_nav(items) -> list:
    """The nav as plain data: sections by title, pages by file, links by title and address."""
    return [["section", item.title, _plain_nav(item.children)] if item.is_section else
            ["page", item.file.src_uri] if item.is_page else ["link", item.title, item.url] for item in items]


def _plain_toc(toc) -> list:
    return [[anchor.title, anchor.id, anchor.level, _plain_toc(anchor.children)] for anchor in toc]


def _notice(lines: list[str], lang: str, *, blocked: bool) -> str:
    """What the preview shows while something must be fixed; the page reloads itself once it is fixed."""
    title = messages.render("serve.blocked" if blocked else "serve.partial", lang, count=len(lines))
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return (f'<div class="admonition danger hefte-problems" role="alert"><p class="admonition-title">'
            f'{html.escape(title)}</p><ul>{items}</ul><p>{html.escape(messages.render("serve.reloads", lang))}</p>'
            f'</div>\n')
