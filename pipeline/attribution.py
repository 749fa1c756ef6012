"""Who a figure belongs to: a council named near it, England, or the document's council.

Stage helper: ``(figure offset, masked clause, list[CouncilMention], DocContext) -> Council``
(``attribute_council``), and ``(title, list[Page]) -> (Council | None, bool)`` for the council
a document is about (``subject_council``).

England owns national figures: counts of councils ("14 of the 153 councils") and figures
whose sentence says so before them ("Nationally, ..."). Masked text is read as
``pipeline.figures.mask`` writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.gazetteer import ENGLAND_CODE, Council, Gazetteer
from pipeline.records import CouncilMention, Page
from pipeline.taxonomy import FIGURE

__all__ = [
    "COUNCILS_NOUN",
    "RANK_CONTEXT",
    "DocContext",
    "SentenceCouncils",
    "attribute_council",
    "is_national",
    "named_councils",
    "subject_council",
]

# a place in a ranking: "ranked 5th in London", "the 3rd highest", "12th of all councils"
RANK_CONTEXT = regex.compile(
    r"\brank(?:s|ed|ing)?\b(?:\s+\w+){0,2}\s+⟨N⟩|⟨N⟩\s+(?:highest|lowest|best|worst|largest|smallest"
    r"|most|least|top|bottom|place)\b|⟨N⟩\s+(?:in|out\s+of|of\s+all|of\s+the|among|across|nationally)"
    r"\s+(?:the\s+)?(?:\w+\s+){0,3}(?:London|England|country|councils|authorities|boroughs|nationally|region)",
    regex.IGNORECASE,
)
# the figure counts councils: "14 of the 153 councils", "councils ... likely to take 3"
COUNCILS_NOUN = regex.compile(
    r"⟨N⟩\s+(?:of\s+the\s+⟨X⟩\s+)?(?:\w+\s+){0,2}(?:councils|local authorities|authorities)\b"
    r"|(?:councils|local authorities|authorities)\s+(?:\w+\s+){0,3}⟨N⟩"
    r"|⟨N⟩\s+(?:of|out of)\s+(?:the\s+)?(?:⟨X⟩\s+)?(?:five\s+)?(?:councils|local authorities|authorities)"
    r"|\bof\s+the\s+(?:others|rest)\b"
    r"|\bappraising\s+all\s+⟨N⟩"
    r"|\b(?:councils|authorities)\b[^.]{0,40}\blikely\s+to\s+take\s+⟨N⟩",
    regex.IGNORECASE,
)
# said of England as a whole, when written before the figure ("Nationally, ...", "the
# vacancy rate in England was ...", "NHS England's collection recorded ...")
_NATIONAL_SUBJECT = regex.compile(
    r"\b(?:nationally|across England|in England(?!\s+average)|England's|England-wide"
    r"|across the country|national (?:figures?|rate|total|data)|councils in England"
    r"|Skills for Care estimates|Safeguarding Adults Collection|of the ⟨X⟩ councils"
    r"|all ⟨X⟩ councils)\b",
    regex.IGNORECASE,
)
# "... were waiting for an assessment nationally": a national subject after the figure
_NATIONAL_AFTER = regex.compile(
    r"(?P<between>[^⟨.;:]*?)\b(?:nationally|across England|across the country|England-wide)\b",
    regex.IGNORECASE,
)
# words between a figure and "nationally" that make the national figure another one
_COMPARED_BETWEEN = regex.compile(
    r"\b(?:highest|lowest|largest|smallest|most|least|best|worst|than|compared|against|versus"
    r"|vs|below|above|similar|line|behind|ahead|average|rate|figure|level|benchmark)\b",
    regex.IGNORECASE,
)
# a national subject right after one of these words is a comparison, not the subject
_NOT_SUBJECT_LEAD = regex.compile(
    r"\b(?:highest|lowest|largest|smallest|most|least|average|than|compared|best|worst|against)\b",
    regex.IGNORECASE,
)
_SUBJECT_WORDS = regex.compile(
    r"\b(?:we|our|us|the council|the borough|the local authority|the authority|the county)\b",
    regex.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DocContext:
    """What a document tells about every sentence in it."""

    doc_id: str
    source: str
    subject: Council | None  # the document's main council
    dominant: bool  # the subject owns figures of sentences that name no council


def subject_council(
    title: str | None, pages: Sequence[Page], gazetteer: Gazetteer
) -> tuple[Council | None, bool]:
    """The council a document is about, and whether it dominates the document.

    Mentions in the title count five times. The subject dominates when it has more
    than half of all council mentions: then sentences that name no council are its.
    """
    counts: Counter[str] = Counter()
    for mention in named_councils(gazetteer.find(title or "")):
        counts[mention.code] += 5
    for page in pages:
        for mention in named_councils(gazetteer.find(page.text)):
            counts[mention.code] += 1
    if not counts:
        return None, False
    code, top = counts.most_common(1)[0]
    return gazetteer.by_code(code), top > 0.5 * sum(counts.values())


def named_councils(mentions: Sequence[CouncilMention]) -> list[CouncilMention]:
    """The mentions of councils, leaving out England."""
    return [m for m in mentions if m.code != ENGLAND_CODE]


def is_national(masked: str) -> bool:
    """A figure about England: a count of councils, or a national subject before it."""
    if RANK_CONTEXT.search(masked):
        return False
    if COUNCILS_NOUN.search(masked):
        return True
    at = masked.find(FIGURE)
    before = masked[:at] if at >= 0 else masked
    if _SUBJECT_WORDS.search(before):
        return False  # "We are one of the most diverse communities in England: 16% ..."
    for m in _NATIONAL_SUBJECT.finditer(before):
        if not _NOT_SUBJECT_LEAD.search(before[max(0, m.start() - 60) : m.start()]):
            return True
    # "418,000 people were waiting for an assessment nationally": the same clause, with no
    # other number or comparison between ("20%, against 25% nationally" is not national)
    after = _NATIONAL_AFTER.match(masked, at + len(FIGURE)) if at >= 0 else None
    return after is not None and not _COMPARED_BETWEEN.search(after.group("between"))


def attribute_council(
    figure_start: int,
    mentions: Sequence[CouncilMention],
    masked_clause: str,
    doc: DocContext,
    focus: Council | None,
    gazetteer: Gazetteer,
) -> Council | None:
    """Who a figure belongs to.

    In order: England for national figures (counts of councils, "nationally"); a council
    named in the sentence (the nearest before the figure, else the nearest after); the
    document's subject when it dominates; else ``focus``, the council the text was last
    about, or failing that the subject.
    """
    if is_national(masked_clause):
        return gazetteer.by_code(ENGLAND_CODE)
    named = named_councils(mentions)
    if named:
        before = [m for m in named if m.end <= figure_start]
        chosen = before[-1] if before else min(named, key=lambda m: m.start - figure_start)
        return gazetteer.by_code(chosen.code)
    if doc.dominant:
        return doc.subject or focus
    return focus or doc.subject


@dataclass(frozen=True, slots=True)
class SentenceCouncils:
    """What decides who owns the figures of one sentence (see ``attribute_council``)."""

    mentions: Sequence[CouncilMention]  # every council (and England) named in the sentence
    doc: DocContext
    focus: Council | None  # the council the text was last about
    gazetteer: Gazetteer

    @property
    def named(self) -> list[CouncilMention]:
        """The councils named in the sentence, leaving out England."""
        return named_councils(self.mentions)

    @property
    def england(self) -> Council:
        return self.gazetteer.by_code(ENGLAND_CODE)

    def owner(self, position: int, masked: str) -> Council | None:
        """Who owns a figure at ``position``, read from ``masked`` (a clause or the sentence)."""
        return attribute_council(
            position, self.mentions, masked, self.doc, self.focus, self.gazetteer
        )
