"""The output contract: three Parquet datasets with fixed pyarrow schemas.

Stage: ``list[DocResult] -> DIR/{metrics,pages,documents}/part-0.parquet``.

Column types are fixed here and only here; the schema version is written into each
file's metadata (``council_metrics.schema_version``). A run writes into a temporary
folder beside the output folder and swaps it in at the end, so a reader never sees a
half-written output and a killed run leaves the previous output as it was.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.records import DocResult, DocumentRecord, Metric, Page

__all__ = [
    "DOCUMENTS_SCHEMA",
    "METRICS_SCHEMA",
    "PAGES_SCHEMA",
    "SCHEMA_VERSION",
    "write_output",
]

SCHEMA_VERSION = "1"

METRICS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("council", pa.string()),
        pa.field("council_code", pa.string()),
        pa.field("family", pa.string(), nullable=False),
        pa.field("metric", pa.string(), nullable=False),
        pa.field("label", pa.string()),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("value_text", pa.string(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("period", pa.string()),
        pa.field("period_start", pa.date32()),
        pa.field("period_end", pa.date32()),
        pa.field("comparator_scope", pa.string()),
        pa.field("comparator_value", pa.float64()),
        pa.field("comparator_period", pa.string()),
        pa.field("page", pa.int32()),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
        pa.field("quote", pa.string(), nullable=False),
        pa.field("quote_start", pa.int32(), nullable=False),
        pa.field("quote_end", pa.int32(), nullable=False),
        pa.field("pattern", pa.string(), nullable=False),
        pa.field("warnings", pa.list_(pa.string()), nullable=False),
    ]
)

PAGES_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("page", pa.int32()),
        pa.field("text", pa.string(), nullable=False),
    ]
)

DOCUMENTS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("media_type", pa.string()),
        pa.field("doc_kind", pa.string()),
        pa.field("title", pa.string()),
        pa.field("council", pa.string()),
        pa.field("council_code", pa.string()),
        pa.field("pages", pa.int32(), nullable=False),
        pa.field("chars", pa.int64(), nullable=False),
        pa.field("metrics", pa.int32(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("elapsed_s", pa.float64(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ]
)

DATASETS = {"metrics": METRICS_SCHEMA, "pages": PAGES_SCHEMA, "documents": DOCUMENTS_SCHEMA}


def _with_metadata(schema: pa.Schema) -> pa.Schema:
    return schema.with_metadata(
        {
            b"council_metrics.schema_version": SCHEMA_VERSION.encode(),
            b"council_metrics.pipeline_version": __version__.encode(),
        }
    )


def _rows(records: Sequence[Any]) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        row = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
        rows.append(row)
    return rows


def metrics_table(metrics: Sequence[Metric]) -> pa.Table:
    rows = _rows(metrics)
    for row in rows:
        row["warnings"] = list(row["warnings"])
    return pa.Table.from_pylist(rows, schema=_with_metadata(METRICS_SCHEMA))


def pages_table(pages: Sequence[Page]) -> pa.Table:
    rows = [{"doc_id": p.doc_id, "page": p.number, "text": p.text} for p in pages]
    return pa.Table.from_pylist(rows, schema=_with_metadata(PAGES_SCHEMA))


def documents_table(documents: Sequence[DocumentRecord]) -> pa.Table:
    return pa.Table.from_pylist(_rows(documents), schema=_with_metadata(DOCUMENTS_SCHEMA))


def _sort_key_metric(m: Metric) -> tuple[Any, ...]:
    return (m.council or "", m.source, m.page or 0, m.char_start, m.metric, m.value)


def write_output(results: Sequence[DocResult], out_dir: Path) -> None:
    """Write the three datasets for ``results`` into ``out_dir``, atomically.

    Rows are sorted (metrics by council, source, page and offset; pages by source and
    page; documents by source) so the same inputs give identical files and readers
    filtering one council skip row groups by their statistics.
    """
    results = sorted(results, key=lambda r: r.document.source)
    metrics = sorted((m for r in results for m in r.metrics), key=_sort_key_metric)
    pages = [p for r in results for p in sorted(r.pages, key=lambda p: p.number or 0)]
    documents = [r.document for r in results]
    tables = {
        "metrics": metrics_table(metrics),
        "pages": pages_table(pages),
        "documents": documents_table(documents),
    }
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        for name, table in tables.items():
            (staging / name).mkdir()
            pq.write_table(
                table,
                staging / name / "part-0.parquet",
                compression="zstd",
                row_group_size=65_536,
            )
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` with renames only (atomic on one file system).

    Only the three dataset folders are replaced; anything else a user keeps in the
    output folder stays.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        target = out_dir / name
        old = out_dir / f".{name}.old"
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        os.replace(staging / name, target)
        if old.exists():
            shutil.rmtree(old)
    shutil.rmtree(staging, ignore_errors=True)
