"""The extractor's working records: a sentence with its numbers, and a figure being named.

Stage helper: ``(str, list[Quantity], list[PeriodMention]) -> str`` (``mask``, the sentence
as rules see it), and the records the extract modules pass between them:
``ParsedSentence`` (a sentence with the quantities and periods found in it) and
``Figure`` (one number on its way to a ``Metric``).

Rules see the sentence *masked*: the figure being named reads ``⟨N⟩``, other numbers
``⟨X⟩``, a comparator ``⟨C⟩`` and periods ``⟨P⟩``, so a phrase in ``patterns/`` is written
once for every number it may hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import regex

from pipeline.records import PeriodMention, Quantity
from pipeline.taxonomy import COMPARATOR, FIGURE, OTHER, PERIOD

__all__ = ["Figure", "ParsedSentence", "content_words", "mask", "snake"]

# words that say nothing about what a figure measures: left out of made-up keys
_STOP_WORDS = """
    a an the of in on to and or for as at by with from than per that which who is are was
    were be been has have had its their our this these those into over under between about
    said says reported report people residents we they it there here also just only some
    more less his her them so such each every all any other most very well being both
    within out up down new year years last since during around approximately nearly
"""
_STOP = frozenset(_STOP_WORDS.split())
_NOT_KEY_CHARS = regex.compile(r"[^a-z0-9]+")


def mask(
    text: str,
    quantities: Sequence[Quantity],
    periods: Sequence[PeriodMention],
    figure: Quantity | None = None,
    comparators: Iterable[Quantity] = (),
) -> str:
    """The sentence as rules see it.

    >>> from pipeline.quantities import parse_quantities
    >>> from pipeline.periods import find_periods
    >>> s = "Turnover was 8.5% in 2023-24, below the average of 24%."
    >>> qs = parse_quantities(s)
    >>> mask(s, qs, find_periods(s), figure=qs[0])
    'Turnover was ⟨N⟩ in ⟨P⟩, below the average of ⟨X⟩.'
    """
    comparator_starts = {c.start for c in comparators}
    spans: list[tuple[int, int, str]] = []
    ranges = {q.start for q in quantities if q.qualifier == "range_low"}
    for q in quantities:
        token = FIGURE if figure is not None and q.start == figure.start else OTHER
        if q.start in comparator_starts and token != FIGURE:
            token = COMPARATOR
        if token == OTHER and q.start in ranges:
            # another number's range keeps its two ends: "aged 18-64" reads "aged ⟨X⟩-⟨X⟩",
            # which rules tell from "aged ⟨X⟩ and over"
            token = f"{OTHER}-{OTHER}"
        spans.append((q.start, q.end, token))
    spans.extend(
        (p.start, p.end, PERIOD)
        for p in periods
        if not any(q.start < p.end and p.start < q.end for q in quantities)
    )
    spans.sort()
    out: list[str] = []
    last = 0
    for start, end, token in spans:
        if start < last:
            continue
        out.append(text[last:start])
        out.append(token)
        last = end
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A sentence's text with the quantities and periods found in it (offsets into ``text``)."""

    text: str
    quantities: tuple[Quantity, ...]
    periods: tuple[PeriodMention, ...]

    def masked(self, figure: Quantity | None = None, comparators: Iterable[Quantity] = ()) -> str:
        """The sentence as rules see it, with ``figure`` as ``⟨N⟩`` (see ``mask``)."""
        return mask(self.text, self.quantities, self.periods, figure, comparators)

    def part(self, start: int, end: int) -> ParsedSentence:
        """The text from ``start`` to ``end`` with the quantities and periods inside it."""
        return ParsedSentence(
            self.text[start:end],
            tuple(
                replace(q, start=q.start - start, end=q.end - start)
                for q in self.quantities
                if start <= q.start and q.end <= end
            ),
            tuple(
                replace(p, start=p.start - start, end=p.end - start)
                for p in self.periods
                if start <= p.start and p.end <= end
            ),
        )


@dataclass(frozen=True, slots=True)
class Figure:
    """One number on its way to a ``Metric``: what it measures and what it is compared with."""

    quantity: Quantity
    unit: str
    metric: str
    family: str
    label: str
    pattern: str  # the rule that named it: taxonomy:<key>, generic:<unit>, rating, ...
    comparator_scope: str | None = None
    comparator_value: float | None = None
    comparator_period: str | None = None
    value_text: str | None = None  # the value as written, when not the quantity's text


def content_words(words: Iterable[str]) -> list[str]:
    """The words that say what a figure measures ("turnover", "staff"), in order."""
    return [w for w in words if w.lower() not in _STOP]


def snake(words: Iterable[str]) -> str:
    """A snake_case key from words: ``["Home", "care"]`` -> ``home_care``."""
    return "_".join(_NOT_KEY_CHARS.sub("_", w.lower()).strip("_") for w in words).strip("_")
