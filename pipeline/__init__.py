"""council-metrics: English councils' adult social care documents in, typed Parquet out.

For notebooks: ``pipeline.load(DIR)`` reads an output folder's metrics as a pandas DataFrame
with categorical dtypes, ``pipeline.wide(df)`` pivots them to one row per council and period
(see ``pipeline.api``). Both are imported on first use, so ``import pipeline`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "load", "wide"]

if TYPE_CHECKING:
    from pipeline.api import load, wide


def __getattr__(name: str) -> Any:
    if name in ("load", "wide"):
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
