"""Comparators: the numbers a figure is measured against, and the scope they speak for.

Stage helper: ``(ParsedSentence, list[Quantity], Patterns) -> Comparators`` (which candidate
numbers are comparators, and whose), then ``(figure, Comparators) -> Comparison`` (the
comparator value, scope and period a figure's row carries).

The rules come from ``patterns/comparators.yaml``: change rules ("rising from 44% to
71%": 44% is 71%'s previous value), lead rules ("the London average of 61%": a
comparator of the figure before it) and scope words ("London", "nationally", "target").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.figures import ParsedSentence
from pipeline.records import PeriodMention, Quantity
from pipeline.taxonomy import FIGURE, OTHER, Patterns

__all__ = ["Comparators", "Comparison", "compare", "find_comparators", "scope_of"]

_WORD = regex.compile(r"[A-Za-z]+")
_AVERAGE = regex.compile(r"\baverage\b|\bmedian\b|\bmean\b", regex.IGNORECASE)
_CHANGE_WORDS = regex.compile(
    r"\b(?:from|up|down|increase|rise|fell|rose|budget)\b", regex.IGNORECASE
)
# "... budget in 2022-23": the comparator is a figure of an earlier period
_IN_PERIOD_AFTER = regex.compile(r"\s+(?:budget\s+)?in\s+⟨P⟩|\s+(?:budget\s+)?in\s+\d{4}")
_VERSUS = regex.compile(r"\bvs\b|versus", regex.IGNORECASE)
_AND = regex.compile(r"\s+and\s+")
_NEXT_BEST = regex.compile(r"\s+more\s+than\s+the\s+next\s+(?:best|highest)", regex.IGNORECASE)
# a comparison stated after the figure with no number of its own ("above the London average")
_SCOPE_AFTER = regex.compile(
    r"\b(?:above|below|higher\s+than|lower\s+than|in\s+line\s+with|similar\s+to|compared\s+(?:to|with)|than|over|under|outperforming|worse\s+than|better\s+than)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:average|figure|rate|mean)"
    r"|\b(?:highest|lowest|largest|smallest|best|worst)\s+(?:\w+\s+){0,2}in\s+(?:London|England|the country)",
    regex.IGNORECASE,
)
_AVERAGE_OR_MEAN = regex.compile("average|mean", regex.IGNORECASE)
# a rank is said against a place, not a period or a target
_RANK_SCOPES = ("london", "england", "national", "regional")
# scopes a comparison stated without a number cannot have
_NOT_SAID_AFTER = ("previous_period", "target", "other_council")
# characters after a comparator's number that still speak of it: its scope, its period
_COMPARATOR_TAIL = 25
# a lead that is a benchmark's noun, which the words before it qualify ("the England figure")
_NOUN_LEAD = regex.compile(
    r"(?:averages?|mean|median|benchmark|figure|rate|level|norm)\b", regex.IGNORECASE
)
_WORDS_BEFORE_LEAD = 4  # "the Yorkshire and the Humber average" ends right before it


@dataclass(frozen=True, slots=True)
class Comparators:
    """The comparators of one sentence's candidate figures."""

    of: dict[int, tuple[Quantity, str | None]]  # figure start -> (comparator, scope)
    starts: set[int]  # starts of the comparators: not figures of their own
    # spans holding a comparator and its lead words: a period there is the comparator's
    zones: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Comparison:
    """What a figure's row says about what it is compared with."""

    scope: str | None = None
    value: float | None = None
    period: str | None = None


def scope_of(text: str, patterns: Patterns) -> str | None:
    """The first scope (``patterns/comparators.yaml``) whose words ``text`` contains."""
    for scope, word in patterns.comparators.scope_words:
        if word.search(text):
            return scope
    return None


def find_comparators(
    sentence: ParsedSentence, candidates: Sequence[Quantity], patterns: Patterns
) -> Comparators:
    """Which candidates are comparators, and of which figure.

    A change ("rising from 44% to 71%") gives the next candidate its previous value. A
    lead ("compared with the London average of 61%") makes a candidate the comparator
    of the nearest figure before it of the same unit; "58 for men and 60 for women,
    compared to averages of 63.5 and 64" pairs the two; "89 - 11 more than the next best"
    compares 89 with 89 - 11.
    """
    text = sentence.text
    of: dict[int, tuple[Quantity, str | None]] = {}
    starts: set[int] = set()
    zones: list[tuple[int, int]] = []
    for index, c in enumerate(candidates):
        nxt = candidates[index + 1] if index + 1 < len(candidates) else None
        # a change: "rising from 44% to 71%" makes 44% the earlier value of 71%
        if nxt is not None and _is_change(sentence, c, nxt, patterns):
            of[nxt.start] = (c, "previous_period")
            starts.add(c.start)
            zones.append((c.start, nxt.start))
            continue
        # the later value first: "fell to 7.2%, from 9.6% in 2022-23"
        if nxt is not None and c.start not in starts and _is_change(sentence, nxt, c, patterns):
            of[c.start] = (nxt, "previous_period")
            starts.add(nxt.start)
            zones.append((nxt.start, nxt.end + len(text[nxt.end : nxt.end + _COMPARATOR_TAIL])))
            continue
        masked = sentence.masked(figure=c)
        prefix_end = masked.index(FIGURE)
        prefix = masked[:prefix_end]
        lead = _lead(prefix, patterns)
        if lead is None or index == 0:
            continue
        owners = [
            f
            for f in candidates[:index]
            if f.start not in starts
            # a bare comparator ("the average of 401") takes its figure's unit
            and (f.unit == c.unit or c.unit in (None, "count"))
        ]
        if not owners:
            continue
        lead_text = prefix[lead.start() :]
        before = " ".join(_WORD.findall(prefix[: lead.start()])[-_WORDS_BEFORE_LEAD:])
        tail = text[c.end : c.end + _COMPARATOR_TAIL]
        after = masked[prefix_end + len(FIGURE) :]
        scope = _lead_scope(lead_text, before, tail, after, text, patterns)
        of[owners[-1].start] = (c, scope)
        starts.add(c.start)
        lead_words = _WORD.findall(lead_text)
        zone_start = text.rfind(lead_words[0], 0, c.start) if lead_words else c.start
        zones.append((zone_start if zone_start >= 0 else c.start, c.end + len(tail)))
        # "58 years for men and 60 for women, compared to London averages of 63.5 and 64"
        if nxt is not None and _AND.fullmatch(text[c.end : nxt.start]):
            owners_all = [f for f in candidates[:index] if f.start not in starts]
            if len(owners_all) >= 2 and owners_all[-2].unit == owners_all[-1].unit:
                first_owner, second_owner = owners_all[-2], owners_all[-1]
                of[first_owner.start] = (c, scope)
                of[second_owner.start] = (nxt, scope)
                starts.add(nxt.start)
    _add_next_best(text, candidates, of, starts)
    return Comparators(of, starts, zones)


