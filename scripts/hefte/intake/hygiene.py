"""Read a text file's raw bytes safely and find damage in its text. Pure functions, no printing.

Participants' texts arrive through Word, e-mail and PDFs, so the bytes on disk are often not clean UTF-8
and the words themselves may carry damage from an earlier wrong conversion. ``decode`` turns bytes into
the text the loader parses and reports encoding trouble; ``find_damage`` reports word-level damage. Both
only report: changing a participant's words is the writer's decision (``hefte fix`` rewrites the
encoding, never the words).

Why no charset-detection library: charset-normalizer/chardet are not installed in the project
environment, and the decision we need is narrow: a participant's file is UTF-8 (perhaps with a BOM, or
UTF-16 from Notepad's «Unicode») or an 8-bit file from Word on Windows. A statistical detector would
pick silently among dozens of code pages; we decide between a few and always tell the writer.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass, field

MAX_TEXT_BYTES = 2_000_000  # one text file; larger is refused (denial of service, or the wrong file)
MAX_FRONT_MATTER_BYTES = 64_000  # same budget as frontmatter.py, for find_issues' own split
MAX_REPORTS = 20  # per code and text: the first ones show the pattern, hundreds would drown the report

NORWEGIAN = "æøåÆØÅ"


@dataclass(frozen=True)
class Issue:
    code: str
    """Message code, a key in MESSAGES (e.g. "encoding.cp1252", "text.mojibake")."""
    line: int
    """1-based line in the file; 0 when it concerns the whole file."""
    severity: str
    """"error" (must be fixed before publishing) or "warning"."""
    params: dict = field(default_factory=dict)
    """Values for the message template. Never "file"/"line"/"path": callers add those themselves."""


@dataclass(frozen=True)
class Decoded:
    text: str
    """BOM removed, CRLF/CR -> LF, NFC: what the loader parses. Empty when the data cannot be used."""
    encoding: str
    """"utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1" ("" when not decoded at all)."""
    issues: list[Issue]


# Files that are not text at all: participants drop the Word file or the PDF itself into the folder.
_MAGIC = (
    (b"PK\x03\x04", "Word/LibreOffice (.docx/.odt)"),
    (b"%PDF-", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Word 97-2003 (.doc)"),
    (b"{\\rtf", "RTF (.rtf)"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
# C0 controls except tab/newline (CR is gone by then), DEL and C1. Word leaves \x0b (manual line break)
# and \x0c (page break); latin-1 decoding turns bytes 0x80-0x9f into C1 controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> Decoded:
    """Decode a text file's bytes. Never raises; every problem is an Issue."""
    if len(data) > MAX_TEXT_BYTES:  # checked before any decoding work
        size = -(-len(data) // 1_000_000)
        limit = MAX_TEXT_BYTES // 1_000_000
        return Decoded("", "", [Issue("size.too-large", 0, "error", {"size": size, "limit": limit})])
    kind = _binary_kind(data)
    if kind:
        return Decoded("", "", [Issue("encoding.undecodable", 0, "error", {"kind": kind})])
    issues: list[Issue] = []
    body, encoding = data, "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[3:], "utf-8-sig"
        issues.append(Issue("encoding.bom", 1, "warning", {}))
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Word's and Notepad's «Unicode» is UTF-16; readable, but every other tool expects UTF-8.
        try:
            raw, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return Decoded("", "", [Issue("encoding.undecodable", 0, "error", {"kind": "UTF-16"})])
        issues.append(Issue("encoding.utf-16", 0, "error", {}))
    else:
        try:
            raw = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raw, encoding = _decode_8bit(body)
            # The whole file is decoded one way: a file mixing UTF-8 and cp1252 gets mojibake in its UTF-8
            # part, which find_damage then reports. Never guessed silently: this is an error until fixed.
            issues.append(Issue(f"encoding.{encoding}", _line_of_byte(body, exc.start), "error",
                                {"found": _word_at(raw, exc.start), "encoding": encoding}))
    if "\r" in raw:
        first = raw.count("\n", 0, raw.index("\r")) + 1
        issues.append(Issue("encoding.crlf", first, "warning", {"kind": "CRLF" if "\r\n" in raw else "CR"}))
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", raw):
        # Macs store å as a + combining ring (NFD): it looks right but breaks search, hyphenation, diffs.
        lines = raw.split("\n")
        first = next((n for n, line in enumerate(lines, 1) if not unicodedata.is_normalized("NFC", line)), 1)
        issues.append(Issue("encoding.nfd", first, "warning", {}))
        raw = unicodedata.normalize("NFC", raw)
    control = CONTROL_CHARS.search(raw)
    if control:
        issues.append(Issue("text.control-chars", raw.count("\n", 0, control.start()) + 1, "error",
                            {"char": f"U+{ord(control[0]):04X}", "count": len(CONTROL_CHARS.findall(raw))}))
    return Decoded(raw, encoding, issues)


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    # Many NUL bytes: UTF-16 without BOM or binary data. Stripping them (as fix does with a stray NUL)
    # would turn such a file into garbage, so it is refused instead.
    nul = head.count(0)
    if head[:2] not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) and nul > 2 and nul * 20 > len(head):
        return "UTF-16/binary"
    return None


