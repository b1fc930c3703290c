"""Load stage: texts/<publication>/publication.yml + *.md -> the typed model, with findings for bad input.

Loading never raises on bad input: every problem becomes a Finding with file:line, and a text that could
not be read is simply not in the model (so it cannot be published by accident).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from . import frontmatter, hygiene, register, schema
from ..config import Config
from ..findings import Findings, Severity
from ..model import (
    TRIM_SIZES, Byline, Consent, Cover, Credits, FootnoteNumbering, Genre, Kind, Numbering, Photo,
    PhotoConsent, Project, Publication, Publisher, Register, Review, ReviewStatus, Role, Series, Source, Text,
    TextStart,
)

PUBLICATION_FILE = "publication.yml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_project(config: Config) -> Project:
    """Load every publication under texts/ and the private register."""
    findings = Findings()
    publications = []
    texts_root = config.texts_path
    if not texts_root.is_dir():
        findings.error("load.no-texts", texts_root, 0)
    else:
        for folder in sorted(p for p in texts_root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if (folder / PUBLICATION_FILE).is_file():
                real = (folder / PUBLICATION_FILE).resolve()
                if not real.is_relative_to(texts_root) or real.parent != folder.resolve():
                    # A link to a folder elsewhere would publish files nobody put into the project (as for photos).
                    # (the finding names the texts folder: the link itself would be shown as where it leads)
                    findings.error("load.publication-outside", texts_root, 0, name=folder.name, target=str(real.parent))
                    continue
                pub = load_publication(folder, findings)
                if pub is not None:
                    publications.append(pub)
    register = load_register(config.register_path, findings)
    return Project(root=config.root, publications=publications, register=register, findings=findings)


def read_text_file(path: Path, findings: Findings, data: bytes | None = None) -> str | None:
    """Read and decode a file; encoding trouble becomes findings. None when it cannot be used at all.

    ``data``: the file's bytes when they are not on disk yet (the studio checks a text before saving it)."""
    if data is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            findings.error("load.unreadable", path, 0, problem=exc.strerror or str(exc))
            return None
        if size > hygiene.MAX_TEXT_BYTES:
            findings.error("size.too-large", path, 0, size=size // 1_000_000,
                           limit=hygiene.MAX_TEXT_BYTES // 1_000_000)
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            findings.error("load.unreadable", path, 0, problem=exc.strerror or str(exc))
            return None
    decoded = hygiene.decode(data)
    for issue in decoded.issues:
        # ``file`` is a Path, so the message shows a `hefte fix` path that works from where the user stands.
        findings.add(issue.code, Severity.of(issue.severity), path, issue.line, **issue.params, file=path)
    if any(i.severity == "error" for i in decoded.issues):
        return None
    return decoded.text



def _parse(path: Path, findings: Findings, *, whole_file_yaml: bool = False, data: bytes | None = None):
    text = read_text_file(path, findings, data)
    if text is None:
        return None
    try:
        if whole_file_yaml:
            data, lines = frontmatter.parse_yaml(text, first_line=1)
            return frontmatter.Parsed(data, lines, "", 0)
        return frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        findings.error(exc.code, path, exc.line, **exc.params)
        return None


def load_publication(folder: Path, findings: Findings, data: bytes | None = None) -> Publication | None:
    """``data``: publication.yml's bytes when they are not (yet) on disk; the texts are read from disk."""
    path = folder / PUBLICATION_FILE
    parsed = _parse(path, findings, whole_file_yaml=True, data=data)
    if parsed is None:
        return None
    before = len(findings.errors)
    v = schema.validate(parsed.data, schema.PUBLICATION, parsed.lines, path, findings)
    if not _ID.match(folder.name):
        findings.error("load.bad-folder-name", path, 0, name=folder.name)
    if len(findings.errors) > before and (v["title"] is None or v["kind"] is None):
        return None
    pub = Publication(
        id=folder.name,
        folder=folder.resolve(),
        source=Source(path.resolve(), parsed.lines),
        title=v["title"] or folder.name,
        subtitle=v["subtitle"],
        kind=Kind(v["kind"] or "booklet"),
        lang=v["lang"] or "nb",
        editors=v["editors"],
        publisher=Publisher(**v["publisher"]),
        place=v["place"],
        year=v["year"],
        series=Series(**v["series"]),
        isbn_print=v["isbn"]["print"],
        isbn_pdf=v["isbn"]["pdf"],
        credits=Credits(**v["credits"]),
        licence=v["licence"],
        cover=Cover(**v["cover"]),
        trim=TRIM_SIZES[v["trim"] or ("A4" if v["kind"] == "report" else "A5")],
        roman_front_matter=bool(v["roman_front_matter"]),
        text_files=[f for f in v["texts"] if f],
        authors=v["authors"],
        toc_depth=v["toc_depth"],
        text_start=TextStart(v["text_start"]) if v["text_start"] else None,
        footnote_numbering=FootnoteNumbering(v["footnote_numbering"]) if v["footnote_numbering"] else None,
        bibliography=v["bibliography"],
        citation_style=v["citation_style"],
        back_cover=v["back_cover"],
        list_of_figures=v["list_of_figures"],
    )
    _load_texts(pub, findings)
    return pub


def _load_texts(pub: Publication, findings: Findings) -> None:
    listed: set[Path] = set()
    seen_ids: dict[str, tuple[int, str]] = {}
    pub_path = pub.source.path
    for order, name in enumerate(pub.text_files):
        line = pub.source.line(f"texts.{order}")
        candidate = _on_disk(pub.folder, name)
        resolved = candidate.resolve()
        if Path(name).is_absolute() or not resolved.is_relative_to(pub.folder):
            findings.error("load.text-outside", pub_path, line, file=name)
            continue
        if not name.endswith(".md"):
            if _on_disk(pub.folder, f"{name}.md").is_file():  # «morgenkaffe» for morgenkaffe.md
                findings.error("load.text-not-md-hint", pub_path, line, file=name, hint=f"{name}.md")
            else:
                findings.error("load.text-not-md", pub_path, line, file=name)
            continue
        if not candidate.is_file():
            hint = schema.suggest(name, [md.name for md in pub.folder.glob("*.md")])
            findings.error("load.text-missing-hint" if hint else "load.text-missing", pub_path, line, file=name,
                           folder=pub.folder.name, hint=hint or "")
            continue
        listed.add(resolved)
        text_id = unicodedata.normalize("NFC", candidate.stem)
        if text_id in seen_ids:
            first_line, first_name = seen_ids[text_id]
            if Path(first_name) == Path(name):
                findings.error("load.text-twice", pub_path, line, file=name, first=first_line)
            else:  # a/host.md and b/host.md: different files, but a text is known (and quoted) by its file name
                findings.error("load.same-name", pub_path, line, file=name, other=first_name, first=first_line,
                               stem=text_id)
            continue
        seen_ids[text_id] = (line, name)
        text = load_text(candidate, pub, order, findings)
        if text is not None:
            pub.texts.append(text)
    # Texts not in the order yet (a participant's new submission, a draft) are still checked, so their
    # problems show before anyone adds them; they stay out of pub.texts, so the plan never sees them.
    for md in sorted(pub.folder.glob("*.md")):
        resolved = md.resolve()
        if resolved in listed:
            continue
        if not resolved.is_relative_to(pub.folder):  # a shortcut to a file elsewhere: not read at all
            findings.error("load.text-link", md, 0, file=md.name)
            continue
        findings.warning("load.text-unlisted", md, 0, file=md.name, publication=pub_path.name)
        text = load_text(md, pub, len(pub.text_files) + len(pub.unlisted), findings)
        if text is not None:
            pub.unlisted.append(text)


def _on_disk(folder: Path, name: str) -> Path:
    """The file ``name`` in ``folder`` as stored on disk.

    publication.yml is read as NFC, but a file copied from a Mac keeps its name in NFD (``a`` + ring for ``å``),
    and Linux compares names byte for byte: where a part of the path is not found as written, take the entry
    that is the same name in the other normal form.
    """
    path = folder
    for part in Path(name).parts:
        candidate = path / part
        if not candidate.exists() and path.is_dir():
            wanted = unicodedata.normalize("NFC", part)
            try:
                match = next((e for e in os.listdir(path) if unicodedata.normalize("NFC", e) == wanted), None)
            except OSError:
                match = None
            candidate = path / match if match else candidate
        path = candidate
    return path


def load_text(path: Path, pub: Publication, order: int, findings: Findings, *, data: bytes | None = None) -> Text | None:
    """One text file; ``data`` gives its bytes when it is not written yet (the studio's check before saving)."""
    parsed = _parse(path, findings, data=data)
    if parsed is None:
        return None
    v = schema.validate(parsed.data, schema.TEXT, parsed.lines, path, findings)
    if v["title"] is None:
        return None
    c = v["consent"]
    photos = [
        Photo(
            file=p["file"] or "",
            alt=p["alt"],
            credit=p["credit"],
            shows_writer=p["shows_writer"],
            consent=PhotoConsent(**p["consent"]),
            index=i,
        )
        for i, p in enumerate(v["photos"])
        if isinstance(p, dict)
    ]
    review = v["review"]
    return Text(
        id=unicodedata.normalize("NFC", path.stem),
        publication_id=pub.id,
        source=Source(path.resolve(), parsed.lines, parsed.body_line),
        title=v["title"],
        lang=v["lang"] or pub.lang,
        genre=Genre(v["genre"] or "prose"),
        role=Role(v["role"] or "participant"),
        contributor=v["contributor"],
        byline=Byline(v["byline"]) if v["byline"] else None,
        display_name=v["display_name"],
        consent=Consent(**c),
        photos=photos,
        review=Review(
            status=ReviewStatus(review["status"]) if review["status"] else None,
            by=review["by"],
            date=review["date"],
            note=review["note"],
        ),
        body=parsed.body,
        order=order,
        numbering=Numbering(v["numbering"]) if v["numbering"] else None,
        lead=v["lead"],
        photo_credit=v["photo_credit"],
    )


def load_register(path: Path, findings: Findings) -> Register:
    """The private register is optional; without it verify says it could not look for real names. A register
    that is there but cannot be read fully is an error (register.py): every name check depends on it."""
    if not path.is_file():
        return Register(path=None)
    parsed = _parse(path, findings, whole_file_yaml=True)
    if parsed is None:
        return Register(path=None)
    return register.validate(parsed.data, parsed.lines, path, findings)


MESSAGES: dict[str, tuple[str, str]] = {
    "load.publication-outside": (
        "Publikasjonsmappa «{name}» er en snarvei til en mappe utenfor tekstmappa ({target}), og blir ikke "
        "publisert. Kopier mappa inn i tekstmappa i stedet for å lenke til den.",
        "The publication folder «{name}» is a shortcut to a folder outside the texts folder ({target}) and is not "
        "published. Copy the folder into the texts folder instead of linking to it.",
    ),
    "load.same-name": (
        "«{file}» har samme filnavn som «{other}» (linje {first}). En tekst er kjent ved filnavnet sitt ({stem}), "
        "også når andre tekster siterer den, så to tekster kan ikke hete det samme. Gi den ene fila et annet navn, "
        "og rett lista.",
        "«{file}» has the same file name as «{other}» (line {first}). A text is known by its file name ({stem}), "
        "also when other texts quote it, so two texts cannot share one. Rename one of the files and correct the "
        "list.",
    ),
}
