"""PDF layout: reading order, running headers and footers, footnote marks, ligatures, sentences
over page breaks, scanned pages; and every expected figure of the fixture PDFs extracted.

The fixture PDFs are generated into a temporary folder by ``scripts/make_pdf_fixtures.py``;
their golden page texts and expected rows are in ``tests/fixtures/pdf/`` (rewrite the texts
with ``python scripts/make_pdf_fixtures.py --golden tests/fixtures/pdf`` after a deliberate
change, and read the diff).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.clean import clean_document
from pipeline.gazetteer import load_gazetteer
from pipeline.ingest import read_document
from pipeline.pdf import PageLayout, TextLine, normalise_run_text, page_texts, read_page
from pipeline.records import DocResult, Metric
from pipeline.run import process_document
from pipeline.tables import TABLE_MARKS, table_metrics
from pipeline.taxonomy import load_patterns
from scripts.make_pdf_fixtures import (
    DEJAVU,
    FIXTURES,
    ExpectedRow,
    golden_text,
    long_expected_rows,
    write,
)

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "pdf"
GOLDEN = ("one_column", "two_columns", "tables", "page_break", "image_only")
LONG_PAGES = 400
# one_column sets its ligatures in DejaVu Sans (Debian's fonts-dejavu-core); without the font
# it falls back to Helvetica, which wraps the paragraph differently
needs_dejavu = pytest.mark.skipif(not DEJAVU.exists(), reason=f"{DEJAVU} is not installed")


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write(tmp_path_factory.mktemp("pdf-fixtures"), list(FIXTURES))


@pytest.fixture(scope="session")
def results(pdfs: dict[str, Path]) -> dict[str, DocResult]:
    return {name: process_document(path, path.name) for name, path in pdfs.items()}


@pytest.fixture(scope="session")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("pdf-long"), ["long"], long_pages=LONG_PAGES)["long"]


def _texts(path: Path) -> list[str]:
    return [page.text for page in read_document(path.read_bytes(), path.name).pages]


# --- golden page texts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=needs_dejavu) if n == "one_column" else n for n in GOLDEN]
)
def test_page_text_matches_golden(pdfs: dict[str, Path], name: str) -> None:
    expected = (FIXTURE_DIR / f"{name}.txt").read_text(encoding="utf-8")
    assert golden_text(pdfs[name]) == expected


# --- the cases one by one ---------------------------------------------------------------------


def test_running_header_and_footer_are_removed(pdfs: dict[str, Path]) -> None:
    for name in ("one_column", "two_columns", "tables", "page_break"):
        for text in _texts(pdfs[name]):
            assert "Adult Social Care Self-Assessment 2024" not in text
            assert "Kent County Council - Adult Social Care" not in text
            assert "Page 1" not in text and "Page 2" not in text


def test_footnote_marks_are_dropped_by_size_and_position(pdfs: dict[str, Path]) -> None:
    page1, page2, _ = _texts(pdfs["one_column"])
    assert "was 8.5% in 2023-24, below" in page1.replace("\n", " ")
    assert "fell to 6.2% in 2023-24, and" in page1.replace("\n", " ")
    assert "carers' assessments in 2022-23" in page1
    assert "64.5% said" in page2


@needs_dejavu
def test_ligatures_are_split(pdfs: dict[str, Path]) -> None:
    page1 = _texts(pdfs["one_column"])[0]
    assert "financial plan" in page1 and "flexible support for effective" in page1
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in page1)


def test_two_columns_are_read_left_then_right(pdfs: dict[str, Path]) -> None:
    page1 = _texts(pdfs["two_columns"])[0]
    assert page1.index("Kent is a large county") < page1.index("Our reablement service")
    assert "assessment fell to\n312 by March 2024" in page1  # the sentence crosses the gutter


def test_caption_stays_with_its_full_width_table(pdfs: dict[str, Path]) -> None:
    page2 = _texts(pdfs["two_columns"])[1]
    assert page2.index("every quarter.") < page2.index("Table 1: Care home quality")
    assert "Table 1: Care home quality in Kent.\n\n▤ Measure" in page2


def test_sentence_over_a_page_break_stays_on_its_first_page(pdfs: dict[str, Path]) -> None:
    page1, page2 = _texts(pdfs["page_break"])
    assert page1.endswith("fell from 1,200 in April 2023 to\n850 in March 2024.")
    assert page2.startswith("The average wait for an assessment was 21 days")


def test_image_only_pages_are_flagged(pdfs: dict[str, Path]) -> None:
    pdf = pdfium.PdfDocument(pdfs["image_only"])
    try:
        flags = []
        for index in range(len(pdf)):
            page = pdf[index]
            flags.append(read_page(page, index + 1).image_only)
            page.close()
    finally:
        pdf.close()
    assert flags == [False, True, False]
    assert _texts(pdfs["image_only"])[1] == ""


def test_scanned_document_is_no_text_with_its_pages(results: dict[str, DocResult]) -> None:
    doc = results["scanned"].document
    assert doc.status == "no_text"
    assert doc.error is not None and "pages 1, 2" in doc.error


def test_partly_scanned_document_is_read_and_names_its_image_only_page(
    results: dict[str, DocResult],
) -> None:
    # the image_only fixture: text on pages 1 and 3, a scanned image on page 2
    doc = results["image_only"]
    assert doc.document.status == "ok" and doc.metrics
    assert doc.document.error == "no text found on page 2 (image-only or scanned pages need OCR)"
    assert results["one_column"].document.error is None


def test_run_text_normalisation() -> None:
    assert normalise_run_text("e\ufb03cient\x02") == "efficient-"


# --- document-wide cleaning on hand-made layouts --------------------------------------------------


def _line(text: str, top: float, size: float = 10.0) -> TextLine:
    return TextLine(text, 50, 50 + 5 * len(text), top, top - size, size)


def _page(number: int, *lines: TextLine) -> PageLayout:
    return PageLayout(number, 800.0, 0.0, lines)


def test_page_numbers_and_running_lines_go_body_numbers_stay() -> None:
    pages = [
        _page(
            n,
            _line("Annual report", 790, 8),
            _line(f"Body text of page {n} says 12 things.", 700),
            _line("850", 300),  # a number alone in the body is not a page number
            _line(str(n + 2), 10, 8),
        )
        for n in range(1, 5)
    ]
    texts = page_texts(pages)
    assert texts[0] == "Body text of page 1 says 12 things.\n850"
    assert all("Annual report" not in t for t in texts)


def test_two_page_document_loses_its_header_and_page_numbers() -> None:
    pages = [
        _page(n, _line("Council news", 790, 8), _line("Text.", 700), _line(f"Page {n}", 10, 8))
        for n in (1, 2)
    ]
    assert page_texts(pages) == ["Text.", "Text."]


@dataclass(frozen=True)
class _Break:
    tail: str
    head: str
    moved: bool


@pytest.mark.parametrize(
    "case",
    [
        _Break("the number waiting fell to", "850 in March. Then it rose.", True),
        _Break("we supported more carers", "than ever before. Then we", True),
        _Break("a figure compared with the", "London average of 24%. Next.", True),
        _Break("It ended here.", "next page starts lower case.", False),
        _Break("Our plans for the", "2 Leadership", False),  # no sentence end: a heading
        _Break("in the borough's adult social care sector at", "12%. Then", True),
        _Break("Key figures", "2,845 adults were supported. More.", False),  # a short line
    ],
    ids=[
        "digit",
        "lower-case",
        "function-word",
        "finished-sentence",
        "no-sentence-end",
        "figure-after-a-full-line",
        "figure-after-a-short-line",
    ],
)
def test_sentence_continuation(case: _Break) -> None:
    intro = "An introduction that fills a whole line of the page."
    pages = [_page(1, _line(intro, 700), _line(case.tail, 100)), _page(2, _line(case.head, 700))]
    first, second = page_texts(pages)
    if case.moved:
        head, _, rest = case.head.partition(". ")
        assert first == f"{intro}\n{case.tail}\n{head}."
        assert second == rest
    else:
        assert (first, second) == (f"{intro}\n{case.tail}", case.head)


# --- no figure lost to layout --------------------------------------------------------------------


def _expected() -> list[dict[str, str]]:
    with (FIXTURE_DIR / "expected_rows.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _matches(metric: Metric, row: dict[str, str]) -> bool:
    checks = [
        abs(metric.value - float(row["value"])) < 1e-6,
        metric.page == int(row["page"]),
        not row["pattern"] or metric.pattern == row["pattern"],
        not row["metric"] or metric.metric == row["metric"],
        not row["unit"] or metric.unit == row["unit"],
        not row["period"] or metric.period == row["period"],
        not row["comparator_scope"] or metric.comparator_scope == row["comparator_scope"],
        not row["comparator_value"]
        or (
            metric.comparator_value is not None
            and abs(metric.comparator_value - float(row["comparator_value"])) < 1e-6
        ),
    ]
    return all(checks)


@pytest.mark.parametrize(
    "row",
    _expected(),
    ids=[
        f"{r['fixture']}-p{r['page']}-{r['metric'] or r['unit']}-{r['value']}" for r in _expected()
    ],
)
def test_every_expected_row_is_extracted(
    results: dict[str, DocResult], row: dict[str, str]
) -> None:
    metrics = results[row["fixture"]].metrics
    assert any(_matches(m, row) for m in metrics), [
        (m.page, m.metric, m.value, m.period, m.comparator_scope) for m in metrics
    ]


@pytest.mark.parametrize("name", list(FIXTURES))
def test_every_row_points_into_its_page_text(results: dict[str, DocResult], name: str) -> None:
    result = results[name]
    texts = {page.number: page.text for page in result.pages}
    for m in result.metrics:
        text = texts[m.page]
        assert text[m.quote_start : m.quote_end] == m.quote
        assert m.quote_start <= m.char_start < m.char_end <= m.quote_end
        assert text[m.char_start : m.char_end].strip()
        if m.pattern == "table":
            assert text[m.quote_start - 2 : m.quote_start - 1] in TABLE_MARKS


# --- the 400-page document --------------------------------------------------------------------------


def test_long_document_tables_and_page_breaks(long_pdf: Path) -> None:
    raw = read_document(long_pdf.read_bytes(), long_pdf.name)
    assert len(raw.pages) == LONG_PAGES
    texts = [p.text for p in raw.pages]
    assert not any("Hounslow Adult Social Care Self-Assessment" in t for t in texts)
    for number in range(4, LONG_PAGES, 4):  # each of these pages ends mid-sentence
        assert f"enquiries fell to\n{200 + number % 90} " in texts[number - 1], number
    pages = clean_document(raw)
    gazetteer = load_gazetteer()
    found = {
        (m.page, m.metric, m.value, m.period, m.comparator_scope, m.comparator_value)
        for m in table_metrics(
            pages, raw.doc_id, raw.source, gazetteer.resolve("Hounslow"), load_patterns(), gazetteer
        )
    }
    expected: list[ExpectedRow] = long_expected_rows(LONG_PAGES)
    missing = [
        row
        for row in expected
        if (
            row.page,
            row.metric,
            row.value,
            row.period,
            row.comparator_scope or None,
            float(row.comparator_value) if row.comparator_value else None,
        )
        not in found
    ]
    assert len(expected) == 400 and not missing
