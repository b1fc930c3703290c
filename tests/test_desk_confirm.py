"""The desk refuses a consent date after today, as the policy holds such a text back.

What is checked is what an editor would check: the text's file."""

from __future__ import annotations

from datetime import date

from conftest import make_project, participant


def test_the_desk_refuses_a_future_consent_date_from_the_command_line_too(tmp_path):
    """The rule is the policy's (a consent dated after today holds the text back); the desk asks it."""
    from click.testing import CliRunner

    from hefte.cli import main
    from hefte.config import load_config
    from hefte.guard.policy import consent_in_future

    root = make_project(tmp_path, {"a.md": participant(**{"consent.given": None})})
    path = root / "texts" / "testhefte" / "a.md"
    before = path.read_bytes()
    assert consent_in_future(date(2026, 11, 23), load_config(root).today)
    result = CliRunner().invoke(main, ["record-consent", str(path), "--given", "2026-11-23", "--form", "S-1",
                                       "--by", "HD", "--root", str(root), "--lang", "en"])
    assert result.exit_code == 1 and path.read_bytes() == before
    assert "The date is in the future (2026-11-23). Consent cannot have been given after today" in result.output
