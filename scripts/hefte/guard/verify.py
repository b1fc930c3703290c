"""Verify stage: read back every file the build produced and prove that nothing leaked.

It does not trust the renderers that obeyed the plan: it reads each output as a reader, a search engine or a
PDF viewer would (text, attributes, scripts, search index, sitemaps, PDF pages, metadata, XMP, bookmarks,
image metadata, file names) for held-back sentences and titles, real names, fødselsnumre and image metadata.
site/ counts as web; site/**/*.pdf and print/<pub>.pdf (the screen PDF) as web AND print; the rest of print/
as print; print/manifest.json (editors only, never published) for fødselsnumre only. Messages never repeat
what they protect (a name, a withdrawn sentence): build logs end up in CI.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import acknowledge, heldback, names, normalise, pii
from ..desk import marks
from ..render import web
from ..findings import Findings
from .normalise import key
from .readback import Doc, Unreadable, read
from ..model import Byline
from ..pipeline import screen_texts
from .policy import Medium
from ..slugs import slugify

MANIFEST = "manifest.json"
WEB, SCREEN, PRINT, PRIVATE = heldback.WEB, heldback.SCREEN, heldback.PRINT, "private"
NAME_CODES = ("pii.name", "pii.first-name", "pii.name-in-field")

MESSAGES: dict[str, tuple[str, str]] = {
    "verify.held-back-text": (
        "{place}: ord fra {count} {count:linje|linjer} i teksten {text}, som holdes tilbake fra {medium}: {reasons}.",
        "{place}: words from {count} {count:line|lines} of the text {text}, which is held back from {medium}: {reasons}."),
    "verify.held-back-title": ("{place}: tittelen på teksten {text}, som holdes tilbake fra {medium}: {reasons}.",
                               "{place}: the title of the text {text}, which is held back from {medium}: {reasons}."),
    "verify.name": ("{place}: det virkelige navnet til {who} står her, og skal ikke publiseres i {medium}.",
                    "{place}: the real name of {who} appears here, and must not be published in {medium}."),
    "verify.first-name": (
        "{place}: fornavnet til {who} står her uten godkjenning, og {who} publiserer ikke under fullt navn i "
        "{medium}. Bytt det ut, eller godta funnet fra `hefte check` i acknowledgements.yml.",
        "{place}: the first name of {who} appears here without an acknowledgement, and {who} is not published under "
        "their full name in {medium}. Replace it, or acknowledge the finding from `hefte check` in "
        "acknowledgements.yml."),
    "verify.fnr": ("{place}: et fødselsnummer ({text}) står her. Det skal aldri publiseres.",
                   "{place}: a national identity number ({text}) appears here. It must never be published."),
    "verify.image-metadata": ("{place}: bildet har metadata ({kinds}) som kan avsløre hvem, hvor og når.",
                              "{place}: the image carries metadata ({kinds}) that can reveal who, where and when."),
    "verify.photo-held-back": ("Bilde {file} til {text} ligger på nettsida, men holdes tilbake derfra: {reasons}.",
                               "Photo {file} of {text} is on the website, but is held back from it: {reasons}."),
    "build.mkdocs-site-removed": (
        "Kontrollen etter bygging fant {count} {count:lekkasje|lekkasjer} i nettsida MkDocs skrev. Nettsida ({site}) er slettet, "
        "så den ikke kan publiseres. Rett kilden og bygg på nytt (helst med `hefte build`, som også lager PDF-ene).",
        "Verify found {count} {count:leak|leaks} in the site MkDocs wrote. The site ({site}) has been deleted so that it cannot "
        "be published. Fix the source and build again (preferably with `hefte build`, which also makes the PDFs)."),
    "verify.unreadable": ("Fila kan ikke kontrolleres ({problem}). Det som ikke kan kontrolleres, publiseres ikke.",
                          "The file cannot be verified ({problem}). What cannot be verified is not published."),
    "verify.not-utf8": (
        "{place}Fila er ikke UTF-8-tekst (byte {offset} passer ikke), så hefte kan ikke lese den sikkert, og det som "
        "ikke kan kontrolleres, publiseres ikke. Lagre den som UTF-8 (i de fleste programmer: «Lagre som», koding "
        "UTF-8) og bygg på nytt, eller ta fila ut av docs/.",
        "{place}The file is not UTF-8 text (byte {offset} does not fit), so hefte cannot read it safely, and what "
        "cannot be verified is not published. Save it as UTF-8 (in most programs: “Save as”, encoding UTF-8) and "
        "build again, or take the file out of docs/."),
    "verify.packed": (
        "{place}Fila er av typen {kind}, som hefte ikke kan se inn i, og det som ikke kan kontrolleres, publiseres "
        "ikke. Lagre innholdet som PDF eller som en Markdown-side i docs/, eller ta fila ut, og bygg på nytt.",
        "{place}The file is of the kind {kind}, which hefte cannot look inside, and what cannot be verified is not "
        "published. Save its contents as a PDF or as a Markdown page in docs/, or take the file out, and build "
        "again."),
    "verify.unmapped-font": (
        "{place}PDF-en har en skrift der tegnene ikke er knyttet til bokstaver (ingen ToUnicode, og tegnene har "
        "ingen navn som sier hvilke bokstaver de er). Da kan ikke hefte lese teksten sikkert, og det som ikke kan "
        "kontrolleres, publiseres ikke. Lag PDF-en på nytt med teksten som tekst (i de fleste programmer: "
        "«Eksporter som PDF»), eller ta den ut av docs/.",
        "{place}The PDF has a font whose glyphs are not mapped to letters (no ToUnicode, and no glyph names that "
        "say which letters they are). hefte cannot read its text safely then, and what cannot be verified is not "
        "published. Make the PDF again with the text kept as text (in most programs: “Export as PDF”), or take "
        "it out of docs/."),
    "verify.no-register": ("Fant ikke det private registeret, så kontrollen kunne ikke se etter virkelige navn.",
                           "The private register was not found, so verify could not look for real names."),
    "verify.mixed-bylines": ("{who} har fullt navn i én tekst i {medium} og ikke i en annen: sjekk for hånd at de "
                             "ikke kan kobles.", "{who} is named in full in one text in {medium} and not in another:"
                             " make sure by hand that they cannot be linked."),
    "medium.screen": ("skjerm-PDF-en (krever samtykke til både nett og trykk)",
                      "the screen PDF (needs consent to both web and print)"),
}


class Report(Findings):
    """What verify found, plus how many files it read."""

    files_scanned: int = 0


# --- what must not appear where -------------------------------------------------------------------------------


@dataclass
class Rules:
    """What must not appear in one kind of output."""

    medium: str
    held_back: heldback.Index
    names: dict  # pii.names_index of every secret name, with transliterated forms (URLs and file names drop æøå)
    probes: frozenset  # first words of those names: find_names (the slow part) runs only if one occurs at all
    who: dict  # name -> contributor id or "deny", so messages never repeat the name
    shown: frozenset  # bylines readers see here (normalise.key): a first name that is one is no secret
    acknowledged: frozenset  # matches (normalise.key) an editor acknowledged, and nowhere left unacknowledged


def _name_rules(state, medium: str) -> tuple[dict, frozenset, dict, frozenset]:
    """Real names of everyone not published with their full name here, and the deny list."""
    register = state.project.register
    published = [pt for pt in state.plan.all_texts() if heldback.allows(pt, medium)]
    named = {pt.text.contributor for pt in published if pt.text.byline is Byline.NAMED and pt.byline}
    shown = frozenset(key(pt.byline) for pt in published if pt.byline)
    who = {name: "deny" for name in register.deny}
    for cid, contributor in register.contributors.items():
        if cid not in named:
            who.update({n: cid for n in contributor.names if key(n) not in shown})
    who.update({slugify(n, " "): w for n, w in list(who.items())})  # "fjellheim troan" in URLs and file names
    index = names.names_index(who, parts=True)
    return index, frozenset(index), who, shown


def _acknowledged(state, medium: str, acked: dict) -> frozenset:
    """Name matches acknowledged in texts published here, less any left unacknowledged in another such text:
    verify cannot tell which text a word on a page came from, so one unanswered finding keeps the name out."""
    published = {Path(pt.text.source.path): pt for pt in state.plan.all_texts() if heldback.allows(pt, medium)}
    ok = {key(m) for pt in published.values() for m in acked.get(pt.text.qualified_id, ())}
    open_findings = {key(f.params.get("text", "")) for f in state.findings
                     if f.code in NAME_CODES and f.path is not None and Path(f.path) in published}
    return frozenset(ok - open_findings)


def build_rules(state) -> dict[str, Rules]:
    register = state.project.register
    acked = acknowledge.acknowledged_matches(state.project, [*register.deny, *(
        n for c in register.contributors.values() for n in c.names)])
    indexes = heldback.build_indexes(state.plan)
    rules = {medium: Rules(medium, indexes[medium], *_name_rules(state, medium), _acknowledged(state, medium, acked))
             for medium in (WEB, SCREEN, PRINT)}
    # The manifest is the editors' record, never published: it names consent forms ("C-2026-Fjellheim") on
    # purpose. Only a fødselsnummer has no business there either.
    rules[PRIVATE] = Rules(PRIVATE, heldback.Index(PRIVATE), {}, frozenset(), {}, frozenset(), frozenset())
    return rules


# --- looking --------------------------------------------------------------------------------------------------


CODE_SUFFIXES = {".js", ".css", ".map", ".mjs"}
"""Theme code: minified words ("ida", "eva") would pass for first names; names and surnames are still looked for."""


def _scan(doc: Doc, rules: Rules, path: Path, report: Report, *, code: bool = False) -> None:
    raw = doc.raw
    first_names = not code
    cleaned, readings = normalise.readings(raw)
    streams = [normalise.words(r) for r in readings]
    found = rules.held_back.find(streams) if rules.held_back else {}
    if len(readings) > 1 and rules.held_back:  # format characters: also compare the letters without spaces
        glued = normalise.glued(readings[0])
        for k, (needle, gram) in rules.held_back.find_glued(glued).items():
            found.setdefault(k, (needle, gram, None, 1))
    for needle, n, _, count in found.values():
        if isinstance(n, str):  # found by its letters alone
            line, place = doc.where(normalise.span(raw, normalise.has_letters(n))[0])
        else:
            line, place = doc.locate(needle.words)
        code = "verify.held-back-title" if needle.kind == "title" else "verify.held-back-text"
        report.error(code, path, line, place=place, text=needle.source.text.qualified_id, medium=rules.medium,
                     count=count, reasons=heldback.reasons(needle.source, rules.medium))
    tokens = set().union(*streams)
    glued = normalise.glued(readings[0]) if len(readings) > 1 else ""
    if rules.probes & tokens or rules.probes & {w[:-1] for w in tokens if w.endswith("s")} or glued:
        seen = set()
        hits = [(h, False) for folded in dict.fromkeys(readings) for h in names.find_names_folded(folded, rules.names)]
        hits += [(h, True) for h in (names.find_glued_names(glued, rules.names) if glued else ())]
        for hit, by_letters in hits:
            matched = key(hit.text)
            if matched in rules.acknowledged or (hit.part == "first" and (matched in rules.shown or not first_names)):
                continue
            who = rules.who.get(hit.detail, "?")
            if by_letters:
                line, place = doc.where(normalise.span(raw, normalise.has_letters(hit.text))[0])
            else:
                line, place = doc.locate(tuple(normalise.words(hit.text)))
            if (who, place, hit.part == "first") not in seen:
                seen.add((who, place, hit.part == "first"))
                report.error("verify.first-name" if hit.part == "first" else "verify.name", path, line,
                             place=place, who=who, medium=rules.medium)
    for hit in {h.text: h for h in pii.find_national_ids(raw, cleaned) if h.kind == "fnr"}.values():
        line, place = doc.where(hit.start)
        report.error("verify.fnr", path, line, place=place, text=hit.text[:4] + "…")


def _medium_of(rel: Path, in_site: bool, pub_ids: set[str]) -> str:
    if rel.suffix.lower() == ".pdf" and (in_site or rel.stem in pub_ids):
        return SCREEN  # every PDF on the site is a download from the web; print/<pub>.pdf is its source
    if in_site:
        return WEB
    return PRIVATE if rel.as_posix() == MANIFEST else PRINT


def verify(state, site_dir: Path, print_dir: Path | None, *, cache: Path | None = None,
           also_web: list[Path] = (), workers: int | None = None) -> Report:
    """Read every file under site_dir and print_dir; an error finding for anything that must not be there.
    ``print_dir`` None: a website alone (plain ``mkdocs build``). ``cache``: a file that remembers which files
    were found clean (see ``CleanCache``); those are not read again while nothing they were checked against
    has changed. ``also_web``: more folders read as the website (the offline copy, ``hefte build --offline``);
    a zip in them is read member by member. ``workers``: processes that read the files (verify_workers.py;
    default as for the PDFs: one per core, or HEFTE_WORKERS)."""
    from functools import partial

    from . import verify_workers
    from .page_texts import FOLDER, PageTexts
    from .. import cores

    report = Report()
    if not state.project.register.available:
        report.warning("verify.no-register", None, 0)
    rules = build_rules(state)
    clean = CleanCache(cache, rules)
    pub_ids = {pp.publication.id for pp in state.plan.publications}
    roots = [(Path(site_dir), True), *(((Path(print_dir), False),) if print_dir else ()),
             *((Path(folder), True) for folder in also_web)]
    todo: list[tuple[Path, Path, bool]] = []
    keys: list[str | None] = []
    for root, in_site in roots:
        for path in sorted(Path(d, n) for d, dirs, names in os.walk(root) for n in names + _linked(d, dirs)):
            rel = path.relative_to(root)
            report.files_scanned += 1
            # A zip is never taken from the clean cache: its members' media (web, screen PDF) are not its own.
            seen = None if rel.suffix.lower() == ".zip" else clean.key(_medium_of(rel, in_site, pub_ids), rel, path)
            if seen not in clean:
                todo.append((path, rel, in_site))
                keys.append(seen)
    texts = PageTexts(Path(cache).parent / FOLDER if cache is not None else None)
    found = verify_workers.run(partial(_verify_files, rules, pub_ids, clean.contents, texts), todo,
                               cores.workers(workers), hashed=clean.contents)
    for seen, findings in zip(keys, found, strict=True):  # in the files' order, however they were read
        report.extend(findings)
        if not Findings(findings).has_errors():
            clean.add(seen)
    clean.save()
    texts.prune({digest for path, digest in clean.contents.items() if path.suffix.lower() == ".pdf"})
    _check_plan(state, Path(site_dir), report)
    return report


def _linked(folder: str, dirs: list[str]) -> list[str]:
    """Folders that are symbolic links: os.walk does not enter them (a link may loop), but a web server or a copy
    may follow them and publish what they hold. Given as files, each fails as unreadable: fail closed."""
    return [name for name in dirs if os.path.islink(os.path.join(folder, name))]


def _verify_files(rules: dict[str, Rules], pub_ids: set[str], hashed: dict[Path, str], texts,
                  files: list[tuple[Path, Path, bool]]) -> list[list]:
    """The findings of each file, in order. A PDF is read once however often it is given: site/pdf/x.pdf is the
    same file as print/x.pdf (verify_workers.py gives them to one worker together). ``hashed``: the sha256 of
    each file's bytes when its clean-cache key was made; bytes read that differ fail, for the key would remember
    as clean bytes that were never read. ``texts``: page_texts.PageTexts, PDF pages read before."""
    docs: dict[str, tuple] = {}
    lines: dict = {}  # the lines of markup read so far (readback.read_markup): a site's navigation is on every page
    found = []
    for path, rel, in_site in files:
        report = Report()
        try:
            if path.is_dir():  # a link to a folder (_linked)
                raise OSError("a link to a folder, which verify does not follow; put the files themselves there")
            if rel.suffix.lower() == ".zip":
                members = _zip_members(path)
            else:
                data = path.read_bytes()
                if path in hashed and hashlib.sha256(data).hexdigest() != hashed[path]:
                    raise OSError("the file changed while verify read it")
                members = [(rel, data, "")]
        except Exception as exc:  # fail closed, as for any file that cannot be read
            report.error("verify.unreadable", path, 0, problem=f"{type(exc).__name__}: {exc}"[:200])
            members = []
        for name, data, inside in members:
            _verify_file(path, name, data, inside, rules[_medium_of(name, in_site, pub_ids)], docs, report, texts,
                         lines)
        found.append(list(report))
    return found


MAX_ZIP = 4_000_000_000
"""A zip (the offline copy) unpacking to more than this is refused, not read."""


def _zip_members(path: Path) -> list[tuple[Path, bytes, str]]:
    """(name inside, bytes, "name: ") of every file in a zip; its size is checked before anything is unpacked."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if archive.comment or any(info.comment for info in archive.infolist()):
            # hefte's offline copy has none, and a comment is bytes no reader of the zip's files sees: fail closed
            raise ValueError("the zip carries a comment, which hefte's zips never do; make it again without one")
        if sum(info.file_size for info in infos) > MAX_ZIP:
            raise ValueError(f"unpacked larger than {MAX_ZIP // 1_000_000} MB")
        return [(Path(info.filename), archive.read(info), f"{info.filename}: ") for info in infos]


