"""hefte status (desk.status, desk.table) and the desk's actions through the CLI, followed by real builds.

The CSV is compared with the plan's decisions for every text of the sample; the flow test approves and records
a consent form through the CLI and builds, then withdraws and builds again, and looks for the text everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import editorial, make_project, participant
from hefte import messages
from hefte.build import build
from hefte.cli import main
from hefte.config import load_config
from hefte.desk import log
from hefte.guard import policy
from hefte.guard.policy import SCREEN_PDF, Medium


def run(*args: str) -> object:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args))  # wide: a title stays on one line


def csv_of(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_status_csv_agrees_with_the_policy_for_every_text_of_the_sample(sample_build):
    state = sample_build.state
    rows = {(r["publication"], r["text"]): r for r in csv_of(run("status", "--csv", "--root", str(state.config.root)))}
    planned = state.plan.all_texts()
    assert len(rows) == len(planned) > 20
    for pt in planned:
        row = rows[(pt.text.publication_id, pt.text.id)]
        decision = pt.decision
        for column, allowed, media in (("web", decision.web, (Medium.WEB,)), ("print", decision.print, (Medium.PRINT,)),
                                       ("screen_pdf", decision.allows(*SCREEN_PDF), SCREEN_PDF)):
            assert row[column] == ("ja" if allowed else "nei"), (pt.text.qualified_id, column)
            reasons = list(dict.fromkeys(policy.reason_codes([r for m in media for r in decision.reasons(m)], pt.text)))
            assert row[f"{column}_why_not"] == ", ".join(messages.render_reason(r) for r in reasons)
        assert row["name_shown"] == (pt.byline or "")
        assert row["consent_form"] == (pt.text.consent.form or "")
    assert rows[("hefte-2026", "sommer-neste-ar")]["web_why_not"] == "embargo til 1. juni 2031 (publish_after)"
    # Just built, so nothing asks for a rebuild; the one text handed in and not approved asks for a review.
    action = {k for k, r in rows.items() if r["needs_action"] == "ja"}
    assert action == {("hefte-2026", "utkast-om-mor")}
    assert rows[("hefte-2026", "utkast-om-mor")]["next_steps"].startswith("les teksten")


def test_status_table_needs_action_and_english(sample_build):
    root = str(sample_build.state.config.root)
    result = run("status", "--needs-action", "--root", root)
    assert result.exit_code == 0 and "Mor og radioen" in result.output and "Den første koppen" not in result.output
    assert "1 tekst, 1 trenger handling" in result.output
    result = run("status", "--per-writer", "--writer", "c-04", "--lang", "en", "--root", root)
    assert "Bakerst på bussen" in result.output and "pseudonym: Sjøfuglen" in result.output
    assert "Mor og radioen" not in result.output
    assert run("status", "--csv", "-o", str(Path(root) / "print" / "status.csv"), "--root", root).exit_code == 1
    assert not (Path(root) / "print" / "status.csv").exists()


@pytest.fixture()
def project(tmp_path):
    texts = {
        "intro.md": editorial("Innledning", "Velkommen til heftet vårt.\n"),
        "a.md": participant("Regn over Torget", "Regnet falt på benkene mens vi ventet på trikken i en time.\n"),
        "b.md": participant("Lyset i oppgangen", "Lyset i oppgangen slukket alltid før jeg rakk fram til "
                            "tredje etasje med posene.\n", contributor="c-02", display_name="Per",
                            **{"consent.given": None, "consent.form": None, "review.status": "submitted",
                               "review.by": None, "review.date": None}),
    }
    make_project(tmp_path, texts, order=["intro.md", "a.md", "b.md"],
                 register={"contributors": {"c-01": {"names": ["Kari Nordmann"]}, "c-02": {"names": ["Per Hansen"]}}})
    return tmp_path


def _everywhere(root: Path, words: str) -> list[str]:
    """Every output file (site and print) whose text contains ``words``."""
    found = []
    for path in sorted(p for d in ("site", "print") for p in (root / d).rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = " ".join((page.extract_text() or "") for page in PdfReader(path).pages)
        elif path.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            text = path.read_text("utf-8", "replace")
        else:
            continue
        if words in " ".join(text.split()):
            found.append(str(path.relative_to(root)))
    return found


def test_approve_and_record_consent_publish_and_withdraw_removes_everywhere(project):
    root, b = str(project), str(project / "texts" / "testhefte" / "b.md")
    body_before = Path(b).read_bytes().split(b"---\n", 2)[2]
    # Approving before the signed form is recorded would be an error in check: refused, file untouched.
    refused = run("approve", b, "--by", "HD", "--root", root)
    assert refused.exit_code == 1 and "consent.given" in refused.output
    assert csv_of(run("status", "--csv", "--root", root))[2]["review_status"] == "submitted"
    assert run("record-consent", "--writer", "c-02", "--given", "2026-11-20", "--form", "S-C-02-1", "--by", "HD",
               "--root", root).exit_code == 0
    assert run("approve", b, "--by", "HD", "--root", root).exit_code == 0
    assert Path(b).read_bytes().split(b"---\n", 2)[2] == body_before
    build(load_config(project))
    assert "site/testhefte/lyset-i-oppgangen/index.html" in _everywhere(project, "Lyset i oppgangen slukket alltid")
    assert "print/testhefte-trykk.pdf" in _everywhere(project, "Lyset i oppgangen slukket alltid")
    manifest = json.loads((project / "print" / "manifest.json").read_text("utf-8"))
    assert manifest["desk_log"] == log.manifest_reference(load_config(project))
    assert manifest["desk_log"]["entries"] == 2 and manifest["desk_log"]["path"] == "private/desk-log.jsonl"
    assert "Per Hansen" not in (project / "print" / "manifest.json").read_text("utf-8")

    withdrawn = run("withdraw", b, "--by", "HD", "--root", root)
    assert withdrawn.exit_code == 0 and "consent.withdrawn: null → 2026-11-22" in withdrawn.output
    row = csv_of(run("status", "--csv", "--root", root))[2]
    assert row["next_steps"].startswith("trukket, men ligger fortsatt ute") and row["web"] == "nei"
    build(load_config(project))
    assert _everywhere(project, "Lyset i oppgangen") == []
    assert _everywhere(project, "Regnet falt på benkene")  # the other text is still there
    row = csv_of(run("status", "--csv", "--root", root))[2]
    assert row["needs_action"] == "nei" and row["state"] == "trukket 22. november 2026"
    assert [e["action"] for e in log.entries(load_config(project))] == ["record-consent", "approve", "withdraw"]


def test_a_text_handed_in_without_consent_says_every_step_before_it_can_be_published(project):
    """As the studio writes it: submitted, no consent date, no form. Adding it to the order alone would publish
    nothing, and the desk said only that."""
    folder = project / "texts" / "testhefte"
    (folder / "levert.md").write_text(participant("Levert i dag", **{
        "review.status": "submitted", "consent.given": None, "consent.form": None}), "utf-8")
    rows = {r["text"]: r for r in csv_of(run("status", "--csv", "--root", str(project)))}
    steps = rows["levert"]["next_steps"].split("; ")
    assert steps == ["les teksten, og godkjenn den eller be om endringer",
                     "gi skribenten samtykkeskjemaet (`hefte samtykke`) og registrer det signerte skjemaet",
                     "legg teksten inn i rekkefølgen (`hefte order`), eller la den stå utenfor"]


def test_status_shows_texts_handed_in_outside_the_order_and_files_that_cannot_be_read(project):
    folder = project / "texts" / "testhefte"
    (folder / "ny.md").write_text(participant("En ny tekst", **{"review.status": "submitted"}), "utf-8")
    (folder / "ødelagt.md").write_text("---\ntitle: [Uten slutt\n---\nTekst.\n", "utf-8")
    rows = {r["text"]: r for r in csv_of(run("status", "--csv", "--root", str(project)))}
    assert rows["ny"]["listed"] == "nei" and rows["ny"]["web"] == "nei"
    # Handed in, not yet read: reading it comes before adding it to the order.
    assert rows["ny"]["next_steps"] == ("les teksten, og godkjenn den eller be om endringer; "
                                        "legg teksten inn i rekkefølgen (`hefte order`), eller la den stå utenfor")
    broken = rows["ødelagt"]
    assert broken["needs_action"] == "ja" and broken["next_steps"] == "rett feilene (se funn)"
    assert int(broken["errors"]) >= 1 and "ødelagt.md:2" in broken["findings"]
    # Adding the new text to the order is checked like any other action that lets more through.
    order = run("order", "testhefte", "intro.md", "ny.md", "a.md", "b.md", "--by", "HD", "--root", str(project))
    assert order.exit_code == 0, order.output
    refused = run("order", "testhefte", "intro.md", "ødelagt.md", "--by", "HD", "--root", str(project))
    assert refused.exit_code == 1 and "Ikke gjort" in refused.output


def test_a_text_outside_the_order_with_errors_is_to_be_fixed_before_it_is_added(project):
    """Approved by hand without its consent date: adding it to the order would be refused, so the first step is
    to fix it, not to add it."""
    folder = project / "texts" / "testhefte"
    (folder / "ny.md").write_text(participant("En ny tekst", **{"consent.given": None}), "utf-8")
    row = {r["text"]: r for r in csv_of(run("status", "--csv", "--root", str(project)))}["ny"]
    assert row["listed"] == "nei" and int(row["errors"]) == 1
    assert row["next_steps"].startswith("rett feilene (se funn)")