def _is_change(
    sentence: ParsedSentence, earlier: Quantity, later: Quantity, patterns: Patterns
) -> bool:
    """Whether a change rule reads ``earlier`` as ``later``'s previous value."""
    as_change = sentence.masked(figure=later, comparators=[earlier])
    return any(rule.search(as_change) for rule in patterns.comparators.change)


def _lead(prefix: str, patterns: Patterns) -> regex.Match[str] | None:
    """The first lead rule's match in the words before a number ("the London average of")."""
    for rule in patterns.comparators.lead:
        m = rule.search(prefix)
        if m:
            return m
    return None


def _lead_scope(
    lead_text: str, before: str, tail: str, masked_after: str, text: str, patterns: Patterns
) -> str | None:
    """The scope of a comparator from its lead words, the words right before them, the
    words after its number or the sentence.

    An average with no place named is national; a change word ("up from", "budget")
    or a period right after the number makes it the previous period's.
    """
    # "the England figure of 8.3%": the place names the lead word ("figure", "average")
    # "against 2.9% nationally": the scope may follow the comparator's number
    tail_words = " ".join(_WORD.findall(tail)[:2])
    scope = (
        scope_of(lead_text, patterns)
        or (scope_of(before, patterns) if _NOUN_LEAD.match(lead_text) else None)
        or scope_of(tail_words, patterns)
    )
    if scope is not None:
        return scope
    if _AVERAGE.search(lead_text):
        scope = scope_of(text, patterns) or "national"
        return "national" if scope in ("previous_period", "target") else scope
    if _CHANGE_WORDS.search(lead_text) or _IN_PERIOD_AFTER.match(masked_after):
        return "previous_period"
    if _VERSUS.search(lead_text):
        return scope_of(text, patterns)
    return None


def _add_next_best(
    text: str,
    candidates: Sequence[Quantity],
    of: dict[int, tuple[Quantity, str | None]],
    starts: set[int],
) -> None:
    """Compare a figure with another council's: "89 - 11 more than the next best" makes 78."""
    for index, c in enumerate(candidates[1:], start=1):
        if _NEXT_BEST.match(text[c.end :]):
            owner = candidates[index - 1]
            if owner.start not in starts:
                of[owner.start] = (
                    Quantity(
                        owner.value - c.value, owner.unit, "", "exact", c.start, c.end, c.text
                    ),
                    "other_council",
                )
                starts.add(c.start)


def compare(
    q: Quantity,
    unit: str,
    masked: str,
    at: int,
    is_last: bool,
    found: Comparators,
    periods: Sequence[PeriodMention],
    patterns: Patterns,
) -> Comparison:
    """What figure ``q`` (``⟨N⟩`` at ``at`` in ``masked``) is compared with.

    Its comparator if it has one (with a period written right after the comparator);
    else for a rank, the place it ranks in ("5th in London"); else a comparison stated
    after it without a number ("above the national average"), read up to the next number
    unless ``q`` is the sentence's last figure.
    """
    comparator = found.of.get(q.start)
    if comparator is not None:
        cq, scope = comparator
        c_periods = [p for p in periods if 0 <= p.start - cq.end <= _COMPARATOR_TAIL]
        return Comparison(scope, cq.value, c_periods[0].label if c_periods else None)
    if unit == "rank":
        scope = scope_of(masked[at:], patterns) or scope_of(masked, patterns)
        return Comparison(scope if scope in _RANK_SCOPES else None)
    m = _SCOPE_AFTER.search(masked[at:])
    next_other = masked.find(OTHER, at + len(FIGURE))
    if m and (next_other == -1 or m.start() + at < next_other or is_last):
        scope = scope_of(m.group(0), patterns) or (
            "national" if _AVERAGE_OR_MEAN.search(m.group(0)) else None
        )
        return Comparison(None if scope in _NOT_SAID_AFTER else scope)
    return Comparison()
