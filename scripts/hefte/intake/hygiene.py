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
            # Decoded run by run: what is valid UTF-8 stays exactly as it is (a file pasted together from a
            # UTF-8 part and a Word part must not turn «før» into «fÃ¸r»); only the other bytes are read as
            # Windows-1252. Never guessed silently: this is an error until `hefte fix` has saved it as UTF-8.
            mixed = _decode_runs(body)
            raw, encoding = mixed.text, mixed.encoding
            issues.append(Issue(f"encoding.{encoding}", _line_of_byte(body, exc.start), "error",
                                {"found": mixed.first_word, "encoding": encoding}))
            issues += [Issue("encoding.ambiguous", line, "error", {"utf8": a, "cp1252": b})
                       for line, a, b in mixed.ambiguous[:MAX_REPORTS]]
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
    if "\ufeff" in raw:
        # A BOM in the middle: pasted along with a copied file. Invisible, but it splits words for search.
        at = raw.index("\ufeff")
        issues.append(Issue("text.zwnbsp", raw.count("\n", 0, at) + 1, "warning", {"count": raw.count("\ufeff")}))
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


# A valid UTF-8 sequence of two to four bytes (no overlongs, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|"
    rb"\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass
class _Runs:
    text: str
    encoding: str
    """"cp1252", "latin-1" (a byte cp1252 does not define) or "mixed" (valid UTF-8 beside them)."""
    first_word: str
    """The word around the first byte that was not UTF-8, for the message."""
    ambiguous: list[tuple[int, str, str]]
    """(line, as UTF-8, as Windows-1252) where both readings are plausible: «NŻ» or «NÅ»."""


def _byte_8bit(byte: int) -> tuple[str, bool]:
    # cp1252 is what Word on Windows writes; its five undefined bytes fall back to latin-1 (a C1 control,
    # which check reports and fix removes), so no byte is ever lost without a word about it.
    try:
        return bytes([byte]).decode("cp1252"), True
    except UnicodeDecodeError:
        return chr(byte), False


def _decode_runs(body: bytes) -> _Runs:
    """Decode line by line: a valid UTF-8 line as UTF-8; in any other line, ASCII and valid UTF-8 sequences
    stay, every other byte is read as Windows-1252. A UTF-8 sequence that is also plausible Windows-1252 text
    («NÅ»: C5 BB, also «NŻ») is kept as UTF-8 but reported as ambiguous: `hefte fix` will not choose."""
    out, ambiguous, kinds, first = [], [], set(), ""
    for number, line in enumerate(body.split(b"\n"), 1):
        try:
            decoded = line.decode("utf-8")
            kinds.update({"utf8"} if not decoded.isascii() else set())
            out.append(decoded)
            continue
        except UnicodeDecodeError:
            pass
        pieces, pos, first_at = [], 0, None
        for match in [*_UTF8_SEQUENCE.finditer(line), None]:
            end = match.start() if match else len(line)
            for byte in line[pos:end]:
                if byte < 0x80:
                    pieces.append(chr(byte))
                    continue
                char, defined = _byte_8bit(byte)
                kinds.add("cp1252" if defined else "latin-1")
                first_at = len("".join(pieces)) if first_at is None else first_at
                pieces.append(char)
            if match:
                utf8 = match.group().decode("utf-8")
                as_8bit = "".join(_byte_8bit(b)[0] for b in match.group())
                kinds.add("utf8")
                if _odd(as_8bit) == 0:  # e.g. «Å»»: a letter and a quote in Word's encoding, or one UTF-8 letter
                    ambiguous.append((number, utf8, as_8bit))
                pieces.append(utf8)
                pos = match.end()
        text = "".join(pieces)
        if not first and first_at is not None:
            first = _word_at(text, first_at)
        out.append(text)
    encoding = "latin-1" if "latin-1" in kinds else "mixed" if "utf8" in kinds else "cp1252"
    return _Runs("\n".join(out), encoding, first, ambiguous)


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


def find_damage(text: str, lang: str = "nb", genre: str = "prose", body_start_line: int = 1) -> list[Issue]:
    """Warnings about damaged words in a body; lines are file lines (the body starts at body_start_line).

    Nothing is changed: each warning carries what was found and a suggestion for the writer.
    """
    lines = text.split("\n")
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
# OCR that reads å as "&" (p&, n&r) and I as "|" at the start of a sentence ("| dag"); ø read as g at the
# start of a few frequent words ("gnsker").
_AMP_WORD = re.compile(r"(?<![\w&])([a-zæøå]*[a-zæøå]&|&[a-zæøå])[a-zæøå&]*(?![\w&])")
_BAR_I = re.compile(r"(?:^|(?<=[.!?:»”] ))\|(?= [a-zæøå])")
OCR_STEMS = {"gnsk": "ønsk", "gkonom": "økonom", "gyebl": "øyebl", "gvelse": "øvelse"}
_STEM_WORD = re.compile(r"\b(" + "|".join(OCR_STEMS) + r")(\w*)", re.IGNORECASE)


def _pdf_glyphs(lines: list[str], start: int) -> list[Issue]:
    def hits(line: str):
        words = [] if line.isascii() else [m.group() for m in _PDF_WORD.finditer(line)]
        return [(w, "".join(PDF_GLYPHS.get(c, c) for c in w)) for w in words
                if w.startswith("ò") or any(c.isalpha() for c in w if c not in PDF_GLYPHS)]

    return _line_hits(lines, start, "text.pdf-glyphs", hits)


def _ocr_marks(lines: list[str], start: int) -> list[Issue]:
    def hits(line: str):
        found = [(m.group(), m.group().replace("&", "å")) for m in _AMP_WORD.finditer(line)]
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
    "encoding.mixed": (
        "Fila er satt sammen av UTF-8 og gammel Windows-tegnkoding (Windows-1252), for eksempel når tekst er limt inn "
        "fra flere steder. Første sted med Windows-tegn: «{found}». " + _FIX[0]
        + " Det som allerede var UTF-8 blir stående slik det er.",
        "The file mixes UTF-8 and the old Windows encoding (Windows-1252), for example after pasting from several "
        "places. First place with Windows characters: «{found}». " + _FIX[1]
        + " What was already UTF-8 stays as it is.",
    ),
    "encoding.ambiguous": (
        "Her kan to tegn leses på to måter: som «{utf8}» (UTF-8) eller som «{cp1252}» (Windows-1252). `hefte fix` "
        "velger ikke for deg: skriv ordet riktig på denne linja (eller lagre fila på nytt som UTF-8), og kjør "
        "`hefte fix {file}` igjen.",
        "Two characters here can be read two ways: as «{utf8}» (UTF-8) or as «{cp1252}» (Windows-1252). `hefte fix` "
        "does not choose for you: write the word correctly on this line (or save the file again as UTF-8), and run "
        "`hefte fix {file}` again.",
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
    "text.zwnbsp": (
        "Teksten har et usynlig tegn (U+FEFF, {count} i alt) inne i seg, trolig limt inn fra en annen fil. Det deler "
        "ord for søket. Kjør `hefte fix {file}` for å fjerne det; ingen ord endres.",
        "The text has an invisible character (U+FEFF, {count} in all) inside it, probably pasted from another file. "
        "It splits words for search. Run `hefte fix {file}` to remove it; no word changes.",
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
