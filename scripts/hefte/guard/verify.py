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

import markdown

from . import acknowledge, pii, quotes
from ..desk import marks
from ..render import web
from ..findings import Findings
from .readback import Doc, normalise, read, read_markup
from ..model import Byline, Genre
from ..pipeline import screen_texts
from .policy import SCREEN_PDF, Medium
from ..slugs import slugify

MANIFEST = "manifest.json"
MIN_SENTENCE_WORDS, MIN_POEM_LINE_WORDS = 6, 4
"""Shorter sentences ("Jeg gikk hjem.") occur in any text; matching them would stop honest builds."""
MIN_TITLE_WORDS, MIN_TITLE_CHARS = 2, 8
"""A title is looked for only with 2+ words or 8+ characters: "Natta" or "Hender" are everyday words."""
WEB, SCREEN, PRINT, PRIVATE = "web", "screen", "print", "private"

MESSAGES: dict[str, tuple[str, str]] = {
    "verify.held-back-text": (
        "{place}: {count} setning(er) fra teksten {text}, som holdes tilbake fra {medium}: {reasons}.",
        "{place}: {count} sentence(s) of the text {text}, which is held back from {medium}: {reasons}."),
    "verify.held-back-title": ("{place}: tittelen på teksten {text}, som holdes tilbake fra {medium}: {reasons}.",
                               "{place}: the title of the text {text}, which is held back from {medium}: {reasons}."),
    "verify.name": ("{place}: det virkelige navnet til {who} står her, og skal ikke publiseres i {medium}.",
                    "{place}: the real name of {who} appears here, and must not be published in {medium}."),
    "verify.fnr": ("{place}: et fødselsnummer ({text}) står her. Det skal aldri publiseres.",
                   "{place}: a national identity number ({text}) appears here. It must never be published."),
    "verify.image-metadata": ("{place}: bildet har metadata ({kinds}) som kan avsløre hvem, hvor og når.",
                              "{place}: the image carries metadata ({kinds}) that can reveal who, where and when."),
    "verify.photo-held-back": ("Bilde {file} til {text} ligger på nettsida, men holdes tilbake derfra: {reasons}.",
                               "Photo {file} of {text} is on the website, but is held back from it: {reasons}."),
    "verify.unreadable": ("Fila kan ikke kontrolleres ({problem}). Det som ikke kan kontrolleres, publiseres ikke.",
                          "The file cannot be verified ({problem}). What cannot be verified is not published."),
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


# A hyphen (or WeasyPrint's U+2010) at a line end joins two halves of a word; hyphens are then dropped on
# both sides, so "Nord-Norge", "Nord-\nNorge" and "vin‐\nter" compare equal to the source.
# --- what must not appear where -------------------------------------------------------------------------------


@dataclass
class Rules:
    """What must not appear in one kind of output."""

    medium: str
    sentences: dict  # a rare inner word -> [(normalised sentence, planned text, its inner words)]
    titles: dict  # normalised title or slug -> planned text
    names: tuple  # for pii.find_names, with transliterated forms (URLs and file names drop æøå)
    probes: tuple  # find_names (the slow part) runs only if one of these name parts occurs at all
    who: dict  # name -> contributor id or "deny", so messages never repeat the name
    acknowledged: frozenset  # normalised matches an editor acknowledged in a text published here


def _media(medium: str) -> tuple[Medium, ...]:
    return SCREEN_PDF if medium == SCREEN else (Medium(medium),)


def _allows(pt, medium: str) -> bool:
    return pt.decision.allows(*_media(medium))


def _reasons(pt, medium: str) -> list[str]:
    return list(dict.fromkeys(r.value for m in _media(medium) for r in pt.decision.reasons(m)))


_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[»«\"”’)\]]*|$)")
_CLAUSE = re.compile(r"[,;:–—]\s")


def _plain(text) -> str:
    """A text's own words as plain text (blocks and poem lines on their own lines), without quote blocks."""
    doc = Doc()
    html = markdown.markdown(quotes.QUOTE_BLOCK.sub("\n\n", text.body), extensions=["tables", "sane_lists",
                                                                                     "footnotes"])
    read_markup(html, doc, "text", block="\n", keep_lines=text.genre is Genre.POEM)
    return f"{text.lead}\n{doc.raw}" if text.lead else doc.raw  # the lead is the text's words too


def _sentences(text, plain: str) -> list[str]:
    """Sentences of >= 6 words, and their clauses of >= 6 words; in poems, lines of >= 4 words.

    Clauses catch what a whole sentence would miss: a quote cut with (…), or a sentence split by a page break.
    """
    if text.genre is Genre.POEM:
        return [s for s in map(normalise, plain.split("\n")) if len(s.split()) >= MIN_POEM_LINE_WORDS]
    sentences = [s for line in plain.split("\n") for s in _SENTENCE.findall(line)]
    pieces = (normalise(p) for s in sentences for p in dict.fromkeys([s, *_CLAUSE.split(s)]))
    return [p for p in dict.fromkeys(pieces) if len(p.split()) >= MIN_SENTENCE_WORDS]


def _public_words(state, medium: str, plains: dict) -> str:
    """Everything that may legitimately appear in a medium; a needle found here cannot tell a leak apart."""
    docs = state.config.root / state.config.docs_dir
    parts = [p.read_text("utf-8", "replace") for p in sorted(docs.rglob("*.md"))] if docs.is_dir() else []
    for pp in state.plan.publications:
        pub = pp.publication
        parts += [pub.title, pub.subtitle or "", *pub.editors, pub.publisher.name or "", pub.licence or "",
                  pub.cover.alt or "", *(v or "" for v in vars(pub.credits).values())]
        photo_medium = Medium.WEB if medium == WEB else Medium.PRINT
        for pt in (pt for pt in pp.texts if _allows(pt, medium)):
            parts += [pt.text.title, pt.byline or "", plains[id(pt)]]
            parts += [p.alt or "" for p in pt.photos_for(photo_medium)]
    return normalise("\n".join(parts))


def _name_rules(state, medium: str) -> tuple[tuple, tuple, dict]:
    """Real names of everyone not published with their full name here, and the deny list."""
    register = state.project.register
    published = [pt for pt in state.plan.all_texts() if _allows(pt, medium)]
    named = {pt.text.contributor for pt in published if pt.text.byline is Byline.NAMED and pt.byline}
    shown = {normalise(pt.byline) for pt in published if pt.byline}
    who = {name: "deny" for name in register.deny}
    for cid, contributor in register.contributors.items():
        if cid not in named:
            who.update({n: cid for n in contributor.names if normalise(n) not in shown})
    who.update({slugify(n, " "): w for n, w in list(who.items())})  # "fjellheim troan" in URLs and file names
    probes = {normalise(p) for n in who for p in re.split(r"[\s\-‐‑–]+", n) if len(p) > 1}
    return tuple(sorted(who)), tuple(sorted(probes)), who


def build_rules(state) -> dict[str, Rules]:
    texts = state.plan.all_texts()
    register = state.project.register
    acked = acknowledge.acknowledged_matches(state.project, [*register.deny, *(
        n for c in register.contributors.values() for n in c.names)])
    plains = {id(pt): _plain(pt.text) for pt in texts}
    sentences = {id(pt): _sentences(pt.text, plains[id(pt)]) for pt in texts}
    rules = {}
    for medium in (WEB, SCREEN, PRINT):
        public = _public_words(state, medium, plains)
        public_words = set(public.split())
        found, titles = {}, {}
        for pt in (pt for pt in texts if not _allows(pt, medium)):
            photo_medium = Medium.WEB if medium == WEB else Medium.PRINT
            alts = [normalise(p.photo.alt or "") for p in pt.photos if not p.decision.allows(photo_medium)]
            for s in sentences[id(pt)] + [a for a in alts if len(a.split()) >= MIN_SENTENCE_WORDS]:
                # Inner words only: the first and last may be glued to punctuation in the output.
                inner = frozenset(s.split()[1:-1]) or frozenset(s.split())
                if not (inner <= public_words and s in public):
                    found.setdefault(max(inner, key=len), []).append((s, pt, inner))
            title = normalise(pt.text.title)
            if (len(title.split()) >= MIN_TITLE_WORDS or len(title) >= MIN_TITLE_CHARS) and title not in public:
                titles.setdefault(title, pt)
                titles.setdefault(normalise(slugify(pt.text.title)), pt)  # in URLs, anchors and file names
        ok = frozenset(normalise(m) for pt in texts if _allows(pt, medium)
                       for m in acked.get(pt.text.qualified_id, ()))
        rules[medium] = Rules(medium, found, titles, *_name_rules(state, medium), ok)
    # The manifest is the editors' record, never published: it names consent forms ("C-2026-Fjellheim") on
    # purpose. Only a fødselsnummer has no business there either.
    rules[PRIVATE] = Rules(PRIVATE, {}, {}, (), (), {}, frozenset())
    return rules


# --- looking --------------------------------------------------------------------------------------------------


def _scan(doc: Doc, rules: Rules, path: Path, report: Report) -> None:
    raw = doc.raw
    norm = normalise(raw)
    words = set(norm.split())
    found: dict = {}
    for key in words & rules.sentences.keys():
        for needle, pt, inner in rules.sentences[key]:
            if inner <= words and needle in norm:
                found.setdefault(id(pt), [pt, needle, 0])[2] += 1
    for pt, needle, count in found.values():
        line, place = doc.locate(needle)
        report.error("verify.held-back-text", path, line, place=place, text=pt.text.qualified_id, count=count,
                     medium=rules.medium, reasons=_reasons(pt, rules.medium))
    titled = set()
    for needle, pt in rules.titles.items():
        # Whole words ("til deg" is not in "til degen"); a digit may follow: slugs get "-2" when titles repeat.
        whole = rf"(?<![^\W\d_]){re.escape(needle)}(?![^\W\d_])"
        if id(pt) not in titled and needle in norm and re.search(whole, norm):
            titled.add(id(pt))
            line, place = doc.locate(needle)
            report.error("verify.held-back-title", path, line, place=place, text=pt.text.qualified_id,
                         medium=rules.medium, reasons=_reasons(pt, rules.medium))
    seen = set()
    for hit in pii.find_names(raw, rules.names) if any(p in norm for p in rules.probes) else ():
        line, place = doc.where(hit.start)
        who = rules.who.get(hit.detail, "?")
        if normalise(hit.text) not in rules.acknowledged and (who, place) not in seen:
            seen.add((who, place))
            report.error("verify.name", path, line, place=place, who=who, medium=rules.medium)
    for hit in {h.text: h for h in pii.find_national_ids(raw) if h.kind == "fnr"}.values():
        line, place = doc.where(hit.start)
        report.error("verify.fnr", path, line, place=place, text=hit.text[:4] + "…")


def _medium_of(rel: Path, in_site: bool, pub_ids: set[str]) -> str:
    if rel.suffix.lower() == ".pdf" and (in_site or rel.stem in pub_ids):
        return SCREEN  # every PDF on the site is a download from the web; print/<pub>.pdf is its source
    if in_site:
        return WEB
    return PRIVATE if rel.as_posix() == MANIFEST else PRINT


def verify(state, site_dir: Path, print_dir: Path) -> Report:
    """Read every file under site_dir and print_dir; an error finding for anything that must not be there."""
    report = Report()
    if not state.project.register.available:
        report.warning("verify.no-register", None, 0)
    rules = build_rules(state)
    pub_ids = {pp.publication.id for pp in state.plan.publications}
    docs: dict[str, tuple] = {}  # by content: site/pdf/x.pdf is the same file as print/x.pdf, read it once
    for root, in_site in ((Path(site_dir), True), (Path(print_dir), False)):
        for path in sorted(Path(d, n) for d, _, names in os.walk(root) for n in names):
            rel = path.relative_to(root)
            medium_rules = rules[_medium_of(rel, in_site, pub_ids)]
            report.files_scanned += 1
            name = Doc()
            name.add(re.sub(r"[_./\\]+", " ", rel.as_posix()), 0, "file name")
            _scan(name, medium_rules, path, report)
            try:
                data = path.read_bytes()
                key = f"{rel.suffix}:{hashlib.sha256(data).hexdigest()}"
                if key not in docs:
                    doc = Doc()
                    docs[key] = doc, read(rel.name, data, doc)
            except Exception as exc:  # fail closed: what cannot be read cannot be shown to be clean
                report.error("verify.unreadable", path, 0, problem=f"{type(exc).__name__}: {exc}"[:200])
                continue
            doc, problems = docs[key]
            for place, kinds in problems:
                report.error("verify.image-metadata", path, 0, place=place, kinds=", ".join(kinds))
            _scan(doc, medium_rules, path, report)
            mark = marks.private_mark(doc.raw)
            if mark:  # a writer's proof or consent form: never published, whatever its contents
                line, place = doc.locate(mark)
                report.error("verify.private-document", path, line, place=place)
    _check_plan(state, Path(site_dir), report)
    return report


def _check_plan(state, site_dir: Path, report: Report) -> None:
    # Published photo names are hashes of (text, index, file): a held-back photo's name is known in advance.
    for pt in state.plan.all_texts():
        for planned in pt.photos:
            target = site_dir / web.photo_uri(pt, planned.photo)
            if not planned.decision.web and target.exists():
                report.error("verify.photo-held-back", target, 0, file=planned.photo.key, text=pt.text.qualified_id,
                             reasons=[r.value for r in planned.decision.reasons(Medium.WEB)])
    # A writer named in one text and not in another: their name is allowed there, so it cannot be checked.
    for medium in (WEB, PRINT):
        for cid in state.project.register.contributors:
            named = [pt.text.byline is Byline.NAMED for pt in state.plan.all_texts()
                     if pt.text.contributor == cid and _allows(pt, medium)]
            if any(named) and not all(named):
                report.warning("verify.mixed-bylines", None, 0, who=cid, medium=medium)


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
    manifest = {"today": state.plan.today.isoformat(), "publications": publications}
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
