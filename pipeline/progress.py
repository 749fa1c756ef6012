"""Progress and closing summary of a batch: a bar on a terminal (rich), plain lines in a log."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from pipeline.records import DocResult
from pipeline.run import Summary


class _RateColumn(TextColumn):
    """Documents per second."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # type: ignore[no-untyped-def]
        speed = task.finished_speed or task.speed
        return f"{speed:5.1f} docs/s" if speed else "  -- docs/s"


class BatchProgress:
    """Progress on stderr: a bar with documents/s and ETA when ``live`` (a terminal),
    else a plain line each time another tenth of the documents is done (for logs).
    Nothing at all unless ``enabled``."""

    def __init__(self, enabled: bool, live: bool = True) -> None:
        self.enabled = enabled
        self.live = live
        self.console = Console(stderr=True)
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total = 0
        self._done = 0
        self._reported = 0  # tenths reported in plain lines

    def __enter__(self) -> BatchProgress:
        if self.enabled and self.live:
            self._progress = Progress(
                TextColumn("[bold]extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)

    def start(self, total: int) -> None:
        self._total = total
        if self._progress is not None:
            self._task = self._progress.add_task("extract", total=total)

    def advance(self, result: DocResult) -> None:
        self._done += 1
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
        elif self.enabled and not self.live and self._total:
            tenths = self._done * 10 // self._total
            if tenths > self._reported:
                self._reported = tenths
                print(
                    f"council-metrics: {self._done}/{self._total} documents processed",
                    file=sys.stderr,
                    flush=True,
                )

    def print_summary(self, summary: Summary) -> None:
        """The closing summary, on stdout whether or not it is a terminal."""
        console = Console(file=sys.stdout, highlight=False)
        rate = summary.documents / summary.elapsed_s if summary.elapsed_s else 0.0
        for notice in summary.notices:
            console.print(f"council-metrics: {notice}")
        where = f"-> {summary.out_dir}" if summary.written else "(output not changed)"
        console.print(
            f"council-metrics: {summary.documents} documents in {summary.elapsed_s:.1f} s "
            f"({rate:.1f} docs/s): {summary.ok} ok, {summary.failed} failed, "
            f"{summary.no_text} no text, {summary.duplicate} duplicate, "
            f"{summary.reused} reused from the previous output; "
            f"{summary.metrics} metrics {where}"
        )
        if summary.by_family:
            table = Table(title="metrics by family", show_edge=False, title_justify="left")
            table.add_column("family")
            table.add_column("rows", justify="right")
            for family, count in summary.by_family.items():
                table.add_row(family, str(count))
            console.print(table)
        for source, error in summary.failures:
            console.print(f"  {source}: {error}")
