"""Tables in PDF pages: find them in the page geometry, and turn their cells into figures.

Two stages live here, both small and pure:

``find_tables(lines, rules) -> list[Table]`` (called by ``pipeline.pdf`` for each page)
    The page arrives as physical lines of *segments* (runs of text between wide gaps, see
    ``pipeline.pdf``) plus the y positions of horizontal ruling lines. A *row line* has a text
    label followed by at least one short numeric or placeholder cell ("12.0", "1,511", "-",
    "n/a") set in about the label's size; two or more row lines whose value cells line up are
    a table. Value columns are the clusters of the numeric cells' x-ranges; header lines are
    the lines just above the first row whose short segments sit over the value columns;
    lines with only label text between rows are a wrapped label, given to the row in the same
    ruled band (or, without rules, to the nearer neighbour). Nothing here costs more than a
    pass over the page's lines, so every page can be checked; ``looks_like_table`` is the
    cheaper pre-check ``pipeline.pdf`` calls first.

``table_metrics(pages, ...) -> list[Metric]`` (called by ``pipeline.run.extract_document``)
    ``pipeline.pdf`` writes each table into the page text as one line per row, cells
    separated by ``" | "``, the header row led by ``TABLE_HEADER_MARK`` and every other row by
    ``TABLE_ROW_MARK`` (each followed by one space). This stage reads those lines back from
    the *cleaned* page text, so every offset it emits points into ``Page.text``:

    - the row's first cell is the measure (named with ``patterns/metrics.yaml`` like a
      sentence's figure, else a descriptive key);
    - a column whose header is a period ("2021-22") gives the figure's period; a column whose
      header is a comparator ("London average", "England average", "national average",
      "Target") gives ``comparator_scope``/``comparator_value`` on the council's value row of
      the latest period; a header naming a council gives the figure to that council;
    - tables with periods down the first column and measures across are read transposed;
    - the quote is the row (without its mark), ``char_start``/``char_end`` the cell.

The sentence extractor must not read these lines a second time: ``is_table_row`` says
whether an offset of a page text lies on one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from pipeline.gazetteer import Council, Gazetteer
from pipeline.periods import find_periods
from pipeline.quantities import parse_quantities
from pipeline.records import Metric, Page, PeriodMention, Quantity
from pipeline.taxonomy import FIGURE, Patterns

__all__ = [
    "TABLE_HEADER_MARK",
    "TABLE_MARKS",
    "TABLE_ROW_MARK",
    "Segment",
    "Table",
    "find_tables",
    "is_figure_cell",
    "is_table_row",
    "looks_like_table",
    "render_table",
    "table_from_cells",
    "table_metrics",
]

# --- the marks that tell table lines apart in page text -----------------------------------------
# U+25A4 and U+25A6 (square with horizontal / crosshatch fill): they read as "table" to a
# person looking at ``pages.text``, never occur in council prose, and survive
# ``pipeline.clean`` untouched (not a bullet, not a dash, not lower case).
TABLE_HEADER_MARK = "▤"
TABLE_ROW_MARK = "▦"
TABLE_MARKS = TABLE_HEADER_MARK + TABLE_ROW_MARK
CELL_SEPARATOR = " | "

# --- geometry thresholds (PDF points; "em" is the font size of the text concerned) -------------
_MAX_VALUE_CHARS = 20  # a value cell is short: "1,511", "24.0%", "£1.2m", "n/a"
_MAX_HEADER_CHARS = 60  # a header cell is short; a caption is not
_MAX_PROSE_CELL_CHARS = 150  # a cell longer than this is prose: the table is page layout
_MAX_EXTRA_LABEL_CHARS = 40  # a second label column ("Theme") is short; prose beside a table is not
_SIZE_RATIO = 1.3  # value cells are set in about the label's size (big infographic numbers are not)
_ROW_GAP_LINES = 3.2  # consecutive rows of one table are at most this many line heights apart
_HEADER_GAP_LINES = 2.2  # header lines sit at most this many line heights above the next line
_MAX_HEADER_LINES = 3
_MAX_TRAILING_LINES = 3  # wrapped label lines after the last row
_COLUMN_SLACK = 0.5  # em added to each side of a column when matching cells to it
_MAX_COLUMNS = 14

_NUMBER_CELL = regex.compile(
    r"""^(?:[<>≤≥~]\s?)?             # "<5", "~40"
        [-+−–]?\s?£?\s?               # sign, pounds
        \d{1,3}(?:,\d{3})*(?:\.\d+)?  # 1,511  12.0  450.2
        (?:\d+(?:\.\d+)?)?            # 6419 (no thousands separator)
        \s?(?:%|pp|k|m|bn|p)?         # unit suffix
        (?:\s?\([a-z]\))?$            # a note letter "(r)"
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
# Cells that stand for a missing value in official tables: dash, n/a, "*", "..", "c"
# (confidential), "x", "s"/"z" (ONS suppression codes), "[c]", "-" variants.
_PLACEHOLDER_CELL = regex.compile(
    r"^(?:[-–—]|n/?a|N/?A|\*+|\.\.|:|x|c|s|z|\[[a-z]\]|nil|none|tbc|TBC|not available)$"
)
# A contents page's dot leaders ("Safeguarding ........ 21"): numbers after them are pages.
_DOT_LEADERS = regex.compile(r"(?:\.\s?){4,}\s*$|…\s*$")


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of one physical line between wide gaps (a cell, or a column's line).

    Coordinates are PDF points with y growing upwards: ``top > bottom``.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float


@dataclass(frozen=True, slots=True)
class Table:
    """A table found on a page: its cells as text, and the segments it was made of."""

    header: tuple[str, ...]  # one cell per column, the label column first; () when none
    rows: tuple[tuple[str, ...], ...]  # the same number of cells as ``header`` (when present)
    x0: float
    x1: float
    top: float
    bottom: float
    members: frozenset[tuple[int, int]]  # (line index, segment index) of every segment used


# ================================================================================================
# Geometry: segments -> tables
# ================================================================================================


def _is_value(text: str) -> bool:
    return len(text) <= _MAX_VALUE_CHARS and bool(
        _NUMBER_CELL.match(text) or _PLACEHOLDER_CELL.match(text)
    )


def _is_number(text: str) -> bool:
    return len(text) <= _MAX_VALUE_CHARS and bool(_NUMBER_CELL.match(text))


def is_figure_cell(text: str) -> bool:
    """Whether a table cell holds a number ("1,511", "24.0%", "£1.2m"), not a header.

    >>> is_figure_cell("24.0%"), is_figure_cell("2023-24"), is_figure_cell("England average")
    (True, False, False)
    """
    return _is_number(text) and find_periods(text) == []


@dataclass(frozen=True, slots=True)
class _RowLine:
    """A physical line that reads as a table row: label segments, then value segments."""

    line: int
    label: tuple[int, ...]  # segment indexes
    values: tuple[int, ...]  # segment indexes (numbers, placeholders, short text)


@dataclass(frozen=True, slots=True)
class _Grid:
    """A table's columns across the page: where its labels start, where its values stand."""

    left: float  # x where the label column starts
    columns: tuple[tuple[float, float], ...]  # value columns, left to right

    def holds(self, seg: Segment) -> bool:
        """The segment lies within the table's width (not prose beside it)."""
        return seg.x1 > self.left - seg.size and seg.x0 < self.columns[-1][1] + 2 * seg.size


def _row_line(index: int, line: Sequence[Segment]) -> _RowLine | None:
    """The line as a table row, or None: a text label, then numeric cells in the label's size.

    A line of numbers alone is a row without a label (the label wraps over several lines
    and the numbers are centred against it); a table needs at least one labelled row.
    """
    first_value = next((i for i, s in enumerate(line) if _is_number(s.text)), None)
    if first_value is None:
        return None
    label_end = first_value
    while label_end > 0 and _is_value(line[label_end - 1].text):
        label_end -= 1  # placeholder cells before the first number ("- | 12")
    if label_end > 0 and _DOT_LEADERS.search(line[label_end - 1].text):
        return None  # a line of a table of contents
    label: list[int] = []
    if label_end > 0:
        label = [label_end - 1]
        while label[0] > 0 and len(line[label[0] - 1].text) <= _MAX_EXTRA_LABEL_CHARS:
            label.insert(0, label[0] - 1)
    size = line[label[-1]].size if label else line[first_value].size
    values: list[int] = []
    for i in range(label_end, len(line)):
        seg = line[i]
        if not (_is_value(seg.text) or len(seg.text) <= _MAX_VALUE_CHARS):
            break  # prose beside the table (the next column of the page)
        if not (size / _SIZE_RATIO <= seg.size <= size * _SIZE_RATIO):
            return None
        values.append(i)
    if not label and len(values) < 2:
        return None  # a number alone on a line is not a row
    return _RowLine(index, tuple(label), tuple(values))


def looks_like_table(lines: Sequence[Sequence[Segment]]) -> bool:
    """Cheap pre-check: at least two lines with a label and a numeric cell after a wide gap."""
    hits = 0
    for line in lines:
        if len(line) >= 2 and any(_is_number(s.text) for s in line[1:]):
            hits += 1
            if hits >= 2:
                return True
    return False


def _line_height(lines: Sequence[Sequence[Segment]], row: _RowLine) -> float:
    return max(s.size for s in lines[row.line]) * 1.2


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return a0 < b1 and b0 < a1


def _columns(lines: Sequence[Sequence[Segment]], rows: Sequence[_RowLine]) -> list[list[float]]:
    """Value columns as [x0, x1] intervals, from the numeric cells of the rows."""
    spans = sorted(
        (lines[r.line][i].x0, lines[r.line][i].x1, lines[r.line][i].size)
        for r in rows
        for i in r.values
        if _is_number(lines[r.line][i].text)
    )
    columns: list[list[float]] = []
    for x0, x1, size in spans:
        if columns and x0 <= columns[-1][1] + 0.3 * size:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return columns


def _column_of(seg: Segment, columns: Sequence[Sequence[float]]) -> int | None:
    """The value column a segment sits in (most overlap, else nearest centre within slack)."""
    slack = _COLUMN_SLACK * seg.size
    best: tuple[float, int] | None = None
    for index, (c0, c1) in enumerate(columns):
        overlap = min(seg.x1, c1 + slack) - max(seg.x0, c0 - slack)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, index)
    return best[1] if best else None


