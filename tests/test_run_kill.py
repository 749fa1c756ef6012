"""SIGKILL a real run part way: the previous output stays whole, and the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline.run import run_batch
from tests.conftest import REPO

DOCUMENTS = 200
CLI = [sys.executable, "-m", "pipeline.cli", "extract"]
COUNCILS = ["Camden", "Hackney", "Islington", "Barnet", "Lambeth", "Kent", "Surrey", "Leeds"]


def _write_inputs(root: Path, version: int) -> None:
    root.mkdir(exist_ok=True)
    for index in range(DOCUMENTS):
        council = COUNCILS[index % len(COUNCILS)]
        (root / f"doc{index:03d}.txt").write_text(
            f"{council} Council: update {version}.\n"
            f"Staff turnover at {council} Council was {index % 40 + version}% in 2023-24. "
            f"There were {index * 3 + version} safeguarding concerns in 2023-24.\n"
        )


def _frames(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in ("metrics", "pages", "documents")}


def _start_cli(inputs: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, str(inputs), "--out", str(out), "--workers", "2"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_progress(process: subprocess.Popen[str], timeout_s: float = 120) -> str:
    """The first progress line the run prints (it has done some documents by then)."""
    assert process.stderr is not None
    deadline = time.monotonic() + timeout_s
    for line in process.stderr:
        if "documents processed" in line:
            return line
        assert time.monotonic() < deadline, "no progress line in time"
    raise AssertionError(f"the run ended without progress (exit status {process.wait()})")


def test_sigkill_part_way_keeps_the_previous_output(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    _write_inputs(inputs, version=1)
    first = run_batch([inputs], out, workers=2)
    assert first.ok == DOCUMENTS
    before = _frames(out)

    _write_inputs(inputs, version=2)  # every document changed: the next run has work to do
    process = _start_cli(inputs, out)
    line = _wait_for_progress(process)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert not line.startswith(f"council-metrics: {DOCUMENTS}/")

    after = _frames(out)  # readable, and exactly the first run's output
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name])

    final = run_batch([inputs], out, workers=2)
    assert f"took over the lock left by run {process.pid}, which is not running" in final.notices
    assert (final.ok, final.documents) == (DOCUMENTS, DOCUMENTS)
    metrics = pd.read_parquet(out / "metrics")
    assert set(metrics[metrics.source == "doc000.txt"].value) == {2.0}  # version 2
    assert len(list((out / ".runs").iterdir())) == 1


def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    _write_inputs(inputs, version=1)
    process = _start_cli(inputs, out)
    _wait_for_progress(process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 130
    assert process.stderr is not None
    assert "interrupted; the output was not changed" in process.stderr.read()
    assert not (out / "metrics").exists()  # there was no output before: there is none now
    assert not (out / ".runs").exists() or not any((out / ".runs").iterdir())
    assert (out / ".lock").read_text() == ""  # released cleanly: nothing stale
