"""Publishing a build's outputs safely: one build at a time, a private staging folder, and site/ and print/
replaced as a pair, so that readers and the print shop never see a mix of two builds.

``out = Publication(config)`` before the plan is made (it notes the sources' state), then ``with out:``
around the rendering (used by build.py):

1. takes the project lock (``.hefte/lock``, an flock the kernel drops when the process dies, so a killed
   build never leaves a stale lock); a second build stops at once with a clear message;
2. finishes a swap a killed build left half done (``.hefte/journal.json``), then removes what dead builds
   left behind (their staging folders and half-copied folders beside the outputs);
3. gives the build a fresh staging folder (``.hefte/staging-PID/{site,print}``): mode 0700 and git-ignored,
   so a web server serving the project folder cannot show held-back texts from it;
4. ``out.publish()``: refuses when the sources changed while the build ran (its plan is stale: an editor
   withdrew a text meanwhile), else replaces both outputs. Every move is a rename on one file system; an
   output on another file system, or one that is a mount point (a web server's folder, a share), gets a
   copy beside it or inside it first. Only when every copy is complete is the journal written and the
   renames done, so a full disk leaves both old folders as they were, and a kill during the renames is
   finished by the next build.

Failures are said in plain words (HefteError): a full disk, a busy folder, a stale plan, another build.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import HefteError
from .files import write_atomically

STATE_DIR = ".hefte"
"""Per-project runtime state: the lock, the swap journal, staging folders. Never published, git-ignored."""
LEGACY = (".hefte-staging-", ".hefte-backup-")
"""Folder names earlier versions left in the project folder when killed."""
INCOMING, OLD = ".hefte-incoming-", ".hefte-old-"
"""Hidden folders beside (or inside, for a mount point) an output while it is replaced."""
PUBLISHED_FROM = "kilder"
"""In STATE_DIR: a digest of the sources (inputs) the published outputs were built from."""
STATE_IGNORE = "# hefte's build state: never commit or publish it\n*\n"
DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def state_folder(root: Path) -> Path:
    """The project's STATE_DIR, made with the .gitignore that keeps it out of git by whichever command first keeps
    something there (a build, or `hefte check` keeping its readings)."""
    state = Path(root) / STATE_DIR
    state.mkdir(mode=0o700, exist_ok=True)
    # Readable by the editor only: the cache holds every text as laid out (withdrawn ones from builds before) and
    # the check's readings (a phone number found in a text). An older hefte made it 0755.
    if state.stat().st_mode & 0o077:
        with contextlib.suppress(OSError):  # a folder of someone else's: what it holds is theirs to guard
            state.chmod(0o700)
    ignore = state / ".gitignore"
    if not ignore.is_file():
        ignore.write_text(STATE_IGNORE)
    return state


@dataclass
class _Move:
    src: str
    dst: str


class Publication:
    """The context of one build's outputs; see the module docstring."""

    def __init__(self, config):
        self.config = config
        self.state = config.root / STATE_DIR
        self.pid = os.getpid()
        self.staging = self.state / f"staging-{self.pid}"
        self.site = self.staging / "site"
        self.print = self.staging / "print"
        self.offline = self.staging / "offline"
        """Made only by ``hefte build --offline``; published with site/ and print/ when it is there."""
        self._lock_fd: int | None = None
        # Housekeeping first, before the plan is made and whether or not this build gets far: a second build
        # stops here at once, a half-done swap is finished, dead builds' folders go.
        try:
            state_folder(config.root)
            self._lock()
            try:
                recover(config)
                clean_stale(config)
            finally:
                self._unlock()
        except OSError as exc:
            raise _plain(exc, config.root) from exc
        # what the plan will be made from: compared again just before publishing
        self._inputs = inputs(config)

    # --- the context ---------------------------------------------------------------------------------

    def __enter__(self) -> "Publication":
        try:
            self._lock()
            self.staging.mkdir(mode=0o700)
            self.print.mkdir()
        except BaseException as exc:
            self._unlock()
            shutil.rmtree(self.staging, ignore_errors=True)  # ours (named by our pid), if made at all
            if isinstance(exc, OSError):
                raise _plain(exc, self.config.root) from exc
            raise
        return self

    def __exit__(self, kind, exc, tb):
        shutil.rmtree(self.staging, ignore_errors=True)
        self._unlock()
        if isinstance(exc, OSError):
            raise _plain(exc, self.config.root) from exc
        return False

    def publish(self) -> None:
        """Replace site/ and print/ by the staged ones, as a pair; refuse if the sources changed meanwhile."""
        changed = _first_change(self._inputs, inputs(self.config))
        if changed:
            raise HefteError("publish.stale", None, 0, file=changed)
        pairs = [(self.site, self.config.site_path), (self.print, self.config.print_path)]
        offline = self.offline.is_dir()
        if offline:
            pairs.append((self.offline, self.config.offline_path))
        replace_pair(self.config, pairs, self.state, self.pid)
        if not offline and self.config.offline_path.is_dir():
            # An offline copy from an earlier build may hold a text withdrawn since: it goes with the old site.
            shutil.rmtree(self.config.offline_path)
        try:
            write_atomically(self.state / PUBLISHED_FROM, (_digest(self._inputs) + "\n").encode())
        except OSError:
            pass  # a hint only (sources_as_last_published)

    def sources_as_last_published(self) -> bool:
        """The sources are as the last published build found them (sizes and times). A hint only: the build
        starts its PDF workers early when they are not; what is reused is decided by the caches' own keys."""
        try:
            return (self.state / PUBLISHED_FROM).read_text("utf-8").strip() == _digest(self._inputs)
        except OSError:
            return False

    # --- the lock --------------------------------------------------------------------------------------

    def _lock(self) -> None:
        path = self.state / "lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").split()
            os.close(fd)
            pid, started = (holder + ["?", "?"])[:2]
            raise HefteError("publish.locked", None, 0, pid=pid, started=started) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{self.pid} {time.strftime('%H:%M:%S')}\n".encode())
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing drops the flock
            self._lock_fd = None


