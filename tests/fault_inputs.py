"""Bad inputs for the fault-injection tests, built on the fly, and a processor that misbehaves.

Every builder returns bytes (or makes a file) so a test can drop it into a temporary input
folder next to good documents. ``faulty_processor`` is the test-only hook for worker faults:
``run_batch(..., processor=faulty_processor)`` runs it in the workers instead of
``pipeline.run.process_task``; for a file whose name contains ``CRASH`` it kills its own process
with SIGSEGV (what a segfault in a native library does), for ``HANG`` it sleeps for an hour, and
for any other file it is the real processor. Nothing in ``pipeline`` knows about it.
"""

from __future__ import annotations

import os
import signal
import struct
import time
import zlib

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

from pipeline.records import DocResult
from pipeline.run import Task, process_task

GOOD_SENTENCE = "Staff turnover at Camden Council was {value}% in 2023-24."


def good_text(value: float) -> str:
    return GOOD_SENTENCE.format(value=f"{value:g}") + "\n"


def pdf_bytes(*pages: str, user_password: str | None = None, owner_password: str = "") -> bytes:
    """A PDF with one page per text (an empty text gives a page without any text)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 10, text)
    if owner_password or user_password:
        pdf.set_encryption(
            owner_password=owner_password or "owner",
            user_password=user_password,
            encryption_method=EncryptionMethod.AES_128,
        )
    return bytes(pdf.output())


def html_with_noise(sentence: str, data_uri_bytes: int = 12_000_000) -> bytes:
    """An HTML page whose one sentence sits among scripts, styles and a huge data URI."""
    blob = "A" * data_uri_bytes
    return (
        "<!DOCTYPE html><html><head><title>News</title>"
        f"<style>{'p { color: red } ' * 2000}</style>"
        f"<script>{'var tracking = 12.5; ' * 5000}</script></head><body>"
        f'<img alt="logo" src="data:image/png;base64,{blob}">'
        f"<main><p>{sentence}</p></main>"
        f'<a href="data:application/pdf;base64,{blob[:300_000]}">download</a>'
        "</body></html>"
    ).encode()


def _flate_bomb(expanded_mb: int) -> bytes:
    """A zlib stream of about 1 KB per MB that inflates to ``expanded_mb`` MB of spaces."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    adler = 1
    for _ in range(expanded_mb):
        adler = zlib.adler32(chunk, adler)
    return first + again * (expanded_mb - 1) + end[:-4] + struct.pack(">I", adler)


def bomb_pdf(expanded_mb: int) -> bytes:
    """A one-page PDF whose content stream is a decompression bomb."""
    stream = _flate_bomb(expanded_mb)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def faulty_processor(task: Task) -> DocResult:
    """The real processor, except for files named to crash or hang their worker."""
    if "CRASH" in task.source:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "HANG" in task.source:
        time.sleep(3600)
    return process_task(task)
