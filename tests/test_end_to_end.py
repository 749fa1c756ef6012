"""End to end on ../shared/samples: the output contract, column by column and row by row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.dataset import DOCUMENTS_SCHEMA, METRICS_SCHEMA, PAGES_SCHEMA, SCHEMA_VERSION
from pipeline.records import COMPARATOR_SCOPES, FAMILIES, QUALIFIERS, UNITS
from pipeline.run import run_batch
from tests.conftest import needs_shared

pytestmark = needs_shared


@pytest.mark.parametrize(
    ("name", "schema"),
    [("metrics", METRICS_SCHEMA), ("pages", PAGES_SCHEMA), ("documents", DOCUMENTS_SCHEMA)],
)
def test_schema_column_by_column(samples_out: Path, name: str, schema: object) -> None:
    table = pq.read_table(samples_out / name)
    assert table.schema.names == schema.names  # type: ignore[attr-defined]
    for field in schema:  # type: ignore[attr-defined]
        assert table.schema.field(field.name).type == field.type, field.name
    metadata = pq.read_schema(next((samples_out / name).glob("*.parquet"))).metadata
    assert metadata[b"council_metrics.schema_version"] == SCHEMA_VERSION.encode()


def test_every_row_points_at_its_evidence(samples_out: Path) -> None:
    metrics = pd.read_parquet(samples_out / "metrics")
    pages = pd.read_parquet(samples_out / "pages")
    texts = {
        (r.doc_id, None if pd.isna(r.page) else int(r.page)): r.text for r in pages.itertuples()
    }
    assert len(metrics) > 100
    for row in metrics.itertuples():
        text = texts[(row.doc_id, None if pd.isna(row.page) else int(row.page))]
        assert text[row.quote_start : row.quote_end] == row.quote
        assert row.quote_start <= row.char_start < row.char_end <= row.quote_end
        assert text[row.char_start : row.char_end].strip()


def test_enumerations_are_closed(samples_out: Path) -> None:
    metrics = pd.read_parquet(samples_out / "metrics")
    assert set(metrics.family) <= FAMILIES
    assert set(metrics.unit) <= UNITS
    assert set(metrics.qualifier) <= QUALIFIERS
    assert set(metrics.comparator_scope.dropna()) <= COMPARATOR_SCOPES
    assert metrics.metric.str.fullmatch(r"[a-z0-9_]+").all()


def test_documents_and_subjects(samples_out: Path) -> None:
    docs = pd.read_parquet(samples_out / "documents").set_index("source")
    assert (docs.status == "ok").all()
    assert docs.loc["000_eb90428a2c5a3189.txt", "council"] == "Barking and Dagenham"
    assert docs.loc["003_75c98722b6cf72f7.txt", "council"] == "Hackney"
    assert docs.loc["002_e53755b853505320.txt", "council_code"] == "E09000007"
    assert docs.metrics.sum() == len(pd.read_parquet(samples_out / "metrics"))


def test_headline_figures(samples_out: Path) -> None:
    """Figures checked by hand against the sample documents."""
    m = pd.read_parquet(samples_out / "metrics")
    turnover = m[(m.metric == "staff_turnover_rate") & (m.source.str.startswith("000"))].iloc[0]
    assert (
        turnover.value,
        turnover.period,
        turnover.comparator_scope,
        turnover.comparator_value,
    ) == (
        8.5,
        "2023-24",
        "national",
        24.0,
    )
    hackney = m[(m.council == "Hackney") & (m.metric == "cqc_score")]
    assert 62.0 in set(hackney.value)
    rating = m[(m.council == "Hackney") & (m.metric == "cqc_rating")].iloc[0]
    assert (rating.value, rating.value_text) == (2.0, "Requires Improvement")


def test_a_bad_file_fails_alone(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Staff turnover at Camden Council was 10% in 2023-24.\n")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (inputs / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    summary = run_batch([inputs], tmp_path / "out", workers=1)
    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source")
    assert docs.loc["good.txt", "status"] == "ok"
    assert docs.loc["broken.pdf", "status"] == "failed"
    assert "not a readable PDF" in docs.loc["broken.pdf", "error"]
    assert "binary content" in docs.loc["junk.txt", "error"]
    metrics = pd.read_parquet(tmp_path / "out" / "metrics")
    assert list(metrics.value) == [10.0] and metrics.council.iloc[0] == "Camden"
    assert (summary.ok, summary.failed) == (1, 2)
