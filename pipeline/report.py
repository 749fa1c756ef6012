"""The analyst's report: one self-contained HTML page over an extraction output folder.

Stage: ``DIR/{metrics,documents}`` -> ``report.html``.

The page has filters (family, council, document, free text), a comparison chart of one metric
across councils with the national values stated, a heat map of ratings and the nine quality
statements, a per-council view (each council's latest figure per metric) and a per-document view
(every figure with its sentence, the figure highlighted, its page and source). Everything is
inline, the Vega JavaScript included (``pipeline.charts.vega_javascript``): the file opens with no
network, from disk or as an e-mail attachment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import __version__
from pipeline.api import FAMILY_ORDER, canonical_metrics, figure_span, load, pick_order
from pipeline.charts import (
    COMPARE_FIRST,
    Statement,
    compare_rows,
    comparison_chart,
    comparison_options,
    heatmap_chart,
    heatmap_columns,
    heatmap_rows,
    vega_javascript,
)

__all__ = ["ReportError", "build_report", "write_report"]

NO_COUNCIL = "(no council)"
_ASSETS = Path(__file__).with_name("report_assets")
_END_SCRIPT = re.compile(r"</script", re.IGNORECASE)


class ReportError(ValueError):
    """The report cannot be made (an unknown ``--metric``, say)."""


@dataclass(frozen=True, slots=True)
class ReportInput:
    """What the page is made from: the metrics and documents datasets, and the patterns."""

    metrics: pd.DataFrame
    documents: pd.DataFrame
    canonical: tuple[str, ...]
    statements: tuple[Statement, ...]
    origin: str  # the output folder, as the user named it


def read_input(directory: Path, patterns_dir: Path | None = None) -> ReportInput:
    from pipeline.taxonomy import load_patterns

    metrics = load(directory, "metrics")
    metrics = metrics.assign(rank=pick_order(metrics))
    statements = tuple(Statement(s.key, s.name) for s in load_patterns(patterns_dir).statements)
    return ReportInput(
        metrics=metrics,
        documents=load(directory, "documents"),
        canonical=canonical_metrics(patterns_dir),
        statements=statements,
        origin=str(directory),
    )


def write_report(
    directory: Path,
    html_path: Path | None = None,
    *,
    metric: str | None = None,
    title: str | None = None,
    patterns_dir: Path | None = None,
) -> Path:
    """Write the report of the output folder ``directory``; returns the file written.

    ``html_path`` defaults to ``directory/report.html``. The file is written beside its target
    and renamed into place, so a reader never sees half a page.
    """
    target = html_path or directory / "report.html"
    page = build_report(read_input(directory, patterns_dir), metric=metric, title=title)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, target)
    return target


def build_report(data: ReportInput, *, metric: str | None = None, title: str | None = None) -> str:
    """The report page as one HTML string."""
    options = comparison_options(data.metrics, data.canonical)
    default = _default_metric(data.metrics, options, metric)
    columns = heatmap_columns(data.statements)
    compare = compare_rows(data.metrics, (k for k, _ in options))
    heatmap = heatmap_rows(data.metrics, data.statements)
    specs = {
        "chart-compare": {
            **comparison_chart(options, default).to_dict(),
            "datasets": {"compare": compare},
        },
        "chart-heatmap": {**heatmap_chart(columns).to_dict(), "datasets": {"heatmap": heatmap}},
    }
    heading = title or f"Adult social care figures: {data.origin}"
    body = "\n".join(
        [
            _header(heading, data),
            _filters(data),
            _compare_section(bool(compare)),
            _heatmap_section(bool(heatmap)),
            _councils_section(data.metrics),
            _documents_section(data.metrics, data.documents),
        ]
    )
    return _page(heading, body, specs)


def _default_metric(
    metrics: pd.DataFrame, options: Sequence[tuple[str, str]], chosen: str | None
) -> str:
    keys = [k for k, _ in options]
    if chosen is not None:
        if chosen not in keys:
            raise ReportError(f"unknown metric {chosen!r}; choose one of: {', '.join(keys)}")
        return chosen
    councils_only = metrics["council"].notna() & (metrics["council"].astype(str) != "England")
    stated = metrics[councils_only].groupby("metric", observed=True)["council"]
    councils = stated.nunique()
    return max(COMPARE_FIRST, key=lambda k: (int(councils.get(k, 0)), -COMPARE_FIRST.index(k)))


# --- page parts --------------------------------------------------------------------------------


def _page(heading: str, body: str, specs: dict[str, dict[str, Any]]) -> str:
    css = (_ASSETS / "report.css").read_text(encoding="utf-8")
    app = (_ASSETS / "report.js").read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="council-metrics {escape(__version__)}">
<title>{escape(heading)}</title>
<style>
{css}
</style>
</head>
<body>
{body}
<script type="application/json" id="chart-specs">{_script_json(specs)}</script>
<script>
{app}
</script>
<script type="module">
{_script_text(vega_javascript())}
window.dispatchEvent(new Event("vega-ready"));
</script>
</body>
</html>
"""


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: ``<`` written as ``\\u003c``, which JSON reads back."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _script_text(code: str) -> str:
    """JavaScript safe inside a <script> element: ``</script`` cannot end it early.

    ``<\\/script`` means the same in a string, a regular expression or a template literal.
    """
    return _END_SCRIPT.sub(lambda m: "<\\/" + m.group(0)[2:], code)


