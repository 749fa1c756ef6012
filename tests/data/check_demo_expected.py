"""Check ``tests/data/demo_expected.csv`` against the demo documents in ``data/raw/``.

This is a maintenance check, not a pytest test. Run it after changing a demo document or the
expected rows (generate the PDF first with ``python scripts/make_demo_pdf.py``)::

    python tests/data/check_demo_expected.py

For every row it checks that:

- the columns, enumerations (family, unit, qualifier, comparator scope) and period form are valid,
  ratings agree with their ordinal, and no (doc, council, metric, value, qualifier) repeats;
- ``quote`` is at most 300 characters and occurs in the document: verbatim in the text files and
  in the HTML source, in the visible HTML text with whitespace collapsed, and for the PDF on a
  single page of the text extracted with pypdfium2, after removing the footnote markers and
  collapsing whitespace;
- ``value`` and ``comparator_value`` appear in the quote in some written form (digits, thousands
  separators, "million", number and ordinal words, "a quarter", "no"/"none"/"nobody" for 0), and
  every year of ``period`` appears in it.

For the PDF it also checks the page count and that the footnote markers (set in a smaller font,
which is how they are told apart from the text) run i, ii, iii, ... in order and are glued to the
word before them on the same line.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from pipeline import records
from pipeline.clean import roman

REPO: Final = Path(__file__).resolve().parents[2]
RAW: Final = REPO / "data" / "raw"
EXPECTED: Final = Path(__file__).resolve().parent / "demo_expected.csv"

COLUMNS: Final = (
    "doc",
    "council",
    "family",
    "metric",
    "value",
    "qualifier",
    "unit",
    "rating_text",
    "period",
    "comparator_scope",
    "comparator_value",
    "quote",
)
# the output contract's enumerations; the gold format writes "exact" and "no scope" as ""
FAMILIES: Final = records.FAMILIES
UNITS: Final = records.UNITS
QUALIFIERS: Final = (records.QUALIFIERS - {"exact"}) | {""}
SCOPES: Final = records.COMPARATOR_SCOPES | {""}
RATINGS: Final = {"Outstanding": 4, "Good": 3, "Requires Improvement": 2, "Inadequate": 1}
PERIOD_RE: Final = re.compile(
    r"(\d{4}(-\d{2})?"  # 2021, 2022-23, 2018-20
    r"|as of [A-Z][a-z]+ \d{4}"  # as of June 2023
    r"|since ([A-Z][a-z]+ )?\d{4}"  # since 2020, since December 2023
    r"|[A-Z][a-z]+-[A-Z][a-z]+ \d{4}"  # January-March 2023
    r"|last 12 months)?"
)
MIN_PDF_PAGES: Final = 22
MAX_QUOTE: Final = 300
MARKER_MAX_SIZE: Final = 8.5  # pt; body text is 11 pt, header and footer 9 pt, markers 8 pt
MARKER_CHARS: Final = frozenset("ivxlc")

WORDS: Final = {
    0: ("no", "none", "nobody", "no one"),
    1: ("one", "a single", "first"),
    2: ("two", "second"),
    3: ("three", "third"),
    4: ("four", "fourth"),
    5: ("five", "fifth"),
    6: ("six", "sixth"),
    7: ("seven", "seventh"),
    8: ("eight", "eighth"),
    9: ("nine", "ninth"),
    10: ("ten", "tenth"),
    11: ("eleven",),
    12: ("twelve",),
    25: ("a quarter",),
    50: ("half",),
}




def collapse(text: str) -> str:
    """Collapse runs of whitespace to single spaces.

    >>> collapse("a  b\\r\\n c ")
    'a b c'
    """
    return re.sub(r"\s+", " ", text).strip()


def value_forms(value: float) -> list[str]:
    """The ways ``value`` may be written in a quote.

    >>> value_forms(24500000)[:3]
    ['24500000', '24,500,000', '24.5 million']
    >>> value_forms(8.5)
    ['8.5']
    >>> value_forms(0)
    ['0', '0', 'no', 'none', 'nobody', 'no one']
    """
    value = float(value)
    if not value.is_integer():
        return [f"{value:g}"]
    number = int(value)
    forms = [str(number), f"{number:,}"]
    if number >= 1_000_000:
        forms.append(f"{number / 1_000_000:g} million")
    forms.extend(WORDS.get(number, ()))
    return forms


def appears(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text``.

    >>> appears(5, "between five and six months"), appears(5, "£24.5 million")
    (True, False)
    >>> appears(25, "more than a quarter of residents"), appears(7, "fell to 7.0%")
    (True, True)
    """
    for form in value_forms(value):
        if form[0].isdigit():
            pattern = rf"(?<![\d.,]){re.escape(form)}(?![\d])"
        else:
            pattern = rf"\b{re.escape(form)}\b"
        if re.search(pattern, text, flags=re.IGNORECASE):
            return True
    return False


