"""Soak test: 10,000 small generated documents through the batch; memory and file descriptors.

Not a unit test (it takes minutes): run it by hand and paste its table into
benchmarks/README.md::

    .venv/bin/python benchmarks/soak.py [--documents 10000] [--workers 2]

It writes the documents into a temporary folder, runs ``pipeline.run.run_batch`` over them
and, after every tenth of the documents, samples the resident memory (VmRSS, from /proc) of
the parent and of the worker processes (the pool's fork server and its workers), and the
parent's open file descriptors. A second run over the same folder (everything reused) checks
that nothing is left open between runs. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.records import DocResult
from pipeline.run import run_batch

COUNCILS = ["Camden", "Hackney", "Islington", "Barnet", "Lambeth", "Kent", "Surrey", "Leeds"]


@dataclass(frozen=True)
class Sample:
    elapsed_s: float
    done: int
    parent_mb: float
    helpers_mb: float  # the largest direct child: the pool's fork server (spaCy, patterns)
    workers_mb: float  # the largest worker (forked from the fork server)
    workers: int  # worker processes alive
    fds: int
    label: str = ""


def _status(pid: int, field: str) -> int:
    """A ``kB`` field of /proc/<pid>/status, in kB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _sample(started: float, done: int, label: str = "") -> Sample:
    children = _children()
    helpers = children.get(os.getpid(), [])
    workers = [w for pid in helpers for w in children.get(pid, [])]
    return Sample(
        elapsed_s=time.perf_counter() - started,
        done=done,
        parent_mb=_status(os.getpid(), "VmRSS") / 1024,
        helpers_mb=max((_status(pid, "VmRSS") for pid in helpers), default=0) / 1024,
        workers_mb=max((_status(pid, "VmRSS") for pid in workers), default=0) / 1024,
        workers=len(workers),
        fds=_fds(),
        label=label,
    )


def write_documents(root: Path, count: int) -> None:
    """``count`` short press releases, each with a few figures, all different."""
    for index in range(count):
        council = COUNCILS[index % len(COUNCILS)]
        (root / f"doc{index:05d}.txt").write_text(
            f"{council} Council press release {index}\n\n"
            f"Staff turnover at {council} Council was {index % 37 + 5}.{index % 10}% in "
            f"2023-24, against a national average of 24%. There were {index * 7 % 2000 + 100} "
            f"safeguarding concerns and {index % 300 + 20} enquiries in 2023-24. "
            f"The vacancy rate was {index % 19 + 3}% as of March 2024.\n"
        )


def soak(count: int, workers: int) -> list[Sample]:
    with tempfile.TemporaryDirectory(prefix="council-metrics-soak-") as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        write_documents(inputs, count)
        started = time.perf_counter()
        samples = [_sample(started, 0)]
        step = max(1, count // 10)
        done = 0

        def on_result(result: DocResult) -> None:
            nonlocal done
            done += 1
            if done % step == 0:
                samples.append(_sample(started, done))

        summary = run_batch([inputs], out, workers=workers, on_result=on_result)
        samples.append(_sample(started, done, "written"))
        assert summary.ok == count, summary
        again = run_batch([inputs], out, workers=workers)  # all reused (same code): no workers
        samples.append(_sample(started, again.documents, f"rerun, {again.reused} reused"))
        print(
            f"{count} documents, {summary.metrics} metrics, {workers} workers: "
            f"{summary.elapsed_s:.0f} s ({count / summary.elapsed_s:.0f} docs/s); "
            f"rerun: {again.reused} reused in {again.elapsed_s:.1f} s"
        )
    return samples


def table(samples: list[Sample]) -> str:
    lines = [
        "| elapsed s | documents done | parent RSS MB | fork server RSS MB "
        "| largest worker RSS MB | workers | parent open fds |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in samples:
        done = f"{s.done} ({s.label})" if s.label else str(s.done)
        lines.append(
            f"| {s.elapsed_s:.0f} | {done} | {s.parent_mb:.0f} | {s.helpers_mb:.0f} "
            f"| {s.workers_mb:.0f} | {s.workers} | {s.fds} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    fds_before = _fds()
    samples = soak(args.documents, args.workers)
    print(table(samples))
    print(f"parent open fds: {fds_before} before, {_fds()} after")
    print(f"parent peak RSS (VmHWM): {_status(os.getpid(), 'VmHWM') / 1024:.0f} MB")


if __name__ == "__main__":
    main()
