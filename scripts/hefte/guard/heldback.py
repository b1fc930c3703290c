"""Held-back words: the sentences and titles of every text that may not appear in a medium, as one index.

The index is built once per build from the plan and asked everywhere words are published: by check for each
published text, quote, docs/ page and publication field (the editor learns before anything is rendered), and by
verify for every output file. Everything is compared in normalise.fold's form, word by word, so punctuation,
markup, line breaks, entities, format characters and look-alike letters make no difference.

What is looked for, per held-back text:
- every run of SHINGLE words of its body (a pasted sentence, a quote in ordinary prose or a ``>`` block, a second
  copy of the file) that holds at least two words that are not everyday little words;
- its poem lines of 4-5 words (shorter runs than a shingle, but a poem's line is its own);
- its title (2+ words or 8+ letters; "Natta" alone is an everyday word) and the title's slug (URLs, anchors);
- the alt text of a photo held back from the medium while its text is published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import normalise, quotes
from ..model import Genre
from ..slugs import slugify
from .policy import SCREEN_PDF, Medium

WEB, SCREEN, PRINT = "web", "screen", "print"
SHINGLE = 6
GLUED = 24
"""Letters in a row compared where format characters blur the words (normalise.glued): about four words."""
"""A run of this many words of a held-back text is a leak. Shorter ones ("jeg gikk hjem igjen") occur anywhere."""
MIN_POEM_LINE_WORDS = 4
MIN_TITLE_WORDS, MIN_TITLE_CHARS = 2, 8
# Runs made only of these say nothing about where they came from ("og jeg vet ikke hva jeg").
_LITTLE = frozenset("""jeg du han hun vi dere de det den denne dette disse meg deg seg oss dem henne ham min mi mitt
mine din di ditt dine sin si sitt sine vår vårt våre og eller men for fordi at som når da så om hvis enn både
ikke bare også nå her der hva hvem hvor hvordan hvorfor en ei et ett to i på til fra med av ved over under etter
før mot uten hos inn ut opp ned bort hjem er var blir ble har hadde kan kunne vil ville skal skulle må måtte får
fikk gå går gikk sa si sier seg litt mye mange alle alt noe noen ingen aldri alltid kanskje jo nei ja the a of
eg ho dei me ikkje kva kor no berre òg""".split())
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|<[^>\n]*>")
_LINE_END_BREAK = re.compile(r"(\w)[-\u2010\u2011][ \t]*\n[ \t]*(\w+)")


def media(medium: str) -> tuple[Medium, ...]:
    """The policy media a kind of output needs: the screen PDF is on the web AND in print."""
    return SCREEN_PDF if medium == SCREEN else (Medium(medium),)


def allows(pt, medium: str) -> bool:
    return pt.decision.allows(*media(medium))


def reasons(pt, medium: str) -> list[str]:
    return list(dict.fromkeys(r.value for m in media(medium) for r in pt.decision.reasons(m)))


@dataclass(frozen=True)
class Needle:
    words: tuple[str, ...]
    source: object
    """The held-back PlannedText."""
    kind: str
    """``sentence``, ``title`` or ``photo`` (an alt text)."""
    line: int
    """Line in the held-back text's file, for the message that names both places."""