def pdf_pages(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Extract a PDF's pages with pypdfium2.

    Returns the cleaned text of each page (footnote markers removed, whitespace collapsed), the
    footnote markers in reading order, and problems found with them.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages: list[str] = []
    markers: list[str] = []
    problems: list[str] = []
    document = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range()
            if len(text) != count:
                problems.append(f"page {number + 1}: text length {len(text)} != {count} chars")
                continue
            small = [
                text[i] in MARKER_CHARS
                and 0 < pdfium_c.FPDFText_GetFontSize(textpage.raw, i) < MARKER_MAX_SIZE
                for i in range(count)
            ]
            kept: list[str] = []
            index = 0
            while index < count:
                if not small[index]:
                    kept.append(text[index])
                    index += 1
                    continue
                end = index
                while end < count and small[end]:
                    end += 1
                markers.append(text[index:end])
                before, after = text[index - 1 : index], text[end : end + 3]
                if not before.strip():
                    problems.append(f"page {number + 1}: marker {text[index:end]} not glued")
                if re.match(r"\r?\n[.,;:)]", after):
                    problems.append(f"page {number + 1}: line break after marker {text[index:end]}")
                index = end
            pages.append(collapse("".join(kept)))
    finally:
        document.close()
    return pages, markers, problems


def html_text(path: Path) -> str:
    """The visible text of an HTML page (no script or style), whitespace collapsed."""
    import lxml.html

    root = lxml.html.fromstring(path.read_bytes())
    for element in root.xpath("//script | //style"):
        element.drop_tree()
    return collapse(root.text_content())


def check_row(number: int, row: dict[str, str], seen: set[tuple[str, ...]]) -> Iterable[str]:
    """Problems with one row's fields, apart from where its quote occurs."""
    where = f"row {number} ({row['doc']}, {row['metric']}, {row['value']})"
    if row["family"] not in FAMILIES:
        yield f"{where}: family {row['family']!r}"
    if row["unit"] not in UNITS:
        yield f"{where}: unit {row['unit']!r}"
    if row["qualifier"] not in QUALIFIERS:
        yield f"{where}: qualifier {row['qualifier']!r}"
    if row["comparator_scope"] not in SCOPES:
        yield f"{where}: comparator_scope {row['comparator_scope']!r}"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", row["metric"]):
        yield f"{where}: metric is not snake_case"
    if not PERIOD_RE.fullmatch(row["period"]):
        yield f"{where}: period {row['period']!r}"
    key = (row["doc"], row["council"], row["metric"], row["value"], row["qualifier"])
    if key in seen:
        yield f"{where}: duplicate key"
    seen.add(key)
    quote = row["quote"]
    if len(quote) > MAX_QUOTE:
        yield f"{where}: quote is {len(quote)} characters"
    value = float(row["value"])
    if row["unit"] == "rating":
        if RATINGS.get(row["rating_text"]) != value:
            yield f"{where}: rating_text {row['rating_text']!r} does not match value"
        if row["rating_text"].lower() not in quote.lower():
            yield f"{where}: rating not in quote"
    else:
        if row["rating_text"]:
            yield f"{where}: rating_text on a non-rating row"
        if not appears(value, quote):
            yield f"{where}: value not in quote"
    if row["comparator_value"]:
        if not row["comparator_scope"]:
            yield f"{where}: comparator_value without scope"
        if not appears(float(row["comparator_value"]), quote):
            yield f"{where}: comparator_value not in quote"
    for year in re.findall(r"\d{4}", row["period"]):
        if year not in quote:
            yield f"{where}: period year {year} not in quote"


def main(argv: Sequence[str] | None = None) -> int:
    """Run every check and print the problems; return 1 if there are any."""
    del argv
    with EXPECTED.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            print(f"unexpected columns: {reader.fieldnames}")
            return 1
        rows = list(reader)

    problems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for number, row in enumerate(rows, start=2):
        problems.extend(check_row(number, row, seen))

    pdf_cache: dict[str, list[str]] = {}
    html_cache: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        doc, quote = row["doc"], row["quote"]
        where = f"row {number} ({doc}, {row['metric']})"
        path = RAW / doc
        if not path.exists():
            problems.append(f"{where}: {path} does not exist")
            continue
        if doc.endswith(".pdf"):
            if doc not in pdf_cache:
                pages, markers, marker_problems = pdf_pages(path)
                pdf_cache[doc] = pages
                problems.extend(f"{doc}: {problem}" for problem in marker_problems)
                if len(pages) < MIN_PDF_PAGES:
                    problems.append(f"{doc}: {len(pages)} pages, fewer than {MIN_PDF_PAGES}")
                if not markers or markers != [roman(n) for n in range(1, len(markers) + 1)]:
                    problems.append(f"{doc}: footnote markers out of order: {markers}")
            if not any(collapse(quote) in page for page in pdf_cache[doc]):
                problems.append(f"{where}: quote not found on a single page: {quote!r}")
        elif doc.endswith(".html"):
            source = path.read_text(encoding="utf-8")
            if doc not in html_cache:
                html_cache[doc] = html_text(path)
            if quote not in source or collapse(quote) not in html_cache[doc]:
                problems.append(f"{where}: quote not found: {quote!r}")
        elif quote not in path.read_text(encoding="utf-8"):
            problems.append(f"{where}: quote not found: {quote!r}")

    for problem in problems:
        print(problem)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["doc"]] = counts.get(row["doc"], 0) + 1
    summary = ", ".join(f"{doc}: {count}" for doc, count in sorted(counts.items()))
    print(f"{len(rows)} rows ({summary}); {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
