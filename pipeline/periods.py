"""Time periods in English text, normalised to the labels analysts compare on.

Stage: ``str -> list[PeriodMention]``. Labels follow ../shared/gold/README.md:

==============================  ======================  =========================
written                         label                   bounds
==============================  ======================  =========================
2022-23, 2022/23, 2023–2024     2022-23 / 2023-24       1 Apr .. 31 Mar (financial)
2018-20, between 2020-23        2018-20 / 2020-23       1 Jan .. 31 Dec
in 2021, early 2023             2021 / 2023             1 Jan .. 31 Dec
between 2023 and 2024           2023-24                 financial year
as of June 2023, at June 2023   as of June 2023         the month
between January and March 2023  January-March 2023      1 Jan .. 31 Mar
since 2020, since December 2023 since 2020              start only
in the last 12 months           last 12 months          none
==============================  ======================  =========================

>>> [p.label for p in find_periods("dropping from 12% in 2021-22 to 8% in 2022/23")]
['2021-22', '2022-23']
>>> p, = find_periods("There were 626 outstanding assessments as of June 2023.")
>>> p.label, p.start_date, p.end_date
('as of June 2023', datetime.date(2023, 6, 1), datetime.date(2023, 6, 30))
>>> [p.label for p in find_periods("a 40% rise since 2020 and in the last 12 months")]
['since 2020', 'last 12 months']
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

import regex

from pipeline.prefilter import Rule, fold
from pipeline.quantities import parse_number_word
from pipeline.records import PeriodMention

__all__ = ["PeriodMention", "financial_year_label", "find_periods"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s?[-–/]\s?"


def financial_year_label(first_year: int) -> str:
    """'2022-23' for the year starting 1 April 2022.

    >>> financial_year_label(1999)
    '1999-00'
    """
    return f"{first_year}-{(first_year + 1) % 100:02d}"


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_span(y1: int, y2: int) -> tuple[str, dt.date, dt.date]:
    """A two-year form: a financial year when consecutive, else calendar years."""
    if y2 == y1 + 1:
        return financial_year_label(y1), dt.date(y1, 4, 1), dt.date(y2, 3, 31)
    return f"{y1}-{y2 % 100:02d}", dt.date(y1, 1, 1), dt.date(y2, 12, 31)


def _expand_year(y1: int, short: str) -> int:
    if len(short) == 4:
        return int(short)
    century = y1 // 100 * 100
    y2 = century + int(short)
    return y2 + 100 if y2 < y1 else y2


_Builder = Callable[[regex.Match[str]], tuple[str, dt.date | None, dt.date | None] | None]


def _fy(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    y1 = int(m.group("y1"))
    y2 = _expand_year(y1, m.group("y2"))
    if y2 <= y1 or y2 - y1 > 10:
        return None
    return _year_span(y1, y2)


def _between_years(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if y2 <= y1:
        return None
    return _year_span(y1, y2)


def _between_months(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    m1, m2 = _month_number(m.group("m1")), _month_number(m.group("m2"))
    y2 = int(m.group("y2"))
    y1 = int(m.group("y1")) if m.group("y1") else (y2 if m1 <= m2 else y2 - 1)
    if (y1, m1) == (y2 - 1, 4) and m2 == 3:
        return financial_year_label(y1), dt.date(y1, 4, 1), dt.date(y2, 3, 31)
    first = m.group("m1").rstrip(".").capitalize()
    last = m.group("m2").rstrip(".").capitalize()
    label = f"{first}-{last} {y2}" if y1 == y2 else f"{first} {y1}-{last} {y2}"
    return label, dt.date(y1, m1, 1), _month_end(y2, m2)


def _as_of(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    year, month = int(m.group("y")), _month_number(m.group("m"))
    name = m.group("m").rstrip(".").capitalize()
    if m.group("d"):
        day = dt.date(year, month, min(int(m.group("d")), calendar.monthrange(year, month)[1]))
        return f"as of {day.day} {name} {year}", day, day
    return f"as of {name} {year}", dt.date(year, month, 1), _month_end(year, month)


def _since(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    year = int(m.group("y"))
    if m.group("m"):
        name = m.group("m").rstrip(".").capitalize()
        return f"since {name} {year}", dt.date(year, _month_number(name), 1), None
    return f"since {year}", dt.date(year, 1, 1), None


def _count(text: str) -> float | None:
    """A window's length as written: "12" or "twelve"."""
    return int(text) if text.isdigit() else parse_number_word(text)


