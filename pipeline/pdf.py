"""Text of PDF pages in reading order, from pypdfium2's text objects.

Two stages, both pure over typed records:

``read_page(page, number) -> PageLayout``, one page at a time (``pipeline.ingest`` calls it
in its page loop, so its limits stay around each page):

1. *Runs*: every text object of the page (recursing into form XObjects) with its text,
   bounds, baseline and font size. That is a handful of C calls per text object (a run of
   one font on one line), never per character, so a page costs about what pdfium's own
   ``get_text_bounded`` costs (see ../shared/docs/PERFORMANCE.md). Ruling lines and image
   areas come from the same pass over the page objects.
2. *Lines*: runs whose baselines lie within ``LINE_TOLERANCE`` em of each other. A run set at
   most ``MARKER_SIZE`` times its line's size, raised at least ``MARKER_RISE`` em above the
   line's baseline, glued to the word before it and spelled like a footnote mark ("1",
   "12", "iv", "*", "†") is dropped; "17" + raised "th" is an ordinal and kept. Runs are
   joined with a space where the gap between them is wider than ``SPACE_GAP`` em.
   Ligatures (U+FB00-FB06) are split and pdfium's end-of-line hyphen mark (U+0002) becomes
   "-", so ``pipeline.clean`` can join the word.
3. *Segments*: a line splits where the gap between two runs is wider than ``SEGMENT_GAP`` em
   or a vertical rule runs between them (table cells, or the columns of the page).
4. *Tables*: ``pipeline.tables.find_tables`` on pages that ``looks_like_table`` (numbers after a
   wide gap on two lines): each table becomes one text line per row, cells separated by
   " | ", the header row led by ``tables.TABLE_HEADER_MARK`` and the other rows by
   ``tables.TABLE_ROW_MARK``. Table lines are set off by blank lines so cleaning never joins
   them with prose.
5. *Columns*: a gutter is an x-interval in the middle of the text area that long segments
   (prose lines) do not cross, with comparable prose on both sides (or lines level with each
   other); the page is then read column by column between full-width elements (titles,
   full-width tables, a table's caption), each column top to bottom.
6. *Image-only*: a page with no text whose images cover at least ``IMAGE_ONLY_AREA`` of it is
   flagged ``image_only`` (its text is empty; with ``--ocr``, ``pipeline.ocr`` reads it).

A page whose text is mostly rotated, or that has more than ``MAX_RUNS`` text objects (text
set glyph by glyph), or whose objects miss much of pdfium's text, is read with pdfium's own
text order instead (``PageLayout.positioned`` False).

``page_texts(layouts) -> list[str]``, for the whole document:

1. running headers and footers go: lines within ``MARGIN_ZONE`` of the page's top or bottom,
   set off from the body by a gap of ``MARGIN_GAP`` em, whose text (digits ignored) recurs on at least three pages and on ``HEADER_SHARE`` of the
   pages with text, or at the same height on three pages (on both pages of a two-page
   document);
2. page numbers go: "Page 4", "4 of 40", and bare numbers in the margin that run with the
   page index;
3. a sentence that runs over a page break is finished on the page where it starts: the next
   page's first lines up to the end of that sentence move to the end of the page before
   (so a figure split across the break belongs to the page where its sentence starts);
4. each page is rendered: one line per text line, tables as above, headings (set at least
   ``HEADING_SIZE`` times the body size) between blank lines.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import regex

from pipeline.clean import LIGATURES
from pipeline.tables import Segment, Table, find_tables, looks_like_table, render_table

__all__ = [
    "PageLayout",
    "TextLine",
    "normalise_run_text",
    "page_texts",
    "read_page",
]

# --- thresholds ("em" = the font size of the text concerned; lengths in PDF points) --------------
SPACE_GAP = 0.15  # em: a gap wider than this between two runs is a space between words
SEGMENT_GAP = 0.8  # em: a gap wider than this splits a line into segments (cells, columns)
LINE_TOLERANCE = 0.5  # em: runs whose baselines differ by less are on one line
MARKER_SIZE = 0.85  # a footnote mark is set at most this fraction of its line's font size
MARKER_RISE = 0.15  # em: and raised at least this far above the line's baseline
MARKER_GLUE = 0.35  # em: and at most this far from the word before it
LONG_SEGMENT = 20  # characters: a segment at least this long is prose (used to find gutters)
MIN_GUTTER = 6.0  # points: the narrowest gap between two columns
MIN_COLUMN_LINES = 3  # prose lines on each side of a gutter
COLUMN_BALANCE = 0.2  # the shorter column holds at least this share of the longer one's lines
# (unless at least MIN_COLUMN_LINES of its lines are level with lines of the other)
MARGIN_ZONE = 0.12  # fraction of the page height, at top and bottom, for headers and footers
MARGIN_LINES = 3  # the outermost lines of each margin zone are candidates
MARGIN_GAP = 1.0  # em: and only when a gap this wide sets them off from the body
HEADER_MIN_PAGES = 3  # a running header or footer recurs on at least this many pages
HEADER_SHARE = 0.1  # and on at least this share of the pages with text
IMAGE_ONLY_AREA = 0.25  # share of the page that images cover on a scanned page
MAX_RUNS = 4000  # more text objects than this: text set glyph by glyph; use pdfium's order
MIN_RUN_SHARE = 0.5  # objects yield less than this share of pdfium's characters: use pdfium
HEADING_SIZE = 1.15  # a line set this much larger than the body text is a heading
MAX_CONTINUATION_LINES = 8  # lines searched for the end of a sentence cut by a page break
FULL_LINE = 0.8  # a line at least this share of the page's longest body line was wrapped

# A footnote mark: 1, 12, iv, a, *, †, and lists of them ("1,2", "3-5").
_MARK = regex.compile(
    r"^(?:\d{1,3}|[ivxlc]{1,7}|[a-h]|[*†‡§¶#]{1,3})(?:\s?[,–-]\s?(?:\d{1,3}|[ivxlc]{1,7}))*$"
)
# Characters of text objects, normalised one for one: ligatures split, pdfium's mark for a
# hyphen at a line end (U+0002) and U+FFFE back to "-", line breaks inside an object to spaces.
_RUN_CHARS = str.maketrans(
    {
        **LIGATURES,
        "\x02": "-",
        "\ufffe": "-",
        "\r": " ",
        "\n": " ",
        "\x00": None,
    }
)
# A line that ends a sentence (or a lead-in to a list): terminal punctuation, then quotes.
_TERMINAL = regex.compile(r"[.!?:;]['\")\]]*$")
# A line ending in one of these words goes on: the sentence is not finished.
_FUNCTION_WORD_END = regex.compile(
    r"(?:^|\s)(?:a|an|the|of|in|on|to|and|or|for|as|at|by|with|from|than|per|that|which|who|is|"
    r"are|was|were|be|been|has|have|had|its|their|our|this|these|into|over|under|between|about|"
    r"including|not|but|fell|rose|reached|stood|totalled|of around|around|approximately)$",
    regex.IGNORECASE,
)
# A page that starts with a figure may continue the sentence before the break ("850 in March").
_CONTINUES = regex.compile(r"^[0-9£(%]")
# The end of a sentence: terminal punctuation, optional closing quote or bracket, then a space
# or the end; not after a common abbreviation.
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:e\.g|i\.e|etc|approx|vs|no|c|St|Dr|Mr|Mrs|Ms|Cllr))[.!?]['\")\]]*(?=\s|$)"
)
# A list item starts a paragraph of its own: bullets, "1.", "(a)".
_LIST_ITEM = regex.compile(r"^\s*(?:[•\-*·▪◦]\s|\(?\d{1,2}[.)]\s|\(?[a-h][.)]\s)")
# A page number in the margin, whatever the page: "Page 4", "p. 4", "4 of 40", "4/40", "iv".
_PAGE_NUMBER = regex.compile(
    r"""^(?:(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?   # Page 4, Page 4 of 40
        |\d{1,4}\s*(?:of|/)\s*\d{1,4}                        # 4 of 40, 4/40
        |[ivxlc]{1,6})$                                        # front matter: iv
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# A bare number in the margin ("4", "- 4 -", "[4]"): a page number when the numbers run with
# the page index through the document.
_BARE_NUMBER = regex.compile(r"^[-–—(\[]?\s*(\d{1,4})\s*[-–—)\]]?$")
_DIGITS = regex.compile(r"\d+")  # digits are ignored when comparing running headers


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of a page in reading order (PDF points, y upwards: ``top > bottom``)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size most of the line is set in


@dataclass(frozen=True, slots=True)
class PageLayout:
    """A page read into lines and tables, before document-wide cleaning."""

    number: int  # 1-based
    top: float  # the page box, PDF points
    bottom: float
    items: tuple[TextLine | Table, ...]  # reading order
    image_only: bool = False  # no text, and images cover the page: scanned
    positioned: bool = True  # False: pdfium's text order, line positions unknown


@dataclass(frozen=True, slots=True)
class _Run:
    """One text object: a run of one font on one line."""

    text: str
    x0: float  # where the run starts: its origin (ink may start later: "," has a wide margin)
    x1: float  # where its ink ends
    bottom: float
    top: float
    baseline: float
    size: float


@dataclass(frozen=True, slots=True)
class _PageObjects:
    runs: tuple[_Run, ...]
    hrules: tuple[float, ...]  # y of horizontal ruling lines and rectangle edges
    vrules: tuple[tuple[float, float, float], ...]  # (x, bottom, top) of vertical rules
    image_area: float
    rotated_chars: int


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix that applies ``inner`` then ``outer`` (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _box(
    m: _Matrix, x0: float, y0: float, x1: float, y1: float
) -> tuple[float, float, float, float]:
    """The axis-aligned box around a box transformed by ``m``: (x0, y0, x1, y1)."""
    corners = [_apply(m, x, y) for x in (x0, x1) for y in (y0, y1)]
    xs = [c[0] for c in corners]
    ys = [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def normalise_run_text(text: str) -> str:
    """A text object's characters, one for one where possible.

    >>> normalise_run_text("\\ufb01rst e\\ufb00ect manip\\x02")
    'first effect manip-'
    """
    return text.translate(_RUN_CHARS)


def _page_objects(page: Any, textpage: Any) -> _PageObjects:
    """One pass over the page's objects: text runs, ruling lines, image area."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    font_size = ctypes.c_float()
    buffer = (ctypes.c_ushort * 4096)()
    runs: list[_Run] = []
    hrules: list[float] = []
    vrules: list[tuple[float, float, float]] = []
    image_area = 0.0
    rotated = 0
    text_kind, path_kind = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
    image_kind, form_kind = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    stack: list[tuple[Any, bool, _Matrix | None, int]] = [(page.raw, False, None, 0)]
    while stack:
        parent, in_form, outer, depth = stack.pop()
        if in_form:
            count, get = pdfium_c.FPDFFormObj_CountObjects(parent), pdfium_c.FPDFFormObj_GetObject
        else:
            count, get = pdfium_c.FPDFPage_CountObjects(parent), pdfium_c.FPDFPage_GetObject
        for index in range(max(count, 0)):
            obj = get(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == text_kind:
                size_bytes = pdfium_c.FPDFTextObj_GetText(
                    obj, textpage.raw, buffer, ctypes.sizeof(buffer)
                )
                if size_bytes > ctypes.sizeof(buffer):
                    buffer = (ctypes.c_ushort * (size_bytes // 2 + 1))()
                    size_bytes = pdfium_c.FPDFTextObj_GetText(
                        obj, textpage.raw, buffer, ctypes.sizeof(buffer)
                    )
                if size_bytes <= 2:
                    continue
                text = ctypes.string_at(buffer, size_bytes - 2).decode("utf-16-le", "replace")
                if not text.strip():
                    continue
                pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
                m: _Matrix = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                if outer is not None:
                    m = _compose(m, outer)
                if abs(m[1]) > 0.1 * abs(m[0]) or m[0] <= 0 or m[3] <= 0:
                    rotated += len(text)
                    continue
                pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                box = (left.value, bottom.value, right.value, top.value)
                if outer is not None:
                    box = _box(outer, *box)
                pdfium_c.FPDFTextObj_GetFontSize(obj, font_size)
                size = font_size.value * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
                if size <= 0:
                    size = max(box[3] - box[1], 1.0)
                start = min(m[4], box[0])  # the origin, unless ink starts before it
                runs.append(
                    _Run(normalise_run_text(text), start, box[2], box[1], box[3], m[5], size)
                )
            elif kind in (path_kind, image_kind):
                pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                box = (left.value, bottom.value, right.value, top.value)
                if outer is not None:
                    box = _box(outer, *box)
                width, height = box[2] - box[0], box[3] - box[1]
                if kind == image_kind:
                    image_area += width * height
                elif height <= 2.5 and width >= 8:
                    hrules.append((box[1] + box[3]) / 2)
                elif width <= 2.5 and height >= 8:
                    vrules.append(((box[0] + box[2]) / 2, box[1], box[3]))
                elif width > 2.5 and height > 2.5:
                    hrules.extend((box[1], box[3]))  # a cell's or a box's edges
                    vrules.extend(((box[0], box[1], box[3]), (box[2], box[1], box[3])))
            elif kind == form_kind and depth < 8:
                pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
                form: _Matrix = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                stack.append(
                    (obj, True, form if outer is None else _compose(form, outer), depth + 1)
                )
    return _PageObjects(tuple(runs), tuple(hrules), tuple(vrules), image_area, rotated)


# ------------------------------------------------------------------------------------------------
# Runs -> physical lines -> segments
# ------------------------------------------------------------------------------------------------


def _physical_lines(runs: Sequence[_Run]) -> list[list[_Run]]:
    """Runs grouped by baseline, top to bottom; each line's runs left to right."""
    lines: list[list[_Run]] = []
    ref: tuple[float, float] | None = None  # (baseline, size) of the current line's largest run
    for run in sorted(runs, key=lambda r: (-r.baseline, r.x0)):
        if ref is not None and abs(run.baseline - ref[0]) <= LINE_TOLERANCE * max(ref[1], run.size):
            lines[-1].append(run)
            if run.size > ref[1]:
                ref = (run.baseline, run.size)
            continue
        lines.append([run])
        ref = (run.baseline, run.size)
    for line in lines:
        line.sort(key=lambda r: r.x0)
    return lines


def _dominant(runs: Sequence[_Run]) -> tuple[float, float]:
    """(font size, baseline) most of the line's characters are set in."""
    if len(runs) == 1:
        return runs[0].size, runs[0].baseline
    sizes: Counter[float] = Counter()
    for run in runs:
        sizes[round(run.size * 2) / 2] += len(run.text.strip())
    size = sizes.most_common(1)[0][0]
    baseline = min(
        (r.baseline for r in runs if abs(round(r.size * 2) / 2 - size) < 0.01),
        default=runs[0].baseline,
    )
    return size, baseline


def _is_marker(run: _Run, previous: _Run | None, size: float, baseline: float) -> bool:
    """A superscript footnote mark: small, raised, glued to the word before, spelled as one."""
    if run.size > MARKER_SIZE * size or run.baseline - baseline < MARKER_RISE * size:
        return False
    if previous is not None and run.x0 - previous.x1 > MARKER_GLUE * size:
        return False
    return bool(_MARK.match(run.text.strip()))


def _segments(runs: Sequence[_Run], vrules: Sequence[tuple[float, float, float]]) -> list[Segment]:
    """A physical line cut at wide gaps and vertical rules, footnote marks dropped."""
    size, baseline = _dominant(runs)
    out: list[Segment] = []
    parts: list[str] = []
    kept: list[_Run] = []
    last: _Run | None = None  # the previous run, marks included (for the gap after a mark)
    previous_text: _Run | None = None

    def close() -> None:
        text = " ".join("".join(parts).split())
        if kept and text:
            if "\xad" in text:  # soft hyphens: a line-end one is a hyphen, others invisible
                text = (text[:-1] + "-" if text.endswith("\xad") else text).replace("\xad", "")
            if len(kept) == 1:
                run = kept[0]
                out.append(
                    Segment(text, run.x0, run.x1, run.top, run.bottom, run.baseline, run.size)
                )
            else:
                main = max(kept, key=lambda r: len(r.text))  # most of the segment's text
                top, bottom = max(r.top for r in kept), min(r.bottom for r in kept)
                x1 = max(r.x1 for r in kept)
                out.append(Segment(text, kept[0].x0, x1, top, bottom, main.baseline, main.size))
        parts.clear()
        kept.clear()

    for run in runs:
        if _is_marker(run, previous_text, size, baseline):
            last = run
            continue
        if last is not None and kept:
            gap = run.x0 - last.x1
            ruled = gap > SPACE_GAP * size and any(
                last.x1 - 1 <= x <= run.x0 + 1 and b <= baseline <= t for x, b, t in vrules
            )
            if gap > SEGMENT_GAP * size or ruled:
                close()
            elif (
                previous_text is not None
                and run.text == previous_text.text
                and abs(run.x0 - previous_text.x0) < 1
            ):
                continue  # the same text printed twice (fake bold)
            elif gap > SPACE_GAP * size or last.text[-1:].isspace():
                parts.append(" ")
        parts.append(run.text)
        kept.append(run)
        last = run
        previous_text = run
    close()
    return out


# ------------------------------------------------------------------------------------------------
# Columns and reading order
# ------------------------------------------------------------------------------------------------


def _gutter(segments: Sequence[Segment], lo: float, hi: float) -> tuple[float, float] | None:
    """The widest x-interval in the middle of [lo, hi] that (nearly) no prose line crosses,
    with prose lines on both sides; None on a one-column area."""
    long = [
        s for s in segments if len(s.text) >= LONG_SEGMENT and lo - 1 <= s.x0 and s.x1 <= hi + 1
    ]
    if len(long) < 2 * MIN_COLUMN_LINES:
        return None
    inner_lo, inner_hi = lo + 0.2 * (hi - lo), hi - 0.2 * (hi - lo)
    events = sorted([(s.x0, 1) for s in long] + [(s.x1, -1) for s in long])
    coverage = 0
    best: tuple[int, float, float, float] | None = None  # (-coverage, width, x0, x1)
    for (x, delta), (nxt, _) in pairwise(events):
        coverage += delta
        a, b = max(x, inner_lo), min(nxt, inner_hi)
        if b - a < MIN_GUTTER:
            continue
        rank = (-coverage, b - a, a, b)
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is None or -best[0] > 0.2 * len(long):
        return None
    _, _, g0, g1 = best
    left = sum(1 for s in long if s.x1 <= g0 + 1)
    right = sum(1 for s in long if s.x0 >= g1 - 1)
    if left < MIN_COLUMN_LINES or right < MIN_COLUMN_LINES:
        return None
    # Columns stand side by side: comparable amounts of prose, or lines level with each
    # other. Indented lines under a code listing or a list are neither.
    left_levels = {round(s.baseline / 2) for s in segments if s.x1 <= g0 + 1}
    level = sum(1 for s in segments if s.x0 >= g1 - 1 and round(s.baseline / 2) in left_levels)
    if min(left, right) < COLUMN_BALANCE * max(left, right) and level < MIN_COLUMN_LINES:
        return None
    return g0, g1


def _columns(segments: Sequence[Segment], lo: float, hi: float, depth: int = 0) -> list[float]:
    """The x positions of the gutters between the text columns of an area, left to right."""
    gutter = _gutter(segments, lo, hi) if depth < 3 else None
    if gutter is None:
        return []
    g0, g1 = gutter
    middle = (g0 + g1) / 2
    left = [s for s in segments if s.x1 <= middle]
    right = [s for s in segments if s.x0 >= middle]
    return [*_columns(left, lo, g0, depth + 1), middle, *_columns(right, g1, hi, depth + 1)]


@dataclass(frozen=True, slots=True)
class _Item:
    column: int  # -1: spans columns
    top: float
    bottom: float
    baseline: float
    x0: float
    content: Segment | Table


def _column_index(x0: float, x1: float, gutters: Sequence[float]) -> int:
    edges = [-math.inf, *gutters, math.inf]
    for index in range(len(edges) - 1):
        if edges[index] - 1 <= x0 and x1 <= edges[index + 1] + 1:
            return index
    return -1


def _reading_order(items: Sequence[_Item], columns: int) -> Iterator[TextLine | Table]:
    """Column by column between full-width items, each column top to bottom."""
    zone: list[_Item] = []
    for item in sorted(items, key=lambda i: (-i.top, i.x0)):
        if item.column < 0 and columns > 1:
            lead = _caption(zone, item)
            yield from _flush([i for i in zone if i not in lead], columns)
            zone = []
            yield from _flush([replace(i, column=0) for i in (*lead, item)], 1)
        else:
            zone.append(item)
    yield from _flush(zone, columns)


def _caption(zone: Sequence[_Item], span: _Item) -> list[_Item]:
    """The line just above a full-width item, below everything in the other columns: its
    caption ("Table 1: ..."), read with it rather than at the foot of its column."""
    if not zone:
        return []
    last = min(zone, key=lambda i: i.top)
    size = last.top - last.bottom
    others = [i for i in zone if i.column != last.column]
    if last.bottom - span.top > 2.5 * size or any(i.bottom <= last.top for i in others):
        return []
    return [last]


def _flush(zone: Sequence[_Item], columns: int) -> Iterator[TextLine | Table]:
    for column in range(max(columns, 1)):
        pending: list[Segment] = []
        for item in sorted(
            (i for i in zone if i.column == column), key=lambda i: (-i.baseline, i.x0)
        ):
            content = item.content
            if isinstance(content, Table):
                if pending:
                    yield _line(pending)
                    pending = []
                yield content
                continue
            if (
                pending
                and abs(pending[0].baseline - content.baseline) > LINE_TOLERANCE * content.size
            ):
                yield _line(pending)
                pending = []
            pending.append(content)
        if pending:
            yield _line(pending)


def _line(segments: Sequence[Segment]) -> TextLine:
    if len(segments) == 1:
        s = segments[0]
        return TextLine(s.text, s.x0, s.x1, s.top, s.bottom, s.size)
    ordered = sorted(segments, key=lambda s: s.x0)
    return TextLine(
        " ".join(s.text for s in ordered),
        ordered[0].x0,
        max(s.x1 for s in ordered),
        max(s.top for s in ordered),
        min(s.bottom for s in ordered),
        max(ordered, key=lambda s: len(s.text)).size,
    )


# ------------------------------------------------------------------------------------------------
# One page
# ------------------------------------------------------------------------------------------------


def read_page(page: Any, number: int) -> PageLayout:
    """Read one pypdfium2 page (``pypdfium2.PdfPage``) into lines and tables."""
    textpage = page.get_textpage()
    try:
        x_lo, y_lo, x_hi, y_hi = page.get_bbox()
        objects = _page_objects(page, textpage)
        chars = sum(len(r.text) for r in objects.runs)
        if not objects.runs and objects.rotated_chars == 0:
            area = max((x_hi - x_lo) * (y_hi - y_lo), 1.0)
            scanned = objects.image_area >= IMAGE_ONLY_AREA * area and textpage.count_chars() == 0
            return PageLayout(number, y_hi, y_lo, (), image_only=scanned)
        if (
            objects.rotated_chars > chars
            or len(objects.runs) > MAX_RUNS
            or chars < MIN_RUN_SHARE * textpage.count_chars()
        ):
            return _pdfium_order(textpage, number, y_hi, y_lo)
        return _layout(objects, number, x_lo, x_hi, y_lo, y_hi)
    finally:
        textpage.close()


def _pdfium_order(textpage: Any, number: int, top: float, bottom: float) -> PageLayout:
    text = normalise_run_text(textpage.get_text_bounded().replace("\r\n", "\n")).replace("\r", "\n")
    lines = tuple(TextLine(line, 0, 0, 0, 0, 0) for line in text.split("\n") if line.strip())
    return PageLayout(number, top, bottom, lines, positioned=False)


def _layout(
    objects: _PageObjects, number: int, x_lo: float, x_hi: float, y_lo: float, y_hi: float
) -> PageLayout:
    lines = [_segments(runs, objects.vrules) for runs in _physical_lines(objects.runs)]
    lines = [line for line in lines if line]
    tables = find_tables(lines, objects.hrules) if looks_like_table(lines) else []
    used = {member for table in tables for member in table.members}
    segments = [
        seg for li, line in enumerate(lines) for si, seg in enumerate(line) if (li, si) not in used
    ]
    # running headers and footers (in the margins) say nothing about the columns
    margin = MARGIN_ZONE * (y_hi - y_lo)
    body = [s for s in segments if y_lo + margin < s.baseline < y_hi - margin] or segments
    text_lo = min((s.x0 for s in body), default=x_lo)
    text_hi = max((s.x1 for s in body), default=x_hi)
    gutters = _columns(body, text_lo, text_hi)
    items = [
        _Item(_column_index(s.x0, s.x1, gutters), s.top, s.bottom, s.baseline, s.x0, s)
        for s in segments
    ]
    items.extend(
        _Item(_column_index(t.x0, t.x1, gutters), t.top, t.bottom, t.top, t.x0, t) for t in tables
    )
    ordered = tuple(_reading_order(items, len(gutters) + 1))
    return PageLayout(number, y_hi, y_lo, ordered)


# ------------------------------------------------------------------------------------------------
# The document: running headers and footers, page numbers, sentences across page breaks
# ------------------------------------------------------------------------------------------------


def _margin_lines(layout: PageLayout) -> Iterator[tuple[str, int, TextLine]]:
    """(zone, item index, line) for the lines in the page's margin zones that are set off
    from the body: the outermost lines up to the first gap of at least ``MARGIN_GAP`` em."""
    if not layout.positioned:
        return
    lines = [(i, item) for i, item in enumerate(layout.items) if isinstance(item, TextLine)]
    height = layout.top - layout.bottom
    by_height = sorted(lines, key=lambda pair: -pair[1].top)
    for zone, ordered in (("top", by_height), ("bottom", by_height[::-1])):
        for count in range(1, min(MARGIN_LINES, len(ordered)) + 1):
            _, line = ordered[count - 1]
            if zone == "top" and line.bottom < layout.top - MARGIN_ZONE * height:
                break
            if zone == "bottom" and line.top > layout.bottom + MARGIN_ZONE * height:
                break
            if count < len(ordered):
                inner = ordered[count][1]
                gap = line.bottom - inner.top if zone == "top" else inner.bottom - line.top
                if gap < MARGIN_GAP * max(line.size, inner.size):
                    continue
            yield from ((zone, i, candidate) for i, candidate in ordered[:count])
            break


def _key(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _running_lines(layouts: Sequence[PageLayout]) -> set[tuple[int, int]]:
    """(page index, item index) of running headers, footers and page numbers."""
    pages_with_text = sum(1 for p in layouts if p.items)
    seen: dict[tuple[str, str], set[int]] = {}
    seen_at: dict[tuple[str, str, int], set[int]] = {}
    candidates: list[tuple[int, int, str, TextLine]] = []
    offsets: Counter[int] = Counter()
    for index, layout in enumerate(layouts):
        for zone, item, line in _margin_lines(layout):
            key = _key(line.text)
            candidates.append((index, item, zone, line))
            seen.setdefault((zone, key), set()).add(index)
            seen_at.setdefault((zone, key, round(line.bottom / 4)), set()).add(index)
            bare = _BARE_NUMBER.match(line.text.strip())
            if bare:
                offsets[int(bare.group(1)) - layout.number] += 1
    threshold = max(HEADER_MIN_PAGES, HEADER_SHARE * pages_with_text)
    # at the same height on three pages, or on every page of a two-page document
    same_place = max(2, min(HEADER_MIN_PAGES, pages_with_text))
    offset = offsets.most_common(1)[0] if offsets else None
    found: set[tuple[int, int]] = set()
    for index, item, zone, line in candidates:
        key = _key(line.text)
        stripped = line.text.strip()
        bare = _BARE_NUMBER.match(stripped)
        if (
            len(seen[(zone, key)]) >= threshold
            or len(seen_at[(zone, key, round(line.bottom / 4))]) >= same_place
            or _PAGE_NUMBER.match(stripped)
            or (
                bare is not None
                and offset is not None
                and (offset[1] >= 2 or pages_with_text <= 2)
                and int(bare.group(1)) - layouts[index].number == offset[0]
            )
        ):
            found.add((index, item))
    return found


def _body_size(layouts: Sequence[PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for layout in layouts:
        for item in layout.items:
            if isinstance(item, TextLine) and item.size:
                sizes[round(item.size * 2) / 2] += len(item.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_body(line: TextLine, body: float) -> bool:
    return not body or not line.size or 0.9 * body <= line.size <= HEADING_SIZE * body


def _unfinished(line: TextLine) -> bool:
    """The line stops mid-sentence."""
    text = line.text.rstrip()
    return bool(text) and not _TERMINAL.search(text)


def _starts_continuation(previous: TextLine, line: TextLine, full: bool) -> bool:
    """Does ``line`` (first on its page) go on with ``previous`` (last on the page before)?

    Yes when it starts in lower case, or after a comma, hyphen or function word; a line
    starting with a figure ("850 in March") only when ``previous`` filled its line (a
    shorter one is a heading or a paragraph's end).
    """
    text = line.text.lstrip()
    prev = previous.text.rstrip()
    if text[:1].islower() or prev.endswith((",", "-")) or _FUNCTION_WORD_END.search(prev):
        return True
    return full and bool(_CONTINUES.match(text))


def _sentence_head(items: Sequence[TextLine | Table], body: float) -> tuple[int, int] | None:
    """(line index, offset after the sentence end) of the first sentence end in the page's
    first lines (a line that ends with a colon, or the line before a list item, ends it too);
    None when a table, a heading or too many lines come first."""
    for index, item in enumerate(items[:MAX_CONTINUATION_LINES]):
        if isinstance(item, Table) or not _is_body(item, body):
            return None
        if index and _LIST_ITEM.match(item.text):
            previous = items[index - 1]
            assert isinstance(previous, TextLine)
            return index - 1, len(previous.text)
        end = _SENTENCE_END.search(item.text)
        if end:
            return index, end.end()
        if item.text.rstrip().endswith(":"):
            return index, len(item.text)
    return None


def _body_end(items: Sequence[TextLine | Table], body: float) -> int:
    """The index after the page's last body line (footnotes set small come after it)."""
    at = len(items)
    while at > 0:
        item = items[at - 1]
        if not isinstance(item, TextLine) or _is_body(item, body):
            break
        at -= 1
    return at


def _carry_over(layouts: list[PageLayout], body: float) -> list[PageLayout]:
    """Finish sentences cut by a page break on the page where they start."""
    for index in range(len(layouts) - 1):
        page, nxt = layouts[index], layouts[index + 1]
        if not page.items or not nxt.items:
            continue
        items = list(page.items)
        at = _body_end(items, body)
        tail = items[at - 1] if at > 0 else None
        first = nxt.items[0]
        if not (
            isinstance(tail, TextLine)
            and isinstance(first, TextLine)
            and _is_body(tail, body)
            and _unfinished(tail)
        ):
            continue
        widths = [i.x1 - i.x0 for i in items if isinstance(i, TextLine) and _is_body(i, body)]
        full = not page.positioned or tail.x1 - tail.x0 >= FULL_LINE * max(widths)
        if not _starts_continuation(tail, first, full):
            continue
        head = _sentence_head(nxt.items, body)
        if head is None:
            continue
        line_index, cut = head
        moved: list[TextLine | Table] = list(nxt.items[:line_index])
        last = nxt.items[line_index]
        assert isinstance(last, TextLine)
        moved.append(replace(last, text=last.text[:cut].rstrip()))
        rest = last.text[cut:].strip()
        remaining = ([replace(last, text=rest)] if rest else []) + list(nxt.items[line_index + 1 :])
        layouts[index] = replace(page, items=tuple(items[:at] + moved + items[at:]))
        layouts[index + 1] = replace(nxt, items=tuple(remaining))
    return layouts


def _render(items: Sequence[TextLine | Table], body: float) -> str:
    """Page text: a line per text line; blank lines around tables and headings (set larger
    than the body text), so that cleaning never joins them with the text around them."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Table):
            for row in render_table(item):
                out.extend(("", row))
            out.append("")
        elif body and item.size > HEADING_SIZE * body:
            out.extend(("", item.text, ""))
        else:
            out.append(item.text)
    return "\n".join(out).strip("\n").replace("\n\n\n", "\n\n")


def page_texts(layouts: Sequence[PageLayout]) -> list[str]:
    """The text of every page, running headers, footers and page numbers removed and
    sentences cut by page breaks finished on their first page."""
    running = _running_lines(layouts)
    kept = [
        replace(
            layout,
            items=tuple(item for i, item in enumerate(layout.items) if (index, i) not in running),
        )
        for index, layout in enumerate(layouts)
    ]
    body = _body_size(kept)
    carried = _carry_over(kept, body)
    return [_render(layout.items, body) for layout in carried]
