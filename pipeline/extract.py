"""Turn sentences into figures: value, unit, metric, council, period and comparator.

Stage: ``(Page, list[Sentence], DocContext) -> list[Metric]``.

For each sentence the extractor

1. finds quantities (``pipeline.quantities``), periods (``pipeline.periods``) and
   council names (``pipeline.gazetteer``);
2. reads the constructs that consume numbers on their own terms (``pipeline.constructs``):
   CQC ratings and rating counts, quality statement scores ("eight 3s and one 2",
   "scored a 3 for the other four statements: ..."), "no waiting lists for ..." zeros;
3. drops numbers that are not figures (``patterns/exclusions.yaml``), and ranks that are
   not figures;
4. marks comparators ("the London average of 61%", "rising from 44% to 71%") and
   attaches each to the figure it qualifies (``pipeline.comparators``);
5. names every remaining figure with the taxonomy (``patterns/metrics.yaml``) on its
   clause, gives it a council (``pipeline.attribution``) and a period.

Rules see the sentence *masked*: the figure being named reads ``⟨N⟩``, other numbers
``⟨X⟩``, a comparator ``⟨C⟩`` and periods ``⟨P⟩`` (see ``mask``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TypeVar

import regex

from pipeline.attribution import (
    COUNCILS_NOUN,
    RANK_CONTEXT,
    DocContext,
    SentenceCouncils,
    attribute_council,
    is_national,
    named_councils,
    subject_council,
)
from pipeline.comparators import Comparators, compare, find_comparators
from pipeline.constructs import (
    Reading,
    none_rated_readings,
    rating_count,
    rating_readings,
    score_line_reading,
    statement_readings,
    zero_waiting_readings,
)
from pipeline.figures import Figure, ParsedSentence, content_words, mask, snake
from pipeline.gazetteer import ENGLAND_CODE, Council, Gazetteer
from pipeline.periods import find_periods
from pipeline.quantities import NUMBER_WORDS, has_digit, parse_quantities, words_of
from pipeline.records import CouncilMention, Metric, Page, PeriodMention, Quantity, Sentence
from pipeline.tables import is_table_row
from pipeline.taxonomy import FIGURE, Patterns, Statement

T = TypeVar("T")

__all__ = [
    "DocContext",
    "attribute_council",
    "extract_page",
    "mask",
    "new_state",
    "subject_council",
]

# "Camden is the 26th of the 153 councils to receive ...": an order of events, not a rank
_NTH_TO = regex.compile(
    r"⟨N⟩\s+of\s+(?:the\s+)?⟨X⟩\s+(?:\w+\s+){0,4}to\s+(?:receive|be|have|get|achieve|publish|pass)",
    regex.IGNORECASE,
)
_RANK_WORD = regex.compile(r"\brank", regex.IGNORECASE)
_AGE = regex.compile(r"\bage\s+(?:was|is|of)\s+⟨N⟩")
_RATED = regex.compile(r"\brat(?:ed|ing)\b")
_BOUNDARY = regex.compile(
    r",|;|:|\(|\)|\s-\s|\band\b|\bwhile\b|\bwhilst\b|\bwith\b|\bbut\b|\bwhich\b|\bcompared\b",
    regex.IGNORECASE,
)
# "2.1 Assessing needs", "- 1.1 Adult social care in ...": a heading's section number
# "3 Providing support": a numbered heading line with no sentence in it
_HEADING_NUMBER = regex.compile(r"^\s*(?:[-•]\s*)?\d{1,2}\.?\s+[A-Z][^.!?\d]{1,80}$")
_SECTION_NUMBER = regex.compile(r"^\s*(?:[-•]\s*)?\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z]")
_LIST_ITEM = regex.compile(r"^\s*(?:[•*-]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s")
_DOT_LEADERS = regex.compile(r"(?:\.\s?){4,}\s*\d{1,3}\b|\.{4,}")
_YEAR = regex.compile(r"\d{4}")
# "the 2021 Census", "our 2022 peer review": a year that is part of a name
_NAMED_AFTER_YEAR = regex.compile(
    r"\s+(?:[A-Z]|peer review|report|review|plan|strategy|census|survey|charter|framework)"
)
_DAY_MONTH = regex.compile(r"\d{1,2} ")
_OUT_OF = regex.compile(r"\bout\s+of\s+⟨X⟩(?:\s+\w+)?")
_OTHER_TOKENS = regex.compile(r"⟨[XCP]⟩")
_KEY_WORD = regex.compile(r"[A-Za-z][A-Za-z'-]*")
# words after a figure name it ("12 additional social worker posts") until they compare it
# or say when ("is 98.7%, above the North West average", "fell to 38 days over the same period")
_AFTER_KEY_STOP = regex.compile(
    r"[,;(]|\b(?:above|below|compared|against|versus|vs|higher\s+than|lower\s+than|more\s+than"
    r"|less\s+than|up\s+from|down\s+from|over\s+the\s+same|in\s+line\s+with|similar\s+to)\b",
    regex.IGNORECASE,
)
# the unit a made-up key ends with, so "turnover" as a percent reads turnover_rate
_KEY_SUFFIX = {"percent": "rate", "gbp": "gbp", "rank": "rank", "per_100k": "per_100k"}


@dataclass(slots=True)
class _State:
    """What the extractor remembers from one sentence to the next."""

    focus: Council | None = None
    pending_statement_score: int | None = None
    # the family of the last figure: a clause with no cue words continues its topic
    # ("Support did not change for 73% after a review. Care increased for 7% ...")
    last_family: str | None = None
    # "Key figures for 2023-24:" followed by a list: the period carries to its items
    carried_period: PeriodMention | None = None
    # a heading that names one quality statement ("Assessing needs"): a report's "Score: 2"
    # lines below it score that statement
    statement_heading: Statement | None = None


def new_state() -> _State:
    """Fresh cross-sentence memory for a document."""
    return _State()


def extract_page(
    page: Page,
    sentences: Sequence[Sentence],
    doc: DocContext,
    patterns: Patterns,
    gazetteer: Gazetteer,
    state: _State | None = None,
) -> list[Metric]:
    """Every figure stated in the sentences of one page."""
    state = state or _State()
    out: list[Metric] = []
    for sentence in sentences:
        out.extend(_extract_sentence(page, sentence, doc, patterns, gazetteer, state))
    return out


def _extract_sentence(
    page: Page,
    sentence: Sentence,
    doc: DocContext,
    patterns: Patterns,
    gazetteer: Gazetteer,
    state: _State,
) -> list[Metric]:
    """Every figure of one sentence: the constructs' first, then the plain figures."""
    text = sentence.text
    if _DOT_LEADERS.search(text):
        return []  # a table of contents: its numbers are pages and sections
    if is_table_row(page.text, sentence.start):
        return []  # a table row: pipeline.tables reads it cell by cell
    carried = state.carried_period if _LIST_ITEM.match(text) else None
    mentions = gazetteer.find(text)
    named = named_councils(mentions)
    if len({m.code for m in named}) == 1:
        state.focus = gazetteer.by_code(named[0].code)
    if len(text) <= _MAX_HEADING_CHARS and not has_digit(text):
        named_statements = {st.key: st for st, _ in patterns.statements_in(text)}
        if len(named_statements) == 1:
            state.statement_heading = next(iter(named_statements.values()))
    if not _may_hold_figure(text):
        # no digit, number word, rating, wait or statement list: nothing to read here
        state.pending_statement_score = None
        if not (carried and _LIST_ITEM.match(text)):
            state.carried_period = None
        return []
    parsed = ParsedSentence(text, tuple(parse_quantities(text)), tuple(find_periods(text)))
    councils = SentenceCouncils(mentions, doc, state.focus, gazetteer)
    readings, consumed = _read_constructs(parsed, councils, patterns, state)
    rows = [_metric(doc, page, sentence, fig, None, council) for fig, council in readings]

    candidates = [q for q in parsed.quantities if _is_candidate(q, parsed, consumed, patterns)]
    found = find_comparators(parsed, candidates, patterns)
    figures = [q for q in candidates if q.start not in found.starts]
    clause_of = _clauses_of(parsed, figures, consumed)
    for q in figures:
        read = _read_figure(
            q, parsed, clause_of[q.start], figures, found, councils, patterns, state.last_family
        )
        if read is None:
            continue
        fig, council = read
        period = _choose_period(q, parsed.periods, text, found.zones) or carried
        rows.append(_metric(doc, page, sentence, fig, period, council))
        state.last_family = fig.family
    rows = _respectively(rows, text)
    rows = _respective_councils(rows, text, named)
    if text.endswith(":") and len(parsed.periods) == 1 and not figures:
        state.carried_period = parsed.periods[0]  # an introduction to a list
    elif not (carried and _LIST_ITEM.match(text)):
        state.carried_period = None
    return rows