def _header(heading: str, data: ReportInput) -> str:
    m, d = data.metrics, data.documents
    councils = m["council"].dropna().astype(str)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    facts = (
        f"{_count(len(d), 'document')} · {_count(len(m), 'figure')} · "
        f"{_count(councils[councils != 'England'].nunique(), 'council')} · "
        f"made {stamp} by council-metrics {escape(__version__)}"
    )
    nav = " · ".join(
        f'<a href="#{anchor}">{name}</a>'
        for anchor, name in (
            ("compare", "Compare councils"),
            ("ratings", "Ratings and quality statements"),
            ("councils", "Councils"),
            ("documents", "Documents"),
        )
    )
    return (
        f'<header><h1>{escape(heading)}</h1><p class="facts">{facts}</p><nav>{nav}</nav></header>'
    )


def _select(name: str, label: str, options: Iterable[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in options)
    return (
        f'<label>{label} <select id="filter-{name}" data-filter="{name}">'
        f'<option value="">all</option>{items}</select></label>'
    )


def _filters(data: ReportInput) -> str:
    families = set(data.metrics["family"].dropna().astype(str))
    family_options = [(f, f.replace("_", " ")) for f in FAMILY_ORDER if f in families]
    councils = sorted(set(data.metrics["council"].dropna().astype(str)), key=_council_order)
    docs = data.documents.sort_values("source")
    doc_options = [(_short(r.doc_id), str(r.source)) for r in docs.itertuples(index=False)]
    return (
        '<form id="filters" class="filters" onsubmit="return false">'
        + _select("family", "Family", family_options)
        + _select("council", "Council", [(c, c) for c in councils])
        + _select("doc", "Document", doc_options)
        + '<label>Search <input id="filter-q" data-filter="q" type="search" '
        'placeholder="words in the sentence or metric"></label>'
        '<button type="reset" id="filter-reset">Clear</button>'
        f'<output id="shown">{len(data.metrics)} of {len(data.metrics)} figures</output>'
        '<p class="hint">Council and document filters apply to the charts too; family and '
        "search filter the lists.</p></form>"
    )


def _council_order(name: str) -> tuple[int, str]:
    return (1 if name == "England" else 0, name)


def _compare_section(has_data: bool) -> str:
    note = (
        "Each bar is the council's latest figure for the chosen metric (latest period, then "
        "latest document), coloured by its period. Dashed lines are the national values the "
        "documents state: a figure given to England, or a national or England comparator."
    )
    empty = "" if has_data else '<p class="empty">No council states any of these metrics.</p>'
    return (
        '<section id="compare"><h2>Compare councils</h2>'
        f'<p class="note">{note}</p>{empty}<div id="chart-compare" class="chart"></div></section>'
    )


def _heatmap_section(has_data: bool) -> str:
    note = (
        "CQC rating, overall score (coloured by the rating band it falls in) and the nine "
        "quality statement scores, 1 to 4, each council's latest stated. The last column counts "
        "statements by score where a document gives only counts (\u201c6\u00d73\u201d: six "
        "statements scored 3)."
    )
    empty = "" if has_data else '<p class="empty">No ratings or statement scores found.</p>'
    return (
        '<section id="ratings"><h2>Ratings and quality statements</h2>'
        f'<p class="note">{note}</p>{empty}<div id="chart-heatmap" class="chart"></div></section>'
    )


# --- per-council view ------------------------------------------------------------------------


def _councils_section(metrics: pd.DataFrame) -> str:
    frame = metrics.assign(council=metrics["council"].astype(object).fillna(NO_COUNCIL))
    frame = frame.assign(council=frame["council"].astype(str))
    parts = [
        '<section id="councils"><h2>Councils</h2><p class="note">Each council\'s latest figure '
        "per metric; the count says how many other figures state the same metric. Click a "
        "figure to see its sentence.</p>"
    ]
    names = sorted(frame["council"].unique(), key=lambda n: (n == NO_COUNCIL, *_council_order(n)))
    for name in names:
        parts.append(_council_card(name, frame[frame["council"] == name]))
    parts.append("</section>")
    return "\n".join(parts)


def _council_card(name: str, rows: pd.DataFrame) -> str:
    rows = rows.sort_values("rank", kind="stable")
    others = rows.groupby(rows["metric"].astype(str)).size() - 1
    latest = rows.drop_duplicates("metric", keep="first")
    latest = latest.assign(
        _family=latest["family"].astype(str).map(_family_index),
        _metric=latest["metric"].astype(str),
    ).sort_values(["_family", "_metric"], kind="stable")
    code = rows["council_code"].dropna().astype(str)
    headline = _council_headline(latest)
    body = "".join(_council_row(r, int(others[str(r.metric)])) for r in latest.itertuples())
    docs = rows["doc_id"].nunique()
    return (
        f'<article class="council" data-council="{escape(name)}">'
        f"<h3>{escape(name)} <small>{escape(code.iloc[0] if len(code) else '')}</small></h3>"
        f'<p class="facts">{headline}{_count(len(rows), "figure")} from '
        f"{_count(docs, 'document')}</p>"
        f'<table class="figures by-council">{_columns(_COUNCIL_COLUMNS)}<tbody>{body}</tbody>'
        "</table></article>"
    )


def _family_index(family: str) -> int:
    return FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER)


