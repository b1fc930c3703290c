"""Laying out the PDFs side by side: one job per PDF, in worker processes when there is more than one core.

WeasyPrint holds the GIL while it lays out, so threads would take turns on one core: the jobs run in
processes (``concurrent.futures``). The workers come from a fork server that has imported WeasyPrint once, so
a job starts in milliseconds, and no worker inherits the threads of the process that asked for it (the rich
progress bar has one). Each job gets the build's State (pickled): the workers render exactly the plan this
build checked and will verify, they do not load the sources again.

Ctrl+C: the workers ignore SIGINT; the build's process stops them and raises KeyboardInterrupt, which the CLI
turns into its calm «Avbrutt» message (the staging folder is removed as on any interrupted build).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Job:
    pub_id: str
    variant: str
    """``print`` or ``screen`` (pdf.Variant.name)."""
    target: Path
    imposed: Path | None = None
    """For a booklet's print PDF: where to write it imposed on A4 sheets, once it is written."""


@dataclass(frozen=True)
class Outcome:
    pages: int
    warnings: list[str]


def run(state, jobs: list[Job], *, workers: int, cache: Path | None, finished: Callable[[Job], None],
        screens_ready: Callable[[], None]) -> dict[Job, Outcome]:
    """Run ``jobs`` (screen PDFs first); call ``finished(job)`` after each and ``screens_ready()`` once every
    screen PDF is written, both in this process. The first error stops the others and is raised here."""
    outcome: dict[Job, Outcome] = {}
    screens = {job for job in jobs if job.variant == "screen"}

    def record(job: Job, result: Outcome) -> None:
        outcome[job] = result
        finished(job)
        screens.discard(job)
        if not screens and job.variant == "screen":
            screens_ready()

    if not screens:
        screens_ready()
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            record(job, render(state, job, cache))
        return outcome
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=_context(),
                               initializer=_ignore_interrupts)
    try:
        pending = {pool.submit(render, state, job, cache): job for job in jobs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: jobs.index(pending[f])):
                record(pending.pop(future), future.result())  # a worker's RenderError is raised here
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return outcome


def render(state, job: Job, cache: Path | None) -> Outcome:
    """One PDF (and its imposed sheets), in whichever process runs it."""
    from . import impose, pdf

    pp = next(pp for pp in state.plan.publications if pp.publication.id == job.pub_id)
    warnings: list[str] = []
    pages = pdf.write_pdf(state, pp, job.variant, job.target, warnings, cache=cache)
    if job.imposed is not None:
        impose.impose(job.target, job.imposed, sheet=pdf.IMPOSE_SHEET)
    return Outcome(pages, warnings)


def _context():
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # Windows, where a fork server does not exist
    context = multiprocessing.get_context("forkserver")
    # Imported once in the fork server, then inherited by every worker it forks.
    context.set_forkserver_preload(["weasyprint", "hefte.render.pdf", "hefte.render.impose"])
    return context


def warm_up() -> None:
    """Start the fork server now, so its imports overlap with work the build does anyway."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _ignore_interrupts() -> None:
    # Ctrl+C reaches the whole process group; only the build's own process answers it (and stops the workers),
    # so the editor sees one calm message instead of a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor) -> None:
    pool.shutdown(wait=False, cancel_futures=True)
    # A job already running is not cancelled by shutdown(); its process is ended instead (Python 3.14 has
    # ProcessPoolExecutor.terminate_workers for this, 3.11 has only the pool's private list of processes).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(timeout=5)
