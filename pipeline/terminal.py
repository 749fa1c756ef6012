"""``council-metrics inspect``: one document's figures in the terminal, grouped by family.

Stage: a document (extracted now, or found in an output folder by its sha256) ->
``DocumentRecord`` + ``Metric`` records -> a rich renderable.

Each figure is shown with its page, metric key, period, comparator and the sentence that states
it, the figure highlighted in the sentence, so a reader checks a figure without opening the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline.api import FAMILY_ORDER, OutputNotFoundError, figure_span
from pipeline.records import DocumentRecord, Metric

__all__ = [
    "HIGHLIGHT",
    "DocumentNotFoundError",
    "from_file",
    "from_output",
    "render_document",
    "sentence",
]

HIGHLIGHT = "bold black on yellow"
_Record = TypeVar("_Record", DocumentRecord, Metric)


class DocumentNotFoundError(LookupError):
    """The file is not among an output folder's documents (changed since the extraction?)."""


def from_file(path: Path, patterns_dir: Path | None = None) -> tuple[DocumentRecord, list[Metric]]:
    """Extract one document now (nothing is written)."""
    from pipeline.run import process_document

    result = process_document(path, path.name, patterns_dir)
    return result.document, list(result.metrics)


def from_output(path: Path, out_dir: Path) -> tuple[DocumentRecord, list[Metric]]:
    """The document with the same bytes as ``path`` in the output folder ``out_dir``."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    doc_id = hashlib.sha256(path.read_bytes()).hexdigest()
    tables = {}
    for name in ("documents", "metrics"):
        folder = out_dir / name
        if not folder.is_dir():
            raise OutputNotFoundError(f"no {name} dataset in {out_dir}")
        table = pq.read_table(folder, partitioning=None)
        tables[name] = table.filter(pc.equal(table["doc_id"], doc_id)).to_pylist()
    if not tables["documents"]:
        raise DocumentNotFoundError(
            f"{path} is not in {out_dir} (no document with the same content); "
            "run without --out to extract it now"
        )
    document = _record(DocumentRecord, tables["documents"][0])
    return document, [_record(Metric, row) for row in tables["metrics"]]


def _record(kind: type[_Record], row: dict[str, Any]) -> _Record:
    """A record from a Parquet row, ignoring columns the record does not know."""
    values: dict[str, Any] = {f.name: row.get(f.name) for f in dataclasses.fields(kind)}
    if "warnings" in values:
        values["warnings"] = tuple(values["warnings"] or ())
    return kind(**values)


def sentence(metric: Metric) -> Text:
    """The figure's sentence with the figure highlighted (``HIGHLIGHT``)."""
    text = Text(metric.quote)
    span = figure_span(
        metric.quote, metric.quote_start, metric.char_start, metric.char_end, metric.value_text
    )
    if span is not None:
        text.stylize(HIGHLIGHT, *span)
    return text


def render_document(
    document: DocumentRecord, metrics: Sequence[Metric], family: str | None = None
) -> RenderableType:
    """A header panel, then one table per family (in the usual family order)."""
    shown = [m for m in metrics if family is None or m.family == family]
    parts: list[RenderableType] = [_header(document, len(metrics), family, len(shown))]
    for name in _families(shown):
        rows = sorted((m for m in shown if m.family == name), key=_position)
        parts.extend([Text(), _family_table(name, rows, document.council)])
    if not shown:
        what = f"no {family} figures" if family else "no figures"
        parts.append(Text(f"{what} in this document", style="italic"))
    return Group(*parts)


def _families(metrics: Sequence[Metric]) -> list[str]:
    present = {m.family for m in metrics}
    return [f for f in FAMILY_ORDER if f in present] + sorted(present - set(FAMILY_ORDER))


def _position(metric: Metric) -> tuple[int, int]:
    return (metric.page or 0, metric.char_start)


def _header(document: DocumentRecord, figures: int, family: str | None, shown: int) -> Panel:
    council = document.council or "council unknown"
    if document.council_code:
        council += f" ({document.council_code})"
    facts = [document.source, document.doc_kind or "", council]
    facts += [f"{document.pages} pages" if document.pages > 1 else "", document.status]
    body = Text(" · ".join(f for f in facts if f), style="dim")
    body.append(f"\n{figures} figures", style="bold")
    if family is not None:
        body.append(f", {shown} {family.replace('_', ' ')}", style="bold")
    if document.error:
        body.append(f"\n{document.error}", style="red")
    title = Text(document.title or document.source, style="bold")
    return Panel(body, title=title, title_align="left", box=box.ROUNDED)


def _family_table(family: str, metrics: Sequence[Metric], council: str | None) -> Table:
    """One entry per figure: page, then a line of facts and the sentence below it.

    Two columns only, so the view reads the same in a narrow terminal as in a wide one.
    """
    table = Table.grid(padding=(0, 1), expand=True)
    table.title = f"{family.replace('_', ' ')} ({len(metrics)})"
    table.title_justify = "left"
    table.title_style = "bold magenta"
    table.add_column("page", justify="right", no_wrap=True, min_width=5)
    table.add_column("figure", ratio=1)
    for m in metrics:
        page = "" if m.page is None else f"p.{m.page}"
        table.add_row(
            Text(page, style="dim"),
            Text("\n").join([_facts(m, council), _sentence_cell(m), Text()]),
        )
    return table


def _facts(metric: Metric, document_council: str | None) -> Text:
    """``metric  figure  period  vs comparator  (council)`` on one line."""
    text = Text(metric.metric, style="cyan")
    text.append("  ")
    text.append(metric.value_text, style="bold")
    if metric.qualifier != "exact":
        text.append(f" ({metric.qualifier.replace('_', ' ')})", style="dim")
    if metric.period:
        text.append(f"  {metric.period}")
    comparator = _comparator(metric)
    if comparator:
        text.append(f"  vs {comparator}", style="green")
    if metric.council is not None and metric.council != document_council:
        text.append(f"  [{metric.council}]", style="dim")
    return text


def _comparator(metric: Metric) -> str:
    parts = [(metric.comparator_scope or "").replace("_", " ")]
    if metric.comparator_value is not None:
        parts.append(f"{metric.comparator_value:,g}")
    if metric.comparator_period:
        parts.append(f"({metric.comparator_period})")
    return " ".join(p for p in parts if p)


def _sentence_cell(metric: Metric) -> Text:
    text = sentence(metric)
    for warning in metric.warnings:
        text.append(f"\n⚠ {warning}", style="yellow")
    return text


def inspect_command(
    path: Path,
    *,
    out_dir: Path | None = None,
    family: str | None = None,
    patterns_dir: Path | None = None,
    console: Console | None = None,
) -> int:
    """Print the document's figures; 0 when it was read, 3 when it failed or had no text.

    Raises :class:`DocumentNotFoundError` or :class:`OutputNotFoundError` when ``out_dir`` does
    not hold the document.
    """
    if out_dir is not None:
        document, metrics = from_output(path, out_dir)
    else:
        document, metrics = from_file(path, patterns_dir)
    (console or Console()).print(render_document(document, metrics, family))
    return 0 if document.status == "ok" else 3
