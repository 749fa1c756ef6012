"""The docs follow the code: docs/schema.md is what the schema generates, and docs/cli.md
documents every command and option with examples that parse."""

from __future__ import annotations

import argparse
import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pytest

from pipeline.cli import build_parser
from pipeline.dataset import DATASETS

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "make_schema_docs.py"
CLI_DOC = REPO / "docs" / "cli.md"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_schema_docs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _section(command: str) -> str:
    text = CLI_DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## council-metrics {command}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/cli.md has no section '## council-metrics {command}'"
    return match.group(1)


def _examples(command: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", _section(command), re.S)
    return [line for b in blocks for line in b.splitlines() if line.startswith("council-metrics ")]


# --- schema reference -------------------------------------------------------------------------


def test_schema_docs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr + "(run `make docs` and commit docs/schema.md)"


def test_schema_docs_name_every_column_with_its_type() -> None:
    text = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    script = _script()
    for name, schema in DATASETS.items():
        assert f"## `{name}/`" in text
        for field in schema:
            assert f"| `{field.name}` | {script.type_name(field.type)} |" in text, field.name


def test_a_new_column_without_description_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    grown = DATASETS["metrics"].append(pa.field("new_column", pa.string()))
    monkeypatch.setitem(script.DATASETS, "metrics", grown)
    with pytest.raises(script.SchemaDocsError, match="new_column"):
        script.render()


def test_check_fails_on_drift(tmp_path: Path) -> None:
    stale = tmp_path / "schema.md"
    stale.write_text("# Output schema\n\nold\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--output", str(stale)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "out of date" in result.stderr


# --- command line reference -------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_and_option_documented(command: str) -> None:
    section = _section(command)
    sub = _subcommands()[command]
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, f"{command} {action.dest} has no help text"
        names = action.option_strings or [action.metavar or action.dest]
        assert any(f"`{n}" in section for n in names), f"{command}: {names} not in docs/cli.md"


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_has_examples_that_parse(command: str) -> None:
    examples = _examples(command)
    assert examples, f"docs/cli.md: no example for {command}"
    for example in examples:
        args = build_parser().parse_args(shlex.split(example)[1:])
        assert args.command == command


def test_docs_are_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/cli.md" in readme and "docs/schema.md" in readme
