"""council-metrics: English councils' adult social care documents in, typed Parquet out."""

__version__ = "0.1.0"
