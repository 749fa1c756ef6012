"""End to end over the demo documents of data/raw, scored against hand-made expectations."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.evaluate import load_gold, predicted_from_frame, score
from pipeline.taxonomy import load_patterns
from tests.conftest import DEMO_EXPECTED, REPO


def test_every_document_is_read(demo_out: Path) -> None:
    docs = pd.read_parquet(demo_out / "documents").set_index("source")
    assert set(docs.index) == {
        "barking-and-dagenham-self-assessment.generated.pdf",
        "camden-cqc-outstanding.html",
        "hackney-cqc-assessment.txt",
        "pilot-assessments-roundup.txt",
    }
    assert (docs.status == "ok").all()
    assert docs.loc["barking-and-dagenham-self-assessment.generated.pdf", "pages"] >= 20
    assert docs.loc["camden-cqc-outstanding.html", "media_type"] == "text/html"
    assert (
        docs.loc["barking-and-dagenham-self-assessment.generated.pdf", "doc_kind"]
        == "self_assessment"
    )


def test_offsets_on_every_row(demo_out: Path) -> None:
    metrics = pd.read_parquet(demo_out / "metrics")
    pages = pd.read_parquet(demo_out / "pages")
    texts = {
        (r.doc_id, None if pd.isna(r.page) else int(r.page)): r.text for r in pages.itertuples()
    }
    assert len(metrics) > 150
    for row in metrics.itertuples():
        text = texts[(row.doc_id, None if pd.isna(row.page) else int(row.page))]
        assert text[row.quote_start : row.quote_end] == row.quote
        assert row.quote_start <= row.char_start < row.char_end <= row.quote_end
    pdf_rows = metrics[metrics.source.str.endswith(".pdf")]
    assert pdf_rows.page.notna().all() and (pdf_rows.page >= 1).all()


def test_quality_against_expected_figures(demo_out: Path) -> None:
    """The demo expectations were written with the documents, not from the code's output."""
    scores = score(
        load_gold(DEMO_EXPECTED),
        predicted_from_frame(pd.read_parquet(demo_out / "metrics")),
        load_patterns().canonical_keys,
    )
    assert scores.recall >= 0.9
    assert scores.precision >= 0.9
    assert scores.family_accuracy >= 0.85
    assert scores.period_accuracy >= 0.9


def _snippets() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    return [b for b in blocks if "data/out" in b]


@pytest.mark.parametrize("snippet", _snippets(), ids=lambda s: s.split("\n")[0][:40])
def test_readme_loading_snippets_run(
    snippet: str, demo_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "out").symlink_to(demo_out, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(snippet, "README.md", "exec"), namespace)  # the README's own code, as written
    assert len(namespace) > 1
