"""Period parser: text in, normalised label and bounds out."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.periods import find_periods

D = dt.date
CASES = [
    ("in 2022-23", "2022-23", D(2022, 4, 1), D(2023, 3, 31)),
    ("in 2023–24", "2023-24", D(2023, 4, 1), D(2024, 3, 31)),
    ("during 2022/23", "2022-23", D(2022, 4, 1), D(2023, 3, 31)),
    ("in 2021-2022", "2021-22", D(2021, 4, 1), D(2022, 3, 31)),
    ("financial year 2021/22", "2021-22", D(2021, 4, 1), D(2022, 3, 31)),
    ("in 2018-20", "2018-20", D(2018, 1, 1), D(2020, 12, 31)),
    ("Between 2020-23, all", "2020-23", D(2020, 1, 1), D(2023, 12, 31)),
    ("in 2021, 82%", "2021", D(2021, 1, 1), D(2021, 12, 31)),
    ("in early 2023", "2023", D(2023, 1, 1), D(2023, 12, 31)),
    ("as of June 2023", "as of June 2023", D(2023, 6, 1), D(2023, 6, 30)),
    ("as at 31 March 2024", "as of 31 March 2024", D(2024, 3, 31), D(2024, 3, 31)),
    ("between January and March 2023", "January-March 2023", D(2023, 1, 1), D(2023, 3, 31)),
    ("Between 2023 and 2024, 872 staff", "2023-24", D(2023, 4, 1), D(2024, 3, 31)),
    ("since 2020", "since 2020", D(2020, 1, 1), None),
    ("since December 2023", "since December 2023", D(2023, 12, 1), None),
    ("in the last 12 months", "last 12 months", None, None),
    ("over the past two years", "last 2 years", None, None),
    ("In the 12 months to March 2024, 11,800", "2023-24", D(2023, 4, 1), D(2024, 3, 31)),
    ("in the 12 months ending 31 March 2023", "2022-23", D(2022, 4, 1), D(2023, 3, 31)),
    (
        "over the six months to 30 September 2023",
        "6 months to 30 September 2023",
        D(2023, 4, 1),
        D(2023, 9, 30),
    ),
    (
        "in the twelve months to December 2023",
        "12 months to December 2023",
        D(2023, 1, 1),
        D(2023, 12, 31),
    ),
    ("during the 3 months to Feb 2024", "3 months to Feb 2024", D(2023, 12, 1), D(2024, 2, 29)),
]


@pytest.mark.parametrize(("text", "label", "start", "end"), CASES, ids=[c[0] for c in CASES])
def test_find_periods(text: str, label: str, start: dt.date | None, end: dt.date | None) -> None:
    (period,) = find_periods(text)
    assert (period.label, period.start_date, period.end_date) == (label, start, end)
    assert text[period.start : period.end]


def test_two_periods_in_order() -> None:
    found = find_periods("dropping from 12% in 2021-22 to 8% in 2022-23")
    assert [p.label for p in found] == ["2021-22", "2022-23"]


@given(st.text(max_size=200))
def test_never_raises_and_spans_are_inside(text: str) -> None:
    for p in find_periods(text):
        assert 0 <= p.start < p.end <= len(text)