def _blocks(lines: Sequence[Sequence[Segment]], rows: Sequence[_RowLine]) -> list[list[_RowLine]]:
    """Row lines grouped into tables: close together, with value cells that line up."""
    blocks: list[list[_RowLine]] = []
    for row in rows:
        if blocks:
            prev = blocks[-1][-1]
            gap = lines[prev.line][0].baseline - lines[row.line][0].baseline
            cols = _columns(lines, blocks[-1])
            aligned = any(_column_of(lines[row.line][i], cols) is not None for i in row.values)
            if 0 < gap <= _ROW_GAP_LINES * _line_height(lines, prev) and aligned:
                blocks[-1].append(row)
                continue
        blocks.append([row])
    return blocks


def _band(y: float, rules: Sequence[float]) -> int:
    """How many ruling lines lie above ``y``."""
    return sum(1 for r in rules if r > y)


def _only_label(line: Sequence[Segment], grid: _Grid) -> bool:
    """All of the line lies in the label column (a wrapped label)."""
    first = grid.columns[0][0]
    return all(grid.left - s.size <= s.x0 and s.x1 <= first + 0.2 * s.size for s in line)


def _header_lines(
    lines: Sequence[Sequence[Segment]], first: _RowLine, grid: _Grid, stop: int
) -> list[int]:
    """Lines just above the first row: header lines, whose short segments stand over the
    value columns (and the label column's header beside them), and below them the first
    row's wrapped label, set closer than a line apart (centred against its numbers)."""
    found: list[int] = []
    below = first.line
    seen_header = False
    for index in range(first.line - 1, max(stop, first.line - 1 - _MAX_HEADER_LINES), -1):
        line = [s for s in lines[index] if grid.holds(s)]
        if not line:
            break
        size = max(s.size for s in line)
        gap = line[0].baseline - lines[below][0].baseline
        if gap > _HEADER_GAP_LINES * size * 1.2:
            break
        if any(len(s.text) > _MAX_HEADER_CHARS for s in line):
            break  # a caption or prose
        if _only_label(line, grid):
            if seen_header or gap > 1.0 * size:
                break  # a caption or a heading above the table
        elif any(_column_of(s, grid.columns) is not None for s in line):
            seen_header = True
        else:
            break
        found.append(index)
        below = index
    return sorted(found)


