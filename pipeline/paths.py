"""Where the package finds its data files."""

from __future__ import annotations

import os
from pathlib import Path

PATTERNS_ENV = "COUNCIL_METRICS_PATTERNS"


def patterns_dir() -> Path:
    """The ``patterns/`` directory.

    In order: ``$COUNCIL_METRICS_PATTERNS`` if set; ``<package>/patterns`` when it exists (an
    installed wheel carries the patterns inside the package); else ``<repo root>/patterns``.
    """
    override = os.environ.get(PATTERNS_ENV)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    bundled = package / "patterns"
    if bundled.is_dir():
        return bundled
    return package.parent / "patterns"
