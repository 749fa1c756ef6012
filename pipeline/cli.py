"""Command line: argument parsing only; the work is in ``pipeline.run`` and friends.

council-metrics extract [PATH ...] [--out DIR] [--workers N] [--force] [--ocr] [--fail-fast] [limits]
council-metrics evaluate --gold GOLD.csv [--docs DIR | --out DIR]
council-metrics report [DIR] [--html FILE] [--metric KEY]
council-metrics inspect FILE [--out DIR] [--family FAMILY]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.limits import Limits
from pipeline.records import FAMILIES

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3
EXIT_STOPPED = 4  # --fail-fast stopped the run; the output folder was not changed
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM; the output folder was not changed
DEFAULT_LIMITS = Limits()

_EXTRACT_EPILOG = """\
statuses (documents.status):
  ok         read and extracted
  failed     not read; documents.error says why: empty, too large, too many pages,
             encrypted, not a readable PDF/DOCX/HTML, binary or unsupported content,
             time limit exceeded, worker process crashed, cannot read file (permissions),
             symbolic link out of the input folder, broken or looping
  no_text    read, but no text (image-only or scanned PDF pages: they need --ocr)
  duplicate  the same bytes as an earlier file (by source); error names it

exit status:
  0    every document ok (duplicates included)
  2    usage error, or another run is writing to the same --out
  3    some documents failed or had no text; the output was written
  4    --fail-fast stopped at the first failure; the output folder was not changed
  130  interrupted (Ctrl-C, SIGTERM); the output folder was not changed

