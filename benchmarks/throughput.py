"""Throughput: pages per second and peak memory of the PDF readers and of the whole pipeline.

In one run, on the same PDFs, it measures

- raw pdfplumber ``page.extract_text()`` (on the first ``--plumber-pages`` pages of each input:
  at about 10 pages/s it would dominate the run; its rate is per page, so a sample serves);
- raw pypdfium2 ``textpage.get_text_bounded()``, one process;
- the full pipeline (``pipeline.run.run_batch``: read, clean, sentences, extract, tables,
  validate, Parquet) with 1 and 2 worker processes;

on four inputs:

- the 400-page fixture document and a batch of ``--docs`` mixed documents (the layouts of
  ``scripts/make_pdf_fixtures.py``: one and two columns, tables, page breaks, scanned pages,
  and long documents of 8 to 64 pages, each copy made unique by a trailing comment so no
  document is a duplicate);
- the sample self-assessment rendered into PDF (``render_text``: fpdf2, A4, one column, 10 pt
  DejaVu Sans on 13 pt lines, a "Page N" footer): 400 pages of it (the text repeated, the
  last copy cut at page 400), and a batch of ``--docs`` unique copies of one rendering (about
  24 pages each). The fixture pages are light, about 1,100 characters a page against about
  4,000 on the self-assessment's, so the raw readers run 2-3x faster on them than the
  reference speeds of ``../shared/docs/PERFORMANCE.md`` (pdfplumber 8-12 pages/s, pypdfium2
  440-750), which were measured on renderings of this same self-assessment; on these inputs
  the ratios to the raw readers compare like with like. The text is the largest ``*.txt`` in
  ``../shared/samples`` (or ``--self-assessment PATH``), read at run time and never copied
  into the repository; without it these two inputs are skipped, with a note.

It then runs the pipeline on 40, 400 and 4,000 pages to show that the cost per page stays
flat, and (``--soak``) on a batch of 1,000 documents, sampling the workers' resident memory
as the batch goes.

Each measurement runs in a fresh Python process, so caches and memory do not carry over;
peak RSS is ``getrusage`` of that process (readers, pipeline parent) and the largest
``VmHWM`` among the pipeline's workers (its descendant processes, sampled every 0.2 s from
/proc, but not the fork server that forks them). Pipeline times are the wall time of ``run_batch``, worker start-up and the Parquet
write included. Prints one table; targets are checked, not asserted.

Usage::

    .venv/bin/python benchmarks/throughput.py [--docs 100] [--scale 40,400,4000] [--soak 1000]
        [--self-assessment ../shared/samples/LARGEST.txt]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PLUMBER_TARGET = 25.0  # the pipeline with 2 workers reads at least 25x pdfplumber's pages/s
PDFIUM_TARGET = 0.5  # and at least half of raw pypdfium2's single-process pages/s
RSS_TARGET_MB = 300.0  # peak RSS of a worker on the 400-page document
LONG_SIZES = (8, 12, 16, 20, 24, 32, 40, 48, 56, 64)  # pages of the long documents in the mix
SINGLE_DOCUMENTS = ("long", "self-assessment-400")  # inputs of one 400-page document
SAMPLES = REPO.parent / "shared" / "samples"  # the sample self-assessment's text lives here

# The self-assessment rendering (``render_text``), in points on A4.
RENDER_MARGIN_X = 56.0  # left and right
RENDER_MARGIN_Y = 60.0  # top and bottom
RENDER_SIZE = 10.0  # text size
RENDER_LINE = 13.0  # line height
RENDER_GAP = 5.0  # between paragraphs
RENDER_FOOTER_SIZE = 8.0
RENDER_PAGES = 400  # pages of the repeated rendering
# For the core-font fallback: the text's usual characters outside latin-1, then "?" for others.
TO_LATIN1 = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    | {"\u2022": "*", "\u2026": "..."}
)


@dataclass(frozen=True)
class Result:
    """One measurement."""

    label: str
    pages: int
    seconds: float
    rss_mb: float  # peak RSS of the measuring process
    worker_rss_mb: float  # peak RSS of its largest descendant (pipeline workers); 0 without
    samples: tuple[tuple[int, float], ...] = ()  # (documents done, largest worker RSS MB)
    stages: tuple[tuple[str, float], ...] = ()  # (stage, seconds) of one document
    document_seconds: float = 0.0  # pipeline: time the documents took inside the workers

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# --- inputs -------------------------------------------------------------------------------------


def _unique_copy(data: bytes, source: Path, target: Path, tag: str) -> None:
    """A copy with a trailing PDF comment: other bytes, so another document id."""
    target.write_bytes(data + f"\n% benchmark copy {tag} of {source.name}\n".encode())


def make_inputs(workdir: Path, docs: int, scale: Sequence[int], soak: int) -> dict[str, Path]:
    """Folders of PDFs: ``long`` (400 pages), ``batch`` (``docs`` mixed), ``scale-N``, ``soak``."""
    from scripts.make_pdf_fixtures import FIXTURES, long_document

    base = workdir / "base"
    base.mkdir(parents=True, exist_ok=True)
    layouts: list[Path] = []
    for name, build in FIXTURES.items():
        path = base / f"{name}.pdf"
        path.write_bytes(build())
        layouts.append(path)
    for pages in LONG_SIZES:
        path = base / f"long-{pages}.pdf"
        path.write_bytes(long_document(pages))
        layouts.append(path)
    folders: dict[str, Path] = {}
    for pages in sorted({400, *scale}):
        folder = workdir / f"scale-{pages}"
        folder.mkdir(exist_ok=True)
        (folder / f"long-{pages}.pdf").write_bytes(long_document(pages))
        folders[f"scale-{pages}"] = folder
    folders["long"] = folders["scale-400"]
    for name, count in (("batch", docs), ("soak", soak)):
        if count <= 0:
            continue
        folder = workdir / name
        folder.mkdir(exist_ok=True)
        for index in range(count):
            source = layouts[index % len(layouts)]
            _unique_copy(
                source.read_bytes(), source, folder / f"{index:04d}-{source.name}", str(index)
            )
        folders[name] = folder
    return folders


def default_self_assessment() -> Path | None:
    """The sample self-assessment: the largest ``*.txt`` in ``../shared/samples``, if any."""
    if not SAMPLES.is_dir():
        return None
    texts = sorted(SAMPLES.glob("*.txt"), key=lambda path: (path.stat().st_size, path.name))
    return texts[-1] if texts else None


def _paragraphs(text: str) -> list[str]:
    """Blank-line-separated blocks, each with its lines (broken by the extraction) joined."""
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return [block for block in blocks if block]


def render_text(
    text: str, pages: int = 0, title: str = "Adult social care self-assessment"
) -> bytes:
    """``text`` as a PDF laid out like a self-assessment: A4, one column, 10 pt text on 13 pt
    lines, a gap between paragraphs (the text's blank-line-separated blocks), "Page N" at the
    foot of every page. One copy when ``pages`` is 0; otherwise copies appended, each from a
    new page, until the PDF has ``pages`` pages (the last copy cut at the foot of that page).
    DejaVu Sans when installed, else Helvetica with the text made latin-1. Deterministic."""
    from fpdf import FPDF

    from scripts.make_pdf_fixtures import CREATED, DEJAVU, PAGE_H, PAGE_W

    font = "DejaVu" if DEJAVU.exists() else "Helvetica"

    class Rendering(FPDF):
        def footer(self) -> None:  # called as each page is finished: drawn last, as usual
            self.set_font(font, "", RENDER_FOOTER_SIZE)
            label = f"Page {self.page_no()}"
            self.text((PAGE_W - self.get_string_width(label)) / 2, PAGE_H - 34, label)
            self.set_font(font, "", RENDER_SIZE)

    pdf = Rendering(unit="pt", format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_title(title)
    pdf.set_auto_page_break(False)
    pdf.set_margins(RENDER_MARGIN_X, RENDER_MARGIN_Y, RENDER_MARGIN_X)
    if font == "DejaVu":
        pdf.add_font("DejaVu", "", str(DEJAVU))
    else:  # the core fonts hold latin-1 only
        text = text.translate(TO_LATIN1).encode("latin-1", "replace").decode("latin-1")
    paragraphs = _paragraphs(text)
    if not paragraphs:
        raise ValueError("no text to render")

    # Lines laid out once, then placed for every copy; None marks the end of a paragraph.
    pdf.set_font(font, "", RENDER_SIZE)
    width = PAGE_W - 2 * RENDER_MARGIN_X
    space = pdf.get_string_width(" ")
    widths: dict[str, float] = {}

    def measure(word: str) -> float:
        if word not in widths:
            widths[word] = pdf.get_string_width(word)
        return widths[word]

    flow: list[str | None] = []
    for paragraph in paragraphs:
        words: list[str] = []
        for word in paragraph.split():
            while measure(word) > width:  # a long URL: cut where the line is full
                cut = next(n for n in range(len(word), 0, -1) if measure(word[:n]) <= width)
                words.append(word[:cut])
                word = word[cut:]
            words.append(word)
        line: list[str] = []
        used = 0.0
        for word in words:
            if line and used + space + measure(word) > width:
                flow.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + measure(word)
            line.append(word)
        flow.append(" ".join(line))
        flow.append(None)

    bottom = PAGE_H - RENDER_MARGIN_Y
    while True:  # a copy a turn, each from a new page
        y = bottom
        for item in flow:
            if item is None:
                y += RENDER_GAP
                continue
            if y + RENDER_LINE > bottom:
                if pages and pdf.page_no() >= pages:  # the last copy cut here
                    return bytes(pdf.output())
                pdf.add_page()
                pdf.set_font(font, "", RENDER_SIZE)
                y = RENDER_MARGIN_Y
            pdf.text(RENDER_MARGIN_X, y + RENDER_SIZE, item)
            y += RENDER_LINE
        if pdf.page_no() >= pages:
            return bytes(pdf.output())


def make_self_assessment_inputs(workdir: Path, docs: int, source: Path) -> dict[str, Path]:
    """Folders of PDFs rendered from the self-assessment text ``source``:
    ``self-assessment-400`` (the text repeated over 400 pages) and ``self-assessments``
    (``docs`` unique copies of one rendering)."""
    text = source.read_text(encoding="utf-8", errors="replace")
    folders: dict[str, Path] = {}
    folder = workdir / "self-assessment-400"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"self-assessment-{RENDER_PAGES}.pdf").write_bytes(render_text(text, RENDER_PAGES))
    folders["self-assessment-400"] = folder
    if docs > 0:
        one = workdir / "base" / "self-assessment.pdf"
        one.parent.mkdir(parents=True, exist_ok=True)
        data = render_text(text)
        one.write_bytes(data)
        folder = workdir / "self-assessments"
        folder.mkdir(exist_ok=True)
        for index in range(docs):
            _unique_copy(data, one, folder / f"{index:04d}-{one.name}", str(index))
        folders["self-assessments"] = folder
    return folders


def count_pages(folder: Path) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in sorted(folder.glob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


# --- measurements (each in its own process) ---------------------------------------------------


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _read_plumber(paths: Sequence[Path], limit: int) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        if pages >= limit:
            break
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                if pages >= limit:
                    break
                page.extract_text()
                page.close()  # without it pdfplumber keeps every page's objects
                pages += 1
    return pages


def _read_pdfium(paths: Sequence[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_bounded()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages


def _descendants() -> tuple[dict[int, tuple[float, float]], set[int]]:
    """Memory of this process's descendants, {pid: (RSS MB, peak RSS MB)}, and the pids among
    them that have children (multiprocessing's fork server: it holds spaCy and the patterns
    and forks the workers, so it is not a worker)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    memory: dict[int, tuple[float, float]] = {}
    parents: set[int] = set()
    queue = list(children.get(os.getpid(), []))
    while queue:
        pid = queue.pop()
        if pid in children:
            parents.add(pid)
            queue.extend(children[pid])
        rss = hwm = 0.0
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
        except OSError:
            continue
        memory[pid] = (rss, hwm)
    return memory, parents


def _run_pipeline(folder: Path, workers: int) -> tuple[float, float, list[tuple[int, float]]]:
    """Run the pipeline; returns the workers' peak RSS (MB), the seconds the documents took
    in the workers (``documents.elapsed_s``), and (documents done, largest worker RSS)
    sampled every 0.2 s."""
    from pipeline.limits import Limits
    from pipeline.records import DocResult
    from pipeline.run import run_batch

    done = 0
    document_seconds = 0.0
    seen: list[tuple[int, dict[int, float]]] = []  # (documents done, {pid: RSS MB})
    peaks: dict[int, float] = {}  # pid: peak RSS MB
    servers: set[int] = set()  # pids seen with children: not workers
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            memory, parents = _descendants()
            servers.update(parents)
            for pid, (_, hwm) in memory.items():
                peaks[pid] = max(peaks.get(pid, 0.0), hwm)
            seen.append((done, {pid: rss for pid, (rss, _) in memory.items()}))

    def on_result(result: DocResult) -> None:
        nonlocal done, document_seconds
        done += 1
        document_seconds += result.document.elapsed_s

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = Path(tempfile.mkdtemp(prefix="throughput-out-"))
    try:
        run_batch(
            [folder],
            out / "out",
            workers=workers,
            limits=Limits(max_pages=100_000, timeout_s=3600.0),
            force=True,
            on_result=on_result,
        )
    finally:
        stop.set()
        sampler.join()
        shutil.rmtree(out, ignore_errors=True)
    peak = max((hwm for pid, hwm in peaks.items() if pid not in servers), default=0.0)
    samples = [
        (count, max((rss for pid, rss in memory.items() if pid not in servers), default=0.0))
        for count, memory in seen
    ]
    return peak, document_seconds, samples


def _stages(path: Path) -> dict[str, float]:
    """Seconds per stage of the pipeline on one document, in this process (second pass)."""
    from pipeline.clean import clean_document
    from pipeline.extract import DocContext, extract_page, new_state, subject_council
    from pipeline.gazetteer import load_gazetteer
    from pipeline.ingest import read_document
    from pipeline.sentences import split_sentences
    from pipeline.tables import table_metrics
    from pipeline.taxonomy import load_patterns
    from pipeline.validate import validate_metrics

    data = path.read_bytes()
    patterns, gazetteer = load_patterns(), load_gazetteer()
    times: dict[str, float] = {}
    for _ in range(2):  # the first pass warms spaCy and the pattern caches
        clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            times[name] = now - clock
            clock = now

        raw = read_document(data, path.name)
        lap("read PDF (pipeline/pdf.py)")
        pages = clean_document(raw)
        lap("clean")
        subject, dominant = subject_council(raw.title, pages, gazetteer)
        context = DocContext(raw.doc_id, raw.source, subject, dominant)
        sentences = [split_sentences(page) for page in pages]
        lap("sentences (spaCy)")
        state = new_state()
        metrics = [
            m
            for page, found in zip(pages, sentences, strict=True)
            for m in extract_page(page, found, context, patterns, gazetteer, state)
        ]
        lap("extract (sentences)")
        metrics += table_metrics(pages, raw.doc_id, raw.source, subject, patterns, gazetteer)
        lap("tables (pipeline/tables.py)")
        validate_metrics(metrics, patterns)
        lap("validate")
    return times


def child(argv: Sequence[str]) -> None:
    """``_measure KIND WORKERS LIMIT FOLDER``: print one JSON line with the measurement."""
    kind, workers, limit, folder = argv[0], int(argv[1]), int(argv[2]), Path(argv[3])
    paths = sorted(folder.glob("*.pdf"))
    samples: list[tuple[int, float]] = []
    worker_peak = document_seconds = 0.0
    started = time.perf_counter()
    stages: dict[str, float] = {}
    if kind == "stages":
        stages = _stages(paths[0])
        pages = limit
    elif kind == "plumber":
        pages = _read_plumber(paths, limit)
    elif kind == "pdfium":
        pages = _read_pdfium(paths)
    else:
        worker_peak, document_seconds, samples = _run_pipeline(folder, workers)
        pages = limit  # counted by the parent
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "pages": pages,
                "seconds": seconds,
                "rss_mb": _peak_mb(resource.RUSAGE_SELF),
                "worker_rss_mb": worker_peak,
                "samples": samples,
                "stages": stages,
                "document_seconds": document_seconds,
            }
        )
    )


