"""Read a file into page texts, whatever its name says.

Stage: ``(bytes, source) -> RawDocument``. The kind of file is sniffed from its
content (a PDF named .txt is read as a PDF). Readers:

- PDF: ``pipeline.pdf`` over pypdfium2 text objects (reading order, columns, tables,
  running headers and footnote marks removed; about 60x faster than pdfplumber,
  flat memory; see ../shared/docs/PERFORMANCE.md). One RawPage per page.
- HTML: lxml's HTML parser; scripts, styles, navigation and footers dropped, block
  elements become paragraphs, list items keep a bullet. One RawPage.
- DOCX: the paragraphs of word/document.xml (zipfile + lxml). One RawPage.
- Text: UTF-8, else the encoding charset-normalizer detects (cp1252, latin-1...).

Anything else raises ``IngestError`` with a sentence naming the reason, and so does a
document over the ``ReadLimits`` (file size, PDF pages) or a PDF that needs a password.
Inline ``data:`` URIs of HTML (embedded images, often megabytes of base64) are cut down
before parsing: they carry no text, and lxml drops the rest of a page after a huge one.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import regex
from lxml import etree
from lxml import html as lxml_html

from pipeline.errors import IngestError
from pipeline.limits import ReadLimits
from pipeline.ocr import ocr_lines
from pipeline.pdf import PageLayout, TextLine, page_texts, read_page
from pipeline.records import RawDocument, RawPage
from pipeline.tables import TABLE_MARKS, render_table, table_from_cells

__all__ = ["IngestError", "ReadLimits", "check_size", "read_document", "sniff_media_type"]


_DATA_URI = regex.compile(r"""data:[^,"'<>\s]{0,200},[^"'<>\s)]{200,}""", regex.IGNORECASE)

_MAGIC = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole-storage (old Word/Excel)"),
    (b"7z\xbc\xaf", "application/x-7z-compressed"),
    (b"Rar!", "application/vnd.rar"),
)
_HTML_START = regex.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<title)",
    regex.IGNORECASE | regex.DOTALL,
)
_HTML_TAGS = regex.compile(rb"<(?:p|div|br|h[1-6]|span|a|li|table)[\s>/]", regex.IGNORECASE)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "form", "button")
_CHROME_TAGS = ("header", "footer", "aside")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "br",
        "hr",
        "caption",
    ]
)


def sniff_media_type(data: bytes) -> str:
    """The media type of a file's content.

    >>> sniff_media_type(b"%PDF-1.7 ..."), sniff_media_type(b"<!DOCTYPE html><p>x")
    ('application/pdf', 'text/html')
    >>> sniff_media_type(b"Turnover was 8.5%.")
    'text/plain'
    """
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        except zipfile.BadZipFile:
            pass
        return "application/zip"
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    probe = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(probe) or len(_HTML_TAGS.findall(data[:65536])) >= 3:
        return "text/html"
    return "text/plain"


def check_size(size: int, limits: ReadLimits) -> None:
    """Refuse a file of ``size`` bytes that is empty or over ``limits.max_bytes``.

    >>> check_size(300, ReadLimits(max_bytes=200))
    Traceback (most recent call last):
    ...
    pipeline.errors.IngestError: file too large: 300 bytes (limit 200; see --max-bytes)
    """
    if size == 0:
        raise IngestError("empty file (0 bytes)")
    if size > limits.max_bytes:
        raise IngestError(
            f"file too large: {size:,} bytes (limit {limits.max_bytes:,}; see --max-bytes)"
        )


def strip_data_uris(html: str) -> str:
    """``html`` with every long inline ``data:`` URI replaced by an empty one.

    >>> strip_data_uris('<img src="data:image/png;base64,' + 'A' * 300 + '"><p>x')
    '<img src="data:,"><p>x'
    """
    return _DATA_URI.sub("data:,", html) if "data:" in html else html


def read_document(data: bytes, source: str, limits: ReadLimits | None = None) -> RawDocument:
    """Read ``data`` (the bytes of the file at ``source``) into a RawDocument."""
    limits = limits or ReadLimits()
    check_size(len(data), limits)
    doc_id = hashlib.sha256(data).hexdigest()
    media_type = sniff_media_type(data)
    if media_type == "application/pdf":
        title, pages = _read_pdf(data, limits)
        return RawDocument(doc_id, source, media_type, title, pages, wrapped=True)
    if media_type.startswith("application/vnd.openxmlformats"):
        title, pages = _read_docx(data)
        return RawDocument(doc_id, source, media_type, title, pages, wrapped=False)
    if media_type == "text/html":
        title, pages = _read_html(strip_data_uris(_decode(data)))
        return RawDocument(doc_id, source, media_type, title, pages, wrapped=False)
    if media_type == "text/plain":
        text = _decode(data)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        return RawDocument(doc_id, source, media_type, _short(title), (RawPage(None, text),))
    raise IngestError(f"unsupported file type ({media_type})")


