"""The HTML report: self-contained, every figure with its highlighted sentence, charts that
compile and draw the right bars, and the `report` command."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from pipeline.charts import COUNTS_COLUMN, RATING_COLUMN, SCORE_COLUMN, vegalite_version
from pipeline.cli import main
from pipeline.report import ReportError, build_report, read_input, write_report
from tests.analyst_data import HTML_SENTENCE, write_fixture_output

SPECS = re.compile(r'<script type="application/json" id="chart-specs">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_output(tmp_path_factory.mktemp("report-out"))


@pytest.fixture(scope="module")
def page(out: Path) -> str:
    return write_report(out).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def specs(page: str) -> dict[str, Any]:
    match = SPECS.search(page)
    assert match is not None
    parsed: dict[str, Any] = json.loads(match.group(1))
    return parsed


def _rows(page: str, section: str) -> list[str]:
    start = page.index(f'<section id="{section}">')
    end = page.index("</section>", start)
    rows = re.findall(r'<tr[^>]*class="fig".*?</tr>', page[start:end], re.S)
    return [row.replace("<wbr>", "") for row in rows]  # metric keys may wrap after "_"


def _render_svg(spec: dict[str, Any], **params: str) -> str:
    """Draw a chart as the browser would (vl-convert runs the same Vega), parameters set."""
    import vl_convert as vlc

    spec = json.loads(json.dumps(spec))
    for param in spec.get("params", []):
        if param["name"] in params:
            param["value"] = params[param["name"]]
    svg: str = vlc.vegalite_to_svg(spec, vl_version=vegalite_version())
    return svg


# --- self-contained ---------------------------------------------------------------------------


def test_nothing_is_fetched(page: str) -> None:
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"<(?:script|img|link|iframe)[^>]+(?:src|href)=", markup)
    assert "@import" not in markup and "url(" not in markup
    assert "window.vegaEmbed" in page  # the chart library is inline


def test_script_elements_are_not_ended_early(page: str) -> None:
    # three scripts: specs (JSON), the page's behaviour, the Vega bundle
    assert page.count("<script") == 3
    assert len(re.findall(r"</script", page, re.I)) == 3


def test_written_beside_the_datasets_by_default(out: Path) -> None:
    assert (out / "report.html").is_file()
    assert not list(out.glob(".*.partial"))


# --- per-document view ------------------------------------------------------------------------


def test_every_figure_listed_with_its_sentence(page: str) -> None:
    rows = _rows(page, "documents")
    assert len(rows) == 15
    assert all("<mark>" in row for row in rows)


@pytest.mark.parametrize(
    "expected",
    [
        "In 2023-24, <mark>8.5%</mark> of posts were vacant, compared with 8.3% in England.",
        "Camden was rated <mark>Outstanding</mark> by the CQC with a score of 89.",
        "Camden was rated Outstanding by the CQC with a score of <mark>89</mark>.",
        "Hackney&#x27;s turnover was 28% in 2022-23 and <mark>20%</mark> in 2023-24.",
    ],
)
def test_figure_highlighted_in_sentence(page: str, expected: str) -> None:
    assert expected in page


def test_page_source_and_comparator_shown(page: str) -> None:
    row = next(r for r in _rows(page, "documents") if "staff_vacancy_rate" in r)
    assert "<td>2</td>" in row  # page
    assert "england 8.3" in row
    assert "bd-self-assessment.pdf" in page


def test_text_is_escaped(page: str) -> None:
    assert "<script>x</script>" not in page
    assert "<b>safe</b>" not in page
    row = next(r for r in _rows(page, "documents") if "feel_safe_rate" in r)
    quote = re.search(r'<td class="quote">(.*?)</td>', row, re.S)
    assert quote is not None
    assert unescape(re.sub(r"</?mark>", "", quote.group(1))) == HTML_SENTENCE


def test_warnings_and_failed_documents_shown(page: str) -> None:
    assert "⚠ out of range" in page
    assert "encrypted PDF: needs a password" in page
    assert 'data-empty="1"' in page


# --- per-council view and filters -------------------------------------------------------------


def test_council_view_has_latest_figure_per_metric(page: str) -> None:
    rows = _rows(page, "councils")
    hackney = [r for r in rows if 'data-council="Hackney"' in r]
    turnover = [r for r in hackney if "staff_turnover_rate" in r]
    assert len(turnover) == 1
    assert ">20%</a>" in turnover[0]
    assert '<span class="more">+2</span>' in turnover[0]
    assert re.search(r'href="#fig-\d+"', turnover[0])


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("family", ["rating", "score", "quality_statement_score", "workforce", "survey"]),
        ("council", ["Barking and Dagenham", "Camden", "Hackney", "England"]),
        ("doc", ["bd-self-assessment.pdf", "broken.pdf", "camden-2024.html"]),
    ],
)
def test_filter_options(page: str, name: str, options: list[str]) -> None:
    select = re.search(rf'<select id="filter-{name}".*?</select>', page, re.S)
    assert select is not None
    found = re.findall(r'<option value="([^"]*)">(.*?)</option>', select.group(0))
    assert found[0] == ("", "all")
    names = {unescape(v) for v, _ in found} | {unescape(t) for _, t in found}
    for option in options:
        assert option in names


def test_every_row_carries_its_filter_keys(page: str) -> None:
    for row in _rows(page, "documents") + _rows(page, "councils"):
        assert re.search(r'data-family="\w+" data-council="[^"]+" data-doc="[0-9a-f]{12}"', row)


# --- charts -----------------------------------------------------------------------------------


def test_comparison_data(specs: dict[str, Any]) -> None:
    rows = specs["chart-compare"]["datasets"]["compare"]
    councils = {(r["council"], r["value"]) for r in rows if r["kind"] == "council"}
    assert ("Hackney", 20.0) in councils and ("Camden", 10.0) in councils
    labels = {r["label"] for r in rows if r["kind"] == "national"}
    assert "national average 25% (2023-24)" in labels
    assert "England 24.2% (2023-24)" in labels
    assert "national average 8.3% (2023-24)" in labels
    assert not any(r.get("council") == "England" for r in rows)


def test_metric_dropdown(specs: dict[str, Any]) -> None:
    param = next(p for p in specs["chart-compare"]["params"] if p["name"] == "metric")
    assert param["value"] == "staff_turnover_rate"
    assert param["bind"]["options"][:5] == [
        "staff_turnover_rate",
        "staff_vacancy_rate",
        "satisfied_with_care_rate",
        "feel_safe_rate",
        "cqc_score",
    ]


def test_comparison_draws_latest_figure_per_council(specs: dict[str, Any]) -> None:
    svg = _render_svg(specs["chart-compare"])
    assert "Hackney" in svg and "Camden" in svg
    assert ">20%<" in svg and ">28%<" not in svg  # Hackney's latest, not the older figures
    assert "national average 25% (2023-24)" in svg
    assert "Barking and Dagenham" not in svg  # states no turnover


def test_comparison_follows_the_filters(specs: dict[str, Any]) -> None:
    svg = _render_svg(specs["chart-compare"], f_council="Camden")
    assert "Camden" in svg and "Hackney" not in svg
    svg = _render_svg(specs["chart-compare"], metric="staff_vacancy_rate")
    assert "Barking and Dagenham" in svg and "national average 8.3%" in svg


def test_heatmap(specs: dict[str, Any]) -> None:
    cells = specs["chart-heatmap"]["datasets"]["heatmap"]
    camden = {c["column"]: c for c in cells if c["council"] == "Camden"}
    assert camden[RATING_COLUMN]["score"] == 4 and camden[RATING_COLUMN]["text"] == "Outstanding"
    assert camden[SCORE_COLUMN]["score"] == 4  # 89 is in the Outstanding band
    assert camden["Safeguarding"]["score"] == 4
    assert camden["Assessing needs"]["score"] == 3
    domain = specs["chart-heatmap"]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain[:2] == [RATING_COLUMN, SCORE_COLUMN] and domain[-1] == COUNTS_COLUMN
    assert len(domain) == 12  # rating, score, nine statements, counts
    svg = _render_svg(specs["chart-heatmap"])
    assert "Req. impr." in svg and "Outstanding" in svg


# --- options, errors, the command and real extractions ----------------------------------------


def test_chosen_metric_and_title(out: Path) -> None:
    html = build_report(read_input(out), metric="staff_vacancy_rate", title="London <ASC>")
    assert "<title>London &lt;ASC&gt;</title>" in html
    assert '"value":"staff_vacancy_rate"' in html


def test_unknown_metric(out: Path) -> None:
    with pytest.raises(ReportError, match="choose one of"):
        build_report(read_input(out), metric="no_such_metric")


def test_command(out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sub" / "r.html"
    assert main(["report", str(out), "--html", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert str(target) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "{tmp}/nothing"], "no metrics dataset"),
        (["report", "{out}", "--metric", "nope"], "unknown metric"),
    ],
)
def test_command_errors(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = [a.format(tmp=tmp_path, out=out) for a in args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_output_without_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.analyst_data as data

    failed_only = [d for d in data.documents() if d.status == "failed"]
    monkeypatch.setattr(data, "documents", lambda: failed_only)
    html = write_report(data.write_fixture_output(tmp_path)).read_text(encoding="utf-8")
    assert "1 document · 0 figures · 0 councils" in html
    assert "No council states any of these metrics." in html
    assert "No ratings or statement scores found." in html
    assert "encrypted PDF: needs a password" in html


def test_report_on_the_samples(samples_out: Path, tmp_path: Path) -> None:
    html = write_report(samples_out, tmp_path / "r.html").read_text(encoding="utf-8")
    for source in ("000_eb90428a2c5a3189.txt", "004_e554eab8edda3f8e.txt"):
        assert source in html
    assert html.count("<mark>") >= 200