def _last_n(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    n = _count(m.group("n") or "1")
    if n is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    return f"last {int(n)} {unit}{'s' if n != 1 else ''}", None, None


def _months_to(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    """ "in the 12 months to March 2024": a window that ends with a month (or a day of it)."""
    n = _count(m.group("n"))
    year, month = int(m.group("y")), _month_number(m.group("m"))
    if n is None or not 1 <= n <= 120:
        return None
    end = _month_end(year, month)
    if m.group("d"):
        if not 1 <= int(m.group("d")) <= end.day:
            return None
        end = dt.date(year, month, int(m.group("d")))
    if n == 12 and month == 3 and end.day == 31:
        return financial_year_label(year - 1), dt.date(year - 1, 4, 1), end
    first = (year * 12 + month - 1) - int(n) + 1  # months since year 0, of the first month
    name = m.group("m").rstrip(".").capitalize()
    day = f"{end.day} " if m.group("d") else ""
    return f"{int(n)} months to {day}{name} {year}", dt.date(first // 12, first % 12 + 1, 1), end


def _month_year(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    year, month = int(m.group("y")), _month_number(m.group("m"))
    name = m.group("m").rstrip(".").capitalize()
    return f"{name} {year}", dt.date(year, month, 1), _month_end(year, month)


def _date(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    year, month = int(m.group("y")), _month_number(m.group("m"))
    if not 1 <= int(m.group("d")) <= calendar.monthrange(year, month)[1]:
        return None
    day = dt.date(year, month, int(m.group("d")))
    return f"{day.day} {m.group('m').rstrip('.').capitalize()} {year}", day, day


def _year(m: regex.Match[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    year = int(m.group("y"))
    return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)


# Ordered by priority: when two forms overlap, the longer wins, then the earlier rule.
_RULES: tuple[tuple[regex.Pattern[str], _Builder], ...] = (
    (
        regex.compile(
            rf"\b(?:between|from)\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?\s+(?:and|to|-|–)\s+"
            rf"(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})\b",
            regex.IGNORECASE,
        ),
        _between_months,
    ),
    (
        regex.compile(rf"\bbetween\s+(?P<y1>{_YEAR})\s+and\s+(?P<y2>{_YEAR})\b", regex.IGNORECASE),
        _between_years,
    ),
    (
        regex.compile(
            rf"(?:\b(?:FY|financial\s+year)\s?)?(?<!\d)(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR}|\d{{2}})(?!\d)",
            regex.IGNORECASE,
        ),
        _fy,
    ),
    (
        regex.compile(
            rf"\bas\s+(?:of|at)\s+(?:(?:the\s+)?end\s+of\s+)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+)?"
            rf"(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b",
            regex.IGNORECASE,
        ),
        _as_of,
    ),
    (
        regex.compile(rf"\bsince\s+(?:(?P<m>{_MONTH})\s+)?(?P<y>{_YEAR})\b", regex.IGNORECASE),
        _since,
    ),
    (
        regex.compile(
            rf"\b(?:in|over|during|for)\s+the\s+(?P<n>\d+|[a-z]+)\s+months?\s+(?:to|up\s+to|ending|ended)"
            rf"\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b",
            regex.IGNORECASE,
        ),
        _months_to,
    ),
    (
        regex.compile(
            r"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous|preceding)\s+"
            r"(?:(?P<n>\d+|[a-z]+)\s+)?(?P<unit>months?|years?|weeks?)\b",
            regex.IGNORECASE,
        ),
        _last_n,
    ),
    (
        regex.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"),
        _date,
    ),
    (
        regex.compile(rf"(?<!\d\s?)\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"),
        _month_year,
    ),
    (
        regex.compile(
            rf"\b(?:(?:early|mid|late|spring|summer|autumn|winter)[-\s]+)?(?<![-–/]\s?)"
            rf"(?P<y>{_YEAR})\b(?!\s?[-–/]\s?\d)"
        ),
        _year,
    ),
)
# Each rule with the literals any of its matches holds (pipeline.prefilter), and whether
# it needs a year: all but "in the last N months" do, and most sentences hold no year.
_GATED: tuple[tuple[Rule, bool, _Builder], ...] = tuple(
    (Rule.of(pattern), build is not _last_n, build) for pattern, build in _RULES
)


def _may_hold_year(text: str) -> bool:
    """Every year the rules read begins "19" or "20" (``_YEAR``)."""
    return "19" in text or "20" in text


def find_periods(text: str) -> list[PeriodMention]:
    """Every period stated in ``text``, in order, without overlaps (longest form wins).

    >>> [p.label for p in find_periods("Between 2020-23, and between January and March 2023")]
    ['2020-23', 'January-March 2023']
    >>> [p.label for p in find_periods("Between 2023 and 2024, 872 staff; in early 2023")]
    ['2023-24', '2023']
    """
    candidates: list[tuple[int, int, int, PeriodMention]] = []
    folded = fold(text)
    year = _may_hold_year(text)
    for priority, (rule, needs_year, build) in enumerate(_GATED):
        if needs_year and not year:
            continue
        for m in rule.finditer(text, folded):
            try:
                built = build(m)
            except ValueError:
                # a digit the regex engine knows but Python's Unicode tables do not
                # (regex follows a newer Unicode): not a period we can read
                continue
            if built is None:
                continue
            label, start_date, end_date = built
            mention = PeriodMention(label, start_date, end_date, m.start(), m.end())
            candidates.append((m.start(), -(m.end() - m.start()), priority, mention))
    chosen: list[PeriodMention] = []
    for _, _, _, mention in sorted(candidates, key=lambda c: (c[1], c[2], c[0])):
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda p: p.start)
