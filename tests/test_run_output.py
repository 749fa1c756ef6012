"""The output folder: atomic replacement, the lock, incremental reruns, fixed row order, exit status."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from pipeline.cli import main
from pipeline.dataset import Tables, read_tables, results_tables, write_tables
from pipeline.errors import OutputBusyError
from pipeline.outdir import clean_leftovers, hold_lock, new_run_dir, publish
from pipeline.run import fingerprint, process_document, run_batch
from tests.conftest import REPO
from tests.fault_inputs import good_text

COUNCILS = ["Camden", "Hackney", "Islington", "Barnet", "Lambeth", "Kent"]


def _inputs(root: Path, count: int = 6) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        council = COUNCILS[index % len(COUNCILS)]
        (root / f"doc{index:02d}.txt").write_text(
            f"{council} Council press release.\n"
            f"Staff turnover at {council} Council was {10 + index}% in 2023-24, "
            f"against a national average of 24%. The vacancy rate was {5 + index}%.\n"
        )
    return root


def _frames(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in ("metrics", "pages", "documents")}


# --- atomic replacement ---------------------------------------------------------------------


def test_layout_and_readers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([_inputs(tmp_path / "in")], out, workers=1)
    assert sorted(p.name for p in out.iterdir()) == [
        ".current",
        ".lock",
        ".runs",
        "documents",
        "metrics",
        "pages",
    ]
    assert len(list((out / ".runs").iterdir())) == 1
    rows = len(pd.read_parquet(out / "metrics"))
    assert rows == len(pl.read_parquet(str(out / "metrics" / "*.parquet")))
    glob = str(out / "metrics" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM '{glob}'").fetchall() == [(rows,)]


def _kill_during_publish(out: Path, stage: str, tables: Tables) -> None:
    """In a child process: write a run and die by SIGKILL at ``stage``."""
    with hold_lock(out):
        run = new_run_dir(out)
        if stage == "writing":
            (run / "metrics").mkdir()
            (run / "metrics" / "part-0.parquet").write_bytes(b"PAR1 half a file")
            os.kill(os.getpid(), signal.SIGKILL)
        write_tables(tables, run, fingerprint="x")
        if stage == "written":
            os.kill(os.getpid(), signal.SIGKILL)
        publish(out, run)
        os.kill(os.getpid(), signal.SIGKILL)  # "published": after the switch


@pytest.mark.parametrize("stage", ["writing", "written", "published"])
def test_a_run_killed_at_any_step_leaves_a_whole_output(tmp_path: Path, stage: str) -> None:
    out = tmp_path / "out"
    run_batch([_inputs(tmp_path / "in", 3)], out, workers=1)
    before = _frames(out)
    newer = results_tables(
        [process_document(p, p.name) for p in sorted(_inputs(tmp_path / "in2", 5).iterdir())]
    )
    child = multiprocessing.get_context("fork").Process(
        target=_kill_during_publish, args=(out, stage, newer)
    )
    child.start()
    child.join()
    assert child.exitcode == -signal.SIGKILL
    after = _frames(out)
    expected = 5 if stage == "published" else 3
    assert len(after["documents"]) == expected
    if stage != "published":
        for name, frame in before.items():
            pd.testing.assert_frame_equal(frame, after[name])
    summary = run_batch([tmp_path / "in"], out, workers=1)
    assert len(list((out / ".runs").iterdir())) == 1  # leftovers cleaned
    assert summary.documents == 3
    if stage != "published":
        assert "removed the unfinished output of an interrupted run" in summary.notices
    assert any("took over the lock" in n for n in summary.notices)


def test_leftovers_are_removed_but_not_the_current_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([_inputs(tmp_path / "in", 2)], out, workers=1)
    (out / ".runs" / "20000101T000000-1-abcdef").mkdir()
    os.symlink("x", out / "..current.link-abcdef")
    with hold_lock(out):
        removed = clean_leftovers(out)
    assert sorted(removed) == ["..current.link-abcdef", ".runs/20000101T000000-1-abcdef"]
    assert len(pd.read_parquet(out / "documents")) == 2


def test_an_output_of_the_old_layout_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "x.txt").write_text(good_text(10))
    results = [process_document(tmp_path / "x.txt", "x.txt")]
    write_tables(results_tables(results), out)  # real folders, as earlier versions wrote
    (out / "report.html").write_text("kept")
    assert not (out / "metrics").is_symlink()
    run_batch([_inputs(tmp_path / "in", 2)], out, workers=1)
    assert (out / "metrics").is_symlink() and (out / "report.html").read_text() == "kept"
    assert sorted(pd.read_parquet(out / "documents").source) == ["doc00.txt", "doc01.txt"]
    assert [p.name.startswith("legacy") for p in (out / ".runs").iterdir()] == [False]


# --- the lock -------------------------------------------------------------------------------


def test_a_second_run_stops_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    inputs = _inputs(tmp_path / "in", 1)
    with hold_lock(out):
        with pytest.raises(OutputBusyError, match=f"pid {os.getpid()}"):
            run_batch([inputs], out, workers=1)
        assert main(["extract", str(inputs), "--out", str(out), "--quiet"]) == 2
        assert "is writing to" in capsys.readouterr().err
    assert main(["extract", str(inputs), "--out", str(out), "--quiet"]) == 0


def test_a_stale_lock_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = multiprocessing.get_context("fork").Process(target=os._exit, args=(0,))
    dead.start()
    dead.join()
    (out / ".lock").write_text(f"{dead.pid}\n")
    summary = run_batch([_inputs(tmp_path / "in", 1)], out, workers=1)
    assert f"took over the lock left by run {dead.pid}, which is not running" in summary.notices
    assert (out / ".lock").read_text() == ""


# --- incremental reruns ---------------------------------------------------------------------


def test_a_rerun_reuses_what_did_not_change(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    first = run_batch([inputs], out, workers=2)
    before = _frames(out)
    started: list[int] = []
    second = run_batch([inputs], out, workers=2, on_start=started.append)
    assert (second.reused, started) == (6, [0])
    after = _frames(out)
    pd.testing.assert_frame_equal(before["metrics"], after["metrics"])
    pd.testing.assert_frame_equal(before["pages"], after["pages"])
    pd.testing.assert_frame_equal(before["documents"], after["documents"])
    assert (second.ok, second.metrics) == (first.ok, first.metrics)

    (inputs / "doc00.txt").write_text(good_text(42))  # changed
    (inputs / "doc01.txt").rename(inputs / "renamed.txt")  # moved
    (inputs / "doc02.txt").unlink()  # removed
    started.clear()
    third = run_batch([inputs], out, workers=2, on_start=started.append)
    assert (third.reused, started, third.documents) == (4, [1], 5)
    frames = _frames(out)
    assert "doc02.txt" not in set(frames["documents"].source)
    assert "doc01.txt" not in set(frames["metrics"].source)
    renamed = frames["metrics"][frames["metrics"].source == "renamed.txt"]
    assert set(renamed.value) >= {11.0, 6.0}
    changed = frames["metrics"][frames["metrics"].source == "doc00.txt"]
    assert list(changed.value) == [42.0]
    pages = frames["pages"]
    assert set(pages.doc_id) == set(frames["documents"].doc_id)

    started.clear()
    forced = run_batch([inputs], out, workers=2, force=True, on_start=started.append)
    assert (forced.reused, started) == (0, [5])
    pd.testing.assert_frame_equal(frames["metrics"], _frames(out)["metrics"])


def test_failed_documents_are_tried_again(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in", 1), tmp_path / "out"
    (inputs / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    run_batch([inputs], out, workers=1)
    started: list[int] = []
    summary = run_batch([inputs], out, workers=1, on_start=started.append)
    assert (summary.reused, started, summary.failed) == (1, [1], 1)


def test_edited_patterns_mean_nothing_is_reused(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    shutil.copytree(REPO / "patterns", patterns)
    inputs, out = _inputs(tmp_path / "in", 2), tmp_path / "out"
    run_batch([inputs], out, workers=1, patterns_dir=patterns)
    assert read_tables(out)[1] == fingerprint(patterns)
    with (patterns / "exclusions.yaml").open("a") as handle:
        handle.write("\n# an edit\n")
    assert fingerprint(patterns) != read_tables(out)[1]
    summary = run_batch([inputs], out, workers=1, patterns_dir=patterns)
    assert summary.reused == 0
    assert any("made by other code or patterns" in n for n in summary.notices)


# --- fixed row order ------------------------------------------------------------------------


def test_same_inputs_same_rows(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 12)
    run_batch([inputs], tmp_path / "one", workers=1)
    run_batch([inputs], tmp_path / "two", workers=2)
    one, two = _frames(tmp_path / "one"), _frames(tmp_path / "two")
    for name in ("metrics", "pages"):
        pd.testing.assert_frame_equal(one[name], two[name])
    columns = [c for c in one["documents"].columns if c not in ("processed_at", "elapsed_s")]
    pd.testing.assert_frame_equal(one["documents"][columns], two["documents"][columns])
    metrics = one["metrics"]
    keys = list(zip(metrics.council.fillna(""), metrics.source, metrics.char_start, strict=True))
    assert keys == sorted(keys)


# --- exit status ----------------------------------------------------------------------------


def test_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs, out = _inputs(tmp_path / "in", 2), str(tmp_path / "out")
    assert main(["extract", str(inputs), "--out", out, "--workers", "1"]) == 0
    assert "2 reused" not in capsys.readouterr().out
    assert main(["extract", str(inputs), "--out", out, "--workers", "1"]) == 0
    assert "2 reused from the previous output" in capsys.readouterr().out
    (inputs / "empty.txt").write_bytes(b"")
    assert main(["extract", str(inputs), "--out", out, "--workers", "1", "--quiet"]) == 3
    assert main(["extract", str(inputs), "--out", out, "--fail-fast", "--force"]) == 4
    printed = " ".join(capsys.readouterr().out.split())
    assert "stopped at the first failure (--fail-fast): empty.txt: empty file" in printed


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--max-bytes", "lots", "not a size"),
        ("--max-pages", "0", "must be 1 or more"),
        ("--timeout", "-1", "must be more than 0"),
        ("--max-memory", "-5", "must be 0 (no limit) or more"),
    ],
)
def test_bad_limits_are_usage_errors(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "x", option, value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_sizes_take_units(tmp_path: Path) -> None:
    from pipeline.cli import _size

    assert (_size("200M"), _size("1g"), _size("512k"), _size("1000")) == (
        200 * 1024**2,
        1024**3,
        512 * 1024,
        1000,
    )


def test_an_output_folder_inside_the_inputs_is_not_read(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 2)
    run_batch([inputs], inputs / "out", workers=1)
    summary = run_batch([inputs], inputs / "out", workers=1)
    assert (summary.documents, summary.reused) == (2, 2)
