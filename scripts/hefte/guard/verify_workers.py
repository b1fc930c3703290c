"""Verify's files read side by side: one worker process per core, so a cold verify does not leave a core idle.

Verify runs when the PDF workers are done, so every core is free, and it spends its time reading: tokenising
HTML (each page repeats the navigation), pdfium and pikepdf on the PDFs. What it finds in one file does not
depend on any other file, so the files are split into tasks, the tasks run in a process pool, and the findings
come back per file and are put back in the files' order: the report is the one a serial run writes.

The workers are forked (the 'fork' start method): they inherit the rules verify built (every held-back
sentence, every secret name) instead of having them pickled, and need no import. A task returns findings only,
never the text it read (a Doc of a PDF or a page with 500 links would cost the parent memory and pickling).

Fail closed: a task whose worker raised or died gives a ``verify.unreadable`` error for each of its files, never
a file let through. Ctrl+C and a killed build end the workers as for the PDF workers (render/pdf_jobs.py).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path

from ..findings import Finding, Findings

File = tuple  # (path, rel, in_site): one file verify reads, as verify.py lists them
Check = Callable[[list], list[list[Finding]]]
"""Reads the files of one task and returns the findings of each, in the order given. Files with the same bytes
given to one call are read once (the screen PDF is in print/ and on the site)."""

MIN_FILES = 32
"""Fewer files to read than this are read in this process: forking and gathering the answers would cost more
than a second core saves (a small site, or a warm clean cache that leaves a few pages to read)."""
TASKS_PER_WORKER = 6
"""How many chunks the small files are split into per worker: enough for the workers to finish together, few
enough that a task's overhead stays far below its reading."""

_CHECK: Check | None = None
"""The check the workers run: set before the pool forks them, so they inherit it with the rules in it."""


def run(check: Check, files: list[File], workers: int, hashed: dict[Path, str] | None = None
        ) -> list[list[Finding]]:
    """``check`` over ``files``, in ``workers`` processes when that pays; the findings of each file, in order.
    ``hashed``: the sha256 of files whose bytes verify has already hashed (its clean cache), not read again here."""
    if workers <= 1 or len(files) < MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return check(files)
    tasks = _tasks(files, workers, hashed or {})
    found: list[list[Finding] | None] = [None] * len(files)
    global _CHECK
    _CHECK = check
    try:
        for task, result in zip(tasks, _in_pool([[files[i] for i in task] for task in tasks], workers)):
            for i, findings in zip(task, result, strict=True):
                found[i] = findings
    finally:
        _CHECK = None
    # Belt and braces: a file no task answered for is not clean, it is unread.
    return [findings if findings is not None else _unreadable(files[i][0], "verify worker: no answer")
            for i, findings in enumerate(found)]


def _tasks(files: list[File], workers: int, hashed: dict[Path, str]) -> list[list[int]]:
    """Indexes into ``files``, one list per task, the longest first: each PDF with every file of the same
    bytes, each zip alone (the offline copy: a whole site in one file), the rest in chunks of about equal
    size, in their order."""
    sizes = [_size(path) for path, _, _ in files]
    alone: dict[object, list[int]] = {}
    rest: list[int] = []
    for i, (path, rel, _) in enumerate(files):
        suffix = rel.suffix.lower()
        if suffix == ".pdf":
            alone.setdefault(hashed.get(path) or _content(path, i), []).append(i)
        elif suffix == ".zip":
            alone[("zip", i)] = [i]
        else:
            rest.append(i)
    budget = max(sum(sizes[i] for i in rest) / (workers * TASKS_PER_WORKER), 1)
    chunks: list[list[int]] = []
    filled = budget
    for i in rest:
        if filled >= budget:
            chunks.append([])
            filled = 0
        chunks[-1].append(i)
        filled += sizes[i]
    # PDFs and zips cost more per byte than pages (pdfium, pikepdf, a zip's every member): they go first.
    return (sorted(alone.values(), key=lambda task: -sizes[task[0]])
            + sorted(chunks, key=lambda task: -sum(sizes[i] for i in task)))


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _content(path: Path, i: int) -> object:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ("unreadable", i)  # its own task, where it is reported unreadable like any file


def _in_pool(work: list[list[File]], workers: int) -> list[list[list[Finding]]]:
    """The findings of each file of each task; a task that failed gives its files as unreadable."""
    from ..render.pdf_jobs import _interrupts_held, _stop

    pool = None
    try:
        with _interrupts_held():  # the pool forks its workers while the first task is submitted
            pool = ProcessPoolExecutor(max_workers=min(workers, len(work)),
                                       mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start_worker, initargs=(os.getpid(),))
            futures = [pool.submit(_run_task, files) for files in work]
        wait(futures)
    except BaseException:  # Ctrl+C: no worker reads on
        if pool is not None:
            _stop(pool)
        raise
    pool.shutdown(wait=True)
    results = []
    for files, future in zip(work, futures):
        try:
            results.append(future.result())
        except Exception as exc:  # raised in the worker, or the worker died (BrokenProcessPool)
            problem = f"verify worker: {type(exc).__name__}: {exc}"
            results.append([_unreadable(path, problem) for path, _, _ in files])
    return results


def _unreadable(path: Path, problem: str) -> list[Finding]:
    errors = Findings()
    errors.error("verify.unreadable", path, 0, problem=problem[:200])
    return list(errors)


def _run_task(files: list[File]) -> list[list[Finding]]:
    result = _CHECK(files)
    if len(result) != len(files):  # never let a short answer pass a file unread
        raise RuntimeError(f"{len(result)} answers for {len(files)} files")
    return result


def _start_worker(build_pid: int) -> None:
    # Ctrl+C reaches the whole process group; only verify's own process answers it (it stops the workers), so
    # the editor sees one calm message, not a traceback per worker. The worker was forked with SIGINT blocked
    # (_interrupts_held) and keeps it blocked; ignoring it as well keeps that true if anything unblocks it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..render.pdf_jobs import _end_with

    _end_with(build_pid)  # a forked worker holds its own job queue open: it would wait for ever after a kill -9
