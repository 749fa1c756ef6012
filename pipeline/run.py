"""The batch: find documents, process each in an isolated worker, write the datasets.

Stage: ``list[Path] -> Summary`` (and the three datasets on disk).

1. ``discover``: every file under the inputs, with the symbolic-link rules (followed
   only inside the input folder; loops, broken links and links out are reported).
2. ``plan``: hash each file; decide without a worker what needs none: files that
   cannot be read or are over ``--max-bytes`` (``failed``), the same content under a
   second name (``duplicate`` of the first by source), and documents the previous
   output already holds for this pipeline (reused, unless ``force``).
3. The rest go to a pool of worker processes (``pipeline.pool``): each document is
   processed start to finish in one worker (``process_document``: ingest -> clean ->
   sentences -> extract -> validate), which sends back a small ``DocResult``. A
   document that fails, runs past ``--timeout`` or kills its worker becomes a
   ``failed`` row naming the reason; the rest of the batch goes on.
4. The rows are sorted and written to a new run folder that replaces the previous
   output in one atomic step (``pipeline.outdir``), under the output folder's lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import resource
import shutil
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import regex

from pipeline import __version__
from pipeline.clean import clean_document
from pipeline.dataset import Tables, TablesBuilder, read_tables, reuse_rows, write_tables
from pipeline.errors import IngestError
from pipeline.extract import DocContext, extract_page, new_state, subject_council
from pipeline.gazetteer import load_gazetteer
from pipeline.ingest import check_size, read_document
from pipeline.limits import Limits, ReadLimits
from pipeline.ocr import tesseract_program
from pipeline.outdir import clean_leftovers, hold_lock, new_run_dir, publish
from pipeline.paths import patterns_dir as default_patterns_dir
from pipeline.pool import PIPELINE_PRELOAD, TaskFailure, run_isolated, start_server
from pipeline.records import DocResult, DocumentRecord, Metric, Page, RawDocument
from pipeline.sentences import make_nlp, split_sentences
from pipeline.tables import table_metrics
from pipeline.taxonomy import load_patterns
from pipeline.validate import validate_metrics

__all__ = [
    "Found",
    "Limits",
    "Summary",
    "Task",
    "discover",
    "fingerprint",
    "process_document",
    "process_task",
    "run_batch",
]

SKIPPED_NAMES = regex.compile(r"^(?:README|LICEN[CS]E|NOTICE)(?:\.\w+)?$|^\.", regex.IGNORECASE)
REUSABLE_STATUSES = ("ok", "no_text")  # failed documents are tried again on every run

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
class Found:
    """A file under the inputs; ``problem`` says why it cannot be read, if it cannot."""

    path: Path
    source: str  # relative to its input root, POSIX separators
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs to process one document (small and picklable)."""

    path: Path
    source: str
    patterns_dir: Path | None
    limits: ReadLimits