# the words that may give a sentence a figure without a digit: number words, ratings,
# waits and statement lists ("none of the statements", "these were ...")
_FIGURE_WORDS = NUMBER_WORDS | {
    "twentieth", "none", "nobody", "outstanding", "good", "inadequate", "improvement",
    "backlog", "backlogs", "these", "they", "those", "statement", "statements",
}  # fmt: skip


def _may_hold_figure(text: str) -> bool:
    """Whether a sentence has a digit or a word that may stand for a figure.

    >>> _may_hold_figure("Seventeen people waited."), _may_hold_figure("We listened.")
    (True, False)
    """
    if has_digit(text):
        return True
    for word in words_of(text):
        if word in _FIGURE_WORDS or word.startswith("wait"):
            return True
        if word.endswith("teenth") and len(word) > len("teenth"):
            return True
    return False


_MAX_HEADING_CHARS = 80  # a line that names one quality statement and is this short is its heading
_RESPECTIVELY = regex.compile(r"\s+and\s+(?:\S+\s+){0,2}?$")
# between the figures of a list ("52, 48 and 49") and after the last, before "respectively"
_LIST_GAP = regex.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_BEFORE_RESPECTIVELY = regex.compile(r"\s*(?:per\s+cent\s*)?,?\s*")
# between councils listed ("Kirklees Council and Medway", "Bury, Bolton and Wigan")
_COUNCIL_LIST_GAP = regex.compile(
    r"(?:\s+(?:City|County|Borough|District|Metropolitan)?\s*Council)?(?:['’]s)?"
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?",
    regex.IGNORECASE,
)
_CHANGE_TO = regex.compile(
    r"\b(?:fell|rose|dropped|increased|decreased|improved|changed|moved|went)\b[^.;]{0,60}\bto\s*$",
    regex.IGNORECASE,
)


