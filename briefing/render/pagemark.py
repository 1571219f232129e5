"""What every page of an unfinished file says inside its trim: "BẢN IN THỬ" on a proof, "BẢN THẢO —
CHƯA PHÁT HÀNH" on a file made while the colophon is incomplete; and the file's title says it too.

Cropped to the page, or printed on an office printer, a proof still cannot pass for a release, nor an
unlicensed draft for a publication. The mark is one short line of real text (searchable, in an embedded
subset of the heading font, as the job line: briefing/render/jobline.py) at the foot of every page,
below the page number, in grey: it hides nothing of the text. On a PDF/X file it is in black ink only.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf

from ..variants import Job
from .jobline import JOB_FONT, job_font, job_line

MM = 72 / 25.4
MARK_BASELINE = 4 * MM  # above the trim's foot: inside the page, clear of the folio
MARK_SIZE = 8.0  # points: the smallest type the booklet sets, for older readers
MARK_GRAY = b"0.35 g"
# Drawn in CSS pixels, as WeasyPrint draws the page: every text on it then measures alike.
PX = 0.75
MARK_CMYK = b"0 0 0 0.65 k"  # black ink only, as PDF/X and the press ask
TITLE_SEPARATOR = " — "


def mark_pages(data: bytes, job: Job) -> bytes:
    """``data`` with ``job.page_mark`` at the foot of every page and before the document's title."""
    pdf = pikepdf.open(BytesIO(data))
    font = job_font([job.page_mark])
    shared = pdf.copy_foreign(font.font)
    colour = MARK_CMYK if _is_pdf_x(pdf) else MARK_GRAY
    for page in pdf.pages:
        left, bottom, right, _ = (float(v) / PX for v in page.trimbox)
        size = MARK_SIZE / PX
        x = (left + right - font.metrics.width(job.page_mark, size)) / 2
        line = job_line(job.page_mark, font.metrics, (x, bottom + MARK_BASELINE / PX), right, colour, size=size)
        line = f"q {PX} 0 0 {PX} 0 0 cm\n".encode() + line + b"Q\n"
        page.add_resource(shared, pikepdf.Name.Font, JOB_FONT)
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + line), prepend=False)  # a line of its own: "QQ" is no Q
    title = str(pdf.docinfo.get("/Title") or job.title)
    pdf.docinfo["/Title"] = f"{job.page_mark}{TITLE_SEPARATOR}{title}"
    if "/Metadata" in pdf.Root:  # PDF/A, PDF/X: the XMP title must agree with the Info title
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            metadata["dc:title"] = f"{job.page_mark}{TITLE_SEPARATOR}{metadata.get('dc:title') or title}"
    out = BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _is_pdf_x(pdf: pikepdf.Pdf) -> bool:
    intents = pdf.Root.get("/OutputIntents") or []
    return any(intent.get("/S") == pikepdf.Name("/GTS_PDFX") for intent in intents)
