"""`council-metrics inspect`: one document's figures by family, highlighted in their sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.style import Style

from pipeline.cli import main
from pipeline.terminal import (
    HIGHLIGHT,
    DocumentNotFoundError,
    from_output,
    render_document,
    sentence,
)
from tests.analyst_data import write_fixture_output

REPO = Path(__file__).resolve().parent.parent
HACKNEY_TXT = REPO / "data" / "raw" / "hackney-cqc-assessment.txt"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_output(tmp_path_factory.mktemp("inspect-out"))


def _document_file(tmp_path: Path, source: str) -> Path:
    """A file whose sha256 is the fixture document's id (the fixture hashes the source name)."""
    path = tmp_path / source
    path.write_bytes(source.encode())
    return path


def _text(renderable: object, width: int = 120) -> str:
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_figures_grouped_by_family_in_order(out: Path, tmp_path: Path) -> None:
    document, metrics = from_output(_document_file(tmp_path, "camden-2024.html"), out)
    text = _text(render_document(document, metrics))
    assert "Camden rated Outstanding" in text
    assert "camden-2024.html · cqc_report · Camden (E09000007) · ok" in text
    titles = [
        line.strip() for line in text.splitlines() if line.strip().endswith(")") and line[:1] != " "
    ]
    assert titles == ["rating (1)", "score (1)", "quality statement score (2)", "workforce (1)"]
    assert "staff_turnover_rate  10%  2023-24  vs national 25" in text
    assert "Staff turnover was 10% in 2023-24, against a national average of 25%." in text


def test_figure_is_highlighted(out: Path, tmp_path: Path) -> None:
    _, metrics = from_output(_document_file(tmp_path, "bd-self-assessment.pdf"), out)
    vacancy = next(m for m in metrics if m.metric == "staff_vacancy_rate")
    text = sentence(vacancy)
    highlighted = [text.plain[s.start : s.end] for s in text.spans if s.style == HIGHLIGHT]
    assert highlighted == ["8.5%"]
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor")
    console.print(text)
    marked = Style.parse(HIGHLIGHT).render("8.5%", color_system=console.color_system)
    assert marked in console.export_text(styles=True)


def test_family_filter_pages_warnings_and_other_councils(out: Path, tmp_path: Path) -> None:
    document, metrics = from_output(_document_file(tmp_path, "bd-self-assessment.pdf"), out)
    text = _text(render_document(document, metrics, family="workforce"))
    assert "3 figures, 2 workforce" in text
    assert "population" not in text
    assert "p.2" in text
    assert "[England]" in text  # the national figure in a council's document
    document, metrics = from_output(_document_file(tmp_path, "hackney-2024.txt"), out)
    assert "⚠ out of range" in _text(render_document(document, metrics))
    assert "no rating figures" in _text(render_document(document, metrics, family="rating"))


def test_failed_document(out: Path, tmp_path: Path) -> None:
    document, metrics = from_output(_document_file(tmp_path, "broken.pdf"), out)
    text = _text(render_document(document, metrics))
    assert "encrypted PDF: needs a password" in text
    assert "no figures" in text


def test_not_in_output(out: Path, tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError, match="run without --out"):
        from_output(_document_file(tmp_path, "elsewhere.txt"), out)


@pytest.mark.parametrize(
    ("source", "status"), [("hackney-2024.txt", 0), ("broken.pdf", 3)], ids=["ok", "failed"]
)
def test_command_reads_an_output(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, status: int
) -> None:
    path = _document_file(tmp_path, source)
    assert main(["inspect", str(path), "--out", str(out)]) == status
    assert source in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["inspect", "{tmp}/missing.pdf"], "file not found"),
        (["inspect", "{hackney}", "--out", "{tmp}"], "no documents dataset"),
        (["inspect", "{hackney}", "--out", "{out}"], "is not in"),
        (["inspect", "{hackney}", "--patterns", "{tmp}/none"], "patterns folder not found"),
    ],
    ids=["missing-file", "not-an-output", "not-in-output", "bad-patterns"],
)
def test_command_errors(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = [a.format(tmp=tmp_path, out=out, hackney=HACKNEY_TXT) for a in args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_bad_family_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["inspect", str(HACKNEY_TXT), "--family", "weather"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_command_extracts_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(HACKNEY_TXT), "--family", "rating"]) == 0
    shown = capsys.readouterr().out
    assert "cqc_rating" in shown and "Requires Improvement" in shown
    assert "has rated Hackney Council" in shown
