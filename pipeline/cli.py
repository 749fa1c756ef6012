"""Command line: argument parsing only; the work is in ``pipeline.run`` and friends.

council-metrics extract [PATH ...] [--out DIR] [--workers N]
council-metrics evaluate --gold GOLD.csv [--docs DIR | --out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3


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
        description=(
            "Read every document under the given paths (PDF, text, HTML, DOCX; the kind is "
            "sniffed from the content) and write DIR/metrics, DIR/pages and DIR/documents "
            "as Parquet datasets. A file that cannot be read is recorded as failed with its "
            "reason; the rest of the batch is written. Exit status: 0 all documents ok, "
            "3 some failed or had no text (output written), 2 usage error."
        ),
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
    return parser


def _run_extract(args: argparse.Namespace) -> int:
    from pipeline.progress import BatchProgress
    from pipeline.run import run_batch

    for path in args.paths:
        if not path.exists():
            print(f"council-metrics: error: input path does not exist: {path}", file=sys.stderr)
            return EXIT_USAGE
    if args.patterns is not None and not args.patterns.is_dir():
        print(
            f"council-metrics: error: patterns folder not found: {args.patterns}", file=sys.stderr
        )
        return EXIT_USAGE
    with BatchProgress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        summary = run_batch(
            args.paths,
            args.out,
            workers=args.workers,
            patterns_dir=args.patterns,
            on_result=progress.advance,
            on_start=progress.start,
        )
    if not args.quiet:
        progress.print_summary(summary)
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return _run_extract(args)
    if args.command == "evaluate":
        return _run_evaluate(args)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
