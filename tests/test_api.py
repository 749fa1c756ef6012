"""The notebook API: load() dtypes, wide() shape and "latest document wins", figure_span()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.api import (
    FAMILY_ORDER,
    SOURCE_SUFFIX,
    OutputNotFoundError,
    canonical_metrics,
    figure_span,
    load,
    pick_order,
    wide,
)
from pipeline.records import FAMILIES
from tests.analyst_data import write_fixture_output


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_output(tmp_path_factory.mktemp("analyst-out"))


@pytest.fixture(scope="module")
def metrics(out: Path) -> pd.DataFrame:
    return load(out)


@pytest.fixture(scope="module")
def table(metrics: pd.DataFrame) -> pd.DataFrame:
    return wide(metrics)


def _cell(table: pd.DataFrame, council: str, period: str | None, column: str) -> object:
    rows = table[(table.council == council)]
    rows = rows[rows.period.isna()] if period is None else rows[rows.period == period]
    assert len(rows) == 1, (council, period)
    return rows.iloc[0][column]


# --- load -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    ["source", "council", "council_code", "family", "metric", "unit", "qualifier", "period"],
)
def test_repeated_strings_are_categorical(metrics: pd.DataFrame, column: str) -> None:
    assert isinstance(metrics[column].dtype, pd.CategoricalDtype)


def test_family_categories_follow_the_domain_order(metrics: pd.DataFrame) -> None:
    assert tuple(metrics.family.cat.categories[: len(FAMILY_ORDER)]) == FAMILY_ORDER
    assert set(FAMILY_ORDER) == FAMILIES


def test_unknown_values_are_kept_not_nulled(out: Path, metrics: pd.DataFrame) -> None:
    raw = pd.read_parquet(out / "metrics")
    for column in ("family", "unit", "council", "comparator_scope"):
        assert metrics[column].isna().sum() == raw[column].isna().sum(), column


def test_numbers_dates_and_lists(metrics: pd.DataFrame) -> None:
    assert len(metrics) == 15
    assert str(metrics.page.dtype) == "Int32"
    assert str(metrics.char_start.dtype) == "Int32"
    assert metrics.value.dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(metrics.period_end)
    assert metrics.page.isna().sum() == 12  # only the PDF has pages
    warned = metrics[metrics.metric == "home_visits"].iloc[0]
    assert warned.warnings == ["out of range"]


def test_other_datasets(out: Path) -> None:
    documents = load(out, "documents")
    assert len(documents) == 5
    assert isinstance(documents.status.dtype, pd.CategoricalDtype)
    assert set(documents.status) == {"ok", "failed"}
    pages = load(out, "pages")
    assert set(pages.columns) == {"doc_id", "page", "text"}


def test_missing_output_and_bad_dataset(tmp_path: Path) -> None:
    with pytest.raises(OutputNotFoundError, match="council-metrics extract"):
        load(tmp_path)
    with pytest.raises(ValueError, match="unknown dataset"):
        load(tmp_path, "figures")  # type: ignore[arg-type]


def test_package_exports_lazily() -> None:
    assert pipeline.load is load
    assert pipeline.wide is wide
    code = "import sys, pipeline; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", "import pipeline must not import pandas"
    with pytest.raises(AttributeError):
        _ = pipeline.no_such_name  # type: ignore[attr-defined]


# --- wide -------------------------------------------------------------------------------------


def test_one_row_per_council_and_period(table: pd.DataFrame) -> None:
    keys = table[["council", "period"]].astype(str)
    assert not keys.duplicated().any()
    assert list(table.columns[:3]) == ["council", "council_code", "period"]
    assert set(table.council) == {"Barking and Dagenham", "Camden", "England", "Hackney"}


def test_latest_document_wins(table: pd.DataFrame) -> None:
    # hackney-2023.txt says 30% for 2022-23; hackney-2024.txt restates it as 28%
    assert _cell(table, "Hackney", "2022-23", "staff_turnover_rate") == 28
    assert _cell(table, "Hackney", "2022-23", "staff_turnover_rate_source") == "hackney-2024.txt"
    assert _cell(table, "Hackney", "2023-24", "staff_turnover_rate") == 20


@pytest.mark.parametrize(
    ("council", "period", "column", "expected"),
    [
        ("Camden", None, "cqc_rating", 4.0),
        ("Camden", None, "cqc_score", 89.0),
        ("Camden", None, "qs_safeguarding", 4.0),
        ("Camden", "2023-24", "staff_turnover_rate", 10.0),
        ("Hackney", None, "cqc_rating", 2.0),
        ("England", "2023-24", "staff_turnover_rate", 24.2),
        ("Barking and Dagenham", "2023-24", "staff_vacancy_rate", 8.5),
        ("Barking and Dagenham", "2023-24", "staff_vacancy_rate_source", "bd-self-assessment.pdf"),
        ("Barking and Dagenham", "2023-24", "council_code", "E09000002"),
    ],
)
def test_values(
    table: pd.DataFrame, council: str, period: str | None, column: str, expected: object
) -> None:
    assert _cell(table, council, period, column) == expected


def test_only_canonical_metrics_with_a_source_column_each(table: pd.DataFrame) -> None:
    canonical = set(canonical_metrics())
    metrics = [c for c in table.columns[3:] if not c.endswith(SOURCE_SUFFIX)]
    assert "home_visits" not in table.columns
    assert set(metrics) <= canonical
    assert [c for c in table.columns[3:] if c.endswith(SOURCE_SUFFIX)] == [
        m + SOURCE_SUFFIX for m in metrics
    ]
    assert not any(k.endswith(SOURCE_SUFFIX) for k in canonical)


def test_wide_needs_the_metrics_dataset(out: Path) -> None:
    with pytest.raises(ValueError, match="missing columns"):
        wide(load(out, "documents"))


def test_wide_of_no_figures(metrics: pd.DataFrame) -> None:
    empty = wide(metrics.iloc[0:0])
    assert list(empty.columns) == ["council", "council_code", "period"]


@pytest.mark.usefixtures("samples_out")
def test_wide_on_the_samples(samples_out: Path) -> None:
    table = wide(load(samples_out))
    assert not table[["council", "period"]].astype(str).duplicated().any()
    assert {"Camden", "Hackney", "England"} <= set(table.council)
    assert _cell(table, "Camden", None, "cqc_rating") == 4.0


# --- pick_order and figure_span ---------------------------------------------------------------


def test_pick_order_prefers_latest_period_then_latest_document(metrics: pd.DataFrame) -> None:
    hackney = metrics[(metrics.council == "Hackney") & (metrics.metric == "staff_turnover_rate")]
    ranked = hackney.assign(rank=pick_order(metrics)).sort_values("rank")
    assert list(ranked.value) == [20, 28, 30]


@pytest.mark.parametrize(
    ("quote", "quote_start", "start", "end", "written", "expected"),
    [
        ("Turnover was 12%.", 100, 113, 116, "", (13, 16)),
        ("Turnover was 12%.", 0, 13, 16, "12%", (13, 16)),
        ("Turnover was 12%.", 0, 40, 43, "12%", (13, 16)),  # span outside: found by text
        ("Turnover was 12%.", 0, 40, 43, "", None),
        ("Turnover was twelve per cent.", 0, 90, 99, "15%", None),
        ("", 0, 0, 0, "", None),
    ],
    ids=["shifted", "at-start", "search", "outside-no-text", "not-in-quote", "empty"],
)
def test_figure_span(
    quote: str,
    quote_start: int,
    start: int,
    end: int,
    written: str,
    expected: tuple[int, int] | None,
) -> None:
    assert figure_span(quote, quote_start, start, end, written) == expected
