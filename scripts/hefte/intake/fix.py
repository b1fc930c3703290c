"""The safe fix behind `hefte fix FILE...`: rewrite a text file as clean UTF-8, keeping the original.

What it changes is only how the text is stored: encoding (cp1252/latin-1/UTF-16 -> UTF-8), BOM, line
ends (CRLF/CR -> LF), Unicode normalisation (NFC) and invisible control characters. It never changes
words: mojibake, lost æøå and hyphen breaks are reported back (``FixResult.remaining``), because only
the writer knows what the text should say.

Safety: symlinks and non-regular files are refused (a fix must not write through a link to somewhere
else); the original bytes are saved to a new backup that never overwrites an older one; the new
content is written to a temporary file in the same folder and moved into place with os.replace, so a
crash leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import hygiene
from ..errors import HefteError

# Issues fix_file removes. Everything else (text.*) is left to the writer.
FIXABLE = frozenset({"encoding.bom", "encoding.crlf", "encoding.nfd", "encoding.cp1252", "encoding.latin-1",
                     "encoding.mixed", "encoding.utf-16", "text.control-chars", "text.zwnbsp"})
# Word's manual line break (\x0b), page break (\x0c) and NEL (\x85) mean "new line" to the writer.
_AS_NEWLINE = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
_MAX_BACKUPS = 1000
_FRONT_KEY = re.compile(r"^(lang|genre):[ \t]*[\"']?([A-Za-z-]+)", re.MULTILINE)
_GENRE_ALIASES = {"dikt": "poem", "prosa": "prose", "liste": "list"}


class FixError(HefteError):
    """A file hefte fix refuses to touch; ``code`` is a key in MESSAGES."""


@dataclass
class FixResult:
    path: Path
    backup: Path | None
    """Where the original bytes were saved; None when nothing was written."""
    changed: bool
    """True when the file was (or, with dry_run, would be) rewritten."""
    applied: list[str]
    """Issue codes fixed (or that would be fixed), e.g. ["encoding.cp1252", "encoding.crlf"]."""
    remaining: list[hygiene.Issue] = field(default_factory=list)
    """Word-level warnings still in the text, for the writer to decide (fix never changes words)."""


def clean_text(text: str) -> str:
    """The decoded text with control characters handled: breaks become newlines, the rest is removed."""
    # U+FEFF inside a text (a BOM pasted along with a copied file) is invisible: removing it changes no word.
    return hygiene.CONTROL_CHARS.sub("", text.translate(_AS_NEWLINE)).replace("\ufeff", "")


def fix_file(path: Path, *, dry_run: bool = False) -> FixResult:
    """Rewrite ``path`` as UTF-8 (no BOM), LF, NFC. Raises FixError for files it must not touch."""
    path = Path(path)
    data, mode = _read_regular(path)
    decoded = hygiene.decode(data)
    for issue in decoded.issues:
        if issue.code == "size.too-large":
            raise FixError("fix.too-large", path, limit=hygiene.MAX_TEXT_BYTES // 1_000_000)
        if issue.code == "encoding.undecodable":
            raise FixError("fix.not-text", path, kind=issue.params.get("kind", "?"))
        if issue.code == "encoding.ambiguous":
            # Either reading changes a word if it is the wrong one: the writer decides, nothing is written.
            raise FixError("fix.ambiguous", path, at=issue.line, **issue.params)
    new = clean_text(decoded.text).encode("utf-8")
    remaining = _remaining(new)
    if new == data:
        return FixResult(path, None, False, [], remaining)
    applied = sorted({issue.code for issue in decoded.issues if issue.code in FIXABLE})
    if dry_run:
        return FixResult(path, None, True, applied, remaining)
    backup = _write_backup(path, data, mode)
    _replace_atomically(path, new, mode)
    return FixResult(path, backup, True, applied, remaining)


def _read_regular(path: Path) -> tuple[bytes, int]:
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise FixError("fix.unreadable", path, problem=exc.strerror or str(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise FixError("fix.symlink", path)
    if not stat.S_ISREG(info.st_mode):
        raise FixError("fix.not-regular", path)
    if info.st_size > hygiene.MAX_TEXT_BYTES:
        raise FixError("fix.too-large", path, limit=hygiene.MAX_TEXT_BYTES // 1_000_000)
    try:
        # O_NOFOLLOW: a symlink swapped in after the lstat above is refused by the kernel as well.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise FixError("fix.not-regular", path)
            data = handle.read(hygiene.MAX_TEXT_BYTES + 1)  # bounded even if the file grew meanwhile
    except OSError as exc:
        raise FixError("fix.unreadable", path, problem=exc.strerror or str(exc)) from None
    if len(data) > hygiene.MAX_TEXT_BYTES:
        raise FixError("fix.too-large", path, limit=hygiene.MAX_TEXT_BYTES // 1_000_000)
    return data, stat.S_IMODE(info.st_mode)


def _write_backup(path: Path, data: bytes, mode: int) -> Path:
    """Save the original as <name>.bak, or .bak.1, .bak.2 … if that exists. Never overwrites."""
    for number in range(_MAX_BACKUPS):
        candidate = path.with_name(f"{path.name}.bak" + (f".{number}" if number else ""))
        try:
            # O_EXCL: creation fails if the name exists, even as a (dangling) symlink, so no race can
            # make us overwrite an earlier backup or write through a link.
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode or 0o644)
        except FileExistsError:
            continue
        except OSError as exc:
            raise FixError("fix.write-failed", path, problem=exc.strerror or str(exc)) from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return candidate
    raise FixError("fix.too-many-backups", path, count=_MAX_BACKUPS)


def _replace_atomically(path: Path, data: bytes, mode: int) -> None:
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise FixError("fix.write-failed", path, problem=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode or 0o644)  # mkstemp makes 0600; keep the original's permissions
        os.replace(temp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise FixError("fix.write-failed", path, problem=exc.strerror or str(exc)) from None
        raise
    with suppress(OSError):  # make the rename itself durable; not all systems allow fsync on a folder
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _remaining(new: bytes) -> list[hygiene.Issue]:
    # The damage check depends on language and genre (no hyphen warnings in poems); read them from the
    # front matter cheaply, without the schema, since a broken front matter must not stop a fix.
    text = new.decode("utf-8")
    _, body_line = hygiene.split_front_matter(text)
    front = "\n".join(text.split("\n")[: body_line - 1])
    found = dict(_FRONT_KEY.findall(front))
    genre = _GENRE_ALIASES.get(found.get("genre", "").lower(), found.get("genre", "prose").lower())
    _, issues = hygiene.find_issues(new, lang=found.get("lang", "nb").lower(), genre=genre)
    return [issue for issue in issues if issue.code not in FIXABLE]


def summary(result: FixResult, lang: str = "nb") -> str:
    """One line for the CLI: what was done to the file, with readable labels instead of issue codes."""
    from .. import messages

    applied = ", ".join(messages.render(f"fix.applied.{code}", lang) for code in result.applied)
    code = "fix.clean" if not result.changed else "fix.dry-run" if result.backup is None else "fix.done"
    return messages.render(code, lang, file=str(result.path), applied=applied,
                           backup=str(result.backup or ""))


MESSAGES: dict[str, tuple[str, str]] = {
    "fix.symlink": (
        "Fila er en snarvei (symbolsk lenke), ikke en vanlig fil. `hefte fix` retter bare vanlige filer: kjør kommandoen på selve fila.",
        "The file is a shortcut (symbolic link), not a regular file. `hefte fix` only fixes regular files: run it on the file itself.",
    ),
    "fix.not-regular": (
        "Dette er ikke en vanlig fil (kanskje en mappe). Oppgi en tekstfil, for eksempel `hefte fix tekster/hefte/min-tekst.md`.",
        "This is not a regular file (perhaps a folder). Give a text file, for example `hefte fix texts/booklet/my-text.md`.",
    ),
    "fix.too-large": (
        "Fila er større enn {limit} MB, så `hefte fix` rører den ikke. Sjekk at det er riktig fil.",
        "The file is larger than {limit} MB, so `hefte fix` does not touch it. Check that it is the right file.",
    ),
    "fix.not-text": (
        "Fila er ikke ren tekst (den ser ut som {kind}), så `hefte fix` rører den ikke. Åpne den i programmet den ble laget i og lagre som ren tekst (UTF-8), eller kopier teksten inn i en ny fil.",
        "The file is not plain text (it looks like {kind}), so `hefte fix` does not touch it. Open it in the program that made it and save as plain text (UTF-8), or copy the text into a new file.",
    ),
    "fix.unreadable": ("Fila kan ikke leses: {problem}.", "The file cannot be read: {problem}."),
    "fix.write-failed": (
        "Fila kunne ikke skrives: {problem}. Originalen er uendret.",
        "The file could not be written: {problem}. The original is unchanged.",
    ),
    "fix.too-many-backups": (
        "Det finnes allerede {count} sikkerhetskopier (.bak) av fila. Rydd bort gamle kopier først.",
        "There are already {count} backups (.bak) of the file. Remove old ones first.",
    ),
    # fix.done and fix.clean ({file}, {applied}, {backup}) live in messages.CATALOGUE, used by cli.py.
    "fix.dry-run": (
        "{file}: ville blitt rettet ({applied}). Ingenting er skrevet (prøvekjøring).",
        "{file}: would be fixed ({applied}). Nothing was written (dry run).",
    ),
    "fix.applied.encoding.cp1252": ("Windows-1252 → UTF-8", "Windows-1252 → UTF-8"),
    "fix.applied.encoding.latin-1": ("Latin-1 → UTF-8", "Latin-1 → UTF-8"),
    "fix.applied.encoding.mixed": ("Windows-1252-delene → UTF-8", "the Windows-1252 parts → UTF-8"),
    "fix.applied.text.zwnbsp": ("usynlig U+FEFF fjernet", "invisible U+FEFF removed"),
    "fix.ambiguous": (
        "Linje {at}: to tegn kan leses som «{utf8}» eller som «{cp1252}», og `hefte fix` velger ikke for deg, fordi "
        "det ene ville endret et ord. Ingenting er skrevet. Rett ordet på den linja for hånd (eller lagre fila på nytt "
        "som UTF-8), og kjør `hefte fix` igjen.",
        "Line {at}: two characters can be read as «{utf8}» or as «{cp1252}», and `hefte fix` does not choose for "
        "you, because one of them would change a word. Nothing was written. Correct the word on that line by hand (or "
        "save the file again as UTF-8), and run `hefte fix` again.",
    ),
    "fix.applied.encoding.utf-16": ("UTF-16 → UTF-8", "UTF-16 → UTF-8"),
    "fix.applied.encoding.bom": ("BOM fjernet", "BOM removed"),
    "fix.applied.encoding.crlf": ("linjeskift", "line endings"),
    "fix.applied.encoding.nfd": ("sammensatte bokstaver (NFC)", "combined letters (NFC)"),
    "fix.applied.text.control-chars": ("kontrolltegn fjernet", "control characters removed"),
}
