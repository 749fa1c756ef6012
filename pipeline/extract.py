"""Turn sentences into figures: value, unit, metric, council, period and comparator.

Stage: ``(Page, list[Sentence], DocContext) -> list[Metric]``.

For each sentence the extractor

1. finds quantities (``pipeline.quantities``), periods (``pipeline.periods``) and
   council names (``pipeline.gazetteer``);
2. reads the constructs that consume numbers on their own terms: CQC ratings and
   rating counts, quality statement scores ("eight 3s and one 2", "scored a 3 for the
   other four statements: ..."), ranks, "no waiting lists for ..." zeros;
3. drops numbers that are not figures (``patterns/exclusions.yaml``);
4. marks comparators ("the London average of 61%", "rising from 44% to 71%") and
   attaches each to the figure it qualifies (``patterns/comparators.yaml``);
5. names every remaining figure with the taxonomy (``patterns/metrics.yaml``) on its
   clause, and attributes it to a council (``attribute_council``).

Rules see the sentence *masked*: the figure being named reads ``⟨N⟩``, other numbers
``⟨X⟩``, a comparator ``⟨C⟩`` and periods ``⟨P⟩`` (see ``mask``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

import regex

from pipeline.gazetteer import Council, Gazetteer
from pipeline.periods import find_periods
from pipeline.quantities import parse_quantities
from pipeline.records import CouncilMention, Metric, Page, PeriodMention, Quantity, Sentence
from pipeline.taxonomy import COMPARATOR, FIGURE, OTHER, PERIOD, Patterns

__all__ = ["DocContext", "attribute_council", "extract_page", "mask", "subject_council"]

ENGLAND = ("England", "E92000001")
RATINGS = {"outstanding": 4, "good": 3, "requires improvement": 2, "inadequate": 1}
_RATING_WORD = r"(?P<r>outstanding|good|requires\s+improvement|inadequate)"
_RATING_PATTERNS = (
    regex.compile(
        r"\b(?:rated|judged|assessed)\s+(?!as\b)(?:[\w'’&,-]+\s+){1,10}?as\s+(?:an?\s+)?['\"]?"
        + _RATING_WORD
        + r"\b['\"]?",
        regex.IGNORECASE,
    ),
    regex.compile(
        r"\b(?:an?\s+)?(?:indicative\s+|overall\s+)?ratings?\s+of\s+['\"]?"
        + _RATING_WORD
        + r"\b['\"]?",
        regex.IGNORECASE,
    ),
    regex.compile(
        r"\b(?:rated|rating(?:\s+of)?|awarded|given|received|achieved|judged|assessed\s+as"
        r"|indicative\s+rating:?)\s+(?:as\s+|an?\s+|the\s+)?(?:overall\s+)?['\"]?"
        + _RATING_WORD
        + r"\b['\"]?(?!\s+(?:standard|practice|relationships|quality|level))",
        regex.IGNORECASE,
    ),
    regex.compile(
        r"['\"]?" + _RATING_WORD + r"['\"]?\s+(?:overall\s+|indicative\s+)?ratings?\b",
        regex.IGNORECASE,
    ),
)
# whoever got the rating must be the council, not a provider or a care home
_NOT_COUNCIL_RATED = regex.compile(
    r"\b(?:providers?|care homes?|homes?|services? (?:we|they) commission|those|which|who"
    r"|agencies|practices|schools?|hospitals?|trusts?|areas like|areas such as|councils)\b[^.;]{0,100}$",
    regex.IGNORECASE,
)
_RATING_COUNT = regex.compile(
    r"⟨N⟩\s+(?:(?:local\s+)?(?:councils|authorities|local authorities)\s+)?"
    r"(?:have\s+been\s+|had\s+been\s+|were\s+|was\s+|are\s+|is\s+)?"
    r"(?:rated\s+(?:as\s+)?|given\s+(?:indicative\s+)?ratings?\s+of\s+|received\s+)?"
    r"['\"]?"
    + _RATING_WORD
    + r"['\"]?(?=\s*(?:[,.;:)]|$)|\s+(?:and|by|in|for|so|ratings?|overall)\b)",
    regex.IGNORECASE,
)
_NONE_RATED = regex.compile(
    r"\b(?:none|no\s+councils?|no\s+authorities)\s+(?:(?:was|were|has\s+been|have\s+been)\s+)?"
    r"(?:rated\s+(?:as\s+)?)?['\"]?" + _RATING_WORD,
    regex.IGNORECASE,
)
_SCORE_COUNTS = regex.compile(r"(?P<n>⟨N⟩)\s+(?P<d>[1-4])(?:s|'s)\b", regex.IGNORECASE)
# "eight 3s and one 2": the count right before a single score digit in a list of counts
_SCORE_DIGIT_AFTER = regex.compile(r"\s+(?P<d>[1-4])\b(?=\s*[),;]|\s+and\b|\s*$)")
_LIST_JOIN_BEFORE = regex.compile(r"(?:\band|,)\s*$", regex.IGNORECASE)
_ACROSS_BOARD = regex.compile(r"\b(?P<d>[1-4])s\s+across\s+the\s+board", regex.IGNORECASE)
_STATEMENT_SCORE = regex.compile(
    r"\b(?:score|scored|scoring|mark|marked|rated|rating)\s+(?:of\s+|an?\s+|as\s+)?(?P<d>[1-4])\b(?![.,]\d|%)"
    r"|\b(?P<d2>[1-4])\s+out\s+of\s+4\b",
    regex.IGNORECASE,
)
_STATEMENT_COUNT = regex.compile(
    r"\b(?:in|for|across|on)\s+(?:the\s+)?(?:other\s+|remaining\s+|all\s+)?⟨N⟩\s+(?:of\s+the\s+)?"
    r"(?:other\s+|remaining\s+)?(?:quality\s+)?statements\b"
    r"|\b(?:in|for|on)\s+the\s+(?:other|remaining)\s+⟨N⟩(?!\s*\w)",
    regex.IGNORECASE,
)
_LIST_INTRO = regex.compile(
    r"^\s*(?:these|they|those|the statements)\s+(?:were|are|being)\b", regex.IGNORECASE
)
_RANK_CONTEXT = regex.compile(
    r"\brank(?:s|ed|ing)?\b(?:\s+\w+){0,2}\s+⟨N⟩|⟨N⟩\s+(?:highest|lowest|best|worst|largest|smallest"
    r"|most|least|top|bottom|place)\b|⟨N⟩\s+(?:in|out\s+of|of\s+all|of\s+the|among|across|nationally)"
    r"\s+(?:the\s+)?(?:\w+\s+){0,3}(?:London|England|country|councils|authorities|boroughs|nationally|region)",
    regex.IGNORECASE,
)
_NTH_TO = regex.compile(
    r"⟨N⟩\s+of\s+(?:the\s+)?⟨X⟩\s+(?:\w+\s+){0,4}to\s+(?:receive|be|have|get|achieve|publish|pass)",
    regex.IGNORECASE,
)
_ZERO_WAITING = regex.compile(
    r"\b(?:no|lack\s+of|zero|nil)\s+(?:\w+\s+)?(?:waiting\s+lists?|backlogs?|waits?)"
    r"(?:\s+(?:of\s+people\s+)?(?:\w+\s+){0,6}?(?:waiting\s+)?(?:for|in|across)\s+(?P<items>[^.;]+))?"
    r"|\b(?:no[- ]one|nobody|none)\s+(?:was|is|were|has\s+been)\s+waiting\s+(?:to\s+be\s+seen\s+)?(?:by|for)\s+(?P<items2>[^.;,]+(?:\s+or\s+[^.;,]+)?)",
    regex.IGNORECASE,
)
_ARTICLE = regex.compile(r"(?:a|an|the|its|their|our)\s+", regex.IGNORECASE)
_BOUNDARY = regex.compile(
    r",|;|:|\(|\)|\s-\s|\band\b|\bwhile\b|\bwhilst\b|\bwith\b|\bbut\b|\bwhich\b|\bcompared\b",
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
_COUNCILS_CONTEXT = regex.compile(
    r"\b(?:councils|authorities|the others|the rest|of them)\b", regex.IGNORECASE
)
_NOT_SUBJECT_LEAD = regex.compile(
    r"\b(?:highest|lowest|largest|smallest|most|least|average|than|compared|best|worst|against)\b",
    regex.IGNORECASE,
)
_COUNCILS_NOUN = regex.compile(
    r"⟨N⟩\s+(?:of\s+the\s+⟨X⟩\s+)?(?:\w+\s+){0,2}(?:councils|local authorities|authorities)\b"
    r"|(?:councils|local authorities|authorities)\s+(?:\w+\s+){0,3}⟨N⟩"
    r"|⟨N⟩\s+(?:of|out of)\s+(?:the\s+)?(?:⟨X⟩\s+)?(?:five\s+)?(?:councils|local authorities|authorities)"
    r"|\bof\s+the\s+(?:others|rest)\b"
    r"|\bappraising\s+all\s+⟨N⟩"
    r"|\b(?:councils|authorities)\b[^.]{0,40}\blikely\s+to\s+take\s+⟨N⟩",
    regex.IGNORECASE,
)
# "2.1 Assessing needs", "- 1.1 Adult social care in ...": a heading's section number
# "3 Providing support": a numbered heading line with no sentence in it
_HEADING_NUMBER = regex.compile(r"^\s*(?:[-•]\s*)?\d{1,2}\.?\s+[A-Z][^.!?\d]{1,80}$")
_SECTION_NUMBER = regex.compile(r"^\s*(?:[-•]\s*)?\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z]")
_LIST_ITEM = regex.compile(r"^\s*(?:[•*-]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s")
_DOT_LEADERS = regex.compile(r"(?:\.\s?){4,}\s*\d{1,3}\b|\.{4,}")
_SUBJECT_WORDS = regex.compile(
    r"\b(?:we|our|us|the council|the borough|the local authority|the authority|the county)\b",
    regex.IGNORECASE,
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "to",
        "and",
        "or",
        "for",
        "as",
        "at",
        "by",
        "with",
        "from",
        "than",
        "per",
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "its",
        "their",
        "our",
        "this",
        "these",
        "those",
        "into",
        "over",
        "under",
        "between",
        "about",
        "said",
        "says",
        "reported",
        "report",
        "people",
        "residents",
        "we",
        "they",
        "it",
        "there",
        "here",
        "also",
        "just",
        "only",
        "some",
        "more",
        "less",
        "than",
        "his",
        "her",
        "them",
        "so",
        "such",
        "each",
        "every",
        "all",
        "any",
        "other",
        "most",
        "very",
        "well",
        "were",
        "being",
        "both",
        "both",
        "within",
        "out",
        "up",
        "down",
        "new",
        "year",
        "years",
        "last",
        "since",
        "during",
        "around",
        "approximately",
        "nearly",
        "over",
    ]
)


@dataclass(frozen=True, slots=True)
class DocContext:
    """What a document tells about every sentence in it."""

    doc_id: str
    source: str
    subject: Council | None  # the document's main council
    dominant: bool  # the subject owns figures of sentences that name no council


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


@dataclass(slots=True)
class _Figure:
    quantity: Quantity
    unit: str
    metric: str | None = None
    family: str | None = None
    label: str = ""
    pattern: str = "taxonomy"
    comparator: Quantity | None = None
    comparator_scope: str | None = None
    comparator_value: float | None = None
    comparator_period: str | None = None
    council: Council | None = None
    councils: list[Council] = field(default_factory=list)
    value: float | None = None
    value_text: str | None = None
    qualifier: str | None = None


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
    for q in quantities:
        token = FIGURE if figure is not None and q.start == figure.start else OTHER
        if q.start in comparator_starts and token != FIGURE:
            token = COMPARATOR
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


def subject_council(
    title: str | None, pages: Sequence[Page], gazetteer: Gazetteer
) -> tuple[Council | None, bool]:
    """The council a document is about, and whether it dominates the document.

    Mentions in the title count five times. The subject dominates when it has more
    than half of all council mentions: then sentences that name no council are its.
    """
    counts: Counter[str] = Counter()
    for mention in gazetteer.find(title or ""):
        if mention.code != ENGLAND[1]:
            counts[mention.code] += 5
    for page in pages:
        for mention in gazetteer.find(page.text):
            if mention.code != ENGLAND[1]:
                counts[mention.code] += 1
    if not counts:
        return None, False
    code, top = counts.most_common(1)[0]
    return gazetteer.by_code(code), top > 0.5 * sum(counts.values())


def _is_national(masked: str) -> bool:
    """A figure about England: a count of councils, or a national subject before it."""
    if _RANK_CONTEXT.search(masked):
        return False
    if _COUNCILS_NOUN.search(masked):
        return True
    at = masked.find(FIGURE)
    before = masked[:at] if at >= 0 else masked
    if _SUBJECT_WORDS.search(before):
        return False  # "We are one of the most diverse communities in England: 16% ..."
    for m in _NATIONAL_SUBJECT.finditer(before):
        if not _NOT_SUBJECT_LEAD.search(before[max(0, m.start() - 60) : m.start()]):
            return True
    return False


def attribute_council(
    figure_start: int,
    mentions: Sequence[CouncilMention],
    masked_clause: str,
    doc: DocContext,
    state: _State,
    gazetteer: Gazetteer,
) -> Council | None:
    """Who a figure belongs to.

    In order: a council named in the sentence (the nearest before the figure, else the
    nearest after); England for national figures (counts of councils, "nationally");
    the document's subject when it dominates or the sentence says "we", "our", "the
    council"; else the council the text was last about.
    """
    if _is_national(masked_clause):
        return gazetteer.by_code(ENGLAND[1])
    named = [m for m in mentions if m.code != ENGLAND[1]]
    if named:
        before = [m for m in named if m.end <= figure_start]
        chosen = before[-1] if before else min(named, key=lambda m: m.start - figure_start)
        return gazetteer.by_code(chosen.code)
    if doc.dominant:
        return doc.subject or state.focus
    return state.focus or doc.subject


def zero_waiting_items(tail: str) -> list[str]:
    """What a "no waiting lists ..." phrase says nobody waits for.

    >>> zero_waiting_items("in Camden for an assessment, for leaving hospital or for home care")
    ['assessment', 'leaving hospital', 'home care']
    >>> zero_waiting_items("across key services and a strong focus on inequalities")
    ['key services']
    >>> zero_waiting_items("of people in care homes waiting for DoLS assessments")
    ['DoLS assessments']
    >>> zero_waiting_items("for assessments, although some people were waiting for reviews")
    ['assessments']
    """
    clause = tail.split(",")[0]
    waiting_for = regex.search(r"\bwaiting\s+for\s+(.+)", clause)
    introduced = regex.search(r"\bfor\s+(.+)", tail)
    if waiting_for:  # "no backlog of people in care homes waiting for DoLS assessments"
        tail = waiting_for.group(1)
    elif introduced is not None:  # "no waiting lists in Camden for A, for B or for C"
        tail = introduced.group(1)
    else:  # "no waiting lists across key services"
        tail = regex.sub(r"^\s*(?:in|across)\s+", "", tail)
    # in "for A, for B" every item repeats "for"; elsewhere an item that starts with an
    # article after the first begins a new clause ("key services and a strong focus")
    repeated_for = bool(regex.search(r",\s*(?:or\s+|and\s+)?for\s", tail))
    items = []
    for index, chunk in enumerate(regex.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", tail)):
        chunk = regex.sub(r"^for\s+", "", chunk.strip(), flags=regex.IGNORECASE)
        if regex.match(r"although|but|while|whilst|though|which|who", chunk, regex.IGNORECASE):
            break
        if index and not repeated_for and _ARTICLE.match(chunk):
            break
        if chunk and len(chunk.split()) <= 6:
            items.append(_ARTICLE.sub("", chunk, count=1) if _ARTICLE.match(chunk) else chunk)
    return items or [""]


def _snake(words: Iterable[str]) -> str:
    return "_".join(regex.sub(r"[^a-z0-9]+", "_", w.lower()).strip("_") for w in words).strip("_")


def _descriptive_key(clause: str, unit: str, family: str) -> tuple[str, str]:
    """A key and label built from the clause's words around the figure."""
    clause = regex.sub(r"\bout\s+of\s+⟨X⟩(?:\s+\w+)?", " ", clause)
    clause = regex.sub(r"⟨[XCP]⟩", " ", clause)
    before, _, after = clause.partition(FIGURE)
    after_words = [w for w in regex.findall(r"[A-Za-z][A-Za-z'-]*", after)]
    before_words = [w for w in regex.findall(r"[A-Za-z][A-Za-z'-]*", before)]
    content_after = [w for w in after_words[:8] if w.lower() not in _STOP][:4]
    content_before = [w for w in before_words[-8:] if w.lower() not in _STOP][-4:]
    words = content_after if len(content_after) >= 2 or not content_before else content_before
    if not words:
        words = [family]
    key = _snake(words)[:60].strip("_") or family
    suffix = {"percent": "rate", "gbp": "gbp", "rank": "rank", "per_100k": "per_100k"}.get(unit)
    if suffix and not key.endswith(suffix) and not key.endswith("share"):
        key = f"{key}_{suffix}"
    return key, " ".join(words)


