#!/usr/bin/env python3
"""Write ``docs/schema.md``, the output schema reference, from the pyarrow schemas.

Run from anywhere::

    .venv/bin/python scripts/make_schema_docs.py           # rewrite docs/schema.md
    .venv/bin/python scripts/make_schema_docs.py --check   # exit 1 when it is out of date

Column names, types and nullability come from ``pipeline/dataset.py`` (the only place they are
fixed); the meaning of each column is kept here, in ``DESCRIPTIONS``. A column added to a schema
without a description, or a description left for a removed column, is an error, and
``tests/test_docs.py`` fails when ``docs/schema.md`` differs from what this script writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make the pipeline package importable
    sys.path.insert(0, str(REPO))

from pipeline.dataset import DATASETS, SCHEMA_VERSION  # noqa: E402

OUTPUT = REPO / "docs" / "schema.md"

INTRO = {
    "metrics": "One row per figure: what was measured, for whom, when, against what, and where "
    "the document says it.",
    "pages": "The cleaned text of every page the extractor saw: every offset in `metrics` "
    "points into `text`.",
    "documents": "One row per input file, whether it could be read or not.",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "metrics": {
        "doc_id": "sha256 of the file's bytes, hex; joins to `documents` and `pages`",
        "source": "path relative to the input folder, POSIX separators",
        "council": 'canonical council name; "England" for national figures; null if unknown',
        "council_code": 'GSS code ("E09000002"); "E92000001" for England',
        "family": "rating, score, quality_statement_score, workforce, waiting, safeguarding, "
        "survey, activity, reablement, care_homes, finance, demand, population, other",
        "metric": "canonical key (`patterns/metrics.yaml`, `patterns/quality_statements.yaml`) "
        "where one fits, else a descriptive snake_case key",
        "label": "the words that name the measure",
        "value": "the number; for ratings 1-4 (Inadequate 1 ... Outstanding 4)",
        "value_text": "the figure as written; for ratings the rating",
        "unit": "percent, count, score, per_100k, gbp, minutes, hours, days, weeks, months, "
        "years, rank, rating",
        "qualifier": "exact, over, under, about, up_to, range_low, range_high",
        "period": '"2022-23" (financial year), "2023", "as of June 2023", "since 2020", ...',
        "period_start": "first day of the period where known",
        "period_end": "last day of the period where known",
        "comparator_scope": "national, england, london, regional, previous_period, target, "
        "other_council",
        "comparator_value": "the comparator's number",
        "comparator_period": "the comparator's own period where stated",
        "page": "1-based page for PDFs; null for text and HTML",
        "char_start": "start of the figure in the page text (`pages.text`)",
        "char_end": "end of the figure in the page text (exclusive)",
        "quote": "the sentence that states the figure",
        "quote_start": "start of the quote in the page text",
        "quote_end": "end of the quote in the page text (exclusive)",
        "pattern": "which rule produced the row",
        "warnings": "validation findings (out of range, rating and score disagree, ...)",
    },
    "pages": {
        "doc_id": "the document (`documents.doc_id`)",
        "page": "1-based page for PDFs; null for text and HTML (one page)",
        "text": "cleaned page text",
    },
    "documents": {
        "doc_id": "sha256 of the file's bytes, hex",
        "source": "path relative to the input folder, POSIX separators",
        "media_type": "application/pdf, text/plain, text/html, ... (sniffed from the content)",
        "doc_kind": "self_assessment, press_release, news, cqc_report, other",
        "title": "the document's title where found",
        "council": "the document's main subject council",
        "council_code": "GSS code of the subject council",
        "pages": "pages read (1 for text and HTML)",
        "chars": "characters of cleaned text",
        "metrics": "figures extracted",
        "status": "ok, failed, no_text, duplicate",
        "error": "why a document failed or had no text; for an ok PDF, the pages without text",
        "elapsed_s": "seconds spent on the document",
        "pipeline_version": "council-metrics version that wrote the row",
        "processed_at": "when the document was processed (UTC)",
    },
}


class SchemaDocsError(ValueError):
    """A schema column has no description, or a description names no column."""


def type_name(arrow_type: pa.DataType) -> str:
    """The column type as the docs spell it.

    >>> [type_name(t) for t in (pa.float64(), pa.date32(), pa.list_(pa.string()))]
    ['float64', 'date32', 'list<string>']
    """
    if pa.types.is_list(arrow_type):
        return f"list<{type_name(arrow_type.value_type)}>"
    if pa.types.is_date32(arrow_type):
        return "date32"
    if pa.types.is_floating(arrow_type):
        return f"float{arrow_type.bit_width}"
    return str(arrow_type)


def _table(name: str, schema: pa.Schema) -> list[str]:
    described = DESCRIPTIONS.get(name, {})
    missing = [f.name for f in schema if f.name not in described]
    stale = sorted(set(described) - set(schema.names))
    if missing or stale:
        raise SchemaDocsError(
            f"{name}: describe {missing} / drop {stale} in DESCRIPTIONS of "
            "scripts/make_schema_docs.py"
        )
    lines = [
        f"## `{name}/`",
        "",
        INTRO[name],
        "",
        "| column | type | nullable | meaning |",
        "|---|---|---|---|",
    ]
    for field in schema:
        nullable = "yes" if field.nullable else "no"
        lines.append(
            f"| `{field.name}` | {type_name(field.type)} | {nullable} | {described[field.name]} |"
        )
    return [*lines, ""]


def render() -> str:
    """The whole of ``docs/schema.md``."""
    lines = [
        "# Output schema",
        "",
        "<!-- Generated by scripts/make_schema_docs.py from pipeline/dataset.py: do not edit by "
        "hand. -->",
        "",
        f"Schema version **{SCHEMA_VERSION}** (in each file's metadata as "
        "`council_metrics.schema_version`). An output folder holds three Parquet datasets, each "
        "a folder of files: read a folder with `pandas.read_parquet(DIR / 'metrics')`, "
        "`pipeline.load(DIR)`, or in DuckDB as `'DIR/metrics/*.parquet'`.",
        "",
    ]
    stale = sorted(set(DESCRIPTIONS) - set(DATASETS))
    if stale:
        raise SchemaDocsError(f"DESCRIPTIONS has datasets that no longer exist: {stale}")
    for name, schema in DATASETS.items():
        lines.extend(_table(name, schema))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/schema.md from the pyarrow schemas.")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write or check")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run scripts/make_schema_docs.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