def _clean_cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def find_tables(lines: Sequence[Sequence[Segment]], rules: Sequence[float] = ()) -> list[Table]:
    """The tables among a page's physical lines (top to bottom, segments left to right).

    ``rules`` are the y positions of horizontal ruling lines on the page.

    >>> def seg(text, x0, y, size=10.0):
    ...     return Segment(text, x0, x0 + 5 * len(text), y + size, y, y, size)
    >>> page = [
    ...     [seg("Measure", 30, 700), seg("2021-22", 300, 700), seg("London average", 400, 700)],
    ...     [seg("Turnover (%)", 30, 686), seg("12.0", 320, 686), seg("24.0", 440, 686)],
    ...     [seg("Vacancies (%)", 30, 672), seg("8.1", 325, 672), seg("-", 450, 672)],
    ... ]
    >>> [(t.header, t.rows) for t in find_tables(page)]
    [(('Measure', '2021-22', 'London average'), (('Turnover (%)', '12.0', '24.0'), ('Vacancies (%)', '8.1', '-')))]
    """
    rows = [r for i, line in enumerate(lines) if (r := _row_line(i, line)) is not None]
    tables: list[Table] = []
    stop = -1  # lines at or above this index belong to an earlier table
    for block in _blocks(lines, rows):
        if not any(r.label for r in block):
            continue
        table = _table(lines, block, rules, stop)
        if table is not None:
            tables.append(table)
            stop = max(line for line, _ in table.members)
    return tables


