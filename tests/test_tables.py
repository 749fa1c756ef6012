"""Tables: found in page geometry (``find_tables``) and read into figures (``table_metrics``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pytest

from pipeline.gazetteer import Gazetteer, load_gazetteer
from pipeline.records import Page
from pipeline.tables import (
    Segment,
    Table,
    find_tables,
    is_table_row,
    looks_like_table,
    render_table,
    table_metrics,
)
from pipeline.taxonomy import Patterns, load_patterns

# --- geometry ------------------------------------------------------------------------------------


def seg(text: str, x0: float, baseline: float, size: float = 10.0, width: float = 0.0) -> Segment:
    """A segment of ``text`` at ``x0`` on ``baseline`` (5 points a character unless given)."""
    return Segment(
        text,
        x0,
        x0 + (width or 5 * len(text)),
        baseline + 0.8 * size,
        baseline - 0.2 * size,
        baseline,
        size,
    )


def row(baseline: float, label: str, *values: str, size: float = 10.0) -> list[Segment]:
    """A table row: label at x=30, values right-aligned to x=340, 440, 540."""
    cells = [seg(label, 30, baseline, size)] if label else []
    for value, right in zip(values, (340, 440, 540), strict=False):
        cells.append(seg(value, right - 5 * len(value), baseline, size))
    return cells


@dataclass(frozen=True)
class GeometryCase:
    lines: list[list[Segment]]
    rules: tuple[float, ...]
    expected: list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]


HEADER = [seg("Measure", 30, 700), seg("2021-22", 305, 700), seg("2022-23", 405, 700)]

GEOMETRY_CASES = {
    "header-and-rows": GeometryCase(
        [HEADER, row(686, "Turnover (%)", "12.0", "10.5"), row(672, "Vacancies (%)", "8.1", "-")],
        (),
        [
            (
                ("Measure", "2021-22", "2022-23"),
                (("Turnover (%)", "12.0", "10.5"), ("Vacancies (%)", "8.1", "-")),
            )
        ],
    ),
    # the label wraps over two lines and the numbers are centred against it, no rules
    "wrapped-label-centred": GeometryCase(
        [
            HEADER,
            row(686, "Turnover (%)", "12.0", "10.5"),
            [seg("Proportion of people who", 30, 672)],
            row(666, "", "77.1", "76.9"),
            [seg("have control (%)", 30, 660)],
            row(644, "Safeguarding concerns", "1,511", "1,602"),
        ],
        (),
        [
            (
                ("Measure", "2021-22", "2022-23"),
                (
                    ("Turnover (%)", "12.0", "10.5"),
                    ("Proportion of people who have control (%)", "77.1", "76.9"),
                    ("Safeguarding concerns", "1,511", "1,602"),
                ),
            )
        ],
    ),
    # top-aligned wrapped labels inside ruled rows
    "wrapped-label-ruled": GeometryCase(
        [
            HEADER,
            row(684, "People waiting for a Care", "640", "415"),
            [seg("Act assessment", 30, 672)],
            row(656, "Carers assessed", "2,310", "2,402"),
        ],
        (710.0, 694.0, 666.0, 650.0),
        [
            (
                ("Measure", "2021-22", "2022-23"),
                (
                    ("People waiting for a Care Act assessment", "640", "415"),
                    ("Carers assessed", "2,310", "2,402"),
                ),
            )
        ],
    ),
    "single-row-with-header": GeometryCase(
        [HEADER, row(686, "Turnover (%)", "12.0", "10.5")],
        (),
        [(("Measure", "2021-22", "2022-23"), (("Turnover (%)", "12.0", "10.5"),))],
    ),
    "contents-page": GeometryCase(
        [
            [seg("1 Introduction ..........", 30, 700), seg("4", 530, 700)],
            [seg("2 Working with people ..........", 30, 686), seg("7", 530, 686)],
            [seg("3 Safeguarding ..........", 30, 672), seg("21", 525, 672)],
        ],
        (),
        [],
    ),
    "two-columns-of-prose": GeometryCase(
        [
            [
                seg("Turnover fell to 8% in 2023, and we", 30, 700),
                seg("recruited 40 new staff", 300, 700),
            ]
            for _ in range(1)
        ]
        + [
            [
                seg("and vacancies fell in 2022-23 too.", 30, 686),
                seg("over the whole of 2022-23.", 300, 686),
            ]
        ],
        (),
        [],
    ),
    "big-numbers-beside-labels": GeometryCase(
        [
            [seg("adults supported", 30, 700), seg("2,845", 300, 700, size=28)],
            [seg("people employed", 30, 660), seg("8,000", 300, 660, size=28)],
        ],
        (),
        [],
    ),
    "axis-ticks": GeometryCase(
        [[seg("0", 40, 300), seg("10", 140, 300), seg("20", 240, 300), seg("30", 340, 300)]],
        (),
        [],
    ),
}


@pytest.mark.parametrize("case", GEOMETRY_CASES.values(), ids=GEOMETRY_CASES.keys())
def test_find_tables(case: GeometryCase) -> None:
    found = find_tables(case.lines, case.rules)
    assert [(t.header, t.rows) for t in found] == case.expected


def test_prose_beside_a_table_stays_prose() -> None:
    """A table in the right-hand column: the left column's lines are not its labels."""
    prose = "The left column of the page is ordinary prose text"
    lines = [
        [seg(prose, 30, 700, width=230), seg("Measure", 300, 700), seg("2022-23", 460, 700)],
        [seg(prose, 30, 686, width=230), seg("Turnover", 300, 686), seg("12.0", 480, 686)],
        [seg(prose, 30, 672, width=230), seg("Vacancies", 300, 672), seg("8.1", 485, 672)],
    ]
    (table,) = find_tables(lines)
    assert table.rows == (("Turnover", "12.0"), ("Vacancies", "8.1"))
    assert not any(index == 0 for _, index in table.members)