Processor = Callable[[Task], DocResult]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did, for the closing message, the exit status and tests."""

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
    reused: int = 0  # documents whose rows were taken from the previous output
    written: bool = True  # False when --fail-fast stopped the run: the output is unchanged
    notices: list[str] = field(default_factory=list)


# --- discovery ------------------------------------------------------------------------


def discover(paths: Sequence[Path], skip: Sequence[Path] = ()) -> list[Found]:
    """Every document under ``paths``, sorted by source.

    Hidden files and folders, README/LICENSE files and the folders in ``skip`` (the
    output folder, when it lies inside an input) are left out; a file given directly is
    its own root. Symbolic links are followed when they point inside their input
    folder; a link out of it, a broken link, a loop of links and anything that is not a
    regular file come back with a ``problem``.
    """
    skipped = frozenset(_dir_key(p) for p in skip if p.is_dir())
    found: dict[str, Found] = {}
    for root in paths:
        if root.is_file():
            found[root.name] = Found(root, root.name)
            continue
        if not root.exists():
            raise FileNotFoundError(f"input path does not exist: {root}")
        real_root = root.resolve()
        ancestors = frozenset({_dir_key(real_root)})
        for item in _walk(root, "", real_root, ancestors | skipped):
            found[item.source] = item
    return sorted(found.values(), key=lambda item: item.source)


def _dir_key(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _link_problem(path: Path, real_root: Path) -> str | None:
    """Why the symbolic link ``path`` must not be followed, or None."""
    target = os.readlink(path)
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        return f"broken symbolic link (to {target})"
    except (RuntimeError, OSError):  # RuntimeError: a loop, before Python 3.13
        return f"symbolic link loop (to {target})"
    if not resolved.is_relative_to(real_root):
        return f"symbolic link points outside the input folder (to {target})"
    return None


def _walk(
    directory: Path, prefix: str, real_root: Path, ancestors: frozenset[tuple[int, int]]
) -> Iterator[Found]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        yield Found(directory, prefix.rstrip("/") or ".", f"cannot list folder: {exc.strerror}")
        return
    for entry in entries:
        path, source = Path(entry.path), prefix + entry.name
        if entry.name.startswith("."):
            continue
        problem = _link_problem(path, real_root) if entry.is_symlink() else None
        if problem is not None:
            yield Found(path, source, problem)
        elif entry.is_dir():
            key = _dir_key(path)
            if key in ancestors and entry.is_symlink():
                yield Found(path, source, f"symbolic link loop (to {os.readlink(path)})")
            elif key not in ancestors:
                yield from _walk(path, source + "/", real_root, ancestors | {key})
        elif not SKIPPED_NAMES.match(entry.name):
            regular = entry.is_file()
            yield Found(path, source, None if regular else "not a regular file")


# --- one document ---------------------------------------------------------------------


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
    metrics.extend(table_metrics(pages, raw.doc_id, raw.source, subject, patterns, gazetteer))
    return pages, validate_metrics(metrics, patterns), context, doc_kind(raw.title, pages)


def process_document(
    path: Path,
    source: str,
    patterns_dir: Path | None = None,
    limits: ReadLimits | None = None,
) -> DocResult:
    """Read and extract one file; never raises for a bad document."""
    started = time.perf_counter()
    doc_id = ""
    raw: RawDocument | None = None
    limits = limits or ReadLimits()
    try:
        check_size(path.stat().st_size, limits)
        data = path.read_bytes()
        doc_id = hashlib.sha256(data).hexdigest()
        raw = read_document(data, source, limits)
        pages, metrics, context, kind = extract_document(raw, patterns_dir)
    except IngestError as exc:
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=str(exc)))
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=reason))
    except MemoryError:
        reason = "out of memory (see --max-memory)"
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=reason))
    except Exception as exc:  # a bug or a library failure: keep the batch going
        reason = f"internal error while processing: {type(exc).__name__}: {exc}"
        return DocResult(_document_row(raw, source, doc_id, "failed", started, error=reason))
    council = (context.subject.name, context.subject.code) if context.subject else None
    if not any(p.text.strip() for p in pages):
        row = _document_row(
            raw,
            source,
            doc_id,
            "no_text",
            started,
            pages=pages,
            error=_no_text_reason(raw, pages),
            kind=kind,
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
        # a partly scanned PDF is read, and its rows say which pages were not
        error=_no_text_reason(raw, pages) if raw.media_type == "application/pdf" else None,
        kind=kind,
        council=council,
    )
    return DocResult(row, pages, tuple(metrics))


def _no_text_reason(raw: RawDocument, pages: Sequence[Page]) -> str | None:
    """ "no text found on pages 2, 5 (...)" for the pages without text; None if all have some.

    >>> from pipeline.records import RawDocument, RawPage
    >>> raw = RawDocument("d", "a.pdf", "application/pdf", None, (), None)
    >>> _no_text_reason(raw, [Page("d", 1, "Text"), Page("d", 2, " "), Page("d", 3, "")])
    'no text found on pages 2, 3 (image-only or scanned pages need OCR)'
    """
    empty = [p for p in pages if not p.text.strip()]
    if not empty:
        return None
    numbers = [str(p.number) for p in empty if p.number is not None]
    pages_word = "page" if len(numbers) == 1 else "pages"
    reason = "no text found" + (f" on {pages_word} {', '.join(numbers)}" if numbers else "")
    if raw.media_type == "application/pdf":
        reason += " (image-only or scanned pages need OCR)"
    return reason


def process_task(task: Task) -> DocResult:
    """What a worker runs for each document (the default ``processor`` of a batch)."""
    return process_document(task.path, task.source, task.patterns_dir, task.limits)


def warm_up(patterns_dir: Path | None, max_memory_mb: int) -> None:
    """Once per worker process: load spaCy and the patterns, then set its limits."""
    make_nlp()
    load_patterns(patterns_dir)
    load_gazetteer(patterns_dir / "councils.csv" if patterns_dir else None)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def failure_reason(failure: TaskFailure, limits: Limits) -> str:
    """The ``error`` of a document whose task produced no result."""
    if failure.kind == "timeout":
        return f"time limit exceeded: still running after {limits.timeout_s:g} s (see --timeout)"
    if failure.kind == "crash":
        hint = ""
        if failure.detail == "SIGABRT" and limits.max_memory_mb:
            hint = ", possibly out of memory (see --max-memory)"
        elif failure.detail == "SIGKILL":
            hint = ", possibly by the system for using too much memory"
        return f"worker process crashed ({failure.detail}{hint})"
    return f"internal error while processing: {failure.detail}"


# --- the batch ------------------------------------------------------------------------


def fingerprint(patterns_dir: Path | None = None, *, ocr: bool = False) -> str:
    """A hash of the pipeline's code, version and pattern files, and of ``--ocr``.

    Rows in an output written with the same fingerprint are what this pipeline would
    produce again, so a rerun may reuse them; any edit to the code or a pattern file
    changes it, and so does turning OCR on or off (scanned pages read or not).
    """
    digest = hashlib.sha256(__version__.encode() + (b"\0ocr" if ocr else b""))
    code = Path(__file__).resolve().parent
    patterns = (patterns_dir or default_patterns_dir()).resolve()
    for base, glob in ((code, "*.py"), (patterns, "*")):
        for path in sorted(p for p in base.rglob(glob) if p.is_file() and p.suffix != ".pyc"):
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _hash_file(path: Path, limits: ReadLimits) -> str:
    """sha256 of a file, streamed; raises IngestError or OSError when it cannot be read."""
    check_size(path.stat().st_size, limits)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(functools.partial(handle.read, 1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _failed(source: str, reason: str) -> DocResult:
    return DocResult(_document_row(None, source, "", "failed", time.perf_counter(), error=reason))


@dataclass(slots=True)
class Plan:
    """What to do with each file found."""

    decided: list[DocResult] = field(default_factory=list)  # failed or duplicate, no work
    reuse: dict[str, str] = field(default_factory=dict)  # doc_id -> source, from before
    todo: list[Found] = field(default_factory=list)


def plan(found: Sequence[Found], limits: ReadLimits, reusable: frozenset[str]) -> Plan:
    """Sort files into decided-now, reused and to-process (``found`` sorted by source)."""
    result = Plan()
    first: dict[str, str] = {}
    for item in found:
        if item.problem is not None:
            result.decided.append(_failed(item.source, item.problem))
            continue
        try:
            doc_id = _hash_file(item.path, limits)
        except IngestError as exc:
            result.decided.append(_failed(item.source, str(exc)))
            continue
        except OSError as exc:
            result.decided.append(_failed(item.source, f"cannot read file: {exc.strerror}"))
            continue
        if doc_id in first:
            reason = f"same content as {first[doc_id]}"
            row = _document_row(
                None, item.source, doc_id, "duplicate", time.perf_counter(), error=reason
            )
            result.decided.append(DocResult(row))
            continue
        first[doc_id] = item.source
        if doc_id in reusable:
            result.reuse[doc_id] = item.source
        else:
            result.todo.append(item)
    return result


def _previous(out_dir: Path, stamp: str, notices: list[str]) -> Tables | None:
    """The previous output if its rows can be reused by this pipeline, else None."""
    if not (out_dir / "documents").exists():
        return None
    try:
        tables, written_by = read_tables(out_dir)
    except (OSError, pa.ArrowException) as exc:
        notices.append(f"previous output not readable ({exc}); processing every document")
        return None
    if written_by != stamp:
        notices.append(
            "the previous output was made by other code or patterns: every document is "
            "processed again"
        )
        return None
    return tables


def _reusable(previous: Tables | None) -> frozenset[str]:
    if previous is None:
        return frozenset()
    docs = previous.documents.select(["doc_id", "status", "pipeline_version"]).to_pylist()
    return frozenset(
        d["doc_id"]
        for d in docs
        if d["doc_id"] and d["status"] in REUSABLE_STATUSES and d["pipeline_version"] == __version__
    )


def _process(
    todo: Sequence[Found],
    *,
    workers: int,
    patterns_dir: Path | None,
    limits: Limits,
    processor: Processor,
) -> Generator[DocResult, None, None]:
    """Results of the documents in ``todo``, in the order they finish.

    The largest files go first: a long document started last would keep one worker busy
    while the others wait for the end of the batch.
    """
    tasks = [
        (f.source, Task(f.path, f.source, patterns_dir, limits.read))
        for f in sorted(todo, key=_size, reverse=True)
    ]
    pool = run_isolated(
        processor,
        tasks,
        workers=workers,
        timeout_s=limits.timeout_s,
        setup=functools.partial(warm_up, patterns_dir, limits.max_memory_mb),
        preload=PIPELINE_PRELOAD,
    )
    with contextlib.closing(pool) as outcomes:
        for source, outcome in outcomes:
            if isinstance(outcome, TaskFailure):
                yield _failed(source, failure_reason(outcome, limits))
            else:
                yield outcome


def _size(found: Found) -> int:
    try:
        return found.path.stat().st_size
    except OSError:
        return 0  # the worker reports why it cannot read the file


def _summary(
    tables: Tables, out_dir: Path, started: float, reused: int, notices: list[str]
) -> Summary:
    docs = tables.documents.select(["source", "status", "error"]).to_pylist()
    statuses = Counter(d["status"] for d in docs)
    families = Counter(tables.metrics["family"].to_pylist())
    return Summary(
        documents=len(docs),
        ok=statuses["ok"],
        failed=statuses["failed"],
        no_text=statuses["no_text"],
        duplicate=statuses["duplicate"],
        metrics=tables.metrics.num_rows,
        by_family=dict(sorted(families.items(), key=lambda kv: (-kv[1], kv[0]))),
        elapsed_s=time.perf_counter() - started,
        out_dir=out_dir,
        failures=[
            (d["source"], d["error"] or "") for d in docs if d["status"] in ("failed", "no_text")
        ],
        reused=reused,
        notices=notices,
    )


def run_batch(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    workers: int | None = None,
    patterns_dir: Path | None = None,
    limits: Limits | None = None,
    force: bool = False,
    fail_fast: bool = False,
    on_result: Callable[[DocResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    processor: Processor = process_task,
) -> Summary:
    """Process every document under ``paths`` and write the datasets to ``out_dir``.

    Documents the previous output holds for this same pipeline are reused unless
    ``force``. With ``fail_fast`` the run stops at the first ``failed`` document and
    leaves the previous output as it was (``Summary.written`` is False). ``processor``
    is what each worker runs per document; tests swap it to inject faults.

    Raises ``OutputBusyError`` when another run holds the output folder's lock.
    """
    started = time.perf_counter()
    start_server(PIPELINE_PRELOAD)  # its imports overlap the loading, finding and hashing below
    limits = limits or Limits()
    workers = workers or os.cpu_count() or 1
    load_patterns(patterns_dir)  # a broken pattern file fails here, not in every worker
    if limits.ocr:
        tesseract_program()  # --ocr without tesseract fails here, naming the package
    notices: list[str] = []
    with hold_lock(out_dir) as stale_pid:
        if stale_pid is not None:
            notices.append(f"took over the lock left by run {stale_pid}, which is not running")
        if clean_leftovers(out_dir):
            notices.append("removed the unfinished output of an interrupted run")
        stamp = fingerprint(patterns_dir, ocr=limits.ocr)
        previous = None if force else _previous(out_dir, stamp, notices)
        work = plan(discover(paths, skip=[out_dir]), limits.read, _reusable(previous))
        builder = TablesBuilder()
        if previous is not None and work.reuse:
            builder.add_tables(reuse_rows(previous, work.reuse))
        del previous
        if on_start is not None:
            on_start(len(work.todo))
        results = _process(
            work.todo,
            workers=workers,
            patterns_dir=patterns_dir,
            limits=limits,
            processor=processor,
        )
        for result in work.decided:
            builder.add(result)
            if fail_fast and result.document.status == "failed":
                return _stopped(result, builder, out_dir, started, len(work.reuse), notices)
        with contextlib.closing(results):
            for result in results:
                builder.add(result)
                if on_result is not None:
                    on_result(result)
                if fail_fast and result.document.status == "failed":
                    return _stopped(result, builder, out_dir, started, len(work.reuse), notices)
        tables = builder.build()
        run_dir = new_run_dir(out_dir)
        try:
            write_tables(tables, run_dir, fingerprint=stamp)
            publish(out_dir, run_dir)
        except BaseException:
            shutil.rmtree(run_dir, ignore_errors=True)
            raise
    return _summary(tables, out_dir, started, len(work.reuse), notices)


def _stopped(
    failure: DocResult,
    builder: TablesBuilder,
    out_dir: Path,
    started: float,
    reused: int,
    notices: list[str],
) -> Summary:
    """The summary of a run that --fail-fast stopped: nothing was written."""
    notices.append(
        f"stopped at the first failure (--fail-fast): {failure.document.source}: "
        f"{failure.document.error}; the output folder was not changed"
    )
    summary = _summary(builder.build(), out_dir, started, reused, notices)
    return replace(summary, written=False)
