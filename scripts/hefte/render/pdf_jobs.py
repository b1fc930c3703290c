"""Laying out the PDFs side by side: one job per PDF, in worker processes when there is more than one core.

WeasyPrint holds the GIL while it lays out, so threads would take turns on one core: the jobs run in
processes (``concurrent.futures``). The workers come from a fork server that has imported WeasyPrint once, so
a job starts in milliseconds, and no worker inherits the threads of the process that asked for it (the rich
progress bar has one). Each job gets the build's State (pickled): the workers render exactly the plan this
build checked and will verify, they do not load the sources again.

Ctrl+C: the workers ignore SIGINT; the build's process stops them and raises KeyboardInterrupt, which the CLI
turns into its calm «Avbrutt» message (the staging folder is removed as on any interrupted build). A build
killed outright takes its workers with it: each watches the build's process and ends when it does.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


SECONDS_PER_TEXT = 0.15
"""Layout time of one text in one PDF, for the progress bar's estimate until a build has measured its own
(kept in .hefte/cache/timings.json)."""


@dataclass(frozen=True)
class Job:
    pub_id: str
    variant: str
    """``print`` or ``screen`` (pdf.Variant.name)."""
    target: Path
    imposed: Path | None = None
    """For a booklet's print PDF: where to write it imposed on A4 sheets, once it is written."""
    texts: int = 0
    """How many texts it lays out: what the progress bar's estimate is made from."""

    @property
    def files(self) -> int:
        return 1 + (self.imposed is not None)


@dataclass(frozen=True)
class Outcome:
    pages: int
    warnings: list[str]
    seconds: float = 0.0
    cached: bool = False


class Estimate:
    """How far the jobs running now have come, by the clock: WeasyPrint says nothing until a PDF is done, and
    an editor with 200 texts must see that the build has not hung. Measured per text by the last build."""

    def __init__(self, cache: Path | None):
        self.file = cache.parent / "timings.json" if cache is not None else None
        try:
            self.per_text = dict(json.loads(self.file.read_text("utf-8"))) if self.file else {}
        except (OSError, ValueError, TypeError):
            self.per_text = {}
        self.started: dict[Job, float] = {}

    def fraction(self, job: Job) -> float:
        """Between 0 and 0.95 while ``job`` runs: the last 5 % wait for the PDF itself."""
        if job not in self.started:
            return 0.0
        expected = max(job.texts, 1) * float(self.per_text.get(job.variant, SECONDS_PER_TEXT))
        return min((time.monotonic() - self.started[job]) / expected, 0.95)

    def learn(self, job: Job, outcome: Outcome) -> None:
        if not outcome.cached and job.texts:
            self.per_text[job.variant] = outcome.seconds / job.texts

    def save(self) -> None:
        if self.file is not None:
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
                self.file.write_text(json.dumps(self.per_text), "utf-8")
            except OSError:
                pass  # only an estimate