def test_looks_like_table_is_cheap_and_specific() -> None:
    assert looks_like_table(GEOMETRY_CASES["header-and-rows"].lines)
    assert not looks_like_table([[seg("Turnover fell to 8% in 2023.", 30, 700)]] * 5)


def test_render_table_escapes_the_separator() -> None:
    table = Table(("Measure", "2022-23"), (("Turnover", "8.5%"),), 0, 1, 1, 0, frozenset())
    assert render_table(table) == ["▤ Measure | 2022-23", "▦ Turnover | 8.5%"]


# --- page text -> figures ------------------------------------------------------------------------


@cache
def _patterns() -> Patterns:
    return load_patterns()


@cache
def _gazetteer() -> Gazetteer:
    return load_gazetteer()


def _rows(*texts: str) -> list[tuple[object, ...]]:
    pages = [Page("d", n, text) for n, text in enumerate(texts, start=1)]
    subject = _gazetteer().resolve("Hounslow")
    metrics = table_metrics(pages, "d", "s.pdf", subject, _patterns(), _gazetteer())
    for m in metrics:
        page_text = texts[(m.page or 1) - 1]
        assert page_text[m.quote_start : m.quote_end] == m.quote
        assert page_text[m.char_start : m.char_end] == m.value_text
        assert is_table_row(page_text, m.char_start)
    return [
        (
            m.council,
            m.metric,
            m.value,
            m.unit,
            m.period,
            m.comparator_scope,
            m.comparator_value,
            m.comparator_period,
        )
        for m in metrics
    ]


PERIODS_AND_LONDON = (
    "Table 1: Key indicators\n"
    "▤ Measure | 2021-22 | 2022-23 | London average\n"
    "▦ Staff turnover rate (%) | 12.0 | 10.5 | 24.0\n"
    "▦ People waiting for a Care Act assessment | 640 | 415 | -\n"
    "Turnover fell."
)


@dataclass(frozen=True)
class MetricCase:
    texts: Sequence[str]
    expected: list[tuple[object, ...]]


