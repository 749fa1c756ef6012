"""The output folder: one run at a time, and a complete output or the previous one.

Layout of ``DIR`` (hidden entries are the machinery; readers use the three links)::

    DIR/metrics   -> .current/metrics      links made once, never changed
    DIR/pages     -> .current/pages
    DIR/documents -> .current/documents
    DIR/.current  -> .runs/<run id>        the one switch, flipped by a rename
    DIR/.runs/<run id>/{metrics,pages,documents}/part-0.parquet
    DIR/.lock                              held (flock) by the run that is writing

A run writes a new ``.runs/<run id>/`` folder, flushes it to disk, then points
``.current`` at it by renaming a fresh symbolic link over the old one: a single atomic
step, so ``pandas.read_parquet("DIR/metrics")`` reads either the whole previous output
or the whole new one, and a run killed at any moment (SIGKILL included) leaves the
previous output in place. The next run removes what a killed run left in ``.runs/``.

The lock is an ``flock`` on ``DIR/.lock``: the kernel drops it when its process dies,
however it dies, so a lock left by a killed run never blocks the next one; the file
keeps the pid of the run that held it, to name it in messages.

An output written by an older version (real ``metrics/``, ``pages/`` and ``documents/``
folders) is moved into ``.runs/`` and replaced by the links on the next run; during that
one-time move the three folders change one after the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline.dataset import DATASETS
from pipeline.errors import OutputBusyError

__all__ = ["clean_leftovers", "hold_lock", "new_run_dir", "publish"]

LOCK = ".lock"
RUNS = ".runs"
CURRENT = ".current"


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def hold_lock(out_dir: Path) -> Iterator[int | None]:
    """Hold ``out_dir``'s lock for the ``with`` block.

    Yields the pid of an earlier run that died holding the lock (its stale lock is taken
    over), else None. Raises ``OutputBusyError`` at once when a live run holds it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            who = f"another run (pid {holder})" if holder else "another run"
            raise OutputBusyError(
                f"{who} is writing to {out_dir}; wait for it to finish or choose another --out"
            ) from None
        stale = _read_pid(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield stale if stale != os.getpid() else None
        finally:
            os.ftruncate(fd, 0)  # a clean end: nothing stale for the next run to report
    finally:
        os.close(fd)  # releases the flock


def _current_run(out_dir: Path) -> Path | None:
    link = out_dir / CURRENT
    if not link.is_symlink():
        return None
    return out_dir / os.readlink(link)


def clean_leftovers(out_dir: Path) -> list[str]:
    """Remove what killed runs left (unfinished ``.runs/`` folders, half-made links).

    Call with the lock held. Returns the names removed.
    """
    removed: list[str] = []
    current = _current_run(out_dir)
    runs = out_dir / RUNS
    for entry in sorted(runs.iterdir()) if runs.is_dir() else []:
        if current is None or entry.name != current.name:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(f"{RUNS}/{entry.name}")
    for entry in sorted(out_dir.glob(f"{CURRENT}.*")) + sorted(out_dir.glob(".*.link-*")):
        entry.unlink(missing_ok=True)
        removed.append(entry.name)
    for name in DATASETS:  # what the swap of earlier versions could leave
        old = out_dir / f".{name}.old"
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    return removed


def new_run_dir(out_dir: Path) -> Path:
    """A fresh, empty ``.runs/<run id>/`` folder for a run to write into."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    run = out_dir / RUNS / f"{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
    run.mkdir(parents=True)
    return run


def _replace_with_link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target`` with one rename."""
    tmp = path.with_name(f".{path.name}.link-{secrets.token_hex(3)}")
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _link_datasets(out_dir: Path) -> None:
    """Make ``DIR/<name>`` a link to ``.current/<name>`` (once; a no-op afterwards)."""
    for name in DATASETS:
        path, target = out_dir / name, f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        if path.is_dir() and not path.is_symlink():  # an output of an earlier version
            legacy = out_dir / RUNS / f"legacy-{secrets.token_hex(3)}"
            legacy.mkdir(parents=True)
            os.replace(path, legacy / name)
        _replace_with_link(path, target)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(out_dir: Path, run: Path) -> None:
    """Make the finished ``run`` folder the output, atomically; drop the previous one.

    Call with the lock held, after the datasets in ``run`` are written and flushed.
    """
    previous = _current_run(out_dir)
    _replace_with_link(out_dir / CURRENT, f"{RUNS}/{run.name}")
    _fsync_dir(out_dir)
    _link_datasets(out_dir)
    _fsync_dir(out_dir)
    if previous is not None and previous.name != run.name:
        shutil.rmtree(previous, ignore_errors=True)
    for entry in (out_dir / RUNS).iterdir():
        if entry.name.startswith("legacy-"):
            shutil.rmtree(entry, ignore_errors=True)