def _decode_8bit(body: bytes) -> tuple[str, str]:
    # cp1252 is what Word on Windows writes. Its æøå sit at the same byte values as in latin-1, so æøå do
    # not tell the two apart; bytes 0x80-0x9f do: cp1252 has “”–… there, latin-1 only invisible controls.
    # So cp1252 whenever every byte is defined in it; otherwise latin-1, which maps each byte to the code
    # point of the same value and is therefore lossless (find_damage can still round-trip the words).
    try:
        return body.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return body.decode("latin-1"), "latin-1"


def _line_of_byte(data: bytes, pos: int) -> int:
    head = data[:pos]  # lines as the loader will see them: CRLF and lone CR both end a line
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _word_at(text: str, index: int) -> str:
    start = max((text.rfind(c, 0, index) for c in " \t\r\n"), default=-1) + 1
    ends = [e for e in (text.find(c, index) for c in " \t\r\n") if e != -1]
    return unicodedata.normalize("NFC", text[start:min(ends, default=len(text))][:40])


# --- word damage ------------------------------------------------------------------------------------

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


def find_damage(text: str, lang: str = "nb", genre: str = "prose", body_start_line: int = 1) -> list[Issue]:
    """Warnings about damaged words in a body; lines are file lines (the body starts at body_start_line).

    Nothing is changed: each warning carries what was found and a suggestion for the writer.
    """
    # Addresses are not words: «pa» in nav.no/pa/ or «forst» in a file name did not lose an å or ø.
    lines = _URL.sub(lambda m: " " * len(m[0]), text).split("\n")
    issues = _mojibake(lines, body_start_line)
    if lang in ("nb", "nn", "no"):
        issues += _ocr(lines, body_start_line, damaged=bool(issues))
    if genre != "poem":  # a poem's line-end hyphen is the poet's choice
        issues += _hyphen_breaks(lines, body_start_line)
    issues += _list_traps(lines, body_start_line)
    return sorted(issues, key=lambda issue: issue.line)


def _mojibake(lines: list[str], start: int) -> list[Issue]:
    issues = []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        hits = [(token, fixed) for token in _TOKEN.findall(line) if (fixed := repair_word(token))]
        if hits:
            issues.append(Issue("text.mojibake", start + index, "warning",
                                {"found": hits[0][0], "suggestion": hits[0][1], "count": len(hits)}))
            if len(issues) >= MAX_REPORTS:
                break
    return issues


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


def _hyphen_breaks(lines: list[str], start: int) -> list[Issue]:
    issues = []
    for index, line in enumerate(lines[:-1]):
        end = _HYPHEN_END.search(line.rstrip())
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