# --- staging leftovers ---------------------------------------------------------------------------------


def alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(name: str) -> int | None:
    tail = name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _leftovers(config) -> list[Path]:
    """Folders a build makes for itself, wherever they may be left: the state folder, the project folder
    (earlier versions), beside each output and inside each output that is a mount point."""
    state = config.root / STATE_DIR
    found = list(state.glob("staging-*")) if state.is_dir() else []
    found += [p for prefix in LEGACY for p in config.root.glob(prefix + "*")]
    for target in (config.site_path, config.print_path, config.offline_path):
        for folder, pattern in ((target.parent, f"{target.name}-*"), (target, "*")):
            if folder.is_dir():
                found += [p for prefix in (INCOMING, OLD) for p in folder.glob(prefix + pattern)]
    return found


def clean_stale(config) -> list[Path]:
    """Remove what builds whose process is gone left behind (only ever called under the project lock)."""
    removed = []
    for path in _leftovers(config):
        pid = _pid_of(path.name)
        if pid is not None and pid != os.getpid() and not alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


# --- the inputs a plan is made from --------------------------------------------------------------------


def inputs(config) -> dict[str, tuple[int, int]]:
    """Every source file the plan depends on -> (size, mtime_ns): texts, photos, the register, the configs."""
    found: dict[str, tuple[int, int]] = {}
    files = [config.register_path, config.root / "pyproject.toml", config.path("mkdocs_config")]
    for folder in (config.texts_path, config.path("docs_dir")):
        for dirpath, _dirs, names in os.walk(folder):
            files += [Path(dirpath) / name for name in names]
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        found[str(path)] = (info.st_size, info.st_mtime_ns)
    return found


def _digest(found: dict[str, tuple[int, int]]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(sorted(found.items())).encode()).hexdigest()


def _first_change(before: dict, after: dict) -> str | None:
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            return path
    return None


# --- replacing the outputs -----------------------------------------------------------------------------


def replace_pair(config, pairs: list[tuple[Path, Path]], state: Path, pid: int) -> None:
    """Replace each target by its new folder. Copies first (all or nothing), then a journal, then renames."""
    moves: list[_Move] = []
    trash: list[Path] = []
    made: list[Path] = []
    try:
        for new, target in pairs:
            moves += _plan_moves(new, target, pid, made, trash)
    except BaseException:
        for path in made:  # a copy failed (a full disk): remove the partial copies, touch nothing else
            shutil.rmtree(path, ignore_errors=True)
        raise
    journal = state / "journal.json"
    write_atomically(journal, json.dumps({"pid": pid, "moves": [[m.src, m.dst] for m in moves],
                                          "trash": [str(p) for p in trash + made]}).encode())
    done: list[_Move] = []
    try:
        for move in moves:
            os.rename(move.src, move.dst)
            done.append(move)
    except OSError:
        for move in reversed(done):  # put the old outputs back as they were
            os.rename(move.dst, move.src)
        journal.unlink()
        for path in made:
            shutil.rmtree(path, ignore_errors=True)
        raise
    _finish(journal, trash + made)


def _plan_moves(new: Path, target: Path, pid: int, made: list[Path], trash: list[Path]) -> list[_Move]:
    if os.path.ismount(target):
        # A mount point itself cannot be renamed: copy the new outputs into it, then swap its entries.
        incoming, old = target / f"{INCOMING}{pid}", target / f"{OLD}{pid}"
        _copy(new, incoming, made)
        old.mkdir(mode=0o700)
        made.append(old)
        keep = {incoming.name, old.name}
        current = sorted(e for e in os.listdir(target) if e not in keep and not e.startswith((INCOMING, OLD)))
        return ([_Move(str(target / e), str(old / e)) for e in current] +
                [_Move(str(incoming / e), str(target / e)) for e in sorted(os.listdir(incoming))])
    target.parent.mkdir(parents=True, exist_ok=True)
    if os.stat(new).st_dev != os.stat(target.parent).st_dev:
        # Another file system (an output outside the project): a rename cannot cross it; copy beside it first.
        incoming = target.parent / f"{INCOMING}{target.name}-{pid}"
        _copy(new, incoming, made)
        new = incoming
    os.chmod(new, 0o755)
    moves = []
    if os.path.lexists(target):
        old = target.parent / f"{OLD}{target.name}-{pid}"
        moves.append(_Move(str(target), str(old)))
        trash.append(old)
    return moves + [_Move(str(new), str(target))]