def _respectively(rows: list[Metric], text: str) -> list[Metric]:
    """ "A was 8.3% and B 24.2%, and both fell, to 7.0% and 23.1% respectively".

    The last two figures before "respectively" are the same measures as the two
    before them, in order; when the words before them say the measures changed "to"
    these values, the earlier figures are their previous values.
    """
    at = text.find("respectively")
    numbered = [m for m in rows if m.unit != "rating" and _start_in(m) < at]
    if at < 0 or len(numbered) < 4:
        return rows
    first, second, x, y = numbered[-4:]
    between = text[_end_in(x) : _start_in(y)]
    if not _RESPECTIVELY.fullmatch(between) or first.metric == second.metric:
        return rows
    changed = bool(_CHANGE_TO.search(text[: _start_in(x)]))
    updates = {}
    for new, old in ((x, first), (y, second)):
        if new.unit != old.unit:
            return rows
        updates[id(new)] = replace(
            new,
            metric=old.metric,
            family=old.family,
            label=old.label,
            comparator_scope="previous_period" if changed else new.comparator_scope,
            comparator_value=old.value if changed else new.comparator_value,
            comparator_period=old.period if changed else new.comparator_period,
        )
    return [updates.get(id(m), m) for m in rows]


def _respective_councils(
    rows: list[Metric], text: str, named: Sequence[CouncilMention]
) -> list[Metric]:
    """ "Kirklees and Medway were rated requires improvement, with scores of 52 and 49
    respectively": the figures listed before "respectively" go, in order, to the councils
    listed before them, and measure what the first of them measures."""
    at = text.find("respectively")
    if at < 0 or len(named) < 2:
        return rows
    listed = [m for m in rows if m.unit != "rating" and _start_in(m) < at]
    figures = _last_list(
        listed,
        lambda a, b: (
            bool(_LIST_GAP.fullmatch(text[_end_in(a) : _start_in(b)]))
            and _same_kind(a.unit, b.unit)
        ),
    )
    if len(figures) < 2 or not _BEFORE_RESPECTIVELY.fullmatch(text[_end_in(figures[-1]) : at]):
        return rows
    councils = [m for m in named if m.end <= _start_in(figures[0])]
    group = _last_list(
        councils, lambda a, b: bool(_COUNCIL_LIST_GAP.fullmatch(text[a.end : b.start]))
    )
    if len(group) != len(figures) or len({m.code for m in group}) != len(group):
        return rows
    lead = figures[0]
    updates = {
        id(row): replace(
            row,
            council=mention.name,
            council_code=mention.code,
            unit=lead.unit,
            metric=lead.metric,
            family=lead.family,
            label=lead.label,
        )
        for row, mention in zip(figures, group, strict=True)
    }
    return [updates.get(id(m), m) for m in rows]


