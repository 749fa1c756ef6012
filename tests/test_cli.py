"""The command line: every option documented, bad usage exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import __version__, pool, run
from pipeline.cli import build_parser, main


def _help(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args, "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("command", ["extract", "evaluate"])
def test_every_option_has_help(command: str) -> None:
    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    text = _help(command)
    for action in sub._actions:
        assert action.help, action.dest
        for flag in action.option_strings:
            assert flag in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_missing_input_is_a_usage_error(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", "no/such/folder", "--out", "x"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_extract_starts_the_workers_server_only_for_a_valid_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the command starts it before the pipeline's own imports, so the two overlap (run_batch
    # would start it otherwise); a usage error starts nothing
    started: list[str] = []
    monkeypatch.setattr(pool, "start_server", lambda preload: started.append("extract command"))
    monkeypatch.setattr(run, "start_server", lambda preload: started.append("run_batch"))
    assert main(["extract", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert started == []
    (tmp_path / "in").mkdir()
    assert main(["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert started == ["extract command", "run_batch"]