A rerun reuses the rows of documents already in the output (same sha256, same
pipeline code and patterns) and drops files no longer in the inputs; --force redoes
every document. The output is replaced in one atomic step at the end of a run.
"""


_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(text: str) -> int:
    """A size in bytes: ``500000``, ``200M``, ``1G`` (K, M, G are powers of 1024)."""
    number, unit = text.strip().upper().rstrip("B"), ""
    if number[-1:] in _SIZE_UNITS:
        number, unit = number[:-1], number[-1]
    try:
        value = int(float(number) * _SIZE_UNITS[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 200M)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 byte or more, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text!r}")
    return value


def _megabytes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of MB: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, got {value}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="council-metrics",
        description=(
            "Extract adult social care figures (with their council, period, comparator and "
            "evidence) from councils' PDFs, text files and saved web pages into Parquet."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        help="extract figures from documents into Parquet datasets",
        description=textwrap.fill(
            "Read every document under the given paths (PDF, text, HTML, DOCX; the kind is "
            "sniffed from the content) and write DIR/metrics, DIR/pages and DIR/documents "
            "as Parquet datasets. A file that cannot be read, is over a limit, runs past "
            "the time limit or crashes its worker process is recorded as failed with its "
            "reason; the rest of the batch is written.",
            width=80,
        ),
        epilog=_EXTRACT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("data/raw")],
        metavar="PATH",
        help="files or folders to read (default: data/raw)",
    )
    extract.add_argument(
        "--out",
        type=Path,
        default=Path("data/out"),
        metavar="DIR",
        help="output folder for the datasets (default: data/out)",
    )
    extract.add_argument(
        "--workers",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help=f"worker processes (default: all cores, here {os.cpu_count() or 1})",
    )
    extract.add_argument(
        "--patterns",
        type=Path,
        default=None,
        metavar="DIR",
        help="pattern files to use instead of the bundled patterns/ "
        "(also $COUNCIL_METRICS_PATTERNS)",
    )
    extract.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    extract.add_argument(
        "--force",
        action="store_true",
        help="process every document again instead of reusing the rows already in DIR",
    )
    extract.add_argument(
        "--ocr",
        action="store_true",
        help="read image-only (scanned) PDF pages with OCR; needs Debian's tesseract-ocr "
        "package (without it, such pages are reported, not read)",
    )
    extract.add_argument(
        "--fail-fast",
        action="store_true",
        help="stop at the first failed document and leave DIR as it was (exit status 4)",
    )
    limits = extract.add_argument_group("limits per document (over one: failed, with the reason)")
    limits.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_LIMITS.max_bytes,
        metavar="SIZE",
        help="largest file to read, in bytes or with K, M, G (default: 200M)",
    )
    limits.add_argument(
        "--max-pages",
        type=_positive_int,
        default=DEFAULT_LIMITS.max_pages,
        metavar="N",
        help=f"most pages of a PDF (default: {DEFAULT_LIMITS.max_pages})",
    )
    limits.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_LIMITS.timeout_s,
        metavar="SECONDS",
        help="time to process one document before its worker is stopped "
        f"(default: {DEFAULT_LIMITS.timeout_s:g})",
    )
    limits.add_argument(
        "--max-memory",
        type=_megabytes,
        default=DEFAULT_LIMITS.max_memory_mb,
        metavar="MB",
        help="address space of each worker process, against decompression bombs "
        f"(default: {DEFAULT_LIMITS.max_memory_mb}; 0: no limit)",
    )

    evaluate = commands.add_parser(
        "evaluate",
        help="score an extraction against a gold CSV",
        description=(
            "Score extracted figures against hand-made gold annotations (the format of "
            "shared/gold/README.md): recall, precision and F1 overall and per family; "
            "family, period, comparator and canonical-key accuracy among matched rows; "
            "then the misses and the extras. With --docs the documents are extracted "
            "first (into a temporary folder unless --out is given); with only --out an "
            "existing extraction is read."
        ),
    )
    evaluate.add_argument(
        "--gold", type=Path, required=True, metavar="GOLD.csv", help="gold annotations CSV"
    )
    evaluate.add_argument(
        "--docs", type=Path, default=None, metavar="DIR", help="documents to extract and score"
    )
    evaluate.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="extraction output to read (or write, with --docs)",
    )
    evaluate.add_argument(
        "--workers",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes for --docs (default: all cores)",
    )
    evaluate.add_argument(
        "--min-recall", type=float, default=None, metavar="R", help="exit 1 when recall is below R"
    )
    evaluate.add_argument(
        "--min-precision",
        type=float,
        default=None,
        metavar="P",
        help="exit 1 when precision is below P",
    )
    evaluate.add_argument(
        "--show",
        type=int,
        default=50,
        metavar="N",
        help="misses and extras to print (default: 50; 0 for none)",
    )
    _add_analyst_commands(commands)
    return parser


def _add_analyst_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``report`` and ``inspect`` subcommands: looking at an extraction."""
    report = commands.add_parser(
        "report",
        help="write a self-contained HTML report of an extraction",
        description=(
            "Write one HTML page over an output folder: filters by family, council and "
            "document; a chart comparing councils on one metric with the national values "
            "stated; a heat map of ratings and the nine quality statements; every council's "
            "latest figures; every document's figures with the sentence, the figure "
            "highlighted. Everything is inline: the page needs no network to view."
        ),
    )
    report.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=Path("data/out"),
        metavar="DIR",
        help="output folder of `council-metrics extract` (default: data/out)",
    )
    report.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to write the page (default: DIR/report.html)",
    )
    report.add_argument(
        "--metric",
        default=None,
        metavar="KEY",
        help="canonical metric the comparison chart shows first (default: the headline "
        "figure most councils state)",
    )
    report.add_argument("--title", default=None, metavar="TEXT", help="the page's title")
    inspect = commands.add_parser(
        "inspect",
        help="show one document's figures in the terminal",
        description=(
            "Show one document's figures grouped by family, each with its page, period, "
            "comparator and sentence, the figure highlighted. The document is extracted now, "
            "or, with --out, found in an existing output folder by its content."
        ),
    )
    inspect.add_argument("file", type=Path, metavar="FILE", help="the document to show")
    inspect.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="read the figures from this output folder instead of extracting the file",
    )
    inspect.add_argument(
        "--family",
        default=None,
        choices=sorted(FAMILIES),
        metavar="FAMILY",
        help="show only this family (rating, workforce, waiting, ...)",
    )
    inspect.add_argument(
        "--patterns",
        type=Path,
        default=None,
        metavar="DIR",
        help="pattern files to use instead of the bundled patterns/",
    )


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _run_extract(args: argparse.Namespace) -> int:
    from pipeline.errors import IngestError, OutputBusyError, PatternError, WorkerStartError
    from pipeline.pool import PIPELINE_PRELOAD, start_server
    from pipeline.progress import BatchProgress

    for path in args.paths:
        if not path.exists():
            print(f"council-metrics: error: input path does not exist: {path}", file=sys.stderr)
            return EXIT_USAGE
    if args.patterns is not None and not args.patterns.is_dir():
        print(
            f"council-metrics: error: patterns folder not found: {args.patterns}", file=sys.stderr
        )
        return EXIT_USAGE
    if args.out.exists() and not args.out.is_dir():
        print(f"council-metrics: error: --out is not a folder: {args.out}", file=sys.stderr)
        return EXIT_USAGE
    limits = Limits(args.max_bytes, args.max_pages, args.timeout, args.max_memory, ocr=args.ocr)
    # the workers' fork server imports spaCy and the pipeline while this process does
    start_server(PIPELINE_PRELOAD)
    from pipeline.run import run_batch

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main_thread else None
    try:
        with BatchProgress(enabled=not args.quiet, live=sys.stderr.isatty()) as progress:
            summary = run_batch(
                args.paths,
                args.out,
                workers=args.workers,
                patterns_dir=args.patterns,
                limits=limits,
                force=args.force,
                fail_fast=args.fail_fast,
                on_result=progress.advance,
                on_start=progress.start,
            )
    except (OutputBusyError, PatternError, IngestError) as exc:
        print(f"council-metrics: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WorkerStartError as exc:
        print(f"council-metrics: error: {exc}; the output was not changed", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("council-metrics: interrupted; the output was not changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous_handler)
    if not args.quiet:
        progress.print_summary(summary)
    if not summary.written:
        return EXIT_STOPPED
    return EXIT_OK if summary.failed == 0 and summary.no_text == 0 else EXIT_SOME_FAILED


def _run_evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate_command

    if args.docs is None and args.out is None:
        print("council-metrics evaluate: error: give --docs DIR or --out DIR", file=sys.stderr)
        return EXIT_USAGE
    if not args.gold.is_file():
        print(f"council-metrics evaluate: error: gold file not found: {args.gold}", file=sys.stderr)
        return EXIT_USAGE
    return evaluate_command(
        gold=args.gold,
        docs=args.docs,
        out=args.out,
        workers=args.workers,
        min_recall=args.min_recall,
        min_precision=args.min_precision,
        show=args.show,
    )


def _error(command: str, message: str) -> int:
    print(f"council-metrics {command}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _run_report(args: argparse.Namespace) -> int:
    from pipeline.api import OutputNotFoundError
    from pipeline.report import ReportError, write_report

    try:
        written = write_report(args.directory, args.html, metric=args.metric, title=args.title)
    except (OutputNotFoundError, ReportError) as exc:
        return _error("report", str(exc))
    print(f"council-metrics: report written to {written}", file=sys.stderr)
    return EXIT_OK


def _run_inspect(args: argparse.Namespace) -> int:
    from pipeline.api import OutputNotFoundError
    from pipeline.terminal import DocumentNotFoundError, inspect_command

    if not args.file.is_file():
        return _error("inspect", f"file not found: {args.file}")
    if args.patterns is not None and not args.patterns.is_dir():
        return _error("inspect", f"patterns folder not found: {args.patterns}")
    try:
        status = inspect_command(
            args.file, out_dir=args.out, family=args.family, patterns_dir=args.patterns
        )
    except (OutputNotFoundError, DocumentNotFoundError) as exc:
        return _error("inspect", str(exc))
    return EXIT_OK if status == 0 else EXIT_SOME_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return _run_extract(args)
    if args.command == "evaluate":
        return _run_evaluate(args)
    if args.command == "report":
        return _run_report(args)
    if args.command == "inspect":
        return _run_inspect(args)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
