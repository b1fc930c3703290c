"""Word-level damage in a decoded text: mojibake, glyphs a PDF font swapped, OCR misreadings, lost æøå,
hyphen breaks from PDFs, dates Markdown would turn into lists. Only reported, with the likely word as a
suggestion: changing a participant's words is the writer's decision.

Why our own detector and not ftfy (looked at for issue 9): ftfy fixes UTF-8 read as Windows-1252/latin-1
(we find that too, double encoding included), but it did not flag Mac-style «f√∏r», has no notion of a PDF
font's private glyph swaps (ß for ø, ¬ for å) or OCR misreadings, and its fix_text also changes quotes and
dashes, which we must never do. So this module keeps its small, explicit tables.
"""

from __future__ import annotations

import functools
import re

from .hygiene import CONTROL_CHARS, MAX_REPORTS, NORWEGIAN, Issue

# Characters that are normal in a Norwegian text (besides printable ASCII): letters of names from many
# languages and typographic punctuation. Everything else is "odd"; a repair must reduce the odd count.
# Deliberately odd: Ã Â â Õ µ ° ¾ ¿ Œ ® ¯ † › ┐ √ ├ ¬ Þ – the characters mojibake is made of.
_NORMAL = frozenset(
    "æøåÆØÅéÉèÈêÊëËáÁàÀäÄãóÓòÒôÔöÖõúÚùÙûüÜíÍìîïçÇñÑý"
    "šŠžŽčČćĆđĐłŁńŃśŚźŹżŻőŐűŰğĞşŞıİăĂțȚșȘß"
    "«»–—‘’“”„…•€£§½¼\u00a0"
)
_TOKEN = re.compile(r"[^ \t]+")  # not \s: "Â\u00a0" (a damaged no-break space) must stay one token
_EDGE = ".,;:!?()[]{}\"'«»“”…*_"
# (shown as, really was) for single-byte damage: DOS (cp865) or old-Mac bytes read on Windows, and
# Windows bytes shown in a DOS window or on an old Mac, or Mac bytes shown in DOS.
_SINGLE_BYTE = (("cp1252", "cp865"), ("cp1252", "mac_roman"), ("cp850", "cp1252"), ("cp865", "cp1252"),
                ("mac_roman", "cp1252"), ("cp850", "mac_roman"), ("cp865", "mac_roman"))
# UTF-8 bytes read as one of these: "Ã¸" (Windows), "√∏" (Mac), "├╕"/"├©" (DOS).
_UTF8_SHOWN_AS = ("cp1252", "mac_roman", "cp850", "cp865")


def _odd(word: str) -> int:
    return sum(1 for c in word if not (" " <= c <= "~" or c in _NORMAL))


@functools.lru_cache(maxsize=4096)
def _byte(char: str, codec: str) -> int | None:
    """The byte ``char`` came from if it was shown through ``codec``; None if it cannot have been."""
    try:
        encoded = char.encode(codec)
    except UnicodeEncodeError:
        # latin-1 readers turn cp1252's undefined and special bytes into C1 controls: take them back too
        return ord(char) if codec == "cp1252" and 0x80 <= ord(char) <= 0x9F else None
    return encoded[0] if len(encoded) == 1 else None


def _redecode_utf8(word: str, shown_as: str) -> str:
    """Turn every run that is valid UTF-8 once taken back to bytes into its character; keep the rest."""
    codes = [_byte(c, shown_as) for c in word]
    out, i = [], 0
    while i < len(word):
        b = codes[i]
        n = 0  # length of the UTF-8 sequence this byte would start
        if b is not None:
            n = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        tail = codes[i + 1:i + n]
        if n and len(tail) == n - 1 and all(t is not None and 0x80 <= t <= 0xBF for t in tail):
            try:
                out.append(bytes(codes[i:i + n]).decode("utf-8"))  # type: ignore[arg-type]
                i += n
                continue
            except UnicodeDecodeError:
                pass
        out.append(word[i])
        i += 1
    return "".join(out)


def _case_ok(word: str) -> bool:
    letters = "".join(c for c in word if c.isalpha())
    return letters in (letters.lower(), letters.upper(), letters.capitalize())