class Layout:
    """What laying out a PDF needs, got ready once a build knows it will lay one out: Pango checked
    (environment.require_pango: its plain message, before WeasyPrint prints its own help and fails) and, with
    more than one worker, the fork server started, which imports WeasyPrint while the build goes on. A build whose
    PDFs all come from the cache needs neither: the check alone imports WeasyPrint's binding (half a second).
    ``warnings``: what the editor should hear (HarfBuzz subset missing: slow, still correct)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.warnings: list[str] = []
        self._ready = False

    def ready(self) -> None:
        if self._ready:
            return
        from .. import i18n, messages
        from ..environment import require_pango

        require_pango(warn=lambda code: self.warnings.append(messages.render(code, i18n.chosen())))
        self._ready = True
        if self.workers > 1 and _main_importable():
            warm_up()


def run(state, jobs: list[Job], *, workers: int, cache: Path | None, finished: Callable[[Job], None],
        screens_ready: Callable[[], None], running: Callable[[Estimate], None] = lambda estimate: None,
        layout: Layout | None = None) -> dict[Job, Outcome]:
    """Run ``jobs`` (screen PDFs first); call ``finished(job)`` after each and ``screens_ready()`` once every
    screen PDF is written, both in this process, and ``running(estimate)`` about twice a second while workers
    lay out. ``layout.ready()`` is called before the first PDF that is not in ``cache`` is laid out. The first
    error stops the others and is raised here."""
    layout = layout or Layout(workers)
    outcome: dict[Job, Outcome] = {}
    screens = {job for job in jobs if job.variant == "screen"}
    estimate = Estimate(cache)

    def record(job: Job, result: Outcome) -> None:
        outcome[job] = result
        estimate.learn(job, result)
        finished(job)
        screens.discard(job)
        if not screens and job.variant == "screen":
            screens_ready()

    if not screens:
        screens_ready()
    reused: dict[Job, Outcome] = {}
    if workers > 1 and cache is not None:  # what the cache has is copied here; the pool is for the rest
        for job in jobs:
            found = render(state, job, cache, reuse_only=True)
            if found is not None:
                reused[job] = found
            else:  # the first PDF to lay out: the fork server starts while the other PDFs' keys are made
                layout.ready()
    rest = [job for job in jobs if job not in reused]
    if workers <= 1 or not rest or not _main_importable():
        for job in jobs:
            record(job, reused.get(job) or render(state, job, cache, before_layout=layout.ready))
        estimate.save()
        return outcome
    workers = min(workers, len(rest))
    layout.ready()
    warm_up()
    pool = None
    try:
        with _interrupts_held():  # the pool starts its workers while jobs are submitted
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_start_worker,
                                       initargs=(os.getpid(),))
            pending = {pool.submit(render, state, job, cache): job for job in rest}
        for job in rest[:workers]:
            estimate.started[job] = time.monotonic()
        for job in jobs:  # after the pool has its work: the website may be built here meanwhile
            if job in reused:
                record(job, reused[job])
        while pending:
            now = time.monotonic()
            for job in list(pending.values())[:workers]:  # the pool takes jobs in the order they were given
                estimate.started.setdefault(job, now)
            running(estimate)
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: rest.index(pending[f])):
                record(pending.pop(future), future.result())  # a worker's RenderError is raised here
    except BaseException:
        if pool is not None:
            _stop(pool)
        raise
    pool.shutdown(wait=True)
    estimate.save()
    return outcome


def render(state, job: Job, cache: Path | None, *, reuse_only: bool = False,
           before_layout: Callable[[], None] = lambda: None) -> Outcome | None:
    """One PDF (and its imposed sheets), in whichever process runs it. ``reuse_only``: from the cache, or
    None; ``before_layout()`` is called when it is not in the cache, before it is laid out."""
    from . import pdf

    start = time.monotonic()
    pp = next(pp for pp in state.plan.publications if pp.publication.id == job.pub_id)
    warnings: list[str] = []
    hits: list[bool] = []
    pages = pdf.write_pdf(state, pp, job.variant, job.target, warnings, cache=cache, hit=hits.append,
                          reuse_only=reuse_only, before_layout=before_layout)
    if pages is None:
        return None
    if job.imposed is not None:
        pdf.write_imposed(job.target, job.imposed, cache=cache)
    return Outcome(pages, warnings, time.monotonic() - start, any(hits))


def _main_importable() -> bool:
    """A worker imports the build's main module again (under another name) before it runs a job: from a
    program read from stdin there is no file to import, so the PDFs are laid out here instead."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or getattr(main, "__spec__", None) is not None or os.path.isfile(path)


def _context():
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # Windows, where a fork server does not exist
    context = multiprocessing.get_context("forkserver")
    # Imported once in the fork server, then inherited by every worker it forks. Not hefte itself: the fork
    # server imports before it takes the build's sys.path, so it could find another copy of hefte than the
    # build's (a checkout next to an installed one); each worker imports hefte after it has taken it.
    context.set_forkserver_preload(["weasyprint"])
    return context


def warm_up() -> None:
    """Start the fork server now, so its imports overlap with work the build does anyway.

    It is started with SIGINT ignored, which it keeps (exec keeps an ignored signal ignored) and hands on to
    every worker it forks: Ctrl+C then reaches the build's own process only, even in the moment between a
    worker's fork and its initializer, which would otherwise print a KeyboardInterrupt traceback."""
    if _context().get_start_method() != "forkserver":
        return
    import threading
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():  # signal handlers belong to the main thread
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_worker(build_pid: int) -> None:
    # Ctrl+C reaches the whole process group; only the build's own process answers it (and stops the workers),
    # so the editor sees one calm message instead of a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .. import files

    files.CREATE_FOLDERS = False  # the staging folder exists; one that is gone means the build was killed
    _end_with(build_pid)


def _end_with(build_pid: int) -> None:
    """End this worker as soon as the build that started it is gone.

    A build killed outright (kill -9, a closed terminal, the OOM killer) cannot stop its workers, and nothing
    else does: a worker is a child of the fork server, not of the build, and it holds the fork server's
    lifeline and its own job queue open itself, so it would lay out the rest of its PDF and then wait for the
    next job for ever, with the fork server beside it (seen after a killed build: still there ten minutes on)."""
    import threading

    def watch() -> None:
        try:
            handle = os.pidfd_open(build_pid)  # Linux: readable once the process has ended
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):  # no pidfd here: ask once a second instead
            from ..publish import alive

            while alive(build_pid):
                time.sleep(1)
            os._exit(1)
        import select

        select.select([handle], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="hefte-build-watch", daemon=True).start()


@contextmanager
def _interrupts_held():
    """Ctrl+C waits until the block is done (then it is raised as usual). A KeyboardInterrupt in the middle of
    starting a worker left a half-started process behind, which printed a traceback about a lost semaphore
    after the calm «Avbrutt»."""
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    # A job already running is not cancelled by shutdown(): its process is ended, before shutdown() forgets
    # the processes (Python 3.14 has ProcessPoolExecutor.terminate_workers for this; 3.11 has only the pool's
    # private list). Otherwise a worker would go on writing into the staging folder the build is removing.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    pool.shutdown(wait=False, cancel_futures=True)