H = "Hounslow"
METRIC_CASES = {
    "periods-and-london-average": MetricCase(
        [PERIODS_AND_LONDON],
        [
            (H, "staff_turnover_rate", 12.0, "percent", "2021-22", None, None, None),
            (H, "staff_turnover_rate", 10.5, "percent", "2022-23", "london", 24.0, None),
            (H, "people_waiting_assessment", 640.0, "count", "2021-22", None, None, None),
            (H, "people_waiting_assessment", 415.0, "count", "2022-23", None, None, None),
        ],
    ),
    "comparator-with-its-own-period": MetricCase(
        [
            "▤ Indicator | 2021-22 | 2022-23 | England average 2021-22\n"
            "▦ Overall satisfaction of people who use services (%) | 63.0 | 64.5 | 62.1"
        ],
        [
            (H, "satisfied_with_care_rate", 63.0, "percent", "2021-22", "england", 62.1, "2021-22"),
            (H, "satisfied_with_care_rate", 64.5, "percent", "2022-23", None, None, None),
        ],
    ),
    "council-and-region-columns": MetricCase(
        ["▤ 2022-23 | Kent | South East\n▦ Staff vacancy rate | 7.5% | 9.0%"],
        [("Kent", "staff_vacancy_rate", 7.5, "percent", None, "regional", 9.0, None)],
    ),
    "years-down-the-side": MetricCase(
        [
            "▤ Year | Safeguarding concerns | Safeguarding enquiries\n▦ 2021-22 | 1,432 | 260\n▦ 2022-23 | 1,511 | 252"
        ],
        [
            (H, "safeguarding_concerns", 1432.0, "count", "2021-22", None, None, None),
            (H, "safeguarding_enquiries", 260.0, "count", "2021-22", None, None, None),
            (H, "safeguarding_concerns", 1511.0, "count", "2022-23", None, None, None),
            (H, "safeguarding_enquiries", 252.0, "count", "2022-23", None, None, None),
        ],
    ),
    "change-and-target-columns": MetricCase(
        [
            "▤ Measure | 2023-24 | Change | Target\n▦ Older people at home 91 days after discharge (%) | 84.1 | +2.0 | 85.0"
        ],
        [
            (
                H,
                "older_people_home_91_days_after_discharge_rate",
                84.1,
                "percent",
                "2023-24",
                "target",
                85.0,
                None,
            ),
        ],
    ),
    "header-carried-to-the-next-page": MetricCase(
        [
            "▤ Service | 2022-23 | 2023-24\n▦ Hub 1: people supported | 217 | 229",
            "▦ Hub 2: people supported | 234 | 248",
        ],
        [
            (H, "hub_1_people_supported", 217.0, "count", "2022-23", None, None, None),
            (H, "hub_1_people_supported", 229.0, "count", "2023-24", None, None, None),
            (H, "hub_2_people_supported", 234.0, "count", "2022-23", None, None, None),
            (H, "hub_2_people_supported", 248.0, "count", "2023-24", None, None, None),
        ],
    ),
    "placeholders-and-money": MetricCase(
        [
            "▤ Measure | 2023-24\n▦ Spend on adult social care | £98.4m\n▦ Agency staff | n/a\n▦ Deferred payments | -"
        ],
        [(H, "asc_spend", 98400000.0, "gbp", "2023-24", None, None, None)],
    ),
    "no-header": MetricCase(
        ["Some prose.\n▦ Permanent admissions to care homes per 100,000 (65+) | 512.8"],
        [(H, "care_home_admissions_65plus", 512.8, "per_100k", None, None, None, None)],
    ),
}


@pytest.mark.parametrize("case", METRIC_CASES.values(), ids=METRIC_CASES.keys())
def test_table_metrics(case: MetricCase) -> None:
    assert _rows(*case.texts) == case.expected


def test_quote_is_the_row_without_its_mark() -> None:
    page = Page("d", 1, PERIODS_AND_LONDON)
    metrics = table_metrics([page], "d", "s", None, _patterns(), _gazetteer())
    assert metrics[0].quote == "Staff turnover rate (%) | 12.0 | 10.5 | 24.0"
    assert metrics[0].pattern == "table" and metrics[0].label == "Staff turnover rate (%)"


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("Turnover fell.\n▦ Turnover | 8.5%", 3, False),
        ("Turnover fell.\n▦ Turnover | 8.5%", 28, True),
        ("▤ Measure | 2022-23", 12, True),
        ("", 0, False),
    ],
)
def test_is_table_row(text: str, offset: int, expected: bool) -> None:
    assert is_table_row(text, offset) is expected
