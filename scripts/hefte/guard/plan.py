"""Plan stage: ask the policy once per text and photo, and record where everything goes.

Everything downstream (web pages, nav, author pages, PDFs, manifest, verify) reads the Plan; nobody
re-derives consent from the front matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import acknowledge, policy
from ..model import Photo, Project, Publication, Text
from .policy import Decision, Medium
from ..slugs import slugify, unique


@dataclass
class PlannedPhoto:
    photo: Photo
    decision: Decision


@dataclass
class PlannedText:
    text: Text
    decision: Decision
    slug: str
    """URL slug inside the publication's section (unique within it)."""
    byline: str | None
    """Name shown to readers; None for anonymous writers."""
    photos: list[PlannedPhoto]
    author_slug: str | None = None
    """Author page slug, set only for named writers with a web page."""

    def photos_for(self, *media: Medium) -> list[Photo]:
        return [p.photo for p in self.photos if p.decision.allows(*media)]

    @property
    def share_photo(self) -> Photo | None:
        """The picture of a shared link to this text (og:image), as policy.may_share_photo allows; or None."""
        return next((p.photo for p in self.photos if policy.may_share_photo(self.text, p.decision)), None)

    @property
    def url(self) -> str:
        return f"{self.text.publication_id}/{self.slug}/"


@dataclass
class PublicationPlan:
    publication: Publication
    texts: list[PlannedText]
    cover: Decision | None = None
    """Where the cover image may appear (policy.decide_cover); None only for a plan made by hand in a test."""

    def for_medium(self, *media: Medium) -> list[PlannedText]:
        """Texts allowed in every one of ``media`` (``*policy.SCREEN_PDF`` for the screen PDF)."""
        return [t for t in self.texts if t.decision.allows(*media)]


@dataclass
class Author:
    """A named writer's page: only their texts published under their full name on the web."""

    slug: str
    name: str
    texts: list[PlannedText] = field(default_factory=list)


@dataclass
class Plan:
    project: Project
    today: date
    publications: list[PublicationPlan]
    authors: list[Author]
    _by_text: dict | None = field(default=None, repr=False, compare=False)
    held_back: dict = field(default_factory=dict, repr=False, compare=False)
    """heldback.build_indexes of this plan, by medium: check and verify ask for the same (a plan is not changed
    once made; a changed decision is a new plan)."""
    held_back_words: dict = field(default_factory=dict, repr=False, compare=False)
    """Each held-back text's needles and letters, by id(): read once, whichever media ask (check asks for the web
    and print, verify then for the screen PDF too)."""

    def __getstate__(self) -> dict:
        # _by_text is keyed by id(): in another process (each PDF worker gets the plan pickled) those ids name no
        # text, and every quote of another text went missing from the PDFs laid out there. Made again on first use,
        # like the indexes, which a worker does not need.
        return {**self.__dict__, "_by_text": None, "held_back": {}, "held_back_words": {}}

    def planned(self, text: Text) -> PlannedText | None:
        if self._by_text is None:  # asked once per text by check: a lookup, not a walk over every text
            self._by_text = {id(pt.text): pt for pp in self.publications for pt in pp.texts}
        pt = self._by_text.get(id(text))
        return pt if pt is not None and pt.text is text else None

    def all_texts(self) -> list[PlannedText]:
        return [pt for pp in self.publications for pt in pp.texts]

    def may_quote(self, ref: str, context: Publication, medium: Medium, *also: Medium) -> PlannedText | None:
        """The planned source of a quote if it may appear in ``medium`` (and every medium in ``also``)."""
        source = self.project.find_text(ref, context=context)
        if source is None or not all(policy.decide_quote(source, m, self.today) for m in (medium, *also)):
            return None
        return self.planned(source)


def make_plan(project: Project, today: date) -> Plan:
    publications = []
    authors: dict[str, Author] = {}
    author_slugs: set[str] = set()
    for pub in project.publications:
        taken: set[str] = set()
        planned = []
        acks = acknowledge.load(pub.folder)
        for text in sorted(pub.texts, key=lambda t: t.order):
            decision = policy.decide_text(text, today)
            photos = [PlannedPhoto(p, policy.decide_photo(
                p, text, decision, face_acknowledged=acknowledge.face_acknowledged(text, p, acks)))
                for p in text.photos]
            pt = PlannedText(text, decision, unique(slugify(text.title), taken), policy.byline_name(text), photos)
            planned.append(pt)
            if decision.web and policy.may_link_to_author(text):
                # Keyed by contributor id, so two named writers sharing a name stay apart.
                key = text.contributor or pt.byline
                if key not in authors:
                    authors[key] = Author(unique(slugify(pt.byline), author_slugs), pt.byline)
                authors[key].texts.append(pt)
                pt.author_slug = authors[key].slug
        cover = policy.decide_cover(pub, [pt.decision for pt in planned])
        publications.append(PublicationPlan(pub, planned, cover))
    return Plan(project, today, publications, list(authors.values()))
