"""Shared fixtures: where ../shared lives, and one extraction of the samples per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"
GOLD = SHARED / "gold" / "samples.csv"

needs_shared = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/samples is not beside the repository"
)


@pytest.fixture(scope="session")
def samples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's output on ../shared/samples (one run for the whole session)."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    from pipeline.run import run_batch

    out = tmp_path_factory.mktemp("samples-out")
    run_batch([SAMPLES], out, workers=2)
    return out