def _verify_file(path: Path, rel: Path, data: bytes | None, inside: str, rules: Rules, docs: dict,
                 report: Report, texts=None, lines: dict | None = None) -> None:
    """One file (``data`` None: read it from ``path``), or one member of a zip (``inside`` prefixes its places)."""
    name = Doc()
    name.add(re.sub(r"[_./\\]+", " ", rel.as_posix()), 0, inside + "file name")
    _scan(name, rules, path, report, code=_is_code(rel))
    try:
        data = path.read_bytes() if data is None else data
        key = f"{rel.suffix}:{hashlib.sha256(data).hexdigest()}"
        found = docs.get(key)
        if found is None:
            doc = Doc()
            found = doc, read(rel.name, data, doc, texts, lines)
            if rel.suffix.lower() == ".pdf":
                # Only a PDF is published twice (the screen PDF in print/ and on the site). Any other reading
                # is let go once checked: kept, they made verify's memory grow with the site (0.9 GB for 500
                # texts, each page repeating a navigation of 500 links).
                docs[key] = found
    except Unreadable as exc:  # bytes of a kind verify has no reading of (another encoding, an archive)
        params = dict(exc.params)
        report.error(exc.code, path, 0, place=inside + params.pop("within", ""), **params)
        return
    except Exception as exc:  # fail closed: what cannot be read cannot be shown to be clean
        report.error("verify.unreadable", path, 0, problem=f"{inside}{type(exc).__name__}: {exc}"[:200])
        return
    doc, problems = found
    if inside:
        doc = doc.within(inside)
    for place, kinds in problems:
        report.error("verify.image-metadata", path, 0, place=inside + place, kinds=", ".join(kinds))
    _scan(doc, rules, path, report, code=_is_code(rel))
    mark = marks.private_mark(doc.raw)
    if mark:  # a writer's proof or consent form: never published, whatever its contents
        line, place = doc.locate(tuple(normalise.words(mark)))
        report.error("verify.private-document", path, line, place=place)


