"""The --press step: a slug around every page, crop and fold marks and a job line in it.

WeasyPrint writes each page with its 3 mm bleed as MediaBox (and BleedBox) and
the trimmed page as TrimBox. A print shop wants more room: the marks that show
where to cut lie outside the bleed, so that no colour running into the bleed
(the cover's red band) paints over them, and so that the cut never shows a
mark. This step enlarges the MediaBox to a slug around the bleed, clips the
page's own drawing to its bleed, and draws the marks on top in registration
colour (the separation "All": every plate prints them, so the press can check
that the plates register and the cutter finds them on any sheet).
MediaBox > BleedBox > TrimBox, each box centred on the one inside it.

Imposed sheets (--imposition) are folded in the middle: dashed fold marks
show where, on the line of the fold, top and bottom. Under every sheet a job
line names the booklet, its date and which sheet this is (and says "BẢN IN
THỬ" on a proof), in the slug, so it is cut off with it.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf

from ..variants import Job
from .jobline import JOB_COLOUR_CMYK, JOB_FONT, job_font, job_line, job_lines

MM = 72 / 25.4
BLEED = 3 * MM  # as styles/bleed.css asks of WeasyPrint
MARK_GAP = 0.5 * MM  # between the bleed's edge and a mark
MARK_LENGTH = 5 * MM
SLUG = 10 * MM  # from the trim to the MediaBox's edge: room for the marks and a little white
MARK_WIDTH = 0.25  # points, a hairline
# The marks' colour: registration, full tint of the separation "All" (every plate).
REGISTRATION = pikepdf.Name("/CSRegistration")
MARK_COLOUR = b"/CSRegistration CS 1 SCN"
FOLD_DASH = b"[2 1.5] 0 d"  # a fold mark is dashed, a crop mark solid
JOB_INDENT = 5 * MM  # from the trim's left edge (and from a fold mark), clear of the corner's marks
JOB_BASELINE = 7.5 * MM  # below the trim: outside the bleed, inside the slug


def add_slug_and_marks(data: bytes, job: Job) -> bytes:
    pdf = pikepdf.open(BytesIO(data))
    lines = job_lines(job, len(pdf.pages))
    font = job_font(lines)
    shared = pdf.copy_foreign(font.font)
    registration = registration_colour_space(pdf)
    for page, line in zip(pdf.pages, lines, strict=True):
        left, bottom, right, top = (float(v) for v in page.trimbox)
        bleed = (left - BLEED, bottom - BLEED, right + BLEED, top + BLEED)
        page.BleedBox = pikepdf.Array(bleed)
        page.MediaBox = pikepdf.Array([left - SLUG, bottom - SLUG, right + SLUG, top + SLUG])
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]
        if "/Annots" in page.obj:  # links: PDF/X allows no annotation on the printed area
            del page.obj["/Annots"]
        x0, y0, x1, y1 = bleed
        clip = f"q {x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n\n".encode()
        page.contents_add(pikepdf.Stream(pdf, clip), prepend=True)
        marks = crop_marks(left, bottom, right, top)
        if job.folded:
            marks += fold_marks((left + right) / 2, bottom, top)
        end = (left + right) / 2 - JOB_INDENT if job.folded else right - JOB_INDENT
        marks += job_line(line, font.metrics, (left + JOB_INDENT, bottom - JOB_BASELINE), end, JOB_COLOUR_CMYK)
        page.add_resource(shared, pikepdf.Name.Font, JOB_FONT)
        page.add_resource(registration, pikepdf.Name.ColorSpace, REGISTRATION)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + marks), prepend=False)  # "QQ" would be no Q
    _drop_unused_colour_spaces(pdf)
    out = BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def registration_colour_space(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The separation "All", whose tint prints on every plate (PDF 8.6.6.4); where only process
    colour is shown (a screen, an office printer), it is drawn as the four inks in full."""
    every_ink = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    space = [pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, pdf.make_indirect(every_ink)]
    return pdf.make_indirect(pikepdf.Array(space))


def _drop_unused_colour_spaces(pdf: pikepdf.Pdf) -> None:
    """Remove the colour spaces WeasyPrint declares on every page but the press
    stylesheet never uses (Lab, and the CMYK profile, which stays as the output
    intent): PDF/X-1a allows only CMYK and grey, and preflight reads declarations."""
    drawings = b"".join(_drawings(pdf))
    for page in pdf.pages:
        spaces = page.obj.get("/Resources", {}).get("/ColorSpace")
        if spaces is None:
            continue
        for name in list(spaces.keys()):
            if name.encode() + b" " not in drawings and name.encode() + b"\n" not in drawings:
                del spaces[name]


def _drawings(pdf: pikepdf.Pdf):
    """Every page's and form's decoded content."""
    for page in pdf.pages:
        yield (
            page.obj.Contents.read_bytes()
            if isinstance(page.obj.Contents, pikepdf.Stream)
            else b"".join(part.read_bytes() for part in page.obj.Contents)
        )
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
            yield obj.read_bytes()


def crop_marks(left: float, bottom: float, right: float, top: float) -> bytes:
    """Eight hairlines, two at each corner, each on the line of a trim edge, outside the bleed."""
    start, end = BLEED + MARK_GAP, BLEED + MARK_GAP + MARK_LENGTH
    lines = []
    for x, outward_x in ((left, -1), (right, 1)):
        for y, outward_y in ((bottom, -1), (top, 1)):
            lines.append((x + outward_x * start, y, x + outward_x * end, y))  # along the horizontal edge
            lines.append((x, y + outward_y * start, x, y + outward_y * end))  # along the vertical edge
    path = "".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l\n" for a, b, c, d in lines)
    return b"q " + MARK_COLOUR + f" {MARK_WIDTH} w 0 J\n{path}S Q\n".encode()


def fold_marks(x: float, bottom: float, top: float) -> bytes:
    """Two dashed hairlines on the line of the fold, above and below the sheet, outside the bleed."""
    start, end = BLEED + MARK_GAP, BLEED + MARK_GAP + MARK_LENGTH
    path = f"{x:.4f} {top + start:.4f} m {x:.4f} {top + end:.4f} l\n"
    path += f"{x:.4f} {bottom - start:.4f} m {x:.4f} {bottom - end:.4f} l\n"
    return b"q " + MARK_COLOUR + b" " + FOLD_DASH + f" {MARK_WIDTH} w 0 J\n{path}S Q\n".encode()
