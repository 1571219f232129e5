"""Saddle-stitch imposition: two booklet pages side by side on each sheet side.

Print the result double-sided (flip on the short edge), fold the stack in the
middle and staple: the pages come out in reading order. Page counts are padded
to a multiple of four with blank pages, as a folded sheet carries four pages.

Without a bleed, the sheets are for an office printer, which cannot print to
the edge of the paper: nothing is drawn within 5 mm of the sheet's outer
edges (the cover's colour stops there, evenly, instead of wherever the printer
gives up). A proof says "BẢN IN THỬ" up both outer margins, where a press
sheet has its slug.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf

from ..variants import Job
from .jobline import JOB_COLOUR_GRAY, JOB_FONT, job_font, job_line, job_lines
from .stamp import FontMetrics

MM = 72 / 25.4
OFFICE_EDGE = 5 * MM  # what office printers leave unprinted around the sheet
PROOF_SIZE = 8.0  # points: larger than a press sheet's job line, as this one stays on the page
PROOF_BASELINE = 9.5 * MM  # from the sheet's outer edge: its accented capitals stay clear of OFFICE_EDGE


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """The (left, right) booklet page numbers of each sheet side, 1-based.

    ``pages`` is padded up to a multiple of four; numbers above the real page
    count are blanks. For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5).
    """
    padded = -(-pages // 4) * 4
    sides = []
    for sheet in range(padded // 4):
        sides.append((padded - 2 * sheet, 2 * sheet + 1))  # front
        sides.append((2 * sheet + 2, padded - 2 * sheet - 1))  # back
    return sides


def impose_booklet(data: bytes, job: Job | None = None) -> bytes:
    """Impose a PDF's pages two-up in saddle-stitch order (A5 pages on A4 landscape).

    Pages with a bleed (--press) keep it on the sheet's outer edges; at the
    fold each page is cut at its trim. Pages without one keep OFFICE_EDGE
    clear, and a proof (``job.proof``) is marked up both outer margins. What
    makes the file a PDF/X (output intent, identification) is carried over.
    """
    source = pikepdf.open(BytesIO(data))
    count = len(source.pages)
    first = source.pages[0]
    trim, media = [float(v) for v in first.trimbox], [float(v) for v in first.mediabox]
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    bleed = trim[0] - media[0]
    edge = 0 if bleed else OFFICE_EDGE  # kept clear at the sheet's outer edges
    bottom, top = -bleed + edge, height + bleed - edge
    order = saddle_stitch_order(count)
    imposed = pikepdf.new()
    proof = _proof_marks(imposed, job, len(order)) if job and job.proof and not bleed else None
    for side, (left, right) in enumerate(order):
        sheet = imposed.add_blank_page(page_size=(2 * width, height))
        drawing = b""
        halves = ((left, 0, -bleed + edge, width), (right, width, width, 2 * width + bleed - edge))
        for number, x, clip_left, clip_right in halves:
            if number <= count:
                # Named after the page (not at random, as add_overlay would): same input, same bytes.
                name = pikepdf.Name(f"/Page{number}")
                page = source.pages[number - 1]
                form = page.as_form_xobject()
                form.BBox = page.mediabox  # the trim, and the bleed around it
                form = imposed.copy_foreign(form)
                sheet.add_resource(form, pikepdf.Name.XObject, name)
                clip = f"{clip_left:.4f} {bottom:.4f} {clip_right - clip_left:.4f} {top - bottom:.4f} re W n"
                drawing += f"q {clip} 1 0 0 1 {x - trim[0]:.4f} {-trim[1]:.4f} cm {name} Do Q\n".encode()
        if bleed:
            sheet.MediaBox = pikepdf.Array([-bleed, -bleed, 2 * width + bleed, height + bleed])
            sheet.BleedBox = sheet.MediaBox
            sheet.TrimBox = pikepdf.Array([0, 0, 2 * width, height])
        if proof is not None:
            font, lines = proof
            sheet.add_resource(font, pikepdf.Name.Font, JOB_FONT)
            drawing += _proof_line(lines[side], job_font(lines).metrics, 2 * width, height)
        # The drawing replaces the blank page's empty stream, which would be saved as a
        # Flate stream of length 0 (MuPDF: "premature end of data in flate filter").
        sheet.Contents = pikepdf.Stream(imposed, drawing or b"% blank sheet side\n")
    if "/Metadata" in source.Root:  # PDF/X: its XMP identification, kept as written, with the Info it matches
        imposed.Root.Metadata = imposed.copy_foreign(source.Root.Metadata)
        for key, value in source.docinfo.items():
            imposed.docinfo[key] = value
    else:
        with imposed.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(source.docinfo)
    if "/OutputIntents" in source.Root:
        intents = [imposed.copy_foreign(source.make_indirect(intent)) for intent in source.Root.OutputIntents]
        imposed.Root.OutputIntents = pikepdf.Array(intents)
    imposed.Root.Lang = source.Root.get("/Lang", pikepdf.String("vi"))
    out = BytesIO()
    imposed.save(out, deterministic_id=True)
    return out.getvalue()


def _proof_marks(imposed: pikepdf.Pdf, job: Job, sides: int) -> tuple[pikepdf.Object, list[str]]:
    """The job line font, copied into ``imposed``, and the line of each sheet side."""
    lines = job_lines(job, sides)
    return imposed.copy_foreign(job_font(lines).font), lines


def _proof_line(text: str, font: FontMetrics, sheet_width: float, height: float) -> bytes:
    """``text`` up the left edge and down the right one, in the outer margins, centred on the height."""
    length = min(font.width(text, PROOF_SIZE), height - 2 * OFFICE_EDGE)
    start, end = (height - length) / 2, (height + length) / 2
    up = job_line(text, font, (PROOF_BASELINE, start), end, JOB_COLOUR_GRAY, 90, PROOF_SIZE)
    down = job_line(text, font, (sheet_width - PROOF_BASELINE, end), start, JOB_COLOUR_GRAY, -90, PROOF_SIZE)
    return up + down
