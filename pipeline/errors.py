"""Errors shared by the loaders of ``patterns/`` files.

Patterns are data (councils, metrics, units, periods); a bad edit to one of them must fail at load
time with a message that names the file and the line, not later as a wrong match. Every loader
raises :class:`PatternError` for that.
"""

from __future__ import annotations

from pathlib import Path


class PatternError(ValueError):
    """A ``patterns/`` file is malformed.

    ``str(error)`` reads ``path:line: message`` (``path: message`` when the problem is the file as a
    whole, such as a missing row); the parts are kept as ``path``, ``line`` and ``message``.

    >>> str(PatternError("patterns/councils.csv", 12, "duplicate gss_code E09000007"))
    'patterns/councils.csv:12: duplicate gss_code E09000007'
    """

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = str(self.path) if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[PatternError], tuple[Path, int | None, str]]:
        # Keep the error picklable across a process pool despite the custom __init__.
        return (type(self), (self.path, self.line, self.message))


class IngestError(Exception):
    """A document cannot be read; the message says why ("encrypted PDF: ...")."""


class OutputBusyError(RuntimeError):
    """Another run is writing to the same output folder (it holds ``DIR/.lock``)."""


class WorkerStartError(RuntimeError):
    """A worker process of the batch could not start (its setup failed or it died)."""
