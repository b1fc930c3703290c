"""Read a text file's raw bytes safely; damage.py finds damage in its words. Pure functions, no printing.

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
                if damage._odd(as_8bit) == 0:  # e.g. «Å»»: a letter and a quote in Word's encoding, or one UTF-8 letter
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
    return decoded, list(decoded.issues) + damage.find_damage(body, lang, genre, start)


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
    "text.zwnbsp": (
        "Teksten har et usynlig tegn (U+FEFF, {count} i alt) inne i seg, trolig limt inn fra en annen fil. Det deler "
        "ord for søket. Kjør `hefte fix {file}` for å fjerne det; ingen ord endres.",
        "The text has an invisible character (U+FEFF, {count} in all) inside it, probably pasted from another file. "
        "It splits words for search. Run `hefte fix {file}` to remove it; no word changes.",
    ),
}


# Word damage lives in damage.py; imported last because it builds on Issue and the limits above.
from . import damage  # noqa: E402