def _is_code(rel: Path) -> bool:
    """Theme code, where first names are not looked for (CODE_SUFFIXES); the offline copy's search index is a
    script too, but it holds the pages' words: it is read as the search index it is."""
    return rel.suffix.lower() in CODE_SUFFIXES and rel.name != "search_index.js"


class CleanCache:
    """Files verify found clean, by a key of everything the finding depended on: the exact bytes, the path (the
    file name is scanned too, and decides the medium), the rules of that medium in canonical form (every
    held-back sentence and title with its reasons, every secret name, every byline shown, every acknowledged
    match) and hefte's own source. A file is scanned unless that very key was found clean before, so an edited
    text, a withdrawn consent or a new name in the register is checked in every file it could appear in.
    Only clean results are kept: a file with a finding is read again on every run."""

    def __init__(self, path: Path | None, rules: dict[str, Rules]):
        from ..render.pdf_cache import hefte_digest

        self.path = path
        self.rules = rules
        self.digests: dict[str, str | None] = {}
        self.salt = hefte_digest()
        self.known: set[str] = set()
        self.used: set[str] = set()
        self.contents: dict[Path, str] = {}
        """sha256 of each file's bytes as its key was made: what verify must then read (``_verify_files``)."""
        if path is not None:
            try:
                self.known = set(json.loads(Path(path).read_text("utf-8")))
            except (OSError, ValueError, TypeError):
                self.known = set()

    def key(self, medium: str, rel: Path, path: Path) -> str | None:
        if self.path is None:
            return None
        if medium not in self.digests:
            try:
                canon = json.dumps(_canon(self.rules[medium], medium), ensure_ascii=False, sort_keys=True)
                self.digests[medium] = hashlib.sha256(canon.encode()).hexdigest()
            except TypeError:  # rules this digest does not know how to write down: scan every file
                self.digests[medium] = None
        if self.digests[medium] is None:
            return None
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        self.contents[path] = content
        return hashlib.sha256(f"{self.salt}\0{self.digests[medium]}\0{rel.as_posix()}\0{content}".encode()).hexdigest()

    def __contains__(self, key: str | None) -> bool:
        if key is not None and key in self.known:
            self.used.add(key)
            return True
        return False

    def add(self, key: str | None) -> None:
        if key is not None:
            self.used.add(key)

    def save(self) -> None:
        if self.path is not None:  # only this run's files: the cache never grows past one build's outputs
            from ..files import write_atomically

            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            write_atomically(Path(self.path), json.dumps(sorted(self.used)).encode())


