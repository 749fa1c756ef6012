"""The typed records that cross stage boundaries.

Data flows one way::

    ingest  : file bytes         -> RawDocument (RawPage per PDF page, one for text/HTML)
    clean   : RawPage            -> Page        (the text every offset below points into)
    sentences: Page              -> Sentence    (spans into Page.text)
    quantities / periods / gazetteer: str -> Quantity / PeriodMention / CouncilMention
    extract : Sentence + context -> Metric      (one row of the metrics dataset)
    validate: Metric             -> Metric      (warnings filled in)
    run     : everything         -> DocResult   (what a worker sends back to the parent)

All records are frozen dataclasses: stages build new ones, never mutate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Unit = str  # percent, count, score, per_100k, gbp, minutes, hours, days, weeks, months, years, rank, rating
Qualifier = str  # exact, over, under, about, up_to, range_low, range_high

UNITS: frozenset[str] = frozenset(
    {
        "percent",
        "count",
        "score",
        "per_100k",
        "gbp",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "rank",
        "rating",
    }
)
QUALIFIERS: frozenset[str] = frozenset(
    {"exact", "over", "under", "about", "up_to", "range_low", "range_high"}
)
FAMILY_ORDER: tuple[str, ...] = (
    "rating",
    "score",
    "quality_statement_score",
    "workforce",
    "waiting",
    "safeguarding",
    "survey",
    "activity",
    "reablement",
    "care_homes",
    "finance",
    "demand",
    "population",
    "other",
)  # the closed list of DOMAIN.md, in the order analysts read them
FAMILIES: frozenset[str] = frozenset(FAMILY_ORDER)
COMPARATOR_SCOPES: frozenset[str] = frozenset(
    {"national", "england", "london", "regional", "previous_period", "target", "other_council"}
)
DOC_KINDS: frozenset[str] = frozenset(
    {"self_assessment", "press_release", "news", "cqc_report", "other"}
)
DOC_STATUSES: frozenset[str] = frozenset({"ok", "failed", "no_text", "duplicate"})


@dataclass(frozen=True, slots=True)
class RawPage:
    """Text as a reader returned it. ``number`` is 1-based for PDFs, None otherwise."""

    number: int | None
    text: str


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input file after reading, before any cleaning."""

    doc_id: str  # sha256 of the file's bytes, hex
    source: str  # path relative to the input root, POSIX separators
    media_type: str  # application/pdf, text/plain, text/html, ...
    title: str | None
    pages: tuple[RawPage, ...]
    # True: lines are wrapped at a page width (PDF); False: one paragraph per line
    # (HTML, DOCX); None: unknown, decided from the line lengths (plain text).
    wrapped: bool | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """Cleaned page text: every offset in the output points into ``text``."""

    doc_id: str
    number: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or list item, or table row) of a page; ``text == page.text[start:end]``."""

    page: int | None
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph within the page, for context windows


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and qualifier, found in a piece of text.

    ``start``/``end`` are offsets into the text given to the parser and cover the
    whole figure as written, qualifier words excluded ("8.5%", "£24.5 million",
    "eight", "five and six months").
    """

    value: float
    unit: str | None  # normalised unit; None for a bare number
    unit_text: str  # the unit as written ("%", "per cent", "£", "weeks"); "" if none
    qualifier: str  # exact, over, under, about, up_to, range_low, range_high
    start: int
    end: int
    text: str  # the figure as written
    is_word: bool = False  # written in words ("three", "a quarter")
    is_ordinal: bool = False  # "17th", "seventh", "first"


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A time period stated in a text, normalised (see ``pipeline.periods``)."""

    label: str  # "2022-23", "2023", "as of June 2023", "since 2020", "last 12 months", ...
    start_date: dt.date | None
    end_date: dt.date | None
    start: int  # span in the text
    end: int


@dataclass(frozen=True, slots=True)
class CouncilMention:
    """A council (or England) named in a text."""

    name: str  # canonical name, "England" for the nation
    code: str  # GSS code
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Metric:
    """One row of the ``metrics`` dataset: a figure with its evidence."""

    doc_id: str
    source: str
    council: str | None
    council_code: str | None
    family: str
    metric: str
    label: str
    value: float
    value_text: str
    unit: str
    qualifier: str
    period: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    comparator_scope: str | None
    comparator_value: float | None
    comparator_period: str | None
    page: int | None
    char_start: int
    char_end: int
    quote: str
    quote_start: int
    quote_end: int
    pattern: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One row of the ``documents`` dataset."""

    doc_id: str
    source: str
    media_type: str | None
    doc_kind: str | None
    title: str | None
    council: str | None
    council_code: str | None
    pages: int
    chars: int
    metrics: int
    status: str  # ok, failed, no_text, duplicate
    error: str | None
    elapsed_s: float
    pipeline_version: str
    processed_at: dt.datetime


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything one document contributes to the output; small and picklable."""

    document: DocumentRecord
    pages: tuple[Page, ...] = ()
    metrics: tuple[Metric, ...] = field(default_factory=tuple)