def _table(
    lines: Sequence[Sequence[Segment]],
    block: Sequence[_RowLine],
    all_rules: Sequence[float],
    stop: int,
) -> Table | None:
    columns = _columns(lines, block)
    if not columns or len(columns) > _MAX_COLUMNS:
        return None
    left = min(lines[r.line][r.label[0]].x0 for r in block if r.label)
    grid = _Grid(left, tuple((c[0], c[1]) for c in columns))
    first, last = block[0], block[-1]
    lh = _line_height(lines, first)
    top_y = lines[first.line][0].top + _HEADER_GAP_LINES * lh * _MAX_HEADER_LINES
    bottom_y = lines[last.line][0].bottom - _MAX_TRAILING_LINES * lh
    rules = sorted((r for r in all_rules if bottom_y <= r <= top_y), reverse=True)
    above = _header_lines(lines, first, grid, stop)
    # label-only lines below the last true header line are the first row's wrapped label
    cut = max(
        (i for i in above if not _only_label([s for s in lines[i] if grid.holds(s)], grid)),
        default=-1,
    )
    header = [i for i in above if i <= cut]
    lead = [i for i in above if i > cut]
    if len(block) < 2 and not header:
        return None
    row_of = {r.line: n for n, r in enumerate(block)}
    assigned: dict[int, int] = {}
    for index in [*lead, *_wrapped_lines(lines, block, grid, rules, row_of)]:
        assigned[index] = _attach(lines, index, row_of, assigned, rules, header)
    members: set[tuple[int, int]] = set()
    cells: list[list[list[str]]] = [[[] for _ in range(len(columns) + 1)] for _ in block]
    for index in sorted(set(row_of) | set(assigned)):
        row = block[row_of[index]] if index in row_of else None
        n = row_of[index] if row is not None else assigned[index]
        line = lines[index]
        for i in (row.label + row.values) if row is not None else range(len(line)):
            seg = line[i]
            if row is None and not grid.holds(seg):
                continue
            in_label = (row is not None and i in row.label) or _only_label([seg], grid)
            cells[n][0 if in_label else _nearest_column(seg, grid) + 1].append(seg.text)
            members.add((index, i))
    head: tuple[str, ...] = ()
    if header:
        parts: list[list[str]] = [[] for _ in range(len(columns) + 1)]
        for index in header:
            for i, seg in enumerate(lines[index]):
                if grid.holds(seg):
                    members.add((index, i))
                    for col in _header_columns(seg, grid):
                        parts[col].append(seg.text)
        head = tuple(_clean_cell(" ".join(p)) for p in parts)
    body = tuple(tuple(_clean_cell(" ".join(c)) for c in row) for row in cells)
    used = [lines[li][si] for li, si in members]
    return Table(
        header=head,
        rows=body,
        x0=min(s.x0 for s in used),
        x1=max(s.x1 for s in used),
        top=max(s.top for s in used),
        bottom=min(s.bottom for s in used),
        members=frozenset(members),
    )