@dataclass
class Index:
    """What must not appear in one medium."""

    medium: str
    shingles: dict = field(default_factory=dict)  # SHINGLE-word tuple -> Needle
    phrases: dict = field(default_factory=dict)  # first word -> [Needle] (titles, slugs, short poem lines)
    glued_sources: list = field(default_factory=list)  # (held-back body as normalise.glued, Needle)
    _glued: dict | None = None

    def find_glued(self, glued: str) -> dict[tuple, tuple[Needle, str]]:
        """Held-back bodies whose letters (GLUED in a row) stand in ``glued``; built on first use, which is rare:
        only text with format characters is read this way."""
        if self._glued is None:
            self._glued = {}
            for letters, needle in self.glued_sources:
                for i in range(len(letters) - GLUED + 1):
                    self._glued.setdefault(letters[i:i + GLUED], needle)
        grams = {glued[i:i + GLUED] for i in range(len(glued) - GLUED + 1)} & self._glued.keys()
        return {(id(self._glued[g].source), "sentence"): (self._glued[g], g) for g in sorted(grams)}

    def find(self, streams: list[list[str]]) -> dict[tuple, tuple[Needle, int, int, int]]:
        """Needles found in any of the word streams: (id(source), kind) -> (first needle, its stream number, its
        word position, how many lines of the held-back text were found). One hit per text and kind refuses."""
        found: dict = {}
        lines: dict = {}

        def hit(needle: Needle, n: int, i: int) -> None:
            k = (id(needle.source), needle.kind)
            found.setdefault(k, (needle, n, i))
            lines.setdefault(k, set()).add(needle.line)

        for n, stream in enumerate(streams):
            if self.shingles and len(stream) >= SHINGLE:
                grams = set(zip(*(stream[i:] for i in range(SHINGLE)))) & self.shingles.keys()
                if grams:
                    for i in range(len(stream) - SHINGLE + 1):
                        gram = tuple(stream[i:i + SHINGLE])
                        if gram in grams:
                            hit(self.shingles[gram], n, i)
            starts = self.phrases.keys() & set(stream)
            if starts:
                joined = " " + " ".join(stream) + " "  # one C-level substring search per candidate
                for first in starts:
                    for needle in self.phrases[first]:
                        at = joined.find(" " + " ".join(needle.words) + " ")
                        if at >= 0:
                            hit(needle, n, joined.count(" ", 0, at))
        return {k: (*v, len(lines[k])) for k, v in found.items()}

    def __bool__(self) -> bool:
        return bool(self.shingles or self.phrases or self.glued_sources)


def streams_of(raw: str, first_line: int = 1) -> tuple[list[list[tuple[str, int]]], list[tuple[str, int]]]:
    """(folded word, line) of a source text, line by line; a second reading when format characters may stand
    for spaces (normalise.readings); and (normalise.glued, line) of each line with format characters."""
    plain, spaced, glued, apart = [], [], [], False
    # A word hyphenated at a line end is joined on the first line; the line count stays, so lines stay true.
    raw = _LINE_END_BREAK.sub(lambda m: m[1] + m[2] + "\n", _LINK_TARGET.sub(" ", raw))
    lines = raw.split("\n")
    whole = normalise.readings(raw)[1]
    if len(whole) == 1 and whole[0].count("\n") == len(lines) - 1:  # the common case: one pass for the text
        for number, line in enumerate(whole[0].split("\n"), first_line):
            plain += [(w, number) for w in normalise.words(line)]
        return [plain], glued
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        readings = normalise.readings(line)[1]
        plain += [(w, number) for w in normalise.words(readings[0])]
        spaced += [(w, number) for w in normalise.words(readings[-1])]
        if len(readings) > 1:
            apart = True
            glued.append((normalise.glued(readings[0]), number))
    return ([plain, spaced] if apart else [plain]), glued


def _body(text) -> str:
    """A text's own words: its quotes of other texts are theirs, and follow their source's consent."""
    return quotes.QUOTE_BLOCK.sub(lambda m: "\n" * m.group().count("\n"), text.body)


def _shingles(words: list[str]) -> list[int]:
    """Start positions of the SHINGLE-word runs that hold at least two words other than everyday little ones."""
    content = [0]
    for w in words:
        content.append(content[-1] + (w not in _LITTLE))
    return [i for i in range(len(words) - SHINGLE + 1) if content[i + SHINGLE] - content[i] >= 2]


def _needles(pt) -> list[Needle]:
    text = pt.text
    found: list[Needle] = []
    stream = streams_of(text.lead, text.source.line("lead"))[0][0] if text.lead else []  # the lead is its words too
    stream += streams_of(_body(text), text.source.body_line)[0][0]
    words = [w for w, _ in stream]
    found += [Needle(tuple(words[i:i + SHINGLE]), pt, "sentence", stream[i][1]) for i in _shingles(words)]
    if text.genre is Genre.POEM:
        for number, line in enumerate(_body(text).split("\n"), text.source.body_line):
            line_words = tuple(normalise.words(normalise.fold(line)))
            if MIN_POEM_LINE_WORDS <= len(line_words) < SHINGLE:
                found.append(Needle(line_words, pt, "sentence", number))
    for photo in text.photos:  # its photos' alt texts go where the text goes: nowhere here
        words = normalise.words(normalise.fold(photo.alt or ""))
        found += [Needle(tuple(words[i:i + SHINGLE]), pt, "photo", text.source.line(f"{photo.key}.alt"))
                  for i in _shingles(words)]
    title = text.title.strip()
    title_words = tuple(normalise.words(normalise.fold(title)))
    if title_words and (len(title_words) >= MIN_TITLE_WORDS or len(title) >= MIN_TITLE_CHARS):
        line = text.source.line("title")
        found.append(Needle(title_words, pt, "title", line))
        slug = tuple(normalise.words(normalise.fold(slugify(title))))
        if slug and slug != title_words:
            found.append(Needle(slug, pt, "title", line))
    return found


