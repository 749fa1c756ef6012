"""Read image-only (scanned) PDF pages with Debian's tesseract, when asked to (``--ocr``).

Stage helper of ingest: ``(pypdfium2 page, page number) -> PageLayout``.

``pipeline.pdf`` flags a page ``image_only`` when it has no text and images cover it. With
``--ocr`` such a page is rendered in grey at 300 dpi by pdfium, written as a PGM image (no
imaging library needed) and read by the ``tesseract`` program (``apt install
tesseract-ocr``; English is its default language). Its lines join the page as lines in
pdfium's order (no positions: footnote marks and tables are not recovered from a scan).

OCR is optional: without ``--ocr``, or when tesseract is not installed, scanned pages stay
empty and the ``documents`` row names them. A page tesseract fails on, or that takes longer
than ``OCR_TIMEOUT_S``, stays empty too; the rest of the document is still read.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError

__all__ = ["OCR_DPI", "OCR_TIMEOUT_S", "ocr_lines", "pgm_bytes", "tesseract_program"]

OCR_DPI = 300  # tesseract reads body text best at 300 dpi
OCR_TIMEOUT_S = 60.0  # per page
OCR_INSTALL_HINT = "install Debian's tesseract-ocr package (apt install tesseract-ocr)"


def tesseract_program() -> str:
    """The path of the ``tesseract`` program; IngestError naming the fix when missing."""
    program = shutil.which("tesseract")
    if program is None:
        raise IngestError(f"--ocr needs the tesseract program: {OCR_INSTALL_HINT}")
    return program


def pgm_bytes(width: int, height: int, stride: int, pixels: bytes) -> bytes:
    """A binary PGM image (8-bit grey) from rows of ``stride`` bytes.

    >>> pgm_bytes(2, 2, 4, bytes([0, 255, 9, 9, 255, 0, 9, 9]))
    b'P5\\n2 2\\n255\\n\\x00\\xff\\xff\\x00'
    """
    if stride == width:
        body = pixels[: width * height]
    else:
        body = b"".join(pixels[row * stride : row * stride + width] for row in range(height))
    return f"P5\n{width} {height}\n255\n".encode() + body


def ocr_lines(page: Any, *, dpi: int = OCR_DPI, timeout_s: float = OCR_TIMEOUT_S) -> list[str]:
    """The text lines tesseract reads on a rendered pypdfium2 page, "" between its
    paragraphs ([] when it reads none).

    Raises IngestError when tesseract is missing, fails or runs past ``timeout_s``.
    """
    program = tesseract_program()
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = pgm_bytes(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    finally:
        bitmap.close()
    with tempfile.TemporaryDirectory(prefix="council-metrics-ocr-") as folder:
        path = Path(folder) / "page.pgm"
        path.write_bytes(image)
        try:
            done = subprocess.run(
                [program, str(path), "stdout", "--dpi", str(dpi), "--psm", "3"],
                capture_output=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise IngestError(f"OCR took longer than {timeout_s:g} s on a page") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError(f"tesseract failed: {message[-1] if message else done.returncode}")
    text = done.stdout.decode("utf-8", "replace").replace("\f", "\n")
    # a blank line between tesseract's blocks ends a paragraph: keep one ("") for it
    lines: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines[:-1] if lines and not lines[-1] else lines