def _wrapped_lines(
    lines: Sequence[Sequence[Segment]],
    block: Sequence[_RowLine],
    grid: _Grid,
    rules: Sequence[float],
    row_of: dict[int, int],
) -> list[int]:
    """Label-only lines between the rows, and a few close after the last row."""
    first, last = block[0], block[-1]
    lh = _line_height(lines, last)
    found: list[int] = []
    for index in range(first.line + 1, min(len(lines), last.line + 1 + _MAX_TRAILING_LINES)):
        if index in row_of:
            continue
        inside = [s for s in lines[index] if grid.holds(s)]
        if index > last.line:
            gap = lines[index - 1][0].bottom - lines[index][0].top
            if gap > 0.6 * lh or (rules and lines[index][0].top < min(rules)):
                break
        if not inside or not _only_label(inside, grid):
            if index > last.line:
                break
            continue  # something inside the table's span that is not part of it: left as text
        found.append(index)
    return found


def _nearest_column(seg: Segment, grid: _Grid) -> int:
    found = _column_of(seg, grid.columns)
    if found is not None:
        return found
    centre = (seg.x0 + seg.x1) / 2
    columns = grid.columns
    return min(range(len(columns)), key=lambda c: abs((columns[c][0] + columns[c][1]) / 2 - centre))


def _header_columns(seg: Segment, grid: _Grid) -> list[int]:
    """The cells (0 = label column) a header segment heads; a wide one heads a group."""
    if _only_label([seg], grid):
        return [0]
    columns = grid.columns
    spanned = [
        c + 1
        for c, (c0, c1) in enumerate(columns)
        if _overlaps(seg.x0, seg.x1, c0 - seg.size, c1 + seg.size)
    ]
    widest = max((columns[c - 1][1] - columns[c - 1][0] for c in spanned), default=0.0)
    if len(spanned) > 1 and seg.x1 - seg.x0 > 1.5 * widest + 2 * seg.size:
        return spanned  # "Barking and Dagenham" over its "2021-22" and "2022-23" columns
    return [_nearest_column(seg, grid) + 1]


def _attach(
    lines: Sequence[Sequence[Segment]],
    index: int,
    row_of: dict[int, int],
    assigned: dict[int, int],
    rules: Sequence[float],
    header: Sequence[int],
) -> int:
    """The row a wrapped label line belongs to: the only row in its ruled band, else the
    neighbour line nearer to it (the one above on a tie, as labels wrap downwards)."""

    def middle(i: int) -> float:
        return (lines[i][0].top + lines[i][0].bottom) / 2

    if rules:
        band = _band(middle(index), rules)
        same = [n for i, n in row_of.items() if _band(middle(i), rules) == band]
        if len(same) == 1:
            return same[0]
    above = index - 1
    below = next((i for i in range(index + 1, len(lines)) if i in row_of), None)
    above_row = None if above < 0 or above in header else row_of.get(above, assigned.get(above))
    gap_above = lines[above][0].bottom - lines[index][0].top if above >= 0 else float("inf")
    gap_below = (
        lines[index][0].bottom - lines[index + 1][0].top if index + 1 < len(lines) else float("inf")
    )
    if above_row is not None and (
        below is None or gap_above <= gap_below + 0.5 * lines[index][0].size
    ):
        return above_row
    if below is not None:
        return row_of[below]
    return above_row if above_row is not None else 0


def render_table(table: Table) -> list[str]:
    """The table as page-text lines: the header row, then one line per row.

    >>> render_table(Table(("Measure", "2022-23"), (("Turnover", "8.5%"),), 0, 1, 1, 0, frozenset()))
    ['▤ Measure | 2022-23', '▦ Turnover | 8.5%']
    """
    out = []
    if table.header:
        out.append(f"{TABLE_HEADER_MARK} {CELL_SEPARATOR.join(table.header)}")
    out.extend(f"{TABLE_ROW_MARK} {CELL_SEPARATOR.join(row)}" for row in table.rows)
    return out


