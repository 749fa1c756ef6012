"""The notebook API: the output folder as pandas DataFrames.

Stage: ``DIR/{metrics,pages,documents}`` (Parquet) -> ``pandas.DataFrame``.

``load(DIR)`` reads one dataset with analyst-friendly dtypes: repeated strings (council, family,
metric, unit, period, ...) are categoricals, offsets and pages are nullable integers, dates are
``datetime64``. ``wide(df)`` pivots the metrics to one row per council and period with one column
per canonical metric, plus a parallel ``<metric>_source`` column naming the document each value
came from. ``figure_span`` finds a figure inside its sentence, for highlighting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.records import (
    COMPARATOR_SCOPES,
    DOC_KINDS,
    DOC_STATUSES,
    FAMILY_ORDER,
    QUALIFIERS,
    UNITS,
)

__all__ = [
    "FAMILY_ORDER",
    "SOURCE_SUFFIX",
    "OutputNotFoundError",
    "canonical_metrics",
    "figure_span",
    "load",
    "pick_order",
    "wide",
]

Dataset = Literal["metrics", "pages", "documents"]


# Columns stored as categoricals; a tuple gives the known categories first, in that order (values
# outside it are kept, appended in sorted order), an empty tuple means "the values seen, sorted".
_CATEGORIES: dict[str, dict[str, tuple[str, ...]]] = {
    "metrics": {
        "source": (),
        "doc_id": (),
        "council": (),
        "council_code": (),
        "family": FAMILY_ORDER,
        "metric": (),
        "unit": tuple(sorted(UNITS)),
        "qualifier": tuple(sorted(QUALIFIERS)),
        "period": (),
        "comparator_scope": tuple(sorted(COMPARATOR_SCOPES)),
        "comparator_period": (),
        "pattern": (),
    },
    "pages": {"doc_id": ()},
    "documents": {
        "media_type": (),
        "doc_kind": tuple(sorted(DOC_KINDS)),
        "council": (),
        "council_code": (),
        "status": tuple(sorted(DOC_STATUSES)),
        "pipeline_version": (),
    },
}

SOURCE_SUFFIX = "_source"
_WIDE_NEEDS = ("council", "period", "metric", "value", "source", "doc_id", "period_end")


class OutputNotFoundError(FileNotFoundError):
    """The folder holds no dataset of that name (not an extraction output?)."""


def load(directory: str | os.PathLike[str], dataset: Dataset = "metrics") -> pd.DataFrame:
    """One dataset of an extraction output folder as a DataFrame with categorical dtypes.

    ``dataset`` is ``metrics`` (one row per figure, the default), ``pages`` or ``documents``.
    Raises :class:`OutputNotFoundError` when ``directory/dataset`` is missing.
    """
    folder = Path(directory) / dataset
    if dataset not in _CATEGORIES:
        raise ValueError(f"unknown dataset {dataset!r}: use metrics, pages or documents")
    if not folder.is_dir():
        raise OutputNotFoundError(
            f"no {dataset} dataset in {directory}: run `council-metrics extract ... --out "
            f"{directory}` first"
        )
    table = pq.read_table(folder, partitioning=None)
    frame: pd.DataFrame = table.to_pandas(types_mapper=_nullable_ints, date_as_object=False)
    if "warnings" in frame.columns:
        frame["warnings"] = [list(w) for w in frame["warnings"]]
    for column, known in _CATEGORIES[dataset].items():
        if column in frame.columns:
            frame[column] = _categorical(frame[column], known)
    return frame


def _nullable_ints(arrow_type: pa.DataType) -> Any:
    """Arrow integers as pandas nullable integers, so a null page stays an integer column."""
    if pa.types.is_int32(arrow_type):
        return pd.Int32Dtype()
    if pa.types.is_int64(arrow_type):
        return pd.Int64Dtype()
    return None


def _categorical(values: pd.Series, known: tuple[str, ...]) -> pd.Series:
    seen = sorted({str(v) for v in values.dropna().unique()})
    categories = [*known, *(v for v in seen if v not in known)]
    return values.astype(pd.CategoricalDtype(categories=categories))


def canonical_metrics(patterns_dir: Path | None = None) -> tuple[str, ...]:
    """The canonical metric keys of the patterns, in the order of ``patterns/``.

    Metrics of ``metrics.yaml`` first, then the nine quality statements.
    """
    from pipeline.taxonomy import load_patterns

    patterns = load_patterns(patterns_dir)
    keys = [m.key for m in patterns.metrics] + [s.key for s in patterns.statements]
    return tuple(dict.fromkeys(keys))


def pick_order(df: pd.DataFrame) -> pd.Series:
    """Preference rank of every row (0 = preferred) for "the latest figure wins".

    Latest period first (by ``period_end``; rows with no period last), then the latest document,
    then the earliest position in the document. A document's date is the latest ``period_end``
    among its figures (documents carry no publication date), ties broken by source name, later
    first; so of two documents stating a council's 2023-24 turnover, the one that also talks
    about 2024-25 wins.
    """
    period_end = pd.to_datetime(df["period_end"])
    doc_date = period_end.groupby(df["doc_id"].astype(str)).transform("max")
    keys = pd.DataFrame(
        {
            "period_end": period_end,
            "doc_date": doc_date.to_numpy(),
            "source": df["source"].astype(str),
            "page": _position(df, "page"),
            "char_start": _position(df, "char_start"),
        },
        index=df.index,
    )
    ordered = keys.sort_values(
        ["period_end", "doc_date", "source", "page", "char_start"],
        ascending=[False, False, False, True, True],
        na_position="last",
        kind="stable",
    )
    rank = pd.Series(range(len(ordered)), index=ordered.index, dtype="int64")
    return rank.reindex(df.index)


def _position(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        return pd.Series(0, index=df.index, dtype="int64")
    return pd.to_numeric(df[column], errors="coerce").fillna(0)


def wide(df: pd.DataFrame, patterns_dir: Path | None = None) -> pd.DataFrame:
    """One row per council and period, one column per canonical metric.

    ``df`` is the metrics dataset (``load(DIR)``). Figures with a descriptive (non-canonical)
    key or no council are left out; England is a row like any council. When several figures
    give the same council, period and metric, the latest document wins (see :func:`pick_order`),
    and within a document the first mention. Each metric column ``m`` has a parallel
    ``m_source`` column with the source file of the value. Columns: ``council``,
    ``council_code``, ``period``, then the metrics in ``patterns/`` order.
    """
    missing = [c for c in _WIDE_NEEDS if c not in df.columns]
    if missing:
        raise ValueError(f"wide() needs the metrics dataset; missing columns: {missing}")
    keys = canonical_metrics(patterns_dir)
    rows = df[df["metric"].astype(str).isin(keys) & df["council"].notna()]
    rows = rows.assign(_rank=pick_order(rows)).sort_values("_rank", kind="stable")
    rows = rows.assign(
        council=rows["council"].astype(str),
        period=rows["period"].astype(object).where(rows["period"].notna(), ""),
        metric=rows["metric"].astype(str),
    )
    picked = rows.drop_duplicates(["council", "period", "metric"], keep="first")
    index = ["council", "period"]
    values = picked.pivot(index=index, columns="metric", values="value")
    sources = picked.pivot(index=index, columns="metric", values="source").astype(object)
    present = [k for k in keys if k in values.columns]
    columns: dict[str, pd.Series] = {}
    for key in present:
        columns[key] = values[key].astype("float64")
        columns[key + SOURCE_SUFFIX] = sources[key].where(sources[key].notna(), None)
    out = pd.DataFrame(columns, index=values.index).reset_index()
    out.insert(1, "council_code", out["council"].map(_council_codes(picked)))
    out["period"] = out["period"].where(out["period"] != "", None)
    return out.sort_values(["council", "period"], na_position="first", kind="stable").reset_index(
        drop=True
    )


def _council_codes(rows: pd.DataFrame) -> dict[str, str | None]:
    codes = rows.dropna(subset=["council_code"]).drop_duplicates("council")
    return {
        str(c): str(code) for c, code in zip(codes["council"], codes["council_code"], strict=True)
    }


def figure_span(
    quote: str, quote_start: int, char_start: int, char_end: int, value_text: str = ""
) -> tuple[int, int] | None:
    """Where the figure sits in its sentence: ``(start, end)`` offsets into ``quote``.

    Offsets in the datasets point into the page text; the figure's span is shifted by the
    quote's start. When that span falls outside the quote (a figure stated in a heading, say),
    the figure as written is searched for instead; None when it is not in the quote either.

    >>> figure_span("Turnover was 12% in 2021-22.", 100, 113, 116)
    (13, 16)
    >>> figure_span("Turnover was 12%.", 0, 90, 93, "12%")
    (13, 16)
    """
    start, end = char_start - quote_start, char_end - quote_start
    if 0 <= start < end <= len(quote):
        return start, end
    if value_text:
        at = quote.lower().find(value_text.lower())
        if at >= 0:
            return at, at + len(value_text)
    return None