def _copy(src: Path, dst: Path, made: list[Path]) -> None:
    """Copy a staged output next to (or into) its target. Not shutil.copytree: it gathers failures into one
    shutil.Error without an errno, and a full disk must stop the copy at once and be said as such."""
    dst.mkdir(mode=0o700)  # not readable by a web server that serves the folder around it while it fills
    made.append(dst)
    for dirpath, dirs, files in os.walk(src):
        here = dst / os.path.relpath(dirpath, src)
        for name in dirs:
            (here / name).mkdir()
        for name in files:
            shutil.copy2(os.path.join(dirpath, name), here / name)


def _finish(journal: Path, trash: list[Path]) -> None:
    journal.unlink(missing_ok=True)
    for path in trash:
        shutil.rmtree(path, ignore_errors=True)


def recover(config) -> bool:
    """Finish the renames of a build killed half-way through its swap (its outputs had passed verify).

    Renames are done in the journal's order, so the ones done are a prefix: do the rest. Returns True if
    there was something to finish.
    """
    journal = config.root / STATE_DIR / "journal.json"
    if not journal.is_file():
        return False
    try:
        data = json.loads(journal.read_text("utf-8"))
        moves, trash = data["moves"], data["trash"]
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)
        return False
    for src, dst in moves:
        if os.path.lexists(src) and not os.path.lexists(dst):
            os.rename(src, dst)
    _finish(journal, [Path(p) for p in trash])
    return True


# --- plain words for what went wrong -------------------------------------------------------------------


def _plain(exc: OSError, root: Path) -> HefteError:
    where = exc.filename or root
    if exc.errno in DISK_FULL:
        free = _free(Path(where))
        return HefteError("publish.disk-full", None, 0, where=str(where), free=free)
    if exc.errno in (errno.EBUSY, errno.EXDEV, errno.EROFS, errno.EACCES, errno.EPERM):
        return HefteError("publish.cannot-replace", None, 0, where=str(where), problem=exc.strerror or str(exc))
    return HefteError("publish.os-error", None, 0, where=str(where), problem=exc.strerror or str(exc))


def _free(path: Path) -> str:
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        free = shutil.disk_usage(path).free
    except OSError:
        return "?"
    return f"{free / 1_000_000:.1f} MB"


MESSAGES: dict[str, tuple[str, str]] = {
    "publish.locked": (
        "En annen bygging av dette prosjektet pågår allerede (prosess {pid}, startet {started}). Vent til den er "
        "ferdig, og bygg så på nytt. Ingenting er endret.",
        "Another build of this project is already running (process {pid}, started {started}). Wait until it has "
        "finished, then build again. Nothing was changed.",
    ),
    "publish.stale": (
        "Kildene ble endret mens byggingen pågikk ({file}), så det som ble bygd er allerede utdatert. Det er ikke "
        "publisert; forrige utgave i site/ og print/ er uendret. Kjør `hefte build` på nytt.",
        "The sources changed while the build ran ({file}), so what was built is already out of date. It was not "
        "published; the previous site/ and print/ are unchanged. Run `hefte build` again.",
    ),
    "publish.disk-full": (
        "Disken er full ({where}; {free} ledig). Ingenting er publisert: site/ og print/ er som før. Frigjør plass "
        "(slett gamle filer, eller flytt utmappene til en disk med mer plass) og bygg på nytt.",
        "The disk is full ({where}; {free} free). Nothing was published: site/ and print/ are as they were. Free "
        "some space (delete old files, or move the output folders to a disk with more room) and build again.",
    ),
    "publish.cannot-replace": (
        "Kunne ikke legge den nye utgaven på plass i {where} ({problem}). Ingenting er publisert: site/ og print/ "
        "er som før. Sjekk at mappa ikke er i bruk eller skrivebeskyttet, og bygg på nytt.",
        "Could not put the new edition in place at {where} ({problem}). Nothing was published: site/ and print/ "
        "are as they were. Check that the folder is not in use or read-only, and build again.",
    ),
    "publish.os-error": (
        "Kunne ikke skrive {where} ({problem}). Ingenting er publisert: site/ og print/ er som før.",
        "Could not write {where} ({problem}). Nothing was published: site/ and print/ are as they were.",
    ),
}