def _last_list(items: Sequence[T], joined: Callable[[T, T], bool]) -> list[T]:
    """The run at the end of ``items`` whose neighbours are ``joined`` ("52 and 49")."""
    run = list(items[-1:])
    for earlier in reversed(items[:-1]):
        if not joined(earlier, run[0]):
            break
        run.insert(0, earlier)
    return run


def _start_in(m: Metric) -> int:
    """The figure's start in its sentence (offsets of rows are into the page)."""
    return m.char_start - m.quote_start


def _end_in(m: Metric) -> int:
    return m.char_end - m.quote_start


def _same_kind(unit: str, other: str) -> bool:
    """Units of figures that may be one list: the same, or bare numbers that a metric read as
    a score or a rank ("scores of 52 and 49": the first is a score, the second a count)."""
    return unit == other or {unit, other} <= {"count", "score", "rank"}


def _read_constructs(
    parsed: ParsedSentence, councils: SentenceCouncils, patterns: Patterns, state: _State
) -> tuple[list[Reading], set[int]]:
    """The constructs' readings, in order, and the starts of the numbers they used.

    A statement score given to "the other four statements" may name its statements in
    the next sentence ("These were ..."): the score waits in ``state``.
    """
    heading_score = score_line_reading(parsed, councils, state.statement_heading)
    if heading_score is not None:  # "Score: 2" under a statement's heading
        state.pending_statement_score = None
        reading, used = heading_score
        return [reading], {used}
    readings = rating_readings(parsed.text, councils)
    statements = statement_readings(parsed, councils, patterns, state.pending_statement_score)
    state.pending_statement_score = statements.score
    readings += statements.readings
    readings += zero_waiting_readings(parsed, councils, patterns)
    readings += none_rated_readings(parsed.text, councils.england)
    return readings, statements.consumed


def _is_candidate(
    q: Quantity, parsed: ParsedSentence, consumed: set[int], patterns: Patterns
) -> bool:
    """Whether a number may be a figure (or a comparator of one).

    Not when a construct read it, when it is part of a period, a duration describing a
    service, excluded by ``patterns/exclusions.yaml``, a heading's number or a number word
    in a headline.
    """
    text = parsed.text
    if q.start in consumed:
        return False
    if any(p.start <= q.start and q.end <= p.end for p in parsed.periods):
        return False  # "in the last 12 months" is a period, not a figure
    if q.unit_text.startswith("-"):
        return False  # "a six-week service": a duration that describes a service
    if patterns.exclusion_for(parsed.masked(figure=q), q.unit, q.qualifier) or (
        q.start <= 3 and (_SECTION_NUMBER.match(text) or _HEADING_NUMBER.match(text))
    ):
        return False
    # "LESSONS FROM THE FIVE PILOTS": a headline, not a statement
    return not (q.is_word and len(text) > 10 and text.upper() == text)


def _clauses_of(
    parsed: ParsedSentence, figures: Sequence[Quantity], consumed: set[int]
) -> dict[int, tuple[int, int]]:
    """Each figure's clause, by the figure's start (see ``_clauses``).

    Numbers read by the constructs still end the clauses of their neighbours.
    """
    cut_points = sorted(
        {
            q.start: q for q in [*figures, *(q for q in parsed.quantities if q.start in consumed)]
        }.values(),
        key=lambda q: q.start,
    )  # one cut point per span: a range's two ends share theirs
    return dict(zip((q.start for q in cut_points), _clauses(parsed.text, cut_points), strict=True))


def _clauses(text: str, figures: Sequence[Quantity]) -> list[tuple[int, int]]:
    """Each figure's clause: (start, end) from the cut before it to the cut after it.

    Between two figures the cut is at the last boundary (a comma, "and", "while", ...);
    with none, at the right figure, so the words between belong to the left one's clause.
    """
    cuts = [0]
    for left, right in pairwise(figures):
        between = text[left.end : right.start]
        found = list(_BOUNDARY.finditer(between))
        cuts.append(left.end + found[-1].start() if found else right.start)
    cuts.append(len(text))
    return [(cuts[index], cuts[index + 1]) for index in range(len(figures))]


