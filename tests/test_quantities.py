"""Quantity parser: sentence in, (value, unit, qualifier, text) out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.quantities import parse_quantities

CASES = [
    ("Staff turnover was 8.5% in 2023-24", [(8.5, "percent", "exact", "8.5%")]),
    ("1,511 safeguarding concerns", [(1511, "count", "exact", "1,511")]),
    ("a turnover of £24.5 million", [(24_500_000, "gbp", "exact", "£24.5 million")]),
    ("a budget of £1.2m", [(1_200_000, "gbp", "exact", "£1.2m")]),
    ("spending rose by £23m year on year", [(23_000_000, "gbp", "exact", "£23m")]),
    (
        "concerns increased by 9% to 11,304",
        [(9, "percent", "exact", "9%"), (11_304, None, "exact", "11,304")],
    ),
    (
        "turnover of 9-12% this year",
        [(9, "percent", "range_low", "9-12%"), (12, "percent", "range_high", "9-12%")],
    ),
    ("the overspend at quarter 3 is £12.7m", [(12_700_000, "gbp", "exact", "£12.7m")]),
    ("some 175k residents", [(175_000, "count", "about", "175k")]),
    ("64.5 per cent of respondents", [(64.5, "percent", "exact", "64.5 per cent")]),
    ("a fall of -3% on the year", [(-3, "percent", "exact", "-3%")]),
    ("over 500 people were waiting", [(500, "count", "over", "500")]),
    ("more than 250 referrals", [(250, "count", "over", "250")]),
    ("fewer than 100 people", [(100, "count", "under", "100")]),
    ("nearly 300 job offers", [(300, "count", "about", "300")]),
    ("approximately 219,000 people", [(219_000, "count", "about", "219,000")]),
    ("up to £1,500 per organisation", [(1500, "gbp", "up_to", "£1,500")]),
    ("arranged within a single day", [(1, "days", "up_to", "a single day")]),
    ("three councils", [(3, "count", "exact", "three")]),
    ("twenty-five staff", [(25, "count", "exact", "twenty-five")]),
    ("over a quarter of the population", [(25, "percent", "over", "a quarter")]),
    ("half of all carers", [(50, "percent", "exact", "half")]),
    ("one in five adults", [(20, "percent", "exact", "one in five")]),
    ("waits of over 40 minutes", [(40, "minutes", "over", "40 minutes")]),
    ("821 admissions per 100,000 older people", [(821, "per_100k", "exact", "821")]),
    (
        "the banding (which spans 39-62)",
        [(39, None, "range_low", "39-62"), (62, None, "range_high", "39-62")],
    ),
    (
        "4-6 weeks later",
        [(4, "weeks", "range_low", "4-6 weeks"), (6, "weeks", "range_high", "4-6 weeks")],
    ),
    (
        "between five and six months",
        [
            (5, "months", "range_low", "five and six months"),
            (6, "months", "range_high", "five and six months"),
        ],
    ),
    ("rising from 44% to 71%", [(44, "percent", "exact", "44%"), (71, "percent", "exact", "71%")]),
    ("Approximately 219,000i people", [(219_000, None, "about", "219,000")]),
]

NOT_QUANTITIES = [
    "In 2022-23 and 2023/24",
    "ASCOF 2B(1), 1C(2a), 1D and 3D part 2",
    "admissions (18-64) and (65+), and (aged 85 and over)",
    "as of June 2023",
    "on 1 April 2024",
    "November 18, 2023 at 8:16 am",
    "call 020 8215 3000",
    "see https://www.lbbd.gov.uk/page-2/item3",
    "Section 2.1 and section 42 of the Care Act 2014",
    "the Covid-19 pandemic",
    "code E09000002",
    "one of the ways",
    "no one was waiting",
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_quantities(
    sentence: str, expected: list[tuple[float, str | None, str, str]]
) -> None:
    got = [(q.value, q.unit, q.qualifier, q.text) for q in parse_quantities(sentence)]
    assert got == [(float(v), u, qual, t) for v, u, qual, t in expected]


@pytest.mark.parametrize("sentence", NOT_QUANTITIES)
def test_not_quantities(sentence: str) -> None:
    assert parse_quantities(sentence) == []


def test_ordinals_are_flagged() -> None:
    ranked = parse_quantities("ranking 5th in London and seventh overall")
    assert [(q.value, q.is_ordinal) for q in ranked] == [(5.0, True), (7.0, True)]


def test_spans_point_at_the_figure() -> None:
    text = "Turnover fell to 12% while 1,000 carers were supported."
    for q in parse_quantities(text):
        assert text[q.start : q.end] == q.text


@given(st.text(max_size=300))
def test_never_raises_and_spans_are_inside(text: str) -> None:
    for q in parse_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