def _clauses(text: str, figures: Sequence[Quantity]) -> list[tuple[int, int]]:
    """Each figure's clause: up to the last boundary between it and its neighbours."""
    bounds: list[tuple[int, int]] = []
    cuts = [0]
    for left, right in pairwise(figures):
        between = text[left.end : right.start]
        found = list(_BOUNDARY.finditer(between))
        cuts.append(left.end + found[-1].start() if found else right.start)
    cuts.append(len(text))
    for index, _ in enumerate(figures):
        start = cuts[index]
        end = cuts[index + 1]
        bounds.append((start, end))
    # the right end of a clause is the next clause's start; widen left starts to the
    # previous figure's end so the words between belong to both when no boundary splits
    return bounds


def _scope_of(text: str, patterns: Patterns) -> str | None:
    for scope, word in patterns.comparators.scope_words:
        if word.search(text):
            return scope
    return None


def _is_excluded(masked: str, q: Quantity, patterns: Patterns) -> str | None:
    for rule in patterns.exclusions:
        if rule.units and q.unit not in rule.units:
            continue
        if rule.qualifiers and q.qualifier not in rule.qualifiers:
            continue
        if any(p.search(masked) for p in rule.patterns):
            return rule.id
    return None


def _rating_rows(
    text: str,
    mentions: Sequence[CouncilMention],
    doc: DocContext,
    state: _State,
    gazetteer: Gazetteer,
) -> list[tuple[int, int, str, list[Council]]]:
    """(start, end, rating, councils) for each CQC rating the sentence gives a council."""
    found: list[tuple[int, int, str, list[Council]]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _RATING_PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start("r") < e for s, e in taken):
                continue
            before = text[: m.start()]
            if _NOT_COUNCIL_RATED.search(before[-90:]) or regex.search(
                r"\b(?:second|third)\s+(?:highest|lowest)\b|\bgrades?\b|\bbelow\s*$|\babove\s*$",
                text[max(0, m.start() - 40) : m.end() + 20],
                regex.IGNORECASE,
            ):
                continue
            if regex.search(
                r"\b(?:none|no\s+councils?|no\s+authorities)\s+(?:(?:was|were|has been|have been)\s+)?$",
                text[: m.start()],
                regex.IGNORECASE,
            ):
                continue  # "none was rated inadequate": a count of councils, read elsewhere
            if regex.search(r"⟨N⟩|\d", text[max(0, m.start() - 25) : m.start()]) and regex.search(
                r"\b(?:councils|authorities|have been|of the others)\b",
                text[: m.start()],
                regex.IGNORECASE,
            ):
                continue  # "14 have been rated good": a count of councils, read elsewhere
            rating = (
                " ".join(m.group("r").split())
                .title()
                .replace("Requires Improvement", "Requires Improvement")
            )
            named = [x for x in mentions if x.code != ENGLAND[1]]
            listed = _listed_councils(text, named, m.start("r"))
            if listed:
                councils = [gazetteer.by_code(x.code) for x in listed]
            else:
                council = attribute_council(m.start(), mentions, text, doc, state, gazetteer)
                councils = [council] if council is not None else []
            if councils and councils[0].code == ENGLAND[1]:
                continue
            taken.append((m.start("r"), m.end("r")))
            found.append((m.start("r"), m.end("r"), rating, councils))
    return found