def _council_headline(latest: pd.DataFrame) -> str:
    parts = []
    for key, name in (("cqc_rating", "rated"), ("cqc_score", "score")):
        found = latest[latest["metric"].astype(str) == key]
        if len(found):
            parts.append(f"{name} <strong>{escape(str(found.iloc[0]['value_text']))}</strong>")
    return " · ".join(parts) + (" · " if parts else "")


def _council_row(row: Any, others: int) -> str:
    more = f' <span class="more">+{others}</span>' if others else ""
    where = escape(str(row.source)) + (f", p. {int(row.page)}" if pd.notna(row.page) else "")
    return (
        f"<tr {_row_attrs(row)}><td>{_family_tag(row.family)}</td>"
        f"<td>{_metric(row.metric)}{more}</td>"
        f'<td class="value"><a href="#fig-{row.Index}">{escape(str(row.value_text))}</a></td>'
        f"<td>{_text(row.period)}</td><td>{_comparator(row)}</td><td>{where}</td></tr>"
    )


# --- per-document view -----------------------------------------------------------------------


def _documents_section(metrics: pd.DataFrame, documents: pd.DataFrame) -> str:
    parts = [
        '<section id="documents"><h2>Documents</h2><p class="note">Every figure with the '
        "sentence that states it; the figure is highlighted.</p>"
    ]
    by_doc = {str(k): g for k, g in metrics.groupby(metrics["doc_id"].astype(str), observed=True)}
    for doc in documents.sort_values("source").itertuples(index=False):
        parts.append(_document_card(doc, by_doc.get(str(doc.doc_id))))
    parts.append("</section>")
    return "\n".join(parts)


def _document_card(doc: Any, rows: pd.DataFrame | None) -> str:
    council = "" if pd.isna(doc.council) else str(doc.council)
    facts = " · ".join(
        escape(str(v))
        for v in (doc.source, doc.doc_kind, council, _pages(doc.pages), doc.status)
        if v is not None and not (isinstance(v, float) and pd.isna(v)) and str(v) != ""
    )
    error = "" if pd.isna(doc.error) else f'<p class="error">{escape(str(doc.error))}</p>'
    title = doc.title if isinstance(doc.title, str) and doc.title.strip() else doc.source
    table = _figures_table(rows) if rows is not None and len(rows) else ""
    empty = ' data-empty="1"' if not table else ""
    return (
        f'<article class="doc" id="doc-{_short(doc.doc_id)}" data-doc="{_short(doc.doc_id)}" '
        f'data-council="{escape(council)}"{empty}><h3>{escape(str(title))}</h3>'
        f'<p class="facts">{facts} · {_count(0 if rows is None else len(rows), "figure")}</p>'
        f"{error}{table}</article>"
    )