def _candidates(word: str):
    for shown_as in _UTF8_SHOWN_AS:
        current = word
        for _ in range(3):  # double encoding ("ÃƒÂ¸") needs a second pass
            following = _redecode_utf8(current, shown_as)
            if following == current:
                break
            current = following
        if current.endswith("â€"):  # ” is E2 80 9D; cp1252 has no 0x9D, so the last byte is often lost
            current = current[:-2] + "”"
        if current != word and not CONTROL_CHARS.search(current) and "\ufffd" not in current:
            yield current
    core = word.strip(_EDGE)
    # A single-byte round trip always "works", so it must prove itself: a real word around it (an ASCII
    # letter), only æøå appearing, and a plausible capitalisation ("MÅller", "ÆHeiØ" are refused).
    if not core or not any("a" <= c.lower() <= "z" for c in core):
        return
    for shown_as, really in _SINGLE_BYTE:
        codes = [_byte(c, shown_as) for c in core]
        if None in codes:
            continue
        try:
            repaired = bytes(codes).decode(really)  # type: ignore[arg-type]
        except UnicodeDecodeError:
            continue
        changes = [(a, b) for a, b in zip(core, repaired) if a != b]
        if changes and all(b in NORWEGIAN for _, b in changes) and _case_ok(repaired):
            yield word.replace(core, repaired, 1)


@functools.lru_cache(maxsize=8192)  # texts repeat their words; keeps a damaged 2 MB text fast
def repair_word(word: str) -> str | None:
    """The most plausible undamaged form of a mojibake word, or None if it does not look damaged."""
    before = _odd(word)
    if not before:
        return None
    best: tuple[int, str] | None = None
    for candidate in _candidates(word):
        score = _odd(candidate)
        if score < before and (best is None or score < best[0]):
            best = (score, candidate)
    return best[1] if best else None


# Words whose å/ø/æ was lost (OCR, PDF copy, a keyboard without them) and that are not words themselves.
# Left out on purpose because they are real words: for, ga (gave), bade, matte, mate, sta, hore, mote, far.
OCR_WORDS = {
    "pa": "på", "paa": "på", "na": "nå", "naa": "nå", "ma": "må", "sma": "små", "ogsa": "også",
    "ogsaa": "også", "nar": "når", "naar": "når", "gar": "går", "hoy": "høy", "hoyt": "høyt",
    "hoyre": "høyre", "forst": "først", "forste": "første", "gjore": "gjøre", "kjore": "kjøre",
    "kjope": "kjøpe", "kjopte": "kjøpte", "sporsmal": "spørsmål", "okonomi": "økonomi", "lordag": "lørdag",
    "sondag": "søndag", "forsok": "forsøk", "soknad": "søknad", "nodt": "nødt", "vaere": "være",
    "folte": "følte", "folelse": "følelse", "folelser": "følelser",
}
# Frequent Norwegian words without æøå: tells a Norwegian text from an English one in a nb publication.
_COMMON = frozenset("og jeg det ikke som har til med var en et den er de vi seg han hun eg ikkje me dei".split())
_MIN_WORDS_FOR_AEOEAA = 150
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_LIST_TRAP = re.compile(rf"^ {{0,3}}(\d+)\.[ \t]+({_MONTHS})\b", re.IGNORECASE)
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"(?:https?://|www\.|mailto:)[^\s<>)\]]+|\b[\w.-]+@[\w-]+\.[\w.-]+", re.I)
_MAY_HOLD_URL = re.compile(r"[:@]|www", re.I)
"""What every _URL match holds (a colon, an at sign or «www»): most texts have none, and then _URL, which tries
its second branch at every word, is not run at all."""


def find_damage(text: str, lang: str = "nb", genre: str = "prose", body_start_line: int = 1) -> list[Issue]:
    """Warnings about damaged words in a body; lines are file lines (the body starts at body_start_line).

    Nothing is changed: each warning carries what was found and a suggestion for the writer.
    """
    # Addresses are not words: «pa» in nav.no/pa/ or «forst» in a file name did not lose an å or ø.
    lines = (_URL.sub(lambda m: " " * len(m[0]), text) if _MAY_HOLD_URL.search(text) else text).split("\n")
    issues = _mojibake(lines, body_start_line)
    if lang in ("nb", "nn", "no"):
        issues += _pdf_glyphs(lines, body_start_line)
        issues += _ocr(lines, body_start_line, damaged=bool(issues))
        issues += _ocr_marks(lines, body_start_line)
    if genre != "poem":  # a poem's line-end hyphen is the poet's choice
        issues += _hyphen_breaks(lines, body_start_line)
    issues += _list_traps(lines, body_start_line)
    return sorted(issues, key=lambda issue: issue.line)


def _line_hits(lines: list[str], start: int, code: str, hits_in) -> list[Issue]:
    """One warning per line that has hits ``[(found, suggestion), …]``: the first shown, all counted."""
    issues = []
    for index, line in enumerate(lines):
        hits = hits_in(line)
        if hits:
            issues.append(Issue(code, start + index, "warning",
                                {"found": hits[0][0], "suggestion": hits[0][1], "count": len(hits)}))
            if len(issues) >= MAX_REPORTS:
                break
    return issues


