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


DEMO_RAW = REPO / "data" / "raw"
DEMO_EXPECTED = REPO / "tests" / "data" / "demo_expected.csv"


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's output on the demo documents of data/raw (PDF generated afresh)."""
    import shutil
    import subprocess
    import sys

    from pipeline.run import run_batch

    raw = tmp_path_factory.mktemp("demo-raw")
    for path in DEMO_RAW.iterdir():
        if path.is_file() and ".generated." not in path.name:
            shutil.copy(path, raw / path.name)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_pdf.py"),
            "--out",
            str(raw / "barking-and-dagenham-self-assessment.generated.pdf"),
        ],
        check=True,
    )
    out = tmp_path_factory.mktemp("demo-out")
    run_batch([raw], out, workers=2)
    return out