def _pages(pages: Any) -> str:
    return f"{int(pages)} pages" if pd.notna(pages) and int(pages) > 1 else ""


def _figures_table(rows: pd.DataFrame) -> str:
    rows = rows.assign(_page=rows["page"].fillna(0)).sort_values(
        ["_page", "char_start"], kind="stable"
    )
    body = "".join(_figure_row(r) for r in rows.itertuples())
    return (
        f'<table class="figures by-document">{_columns(_DOCUMENT_COLUMNS)}<tbody>{body}</tbody>'
        "</table>"
    )


def _figure_row(row: Any) -> str:
    page = "" if pd.isna(row.page) else str(int(row.page))
    warnings = ""
    if len(row.warnings):
        notes = "; ".join(str(w) for w in row.warnings)
        warnings = f' <span class="warn" title="{escape(notes)}">⚠ {escape(notes)}</span>'
    value = escape(str(row.value_text))
    if str(row.qualifier) != "exact":
        value += f" <small>{escape(str(row.qualifier).replace('_', ' '))}</small>"
    return (
        f'<tr id="fig-{row.Index}" {_row_attrs(row)}><td>{page}</td>'
        f"<td>{_family_tag(row.family)}</td><td>{_metric(row.metric)}</td>"
        f'<td>{_text(row.council)}</td><td class="value">{value}</td><td>{_text(row.period)}</td>'
        f'<td>{_comparator(row)}</td><td class="quote">{highlighted_quote(row)}{warnings}</td></tr>'
    )


def highlighted_quote(row: Any) -> str:
    """The row's sentence as HTML, the figure wrapped in ``<mark>``."""
    quote = str(row.quote)
    span = figure_span(
        quote, int(row.quote_start), int(row.char_start), int(row.char_end), str(row.value_text)
    )
    if span is None:
        return escape(quote)
    start, end = span
    return f"{escape(quote[:start])}<mark>{escape(quote[start:end])}</mark>{escape(quote[end:])}"


# --- cells -------------------------------------------------------------------------------------


def _row_attrs(row: Any) -> str:
    council = NO_COUNCIL if pd.isna(row.council) else str(row.council)
    return (
        f'class="fig" data-family="{escape(str(row.family))}" '
        f'data-council="{escape(council)}" data-doc="{_short(row.doc_id)}"'
    )


def _family_tag(family: Any) -> str:
    name = str(family)
    return f'<span class="family family-{escape(name)}">{escape(name.replace("_", " "))}</span>'


def _comparator(row: Any) -> str:
    if pd.isna(row.comparator_scope) and pd.isna(row.comparator_value):
        return ""
    scope = "" if pd.isna(row.comparator_scope) else str(row.comparator_scope).replace("_", " ")
    value = "" if pd.isna(row.comparator_value) else f"{row.comparator_value:g}"
    period = "" if pd.isna(row.comparator_period) else f" ({row.comparator_period})"
    return escape(f"{scope} {value}{period}".strip())


_COUNCIL_COLUMNS = ("Family", "Metric", "Figure", "Period", "Comparator", "Source")
_DOCUMENT_COLUMNS = (
    "Page", "Family", "Metric", "Council", "Figure", "Period", "Comparator", "Sentence"
)  # fmt: skip


def _columns(names: Sequence[str]) -> str:
    """A colgroup (widths set in report.css by class) and the header row."""
    cols = "".join(f'<col class="col-{n.lower()}">' for n in names)
    heads = "".join(f"<th>{n}</th>" for n in names)
    return f"<colgroup>{cols}</colgroup><thead><tr>{heads}</tr></thead>"


def _metric(key: Any) -> str:
    """A metric key that may wrap after its underscores."""
    return "<code>" + escape(str(key)).replace("_", "_<wbr>") + "</code>"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else escape(str(value))


def _short(doc_id: Any) -> str:
    return str(doc_id)[:12]
