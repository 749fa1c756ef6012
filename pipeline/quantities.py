"""Quantities in English text: numbers with their unit, qualifier and span.

Stage: ``str -> list[Quantity]``. Knows nothing about councils or metrics; it finds
every number a reader would call a quantity and skips numbers that are not
(years and financial years, dates, times, URLs, phone numbers, "Section 2.1",
"Covid-19", glued codes such as "E09000002").

>>> [(q.value, q.unit, q.qualifier) for q in parse_quantities("Turnover was 8.5%, below 24%.")]
[(8.5, 'percent', 'exact'), (24.0, 'percent', 'under')]
>>> q, = parse_quantities("a turnover of £24.5 million")
>>> q.value, q.unit, q.unit_text, q.text
(24500000.0, 'gbp', '£', '£24.5 million')
>>> [(q.value, q.qualifier) for q in parse_quantities("between five and six months")]
[(5.0, 'range_low'), (6.0, 'range_high')]
>>> [(q.value, q.unit, q.qualifier) for q in parse_quantities("over a quarter of residents")]
[(25.0, 'percent', 'over')]
>>> parse_quantities("In 2022-23 and since 1 April 2024, call 020 8215 3000.")
[]
>>> q, = parse_quantities("It ranks 17th.")
>>> q.value, q.is_ordinal
(17.0, True)
"""

from __future__ import annotations

import re

import regex

from pipeline.prefilter import fold
from pipeline.records import Quantity

__all__ = ["Quantity", "has_digit", "parse_number_word", "parse_quantities", "words_of"]

# --- number words -----------------------------------------------------------------------------

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Fractions of a whole, read as percentages ("over a quarter of the population" -> 25%).
_FRACTIONS = {
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "a tenth": 10.0,
    "one tenth": 10.0,
}

# every word that can start a quantity written in words (for cheap pre-filters)
NUMBER_WORDS: frozenset[str] = frozenset(
    [*_UNITS_WORDS, *_TENS_WORDS, *_ORDINAL_WORDS, *_SCALES, "half", "quarter", "quarters",
     "third", "thirds", "fifth", "tenth", "single"]
)  # fmt: skip
_CARDINAL = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_TENS = "|".join(_TENS_WORDS)
_UNIT_DIGIT = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = rf"""
    (?:(?:{_TENS})[-\s](?:{_UNIT_DIGIT})|{_CARDINAL})       # "twenty-five", "seven"
    (?:\s+(?:hundred|thousand|million)                       # "three thousand"
       (?:\s+(?:and\s+)?(?:(?:{_TENS})[-\s](?:{_UNIT_DIGIT})|{_CARDINAL}))?)?
"""


def parse_number_word(words: str) -> float | None:
    """Value of a number written in words, or None.

    >>> parse_number_word("twenty-five"), parse_number_word("three thousand"), parse_number_word("x")
    (25.0, 3000.0, None)
    """
    total = 0
    current = 0
    seen = False
    for token in _WORD_SEPARATOR.split(words.lower().strip()):
        if token == "and":
            continue
        if token in _UNITS_WORDS:
            current += _UNITS_WORDS[token]
        elif token in _TENS_WORDS:
            current += _TENS_WORDS[token]
        elif token in _ORDINAL_WORDS:
            current += _ORDINAL_WORDS[token]
        elif token in _SCALES:
            current = max(current, 1) * _SCALES[token]
            if _SCALES[token] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


