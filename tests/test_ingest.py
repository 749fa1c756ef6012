"""Ingest: bytes in, pages out; bad input is a clear IngestError."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest

from pipeline.errors import IngestError
from pipeline.ingest import read_document, sniff_media_type
from pipeline.run import extract_document

HTML = b"""<!DOCTYPE html><html><head><title>Camden press release</title>
<style>p { color: red }</style><script>var tracking = 1234;</script></head>
<body><nav><a href="/">Home</a> <a href="/2">Menu 2</a></nav>
<main><h1>Camden rated Outstanding</h1><p>Camden's score was <b>89</b> out of 100.</p>
<ul><li>Vacancies: 16.8%</li><li>Turnover: 10%</li></ul></main>
<footer>Call 020 7974 4444</footer></body></html>"""


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (HTML, "text/html"),
        (b"<p>one</p><p>two</p><div>three</div>", "text/html"),
        (b"Turnover was 8.5%.", "text/plain"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
    ],
)
def test_sniff_by_content(data: bytes, media_type: str) -> None:
    assert sniff_media_type(data) == media_type


def test_html_keeps_the_article_and_drops_chrome() -> None:
    doc = read_document(HTML, "camden.html")
    assert doc.title == "Camden rated Outstanding"
    text = doc.pages[0].text
    assert "89 out of 100" in text and "• Vacancies: 16.8%" in text
    assert "tracking" not in text and "Menu" not in text and "020 7974" not in text


def test_text_in_cp1252_is_decoded() -> None:
    data = "Barking and Dagenham \u2013 turnover \u00a312,000 \u2018low\u2019".encode("cp1252")
    doc = read_document(data, "x.txt")
    assert doc.pages[0].text == "Barking and Dagenham \u2013 turnover \u00a312,000 \u2018low\u2019"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\x03junk" * 50, "binary content"),
        (b"%PDF-1.4\n%%EOF garbage", "not a readable PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "unsupported file type"),
    ],
)
def test_bad_input_names_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        read_document(data, "bad.txt")


def test_doc_id_is_sha256_of_the_bytes() -> None:
    import hashlib

    data = b"Turnover was 8.5%."
    assert read_document(data, "a.txt").doc_id == hashlib.sha256(data).hexdigest()


HTML_TABLES = b"""<html><body><main>
<p>How Stockport compares.</p>
<table>
<thead><tr><th>Indicator</th><th>2022-23</th><th>2023-24</th><th>England average</th></tr></thead>
<tr><td>Overall satisfaction of people who use services (%)</td><td>63.1</td><td>65.4</td><td>61.4</td></tr>
<tr><td>People waiting for a Care Act assessment</td><td>820</td><td>455</td><td>-</td></tr>
</table>
<table><tr><td>Our approach</td><td>We listen to residents, and in 2023-24 we answered 96% of
complaints within 20 working days, which is how we have always worked with people here.</td></tr></table>
</main></body></html>"""


def test_an_html_data_table_becomes_table_rows_and_a_layout_table_stays_prose() -> None:
    text = read_document(HTML_TABLES, "stockport.html").pages[0].text
    lines = text.split("\n\n")
    assert "▤ Indicator | 2022-23 | 2023-24 | England average" in lines
    assert "▦ People waiting for a Care Act assessment | 820 | 455 | -" in lines
    # a table of prose is page layout: its text stays a paragraph the sentence stage reads
    assert not any(line.startswith(("▤", "▦")) and "approach" in line for line in lines)
    assert "we answered 96% of complaints" in text


def test_html_table_cells_become_figures_with_period_and_comparator() -> None:
    raw = read_document(HTML_TABLES, "stockport.html")
    raw = replace(raw, title="Stockport Council")
    rows = {(m.metric, m.value): m for m in extract_document(raw)[1]}
    latest = rows[("satisfied_with_care_rate", 65.4)]
    assert (latest.unit, latest.period, latest.comparator_scope, latest.comparator_value) == (
        "percent",
        "2023-24",
        "england",
        61.4,
    )
    assert rows[("satisfied_with_care_rate", 63.1)].period == "2022-23"
    assert rows[("people_waiting_assessment", 455)].council == "Stockport"
    assert any(value == 96 for _, value in rows)  # from the layout table's prose


def _docx(body: str) -> bytes:
    """A minimal DOCX: the one part the reader needs, word/document.xml."""
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tr(*cells: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{_p(c)}</w:tc>" for c in cells) + "</w:tr>"


def test_docx_paragraphs_and_tables_in_document_order() -> None:
    data = _docx(
        _p("Leeds City Council: adult social care update")
        + _p("In 2023-24 staff turnover in Leeds was 21%.")
        + "<w:tbl>"
        + _tr("Indicator", "2022-23", "2023-24", "England average")
        + _tr("People waiting for a Care Act assessment", "820", "455", "-")
        + _tr("Carers who are satisfied with support (%)", "35.2", "37.0", "36.3")
        + "</w:tbl>"
        + "<w:tbl>"
        + _tr("Our approach", "We listen to residents and act on what they tell us.")
        + "</w:tbl>"
        + _p("Thank you.")
    )
    doc = read_document(data, "leeds.docx")
    assert doc.title == "Leeds City Council: adult social care update"
    assert doc.pages[0].text.split("\n\n") == [
        "Leeds City Council: adult social care update",
        "In 2023-24 staff turnover in Leeds was 21%.",
        "▤ Indicator | 2022-23 | 2023-24 | England average",
        "▦ People waiting for a Care Act assessment | 820 | 455 | -",
        "▦ Carers who are satisfied with support (%) | 35.2 | 37.0 | 36.3",
        "Our approach",
        "We listen to residents and act on what they tell us.",
        "Thank you.",
    ]
    rows = {(m.metric, m.value): m for m in extract_document(doc)[1]}
    assert rows[("staff_turnover_rate", 21)].period == "2023-24"
    carers = rows[("carer_satisfaction_rate", 37.0)]
    assert (carers.period, carers.comparator_scope, carers.comparator_value) == (
        "2023-24",
        "england",
        36.3,
    )
    assert rows[("people_waiting_assessment", 820)].period == "2022-23"


def test_a_table_without_marked_headers_takes_its_first_row_of_words_as_header() -> None:
    html = (
        b"<html><body><table><tr><td>Measure</td><td>2022-23</td><td>2023-24</td></tr>"
        b"<tr><td>Staff turnover (%)</td><td>26.1</td><td>24.0</td></tr>"
        b"<tr><td>Vacancy rate (%)</td><td>9.8</td><td>8.4</td></tr></table></body></html>"
    )
    lines = read_document(html, "t.html").pages[0].text.split("\n\n")
    assert lines[0] == "▤ Measure | 2022-23 | 2023-24"
    docx = _docx(
        "<w:tbl>"
        + _tr("Measure", "2023-24")
        + _tr("Turnover (%)", "24.0")
        + _tr("Vacancies (%)", "8.4")
        + "</w:tbl>"
        + _p("Leeds workforce update")
    )
    doc = read_document(docx, "t.docx")
    assert doc.pages[0].text.split("\n\n")[0] == "▤ Measure | 2023-24"
    assert doc.title == "Leeds workforce update"  # a table row is never the title
