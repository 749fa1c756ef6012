"""The batch: find documents, process each in a worker, write the datasets.

Stage: ``list[Path] -> Summary`` (and the three datasets on disk).

One document is processed start to finish in one worker process
(``process_document``: ingest -> clean -> sentences -> extract -> validate) and
sends back a small ``DocResult``; the parent only collects and writes. A document
that fails becomes a ``failed`` row naming the reason; the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

import regex

from pipeline import __version__
from pipeline.clean import clean_document
from pipeline.dataset import write_output
from pipeline.errors import IngestError
from pipeline.extract import DocContext, extract_page, new_state, subject_council
from pipeline.gazetteer import load_gazetteer
from pipeline.ingest import read_document
from pipeline.records import DocResult, DocumentRecord, Metric, Page, RawDocument
from pipeline.sentences import split_sentences
from pipeline.taxonomy import load_patterns
from pipeline.validate import validate_metrics

__all__ = ["Summary", "discover", "process_document", "run_batch"]

SKIPPED_NAMES = regex.compile(r"^(?:README|LICEN[CS]E|NOTICE)(?:\.\w+)?$|^\.", regex.IGNORECASE)

_DOC_KIND_CUES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("self_assessment", regex.compile(r"\bself[- ]assessment\b", regex.IGNORECASE)),
    (
        "cqc_report",
        regex.compile(
            r"\b(?:our (?:findings|judgement)|quality statement:|assessment report|CQC assessment of)\b",
            regex.IGNORECASE,
        ),
    ),
    (
        "press_release",
        regex.compile(
            r"\b(?:press release|notes to editors|said:|media enquiries|for immediate release)\b",
            regex.IGNORECASE,
        ),
    ),
    (
        "news",
        regex.compile(
            r"\b(?:photo:|credit:|responses? to|reporter|community care|the regulator)\b",
            regex.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did, for the closing message and for tests."""

    documents: int
    ok: int
    failed: int
    no_text: int
    duplicate: int
    metrics: int
    by_family: dict[str, int]
    elapsed_s: float
    out_dir: Path
    failures: list[tuple[str, str]] = field(default_factory=list)


def discover(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """Every document under ``paths`` as (path, source relative to its input root).

    Hidden files and README/LICENSE files are skipped; a file given directly is its
    own root. Sources use POSIX separators; the list is sorted by source.
    """
    found: dict[str, Path] = {}
    for root in paths:
        if root.is_file():
            found[root.name] = root
            continue
        if not root.exists():
            raise FileNotFoundError(f"input path does not exist: {root}")
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if SKIPPED_NAMES.match(name):
                    continue
                path = Path(dirpath) / name
                source = path.relative_to(root).as_posix()
                found[source] = path
    return sorted(((p, s) for s, p in found.items()), key=lambda item: item[1])


def doc_kind(title: str | None, pages: Sequence[Page]) -> str:
    """self_assessment, cqc_report, press_release, news or other, from cue phrases."""
    head = (title or "") + "\n" + "\n".join(p.text for p in pages[:3])[:20000]
    for kind, cue in _DOC_KIND_CUES:
        if cue.search(head):
            return kind
    return "other"


def _document_row(
    raw: RawDocument | None,
    source: str,
    doc_id: str,
    status: str,
    started: float,
    *,
    pages: Sequence[Page] = (),
    metrics: int = 0,
    error: str | None = None,
    kind: str | None = None,
    council: tuple[str, str] | None = None,
) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        source=source,
        media_type=raw.media_type if raw else None,
        doc_kind=kind,
        title=raw.title if raw else None,
        council=council[0] if council else None,
        council_code=council[1] if council else None,
        pages=len(raw.pages) if raw else 0,
        chars=sum(len(p.text) for p in pages),
        metrics=metrics,
        status=status,
        error=error,
        elapsed_s=round(time.perf_counter() - started, 4),
        pipeline_version=__version__,
        processed_at=dt.datetime.now(dt.UTC),
    )


def extract_document(
    raw: RawDocument, patterns_dir: Path | None = None
) -> tuple[tuple[Page, ...], list[Metric], DocContext, str]:
    """Clean, split and extract one read document."""
    patterns = load_patterns(patterns_dir)
    gazetteer = load_gazetteer(patterns_dir / "councils.csv" if patterns_dir else None)
    pages = clean_document(raw)
    subject, dominant = subject_council(raw.title, pages, gazetteer)
    context = DocContext(raw.doc_id, raw.source, subject, dominant)
    state = new_state()
    metrics: list[Metric] = []
    for page in pages:
        metrics.extend(
            extract_page(page, split_sentences(page), context, patterns, gazetteer, state)
        )
    return pages, validate_metrics(metrics, patterns), context, doc_kind(raw.title, pages)


