"""The editors' desk: what each text needs, the actions on its front matter, each writer's proof and consent form.

A library first (the ``hefte`` commands and the studio's editor pages are thin over it). Nothing here decides
what may be published: where a text or photo goes is the plan's (the consent policy's) answer, and an action only
edits the file the next build will ask the policy about. Nothing here writes into site/ or print/.

Overview (read-only)::

    from hefte.pipeline import prepare
    from hefte.desk import overview
    ov = overview(prepare(config))                  # status.Overview
    for pub in ov.publications:                     # status.PublicationStatus (with .sha256 of publication.yml)
        for t in pub.texts:                         # status.TextStatus
            t.review.status, t.web.allowed, t.web.reasons, t.photos, t.findings, t.steps, t.needs_action, t.sha256
    ov.writers()                                    # per writer (register id), across publications

Actions (each: ``expected`` = the sha256 the caller read; :class:`Conflict` if the file changed since;
:class:`Refused` if an action that lets more through would make the build stop; returns :class:`Result`)::

    approve(config, path, by="TEL", expected=t.sha256)
    request_changes(config, path, by="TEL", note="…", expected=…)
    record_consent(config, path, by="TEL", given=date(…), form="S-C-07-2026-11-22", expected=…)
    set_embargo(config, path, by="TEL", until=date(…) or None, expected=…)    # None lifts it
    withdraw(config, path, by="TEL", expected=…)                              # never refused
    reorder(config, "hefte-2026", ["a.md", "b.md"], by="TEL", expected=pub.sha256)

Each action is logged in private/desk-log.jsonl (log.entries(config)); print/manifest.json refers to the log by
path, entry count and hash (log.manifest_reference).

Private documents (under private/, refused by verify anywhere in site/ or print/)::

    writer_proof(state, "c-07")        -> private/korrektur/c-07.pdf, her texts in the print layout, marked
    consent_form(state, "c-07")        -> FormResult(path, reference, texts): private/samtykke/<reference>.pdf
    form_context(state, "c-07", writer_texts(state, "c-07"), reference)  -> the form's contents as data

Table and CSV for the command line: table.print_status, table.write_csv, table.csv_rows (CSV_COLUMNS).
"""

from __future__ import annotations

import importlib

# Loaded on first use (PEP 562): verify imports desk.marks, and must not pull in WeasyPrint and ruamel with it.
_WHERE = {
    "Conflict": "actions", "Refused": "actions", "Result": "actions", "approve": "actions",
    "record_consent": "actions", "reorder": "actions", "request_changes": "actions", "set_embargo": "actions",
    "withdraw": "actions", "sha256": "edit", "FormResult": "form", "consent_form": "form", "form_context": "form",
    "writer_proof": "proof", "Overview": "status", "PhotoStatus": "status", "PublicationStatus": "status",
    "TextStatus": "status", "Where": "status", "WriterStatus": "status", "overview": "status", "ON_THE_DESK": "status",
    "WriterText": "writer", "writer_texts": "writer",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