def _listed_councils(
    text: str, named: Sequence[CouncilMention], position: int
) -> list[CouncilMention]:
    """Councils listed together as the subject of a rating.

    The block of council names nearest before ``position`` that are joined only by
    commas and "and" ("Birmingham, Lincolnshire, North Lincolnshire and Suffolk").
    """
    before = [m for m in named if m.end <= position]
    if len(before) < 2:
        return []
    block = [before[-1]]
    for m in reversed(before[:-1]):
        if not regex.fullmatch(r"\s*(?:,|and|&|,\s*and)\s*", text[m.end : block[0].start]):
            break
        block.insert(0, m)
    return block if len(block) >= 2 else []


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


def new_state() -> _State:
    """Fresh cross-sentence memory for a document."""
    return _State()


def _metric(
    doc: DocContext,
    page: Page,
    sentence: Sentence,
    fig: _Figure,
    period: PeriodMention | None,
    council: Council | None,
) -> Metric:
    q = fig.quantity
    return Metric(
        doc_id=doc.doc_id,
        source=doc.source,
        council=council.name if council else None,
        council_code=council.code if council else None,
        family=fig.family or "other",
        metric=fig.metric or "unnamed",
        label=fig.label,
        value=float(fig.value if fig.value is not None else q.value),
        value_text=fig.value_text or q.text,
        unit=fig.unit,
        qualifier=fig.qualifier or q.qualifier,
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


def _choose_period(
    figure: Quantity,
    periods: Sequence[PeriodMention],
    text: str,
    comparator_zones: Sequence[tuple[int, int]],
) -> PeriodMention | None:
    usable = []
    for p in periods:
        if any(s <= p.start < e for s, e in comparator_zones):
            continue
        if regex.fullmatch(r"\d{4}", p.label) and regex.match(
            r"\s+(?:[A-Z]|peer review|report|review|plan|strategy|census|survey|charter|framework)",
            text[p.end : p.end + 20],
        ):
            continue  # "the 2021 Census", "our 2022 peer review": a name, not a period
        if p.label[0].isdigit() and p.label[:1] != "" and regex.match(r"\d{1,2} ", p.label):
            continue  # a date ("1 April 2024") is an event, not the figure's period
        usable.append(p)
    if not usable:
        return None
    return min(usable, key=lambda p: min(abs(p.start - figure.end), abs(figure.start - p.end)))


def _extract_sentence(
    page: Page,
    sentence: Sentence,
    doc: DocContext,
    patterns: Patterns,
    gazetteer: Gazetteer,
    state: _State,
) -> list[Metric]:
    text = sentence.text
    if _DOT_LEADERS.search(text):
        return []  # a table of contents: its numbers are pages and sections
    carried = state.carried_period if _LIST_ITEM.match(text) else None
    mentions = gazetteer.find(text)
    named = [m for m in mentions if m.code != ENGLAND[1]]
    if len({m.code for m in named}) == 1:
        state.focus = gazetteer.by_code(named[0].code)
    quantities = parse_quantities(text)
    periods = find_periods(text)
    rows: list[Metric] = []

    def emit(fig: _Figure, council: Council | None, period: PeriodMention | None) -> None:
        rows.append(_metric(doc, page, sentence, fig, period, council))

    masked_plain = mask(text, quantities, periods)
    # --- CQC ratings given to a council ------------------------------------------------------
    for start, end, rating, councils in _rating_rows(text, mentions, doc, state, gazetteer):
        for rated in councils:
            q = Quantity(
                float(RATINGS[rating.lower()]), "rating", "", "exact", start, end, text[start:end]
            )
            fig = _Figure(
                q, "rating", "cqc_rating", "rating", "rating", "rating", value_text=rating
            )
            emit(fig, rated, None)

    consumed: set[int] = set()
    england = gazetteer.by_code(ENGLAND[1])
    council: Council | None
    # --- quality statements: counts of scores and per-statement scores -------------------
    statement_hits = [
        (st, m) for st in patterns.statements for p in st.phrases for m in [p.search(text)] if m
    ]
    score_in_sentence: int | None = None
    for q in quantities:
        masked = mask(text, quantities, periods, figure=q)
        council = attribute_council(q.start, mentions, masked, doc, state, gazetteer)
        for m in _SCORE_COUNTS.finditer(masked):
            d = int(m.group("d"))
            emit(
                _Figure(
                    q,
                    "count",
                    f"quality_statements_scored_{d}",
                    "quality_statement_score",
                    f"{d}s",
                    "statement_score_count",
                ),
                council,
                None,
            )
            consumed.add(q.start)
            state.pending_statement_score = None
        if q.start not in consumed and any(
            _SCORE_COUNTS.search(mask(text, quantities, periods, figure=o))
            for o in quantities
            if o is not q
        ):
            digit = _SCORE_DIGIT_AFTER.match(text, q.end)
            if digit and _LIST_JOIN_BEFORE.search(text[: q.start]):
                consumed.update(
                    o.start
                    for o in quantities
                    if o.start > q.start and text[q.end : o.start].strip() == ""
                )
                d = int(digit.group("d"))
                emit(
                    _Figure(
                        q,
                        "count",
                        f"quality_statements_scored_{d}",
                        "quality_statement_score",
                        f"{d}",
                        "statement_score_count",
                    ),
                    council,
                    None,
                )
                consumed.add(q.start)
        if q.start in consumed:
            continue
        stmt_count = _STATEMENT_COUNT.search(masked)
        # the score these statements got: the nearest score stated before the count
        scores = list(_STATEMENT_SCORE.finditer(text))
        before_count = [s for s in scores if s.end() <= q.start]
        score = before_count[-1] if before_count else (scores[0] if scores else None)
        if stmt_count and score:
            d = int(score.group("d") or score.group("d2"))
            score_in_sentence = d
            emit(
                _Figure(
                    q,
                    "count",
                    f"quality_statements_scored_{d}",
                    "quality_statement_score",
                    "quality statements",
                    "statement_score_count",
                ),
                council,
                None,
            )
            consumed.add(q.start)
    for m in _ACROSS_BOARD.finditer(text):
        d = int(m.group("d"))
        council = attribute_council(m.start(), mentions, masked_plain, doc, state, gazetteer)
        q = Quantity(9.0, "count", "", "exact", m.start(), m.end(), text[m.start() : m.end()])
        emit(
            _Figure(
                q,
                "count",
                f"quality_statements_scored_{d}",
                "quality_statement_score",
                "across the board",
                "statement_score_count",
                value_text=text[m.start() : m.end()],
            ),
            council,
            None,
        )
    # the score of a list of statements: this sentence or one before ("These were ...")
    score_match = _STATEMENT_SCORE.search(text)
    if score_match and (
        statement_hits or regex.search(r"quality statements?|statements", text, regex.IGNORECASE)
    ):
        score_in_sentence = int(score_match.group("d") or score_match.group("d2"))
        for q in quantities:
            if (
                q.start == score_match.start("d")
                or q.start == score_match.start("d2")
                or (q.start <= score_match.end() - 1 and q.end >= score_match.end())
            ):
                consumed.add(q.start)
    statement_score = score_in_sentence
    if statement_score is None and _LIST_INTRO.search(text):
        statement_score = state.pending_statement_score
    if statement_hits and statement_score is not None:
        council = attribute_council(0, mentions, masked_plain, doc, state, gazetteer)
        seen_keys: set[str] = set()
        for st, m in sorted(statement_hits, key=lambda h: h[1].start()):
            if st.key in seen_keys:
                continue
            if st.key == "qs_safeguarding" and any(
                o.key == "qs_safe_systems_pathways_transitions"
                and om.start() <= m.start() < om.end()
                for o, om in statement_hits
            ):
                continue
            seen_keys.add(st.key)
            q = Quantity(
                float(statement_score),
                "score",
                "",
                "exact",
                m.start(),
                m.end(),
                text[m.start() : m.end()],
            )
            emit(
                _Figure(
                    q,
                    "score",
                    st.key,
                    "quality_statement_score",
                    st.name,
                    "statement_score",
                    value_text=str(statement_score),
                ),
                council,
                None,
            )
    state.pending_statement_score = score_in_sentence
    # "Safeguarding: 2", "1. assessing people's needs - 3"
    if not (statement_hits and statement_score is not None):
        for st, m in statement_hits:
            after = regex.match(
                r"\s*(?:[:(\-]|scored|score of|was|-)\s*(?P<d>[1-4])\)?(?!\d|\.\d|%)",
                text[m.end() :],
            )
            if after:
                d = int(after.group("d"))
                start = m.end() + after.start("d")
                q = Quantity(
                    float(d), "score", "", "exact", start, start + 1, text[start : start + 1]
                )
                council = attribute_council(
                    m.start(), mentions, masked_plain, doc, state, gazetteer
                )
                emit(
                    _Figure(
                        q,
                        "score",
                        st.key,
                        "quality_statement_score",
                        st.name,
                        "statement_score_list",
                        value_text=str(d),
                    ),
                    council,
                    None,
                )
                consumed.update(x.start for x in quantities if x.start == start)

    # --- zeros: "no waiting lists for A, B and C" -------------------------------------
    for m in _ZERO_WAITING.finditer(text):
        items = zero_waiting_items(m.group("items") or m.group("items2") or "")
        council = attribute_council(m.start(), mentions, masked_plain, doc, state, gazetteer)
        for item in items:
            words = [w for w in regex.findall(r"[A-Za-z]+", item) if w.lower() not in _STOP]
            q = Quantity(0.0, "count", "", "exact", m.start(), m.end(), text[m.start() : m.end()])
            probe = f"people waiting for {item} ⟨N⟩".strip()
            match = patterns.classify(probe, "count")
            key = (
                match.metric.key
                if match and match.metric.family == "waiting"
                else ("people_waiting_" + _snake(words[:4]) if words else "people_waiting")
            )
            emit(
                _Figure(
                    q,
                    "count",
                    key,
                    "waiting",
                    f"waiting {item}".strip(),
                    "zero_waiting",
                    value_text=m.group(0).split(" for ")[0]
                    if " for " in m.group(0)
                    else m.group(0),
                ),
                council,
                None,
            )
    for m in _NONE_RATED.finditer(text):
        rating = " ".join(m.group("r").split()).lower()
        q = Quantity(0.0, "count", "", "exact", m.start(), m.end(), text[m.start() : m.end()])
        emit(
            _Figure(
                q,
                "count",
                "councils_rated_" + rating.replace(" ", "_"),
                "rating",
                m.group(0),
                "rating_count",
                value_text=m.group(0),
            ),
            england,
            None,
        )

    # --- plain figures -----------------------------------------------------------------
    candidates: list[Quantity] = []
    for q in quantities:
        if q.start in consumed:
            continue
        if any(p.start <= q.start and q.end <= p.end for p in periods):
            continue  # "in the last 12 months" is a period, not a figure
        if q.unit_text.startswith("-"):
            continue  # "a six-week service": a duration that describes a service
        masked = mask(text, quantities, periods, figure=q)
        if _is_excluded(masked, q, patterns) or (
            q.start <= 3 and (_SECTION_NUMBER.match(text) or _HEADING_NUMBER.match(text))
        ):
            continue
        if q.is_word and len(text) > 10 and text.upper() == text:
            continue  # "LESSONS FROM THE FIVE PILOTS": a headline, not a statement
        candidates.append(q)

    # comparators
    comparator_of: dict[
        int, tuple[Quantity, str | None]
    ] = {}  # figure start -> (comparator, scope)
    comparator_starts: set[int] = set()
    comparator_zones: list[tuple[int, int]] = []
    for index, c in enumerate(candidates):
        masked = mask(text, quantities, periods, figure=c)
        # a change: "rising from 44% to 71%" makes 44% the earlier value of 71%
        if index + 1 < len(candidates):
            target = candidates[index + 1]
            as_change = mask(text, quantities, periods, figure=target, comparators=[c])
            if any(rule.search(as_change) for rule in patterns.comparators.change):
                comparator_of[target.start] = (c, "previous_period")
                comparator_starts.add(c.start)
                comparator_zones.append((c.start, target.start))
                continue
        prefix_end = masked.index(FIGURE)
        prefix = masked[:prefix_end]
        lead = next((r.search(prefix) for r in patterns.comparators.lead if r.search(prefix)), None)
        if lead is None or index == 0:
            continue
        owners = [
            f
            for f in candidates[:index]
            if f.start not in comparator_starts
            # a bare comparator ("the average of 401") takes its figure's unit
            and (f.unit == c.unit or c.unit in (None, "count"))
        ]
        if not owners:
            continue
        owner = owners[-1]
        lead_text = prefix[lead.start() :]
        tail = text[c.end : c.end + 25]
        # "against 2.9% nationally": the scope may follow the comparator's number
        tail_words = " ".join(regex.findall(r"[A-Za-z]+", tail)[:2])
        scope = _scope_of(lead_text, patterns) or _scope_of(tail_words, patterns)
        if scope is None:
            if regex.search(r"\baverage\b|\bmedian\b|\bmean\b", lead_text, regex.IGNORECASE):
                scope = _scope_of(text, patterns) or "national"
                if scope in ("previous_period", "target"):
                    scope = "national"
            elif regex.search(
                r"\b(?:from|up|down|increase|rise|fell|rose|budget)\b", lead_text, regex.IGNORECASE
            ) or regex.match(
                r"\s+(?:budget\s+)?in\s+⟨P⟩|\s+(?:budget\s+)?in\s+\d{4}", masked[prefix_end + 3 :]
            ):
                scope = "previous_period"
            elif regex.search(r"\bvs\b|versus", lead_text, regex.IGNORECASE):
                scope = _scope_of(text, patterns)
        comparator_of[owner.start] = (c, scope)
        comparator_starts.add(c.start)
        lead_words = regex.findall(r"[A-Za-z]+", lead_text)
        zone_start = text.rfind(lead_words[0], 0, c.start) if lead_words else c.start
        comparator_zones.append((zone_start if zone_start >= 0 else c.start, c.end + len(tail)))
        # "58 years for men and 60 for women, compared to London averages of 63.5 and 64"
        if index + 1 < len(candidates):
            nxt = candidates[index + 1]
            if regex.fullmatch(r"\s+and\s+", text[c.end : nxt.start]):
                owners_all = [f for f in candidates[:index] if f.start not in comparator_starts]
                if len(owners_all) >= 2 and owners_all[-2].unit == owners_all[-1].unit:
                    first_owner, second_owner = owners_all[-2], owners_all[-1]
                    comparator_of[first_owner.start] = (c, scope)
                    comparator_of[second_owner.start] = (nxt, scope)
                    comparator_starts.add(nxt.start)
    # "89 - 11 more than the next best performer"
    for index, c in enumerate(candidates[1:], start=1):
        if regex.match(
            r"\s+more\s+than\s+the\s+next\s+(?:best|highest)", text[c.end :], regex.IGNORECASE
        ):
            owner = candidates[index - 1]
            if owner.start not in comparator_starts:
                comparator_of[owner.start] = (
                    Quantity(
                        owner.value - c.value, owner.unit, "", "exact", c.start, c.end, c.text
                    ),
                    "other_council",
                )
                comparator_starts.add(c.start)

    figures = [q for q in candidates if q.start not in comparator_starts]
    # numbers read by the constructs above still end the clauses of their neighbours
    cut_points = sorted(
        {q.start: q for q in [*figures, *(q for q in quantities if q.start in consumed)]}.values(),
        key=lambda q: q.start,
    )  # one cut point per span: a range's two ends share theirs
    clause_of = dict(zip((q.start for q in cut_points), _clauses(text, cut_points), strict=True))
    for q in figures:
        c_start, c_end = clause_of[q.start]
        masked = mask(text, quantities, periods, figure=q)
        f_pos = masked.index(FIGURE)
        # the clause in masked coordinates: rebuild from the sentence slice
        clause_text = text[c_start:c_end]
        clause_q = [x for x in quantities if c_start <= x.start and x.end <= c_end]
        clause_p = [p for p in periods if c_start <= p.start and p.end <= c_end]
        clause_masked = mask(
            clause_text,
            [replace(x, start=x.start - c_start, end=x.end - c_start) for x in clause_q],
            [replace(p, start=p.start - c_start, end=p.end - c_start) for p in clause_p],
            figure=replace(q, start=q.start - c_start, end=q.end - c_start),
        )
        unit = q.unit or "count"
        if unit == "count" and regex.search(r"\bage\s+(?:was|is|of)\s+⟨N⟩", masked):
            unit = "years"  # "the average age was 45"
        fig = _Figure(q, unit)
        # ranks
        if q.is_ordinal or _RANK_CONTEXT.search(masked):
            if (
                q.is_ordinal
                and _NTH_TO.search(masked)
                and not regex.search(r"\brank", masked, regex.IGNORECASE)
            ):
                unit = "count"
                fig.unit = "count"
            elif _RANK_CONTEXT.search(masked) and unit in ("count",):
                fig.unit = "rank"
                unit = "rank"
            else:
                continue
        match = patterns.classify(clause_masked, unit)
        if match is None and unit in ("count", "percent"):
            match = patterns.classify(masked, unit)
            if match is not None and not match.anchored and match.metric.units != (unit,):
                match = None
        if match is not None:
            fig.metric, fig.family, fig.label = match.metric.key, match.metric.family, match.label
            if "score" in match.metric.units and unit == "count":
                fig.unit = unit = "score"
            fig.pattern = f"taxonomy:{match.metric.key}"
        else:
            family = (
                "finance"  # money is finance unless a metric says otherwise
                if unit == "gbp"
                else patterns.family_of(clause_masked)
                or patterns.family_of(masked)
                or state.last_family
                or "other"
            )
            if unit == "rank":
                family = patterns.family_of(masked.replace("rank", "")) or "other"
                if family in ("rating", "score"):
                    family = "other"
            fig.family = family
            fig.metric, fig.label = _descriptive_key(clause_masked, unit, family)
            fig.pattern = f"generic:{unit}"
        if unit == "rank":
            fig.metric = (
                fig.metric if fig.metric and fig.metric.endswith("rank") else f"{fig.metric}_rank"
            )
            fig.comparator_scope = _scope_of(masked[f_pos:], patterns) or _scope_of(
                masked, patterns
            )
            if fig.comparator_scope not in ("london", "england", "national", "regional"):
                fig.comparator_scope = None
        comp = comparator_of.get(q.start)
        if comp is not None:
            cq, scope = comp
            fig.comparator_value = cq.value
            fig.comparator_scope = scope
            c_periods = [p for p in periods if 0 <= p.start - cq.end <= 25]
            if c_periods:
                fig.comparator_period = c_periods[0].label
        elif unit != "rank":
            after = masked[f_pos:]
            m = regex.search(
                r"\b(?:above|below|higher\s+than|lower\s+than|in\s+line\s+with|similar\s+to|compared\s+(?:to|with)|than|over|under|outperforming|worse\s+than|better\s+than)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:average|figure|rate|mean)"
                r"|\b(?:highest|lowest|largest|smallest|best|worst)\s+(?:\w+\s+){0,2}in\s+(?:London|England|the country)",
                after,
                regex.IGNORECASE,
            )
            next_other = masked.find(OTHER, f_pos + 3)
            if m and (
                next_other == -1 or m.start() + f_pos < next_other or not figures_after(q, figures)
            ):
                fig.comparator_scope = _scope_of(m.group(0), patterns) or (
                    "national"
                    if regex.search("average|mean", m.group(0), regex.IGNORECASE)
                    else None
                )
                if fig.comparator_scope in ("previous_period", "target", "other_council"):
                    fig.comparator_scope = None
        council = attribute_council(
            q.start, mentions, clause_masked if mentions else masked, doc, state, gazetteer
        )
        if council is None or council.code != ENGLAND[1]:
            national = attribute_council(q.start, [], masked, doc, state, gazetteer)
            if (
                national is not None
                and national.code == ENGLAND[1]
                and not [m for m in named if m.end <= q.start]
            ):
                council = national
        rating_count = _RATING_COUNT.search(masked)
        if (
            rating_count
            and unit == "count"
            and _COUNCILS_CONTEXT.search(text)
            and not regex.search(r"\b(?:providers?|care homes?|homes)\b", text, regex.IGNORECASE)
        ):
            rating_word = " ".join(rating_count.group("r").lower().split())
            fig.metric = "councils_rated_" + rating_word.replace(" ", "_")
            fig.family, fig.label, fig.pattern = "rating", rating_count.group(0), "rating_count"
            council = england
        if fig.metric and fig.metric.startswith("councils_"):
            council = england
        if q.is_ordinal and _NTH_TO.search(masked) and _COUNCILS_NOUN.search(masked):
            council = england  # "Camden is the 26th of the 153 councils to receive ..."
        metric_def = patterns.metric(fig.metric or "")
        if metric_def is not None and metric_def.scope == "national":
            council = england
        if (
            fig.pattern.startswith("generic")
            and council is not None
            and council.code == ENGLAND[1]
            and _COUNCILS_NOUN.search(masked)
        ):
            # a count of councils: part of the national rating picture, or other
            fig.family = "rating" if regex.search(r"\brat(?:ed|ing)\b", clause_masked) else "other"
        period = _choose_period(q, periods, text, comparator_zones) or carried
        emit(fig, council, period)
        state.last_family = fig.family
    if text.endswith(":") and len(periods) == 1 and not figures:
        state.carried_period = periods[0]  # an introduction to a list
    elif not (carried and _LIST_ITEM.match(text)):
        state.carried_period = None
    return rows


def figures_after(q: Quantity, figures: Sequence[Quantity]) -> bool:
    return any(f.start > q.start for f in figures)
