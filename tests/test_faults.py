"""Fault injection: bad files, limits, hung and crashing workers in one real batch.

Each bad input is built in a temporary folder beside good documents; one batch runs over all of
them (two worker processes, the test-only ``faulty_processor``). Every good document must keep
its figures and every bad one must be a row with the expected status and a reason.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.limits import Limits
from pipeline.run import Summary, discover, run_batch
from tests.fault_inputs import bomb_pdf, faulty_processor, good_text, html_with_noise, pdf_bytes

LIMITS = Limits(max_bytes=30 * 1024 * 1024, max_pages=3, timeout_s=4.0)


@dataclass(frozen=True)
class Good:
    source: str
    value: float  # the staff turnover figure it states


@dataclass(frozen=True)
class Bad:
    source: str
    status: str
    reason: str  # a part of documents.error


def _build(root: Path) -> tuple[list[Good], list[Bad]]:
    """Write the mixed input folder; return what each file should give."""
    root.mkdir()
    goods: list[Good] = []
    bads: list[Bad] = []

    def good(name: str, data: bytes, value: float) -> None:
        (root / name).write_bytes(data)
        goods.append(Good(name, value))

    def bad(name: str, data: bytes | None, status: str, reason: str) -> None:
        if data is not None:
            (root / name).write_bytes(data)
        bads.append(Bad(name, status, reason))

    sentence = good_text(10.0).strip()
    good("plain.txt", good_text(10).encode(), 10.0)
    good("pdf-named.txt", pdf_bytes(good_text(11)), 11.0)  # a PDF with a .txt name
    good("text-named.pdf", good_text(12).encode(), 12.0)  # text with a .pdf name
    good("cp1252.txt", (good_text(13) + "Caf\u00e9 \u2013 \u00a31,000\n").encode("cp1252"), 13.0)
    good("latin1.txt", (good_text(14) + "na\u00efve \u00bd\n").encode("latin-1"), 14.0)
    good("noisy.html", html_with_noise(sentence.replace("10%", "15%")), 15.0)
    good("owner-locked.pdf", pdf_bytes(good_text(16), owner_password="secret"), 16.0)
    good("three-pages.pdf", pdf_bytes(good_text(17), "", "end"), 17.0)
    (root / "sub").mkdir()
    good("sub/nested.txt", good_text(18).encode(), 18.0)
    os.symlink("../plain.txt", root / "sub" / "link-inside.txt")  # followed: same content

    bad("empty.txt", b"", "failed", "empty file (0 bytes)")
    bad("truncated.pdf", pdf_bytes(good_text(1) * 20)[:400], "failed", "not a readable PDF")
    bad(
        "encrypted.pdf",
        pdf_bytes(good_text(1), user_password="pw"),
        "failed",
        "encrypted PDF: a password is required",
    )
    bad("scanned.pdf", pdf_bytes("", ""), "no_text", "no text found on pages 1, 2")
    bad("junk.bin", os.urandom(4000), "failed", "binary content")
    bad("image.png", b"\x89PNG\r\n\x1a\n" + os.urandom(200), "failed", "unsupported file type")
    bad("long.pdf", pdf_bytes(*["page"] * 5), "failed", "too many pages: 5 (limit 3")
    with open(root / "huge.txt", "wb") as handle:  # sparse: takes no disk space
        handle.truncate(LIMITS.max_bytes + 1)
    bad("huge.txt", None, "failed", "file too large")
    bad("z-copy.txt", good_text(10).encode(), "duplicate", "same content as plain.txt")
    bad("sub/link-inside.txt", None, "duplicate", "same content as plain.txt")
    os.symlink("/etc/hostname", root / "outside.txt")
    bad("outside.txt", None, "failed", "symbolic link points outside the input folder")
    os.symlink(".", root / "loop")
    bad("loop", None, "failed", "symbolic link loop")
    os.symlink("missing.txt", root / "broken.txt")
    bad("broken.txt", None, "failed", "broken symbolic link")
    os.mkfifo(root / "pipe.txt")
    bad("pipe.txt", None, "failed", "not a regular file")
    bad("CRASH.txt", good_text(2).encode(), "failed", "worker process crashed (SIGSEGV")
    bad("HANG.txt", good_text(3).encode(), "failed", "time limit exceeded: still running after 4 s")
    if os.geteuid() != 0:  # root reads any file whatever its mode
        bad(
            "unreadable.txt", good_text(4).encode(), "failed", "cannot read file: Permission denied"
        )
        (root / "unreadable.txt").chmod(0)
    return goods, bads


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary, list[Good], list[Bad]]:
    base = tmp_path_factory.mktemp("faults")
    goods, bads = _build(base / "in")
    summary = run_batch(
        [base / "in"], base / "out", workers=2, limits=LIMITS, processor=faulty_processor
    )
    return base / "out", summary, goods, bads


def test_every_good_document_keeps_its_figures(
    batch: tuple[Path, Summary, list[Good], list[Bad]],
) -> None:
    out, _, goods, _ = batch
    docs = pd.read_parquet(out / "documents").set_index("source")
    metrics = pd.read_parquet(out / "metrics")
    for good in goods:
        assert docs.loc[good.source, "status"] == "ok", (
            good.source,
            docs.loc[good.source, "error"],
        )
        rows = metrics[metrics.source == good.source]
        assert good.value in set(rows.value), (good.source, rows.value.tolist())


def test_every_bad_document_is_reported(batch: tuple[Path, Summary, list[Good], list[Bad]]) -> None:
    out, _, goods, bads = batch
    docs = pd.read_parquet(out / "documents").set_index("source")
    assert set(docs.index) == {g.source for g in goods} | {b.source for b in bads}
    for bad in bads:
        row = docs.loc[bad.source]
        assert (row.status, bad.reason in str(row.error)) == (bad.status, True), (
            bad.source,
            row.status,
            row.error,
        )
    assert (docs.metrics[docs.status != "ok"] == 0).all()


def test_summary_counts(batch: tuple[Path, Summary, list[Good], list[Bad]]) -> None:
    _, summary, goods, bads = batch
    assert summary.ok == len(goods)
    assert summary.failed == sum(b.status == "failed" for b in bads)
    assert summary.no_text == 1 and summary.duplicate == 2
    assert summary.written and summary.reused == 0


def test_decompression_bomb_hits_the_memory_limit(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bomb.pdf").write_bytes(bomb_pdf(expanded_mb=1500))
    (inputs / "good.txt").write_text(good_text(10))
    summary = run_batch(
        [inputs], tmp_path / "out", workers=1, limits=Limits(max_memory_mb=1024, timeout_s=60)
    )
    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source")
    assert docs.loc["good.txt", "status"] == "ok"
    assert docs.loc["bomb.pdf", "status"] == "failed"
    error = docs.loc["bomb.pdf", "error"]
    assert "out of memory" in error or "possibly out of memory" in error, error
    assert summary.failed == 1


def test_a_worker_that_dies_at_every_document_does_not_stop_the_batch(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for index in range(4):
        (inputs / f"CRASH-{index}.txt").write_text(good_text(index + 1))
    (inputs / "good.txt").write_text(good_text(10))
    summary = run_batch(
        [inputs], tmp_path / "out", workers=1, limits=LIMITS, processor=faulty_processor
    )
    assert (summary.ok, summary.failed) == (1, 4)


def test_discover_is_sorted_and_skips_hidden_and_readme(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "README.md").write_text("r")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "c.txt").write_text("c")
    os.symlink("d", tmp_path / "linked")  # a folder inside the root: followed
    assert [f.source for f in discover([tmp_path])] == [
        "a.txt",
        "b.txt",
        "d/c.txt",
        "linked/c.txt",
    ]


def test_a_file_given_directly_is_read(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(good_text(10))
    summary = run_batch([path], tmp_path / "out", workers=1)
    assert (summary.documents, summary.ok, summary.metrics) == (1, 1, 1)


def test_fail_fast_stops_and_leaves_the_output(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(good_text(10))
    run_batch([inputs], tmp_path / "out", workers=1)
    before = pd.read_parquet(tmp_path / "out" / "documents")
    for index in range(5):
        (inputs / f"b{index}.txt").write_text(good_text(20 + index))
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    summary = run_batch([inputs], tmp_path / "out", workers=1, fail_fast=True)
    assert not summary.written and summary.failed == 1
    assert "stopped at the first failure" in summary.notices[-1]
    after = pd.read_parquet(tmp_path / "out" / "documents")
    pd.testing.assert_frame_equal(before, after)


def test_unreadable_input_folder_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: every file and folder is readable")
    inputs = tmp_path / "in"
    (inputs / "closed").mkdir(parents=True)
    (inputs / "closed" / "a.txt").write_text(good_text(10))
    (inputs / "closed").chmod(0)
    try:
        found = discover([inputs])
    finally:
        (inputs / "closed").chmod(0o755)
        shutil.rmtree(inputs)
    assert [(f.source, f.problem) for f in found] == [
        ("closed", "cannot list folder: Permission denied")
    ]
