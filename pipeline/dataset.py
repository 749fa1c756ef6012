"""The output contract: three Parquet datasets with fixed pyarrow schemas.

Stage: ``DocResult``s -> ``Tables`` -> ``FOLDER/{metrics,pages,documents}/part-0.parquet``.

Column types are fixed here and only here; the schema version is written into each
file's metadata (``council_metrics.schema_version``), with the pipeline version and the
fingerprint of the code and patterns that made the rows (``council_metrics.fingerprint``,
see ``pipeline.run.fingerprint``). Rows are sorted so the same inputs give identical
data whatever order the documents finished in. Where the folder goes and how it replaces
the previous output atomically is ``pipeline.outdir``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.records import DocResult, DocumentRecord, Metric, Page

__all__ = [
    "DATASETS",
    "DOCUMENTS_SCHEMA",
    "METRICS_SCHEMA",
    "PAGES_SCHEMA",
    "SCHEMA_VERSION",
    "Tables",
    "TablesBuilder",
    "read_tables",
    "results_tables",
    "reuse_rows",
    "write_tables",
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
FINGERPRINT_KEY = b"council_metrics.fingerprint"


def _with_metadata(schema: pa.Schema) -> pa.Schema:
    return schema.with_metadata(
        {
            b"council_metrics.schema_version": SCHEMA_VERSION.encode(),
            b"council_metrics.pipeline_version": __version__.encode(),
        }
    )


def _columns(
    records: Sequence[Any], schema: pa.Schema, attributes: dict[str, str] | None = None
) -> pa.Table:
    """A table from records with an attribute per field of ``schema`` (``attributes``
    maps a field to another attribute name), built column by column: several times
    faster than one dict per row."""
    names = attributes or {}
    arrays = [
        pa.array([getattr(r, names.get(f.name, f.name)) for r in records], type=f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def metrics_table(metrics: Sequence[Metric]) -> pa.Table:
    return _columns(metrics, _with_metadata(METRICS_SCHEMA))


def pages_table(pages: Sequence[Page]) -> pa.Table:
    return _columns(pages, _with_metadata(PAGES_SCHEMA), {"page": "number"})


def documents_table(documents: Sequence[DocumentRecord]) -> pa.Table:
    return _columns(documents, _with_metadata(DOCUMENTS_SCHEMA))


@dataclass(frozen=True, slots=True)
class Tables:
    """The three datasets as Arrow tables (columns as in the schemas above)."""

    metrics: pa.Table
    pages: pa.Table
    documents: pa.Table

    def by_name(self) -> dict[str, pa.Table]:
        return {"metrics": self.metrics, "pages": self.pages, "documents": self.documents}


def results_tables(results: Sequence[DocResult]) -> Tables:
    """The rows of ``results``, unsorted."""
    return Tables(
        metrics_table([m for r in results for m in r.metrics]),
        pages_table([p for r in results for p in r.pages]),
        documents_table([r.document for r in results]),
    )


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` (read back from Parquet) with exactly the columns and types of ``schema``."""
    return table.select(schema.names).cast(_with_metadata(schema))


def concat_tables(parts: Iterable[Tables]) -> Tables:
    parts = list(parts)
    columns = {
        name: pa.concat_tables(
            [conform(p.by_name()[name], schema) for p in parts]
            or [schema.empty_table().cast(_with_metadata(schema))]
        )
        for name, schema in DATASETS.items()
    }
    return Tables(columns["metrics"], columns["pages"], columns["documents"])


def _order(table: pa.Table, keys: Sequence[tuple[str, Any]]) -> pa.Array:
    """Stable sort indices of ``table`` by ``keys`` (column, value that stands for null)."""
    helper = pa.table(
        {
            name: pc.fill_null(table[name], null) if null is not None else table[name]
            for name, null in keys
        }
    )
    return pc.sort_indices(helper, sort_keys=[(name, "ascending") for name, _ in keys])