def _read_figure(
    q: Quantity,
    parsed: ParsedSentence,
    clause: tuple[int, int],
    figures: Sequence[Quantity],
    found: Comparators,
    councils: SentenceCouncils,
    patterns: Patterns,
    last_family: str | None,
) -> tuple[Figure, Council | None] | None:
    """A plain figure named, compared and given its council; None if it is not a figure.

    The metric is read on the figure's clause; the council, the unit and ranks on the
    whole sentence.
    """
    masked = parsed.masked(figure=q)
    at = masked.index(FIGURE)
    c_start, c_end = clause
    clause_masked = parsed.part(c_start, c_end).masked(
        figure=replace(q, start=q.start - c_start, end=q.end - c_start)
    )
    unit = _unit_of(q, masked)
    if unit is None:
        return None
    fig = _name(q, unit, clause_masked, masked, patterns, last_family)
    is_last = not any(f.start > q.start for f in figures)
    comparison = compare(q, fig.unit, masked, at, is_last, found, parsed.periods, patterns)
    fig = replace(
        fig,
        comparator_scope=comparison.scope,
        comparator_value=comparison.value,
        comparator_period=comparison.period,
    )
    counted = rating_count(masked, parsed.text) if fig.unit == "count" else None
    if counted is not None:  # "14 have been rated good"
        metric, label = counted
        fig = replace(fig, metric=metric, family="rating", label=label, pattern="rating_count")
    council = _council_of(fig, q, masked, clause_masked, councils, patterns)
    if (
        fig.pattern.startswith("generic")
        and council is not None
        and council.code == ENGLAND_CODE
        and COUNCILS_NOUN.search(masked)
    ):
        # a count of councils: part of the national rating picture, or other
        fig = replace(fig, family="rating" if _RATED.search(clause_masked) else "other")
    return fig, council


def _unit_of(q: Quantity, masked: str) -> str | None:
    """The figure's unit before naming; None for an ordinal or a ranked number that is
    not a figure.

    A bare number is a count ("the average age was 45": years); a count in a ranking
    context is a rank; "the 26th of the 153 councils to receive" stays a count.
    """
    unit = q.unit or "count"
    if unit == "count" and _AGE.search(masked):
        unit = "years"  # "the average age was 45"
    if not (q.is_ordinal or RANK_CONTEXT.search(masked)):
        return unit
    if q.is_ordinal and _NTH_TO.search(masked) and not _RANK_WORD.search(masked):
        return "count"
    if RANK_CONTEXT.search(masked) and unit == "count":
        return "rank"
    return None


def _name(
    q: Quantity,
    unit: str,
    clause_masked: str,
    masked: str,
    patterns: Patterns,
    last_family: str | None,
) -> Figure:
    """What the figure measures: a taxonomy metric, else a key made from its clause.

    The taxonomy reads the clause first; a count or a percent may take a metric from the
    whole sentence when the phrase holds the figure or the metric has only that unit.
    Without a metric the family comes from cue words (money is finance), else from the
    figure before it.
    """
    match = patterns.classify(clause_masked, unit)
    if match is None and unit in ("count", "percent", "per_100k"):
        match = patterns.classify(masked, unit)
        if match is not None and not match.anchored and match.metric.units != (unit,):
            match = None
    if match is not None:
        if "score" in match.metric.units and unit == "count":
            unit = "score"
        metric, family, label = match.metric.key, match.metric.family, match.label
        pattern = f"taxonomy:{match.metric.key}"
    else:
        if unit == "rank":
            family = patterns.family_of(masked.replace("rank", "")) or "other"
            if family in ("rating", "score"):
                family = "other"
        elif unit == "gbp":
            family = "finance"  # money is finance unless a metric says otherwise
        else:
            family = (
                patterns.family_of(clause_masked)
                or patterns.family_of(masked)
                or last_family
                or "other"
            )
        metric, label = _descriptive_key(clause_masked, unit, family)
        pattern = f"generic:{unit}"
    if unit == "rank" and not metric.endswith("rank"):
        metric = f"{metric}_rank"
    return Figure(q, unit, metric, family, label, pattern)


