"""How many processes a build lays out PDFs and verifies files with: one per core, or HEFTE_WORKERS.

Its own module because both the build (render/pdf_jobs) and the leak guard (guard/verify_workers) ask, and the
guard must not import the build."""

from __future__ import annotations

import os


def workers(asked: int | None = None) -> int:
    """``asked`` if given; else HEFTE_WORKERS (a whole number; 1 = everything in the build's own process); else
    the machine's cores."""
    if asked is not None:
        return asked
    setting = os.environ.get("HEFTE_WORKERS", "").strip()
    return int(setting) if setting.isdigit() else (os.cpu_count() or 1)
