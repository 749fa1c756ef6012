"""Limits per document, with their defaults (set by ``council-metrics extract`` options).

A document over a limit becomes a ``failed`` row whose error names the limit and its
option; the batch goes on. Kept apart from the stages so the command line can show the
defaults without importing the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_PAGES", "Limits", "ReadLimits"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # --max-bytes
DEFAULT_MAX_PAGES = 2000  # --max-pages
DEFAULT_TIMEOUT_S = 120.0  # --timeout
DEFAULT_MAX_MEMORY_MB = 2048  # --max-memory


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What reading one file may take: its size and the pages of a PDF; and whether
    scanned pages are read with OCR (``pipeline.ocr``)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    ocr: bool = False  # --ocr: read image-only pages with tesseract

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.max_pages < 1:
            raise ValueError(f"limits must be 1 or more: {self}")


@dataclass(frozen=True, slots=True)
class Limits:
    """All limits of a batch.

    >>> Limits(timeout_s=0)
    Traceback (most recent call last):
    ...
    ValueError: the time limit must be more than 0 s, got 0
    """

    max_bytes: int = DEFAULT_MAX_BYTES  # size of a file
    max_pages: int = DEFAULT_MAX_PAGES  # pages of a PDF
    timeout_s: float = DEFAULT_TIMEOUT_S  # wall-clock time to process one document
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # address space of a worker; 0: no limit
    ocr: bool = False  # read image-only PDF pages with tesseract (--ocr)

    def __post_init__(self) -> None:
        if not self.timeout_s > 0:
            raise ValueError(f"the time limit must be more than 0 s, got {self.timeout_s:g}")
        if self.max_memory_mb < 0:
            raise ValueError(f"the memory limit must be 0 (none) or more, got {self.max_memory_mb}")
        ReadLimits(self.max_bytes, self.max_pages)  # validates the other two

    @property
    def read(self) -> ReadLimits:
        return ReadLimits(max_bytes=self.max_bytes, max_pages=self.max_pages, ocr=self.ocr)