def _descriptive_key(clause: str, unit: str, family: str) -> tuple[str, str]:
    """A key and label built from the clause's words around the figure."""
    clause = _OUT_OF.sub(" ", clause)
    clause = _OTHER_TOKENS.sub(" ", clause)
    before, _, after = clause.partition(FIGURE)
    after = _AFTER_KEY_STOP.split(after, maxsplit=1)[0]
    content_after = content_words(_KEY_WORD.findall(after)[:8])[:4]
    content_before = content_words(_KEY_WORD.findall(before)[-8:])[-4:]
    words = content_after if len(content_after) >= 2 or not content_before else content_before
    if not words:
        words = [family]
    key = snake(words)[:60].strip("_") or family
    suffix = _KEY_SUFFIX.get(unit)
    if suffix and not key.endswith(suffix) and not key.endswith("share"):
        key = f"{key}_{suffix}"
    return key, " ".join(words)


def _council_of(
    fig: Figure,
    q: Quantity,
    masked: str,
    clause_masked: str,
    councils: SentenceCouncils,
    patterns: Patterns,
) -> Council | None:
    """Who the figure belongs to.

    England for counts of councils, for metrics that are national by definition and for
    a national subject when no council is named before the figure; else the owner the
    clause gives (``attribute_council``).
    """
    if fig.metric.startswith("councils_"):
        return councils.england
    if q.is_ordinal and _NTH_TO.search(masked) and COUNCILS_NOUN.search(masked):
        return councils.england  # "Camden is the 26th of the 153 councils to receive ..."
    metric_def = patterns.metric(fig.metric)
    if metric_def is not None and metric_def.scope == "national":
        return councils.england
    if is_national(masked) and not any(m.end <= q.start for m in councils.named):
        return councils.england
    return councils.owner(q.start, clause_masked if councils.mentions else masked)


def _choose_period(
    figure: Quantity,
    periods: Sequence[PeriodMention],
    text: str,
    comparator_zones: Sequence[tuple[int, int]],
) -> PeriodMention | None:
    """The figure's period: the nearest period that is not a comparator's, a name or a date.

    A period in the figure's own clause comes first ("..., with staff turnover at 24.2% in
    2023/24, and ... in 2024/25"); at equal distance the period before the figure wins.
    """
    usable = []
    for p in periods:
        if any(s <= p.start < e for s, e in comparator_zones):
            continue
        if _YEAR.fullmatch(p.label) and _NAMED_AFTER_YEAR.match(text[p.end : p.end + 20]):
            continue  # "the 2021 Census", "our 2022 peer review": a name, not a period
        if p.label[0].isdigit() and _DAY_MONTH.match(p.label):
            continue  # a date ("1 April 2024") is an event, not the figure's period
        usable.append(p)
    if not usable:
        return None
    # the figure's own clause: from the last boundary before it to the first after it
    before = [m.end() for m in _BOUNDARY.finditer(text, 0, figure.start)]
    after = _BOUNDARY.search(text, figure.end)
    clause = (before[-1] if before else 0, after.start() if after else len(text))
    in_clause = [p for p in usable if clause[0] <= p.start and p.end <= clause[1]]

    def distance(p: PeriodMention) -> tuple[int, bool]:
        return min(abs(p.start - figure.end), abs(figure.start - p.end)), p.start > figure.start

    return min(in_clause or usable, key=distance)


def _metric(
    doc: DocContext,
    page: Page,
    sentence: Sentence,
    fig: Figure,
    period: PeriodMention | None,
    council: Council | None,
) -> Metric:
    """The row of the metrics dataset for a named figure."""
    q = fig.quantity
    return Metric(
        doc_id=doc.doc_id,
        source=doc.source,
        council=council.name if council else None,
        council_code=council.code if council else None,
        family=fig.family or "other",
        metric=fig.metric or "unnamed",
        label=fig.label,
        value=float(q.value),
        value_text=fig.value_text or q.text,
        unit=fig.unit,
        qualifier=q.qualifier,
        period=period.label if period else None,
        period_start=period.start_date if period else None,
        period_end=period.end_date if period else None,
        comparator_scope=fig.comparator_scope,
        comparator_value=fig.comparator_value,
        comparator_period=fig.comparator_period,
        page=page.number,
        char_start=sentence.start + q.start,
        char_end=sentence.start + q.end,
        quote=sentence.text,
        quote_start=sentence.start,
        quote_end=sentence.end,
        pattern=fig.pattern,
    )
