"""What a build is asked to do, and where things are. Imports nothing heavy:
the command line decides whether a build is needed before loading WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUTPUT = PROJECT_ROOT / "dist" / "booklet.pdf"
TEMPLATES = PROJECT_ROOT / "templates"
STYLES = PROJECT_ROOT / "styles"

PAPER_SIZES = ("A5", "A4")
PAPER_MM = {"A5": (148, 210), "A4": (210, 297)}  # width, height of the trimmed page
PDF_VARIANTS = {"pdf-a": "pdf/a-3b", "pdf-ua": "pdf/ua-1"}
EDITIONS = ("reader", "review")  # what is printed and handed out; what the approvers read


class OptionError(ValueError):
    """Options that do not fit the content or each other (a usage error)."""


@dataclass(frozen=True)
class Layout:
    """Where templates and styles live, and which variant stylesheets apply."""

    templates: Path
    styles: Path
    paper: str = "A5"
    print_marks: bool = False
    review: bool = False  # the review edition: source marks, watermark

    @property
    def stylesheets(self) -> list[Path]:
        """The base stylesheet, then each variant asked for: variants are extra sheets, not forks."""
        sheets = [self.styles / "booklet.css"]
        if self.paper != "A5":
            sheets.append(self.styles / f"paper-{self.paper.lower()}.css")
        if self.review:
            sheets.append(self.styles / "review.css")
        if self.print_marks:
            sheets.append(self.styles / "print-marks.css")
        return sheets


@dataclass(frozen=True)
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    output: Path = DEFAULT_OUTPUT
    paper: str = "A5"
    html_output: Path | None = None
    strict: bool = False  # content warnings stop the build too
    province: str | None = None  # build a booklet of this province only
    print_marks: bool = False  # crop marks and 3 mm bleed
    pdf_variant: str | None = None  # a key of PDF_VARIANTS
    imposition: str | None = None  # "booklet": two-up saddle stitch
    edition: str = "reader"  # a member of EDITIONS
    since: Path | None = None  # review edition: list the changes since this earlier review PDF

    @property
    def review(self) -> bool:
        return self.edition == "review"

    @property
    def layout(self) -> Layout:
        return Layout(TEMPLATES, STYLES, self.paper, self.print_marks, self.review)

    def check(self) -> None:
        if self.since is not None and not self.review:
            raise OptionError("--since chỉ dùng với --edition review: bản duyệt mới liệt kê thay đổi so với bản cũ")
        if self.imposition and self.print_marks:
            raise OptionError(
                "--imposition và --print-marks không dùng cùng nhau: nhà in tự dàn trang từ bản có dấu cắt"
            )
        if self.imposition and self.pdf_variant:
            raise OptionError("--imposition chỉ dùng cho bản in văn phòng, không kèm --pdf-a hay --pdf-ua")
