"""Loaded once in the worker pool's fork server, so every worker starts warm.

``pipeline.run`` names this module in the pool's ``preload``: the fork server imports it once,
which loads spaCy's blank English pipeline, the bundled patterns and the gazetteer; each worker
is forked from the server with them already in memory (shared copy-on-write) instead of spending
about half a second loading them again, which matters when a crashed or hung worker is replaced.
A worker still calls ``pipeline.run.warm_up`` for the patterns of its own run (a cache hit for
the bundled ones). Importing this module anywhere else is harmless and only costs the loading.
"""

from __future__ import annotations

import contextlib

from pipeline.gazetteer import load_gazetteer
from pipeline.sentences import make_nlp
from pipeline.taxonomy import load_patterns

with contextlib.suppress(Exception):  # a bad pattern file is reported by the run, not here
    make_nlp()
    load_patterns()
    load_gazetteer()
