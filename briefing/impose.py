"""Saddle-stitch imposition: two booklet pages side by side on each sheet side.

Print the result double-sided (flip on the short edge), fold the stack in the
middle and staple: the pages come out in reading order. Page counts are padded
to a multiple of four with blank pages, as a folded sheet carries four pages.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf


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


def impose_booklet(data: bytes) -> bytes:
    """Impose a PDF's pages two-up in saddle-stitch order (A5 pages on A4 landscape).

    Pages with a bleed (--press) keep it on the sheet's outer edges; at the
    fold each page is cut at its trim. What makes the file a PDF/X (output
    intent, identification) is carried over.
    """
    source = pikepdf.open(BytesIO(data))
    count = len(source.pages)
    first = source.pages[0]
    trim, media = [float(v) for v in first.trimbox], [float(v) for v in first.mediabox]
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    bleed = trim[0] - media[0]
    imposed = pikepdf.new()
    for left, right in saddle_stitch_order(count):
        sheet = imposed.add_blank_page(page_size=(2 * width, height))
        drawing = b""
        for number, x, clip_left, clip_right in ((left, 0, -bleed, width), (right, width, width, 2 * width + bleed)):
            if number <= count:
                # Named after the page (not at random, as add_overlay would): same input, same bytes.
                name = pikepdf.Name(f"/Page{number}")
                page = source.pages[number - 1]
                form = page.as_form_xobject()
                form.BBox = page.mediabox  # the trim, and the bleed around it
                form = imposed.copy_foreign(form)
                sheet.add_resource(form, pikepdf.Name.XObject, name)
                clip = f"{clip_left:.4f} {-bleed:.4f} {clip_right - clip_left:.4f} {height + 2 * bleed:.4f} re W n"
                drawing += f"q {clip} 1 0 0 1 {x - trim[0]:.4f} {-trim[1]:.4f} cm {name} Do Q\n".encode()
        if bleed:
            sheet.MediaBox = pikepdf.Array([-bleed, -bleed, 2 * width + bleed, height + bleed])
            sheet.BleedBox = sheet.MediaBox
            sheet.TrimBox = pikepdf.Array([0, 0, 2 * width, height])
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
