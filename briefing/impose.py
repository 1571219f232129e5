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
    """Impose a PDF's pages two-up in saddle-stitch order (A5 pages on A4 landscape)."""
    source = pikepdf.open(BytesIO(data))
    count = len(source.pages)
    first = source.pages[0].trimbox
    width, height = float(first[2] - first[0]), float(first[3] - first[1])
    imposed = pikepdf.new()
    for left, right in saddle_stitch_order(count):
        sheet = imposed.add_blank_page(page_size=(2 * width, height))
        drawing = b""
        for number, x in ((left, 0), (right, width)):
            if number <= count:
                # Named after the page (not at random, as add_overlay would): same input, same bytes.
                name = pikepdf.Name(f"/Page{number}")
                form = imposed.copy_foreign(source.pages[number - 1].as_form_xobject())
                sheet.add_resource(form, pikepdf.Name.XObject, name)
                drawing += f"q 1 0 0 1 {x:.4f} 0 cm {name} Do Q\n".encode()
        sheet.contents_add(pikepdf.Stream(imposed, drawing))
    with imposed.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(source.docinfo)
    imposed.Root.Lang = source.Root.get("/Lang", pikepdf.String("vi"))
    out = BytesIO()
    imposed.save(out, deterministic_id=True)
    return out.getvalue()