def process_document(path: Path, source: str, patterns_dir: Path | None = None) -> DocResult:
    """Read and extract one file; never raises for a bad document."""
    started = time.perf_counter()
    doc_id = ""
    raw: RawDocument | None = None
    try:
        data = path.read_bytes()
        import hashlib

        doc_id = hashlib.sha256(data).hexdigest()
        raw = read_document(data, source)
        pages, metrics, context, kind = extract_document(raw, patterns_dir)
    except IngestError as exc:
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=str(exc)))
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=reason))
    except Exception as exc:  # a bug or a library failure: keep the batch going
        reason = f"internal error while processing: {type(exc).__name__}: {exc}"
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=reason))
    council = (context.subject.name, context.subject.code) if context.subject else None
    if not any(p.text.strip() for p in pages):
        empty = [str(p.number) for p in pages if p.number is not None]
        reason = "no text found" + (f" on pages {', '.join(empty)}" if empty else "")
        reason += (
            " (image-only or scanned pages need OCR)" if raw.media_type == "application/pdf" else ""
        )
        row = _document_row(
            raw, source, doc_id, "no_text", started, pages=pages, error=reason, kind=kind
        )
        return DocResult(row, pages)
    row = _document_row(
        raw,
        source,
        doc_id,
        "ok",
        started,
        pages=pages,
        metrics=len(metrics),
        kind=kind,
        council=council,
    )
    return DocResult(row, pages, tuple(metrics))


def _mark_duplicates(results: list[DocResult]) -> list[DocResult]:
    seen: dict[str, str] = {}
    out = []
    for result in sorted(results, key=lambda r: r.document.source):
        doc = result.document
        if doc.doc_id and doc.status == "ok" and doc.doc_id in seen:
            row = replace(
                doc, status="duplicate", metrics=0, error=f"same content as {seen[doc.doc_id]}"
            )
            out.append(DocResult(row))
            continue
        if doc.doc_id:
            seen.setdefault(doc.doc_id, doc.source)
        out.append(result)
    return out


def _results(
    files: Sequence[tuple[Path, str]], workers: int, patterns_dir: Path | None
) -> Iterator[DocResult]:
    if workers <= 1 or len(files) <= 1:
        for path, source in files:
            yield process_document(path, source, patterns_dir)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[DocResult], tuple[Path, str]] = {
            pool.submit(process_document, path, source, patterns_dir): (path, source)
            for path, source in files
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # the worker died
                _, source = futures[future]
                row = _document_row(
                    None,
                    source,
                    "",
                    "failed",
                    time.perf_counter(),
                    error=f"worker process failed: {type(exc).__name__}: {exc}",
                )
                yield DocResult(row)


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    workers: int | None = None,
    patterns_dir: Path | None = None,
    on_result: Callable[[DocResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Summary:
    """Process every document under ``paths`` and write the datasets to ``out_dir``."""
    started = time.perf_counter()
    files = discover(paths)
    workers = workers or os.cpu_count() or 1
    if on_start is not None:
        on_start(len(files))
    results: list[DocResult] = []
    for result in _results(files, workers, patterns_dir):
        results.append(result)
        if on_result is not None:
            on_result(result)
    results = _mark_duplicates(results)
    write_output(results, out_dir)
    statuses = Counter(r.document.status for r in results)
    families = Counter(m.family for r in results for m in r.metrics)
    return Summary(
        documents=len(results),
        ok=statuses["ok"],
        failed=statuses["failed"],
        no_text=statuses["no_text"],
        duplicate=statuses["duplicate"],
        metrics=sum(len(r.metrics) for r in results),
        by_family=dict(sorted(families.items(), key=lambda kv: (-kv[1], kv[0]))),
        elapsed_s=time.perf_counter() - started,
        out_dir=out_dir,
        failures=[
            (r.document.source, r.document.error or "")
            for r in results
            if r.document.status in ("failed", "no_text")
        ],
    )


def iter_sources(summary: Summary) -> Iterable[str]:
    return (source for source, _ in summary.failures)


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
