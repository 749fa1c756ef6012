"""The isolated worker pool: results, time limits, dead workers, early stop."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline import run
from pipeline.errors import WorkerStartError
from pipeline.pool import TaskFailure, run_isolated, start_server
from tests.fault_inputs import good_text


def behave(arg: str) -> str:
    """A task function for the workers: ``arg`` says what to do."""
    if arg == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if arg == "exit":
        os._exit(7)
    if arg == "sleep":
        time.sleep(3600)
    if arg == "raise":
        raise ValueError("bad task")
    if arg == "pid":
        return str(os.getpid())
    return arg.upper()


def broken_setup() -> None:
    raise RuntimeError("no model")


def _run(args: list[str], **kwargs: object) -> dict[int, str | TaskFailure]:
    options: dict[str, object] = {"workers": 2, "timeout_s": 2.0, **kwargs}
    return dict(run_isolated(behave, list(enumerate(args)), **options))  # type: ignore[arg-type]


def test_results_come_back_by_key() -> None:
    assert _run(["a", "b", "c"]) == {0: "A", 1: "B", 2: "C"}


@pytest.mark.parametrize(
    ("arg", "failure"),
    [
        ("segfault", TaskFailure("crash", "SIGSEGV")),
        ("exit", TaskFailure("crash", "exit status 7")),
        ("sleep", TaskFailure("timeout", "after 1 s")),
        ("raise", TaskFailure("error", "ValueError: bad task")),
    ],
)
def test_a_bad_task_fails_alone(arg: str, failure: TaskFailure) -> None:
    assert _run(["a", arg, "b", "c"], timeout_s=1.0) == {0: "A", 1: failure, 2: "B", 3: "C"}


def test_workers_are_recycled_after_max_tasks() -> None:
    pids = _run(["pid"] * 6, workers=1, max_tasks=2)
    assert len(set(pids.values())) == 3


def test_breaking_off_stops_the_workers() -> None:
    outcomes = run_isolated(behave, [(0, "pid"), (1, "sleep")], workers=2, timeout_s=60)
    started = time.monotonic()
    _, pid = next(outcomes)
    outcomes.close()
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(int(str(pid)), 0)


def test_a_setup_that_fails_is_an_error() -> None:
    with pytest.raises(WorkerStartError, match="no model"):
        _run(["a"], setup=broken_setup)


def test_no_tasks_starts_no_worker() -> None:
    assert _run([]) == {}


def _children() -> set[int]:
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == os.getpid():
                pids.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return pids


def test_a_server_started_early_serves_the_pool() -> None:
    start_server(("tests.test_run_pool",))
    running = _children()
    assert running  # the fork server (and multiprocessing's resource tracker)
    start_server(("tests.test_run_pool",))  # already running: no second server
    assert _children() == running
    assert _run(["a", "b"]) == {0: "A", 1: "B"}


def test_the_batch_starts_the_server_before_it_looks_for_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # its imports (spaCy, the patterns) then overlap the finding and hashing of the files
    calls: list[str] = []
    monkeypatch.setattr(run, "start_server", lambda preload: calls.append("server"))
    real_discover = run.discover
    monkeypatch.setattr(
        run, "discover", lambda *a, **k: calls.append("discover") or real_discover(*a, **k)
    )
    (tmp_path / "in").mkdir()
    run.run_batch([tmp_path / "in"], tmp_path / "out", workers=1)
    assert calls == ["server", "discover"]


def test_the_largest_files_go_first(tmp_path: Path) -> None:
    # a long document started last would keep one worker busy while the others wait
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, copies in (("a-small.txt", 1), ("b-large.txt", 40), ("c-middle.txt", 10)):
        (inputs / name).write_text(good_text(7.5) * copies)
    order: list[str] = []
    run.run_batch(
        [inputs], tmp_path / "out", workers=1, on_result=lambda r: order.append(r.document.source)
    )
    assert order == ["b-large.txt", "c-middle.txt", "a-small.txt"]
