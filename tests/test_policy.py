"""The consent policy, case by case: what is published where, and why not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hefte.model import (Byline, Consent, Genre, Photo, PhotoConsent, Review, ReviewStatus, Role, Source, Text)
from hefte.guard.policy import Medium, Reason, byline_name, decide_photo, decide_quote, decide_text, may_link_to_author

TODAY = date(2026, 11, 22)


def text(**changes) -> Text:
    base = dict(
        id="t", publication_id="p", source=Source(Path("/x/t.md")), title="T", lang="nb", genre=Genre.PROSE,
        role=Role.PARTICIPANT, contributor="c-01", byline=Byline.FIRST_NAME, display_name="Kari",
        consent=Consent(web=True, print=True, given=date(2026, 3, 2), form="C-1"),
        photos=[], review=Review(ReviewStatus.APPROVED, "HD", date(2026, 3, 10)), body="Tekst.",
    )
    base.update(changes)
    return Text(**base)


def test_fully_consented_text_goes_everywhere():
    d = decide_text(text(), TODAY)
    assert d.web and d.print and d.why_not == {}


@pytest.mark.parametrize("consent, web, printed, reason", [
    (Consent(web=True, print=False, given=date(2026, 3, 2)), True, False, Reason.CONSENT_NO),
    (Consent(web=False, print=True, given=date(2026, 3, 2)), False, True, Reason.CONSENT_NO),
    (Consent(web=None, print=True, given=date(2026, 3, 2)), False, True, Reason.CONSENT_NOT_STATED),
])
def test_each_medium_follows_its_own_consent(consent, web, printed, reason):
    d = decide_text(text(consent=consent), TODAY)
    assert (d.web, d.print) == (web, printed)
    blocked = Medium.PRINT if web else Medium.WEB
    assert reason in d.reasons(blocked)


@pytest.mark.parametrize("changes, reason", [
    ({"consent": Consent(web=True, print=True, given=date(2026, 3, 2), withdrawn=date(2026, 10, 1))}, Reason.WITHDRAWN),
    ({"consent": Consent(web=True, print=True, given=date(2026, 3, 2), publish_after=date(2031, 1, 1))}, Reason.EMBARGO),
    ({"consent": Consent(web=True, print=True, given=None)}, Reason.NO_CONSENT_DATE),
    ({"consent": Consent(web=True, print=True, given=date(2027, 1, 1))}, Reason.CONSENT_IN_FUTURE),
    ({"review": Review(ReviewStatus.SUBMITTED)}, Reason.NOT_APPROVED),
    ({"review": Review(None)}, Reason.NOT_APPROVED),
    ({"byline": None}, Reason.BYLINE_UNCLEAR),
    ({"byline": Byline.PSEUDONYM, "display_name": None}, Reason.BYLINE_UNCLEAR),
    ({"contributor": None}, Reason.NO_CONTRIBUTOR),
])
def test_fail_closed_reasons_block_both_media(changes, reason):
    d = decide_text(text(**changes), TODAY)
    assert not d.web and not d.print
    assert reason in d.reasons(Medium.WEB) and reason in d.reasons(Medium.PRINT)


def test_embargo_lifts_on_its_date():
    t = text(consent=Consent(web=True, print=True, given=date(2026, 3, 2), publish_after=date(2027, 1, 1)))
    assert not decide_text(t, date(2026, 12, 31)).web
    assert decide_text(t, date(2027, 1, 1)).web


def test_withdrawal_wins_over_everything():
    t = text(consent=Consent(web=True, print=True, given=date(2026, 9, 1), withdrawn=date(2026, 1, 1)))
    assert decide_text(t, TODAY).reasons(Medium.WEB)[0] is Reason.WITHDRAWN


def test_editorial_texts_need_approval_not_consent():
    ed = text(role=Role.EDITORIAL, consent=Consent(), contributor=None, byline=None, display_name="Hilde")
    assert decide_text(ed, TODAY).web
    assert not decide_text(text(role=Role.EDITORIAL, consent=Consent(), review=Review(ReviewStatus.DRAFT)),
                           TODAY).web


def photo(web=True, printed=True, shows_writer=False) -> Photo:
    return Photo("bilder/a.jpg", "alt", "Thea", shows_writer, PhotoConsent(web, printed), 0)


def test_photo_follows_its_own_consent_and_its_text():
    t = text(consent=Consent(web=True, print=False, given=date(2026, 3, 2)))
    d = decide_photo(photo(web=False, printed=True), t, decide_text(t, TODAY))
    assert not d.web and not d.print
    assert Reason.PHOTO_CONSENT_NO in d.reasons(Medium.WEB)
    assert Reason.TEXT_HELD_BACK in d.reasons(Medium.PRINT)


@pytest.mark.parametrize("shows_writer", [True, None])
def test_no_photo_of_an_anonymous_writer(shows_writer):
    t = text(byline=Byline.ANONYMOUS, display_name=None)
    d = decide_photo(photo(shows_writer=shows_writer), t, decide_text(t, TODAY))
    assert not d.anywhere and Reason.WRITER_ANONYMOUS in d.reasons(Medium.WEB)


def test_bylines_by_mode():
    assert byline_name(text(byline=Byline.NAMED, display_name="Randi Holm")) == "Randi Holm"
    assert byline_name(text(byline=Byline.PSEUDONYM, display_name="Måken")) == "Måken"
    assert byline_name(text(byline=Byline.ANONYMOUS, display_name=None)) is None
    assert may_link_to_author(text(byline=Byline.NAMED, display_name="Randi Holm"))
    assert not may_link_to_author(text(byline=Byline.PSEUDONYM, display_name="Måken"))
    assert not may_link_to_author(text(byline=Byline.FIRST_NAME))


def test_quote_follows_its_source():
    withdrawn = text(consent=Consent(web=True, print=True, given=date(2026, 3, 2), withdrawn=date(2026, 5, 1)))
    print_only = text(consent=Consent(web=False, print=True, given=date(2026, 3, 2)))
    assert not decide_quote(withdrawn, Medium.PRINT, TODAY)
    assert decide_quote(print_only, Medium.PRINT, TODAY) and not decide_quote(print_only, Medium.WEB, TODAY)
    assert not decide_quote(None, Medium.WEB, TODAY)
