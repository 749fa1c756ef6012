"""OCR of scanned PDF pages (``--ocr``, Debian's tesseract).

The fixture is a page that is only an image of printed lines (``scripts/make_pdf_fixtures.py
scanned_text``): without OCR it has no text; with it, its two figures are extracted. CI
installs tesseract-ocr (``.ci/run``) and sets COUNCIL_METRICS_REQUIRE_OCR, so there these
tests cannot skip; elsewhere they skip when tesseract is not installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import IngestError
from pipeline.limits import Limits
from pipeline.ocr import pgm_bytes, tesseract_program
from pipeline.run import fingerprint, process_document, run_batch
from scripts.make_pdf_fixtures import scanned_text

HAVE_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(
    not HAVE_TESSERACT and not os.environ.get("COUNCIL_METRICS_REQUIRE_OCR"),
    reason="tesseract is not installed (apt install tesseract-ocr)",
)


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "scanned-letter.pdf"
    path.write_bytes(scanned_text())
    return path


def test_pgm_bytes_drop_the_row_padding() -> None:
    image = pgm_bytes(3, 2, 4, bytes([1, 2, 3, 0, 4, 5, 6, 0]))
    assert image == b"P5\n3 2\n255\n" + bytes([1, 2, 3, 4, 5, 6])


def test_without_ocr_the_scanned_page_is_reported_not_read(scanned_pdf: Path) -> None:
    doc = process_document(scanned_pdf, scanned_pdf.name).document
    assert doc.status == "no_text"
    assert doc.error == "no text found on page 1 (image-only or scanned pages need OCR)"


@needs_tesseract
def test_ocr_reads_the_figures_of_a_scanned_page(scanned_pdf: Path) -> None:
    result = process_document(scanned_pdf, scanned_pdf.name, limits=Limits(ocr=True).read)
    assert result.document.status == "ok" and result.document.error is None
    found = {(m.metric, m.value, m.unit, m.period, m.page) for m in result.metrics}
    assert found == {
        ("staff_turnover_rate", 24.2, "percent", "2023-24", 1),
        ("staff_vacancy_rate", 8.5, "percent", "2023-24", 1),
    }
    page = result.pages[0].text
    for m in result.metrics:  # the evidence points into the OCR text
        assert page[m.char_start : m.char_end] == m.value_text
        assert m.quote in page


@needs_tesseract
def test_ocr_changes_the_fingerprint_so_a_rerun_reads_again(
    scanned_pdf: Path, tmp_path: Path
) -> None:
    assert fingerprint(ocr=True) != fingerprint()
    out = tmp_path / "out"
    first = run_batch([scanned_pdf], out, workers=1)
    second = run_batch([scanned_pdf], out, workers=1, limits=Limits(ocr=True))
    assert (first.metrics, second.metrics, second.reused) == (0, 2, 0)


def test_ocr_without_tesseract_is_a_clear_usage_error(
    scanned_pdf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    with pytest.raises(IngestError, match="apt install tesseract-ocr"):
        tesseract_program()
    code = main(["extract", str(scanned_pdf), "--out", str(tmp_path / "out"), "--ocr", "--quiet"])
    assert code == 2
    assert "--ocr needs the tesseract program" in capsys.readouterr().err
    assert not (tmp_path / "out" / "metrics").exists()
