"""One writer's texts, as her proof and her consent form show them.

Her texts are those whose ``contributor`` is her register id, participant texts only, withdrawn ones left out
(she has said stop), including texts she has handed in that are not yet in a publication's order. Where each
one goes is the policy's answer (the plan's; for a text not in the order the policy is asked about it alone),
and her photos are shown as the policy would treat them once the text itself is published.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..findings import Findings
from ..guard import policy
from ..guard.plan import PlannedPhoto, PlannedText, PublicationPlan
from ..guard.policy import Decision, Medium
from ..intake.load import load_text
from ..model import Role

_PUBLISHED = Decision(web=True, print=True, why_not={})
"""The premise for "her photos as they will be printed": the text itself is published."""

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.byline-web-link": ("{line} (med lenke til en egen side med tekstene dine)",
                             "{line} (linked to a page of your own with your texts)"),
    "desk.yes": ("ja", "yes"),
    "desk.not-yet": ("ikke ennå: {why}", "not yet: {why}"),
    "desk.no-because": ("nei: {why}", "no: {why}"),
}


@dataclass
class WriterText:
    """One of her texts."""

    planned: PlannedText
    publication: PublicationPlan
    listed: bool
    """In the publication's order (``texts:``); if not, it is not published until the editor adds it."""

    @property
    def text(self):
        return self.planned.text

    def as_printed(self) -> PlannedText:
        """The planned text with the photos that will be printed once the text is approved and consented."""
        photos = [PlannedPhoto(p.photo, policy.decide_photo(p.photo, self.text, _PUBLISHED))
                  for p in self.planned.photos]
        return dataclasses.replace(self.planned, photos=photos)

    def photos_if_published(self) -> list[PlannedPhoto]:
        return self.as_printed().photos


def writer_texts(state, writer: str, *, publication: str | None = None) -> list[WriterText]:
    """Her texts in publication and reading order (texts not yet in the order after the others)."""
    out: list[WriterText] = []
    for pp in state.plan.publications:
        if publication is not None and pp.publication.id != publication:
            continue
        mine = [WriterText(pt, pp, True) for pt in pp.texts if _hers(pt.text, writer)]
        listed = {t.source.path for t in pp.publication.texts}
        for path in sorted(pp.publication.folder.glob("*.md")):
            if path.resolve() in listed:
                continue
            text = load_text(path.resolve(), pp.publication, len(listed), Findings())
            if text is not None and _hers(text, writer):
                mine.append(WriterText(_alone(text, state.plan.today), pp, False))
        out.extend(mine)
    return out


def _hers(text, writer: str) -> bool:
    return text.contributor == writer and text.role is Role.PARTICIPANT and text.consent.withdrawn is None


def _alone(text, today) -> PlannedText:
    """A text outside the order, planned by itself: the policy decides it as it would in the order."""
    decision = policy.decide_text(text, today)
    photos = [PlannedPhoto(p, policy.decide_photo(p, text, decision)) for p in text.photos]
    return PlannedText(text, decision, text.id, policy.byline_name(text), photos)


def byline_line(wt: WriterText, label: str = "tekst", anonymous: str = "anonym") -> str:
    """The byline exactly as both the web page and the print page set it (``tekst: Kari`` / ``tekst: anonym``)."""
    return f"{label}: {wt.planned.byline or anonymous}"


def byline_on_web(wt: WriterText, lang: str = "nb") -> str:
    """The web byline, and whether it links to an author page (only for the named, never for a pseudonym)."""
    from .. import messages

    line = byline_line(wt)
    return messages.render("desk.byline-web-link", lang, line=line) if policy.may_link_to_author(wt.text) else line


def where_words(wt: WriterText, medium: Medium, lang: str = "nb") -> str:
    """«ja», «ikke ennå: ikke godkjent av redaksjonen» or «nei: du har sagt nei», from the plan's decision."""
    from .. import messages

    decision = wt.planned.decision
    if not wt.listed:
        return messages.render("desk.not-yet", lang, why=messages.render("desk.state.not-listed", lang))
    if decision.allows(medium):
        return messages.render("desk.yes", lang)
    reasons = decision.reasons(medium)
    why = ", ".join(messages.render_reason(r, lang) for r in policy.reason_codes(reasons, wt.text))
    final = {policy.Reason.CONSENT_NO, policy.Reason.WITHDRAWN}
    return messages.render("desk.no-because" if set(reasons) & final else "desk.not-yet", lang, why=why)