# --- spans that never hold quantities ------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# Compiled with the standard library's engine: for this long alternation it is twice as
# fast as ``regex`` (measured on the samples' sentences, same spans), and it runs on every
# sentence with a digit.
_BLOCKED = re.compile(
    rf"""
    (?:https?://|www\.|file:///)\S+                      # URLs
  | \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+                       # e-mail addresses
  | \b(?:19|20)\d{{2}}\s?[-–/]\s?(?:(?:19|20)\d{{2}}|\d{{2}})(?!\d)   # 2022-23, 2018-20, 2022/2023
  | \b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+(?:19|20)\d{{2}})?   # 1 April 2024
  | \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d{{2}})?   # November 18, 2023
  | \b\d{{1,2}}[/.]\d{{1,2}}[/.](?:19|20)?\d{{2}}\b          # 31/03/2023
  | \b\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)   # 8:16 am, 10am
  | \b\d{{1,2}}:\d{{2}}\b                                 # 14:30
  | (?:\+44\s?\(?0?\)?|\b0)\d{{2,4}}[\s-]?\d{{3,4}}[\s-]?\d{{3,4}}\b   # UK phone numbers
  | \b(?:Section|Sections|section|sections|Appendix|appendix|Annex|annex|Table|table|Figure|figure
      |Fig\.|Chapter|chapter|Part|Paragraph|paragraph|para\.?|Page|page|pages|pp?\.|Schedule
      |Article|Regulation|Clause|clause|s\.|Standard|Phase|Stage|Tier|Level|Priority|Objective
      |Question|Q|Quarter|quarter|Year|Key\sStage|Version|version|v|No\.|Act)
      \s?\d+(?:\.\d+)*[a-z]?\b(?:\s?(?:and|to|-|–|,)\s?\d+(?:\.\d+)*\b)?   # Section 2.1, s.42, Act 2014
  | \b[A-Za-z]+-\d+\b                                    # Covid-19, COVID-19
  | \b[1-4][A-J](?:\s?\(\s?\d[a-z]?\s?\))?(?:\s+part\s+\d)?(?![\w])      # ASCOF 2B(1), 1C(2a), 3D part 2
  | \(\s?(?:aged\s)?(?:1[68]|25)\s?[-–]\s?(?:24|64)\s?\)                 # an age band in brackets: (18-64)
  | \(\s?(?:aged\s)?(?:65|75|85)\s?(?:\+|\sand\sover|\sor\sover)\s?\)     # (65+), (85 and over)
  | \b(?:19|20)\d{{2}}\b(?!\s?(?:%|per\s?cent|percent|people|residents|staff|adults|carers))  # years
    """,
    re.VERBOSE,
)

# --- the numeric core -----------------------------------------------------------------------------

_DIGIT_NUMBER = regex.compile(
    r"""
    (?<![\w,/\\#=&@]|[A-Za-z]-|\d[.,]|[^A-Za-z]\.)    # not glued to a word, code, path or decimal
    (?P<neg>(?<![\w-])[-−](?=\d))?          # a minus sign attached to the digits
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?P<suffix>st|nd|rd|th|k|K|m|bn|mn|pc|s)?   # 17th, 175k, £1.2m, 5pc, 3s
    (?![\w]|[.,]\d)                          # then no more letters or digits
    """,
    regex.VERBOSE,
)
# Footnote markers glued to figures that cleaning may have missed ("219,000i").
_GLUED_ROMAN = regex.compile(r"(?<=\d)(?:x{0,3})(?:ix|iv|v?i{0,3})(?![\w])")

_WORD_NUMBER_RE = regex.compile(
    rf"(?<![\w-])(?P<words>{_WORD_NUMBER})(?![\w]|-(?!(?:minute|hour|day|week|month|year)s?\b))",
    regex.VERBOSE | regex.IGNORECASE,
)
_ORDINAL_WORD_RE = regex.compile(
    r"(?<![\w-])(?P<words>" + "|".join(_ORDINAL_WORDS) + r")(?![\w-])", regex.IGNORECASE
)
_FRACTION_RE = regex.compile(
    r"(?<![\w-])(?P<words>"
    + "|".join(sorted((regex.escape(f) for f in _FRACTIONS), key=len, reverse=True))
    + r")(?=\s+(?:of|the|their|our|its|all)\b)",
    regex.IGNORECASE,
)
_ONE_IN_N = regex.compile(
    rf"(?<![\w-])(?P<words>one\s+in\s+(?P<n>\d+|{_CARDINAL}))(?![\w-])", regex.IGNORECASE
)
_A_SINGLE = regex.compile(
    r"(?<![\w-])(?P<words>a\s+single)(?=\s+(?:day|week|month|year|hour|minute)\b|\s+[1-4]\b)",
    regex.IGNORECASE,
)