def _canon(value, medium: str):
    """``value`` as plain JSON data in one fixed order (sets and dicts sorted), for CleanCache's digest."""
    if isinstance(value, heldback.Index):
        return _canon_index(value, medium)
    if isinstance(value, dict):  # keys are unique: ordering by the key alone is a total order
        pairs = [(_canon(k, medium), _canon(v, medium)) for k, v in value.items()]
        return [[k, v] for k, v in sorted(pairs, key=lambda pair: _order(pair[0]))]
    if isinstance(value, (set, frozenset)):
        return sorted((_canon(v, medium) for v in value), key=_order)
    if isinstance(value, (list, tuple)):
        return [_canon(v, medium) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__dataclass_fields__"):
        return [type(value).__name__, {name: _canon(getattr(value, name), medium)
                                       for name in value.__dataclass_fields__ if not name.startswith("_")}]
    raise TypeError(f"verify's clean cache cannot fingerprint {type(value).__name__}")


_INDEX_FIELDS = {"medium", "shingles", "phrases", "glued_sources", "_glued"}
_NEEDLE_FIELDS = ("words", "source", "kind", "line")


def _canon_index(index: heldback.Index, medium: str) -> dict:
    """A held-back index in canonical form, each held-back text written out once. The index names a text under
    each of its needles: writing it out in full at every one took half a second a build at 200 texts. Each entry
    is its needle's fields (words, kind, line) and the number of its text (id, reasons here), texts numbered in
    the order the sorted index first names them, so the same index gives the same form in whatever order it was
    built. (Which needle object an entry holds is not written: the findings depend on its fields and its text.)
    A field this function does not know fails it: every file is read."""
    known = set(index.__dataclass_fields__) == _INDEX_FIELDS
    if not known or tuple(heldback.Needle.__dataclass_fields__) != _NEEDLE_FIELDS:
        raise TypeError("verify's clean cache does not know every field of heldback.Index")
    sources: dict[int, int] = {}
    texts: list = []

    def form(needle: heldback.Needle, words: bool = True) -> list:
        if type(needle) is not heldback.Needle:
            raise TypeError(f"verify's clean cache cannot fingerprint {type(needle).__name__} in an index")
        number = sources.get(id(needle.source))
        if number is None:
            number = sources[id(needle.source)] = len(texts)
            texts.append([needle.source.text.qualified_id, heldback.reasons(needle.source, medium)])
        return [needle.words, needle.kind, needle.line, number] if words else [needle.kind, needle.line, number]

    # A shingle is its needle's words (build_indexes): written once when they are (4 items), else both (5).
    shingles = [[gram, *form(needle, gram != needle.words)] for gram, needle in sorted(index.shingles.items())]
    return {"medium": index.medium, "shingles": shingles,
            "phrases": [[first, [form(n) for n in found]] for first, found in sorted(index.phrases.items())],
            "glued": [[letters, *form(needle)] for letters, needle in index.glued_sources], "texts": texts}


def _order(canon) -> str:
    if isinstance(canon, str):
        return canon
    if isinstance(canon, list) and all(isinstance(c, str) for c in canon):  # a shingle: words, no separator
        return "\x1f".join(canon)
    return json.dumps(canon, ensure_ascii=False)


def _check_plan(state, site_dir: Path, report: Report) -> None:
    # Published photo names are hashes of (text, index, file): a held-back photo's name is known in advance.
    for pt in state.plan.all_texts():
        for planned in pt.photos:
            target = site_dir / web.photo_uri(pt, planned.photo)
            if not planned.decision.web and target.exists():
                report.error("verify.photo-held-back", target, 0, file=planned.photo.key, text=pt.text.qualified_id,
                             reasons=[r.value for r in planned.decision.reasons(Medium.WEB)])
    for pp in state.plan.publications:  # the cover goes only where policy.decide_cover lets it
        target = site_dir / web.cover_uri(pp.publication)
        if pp.publication.cover.image and not web.web_cover(pp) and target.exists():
            reasons = [r.value for r in pp.cover.reasons(Medium.WEB)] if pp.cover else []
            report.error("verify.photo-held-back", target, 0, file=pp.publication.cover.image,
                         text=pp.publication.id, reasons=reasons)
    # A writer named in one text and not in another: their name is allowed there, so it cannot be checked.
    for medium in (WEB, PRINT):
        for cid in state.project.register.contributors:
            named = [pt.text.byline is Byline.NAMED for pt in state.plan.all_texts()
                     if pt.text.contributor == cid and heldback.allows(pt, medium)]
            if any(named) and not all(named):
                report.warning("verify.mixed-bylines", None, 0, who=cid, medium=medium)
    # A held-back photo's narrower copies (srcset: web.photo_variant_uri) have names known in advance too.
    for pt in state.plan.all_texts():
        for planned in (p for p in pt.photos if not p.decision.web):
            uri = web.photo_uri(pt, planned.photo)
            for target in (site_dir / web.photo_variant_uri(uri, width) for width in web.PHOTO_WIDTHS[:-1]):
                if target.exists():
                    reasons = [r.value for r in planned.decision.reasons(Medium.WEB)]
                    report.error("verify.photo-held-back", target, 0, file=planned.photo.key,
                                 text=pt.text.qualified_id, reasons=reasons)


# --- manifest -------------------------------------------------------------------------------------------------


def write_manifest(state, site_dir: Path, print_dir: Path, pdfs: dict) -> Path:
    """print/manifest.json: what was published where, on what consent. Editors only: it names the forms."""
    publications = []
    for pp in state.plan.publications:
        files = {kind: Path(p).name for kind, p in sorted(pdfs.get(pp.publication.id, {}).items())}
        on_screen = {id(pt) for pt in screen_texts(pp)}
        site_pdf = f"pdf/{files['screen']}" if "screen" in files and (
            Path(site_dir) / "pdf" / files["screen"]).is_file() else None
        texts, held = [], []
        for pt in pp.texts:
            held_back = {m.value: [r.value for r in pt.decision.reasons(m)]
                         for m in Medium if not pt.decision.allows(m)}
            if not pt.decision.anywhere:
                held.append({"id": pt.text.qualified_id, "reasons": held_back})
                continue
            in_pdfs = sorted(name for kind, name in files.items()
                             if (id(pt) in on_screen if kind == "screen" else pt.decision.print))
            texts.append(_manifest_text(pt, held_back, in_pdfs, site_pdf if id(pt) in on_screen else None))
        publications.append({"id": pp.publication.id, "title": pp.publication.title, "pdfs": files,
                             "site_pdf": site_pdf, "texts": texts, "held_back": held})
    target = Path(print_dir) / MANIFEST
    manifest = {"today": state.plan.today.isoformat(), "publications": publications,
                "acknowledgements": acknowledge.used(state.findings)}
    from ..desk import log  # the editors' log of consent and review actions: referred to, never copied

    desk_log = log.manifest_reference(state.config)
    if desk_log is not None:
        manifest["desk_log"] = desk_log
    target.write_text(json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return target


def _iso(value):
    return value.isoformat() if value is not None else None


def _manifest_text(pt, held_back: dict, in_pdfs: list, site_pdf: str | None) -> dict:
    text, consent, review = pt.text, pt.text.consent, pt.text.review
    photos = [{"index": p.photo.index, "web": web.photo_uri(pt, p.photo) if p.decision.web else None,
               "print": p.decision.print, "held_back": {m.value: [r.value for r in p.decision.reasons(m)]
                                                        for m in Medium if not p.decision.allows(m)}}
              for p in pt.photos]
    return {
        "id": text.qualified_id, "title": text.title, "role": text.role.value,
        "byline": text.byline.value if text.byline else None,  # the mode only: never a real name
        "sha256": hashlib.sha256(Path(text.source.path).read_bytes()).hexdigest(),
        "consent": {"given": _iso(consent.given), "form": consent.form, "web": consent.web, "print": consent.print,
                    "publish_after": _iso(consent.publish_after)},
        "review": {"status": review.status.value if review.status else None, "by": review.by,
                   "date": _iso(review.date)},
        "web": pt.url if pt.decision.web else None, "site_pdf": site_pdf, "pdfs": in_pdfs,
        "photos": photos, "held_back": held_back,
    }