def _photo_needles(pt, medium: str) -> list[Needle]:
    photo_medium = Medium.WEB if medium == WEB else Medium.PRINT
    found = []
    for planned in pt.photos:
        if planned.decision.allows(photo_medium) or not allows(pt, medium):
            continue
        words = tuple(normalise.words(normalise.fold(planned.photo.alt or "")))
        line = pt.text.source.line(f"{planned.photo.key}.alt")
        found += [Needle(words[i:i + SHINGLE], pt, "photo", line) for i in _shingles(list(words))]
    return found


def build_indexes(plan, mediums=(WEB, SCREEN, PRINT)) -> dict[str, Index]:
    """One index per medium, from every planned text: held-back texts give needles, published ones none. Made
    once per plan (Plan.held_back): check asks for web and print, verify again with the screen PDF's."""
    missing = [m for m in mediums if m not in plan.held_back]
    if missing:
        plan.held_back.update(_build_indexes(plan, missing))
    return {m: plan.held_back[m] for m in mediums}


def _build_indexes(plan, mediums) -> dict[str, Index]:
    indexes = {m: Index(m) for m in mediums}
    read = plan.held_back_words
    for pt in plan.all_texts():
        for medium, index in indexes.items():
            if allows(pt, medium):
                needles = _photo_needles(pt, medium)
            else:
                if id(pt) not in read:
                    read[id(pt)] = (_needles(pt), normalise.glued(normalise.fold(_body(pt.text))))
                needles, letters = read[id(pt)]
                index.glued_sources.append((letters, Needle((), pt, "sentence", pt.text.source.body_line)))
            for needle in needles:
                if len(needle.words) == SHINGLE and needle.kind != "title":
                    index.shingles.setdefault(needle.words, needle)
                else:
                    index.phrases.setdefault(needle.words[0], []).append(needle)
    return indexes


@dataclass(frozen=True)
class Place:
    """A stretch of published words, for check: a text's body or field, a docs/ page, a publication field."""

    path: Path
    raw: str
    first_line: int
    label: str
    """What it is, for the message: a key (``title``, ``photos.0.alt``) or ``text``."""


def find_in_places(index: Index, places: list[Place], read: dict | None = None) -> list[tuple[Place, int, Needle]]:
    """(place, line, needle) for each held-back text whose words stand in a place. ``read``: the places' words
    as streams_of gave them, kept for the next index asked about the same places (a text's web and print)."""
    hits = []
    read = {} if read is None else read
    for place in places:
        if (place.raw, place.first_line) not in read:
            read[place.raw, place.first_line] = streams_of(place.raw, place.first_line)
        streams, glued = read[place.raw, place.first_line]
        found = {k: (needle, streams[n][position][1])
                 for k, (needle, n, position, _) in index.find([[w for w, _ in s] for s in streams]).items()}
        for letters, line in glued:
            for k, (needle, _) in index.find_glued(letters).items():
                found.setdefault(k, (needle, line))
        hits += [(place, line, needle) for needle, line in found.values()]
    return hits


# --- check: the editor hears of it before anything is rendered ---------------------------------------------------


def text_places(pt, plan, medium: str) -> list[Place]:
    """Everything of a planned text that is published in ``medium``: title, name, body, quotes, photo texts."""
    text, src = pt.text, pt.text.source
    places = [Place(src.path, text.title, src.line("title"), "title"),
              Place(src.path, _body(text), src.body_line, "text")]
    for key in ("display_name", "lead", "photo_credit"):
        if getattr(text, key, None):
            places.append(Place(src.path, getattr(text, key), src.line(key), key))
    publication = plan.project.publication(text.publication_id)
    for quote in quotes.find_quotes(text.body):
        if plan.may_quote(quote.ref, publication, *media(medium)) is not None:
            places.append(Place(src.path, quote.words, src.body_line + quote.line, "text"))
    photo_medium = Medium.WEB if medium == WEB else Medium.PRINT
    for planned in pt.photos:
        if planned.decision.allows(photo_medium):
            for key in ("alt", "credit"):
                value = getattr(planned.photo, key)
                if value:
                    places.append(Place(src.path, value, src.line(f"{planned.photo.key}.{key}"), key))
    return places


