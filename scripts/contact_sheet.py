"""Render a PDF's pages side by side into one PNG: docs/pages.png for the README.

.venv/bin/python scripts/contact_sheet.py dist/booklet.pdf docs/pages.png [--columns 5]
"""

from __future__ import annotations

import argparse

import pypdfium2
from PIL import Image

GAP, BACKGROUND, PAGE_WIDTH_PX = 12, "#8a8a8a", 300


def contact_sheet(pdf_path: str, output: str, columns: int) -> int:
    pdf = pypdfium2.PdfDocument(pdf_path)
    scale = PAGE_WIDTH_PX / pdf[0].get_width()
    pages = [page.render(scale=scale).to_pil().convert("RGB") for page in pdf]
    width, height = pages[0].size
    rows = -(-len(pages) // columns)
    sheet = Image.new("RGB", (columns * (width + GAP) + GAP, rows * (height + GAP) + GAP), BACKGROUND)
    for index, image in enumerate(pages):
        row, column = divmod(index, columns)
        sheet.paste(image, (GAP + column * (width + GAP), GAP + row * (height + GAP)))
    sheet.save(output, optimize=True)
    return len(pages)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf")
    parser.add_argument("output")
    parser.add_argument("--columns", type=int, default=5)
    args = parser.parse_args()
    print(f"{contact_sheet(args.pdf, args.output, args.columns)} pages → {args.output}")