def table_from_cells(cells: Sequence[Sequence[str]], headed: bool = False) -> Table | None:
    """A table given as its cells (an HTML or DOCX table), or None when it does not hold
    data: fewer than two rows with a label and a number, or a cell of prose (a table used
    for page layout). The first row is the header when the file marks it (``headed``) or
    when no cell after its first holds a figure ("2022-23", "England average").

    >>> t = table_from_cells([["", "2022-23"], ["Turnover (%)", "8.5"], ["Vacancies (%)", "7"]])
    >>> render_table(t)
    ['▤  | 2022-23', '▦ Turnover (%) | 8.5', '▦ Vacancies (%) | 7']
    >>> table_from_cells([["Our approach", "We listen to residents and act on it."]]) is None
    True
    """
    rows = [tuple(_clean_cell(c) for c in row) for row in cells]
    rows = [row for row in rows if any(row)]
    if any(len(c) > _MAX_PROSE_CELL_CHARS for row in rows for c in row):
        return None
    if rows and not headed:
        headed = len(rows[0]) > 1 and not any(is_figure_cell(c) for c in rows[0][1:])
    header = rows[0] if headed and rows else ()
    body = rows[1:] if header else rows
    with_numbers = [r for r in body if len(r) >= 2 and r[0] and any(_is_number(c) for c in r[1:])]
    if len(with_numbers) < 2:
        return None
    width = max(len(r) for r in rows)
    padded = [row + ("",) * (width - len(row)) for row in rows]
    if header:
        return Table(padded[0], tuple(padded[1:]), 0, 0, 0, 0, frozenset())
    return Table((), tuple(padded), 0, 0, 0, 0, frozenset())


# ================================================================================================
# Page text -> metrics
# ================================================================================================


def is_table_row(text: str, offset: int) -> bool:
    """Whether ``offset`` in a page text lies on a table line (see ``TABLE_MARKS``).

    >>> text = "Turnover fell.\\n▦ Turnover | 8.5%"
    >>> is_table_row(text, 3), is_table_row(text, text.index("8.5"))
    (False, True)
    """
    start = text.rfind("\n", 0, offset) + 1
    return text[start : start + 1] in TABLE_MARKS and text[start : start + 1] != ""


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    start: int  # offset in the page text
    end: int


@dataclass(frozen=True, slots=True)
class _TextTable:
    header: tuple[str, ...]
    rows: tuple[tuple[int, int, tuple[_Cell, ...]], ...]  # (quote start, quote end, cells)


def _cells(text: str, start: int, end: int) -> tuple[_Cell, ...]:
    cells = []
    pos = start
    while pos <= end:
        bar = text.find("|", pos, end)
        stop = end if bar < 0 else bar
        raw = text[pos:stop]
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        cells.append(_Cell(cell, pos + lead, pos + lead + len(cell)))
        if bar < 0:
            break
        pos = bar + 1
    return tuple(cells)


def _text_tables(text: str) -> Iterator[_TextTable]:
    """Tables as written by ``render_table``, read back from a (cleaned) page text."""
    header: tuple[str, ...] = ()
    rows: list[tuple[int, int, tuple[_Cell, ...]]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        mark = line[:1]
        if mark not in TABLE_MARKS or not mark:
            if rows or header:
                yield _TextTable(header, tuple(rows))
            header, rows = (), []
            continue
        body_start = start + 1 + (len(line[1:]) - len(line[1:].lstrip()))
        cells = _cells(text, body_start, start + len(line))
        if mark == TABLE_HEADER_MARK:
            if rows or header:
                yield _TextTable(header, tuple(rows))
            header, rows = tuple(c.text for c in cells), []
        else:
            rows.append((body_start, start + len(line), cells))
    if rows or header:
        yield _TextTable(header, tuple(rows))


# What a column header says about its column.
_SKIP_COLUMN = regex.compile(
    r"\b(?:change|difference|diff|trend|direction|travel|rag|status|quartile|rank(?:ing)?|variance|movement|dot)\b",
    regex.IGNORECASE,
)
_AVERAGE = regex.compile(
    r"\b(?:average|avg|mean|median|benchmark|comparator|neighbours?|target|ambition)\b",
    regex.IGNORECASE,
)
_PER_100K = regex.compile(r"\bper\s+100,?000\b|\bper\s+100k\b", regex.IGNORECASE)
_PERCENT = regex.compile(
    r"%|\bper\s?cent\b|\bpercentage\b|\bproportion\b|\bshare\b", regex.IGNORECASE
)
_RATE = regex.compile(r"\brate\b", regex.IGNORECASE)
_GBP = regex.compile(r"£|\bgbp\b", regex.IGNORECASE)
_DURATION = regex.compile(
    r"\((?P<u>days|weeks|months|hours|minutes|years)\)|\bin\s+(?P<u>days|weeks|months)\b",
    regex.IGNORECASE,
)
_KEY_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "for",
        "to",
        "and",
        "or",
        "per",
        "who",
        "with",
        "by",
        "on",
        "at",
        "as",
        "from",
        "number",
        "no",
        "total",
        "percent",
        "per_cent",
        "proportion",
        "percentage",
        "rate",
    ]
)


