"""The consent policy: the ONE place that decides where a text, photo, byline or quote may appear.

Every output (website, PDFs, search index, author pages, quotes, manifest) asks this module; none decides
on its own. Fail closed: anything not stated, unclear or contradictory means *not published*, and the
decision carries the reasons so check/build can tell the editor why.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from ..model import Byline, Photo, Publication, ReviewStatus, Text


class Medium(enum.Enum):
    WEB = "web"
    PRINT = "print"


SCREEN_PDF = (Medium.WEB, Medium.PRINT)
"""The screen PDF has the print layout but is downloadable from the website: it needs both consents."""


class Reason(enum.Enum):
    """Why something is held back; each value is a message code (messages.py)."""

    WITHDRAWN = "policy.withdrawn"
    NOT_APPROVED = "policy.not-approved"
    NO_CONSENT_DATE = "policy.no-consent-date"
    CONSENT_NOT_STATED = "policy.consent-not-stated"
    CONSENT_NO = "policy.consent-no"
    EMBARGO = "policy.embargo"
    CONSENT_IN_FUTURE = "policy.consent-in-future"
    BYLINE_UNCLEAR = "policy.byline-unclear"
    NO_CONTRIBUTOR = "policy.no-contributor"
    TEXT_HELD_BACK = "policy.text-held-back"
    HAS_ERRORS = "policy.has-errors"
    WRITER_ANONYMOUS = "policy.photo-anonymous-writer"
    WRITER_PSEUDONYM = "policy.photo-pseudonym-writer"
    PHOTO_CONSENT_NOT_STATED = "policy.photo-consent-not-stated"
    PHOTO_CONSENT_NO = "policy.photo-consent-no"
    NO_COVER = "policy.no-cover"


@dataclass(frozen=True)
class Decision:
    """Where one thing may appear, and why not where it may not."""

    web: bool
    print: bool
    why_not: dict  # Medium -> tuple[Reason, ...]

    def allows(self, *media: Medium) -> bool:
        """True only if every one of ``media`` is allowed."""
        return all(self.web if medium is Medium.WEB else self.print for medium in media)

    @property
    def anywhere(self) -> bool:
        return self.web or self.print

    def reasons(self, medium: Medium) -> tuple[Reason, ...]:
        return self.why_not.get(medium, ())


def _decision(blockers: dict) -> Decision:
    return Decision(
        web=not blockers[Medium.WEB],
        print=not blockers[Medium.PRINT],
        why_not={m: tuple(r) for m, r in blockers.items() if r},
    )


def decide_text(text: Text, today: date) -> Decision:
    """A text is published in a medium only if every condition for that medium holds."""
    common: list[Reason] = []
    if text.has_errors:
        # Check found errors in the text's own file: what it says (consent included) cannot be trusted.
        common.append(Reason.HAS_ERRORS)
    if text.review.status is not ReviewStatus.APPROVED:
        common.append(Reason.NOT_APPROVED)
    if text.is_editorial:
        # Staff write as part of their job; their texts need editorial approval, not a consent form.
        return _decision({Medium.WEB: list(common), Medium.PRINT: list(common)})
    consent = text.consent
    if consent.withdrawn is not None:
        # Withdrawal trumps everything, including a later consent date: the participant said stop.
        common.insert(0, Reason.WITHDRAWN)
    if consent.given is None:
        common.append(Reason.NO_CONSENT_DATE)
    elif consent_in_future(consent.given, today):
        common.append(Reason.CONSENT_IN_FUTURE)
    if consent.publish_after is not None and consent.publish_after > today:
        common.append(Reason.EMBARGO)
    if text.contributor is None:
        common.append(Reason.NO_CONTRIBUTOR)
    if byline_name(text) is None and text.byline is not Byline.ANONYMOUS:
        common.append(Reason.BYLINE_UNCLEAR)
    return _decision({
        medium: common + _said(allowed, Reason.CONSENT_NOT_STATED, Reason.CONSENT_NO)
        for medium, allowed in ((Medium.WEB, consent.web), (Medium.PRINT, consent.print))
    })


def consent_in_future(given: date | None, today: date) -> bool:
    """Consent cannot have been given after today: a later date is a typing slip, not a consent, so the text is
    held back (fail closed), check warns, and the desk refuses to record it. An embargo (``publish_after``) is
    meant to lie ahead and is not asked here."""
    return given is not None and given > today


def _said(allowed: bool | None, not_stated: Reason, no: Reason) -> list[Reason]:
    """Only an explicit yes lets something through: not stated (None) and no (False) both hold it back."""
    return [] if allowed is True else [not_stated if allowed is None else no]


def decide_photo(photo: Photo, text: Text, text_decision: Decision, *, face_acknowledged: bool = False) -> Decision:
    """A photo goes where its text goes, and only where its own consent says yes.

    ``face_acknowledged``: an editor has acknowledged (acknowledgements.yml) that a pseudonymous writer agreed
    to be shown; nothing lets an anonymous writer's face through."""
    common = []
    if photo.shows_writer is not False:
        # A face undoes anonymity or a pseudonym as surely as a name; unknown counts as "shows the writer".
        if text.byline is Byline.ANONYMOUS:
            common.append(Reason.WRITER_ANONYMOUS)
        elif text.byline is Byline.PSEUDONYM and not text.is_editorial and not face_acknowledged:
            common.append(Reason.WRITER_PSEUDONYM)
    return _decision({
        medium: ([] if text_decision.allows(medium) else [Reason.TEXT_HELD_BACK]) + common
        + _said(allowed, Reason.PHOTO_CONSENT_NOT_STATED, Reason.PHOTO_CONSENT_NO)
        for medium, allowed in ((Medium.WEB, photo.consent.web), (Medium.PRINT, photo.consent.print))
    })


