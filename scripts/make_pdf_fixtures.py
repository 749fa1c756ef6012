"""Write the PDF fixtures that ``pipeline/pdf.py`` and ``pipeline/tables.py`` are tested on.

Each fixture covers one layout case of real self-assessments; the text is written by the
council-metrics team and its figures are invented for the test (they are not any council's):

- ``one_column``: running header and footer ("Page N of M"), superscript footnote marks
  glued to words and figures ("8.5%¹", "2023-24²"), ligature characters (when DejaVu Sans is
  installed), footnote texts set small at the foot of the last page;
- ``two_columns``: a full-width title and introduction, then two columns written into the
  file right column first (so pdfium's content order is wrong), a sentence that runs from the
  bottom of the left column to the top of the right one, and a full-width table between
  two-column sections;
- ``tables``: a ruled table with period and "London average" columns and labels that wrap
  over two lines (numbers centred against them), an unruled table with an "England average"
  column, a table with the years down the first column, and a table that breaks across a page
  without repeating its header;
- ``page_break``: a sentence with figures that starts at the foot of page 1 and ends on page 2;
- ``image_only``: a text page, a scanned (image-only) page, a text page;
- ``scanned``: two image-only pages;
- ``long``: ``--pages`` pages (400 by default) cycling through prose, two-column, table and
  page-break pages, the figures varying with the page (``long_expected_rows`` lists the figures
  of the table on every fourth page).

Expected results live beside the tests: ``tests/fixtures/pdf/<name>.txt`` (page text after
``pipeline.ingest``) and ``tests/fixtures/pdf/expected_rows.csv`` (figures the whole pipeline
must extract). The PDFs themselves are not committed: tests write them into temporary folders.

Usage::

    python scripts/make_pdf_fixtures.py --out DIR [--pages 400] [NAME ...]
    python scripts/make_pdf_fixtures.py --golden tests/fixtures/pdf   # rewrite the golden texts
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from fpdf import FPDF

REPO: Final = Path(__file__).resolve().parent.parent
CREATED: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
DEJAVU: Final = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# A4 in points; every size is in points.
PAGE_W: Final = 595.28
PAGE_H: Final = 841.89
LEFT: Final = 56.0
RIGHT: Final = 56.0
TOP: Final = 80.0
BOTTOM: Final = PAGE_H - 70.0
TEXT_W: Final = PAGE_W - LEFT - RIGHT
GUTTER: Final = 18.0
COL_W: Final = (TEXT_W - GUTTER) / 2
BODY: Final = 10.5
LEADING: Final = 1.4
MARK_SIZE: Final = 6.5  # footnote marks: small and raised
MARK_RISE: Final = 3.5

MARK: Final = re.compile(r"\^\{([^}]*)\}")  # "8.5%^{1}": a footnote mark glued to "8.5%"


class _Pdf(FPDF):
    """FPDF with a running header and a "Page N" (or "Page N of M") footer."""

    def __init__(self, running_header: str | None, total_pages: int | None) -> None:
        super().__init__(unit="pt", format="A4")
        self.running_header = running_header
        self.total_pages = total_pages
        self.plain_pages: set[int] = set()  # scanned pages: no header or footer
        self.set_creation_date(CREATED)
        self.set_auto_page_break(False)
        self.set_margins(LEFT, TOP, RIGHT)

    def header(self) -> None:
        if self.running_header and self.page_no() not in self.plain_pages:
            self.set_font("Helvetica", "", 8)
            self.set_text_color(90, 90, 90)
            self.text(LEFT, 40, self.running_header)
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        if self.running_header and self.page_no() not in self.plain_pages:
            self.set_font("Helvetica", "", 8)
            self.set_text_color(90, 90, 90)
            label = f"Page {self.page_no()}"
            if self.total_pages:
                label += f" of {self.total_pages}"
            self.text(PAGE_W - RIGHT - self.get_string_width(label), PAGE_H - 36, label)
            self.set_text_color(0, 0, 0)


class Doc:
    """A small layout engine: paragraphs with raised footnote marks, columns, tables."""

    def __init__(
        self, title: str, running_header: str | None = None, total_pages: int | None = None
    ) -> None:
        self.pdf = _Pdf(running_header, total_pages)
        self.pdf.set_title(title)
        self.y = TOP
        self.font = "Helvetica"
        if DEJAVU.exists():
            self.pdf.add_font("DejaVu", "", str(DEJAVU))

    # --- pages --------------------------------------------------------------------------------
    def page(self) -> None:
        self.pdf.add_page()
        self.y = TOP

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    # --- text ---------------------------------------------------------------------------------
    def heading(self, text: str, size: float = 14.0) -> None:
        self.pdf.set_font("Helvetica", "B", size)
        self.y += size * 0.6
        self.pdf.text(LEFT, self.y + size, text)
        self.y += size * LEADING + 4

    def para(
        self,
        text: str,
        x: float = LEFT,
        width: float = TEXT_W,
        size: float = BODY,
        font: str = "Helvetica",
        gap: float = 6.0,
    ) -> None:
        """A paragraph wrapped to ``width``; "^{1}" after a word is a raised footnote mark."""
        for line in self.wrap(text, width, size, font):
            self.line(line, x, size, font)
        self.y += gap

    def wrap(self, text: str, width: float, size: float, font: str = "Helvetica") -> list[str]:
        self.pdf.set_font(font, "", size)
        lines: list[str] = []
        current = ""
        for word in text.split():
            trial = f"{current} {word}" if current else word
            if current and self._width(trial, size, font) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        if current:
            lines.append(current)
        return lines

    def _width(self, text: str, size: float, font: str) -> float:
        total = 0.0
        for piece, is_mark in _pieces(text):
            self.pdf.set_font(font, "", MARK_SIZE if is_mark else size)
            total += self.pdf.get_string_width(piece)
        self.pdf.set_font(font, "", size)
        return total

    def line(self, text: str, x: float, size: float = BODY, font: str = "Helvetica") -> None:
        """One line at the current height: plain runs and raised marks."""
        baseline = self.y + size
        cursor = x
        for piece, is_mark in _pieces(text):
            self.pdf.set_font(font, "", MARK_SIZE if is_mark else size)
            self.pdf.text(cursor, baseline - (MARK_RISE if is_mark else 0), piece)
            cursor += self.pdf.get_string_width(piece)
        self.y += size * LEADING

    def lines(self, lines: Sequence[str], x: float = LEFT, size: float = BODY) -> None:
        for text in lines:
            self.line(text, x, size)

    def column(self, paragraphs: Sequence[str], x: float, top: float) -> float:
        """Paragraphs in a column starting at ``top``; returns the height reached."""
        self.y = top
        for text in paragraphs:
            self.para(text, x=x, width=COL_W)
        return self.y

    # --- tables -------------------------------------------------------------------------------
    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        ruled: bool = True,
        size: float = 9.5,
        auto_break: bool = False,
    ) -> None:
        pdf = self.pdf
        pdf.set_font("Helvetica", "", size)
        pdf.set_y(self.y)
        if auto_break:
            pdf.set_auto_page_break(True, margin=PAGE_H - BOTTOM)
        aligns = ("LEFT", *("RIGHT" for _ in widths[1:]))
        with pdf.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align="LEFT",
            text_align=aligns,
            borders_layout="ALL" if ruled else "NONE",
            line_height=size * 1.35,
            padding=3,
            repeat_headings=0,
        ) as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.set_auto_page_break(False)
        self.y = pdf.get_y() + 10

    # --- images -------------------------------------------------------------------------------
    def scanned_page(self, seed: int) -> None:
        """A page that is one grey image with text-like stripes, as a scanner makes it."""
        from PIL import Image, ImageDraw

        rng = random.Random(seed)
        image = Image.new("L", (620, 877), 250)
        draw = ImageDraw.Draw(image)
        for row in range(60, 820, 18):
            x = 60
            while x < 560:
                w = rng.randint(12, 60)
                draw.rectangle((x, row, min(x + w, 560), row + 8), fill=rng.randint(20, 80))
                x += w + rng.randint(5, 9)
        self._image_page(image)

    def scanned_text_page(self, lines: Sequence[str]) -> None:
        """A page that is one image of printed lines (at 200 dpi), for OCR to read."""
        from PIL import Image, ImageDraw, ImageFont

        width, height = round(PAGE_W / 72 * 200), round(PAGE_H / 72 * 200)
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        size = 36  # 13 pt at 200 dpi
        font = (
            ImageFont.truetype(str(DEJAVU), size)
            if DEJAVU.is_file()
            else ImageFont.load_default(size)
        )
        for row, line in enumerate(lines):
            draw.text((160, 220 + row * 2 * size), line, fill=0, font=font)
        self._image_page(image)

    def _image_page(self, image: Any) -> None:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        self.pdf.plain_pages.add(self.pdf.page_no() + 1)
        self.pdf.add_page()
        self.pdf.image(buffer, x=0, y=0, w=PAGE_W, h=PAGE_H)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Split "8.5%^{1} in" into [("8.5%", False), ("1", True), (" in", False)]."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in MARK.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


# ================================================================================================
# The fixtures
# ================================================================================================


def one_column() -> bytes:
    doc = Doc(
        "Hounslow adult social care self-assessment",
        "Hounslow Adult Social Care Self-Assessment 2024",
    )
    doc.page()
    doc.heading("1 Our workforce")
    doc.para(
        "Our workforce is stable and well supported. Staff turnover in adult social care was "
        "8.5%^{1} in 2023-24, below the national average of 24%. We have invested in training "
        "and in a career pathway for care workers, and agency use has fallen as a result."
    )
    doc.para(
        "The vacancy rate for social workers fell to 6.2% in 2023-24^{2}, and every newly "
        "qualified social worker completed the assessed and supported year in employment."
    )
    doc.heading("2 Working with people")
    doc.para(
        "We completed 2,310 carers' assessments^{3} in 2022-23. Carers tell us that the "
        "assessment is a conversation about what matters to them, not a form."
    )
    doc.para(
        "In 2022-23, 1,045 people received reablement^{4} after a stay in hospital, and most "
        "of them needed no further support once it ended."
    )
    if DEJAVU.exists():
        doc.para(
            "Our \ufb01nancial plan sets a budget of \u00a398.4 million for adult social care in "
            "2024-25, with \ufb02exible support for e\ufb00ective prevention.",
            font="DejaVu",
        )
    else:
        doc.para(
            "Our financial plan sets a budget of \u00a398.4 million for adult social care in "
            "2024-25, with flexible support for effective prevention."
        )
    doc.page()
    doc.heading("3 Safeguarding")
    doc.para(
        "In 2022-23, 1,511 safeguarding concerns^{5} were raised and 252 safeguarding enquiries "
        "were started. The risk was reduced or removed in 90% of enquiries."
    )
    doc.para(
        "At 31 March 2024, 412 people were waiting for an occupational therapy assessment^{6}, "
        "and we aim to halve this list by the end of the year."
    )
    doc.para(
        "In the 2022-23 survey of people who use services, 64.5%^{7} said they were extremely or "
        "very satisfied with their care and support."
    )
    doc.page()
    doc.heading("4 What we will do next")
    doc.para(
        "We will open a second reablement hub, extend our shared lives scheme and publish a "
        "new carers' strategy with carers who helped us write it."
    )
    doc.y = BOTTOM - 60
    notes = [
        "1 Skills for Care, adult social care workforce estimates.",
        "2 Council workforce data.",
        "3 Short and Long Term support return (SALT).",
        "4 Council reablement service data.",
        "5 Safeguarding Adults Collection.",
        "6 Occupational therapy waiting list.",
        "7 Adult Social Care Survey.",
    ]
    doc.lines(notes, size=7.0)
    return doc.output()


_TWO_COLUMN_LEFT = [
    "Kent is a large county with a growing older population. Around 31,000 people drew on "
    "long-term care and support from the council in 2022-23, most of them at home.",
    "Demand has risen faster than our budget. We received 42,600 contacts in 2022-23, and "
    "we resolved 61% of them at the first point of contact with advice or equipment.",
    "Waiting times have come down since we changed how referrals are triaged. At the end "
    "of March 2024 the number of people waiting for an occupational therapy assessment fell to",
]
_TWO_COLUMN_RIGHT = [
    "312 by March 2024, from more than 900 a year earlier. No one waits for an urgent assessment.",
    "Our reablement service supported 3,980 people in 2022-23. After 91 days, 84.1% of older "
    "people discharged from hospital into reablement were still at home.",
    "Carers are partners in care. We supported 9,750 unpaid carers in 2022-23, and 73% of "
    "carers who responded to our survey said they had as much social contact as they wanted.",
]


def two_columns() -> bytes:
    doc = Doc(
        "Kent adult social care self-assessment", "Kent County Council - Adult Social Care", 2
    )
    doc.page()
    doc.heading("Kent adult social care: our self-assessment", size=16)
    doc.para(
        "This self-assessment describes how Kent County Council meets its duties under the "
        "Care Act. Figures relate to the year stated beside them."
    )
    top = doc.y
    doc.column(_TWO_COLUMN_RIGHT, LEFT + COL_W + GUTTER, top)  # written first on purpose
    doc.column(_TWO_COLUMN_LEFT, LEFT, top)
    doc.page()
    doc.heading("Safeguarding and quality", size=14)
    top = doc.y
    left = [
        "We received 14,300 safeguarding concerns in 2022-23, and 3,150 of them led to an "
        "enquiry under section 42 of the Care Act.",
        "Most enquiries concerned neglect or acts of omission, and most took place in the "
        "person's own home.",
    ]
    right = [
        "Of the people asked, 92% said their desired outcomes were fully or partly achieved "
        "at the end of the enquiry.",
        "We share learning from safeguarding adults reviews with our partners every quarter.",
    ]
    bottom = max(doc.column(right, LEFT + COL_W + GUTTER, top), doc.column(left, LEFT, top))
    doc.y = bottom + 6
    doc.para("Table 1: Care home quality in Kent.", size=9.5)
    doc.table(
        [
            ("Measure", "2022-23", "England average"),
            ("Care homes rated good or outstanding (%)", "78.5", "76.2"),
            ("Permanent admissions to care homes per 100,000 (65+)", "566.1", "560.8"),
        ],
        (250, 90, 110),
    )
    top = doc.y
    left = [
        "We commission care from more than 500 providers, and we visit every care home at "
        "least once a year.",
    ]
    right = [
        "We paid providers a fee uplift of 9.2% in 2023-24 to meet the National Living Wage.",
    ]
    doc.column(right, LEFT + COL_W + GUTTER, top)
    doc.column(left, LEFT, top)
    return doc.output()


TABLE_A: Final = (
    ("Measure", "2021-22", "2022-23", "London average"),
    ("Staff turnover rate (%)", "12.0", "10.5", "24.0"),
    ("Social worker vacancy rate (%)", "9.8", "7.1", "11.4"),
    (
        "Proportion of people who use services who have control over their daily life (%)",
        "77.1",
        "76.9",
        "77.2",
    ),
    ("People waiting for a Care Act assessment", "640", "415", "-"),
    ("Permanent admissions to care homes per 100,000 (65+)", "450.2", "512.8", "538.5"),
)
TABLE_B: Final = (
    ("Indicator", "2022-23", "England average"),
    ("Overall satisfaction of people who use services (%)", "64.5", "64.4"),
    ("Carers' assessments completed", "2,310", "n/a"),
    ("Safeguarding enquiries where the risk was reduced or removed (%)", "90", "91"),
)
TABLE_C: Final = (
    ("Year", "Safeguarding concerns", "Safeguarding enquiries"),
    ("2020-21", "1,380", "241"),
    ("2021-22", "1,432", "260"),
    ("2022-23", "1,511", "252"),
)
TABLE_D: Final = (
    ("Service", "2022-23", "2023-24"),
    *(
        (f"Reablement hub {n}: people supported", f"{200 + 17 * n}", f"{210 + 19 * n}")
        for n in range(1, 15)
    ),
)


def tables() -> bytes:
    doc = Doc(
        "Hounslow adult social care key indicators", "Hounslow Adult Social Care - Key Indicators"
    )
    doc.page()
    doc.heading("Key indicators")
    doc.para(
        "The tables below compare our performance over the last two years with London and "
        "England. Figures are from the national data collections unless stated."
    )
    doc.para("Table 1: Workforce, wellbeing and waiting.", size=9.5)
    doc.table(TABLE_A, (230, 70, 70, 100), ruled=True)
    doc.para(
        "Turnover has fallen for two years in a row, and the number of people waiting for an "
        "assessment is at its lowest since 2019."
    )
    doc.para("Table 2: Experience of care and support.", size=9.5)
    doc.table(TABLE_B, (280, 80, 110), ruled=False)
    doc.page()
    doc.heading("Safeguarding over time")
    doc.para("Table 3: Safeguarding concerns and enquiries by year.", size=9.5)
    doc.table(TABLE_C, (120, 150, 150), ruled=True)
    doc.para("Table 4: People supported by our reablement hubs.", size=9.5)
    doc.y = 600  # low on the page: the table breaks onto page 3
    doc.table(TABLE_D, (260, 90, 90), ruled=True, auto_break=True)
    return doc.output()


PAGE_BREAK_P1: Final = (
    "Leeds has worked hard to reduce waiting for assessments. Over the last year we recruited",
    "more social workers and changed how new requests are screened, and the number of people",
    "waiting for a Care Act assessment fell from 1,200 in April 2023 to",
)
PAGE_BREAK_P2: Final = (
    "850 in March 2024. The average wait for an assessment was 21 days in 2023-24. We will",
    "keep publishing these figures every quarter.",
)


def page_break() -> bytes:
    doc = Doc(
        "Leeds adult social care self-assessment",
        "Leeds City Council - Adult Social Care Self-Assessment",
    )
    doc.page()
    doc.heading("Waiting for care and support")
    filler = (
        "This section sets out how people in Leeds get an assessment of their needs, how long "
        "they wait and what we are doing to shorten waits. It draws on our performance "
        "dashboard and on what people told us in surveys and conversations."
    )
    while doc.y < BOTTOM - 120:
        doc.para(filler)
    doc.y = BOTTOM - 3 * BODY * LEADING
    doc.lines(PAGE_BREAK_P1)
    doc.page()
    doc.lines(PAGE_BREAK_P2)
    doc.y += 6
    doc.para(
        "Most people who asked for help in 2023-24 got advice or equipment without needing a "
        "full assessment."
    )
    return doc.output()


def image_only() -> bytes:
    doc = Doc("Hounslow reablement update", "Hounslow Reablement Update")
    doc.page()
    doc.heading("Reablement")
    doc.para("In 2023-24, 1,160 people received reablement support from the council.")
    doc.scanned_page(seed=1)
    doc.page()
    doc.para("After 91 days, 86.5% of older people who received reablement were still at home.")
    return doc.output()


def scanned() -> bytes:
    doc = Doc("Scanned letter", None)
    doc.scanned_page(seed=2)
    doc.scanned_page(seed=3)
    return doc.output()


def scanned_text() -> bytes:
    """A scanned letter whose page images hold printed figures: read only with --ocr.

    Not in ``FIXTURES`` (the benchmark's mix stays as it was); ``tests/test_ocr.py``
    writes it.
    """
    doc = Doc("Scanned performance letter", None)
    doc.scanned_text_page(
        [
            "Adult Social Care: workforce update",
            "",
            "Staff turnover was 24.2% in 2023-24.",
            "The vacancy rate was 8.5% in 2023-24.",
        ]
    )
    return doc.output()


# --- the long document --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedRow:
    """A figure the pipeline must extract from a fixture."""

    fixture: str
    page: int
    metric: str  # "" when any key will do (prose: named by patterns/metrics.yaml)
    value: float
    unit: str
    period: str
    comparator_scope: str
    comparator_value: str  # "" when none


def _long_table(page: int) -> tuple[tuple[str, ...], ...]:
    turnover = 8 + (page % 37) / 10
    waiting = 300 + 7 * page
    return (
        ("Measure", "2022-23", "2023-24", "London average"),
        ("Staff turnover rate (%)", f"{turnover + 1:.1f}", f"{turnover:.1f}", "24.0"),
        ("People waiting for a Care Act assessment", f"{waiting + 40:,}", f"{waiting:,}", "-"),
    )


def long_expected_rows(pages: int) -> list[ExpectedRow]:
    """The table figures every fourth page of the long document must give."""
    rows: list[ExpectedRow] = []
    for page in range(1, pages + 1):
        if page % 4 != 3:
            continue
        table = _long_table(page)
        for cells, key, unit in (
            (table[1], "staff_turnover_rate", "percent"),
            (table[2], "people_waiting_assessment", "count"),
        ):
            comparator = cells[3] if cells[3] != "-" else ""
            rows.append(ExpectedRow("long", page, key, _number(cells[1]), unit, "2022-23", "", ""))
            rows.append(
                ExpectedRow(
                    "long",
                    page,
                    key,
                    _number(cells[2]),
                    unit,
                    "2023-24",
                    "london" if comparator else "",
                    comparator,
                )
            )
    return rows


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def long_document(pages: int = 400) -> bytes:
    """``pages`` pages: prose with marks, two columns, a table, a sentence over a page break."""
    doc = Doc(
        "Hounslow adult social care self-assessment (long)",
        "Hounslow Adult Social Care Self-Assessment",
    )
    prose = (
        "People in Hounslow told us that they want support that fits their lives. In "
        "{year}, {n:,} adults received long-term support^{{{m}}}, and {p}% of them had a direct "
        "payment. We reviewed {r:,} care plans during the year and changed most of them with "
        "the person and their family. Staff turnover was {t:.1f}% in {year}^{{{m2}}}, below the "
        "national average of 24%."
    )
    pending = ""  # the end of a sentence that began at the foot of the page before
    for page in range(1, pages + 1):
        kind = page % 4
        doc.page()
        if pending:  # the sentence's end, then the paragraph goes on
            doc.line(pending, LEFT)
            doc.para(
                "We check every enquiry with the person at its end, and we ask what "
                "difference it made to them."
            )
            pending = ""
        year = f"20{18 + page % 6}-{19 + page % 6}"
        if kind == 1:
            doc.heading(f"Section {page}: working with people")
            for k in range(4):
                doc.para(
                    prose.format(
                        year=year,
                        n=2000 + page + k,
                        p=20 + (page + k) % 15,
                        r=900 + page + k,
                        t=7 + (page + k) % 9 / 2,
                        m=2 * k + 1,
                        m2=2 * k + 2,
                    )
                )
        elif kind == 2:
            doc.heading(f"Section {page}: providing support")
            top = doc.y
            column = [
                f"Our reablement service supported {1500 + page:,} people in {year}. Most of "
                "them needed less support, or none, when it ended.",
                f"We commissioned {400 + page % 50} homecare providers and visited every one of "
                "them at least once during the year.",
                "Carers told us that short breaks matter most to them, and we doubled the "
                "number of breaks on offer.",
            ]
            doc.column(column, LEFT + COL_W + GUTTER, top)
            doc.column(column, LEFT, top)
        elif kind == 3:
            doc.heading(f"Section {page}: key indicators")
            doc.para("The table compares our figures with the London average.")
            doc.table(_long_table(page), (230, 70, 70, 100))
            doc.para(
                "We publish these indicators every quarter and discuss them with people who "
                "draw on care and support."
            )
        else:
            doc.heading(f"Section {page}: safeguarding")
            while doc.y < BOTTOM - 120:
                doc.para(
                    "We work with the police, the NHS and providers to keep people safe, and "
                    "we learn from every safeguarding adults review."
                )
            doc.y = BOTTOM - 2 * BODY * LEADING
            doc.lines(
                (
                    "Safeguarding concerns were raised about",
                    f"{1200 + page:,} people in {year}, and the number of enquiries fell to",
                )
            )
            pending = (
                f"{200 + page % 90} in the same year.",
                f"{200 + page % 90} over the year.",
                f"{200 + page % 90} during the year, as more concerns were resolved early.",
            )[page % 3]
    return doc.output()


FIXTURES: Final[dict[str, Callable[[], bytes]]] = {
    "one_column": one_column,
    "two_columns": two_columns,
    "tables": tables,
    "page_break": page_break,
    "image_only": image_only,
    "scanned": scanned,
}


def write(out: Path, names: Sequence[str] = (), long_pages: int = 400) -> dict[str, Path]:
    """Write the named fixtures (all when none are named) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    chosen = list(names) or [*FIXTURES, "long"]
    written: dict[str, Path] = {}
    for name in chosen:
        data = long_document(long_pages) if name == "long" else FIXTURES[name]()
        path = out / f"{name}.pdf"
        path.write_bytes(data)
        written[name] = path
    return written


def golden_text(path: Path) -> str:
    """A fixture's page texts as ``pipeline.ingest`` reads them, one block per page."""
    sys.path.insert(0, str(REPO))
    from pipeline.ingest import read_document

    raw = read_document(path.read_bytes(), path.name)
    return "".join(f"=== page {page.number} ===\n{page.text}\n" for page in raw.pages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"fixtures to write: {', '.join(FIXTURES)}, long")
    parser.add_argument("--out", type=Path, help="folder for the PDFs")
    parser.add_argument("--pages", type=int, default=400, help="pages of the long document")
    parser.add_argument("--golden", type=Path, help="rewrite the golden page texts in this folder")
    args = parser.parse_args(argv)
    if args.golden:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for name, path in write(Path(tmp), [n for n in FIXTURES if n != "scanned"]).items():
                (args.golden / f"{name}.txt").write_text(golden_text(path), encoding="utf-8")
                print(f"wrote {args.golden / f'{name}.txt'}")
        return 0
    if args.out is None:
        parser.error("--out or --golden is required")
    for path in write(args.out, args.names, args.pages).values():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