@dataclass(frozen=True, slots=True)
class _Column:
    role: str  # value, comparator, skip
    period: PeriodMention | None
    scope: str | None  # comparator scope
    council: Council | None


def _column(header: str, patterns: Patterns, gazetteer: Gazetteer) -> _Column:
    periods = find_periods(header)
    period = periods[0] if periods else None
    if not header or _SKIP_COLUMN.search(header):
        return _Column("skip" if header else "value", None, None, None)
    named = [m for m in gazetteer.find(header) if m.code != "E92000001"]
    if named:
        return _Column("value", period, None, gazetteer.by_code(named[0].code))
    scope = next((s for s, p in patterns.comparators.scope_words if p.search(header)), None)
    if scope is None and _AVERAGE.search(header):
        scope = "national"
    if scope is not None:
        return _Column("comparator", period, scope, None)
    return _Column("value", period, None, None)


def _unit(q: Quantity, label: str, header: str) -> str:
    if q.unit is not None:
        return q.unit
    if _PER_100K.search(label) or _PER_100K.search(header):
        return "per_100k"
    if _PERCENT.search(label) or _PERCENT.search(header):
        return "percent"
    if _GBP.search(label) or _GBP.search(header):
        return "gbp"
    duration = _DURATION.search(label) or _DURATION.search(header)
    if duration:
        return str(duration.group("u")).lower()
    if _RATE.search(label) and 0 <= q.value <= 100:
        return "percent"
    return "count"


def _quantity(cell: _Cell) -> Quantity | None:
    """The one figure of a value cell, or None for blanks, placeholders and mixed cells."""
    if not cell.text or _PLACEHOLDER_CELL.match(cell.text):
        return None
    found = parse_quantities(cell.text)
    if len(found) != 1:
        return None
    return found[0]


_KEY_WORDS = regex.compile(r"[a-z0-9]+")


def _key(label: str) -> str:
    """A descriptive snake_case key from a measure's words.

    >>> _key("Carers' assessments completed (number)")
    'carers_assessments_completed'
    """
    words = [w for w in _KEY_WORDS.findall(label.lower().replace("'", "")) if w]
    kept = [w for w in words if w not in _KEY_STOP][:6]
    return "_".join(kept) or "table_value"


def _name(label: str, unit: str, patterns: Patterns) -> tuple[str, str, str]:
    """(family, metric key, unit) for a measure, from the taxonomy when a phrase fits."""
    for clause in (f"{label} {FIGURE}", f"{FIGURE} {label}"):
        match = patterns.classify(clause, unit)
        if match is not None:
            units = match.metric.units
            if unit not in units and unit == "count" and units:
                unit = units[0]
            return match.metric.family, match.metric.key, unit
    return patterns.family_of(label) or "other", _key(label), unit


def _latest(columns: Sequence[tuple[int, _Column]]) -> int | None:
    """The value column of the latest period (the last one when periods are not known)."""
    if not columns:
        return None
    dated = [(c.period.end_date, i) for i, c in columns if c.period and c.period.end_date]
    if dated:
        return max(dated)[1]
    return columns[-1][0]


def _is_period_cell(text: str) -> PeriodMention | None:
    periods = find_periods(text)
    if len(periods) == 1 and periods[0].end - periods[0].start >= len(text.strip()) - 3:
        return periods[0]
    return None