def split_front_matter(text: str) -> tuple[str, int]:
    """(body, body_start_line); the whole text from line 1 when there is no closed front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, 1
    budget = 0
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[number:]), number + 1
        budget += len(line.encode("utf-8")) + 1
        if budget > MAX_FRONT_MATTER_BYTES:
            break
    return text, 1


def find_issues(data: bytes, lang: str = "nb", genre: str = "prose") -> tuple[Decoded, list[Issue]]:
    """Decode, then look for damage in the body. Returns the Decoded and all issues (decode's first)."""
    decoded = decode(data)
    if not decoded.encoding:  # too large or not text: nothing to look at
        return decoded, list(decoded.issues)
    body, start = split_front_matter(decoded.text)
    return decoded, list(decoded.issues) + find_damage(body, lang, genre, start)


_FIX = ("Kjør `hefte fix {file}` for å lagre fila som UTF-8. Originalen blir tatt vare på som {file}.bak.",
        "Run `hefte fix {file}` to save the file as UTF-8. The original is kept as {file}.bak.")

MESSAGES: dict[str, tuple[str, str]] = {
    "size.too-large": (
        "Fila er større enn {limit} MB, som er grensen for én tekst. Sjekk at det er riktig fil – kanskje et bilde, en PDF eller mange tekster i én fil.",
        "The file is larger than {limit} MB, the limit for one text. Check that it is the right file – perhaps an image, a PDF or many texts in one file.",
    ),
    "encoding.undecodable": (
        "Dette er ikke en ren tekstfil; den ser ut som {kind}. Åpne den i programmet den ble laget i og velg «Lagre som» → «Ren tekst», tegnkoding UTF-8. Eller kopier teksten inn i en ny tekstfil.",
        "This is not a plain text file; it looks like {kind}. Open it in the program that made it and choose «Save as» → «Plain text», encoding UTF-8. Or copy the text into a new text file.",
    ),
    "encoding.utf-16": (
        "Fila er lagret som UTF-16 («Unicode» i Word eller Notisblokk), ikke UTF-8. " + _FIX[0],
        "The file is saved as UTF-16 («Unicode» in Word or Notepad), not UTF-8. " + _FIX[1],
    ),
    "encoding.cp1252": (
        "Fila er lagret med gammel Windows-tegnkoding (Windows-1252), ikke UTF-8. Første sted: «{found}». " + _FIX[0],
        "The file is saved in the old Windows encoding (Windows-1252), not UTF-8. First place: «{found}». " + _FIX[1],
    ),
    "encoding.latin-1": (
        "Fila er ikke lagret som UTF-8, men i en eldre tegnkoding vi ikke kan slå fast sikkert. Første sted: «{found}». " + _FIX[0]
        + " Les teksten etterpå og sjekk at æ, ø og å er riktige.",
        "The file is not saved as UTF-8 but in an older encoding we cannot determine for sure. First place: «{found}». " + _FIX[1]
        + " Read the text afterwards and check that æ, ø and å are right.",
    ),
    "encoding.bom": (
        "Fila starter med et usynlig BOM-tegn (Notisblokk legger det inn). Det går bra, men `hefte fix {file}` fjerner det.",
        "The file starts with an invisible BOM character (Notepad adds it). It works, but `hefte fix {file}` removes it.",
    ),
    "encoding.crlf": (
        "Fila har Windows-linjeskift ({kind}). Det går bra, men `hefte fix {file}` gjør dem om til vanlige linjeskift.",
        "The file has Windows line endings ({kind}). It works, but `hefte fix {file}` turns them into plain line endings.",
    ),
    "encoding.nfd": (
        "Noen bokstaver (for eksempel å) er lagret som to tegn – bokstav og ring over – slik Mac gjør. Det ser riktig ut, men søk og orddeling kan slå feil. `hefte fix {file}` retter det.",
        "Some letters (for example å) are stored as two characters – letter plus ring – as Macs do. It looks right, but search and hyphenation may fail. `hefte fix {file}` corrects it.",
    ),
    "text.control-chars": (
        "Fila har usynlige kontrolltegn ({count} i alt, det første er {char}). De kommer ofte fra Word eller PDF og kan ødelegge sida. Kjør `hefte fix {file}` for å fjerne dem (linje- og sideskift blir vanlige linjeskift).",
        "The file has invisible control characters ({count} in all, the first is {char}). They often come from Word or PDF and can break the page. Run `hefte fix {file}` to remove them (line and page breaks become plain line breaks).",
    ),
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
    "text.hyphen-break": (
        "Et ord er delt med bindestrek over linjeskift, trolig fra en PDF: «{found}». Skal det være «{suggestion}»? Slå i så fall sammen ordet på én linje.",
        "A word is split with a hyphen across lines, probably from a PDF: «{found}». Should it be «{suggestion}»? If so, join the word on one line.",
    ),
    "text.list-trap": (
        "Linja starter med «{found}». På nettsida og i PDF-en blir det en nummerert liste, og datoen forsvinner. Skriv «{suggestion}» (skråstrek før punktumet) eller begynn setningen på en annen måte.",
        "The line starts with «{found}». On the website and in the PDF it becomes a numbered list and the date disappears. Write «{suggestion}» (backslash before the full stop) or start the sentence differently.",
    ),
}
