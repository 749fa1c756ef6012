"""A small, hand-made extraction output for the analyst-side tests (report, api, inspect).

Written as Parquet with the schemas of ``pipeline.dataset`` from records built here, so every
expected value is known without running the extractor: five documents, three councils and
England.

- camden-2024.html: rated Outstanding, score 89, two statement scores, turnover 10% (2023-24)
  against a national average of 25%.
- hackney-2023.txt (older): Requires Improvement, score 62, turnover 30% in 2022-23.
- hackney-2024.txt (newer): turnover 28% in 2022-23 (restated: it wins over 30%) and 20% in
  2023-24; a sentence with HTML special characters; a figure with a warning.
- bd-self-assessment.pdf (two pages): population, vacancy rate vs England, national turnover.
- broken.pdf: failed to read, no figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.dataset import DOCUMENTS_SCHEMA, METRICS_SCHEMA, PAGES_SCHEMA
from pipeline.records import DocResult, DocumentRecord, Metric, Page

FY = {
    "2022-23": (dt.date(2022, 4, 1), dt.date(2023, 3, 31)),
    "2023-24": (dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
}
CODES = {
    "Camden": "E09000007",
    "Hackney": "E09000012",
    "Barking and Dagenham": "E09000002",
    "England": "E92000001",
}
HTML_SENTENCE = 'Carers said "<b>safe</b>" & <script>x</script>: 70% of people felt safe.'


@dataclass(frozen=True)
class Fig:
    """One figure of a sentence: ``text`` as written, found in the sentence by search."""

    text: str
    metric: str
    family: str
    value: float
    unit: str = "percent"
    period: str | None = None
    council: str | None = None  # default: the document's council
    comparator: tuple[str, float] | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class Doc:
    source: str
    council: str | None
    kind: str = "press_release"
    title: str | None = None
    status: str = "ok"
    error: str | None = None
    pages: dict[int | None, str] = field(default_factory=dict)
    metrics: list[Metric] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()

    def say(self, sentence: str, *figures: Fig, page: int | None = None) -> Doc:
        text = self.pages.get(page, "")
        start = len(text) + (1 if text else 0)
        self.pages[page] = f"{text} {sentence}" if text else sentence
        for fig in figures:
            self.metrics.append(self._metric(fig, sentence, start, page))
        return self

    def _metric(self, fig: Fig, sentence: str, start: int, page: int | None) -> Metric:
        at = start + sentence.index(fig.text)
        council = fig.council or self.council
        bounds = FY.get(fig.period or "", (None, None))
        scope, value = fig.comparator or (None, None)
        return Metric(
            doc_id=self.doc_id,
            source=self.source,
            council=council,
            council_code=CODES.get(council or ""),
            family=fig.family,
            metric=fig.metric,
            label=fig.metric.replace("_", " "),
            value=fig.value,
            value_text=fig.text,
            unit=fig.unit,
            qualifier="exact",
            period=fig.period,
            period_start=bounds[0],
            period_end=bounds[1],
            comparator_scope=scope,
            comparator_value=value,
            comparator_period=None,
            page=page,
            char_start=at,
            char_end=at + len(fig.text),
            quote=sentence,
            quote_start=start,
            quote_end=start + len(sentence),
            pattern="test",
            warnings=fig.warnings,
        )

    def result(self) -> DocResult:
        pages = tuple(Page(self.doc_id, n, t) for n, t in self.pages.items())
        record = DocumentRecord(
            doc_id=self.doc_id,
            source=self.source,
            media_type="text/plain",
            doc_kind=self.kind if self.status == "ok" else None,
            title=self.title,
            council=self.council,
            council_code=CODES.get(self.council or ""),
            pages=max(len(pages), 1) if self.status == "ok" else 0,
            chars=sum(len(p.text) for p in pages),
            metrics=len(self.metrics),
            status=self.status,
            error=self.error,
            elapsed_s=0.1,
            pipeline_version="test",
            processed_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
        )
        return DocResult(record, pages, tuple(self.metrics))


def _camden() -> Doc:
    doc = Doc("camden-2024.html", "Camden", kind="cqc_report", title="Camden rated Outstanding")
    doc.say(
        "Camden was rated Outstanding by the CQC with a score of 89.",
        Fig("Outstanding", "cqc_rating", "rating", 4, unit="rating"),
        Fig("89", "cqc_score", "score", 89, unit="score"),
    )
    doc.say(
        "Assessing needs scored 3 and safeguarding scored 4.",
        Fig("3", "qs_assessing_needs", "quality_statement_score", 3, unit="score"),
        Fig("4", "qs_safeguarding", "quality_statement_score", 4, unit="score"),
    )
    return doc.say(
        "Staff turnover was 10% in 2023-24, against a national average of 25%.",
        Fig("10%", "staff_turnover_rate", "workforce", 10, period="2023-24",
            comparator=("national", 25.0)),
    )  # fmt: skip


def _hackney_old() -> Doc:
    doc = Doc("hackney-2023.txt", "Hackney", title="Hackney responds to CQC")
    doc.say(
        "Hackney was rated Requires Improvement with a score of 62.",
        Fig("Requires Improvement", "cqc_rating", "rating", 2, unit="rating"),
        Fig("62", "cqc_score", "score", 62, unit="score"),
    )
    return doc.say(
        "Turnover in Hackney was 30% in 2022-23.",
        Fig("30%", "staff_turnover_rate", "workforce", 30, period="2022-23"),
    )


def _hackney_new() -> Doc:
    doc = Doc("hackney-2024.txt", "Hackney", title="Hackney workforce update")
    doc.say(
        "Hackney's turnover was 28% in 2022-23 and 20% in 2023-24.",
        Fig("28%", "staff_turnover_rate", "workforce", 28, period="2022-23"),
        Fig("20%", "staff_turnover_rate", "workforce", 20, period="2023-24"),
    )
    doc.say(HTML_SENTENCE, Fig("70%", "feel_safe_rate", "survey", 70, period="2023-24"))
    return doc.say(
        "The team made 4,200 visits.",
        Fig("4,200", "home_visits", "activity", 4200, unit="count", warnings=("out of range",)),
    )


def _barking() -> Doc:
    doc = Doc(
        "bd-self-assessment.pdf",
        "Barking and Dagenham",
        kind="self_assessment",
        title="Barking and Dagenham self-assessment",
    )
    doc.say(
        "Barking and Dagenham has 219,000 residents.",
        Fig("219,000", "population", "population", 219000, unit="count"),
        page=1,
    )
    doc.say(
        "In 2023-24, 8.5% of posts were vacant, compared with 8.3% in England.",
        Fig("8.5%", "staff_vacancy_rate", "workforce", 8.5, period="2023-24",
            comparator=("england", 8.3)),
        page=2,
    )  # fmt: skip
    return doc.say(
        "Nationally, turnover was 24.2% in 2023-24.",
        Fig("24.2%", "staff_turnover_rate", "workforce", 24.2, period="2023-24",
            council="England"),
        page=2,
    )  # fmt: skip


def documents() -> list[Doc]:
    broken = Doc("broken.pdf", None, status="failed", error="encrypted PDF: needs a password")
    return [_camden(), _hackney_old(), _hackney_new(), _barking(), broken]


def _row(record: Any) -> dict[str, Any]:
    row = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    if "warnings" in row:
        row["warnings"] = list(row["warnings"])
    return row


def write_fixture_output(out: Path) -> Path:
    """Write the fixture datasets into ``out/{metrics,pages,documents}`` and return ``out``."""
    results = [d.result() for d in documents()]
    rows = {
        "metrics": [_row(m) for r in results for m in r.metrics],
        "pages": [{"doc_id": p.doc_id, "page": p.number, "text": p.text} for r in results
                  for p in r.pages],
        "documents": [_row(r.document) for r in results],
    }  # fmt: skip
    schemas = {"metrics": METRICS_SCHEMA, "pages": PAGES_SCHEMA, "documents": DOCUMENTS_SCHEMA}
    for name, schema in schemas.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows[name], schema=schema)
        pq.write_table(table, out / name / "part-0.parquet")
    return out