def table_metrics(
    pages: Sequence[Page],
    doc_id: str,
    source: str,
    council: Council | None,
    patterns: Patterns,
    gazetteer: Gazetteer,
) -> list[Metric]:
    """A figure for each numeric cell of every table written into the pages' text.

    ``council`` is the document's subject: the figures are its own unless a column header
    names another council.
    """
    out: list[Metric] = []
    previous_header: tuple[str, ...] = ()
    for page in pages:
        if TABLE_ROW_MARK not in page.text:
            continue
        for table in _text_tables(page.text):
            header = table.header
            width = len(table.rows[0][2]) if table.rows else 0
            if not header and len(previous_header) == width:
                header = previous_header  # a table continued from the page before
            previous_header = header or previous_header
            out.extend(
                _table_rows(page, table, header, doc_id, source, council, patterns, gazetteer)
            )
    return out


def _table_rows(
    page: Page,
    table: _TextTable,
    header: tuple[str, ...],
    doc_id: str,
    source: str,
    council: Council | None,
    patterns: Patterns,
    gazetteer: Gazetteer,
) -> Iterator[Metric]:
    width = max((len(cells) for _, _, cells in table.rows), default=0)
    heads = list(header[:width]) + [""] * (width - len(header))
    columns = [_column(h, patterns, gazetteer) for h in heads]
    labels = [cells[0].text for _, _, cells in table.rows if cells]
    transposed = sum(1 for label in labels if _is_period_cell(label)) >= max(
        2, len(labels) // 2
    ) and not any(c.period for c in columns[1:])
    for quote_start, quote_end, cells in table.rows:
        if len(cells) < 2:
            continue
        quote = page.text[quote_start:quote_end]
        row_period = _is_period_cell(cells[0].text) if transposed else None
        values = [
            (i, columns[i])
            for i in range(1, len(cells))
            if i < len(columns) and columns[i].role == "value"
        ]
        comparators = [
            (i, columns[i])
            for i in range(1, len(cells))
            if i < len(columns) and columns[i].role == "comparator"
        ]
        latest = _latest(values)
        for i, column in values:
            q = _quantity(cells[i])
            if q is None:
                continue
            label = heads[i] if transposed else cells[0].text
            period = row_period if transposed else column.period
            unit = _unit(q, label, heads[i] if not transposed else "")
            family, key, unit = _name(label, unit, patterns)
            comparator = _comparator(cells, comparators, column, i == latest, transposed)
            owner = column.council or council
            yield Metric(
                doc_id=doc_id,
                source=source,
                council=owner.name if owner else None,
                council_code=owner.code if owner else None,
                family=family,
                metric=key,
                label=label,
                value=float(q.value),
                value_text=q.text,
                unit=unit,
                qualifier=q.qualifier,
                period=period.label if period else None,
                period_start=_date(period, "start"),
                period_end=_date(period, "end"),
                comparator_scope=comparator[0] if comparator else None,
                comparator_value=comparator[1] if comparator else None,
                comparator_period=comparator[2] if comparator else None,
                page=page.number,
                char_start=cells[i].start + q.start,
                char_end=cells[i].start + q.end,
                quote=quote,
                quote_start=quote_start,
                quote_end=quote_end,
                pattern="table",
            )


def _date(period: PeriodMention | None, which: str) -> dt.date | None:
    if period is None:
        return None
    return period.start_date if which == "start" else period.end_date


def _comparator(
    cells: Sequence[_Cell],
    comparators: Sequence[tuple[int, _Column]],
    column: _Column,
    is_latest: bool,
    transposed: bool,
) -> tuple[str, float | None, str | None] | None:
    """(scope, value, period) of the comparator that goes on this value cell's row."""
    for i, comp in comparators:
        if comp.period is not None and column.period is not None:
            if comp.period.label != column.period.label:
                continue  # "London average 2021-22" goes with the 2021-22 value only
        elif not (is_latest or transposed):
            continue
        q = _quantity(cells[i]) if i < len(cells) else None
        if q is None:
            continue
        assert comp.scope is not None
        return comp.scope, float(q.value), comp.period.label if comp.period else None
    return None