def sort_tables(tables: Tables) -> Tables:
    """Rows in a fixed order: documents by source; metrics by council, source, page and
    offset; pages by their document's source and page number.

    Sorts are stable and every key includes the source, so rows of one document keep
    the order the extractor gave them and the result does not depend on the order the
    documents finished in.
    """
    documents = tables.documents.take(_order(tables.documents, [("source", None)]))
    metrics = tables.metrics.take(
        _order(
            tables.metrics,
            [
                ("council", ""),
                ("source", None),
                ("page", 0),
                ("char_start", None),
                ("metric", None),
                ("value", None),
            ],
        )
    )
    doc_ids = list(dict.fromkeys(documents["doc_id"].to_pylist()))
    rank = pc.index_in(tables.pages["doc_id"], value_set=pa.array(doc_ids, pa.string()))
    ranked = tables.pages.append_column("_rank", rank)
    pages = tables.pages.take(_order(ranked, [("_rank", -1), ("page", 0)]))
    return Tables(metrics, pages, documents)


class TablesBuilder:
    """Collects results as they arrive, as compact Arrow tables rather than objects."""

    def __init__(self, batch: int = 256, batch_rows: int = 4096) -> None:
        self._batch = batch
        self._batch_rows = batch_rows
        self._pending: list[DocResult] = []
        self._pending_rows = 0
        self._parts: list[Tables] = []

    def add(self, result: DocResult) -> None:
        # converted in batches while the workers run, so little is left for the end
        self._pending.append(result)
        self._pending_rows += len(result.metrics) + len(result.pages)
        if len(self._pending) >= self._batch or self._pending_rows >= self._batch_rows:
            self._flush()

    def add_tables(self, tables: Tables) -> None:
        self._flush()
        self._parts.append(tables)

    def _flush(self) -> None:
        if self._pending:
            self._parts.append(results_tables(self._pending))
            self._pending = []
            self._pending_rows = 0

    def build(self) -> Tables:
        """Everything added, concatenated and sorted."""
        self._flush()
        return sort_tables(concat_tables(self._parts))


def write_tables(tables: Tables, folder: Path, *, fingerprint: str = "") -> None:
    """Write ``folder/{metrics,pages,documents}/part-0.parquet`` and flush them to disk."""
    for name, table in tables.by_name().items():
        schema = _with_metadata(DATASETS[name])
        metadata = {**(schema.metadata or {}), FINGERPRINT_KEY: fingerprint.encode()}
        (folder / name).mkdir(parents=True, exist_ok=True)
        path = folder / name / "part-0.parquet"
        pq.write_table(
            table.replace_schema_metadata(metadata),
            path,
            compression="zstd",
            row_group_size=65_536,
        )
        _fsync(path)
        _fsync(folder / name)
    _fsync(folder)


def read_tables(folder: Path) -> tuple[Tables, str]:
    """The datasets under ``folder`` and the fingerprint they were written with.

    Raises ``OSError`` or ``pyarrow.ArrowException`` when they are missing or unreadable.
    """
    read = {name: pq.read_table(folder / name) for name in DATASETS}
    metadata = read["documents"].schema.metadata or {}
    fingerprint = metadata.get(FINGERPRINT_KEY, b"").decode()
    tables = Tables(
        conform(read["metrics"], METRICS_SCHEMA),
        conform(read["pages"], PAGES_SCHEMA),
        conform(read["documents"], DOCUMENTS_SCHEMA),
    )
    return tables, fingerprint


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def reuse_rows(tables: Tables, sources: dict[str, str]) -> Tables:
    """The rows of ``tables`` for the documents in ``sources`` (doc_id -> source now).

    Keeps one ``ok`` or ``no_text`` document row per doc_id, its pages and its metrics,
    with ``source`` set to where the document is now (it may have been renamed).
    """
    keys = pa.array(list(sources), pa.string())
    now = pa.array(list(sources.values()), pa.string())
    docs = tables.documents
    keep = pc.and_(
        pc.is_in(docs["doc_id"], value_set=keys),
        pc.is_in(docs["status"], value_set=pa.array(["ok", "no_text"])),
    )
    docs = docs.filter(keep)
    first: dict[str, int] = {}
    for index, doc_id in enumerate(docs["doc_id"].to_pylist()):
        first.setdefault(doc_id, index)
    docs = docs.take(pa.array(sorted(first.values()), pa.int64()))
    kept = pa.array(list(first), pa.string())
    metrics = tables.metrics.filter(pc.is_in(tables.metrics["doc_id"], value_set=kept))
    pages = tables.pages.filter(pc.is_in(tables.pages["doc_id"], value_set=kept))

    def moved(table: pa.Table) -> pa.Table:
        where = pc.index_in(table["doc_id"], value_set=keys)
        column = table.schema.get_field_index("source")
        return table.set_column(column, "source", pc.take(now, where))

    return Tables(moved(metrics), pages, moved(docs))
