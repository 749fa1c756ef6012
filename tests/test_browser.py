"""The report in a real browser: Debian's chromium, headless, driven by Selenium.

Loads the page from disk with the network closed to it, checks the charts draw and the figures
appear, works the filters and the metric drop-down, and saves a screenshot in the test output
folder (``$TEST_OUTPUT_DIR``, default ``build/test-output/``). Skips with the reason when chromium,
chromedriver or selenium is missing, unless ``COUNCIL_METRICS_REQUIRE_BROWSER`` is set (.ci/run
sets it once it has installed chromium), when a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.report import write_report
from tests.analyst_data import write_fixture_output

REPO = Path(__file__).resolve().parent.parent
OUTPUT_DIR = Path(os.environ.get("TEST_OUTPUT_DIR", REPO / "build" / "test-output"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1300,1800",
)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).is_file():
            return f"{path} not found: apt-get install {package} (.ci/run does)"
    return None


def _require_browser() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("COUNCIL_METRICS_REQUIRE_BROWSER"):
        pytest.fail(f"browser required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = write_fixture_output(tmp_path_factory.mktemp("browser-out"))
    return write_report(out)


@pytest.fixture(scope="module")
def page(browser: Any, report: Path) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(report.as_uri())
    ready = (
        "return ['chart-compare', 'chart-heatmap']"
        ".every(id => document.getElementById(id).dataset.ready)"
    )
    WebDriverWait(browser, 60).until(lambda d: d.execute_script(ready))
    return browser


def _select(page: Any, element_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(page.find_element("id", element_id)).select_by_value(value)


def _wait(page: Any, script: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(page, 20).until(lambda d: d.execute_script(script))


def _shown(page: Any) -> str:
    text: str = page.find_element("id", "shown").text
    return text


def _visible_rows(page: Any, section: str) -> int:
    count: int = page.execute_script(
        f"return Array.from(document.querySelectorAll('#{section} tr.fig'))"
        ".filter(r => r.offsetParent !== null).length"
    )
    return count


def _chart_text(page: Any, element_id: str) -> str:
    text: str = page.execute_script(
        f"return document.querySelector('#{element_id} svg').textContent"
    )
    return text


def test_charts_draw_and_figures_appear(page: Any) -> None:
    assert (
        page.execute_script("return document.getElementById('chart-compare').dataset.ready") == "1"
    )
    assert _visible_rows(page, "documents") == 15
    assert _shown(page) == "15 of 15 figures"
    marks = page.find_elements("css selector", "#documents td.quote mark")
    assert "8.5%" in [m.text for m in marks]
    compare = _chart_text(page, "chart-compare")
    assert "Hackney" in compare and "Camden" in compare and "20%" in compare
    assert "national average 25% (2023-24)" in compare
    heatmap = _chart_text(page, "chart-heatmap")
    assert "Outstanding" in heatmap and "Safeguarding" in heatmap


def test_council_filter_narrows_lists_and_charts(page: Any) -> None:
    _select(page, "filter-council", "Camden")
    _wait(
        page, "return !document.querySelector('#chart-compare svg').textContent.includes('Hackney')"
    )
    assert _shown(page) == "5 of 15 figures"
    assert _visible_rows(page, "documents") == 5
    visible_docs = page.execute_script(
        "return Array.from(document.querySelectorAll('article.doc'))"
        ".filter(a => !a.hidden).map(a => a.querySelector('h3').textContent)"
    )
    assert visible_docs == ["Camden rated Outstanding"]
    assert "Camden" in _chart_text(page, "chart-compare")
    assert "Hackney" not in _chart_text(page, "chart-heatmap")
    page.find_element("id", "filter-reset").click()
    _wait(page, "return document.getElementById('shown').textContent.startsWith('15 of')")


def test_family_and_search_filters(page: Any) -> None:
    _select(page, "filter-family", "workforce")
    assert _shown(page) == "6 of 15 figures"
    search = page.find_element("id", "filter-q")
    search.send_keys("vacant")
    _wait(page, "return document.getElementById('shown').textContent.startsWith('1 of')")
    page.find_element("id", "filter-reset").click()
    _wait(page, "return document.getElementById('shown').textContent.startsWith('15 of')")


def test_metric_dropdown_redraws_the_comparison(page: Any) -> None:
    _select(page, "filter-council", "")
    dropdown = page.find_element("css selector", "#chart-compare select")
    from selenium.webdriver.support.ui import Select

    Select(dropdown).select_by_value("staff_vacancy_rate")
    _wait(
        page, "return document.querySelector('#chart-compare svg').textContent.includes('Barking')"
    )
    assert "national average 8.3% (2023-24)" in _chart_text(page, "chart-compare")
    Select(dropdown).select_by_value("staff_turnover_rate")


def test_clicking_a_bar_filters_by_its_council(page: Any) -> None:
    page.execute_script(
        "document.querySelector('#chart-compare svg path[aria-roledescription=\"bar\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    chosen = _wait(page, "return document.getElementById('filter-council').value")
    assert chosen in {"Camden", "Hackney"}
    page.find_element("id", "filter-reset").click()
    _wait(page, "return document.getElementById('shown').textContent.startsWith('15 of')")


def test_no_network_and_no_errors(page: Any) -> None:
    requests = []
    for entry in page.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    assert any(u.startswith("file:") for u in requests)  # the log did record the page
    remote = [u for u in requests if u.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]
    assert remote == []
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_screenshot(page: Any) -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    target = OUTPUT_DIR / "report.png"
    page.execute_script("window.scrollTo(0, 0)")
    assert page.save_screenshot(str(target))
    assert target.stat().st_size > 10_000


def test_screenshot_of_the_demo_report(browser: Any, demo_out: Path, tmp_path: Path) -> None:
    report = write_report(demo_out, tmp_path / "demo-report.html")
    browser.get(report.as_uri())
    _wait(browser, "return document.getElementById('chart-heatmap').dataset.ready === '1'")
    assert _visible_rows(browser, "documents") > 100
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(OUTPUT_DIR / "report-demo.png"))