def publication_places(pub) -> list[Place]:
    """publication.yml's words: they stand on every page and in the colophon of both media."""
    src = pub.source
    fields = [("title", pub.title), ("subtitle", pub.subtitle), ("licence", pub.licence), ("cover.alt", pub.cover.alt),
              ("place", pub.place), ("publisher.name", pub.publisher.name), ("series.name", pub.series.name)]
    fields += [(f"editors.{i}", name) for i, name in enumerate(pub.editors)]
    fields += [(f"credits.{k}", v) for k, v in vars(pub.credits).items()]
    return [Place(src.path, value, src.line(key), key) for key, value in fields if value]


def docs_places(docs_dir: Path) -> list[Place]:
    """Hand-written pages under docs/: MkDocs publishes every one of them on the website."""
    if not docs_dir.is_dir():
        return []
    places = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            places.append(Place(path.resolve(), path.read_text("utf-8", "replace"), 1, "text"))
        except OSError:
            continue
    return places


def report(found: dict[str, list[tuple[Place, int, Needle]]], findings, root: Path | None) -> None:
    """One error per place, line and held-back text, naming both places and the way out."""
    merged: dict = {}
    for medium, hits in found.items():
        for place, line, needle in hits:
            entry = merged.setdefault((place.path, line, id(needle.source), needle.kind), [place, line, needle, []])
            entry[3].append(medium)
    for place, line, needle, mediums in merged.values():
        held = needle.source
        where = Path(held.text.source.path)
        if root is not None and where.is_relative_to(root):
            where = where.relative_to(root)
        findings.error(f"heldback.{needle.kind}", place.path, line, text=held.text.qualified_id, ref=held.text.id,
                       where=f"{where}:{needle.line}", medium=mediums[0] if len(mediums) == 1 else "both",
                       reasons=reasons(held, mediums[0]))


def check_text(pt, plan, indexes: dict[str, Index], findings, root: Path | None = None) -> None:
    """Held-back words in one planned text, for every medium it is published in (usable per text)."""
    read: dict = {}  # its body and fields stand in both media: normalised and split into words once
    found = {medium: find_in_places(index, text_places(pt, plan, medium), read)
             for medium, index in indexes.items() if medium != SCREEN and allows(pt, medium) and index}
    report(found, findings, root)


def check_places(places: list[Place], indexes: dict[str, Index], mediums, findings, root: Path | None = None) -> None:
    """Held-back words in pages and fields bound for ``mediums`` (docs/ pages: web; publication.yml: both)."""
    report({m: find_in_places(indexes[m], places) for m in mediums if indexes.get(m)}, findings, root)


MESSAGES: dict[str, tuple[str, str]] = {
    "heldback.sentence": (
        "Her står ord fra teksten {text} ({where}), som holdes tilbake fra {medium}: {reasons}. Her ville de blitt "
        "publisert likevel. Er det et sitat, skriv det som `::: sitat {ref}` (da følger det samtykket til kilden); "
        "ellers fjern ordene.",
        "Words of the text {text} ({where}) stand here, and that text is held back from {medium}: {reasons}. Here "
        "they would be published anyway. If it is a quote, write it as `::: sitat {ref}` (it then follows its "
        "source's consent); otherwise remove the words."),
    "heldback.title": (
        "Her står tittelen på teksten {text} ({where}), som holdes tilbake fra {medium}: {reasons}. Tittelen alene "
        "kan peke ut teksten og skribenten: fjern den eller skriv om.",
        "The title of the text {text} ({where}) stands here, and that text is held back from {medium}: {reasons}. "
        "The title alone can point to the text and its writer: remove it or rewrite."),
    "heldback.photo": (
        "Her står bildeteksten (alt) til et bilde i {text} ({where}) som holdes tilbake fra {medium}. Fjern den eller "
        "skriv om.",
        "The alt text of a photo of {text} ({where}) stands here, and that photo is held back from {medium}. Remove "
        "it or rewrite."),
    "medium.both": ("nett og trykk", "the web and print"),
}