def _mojibake(lines: list[str], start: int) -> list[Issue]:
    return _line_hits(lines, start, "text.mojibake", lambda line: [] if line.isascii() else [
        (token, fixed) for token in _TOKEN.findall(line) if (fixed := repair_word(token))])


def _ocr(lines: list[str], start: int, damaged: bool) -> list[Issue]:
    issues, first, count, words, common = [], None, 0, 0, 0
    for index, line in enumerate(lines):
        for word in _WORD.findall(line):
            words += 1
            lower = word.lower()
            common += lower in _COMMON
            # Only lower case or Capitalised: "PA" or "NAR" in capitals may be abbreviations.
            if lower in OCR_WORDS and word in (lower, lower.capitalize()):
                count += 1
                first = first or (start + index, word)
    if first:
        suggestion = OCR_WORDS[first[1].lower()]
        suggestion = suggestion.capitalize() if first[1][0].isupper() else suggestion
        issues.append(Issue("text.ocr", first[0], "warning",
                            {"found": first[1], "suggestion": suggestion, "count": count}))
    text_has_aeoeaa = any(c in NORWEGIAN for line in lines for c in line)
    # Mojibake already explains missing æøå; an English text in a Norwegian publication has no æøå either.
    if words > _MIN_WORDS_FOR_AEOEAA and not text_has_aeoeaa and not damaged and common >= 5:
        issues.append(Issue("text.no-aeoeaa", 0, "warning", {"words": words}))
    return issues


# Text copied out of PDFs whose fonts map glyphs to the wrong characters (seen in real reports): the same
# substitution throughout a document. None of these belongs inside a Norwegian word. ftfy knows codec
# confusions (ours above), not a font's private mapping, so this small table is our own.
PDF_GLYPHS = {"ß": "ø", "¬": "å", "Þ": "æ", "ò": "«"}
_PDF_WORD = re.compile(r"\S*[ß¬Þ]\S*|ò(?=\w)\S*")
_PDF_CHAR = re.compile(r"[ß¬Þò]")  # in every _PDF_WORD: a line without one is not searched word by word
# OCR that reads å as "&" (p&, n&r) and I as "|" at the start of a sentence ("| dag"); ø read as g at the
# start of a few frequent words ("gnsker").
_AMP_WORD = re.compile(r"(?<![\w&])([a-zæøå]*[a-zæøå]&|&[a-zæøå])[a-zæøå&]*(?![\w&])")
_BAR_I = re.compile(r"(?:^|(?<=[.!?:»”] ))\|(?= [a-zæøå])")
OCR_STEMS = {"gnsk": "ønsk", "gkonom": "økonom", "gyebl": "øyebl", "gvelse": "øvelse"}
_STEM_WORD = re.compile(r"\b(" + "|".join(OCR_STEMS) + r")(\w*)", re.IGNORECASE)


def _pdf_glyphs(lines: list[str], start: int) -> list[Issue]:
    def hits(line: str):
        words = [] if line.isascii() or not _PDF_CHAR.search(line) else [m.group() for m in _PDF_WORD.finditer(line)]
        return [(w, "".join(PDF_GLYPHS.get(c, c) for c in w)) for w in words
                if w.startswith("ò") or any(c.isalpha() for c in w if c not in PDF_GLYPHS)]

    return _line_hits(lines, start, "text.pdf-glyphs", hits)


def _ocr_marks(lines: list[str], start: int) -> list[Issue]:
    def hits(line: str):
        found = [(m.group(), m.group().replace("&", "å")) for m in _AMP_WORD.finditer(line)] if "&" in line else []
        if line.count("|") == 1:  # a Markdown table row has at least two
            found += [(f"| {word}", f"I {word}") for m in _BAR_I.finditer(line)
                      for word in line[m.end():].split()[:1]]
        return found + [(m.group(), _keep_case(m.group(1), OCR_STEMS[m.group(1).lower()]) + m.group(2))
                        for m in _STEM_WORD.finditer(line)]

    return _line_hits(lines, start, "text.ocr-chars", hits)


def _keep_case(found: str, replacement: str) -> str:
    return replacement.capitalize() if found[:1].isupper() else replacement