def _short(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(title.split())
    return title if len(title) <= 200 else title[:197] + "..."


def _decode(data: bytes) -> str:
    """Text from bytes: BOMs, UTF-8, then a detected legacy encoding; junk is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if "\x00" in text[:100_000] or controls > 0.01 * min(len(text), 100_000):
        raise IngestError("binary content: not text, PDF, HTML or DOCX")
    return text


def _decode_legacy(data: bytes) -> str:
    """English documents that are not UTF-8 are nearly always Windows-1252 (a superset
    of latin-1 for printable text); other encodings are left to charset-normalizer."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is None or best.encoding is None:
            raise IngestError("binary content: not text, PDF, HTML or DOCX") from None
        return data.decode(best.encoding, errors="replace")


def _open_pdf(data: bytes) -> Any:
    """The pdfium document; an encrypted PDF opens when the empty password works."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)  # no password given: pdfium tries the empty one
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted PDF: a password is required") from exc
        raise IngestError(f"not a readable PDF ({message})") from exc


def check_pages(count: int, limits: ReadLimits) -> None:
    """Refuse a PDF of more than ``limits.max_pages`` pages before reading any page."""
    if count > limits.max_pages:
        raise IngestError(
            f"too many pages: {count:,} (limit {limits.max_pages:,}; see --max-pages)"
        )


def _read_pdf(data: bytes, limits: ReadLimits) -> tuple[str | None, tuple[RawPage, ...]]:
    pdf = _open_pdf(data)
    try:
        check_pages(len(pdf), limits)
        title = _short(str(pdf.get_metadata_dict().get("Title") or "") or None)
        layouts = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                layout = read_page(page, index + 1)  # pipeline.pdf: layout of one page
                if layout.image_only and limits.ocr:
                    layout = _ocr_layout(page, layout)
                layouts.append(layout)
            finally:
                page.close()
        texts = page_texts(layouts)  # headers, footers, page numbers; page-break sentences
        return title, tuple(RawPage(index + 1, text) for index, text in enumerate(texts))
    finally:
        pdf.close()


def _ocr_layout(page: Any, scanned: PageLayout) -> PageLayout:
    """A scanned page's lines as tesseract reads them (``pipeline.ocr``), without
    positions; the page stays empty when OCR fails on it (the documents row names it)."""
    try:
        lines = ocr_lines(page)
    except IngestError:
        return scanned
    items = tuple(TextLine(line, 0, 0, 0, 0, 0) for line in lines)
    return replace(scanned, items=items, positioned=False)


def _html_table(element: lxml_html.HtmlElement) -> list[str] | None:
    """A data table's rows as page-text lines (``pipeline.tables.render_table``), for the
    table stage to read cell by cell; None for a table of prose (page layout)."""
    rows = [row for row in element.iter("tr") if next(row.iterancestors("table")) is element]
    cells = [[cell.text_content() for cell in row if cell.tag in ("td", "th")] for row in rows]
    first = rows[0] if rows else None
    headed = first is not None and (
        next(first.iterancestors("thead"), None) is not None
        or all(cell.tag == "th" for cell in first if isinstance(cell.tag, str))
    )
    table = table_from_cells(cells, headed)
    return render_table(table) if table is not None else None


def _html_blocks(element: lxml_html.HtmlElement) -> Iterator[str]:
    """Text pieces with "\\n\\n" at block boundaries, in document order."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table" and (lines := _html_table(element)) is not None:
        for line in lines:  # each row a paragraph of its own, as pipeline.pdf sets them
            yield f"\n\n{line}\n\n"
        return
    if tag in _BLOCK_TAGS:
        yield "\n\n"
        if tag == "li":
            yield "• "
    if tag in ("td", "th"):
        yield " | "
    if element.text and tag:
        yield element.text
    for child in element:
        yield from _html_blocks(child)
        if child.tail:
            yield child.tail
    if tag in _BLOCK_TAGS:
        yield "\n\n"


def _read_html(text: str) -> tuple[str | None, tuple[RawPage, ...]]:
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"not readable HTML ({exc})") from exc
    title_el = root.find(".//title")
    heading = root.find(".//h1")
    title = title_el.text_content() if title_el is not None else None
    if heading is not None and heading.text_content().strip():
        title = heading.text_content()
    for el in root.iter(*_DROP_TAGS):
        el.drop_tree()
    content = next(
        (
            found[0]
            for found in (root.xpath(p) for p in ("//main", "//article", "//*[@role='main']"))
            if found
        ),
        root.find("body") if root.find("body") is not None else root,
    )
    for el in content.iter(*_CHROME_TAGS):
        if el is not content:
            el.drop_tree()
    pieces = "".join(_html_blocks(content))
    paragraphs = [" ".join(block.split()) for block in pieces.split("\n\n")]
    body = "\n\n".join(p.strip(" |") for p in paragraphs if p.strip(" |•"))
    return _short(title), (RawPage(None, body),)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes) -> tuple[str | None, tuple[RawPage, ...]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise IngestError(f"not a readable DOCX ({exc})") from exc
    body = root.find(f"{_W}body")
    paragraphs = list(_docx_blocks(body if body is not None else root))
    title = next((p for p in paragraphs if p[:1] not in TABLE_MARKS), None)  # not a table row
    return _short(title), (RawPage(None, "\n\n".join(paragraphs)),)


def _docx_text(element: Any) -> str:
    return " ".join("".join(node.text or "" for node in element.iter(f"{_W}t")).split())


def _docx_blocks(container: Any) -> Iterator[str]:
    """Paragraphs in document order; a table of figures as table lines (see ``_html_table``),
    any other table as the paragraphs of its cells."""
    for child in container:
        if child.tag == f"{_W}p":
            if text := _docx_text(child):
                yield text
        elif child.tag == f"{_W}tbl":
            rows = [row for row in child if row.tag == f"{_W}tr"]
            cells = [[_docx_text(cell) for cell in row if cell.tag == f"{_W}tc"] for row in rows]
            headed = bool(rows) and rows[0].find(f"{_W}trPr/{_W}tblHeader") is not None
            table = table_from_cells(cells, headed)
            if table is not None:
                yield from render_table(table)
            else:
                for cell in child.iter(f"{_W}tc"):
                    yield from _docx_blocks(cell)