def measure(label: str, kind: str, folder: Path, *, workers: int = 1, limit: int = 0) -> Result:
    command = [sys.executable, __file__, "_measure", kind, str(workers), str(limit), str(folder)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    result = Result(
        label,
        data["pages"],
        data["seconds"],
        data["rss_mb"],
        data["worker_rss_mb"],
        tuple((int(d), float(m)) for d, m in data["samples"]),
        tuple((str(k), float(v)) for k, v in data["stages"].items()),
        float(data["document_seconds"]),
    )
    print(f"  {label:<44} {result.rate:9.1f} pages/s", file=sys.stderr, flush=True)
    return result


# --- report -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pdfplumber
    import pypdfium2

    return (
        f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python "
        f"{platform.python_version()}, pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}, "
        f"pdfplumber {pdfplumber.__version__}"
    )


def table(rows: Sequence[tuple[str, Result]], plumber: Result, pdfium: Result) -> list[str]:
    out = [
        "| input | reader | pages | s | pages/s | peak RSS MB (process / worker) "
        "| x pdfplumber | x pypdfium2 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        worker = f" / {r.worker_rss_mb:.0f}" if r.worker_rss_mb else ""
        out.append(
            f"| {name} | {r.label} | {r.pages:,} | {r.seconds:.1f} | {r.rate:,.1f} "
            f"| {r.rss_mb:.0f}{worker} | {r.rate / plumber.rate:.1f} | {r.rate / pdfium.rate:.2f} |"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["_measure"]:
        child(args_list[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="documents in the mixed batch")
    parser.add_argument("--scale", default="40,400,4000", help="pages of the scaling runs")
    parser.add_argument(
        "--soak", type=int, default=1000, help="documents in the soak batch (0: skip)"
    )
    parser.add_argument(
        "--plumber-pages", type=int, default=40, help="pages pdfplumber reads per input"
    )
    parser.add_argument("--workdir", type=Path, help="keep the generated PDFs here")
    parser.add_argument(
        "--self-assessment",
        type=Path,
        default=default_self_assessment(),
        metavar="PATH",
        help="text of the self-assessment to render (default: the largest *.txt in "
        f"{SAMPLES}); the self-assessment inputs are skipped when it is missing",
    )
    args = parser.parse_args(args_list)
    scale = [int(n) for n in args.scale.split(",") if n]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="throughput-"))
    print(f"writing inputs into {workdir}", file=sys.stderr)
    folders = make_inputs(workdir, args.docs, scale, args.soak)
    inputs = [("long", "400-page document"), ("batch", f"{args.docs} mixed documents")]
    source: Path | None = args.self_assessment
    if source is not None and source.is_file():
        print(f"rendering the self-assessment text {source}", file=sys.stderr)
        folders |= make_self_assessment_inputs(workdir, args.docs, source)
        inputs += [
            ("self-assessment-400", f"{RENDER_PAGES}-page self-assessment rendering"),
            ("self-assessments", f"{args.docs} self-assessment renderings"),
        ]
    else:
        where = source or f"a *.txt in {SAMPLES}"
        print(
            f"note: self-assessment text ({where}) not found: the self-assessment inputs "
            "are skipped",
            file=sys.stderr,
        )
    inputs = [(name, title) for name, title in inputs if name in folders]
    load = os.getloadavg()[0]
    lines = [f"Machine: {machine()}", ""]
    verdicts: list[str] = []
    for index, (name, title) in enumerate(inputs):
        folder = folders[name]
        pages = count_pages(folder)
        print(f"{title} ({pages:,} pages)", file=sys.stderr)
        plumber = measure(
            "pdfplumber extract_text (sampled)", "plumber", folder, limit=args.plumber_pages
        )
        pdfium = measure("pypdfium2 get_text_bounded", "pdfium", folder)
        one = measure("pipeline, 1 worker", "pipeline", folder, workers=1, limit=pages)
        two = measure("pipeline, 2 workers", "pipeline", folder, workers=2, limit=pages)
        rows = [(title, plumber), (title, pdfium), (title, one), (title, two)]
        lines.extend(table(rows, plumber, pdfium)[0 if index == 0 else 2 :])
        x_plumber, x_pdfium = two.rate / plumber.rate, two.rate / pdfium.rate
        verdicts.append(
            f"{title}: pipeline with 2 workers = {x_plumber:.1f}x pdfplumber (target >= "
            f"{PLUMBER_TARGET:g}: {'met' if x_plumber >= PLUMBER_TARGET else 'NOT met'}), "
            f"{x_pdfium:.2f}x pypdfium2 (target >= {PDFIUM_TARGET:g}: "
            f"{'met' if x_pdfium >= PDFIUM_TARGET else 'NOT met'})"
        )
        if name in SINGLE_DOCUMENTS:
            worst = max(two.worker_rss_mb, one.worker_rss_mb)
            verdicts.append(
                f"{title}: peak worker RSS {worst:.0f} MB (target <= "
                f"{RSS_TARGET_MB:g}: {'met' if worst <= RSS_TARGET_MB else 'NOT met'})"
            )
    lines += ["", *verdicts]
    for name, title in inputs:
        if name not in SINGLE_DOCUMENTS:
            continue
        pages = count_pages(folders[name])
        stages = measure(f"stages, {title}", "stages", folders[name], limit=pages)
        lines += ["", f"Where the time goes (one process, {title}):", ""]
        lines += ["| stage | ms/page | share |", "|---|---:|---:|"]
        total = sum(seconds for _, seconds in stages.stages)
        for stage, seconds in stages.stages:
            lines.append(f"| {stage} | {1000 * seconds / pages:.2f} | {seconds / total:.0%} |")
        lines.append(f"| all | {1000 * total / pages:.2f} | |")
    lines += ["", "Scaling (pipeline, 1 worker, one document):", ""]
    lines += [
        "| pages | run_batch s | document s | document ms/page | peak worker RSS MB |",
        "|---:|---:|---:|---:|---:|",
    ]
    for pages in scale:
        r = measure(f"pipeline, {pages} pages", "pipeline", folders[f"scale-{pages}"], limit=pages)
        lines.append(
            f"| {pages:,} | {r.seconds:.1f} | {r.document_seconds:.1f} "
            f"| {1000 * r.document_seconds / pages:.2f} | {r.worker_rss_mb:.0f} |"
        )
    if args.soak > 0:
        folder = folders["soak"]
        pages = count_pages(folder)
        r = measure(f"soak, {args.soak} documents", "pipeline", folder, workers=2, limit=pages)
        samples = r.samples
        lines += [
            "",
            f"Soak: {args.soak:,} documents ({pages:,} pages), 2 workers, "
            f"{r.rate:,.1f} pages/s; largest worker RSS (MB) as documents finish:",
            "",
        ]
        lines += ["| documents done | worker RSS MB |", "|---:|---:|"]
        for fraction in (0.1, 0.25, 0.5, 0.75, 1.0):
            goal = int(fraction * args.soak)
            seen = [rss for done, rss in samples if done <= goal and rss > 0]
            if seen:
                lines.append(f"| {goal:,} | {max(seen[-5:]):.0f} |")
        lines.append(f"| peak (VmHWM) | {r.worker_rss_mb:.0f} |")
    lines += [
        "",
        f"Load average (1 min) at start {load:.1f}, at end {os.getloadavg()[0]:.1f}: other "
        "processes on the machine compete for its cores; trust ratios over absolutes.",
    ]
    print("\n".join(lines))
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
