"""The report's charts: Vega-Lite specs built with Altair, and the Vega JavaScript to inline.

Stage: metrics ``DataFrame`` -> chart data rows (plain JSON-able dicts) + Vega-Lite specs.

Each spec reads a named dataset (``compare``, ``heatmap``) whose rows the page embeds once, and
declares two parameters the page's filters set from JavaScript: ``f_council`` and ``f_doc``
(empty string: no filter). The comparison chart also has a ``metric`` parameter bound to a
drop-down. "Latest figure wins" is done in the chart (a window over the precomputed ``rank``), so
the filters change which figure is latest, as they should.

The JavaScript (Vega, Vega-Lite, vega-embed) comes from the ``vl-convert-python`` wheel, which
ships and bundles it offline: the page needs no network at view time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from pipeline.api import pick_order

__all__ = [
    "COMPARE_FIRST",
    "Statement",
    "compare_rows",
    "comparison_chart",
    "comparison_options",
    "heatmap_chart",
    "heatmap_columns",
    "heatmap_rows",
    "vega_javascript",
]

# The figures analysts compare most, offered first in the drop-down (DOMAIN.md).
COMPARE_FIRST: tuple[str, ...] = (
    "staff_turnover_rate",
    "staff_vacancy_rate",
    "satisfied_with_care_rate",
    "feel_safe_rate",
    "cqc_score",
)
# Keys shown in the heat map rather than the comparison chart.
_NOT_COMPARED = ("cqc_rating", "cqc_score_band", "quality_statements_scored_", "qs_")
NATIONAL_SCOPES = ("national", "england")
ENGLAND = "England"

RATING_COLUMN = "Rating"
SCORE_COLUMN = "Score"
COUNTS_COLUMN = "Statements by score"
SCORE_COLOURS = ("#d7301f", "#fc8d59", "#a6d96a", "#1a9850")  # 1 .. 4
SCORE_LABELS = {
    "1": "1 significant shortfalls / Inadequate",
    "2": "2 some shortfalls / Requires improvement",
    "3": "3 good standard / Good",
    "4": "4 exceptional standard / Outstanding",
}
RATING_SHORT = {"Requires Improvement": "Req. impr."}


@dataclass(frozen=True, slots=True)
class Statement:
    """One of the nine quality statements: its metric key and its name."""

    key: str
    name: str


def _filters(*, council: bool = True) -> str:
    doc = "(f_doc === '' || datum.doc === f_doc)"
    if not council:
        return doc
    return f"(f_council === '' || datum.council === f_council) && {doc}"


def _latest(chart: alt.Chart, groupby: list[str]) -> alt.Chart:
    """Keep the preferred row (lowest ``rank``) of each group, after the filters."""
    return chart.transform_window(
        pick="row_number()", groupby=groupby, sort=[alt.SortField("rank", order="ascending")]
    ).transform_filter("datum.pick === 1")


def _filter_params() -> list[alt.Parameter]:
    return [alt.param(name="f_council", value=""), alt.param(name="f_doc", value="")]


def _json_value(value: Any) -> Any:
    """A value JSON can carry: NaN and NaT become null, numbers stay numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def _number_text(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text + "%" if unit == "percent" else text


def humanise(key: str) -> str:
    """A metric key as words: ``staff_turnover_rate`` -> ``Staff turnover rate``."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


# --- comparison chart ------------------------------------------------------------------------


def comparison_options(metrics: pd.DataFrame, canonical: Sequence[str]) -> list[tuple[str, str]]:
    """``(key, label)`` pairs for the drop-down: the five headline figures, then every other
    canonical metric some council states (ratings and statements are in the heat map)."""
    councils = metrics[metrics["council"].notna() & (metrics["council"].astype(str) != ENGLAND)]
    stated = set(councils["metric"].astype(str))
    others = [
        k for k in canonical if k in stated and k not in COMPARE_FIRST and not _heatmap_key(k)
    ]
    return [(k, humanise(k)) for k in (*COMPARE_FIRST, *others)]


def _heatmap_key(key: str) -> bool:
    return any(key == p or (p.endswith("_") and key.startswith(p)) for p in _NOT_COMPARED)


def compare_rows(metrics: pd.DataFrame, keys: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of the ``compare`` dataset: councils' figures and the national values stated.

    A national value is a figure given to England, or a comparator whose scope is national or
    England (the "national average" of a press release).
    """
    wanted = metrics[metrics["metric"].astype(str).isin(set(keys))]
    wanted = wanted.assign(rank=pick_order(metrics).reindex(wanted.index))
    rows: list[dict[str, Any]] = []
    for row in _records(wanted):
        council, unit, period = row["council"], str(row["unit"]), row["period"]
        base = {"metric": str(row["metric"]), "doc": _short(row["doc_id"]), "source": row["source"]}
        if council == ENGLAND:
            rows.append(_national(base, row["value"], unit, period, "England"))
        elif council is not None:
            rows.append(_council_row(base, row))
        value = row["comparator_value"]
        if row["comparator_scope"] in NATIONAL_SCOPES and value is not None:
            stated = row["comparator_period"] or period
            rows.append(_national(base, value, unit, stated, "national average"))
    return rows


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts of JSON-able values (null for every kind of missing)."""
    return [{str(k): _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _council_row(base: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    return {
        **base,
        "kind": "council",
        "council": str(row["council"]),
        "value": float(row["value"]),
        "value_text": str(row["value_text"]),
        "period": row["period"] or "no period stated",
        "page": row["page"],
        "rank": int(row["rank"]),
    }


def _national(
    base: dict[str, Any], value: float, unit: str, period: str | None, what: str
) -> dict[str, Any]:
    label = f"{what} {_number_text(float(value), unit)}"
    if period:
        label += f" ({period})"
    return {**base, "kind": "national", "value": float(value), "label": label}


def _short(doc_id: Any) -> str:
    return str(doc_id)[:12]


def comparison_chart(options: Sequence[tuple[str, str]], default: str) -> alt.VConcatChart:
    """Bars: each council's latest figure for the chosen metric, coloured by period; dashed
    rules across them, and a panel below naming them: the national values stated for it."""
    metric = alt.param(
        name="metric",
        value=default,
        bind=alt.binding_select(
            options=[k for k, _ in options], labels=[label for _, label in options], name="Metric "
        ),
    )
    base = alt.Chart(alt.NamedData(name="compare"))
    councils = _latest(
        base.transform_filter(
            f"datum.kind === 'council' && datum.metric === metric && {_filters()}"
        ),
        ["council"],
    )
    national = base.transform_filter(
        f"datum.kind === 'national' && datum.metric === metric && {_filters(council=False)}"
    ).transform_aggregate(documents="count()", groupby=["value", "label"])
    x = alt.X("value:Q", title=None, axis=alt.Axis(grid=True))
    bars = _council_bars(councils, x)
    rules = national.mark_rule(color="#222", strokeDash=[6, 4], size=2).encode(
        x=x, tooltip=alt.Tooltip("label:N", title="Stated")
    )
    stated_y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("value"), axis=None)
    ticks = national.mark_tick(color="#222", thickness=2).encode(x=x, y=stated_y)
    names = national.mark_text(align="left", dx=6, fontSize=11).encode(
        x=x, y=stated_y, text="label:N"
    )
    top = alt.LayerChart(layer=[*bars, rules], width=560, height=alt.Step(26))
    bottom = alt.LayerChart(
        layer=[ticks, names],
        width=560,
        height=alt.Step(18),
        title=alt.Title("National values stated", fontSize=12),
    )
    chart = alt.VConcatChart(
        vconcat=[top, bottom],
        spacing=8,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="shared")),
    )
    return chart.add_params(metric, *_filter_params())


def _council_bars(councils: alt.Chart, x: alt.X) -> tuple[alt.Chart, alt.Chart]:
    by_value = alt.EncodingSortField("value", op="max", order="descending")
    y = alt.Y("council:N", sort=by_value, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("council:N", title="Council"),
        alt.Tooltip("value_text:N", title="Figure"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("page:Q", title="Page"),
    ]
    bars = councils.mark_bar(height={"band": 0.7}).encode(
        x=x, y=y, color=alt.Color("period:N", title="Period"), tooltip=tooltip
    )
    labels = councils.mark_text(align="left", dx=4, fontSize=11).encode(
        x=x, y=y, text="value_text:N"
    )
    return bars, labels


# --- rating and quality statement heat map ---------------------------------------------------


def heatmap_columns(statements: Sequence[Statement]) -> list[str]:
    """The heat map's columns: rating, score, the nine statements, counts by score."""
    return [RATING_COLUMN, SCORE_COLUMN, *(s.name for s in statements), COUNTS_COLUMN]


def heatmap_rows(metrics: pd.DataFrame, statements: Sequence[Statement]) -> list[dict[str, Any]]:
    """Rows of the ``heatmap`` dataset: one cell per council, column and document."""
    names = {s.key: s.name for s in statements}
    frame = metrics.assign(rank=pick_order(metrics))
    frame = frame[frame["council"].notna() & (frame["council"].astype(str) != ENGLAND)]
    rows: list[dict[str, Any]] = []
    for row in _records(frame):
        key = str(row["metric"])
        cell = _heatmap_cell(key, float(row["value"]), str(row["value_text"]), names)
        if cell is not None:
            rows.append({**_cell_base(row), **cell})
    rows.extend(_count_cells(frame))
    return rows


def _cell_base(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "council": str(row["council"]),
        "doc": _short(row["doc_id"]),
        "source": str(row["source"]),
        "page": row["page"],
        "rank": int(row["rank"]),
        "figure": str(row["value_text"]),
    }


def _heatmap_cell(
    key: str, value: float, value_text: str, names: dict[str, str]
) -> dict[str, Any] | None:
    if key == "cqc_rating" and 1 <= value <= 4:
        text = RATING_SHORT.get(value_text, value_text)
        return {"column": RATING_COLUMN, "score": int(value), "text": text}
    if key == "cqc_score" and 25 <= value <= 100:
        return {"column": SCORE_COLUMN, "score": score_band(value), "text": f"{value:g}%"}
    if key in names and 1 <= value <= 4:
        return {"column": names[key], "score": int(value), "text": f"{value:g}"}
    return None


def score_band(score: float) -> int:
    """The rating (1-4) an overall score falls in: 25-38, 39-62, 63-87, 88 and above.

    >>> [score_band(s) for s in (30, 62, 63, 89)]
    [1, 2, 3, 4]
    """
    bands = ((88, 4), (63, 3), (39, 2))
    return next((band for floor, band in bands if score >= floor), 1)


def _count_cells(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One "6×3 3×2" cell per council and document from ``quality_statements_scored_N``."""
    counts = frame[frame["metric"].astype(str).str.startswith("quality_statements_scored_")]
    cells = []
    for (_, _), group in counts.groupby(
        [counts["council"].astype(str), counts["doc_id"].astype(str)]
    ):
        parts = sorted(
            ((str(m)[-1], int(v)) for m, v in zip(group["metric"], group["value"], strict=True)),
            reverse=True,
        )
        first = _records(group.sort_values("rank").head(1))[0]
        text = " ".join(f"{n}×{score}" for score, n in dict(parts).items())
        cells.append({**_cell_base(first), "column": COUNTS_COLUMN, "score": None, "text": text})
    return cells


def heatmap_chart(columns: Sequence[str]) -> alt.LayerChart:
    """Councils by rating, score and the nine statements, coloured by score 1-4."""
    base = _latest(
        alt.Chart(alt.NamedData(name="heatmap")).transform_filter(_filters()), ["council", "column"]
    )
    x = alt.X(
        "column:N",
        title=None,
        scale=alt.Scale(domain=list(columns)),
        axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=240, labelAlign="left"),
    )
    y = alt.Y("council:N", title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("council:N", title="Council"),
        alt.Tooltip("column:N", title="Column"),
        alt.Tooltip("figure:N", title="Figure"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("page:Q", title="Page"),
    ]
    label_expr = (
        " : ".join(f"datum.label === '{k}' ? '{v}'" for k, v in SCORE_LABELS.items())
        + " : datum.label"
    )
    colour = alt.Color(
        "score:O",
        title="Score",
        scale=alt.Scale(domain=[1, 2, 3, 4], range=list(SCORE_COLOURS)),
        legend=alt.Legend(labelExpr=label_expr, orient="bottom", columns=2, labelLimit=320),
    )
    cells = (
        base.transform_filter("isValid(datum.score)")
        .mark_rect(stroke="white")
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    text = base.mark_text(fontSize=11, color="#111").encode(
        x=x, y=y, text="text:N", tooltip=tooltip
    )
    chart = alt.LayerChart(layer=[cells, text], width=alt.Step(74), height=alt.Step(26))
    return chart.add_params(*_filter_params())


# --- JavaScript ------------------------------------------------------------------------------


def vegalite_version() -> str | None:
    """The Vega-Lite version Altair writes (``"6.4"``) when vl-convert ships it, else None."""
    import vl_convert as vlc

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return wanted if wanted in vlc.get_vegalite_versions() else None


@lru_cache(maxsize=1)
def vega_javascript() -> str:
    """Vega, Vega-Lite and vega-embed as one script that sets ``window.vegaEmbed``.

    Bundled by vl-convert from the JavaScript inside its wheel, with no network.
    """
    import vl_convert as vlc

    return vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;", vl_version=vegalite_version())