def decide_cover(pub: Publication, texts: list[Decision]) -> Decision:
    """The cover is the publication's own picture (no writer's consent to ask): it goes where the publication
    goes, so on the web only while at least one of its texts is there, in print only while one is printed."""
    return _decision({medium: ([] if pub.cover.image else [Reason.NO_COVER])
                      + ([] if any(d.allows(medium) for d in texts) else [Reason.TEXT_HELD_BACK])
                      for medium in Medium})


def may_share_photo(text: Text, photo_decision: Decision) -> bool:
    """May the photo be the picture of a shared link (og:image)? A link preview carries it away from the page,
    into feeds and chats, without the text around it: only a photo allowed on the web, and never one from the
    text of a writer who is anonymous or writes under a pseudonym, whatever it shows."""
    return photo_decision.web and text.byline not in (Byline.ANONYMOUS, Byline.PSEUDONYM)


def decide_quote(source: Text | None, medium: Medium, today: date) -> bool:
    """A quoted passage may appear only where its source text may appear."""
    return source is not None and decide_text(source, today).allows(medium)


def reason_codes(reasons, text: Text) -> list[str]:
    """Reason codes for messages, with the date the editor needs where there is one (embargo, withdrawal)."""
    dates = {Reason.WITHDRAWN: text.consent.withdrawn, Reason.EMBARGO: text.consent.publish_after,
             Reason.CONSENT_IN_FUTURE: text.consent.given}
    return [f"{r.value}|{dates[r].isoformat()}" if dates.get(r) else r.value for r in reasons]


def byline_name(text: Text) -> str | None:
    """The name readers see, or None (anonymous, no byline, or unclear and therefore not shown)."""
    if text.byline in (Byline.ANONYMOUS, Byline.NONE):
        return None
    if text.byline is None:
        return text.display_name if text.is_editorial else None
    name = (text.display_name or "").strip()
    return name or None


def may_link_to_author(text: Text) -> bool:
    """Only named writers get an author page; pseudonyms are never linked across texts."""
    return text.byline is Byline.NAMED and not text.is_editorial and byline_name(text) is not None
