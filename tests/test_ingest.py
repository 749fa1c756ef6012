"""Ingest: bytes in, pages out; bad input is a clear IngestError."""

from __future__ import annotations

import pytest

from pipeline.errors import IngestError
from pipeline.ingest import read_document, sniff_media_type

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