def _hyphen_breaks(lines: list[str], start: int) -> list[Issue]:
    issues = []
    for index, line in enumerate(lines[:-1]):
        end = _HYPHEN_END.search(line.rstrip()) if line.rstrip().endswith("-") else None  # search: every word
        following = _NEXT_WORD.match(lines[index + 1])
        if not end or not following or not following[1][0].islower():
            continue
        if following[1] in ("og", "eller"):  # "barne- og ungdomsarbeid": a real suspended compound
            continue
        head = end[1]
        joined = f"{head}-{following[1]}" if head.isupper() else head + following[1]  # "NAV-kontoret"
        issues.append(Issue("text.hyphen-break", start + index, "warning",
                            {"found": f"{head}- {following[1]}", "suggestion": joined}))
        if len(issues) >= MAX_REPORTS:
            break
    return issues


def _list_traps(lines: list[str], start: int) -> list[Issue]:
    # Markdown starts a numbered list only where a block starts: first line, after a blank line or a
    # heading. "1. oktober" elsewhere in a paragraph is harmless.
    issues = []
    for index, line in enumerate(lines):
        match = _LIST_TRAP.match(line)
        previous = lines[index - 1].strip() if index else ""
        if match and (not previous or previous.startswith("#")):
            found = f"{match[1]}. {match[2]}"
            issues.append(Issue("text.list-trap", start + index, "warning",
                                {"found": found, "suggestion": f"{match[1]}\\. {match[2]}"}))
            if len(issues) >= MAX_REPORTS:
                break
    return issues


MESSAGES: dict[str, tuple[str, str]] = {
    "text.mojibake": (
        "Her ser tegn ut til å være ødelagt: «{found}» skulle trolig vært «{suggestion}» ({count} slike ord på linja). Det skjer når tekst lagres i én tegnkoding og åpnes i en annen. Rett ordene (søk og erstatt), eller hent teksten på nytt fra originalen.",
        "Characters look damaged here: «{found}» was probably «{suggestion}» ({count} such words on the line). This happens when text is saved in one encoding and opened in another. Correct the words (search and replace), or copy the text again from the original.",
    ),
    "text.ocr": (
        "Det ser ut som å, ø eller æ har falt bort: «{found}» skulle trolig vært «{suggestion}» ({count} slike ord i teksten, det første her). Det skjer ofte ved skanning eller kopiering fra PDF. Les gjennom og rett ordene.",
        "It looks as if å, ø or æ were lost: «{found}» was probably «{suggestion}» ({count} such words in the text, the first here). This often happens with scanning or copying from PDF. Read through and correct the words.",
    ),
    "text.no-aeoeaa": (
        "Teksten har {words} ord, men ingen æ, ø eller å. Det tyder på at bokstavene har falt bort (skanning, PDF eller et tastatur uten norske bokstaver). Les gjennom og rett ordene.",
        "The text has {words} words but no æ, ø or å. The letters were probably lost (scanning, PDF or a keyboard without Norwegian letters). Read through and correct the words.",
    ),
    "text.pdf-glyphs": (
        "Her ser tegn ut til å være byttet ut da teksten ble kopiert fra en PDF: «{found}» skulle trolig vært "
        "«{suggestion}» ({count} slike ord på linja). Slike PDF-er bytter ofte ø med ß, å med ¬, æ med Þ og « med ò "
        "i hele teksten. Rett ordene (søk og erstatt), eller hent teksten fra originalen.",
        "Characters look swapped here from copying out of a PDF: «{found}» was probably «{suggestion}» ({count} such "
        "words on the line). Such PDFs often swap ø for ß, å for ¬, æ for Þ and « for ò throughout. Correct the words "
        "(search and replace), or copy the text from the original.",
    ),
    "text.ocr-chars": (
        "Her ser det ut som skanningen (OCR) har lest feil: «{found}» skulle trolig vært «{suggestion}» ({count} "
        "slike steder på linja). Les gjennom og rett ordene.",
        "It looks as if scanning (OCR) misread this: «{found}» was probably «{suggestion}» ({count} such places on "
        "the line). Read through and correct the words.",
    ),
    "text.hyphen-break": (
        "Et ord er delt med bindestrek over linjeskift, trolig fra en PDF: «{found}». Skal det være «{suggestion}»? Slå i så fall sammen ordet på én linje.",
        "A word is split with a hyphen across lines, probably from a PDF: «{found}». Should it be «{suggestion}»? If so, join the word on one line.",
    ),
    "text.list-trap": (
        "Linja starter med «{found}». På nettsida og i PDF-en blir det en nummerert liste, og datoen forsvinner. Skriv «{suggestion}» (skråstrek før punktumet) eller begynn setningen på en annen måte.",
        "The line starts with «{found}». On the website and in the PDF it becomes a numbered list and the date disappears. Write «{suggestion}» (backslash before the full stop) or start the sentence differently.",
    ),
}