# --- units, qualifiers, ranges ---------------------------------------------------------------

_PERCENT_WORDS = r"\s?%|\s+per\s?cent\b|\s+percent\b"
_UNIT_AFTER = regex.compile(
    rf"""
    (?P<percent>{_PERCENT_WORDS}|\s+percentage\s+points?\b)
  | \s?(?P<scale>million|mn|bn|billion|thousand)\b
  | (?P<attr>-)(?P<dur_attr>minute|hour|day|week|month|year)s?\b     # "six-week service"
  | \s+(?P<duration>minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b
  | \s+(?P<pounds>pounds)\b
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_PER_100K = regex.compile(
    r"(?:\s+[A-Za-z][\w-]*){0,5}?\s+(?P<unit>per\s+100,?000|per\s+100k|per\s+100\s000)\b",
    regex.IGNORECASE,
)
_CURRENCY_BEFORE = regex.compile(r"(?P<cur>£|GBP\s?)\s?$")
_PERCENT_AFTER = regex.compile(_PERCENT_WORDS, regex.IGNORECASE)
_QUALIFIER_BEFORE = regex.compile(
    r"""
    (?:(?P<over>\b(?:over|more\s+than|above|in\s+excess\s+of|exceeding|upwards\s+of|at\s+least
                     |greater\s+than|higher\s+than)\b)
     |(?P<under>\b(?:under|less\s+than|fewer\s+than|below|lower\s+than)\b)
     |(?P<about>\b(?:nearly|almost|around|about|approximately|approx\.|roughly|some|circa|c\.
                     |an\s+estimated|estimated|just\s+under|just\s+over|close\s+to)(?!\w))
     |(?P<up_to>\b(?:up\s+to|within|as\s+many\s+as|a\s+maximum\s+of)\b))
    \s+$
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_RANGE_JOIN = regex.compile(r"\s?(?:-|–|—)\s?|\s+to\s+", regex.IGNORECASE)
_BETWEEN_BEFORE = regex.compile(r"\bbetween\s+(?:£\s?)?$", regex.IGNORECASE)
_FROM_BEFORE = regex.compile(r"\bfrom\s+(?:£\s?)?$", regex.IGNORECASE)
_SPAN_FROM_BEFORE = regex.compile(
    r"\b(?:runs?|running|ranges?|ranging|spans?|spanning|varies|varying|band\w*|scale)\s+from\s+(?:£\s?)?$",
    regex.IGNORECASE,
)
_NOT_COUNT_NOUN = frozenset(
    [
        "of",
        "in",
        "on",
        "to",
        "and",
        "or",
        "per",
        "at",
        "for",
        "from",
        "by",
        "with",
        "than",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "out",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
        "its",
        "their",
        "our",
        "it",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "times",
        "x",
        "vs",
        "versus",
    ]
)
_DURATION_UNITS = {
    "minute": "minutes",
    "min": "minutes",
    "hour": "hours",
    "hr": "hours",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
    "yr": "years",
}
_DURATIONS = frozenset(_DURATION_UNITS.values())


_WORD_RUN = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (any script ``regex`` knows)."""
    return _DIGIT.search(text) is not None


def words_of(text: str) -> set[str]:
    """The case-folded words of ``text`` (``pipeline.prefilter.fold``), for cheap tests
    of whether a word pattern can match at all.

    >>> sorted(words_of("Twenty-ONE people"))
    ['one', 'people', 'twenty']
    """
    return set(_WORD_RUN.findall(fold(text)))


_CARDINAL_WORDS = frozenset([*_UNITS_WORDS, *_TENS_WORDS])
_ORDINAL_WORD_SET = frozenset(_ORDINAL_WORDS)
_FRACTION_WORDS = frozenset(f.split()[-1] for f in _FRACTIONS)
_WORD_SEPARATOR = regex.compile(r"[\s-]+")
_DIGITS_BEFORE_ROMAN = regex.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?=[ivx]{1,5}\b)")
_ROMAN_LETTERS = regex.compile(r"[ivx]+")
# "no one", "the one", "one of", "one another": "one" as a pronoun, not a count
_ONE_AS_PRONOUN_BEFORE = regex.compile(
    r"\b(?:no|any|every|some|each|this|that|the|which|no-|anyone|a|for|than)\s*$"
)
_ONE_AS_PRONOUN_AFTER = regex.compile(
    r"\s*(?:of|another|'s|’s|or\s+two|or\s+more|in\b|way|day\b|-)"
)
_BETWEEN_AND = regex.compile(r"\s?(?:%|per\s?cent)?\s+and\s+(?:£\s?)?", regex.IGNORECASE)
_RANGE_JOIN = regex.compile(r"\s?(?:%|per\s?cent)?(?:\s?(?:-|–|—)\s?|\s+to\s+)(?:£\s?)?")
_NOUN_AFTER = regex.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")


class _Raw:
    """A number found in the text before unit and qualifier resolution."""

    __slots__ = ("end", "is_ordinal", "is_word", "start", "text", "value")

    def __init__(
        self, value: float, start: int, end: int, *, is_word: bool = False, is_ordinal: bool = False
    ) -> None:
        self.value = value
        self.start = start
        self.end = end
        self.text = ""
        self.is_word = is_word
        self.is_ordinal = is_ordinal


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    if not any(ch.isdigit() for ch in text):
        return []  # every blocked form (URL, date, phone, "Section 2") holds a digit
    return [m.span() for m in _BLOCKED.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _find_raw_numbers(text: str, blocked: list[tuple[int, int]]) -> list[tuple[_Raw, str]]:
    """Every number-like token, with its kind: digits, word, ordinal, fraction, one_in, single."""
    found: list[tuple[_Raw, str]] = []
    taken: list[tuple[int, int]] = []

    def add(raw: _Raw, kind: str) -> None:
        if _inside(blocked, raw.start, raw.end):
            return
        if any(not (raw.end <= s or raw.start >= e) for s, e in taken):
            return
        taken.append((raw.start, raw.end))
        found.append((raw, kind))

    # the word patterns each need a word of their own in the text: test for it first
    # (a set lookup) instead of running the patterns over every sentence
    tokens = words_of(text)
    digits = has_digit(text)
    for m in _ONE_IN_N.finditer(text) if "one" in tokens else ():
        n_text = m.group("n")
        n = float(n_text) if n_text.isdigit() else parse_number_word(n_text)
        if n:
            add(_Raw(100.0 / n, m.start(), m.end(), is_word=True), "fraction")
    for m in _FRACTION_RE.finditer(text) if tokens & _FRACTION_WORDS else ():
        add(_Raw(_FRACTIONS[m.group("words").lower()], *m.span(), is_word=True), "fraction")
    for m in _A_SINGLE.finditer(text) if "single" in tokens else ():
        add(_Raw(1.0, *m.span(), is_word=True), "word")
    for m in _DIGIT_NUMBER.finditer(text) if digits else ():
        suffix = m.group("suffix") or ""
        if suffix == "s":  # "eight 3s": a count of scores, not a quantity of its own
            continue
        value = _digits_value(m.group("digits"))
        if value is None:
            continue
        if m.group("neg"):
            value = -value
        raw = _Raw(value, m.start(), m.end(), is_ordinal=suffix in {"st", "nd", "rd", "th"})
        if suffix in {"k", "K"}:
            raw.value *= 1_000
        elif suffix in {"m", "mn"}:
            raw.value *= 1_000_000
        elif suffix == "bn":
            raw.value *= 1_000_000_000
        add(raw, "percent" if suffix == "pc" else "digits")
    for m in _WORD_NUMBER_RE.finditer(text) if tokens & _CARDINAL_WORDS else ():
        words = m.group("words")
        if not _is_number_use_of_one(text, m.start(), m.end(), words):
            continue
        word_value = parse_number_word(words)
        if word_value is not None:
            add(_Raw(word_value, m.start(), m.end(), is_word=True), "word")
    for m in _ORDINAL_WORD_RE.finditer(text) if tokens & _ORDINAL_WORD_SET else ():
        add(
            _Raw(
                float(_ORDINAL_WORDS[m.group("words").lower()]),
                *m.span(),
                is_word=True,
                is_ordinal=True,
            ),
            "word",
        )
    # Digits glued to a footnote marker ("219,000i") that cleaning did not remove.
    for m in _DIGITS_BEFORE_ROMAN.finditer(text) if digits else ():
        tail = text[m.end() :]
        marker = _ROMAN_LETTERS.match(tail)
        if marker and _GLUED_ROMAN.match(text, m.end()) and marker.group(0) != "x":
            value = _digits_value(m.group(1))
            if value is not None:
                add(_Raw(value, m.start(), m.end()), "digits")
    found.sort(key=lambda item: item[0].start)
    return found


def _digits_value(digits: str) -> float | None:
    """The value of "1,234.5"; None for digits Python cannot read.

    ``regex`` follows a newer Unicode than Python's own tables, so its ``\\d`` takes a
    few recent scripts' digits (Kawi, U+11F50) that ``float`` rejects.

    >>> _digits_value("1,234.5"), _digits_value("\U00011f50")
    (1234.5, None)
    """
    try:
        return float(digits.replace(",", ""))
    except ValueError:
        return None


def _is_number_use_of_one(text: str, start: int, end: int, words: str) -> bool:
    """'one' is a pronoun far more often than a count: keep only the counting uses."""
    if words.lower() != "one":
        return True
    before = text[max(0, start - 12) : start].lower()
    after = text[end : end + 12].lower()
    if _ONE_AS_PRONOUN_BEFORE.search(before):
        return False
    return not _ONE_AS_PRONOUN_AFTER.match(after)


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of appearance.

    Ranges ("4-6 weeks", "between five and six months", "39-62") give two quantities,
    qualified ``range_low`` and ``range_high``. Comparisons ("from 44% to 71%") are two
    plain quantities: telling a change from a range is the extractor's job.

    >>> [(q.value, q.unit) for q in parse_quantities("821 admissions per 100,000 people")]
    [(821.0, 'per_100k')]
    >>> [(q.value, q.unit, q.qualifier) for q in parse_quantities("waits of up to 4-6 weeks")]
    [(4.0, 'weeks', 'range_low'), (6.0, 'weeks', 'range_high')]
    >>> [(q.value, q.unit_text) for q in parse_quantities("1,000 carers and 64.5 per cent")]
    [(1000.0, 'carers'), (64.5, 'per cent')]
    """
    blocked = _blocked_spans(text)
    raws = _find_raw_numbers(text, blocked)
    # per-100,000 denominators are part of a unit, not quantities of their own
    consumed: set[int] = set()
    out: list[Quantity] = []
    i = 0
    while i < len(raws):
        raw, kind = raws[i]
        if raw.start in consumed:
            i += 1
            continue
        # a range: "39-62", "4-6 weeks", "5 to 6 months", "between five and six months"
        partner = raws[i + 1] if i + 1 < len(raws) else None
        if partner is not None and _is_range(text, raw, partner[0], kind, partner[1]):
            low, high = raw, partner[0]
            unit, unit_text, end, scale = _unit_after(
                text, high.end, high, partner[1], raws, consumed
            )
            if scale != 1.0 and low.value * scale <= high.value * scale:
                low.value *= scale
            high.value *= scale
            cur = _currency_before(text, low.start)
            if cur:
                unit, unit_text = "gbp", cur[1]
            start = cur[0] if cur else low.start
            if kind == "fraction" or (unit is None and kind == "percent"):
                unit, unit_text = "percent", unit_text or "%"
            figure = text[start:end]
            for part, qual in ((low, "range_low"), (high, "range_high")):
                out.append(
                    Quantity(
                        value=part.value,
                        unit=unit,
                        unit_text=unit_text,
                        qualifier=qual,
                        start=start,
                        end=end,
                        text=figure,
                        is_word=part.is_word,
                        is_ordinal=False,
                    )
                )
            i += 2
            continue
        unit, unit_text, end, scale = _unit_after(text, raw.end, raw, kind, raws, consumed)
        value = raw.value * scale
        start = raw.start
        cur = _currency_before(text, raw.start)
        if cur:
            if unit in _DURATIONS:
                end = raw.end  # "£23m year on year": money, and the year is not its unit
            unit, unit_text, start = "gbp", cur[1], cur[0]
        if kind == "fraction":
            unit, unit_text = "percent", ""
        elif kind == "percent":
            unit, unit_text = "percent", "pc"
        if raw.is_ordinal:
            unit, unit_text = None, ""
        out.append(
            Quantity(
                value=value,
                unit=unit,
                unit_text=unit_text,
                qualifier=_qualifier_before(text, start),
                start=start,
                end=end,
                text=text[start:end],
                is_word=raw.is_word,
                is_ordinal=raw.is_ordinal,
            )
        )
        i += 1
    return out


def _is_range(text: str, low: _Raw, high: _Raw, low_kind: str, high_kind: str) -> bool:
    if low.is_ordinal or high.is_ordinal or "fraction" in (low_kind, high_kind):
        return False
    if _PERCENT_AFTER.match(text, low.end) and not _PERCENT_AFTER.match(text, high.end):
        return False  # "increased by 9% to 11,304": a change and a count, not a range
    between = text[low.end : high.start]
    if _BETWEEN_BEFORE.search(text, 0, low.start) and _BETWEEN_AND.fullmatch(between):
        return True
    if _FROM_BEFORE.search(text, 0, low.start) and not _SPAN_FROM_BEFORE.search(text, 0, low.start):
        return False  # "from 44% to 71%" is a change; "runs from 39 to 62" is a range
    if _RANGE_JOIN.fullmatch(between):
        # "2-3" is a range only if the numbers rise and are of a kind ("4-6", "39-62")
        return low.is_word == high.is_word and low.value < high.value
    return False


def _currency_before(text: str, start: int) -> tuple[int, str] | None:
    m = _CURRENCY_BEFORE.search(text, max(0, start - 5), start)
    if m:
        return m.start(), m.group("cur").strip()
    return None


def _qualifier_before(text: str, start: int) -> str:
    m = _QUALIFIER_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return "exact"
    return next(name for name in ("over", "under", "about", "up_to") if m.group(name))


def _unit_after(
    text: str,
    pos: int,
    raw: _Raw,
    kind: str,
    raws: list[tuple[_Raw, str]],
    consumed: set[int],
) -> tuple[str | None, str, int, float]:
    """(unit, unit_text, end of the figure, scale factor) for the number ending at ``pos``."""
    m = _UNIT_AFTER.match(text, pos)
    if m:
        if m.group("percent"):
            return "percent", m.group("percent").strip(), m.end(), 1.0
        if m.group("scale"):
            word = m.group("scale").lower()
            scale = {"mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "thousand": 1e3}[word]
            after = _UNIT_AFTER.match(text, m.end())
            if after and after.group("pounds"):
                return "gbp", "pounds", after.end(), scale
            return None, "", m.end(), scale
        if m.group("dur_attr"):
            word = m.group("dur_attr").lower()
            return _DURATION_UNITS[word], "-" + word, m.end(), 1.0
        if m.group("duration"):
            word = m.group("duration").lower().rstrip("s")
            return _DURATION_UNITS[word], m.group("duration"), m.end(), 1.0
        if m.group("pounds"):
            return "gbp", "pounds", m.end(), 1.0
    per = _PER_100K.match(text, pos)
    if per:
        for other, _ in raws:
            if per.start("unit") <= other.start < per.end("unit"):
                consumed.add(other.start)
        return "per_100k", per.group("unit"), pos, 1.0
    if raw.is_ordinal:
        return None, "", pos, 1.0
    noun = _NOUN_AFTER.match(text[pos : pos + 40])
    if noun and noun.group(1).lower() not in _NOT_COUNT_NOUN:
        return "count", noun.group(1), pos, 1.0
    return None, "", pos, 1.0
