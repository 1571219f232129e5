"""What a build is asked to do, and where things are. Imports nothing heavy:
the command line decides whether a build is needed before loading WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import variants as output_variants
from .paper import DEFAULT_PAPER, PAPERS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUTPUT = PROJECT_ROOT / "dist" / "booklet.pdf"
TEMPLATES = PROJECT_ROOT / "templates"
STYLES = PROJECT_ROOT / "styles"

EDITIONS = ("reader", "review")  # what is printed and handed out; what the approvers read


class OptionError(ValueError):
    """Options that do not fit the content or each other (a usage error)."""


@dataclass(frozen=True)
class Design:
    """How the booklet looks: where its templates and styles live, its paper, its edition, the variants' sheets."""

    templates: Path
    styles: Path
    paper: str = DEFAULT_PAPER
    review: bool = False  # the review edition: source marks, watermark
    variant_sheets: tuple[str, ...] = ()  # from the output variants, in order
    variant_rules: tuple[str, ...] = ()  # CSS from the files variants take (--icc), after every sheet

    @property
    def stylesheets(self) -> list[Path]:
        """The base stylesheet, then each variant asked for: variants are extra sheets, not forks."""
        sheets = [self.styles / "booklet.css"]
        if PAPERS[self.paper].stylesheet:
            sheets.append(self.styles / PAPERS[self.paper].stylesheet)
        if self.review:
            sheets.append(self.styles / "review.css")
        for name in self.variant_sheets:
            if self.styles / name not in sheets:  # two variants may share one (bleed.css)
                sheets.append(self.styles / name)
        return sheets


@dataclass(frozen=True)
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    output: Path = DEFAULT_OUTPUT
    paper: str = DEFAULT_PAPER
    html_output: Path | None = None
    strict: bool = False  # content warnings stop the build too
    provinces: tuple[str, ...] = ()  # an edition of these provinces only (content order); empty: all
    variants: tuple[str, ...] = ()  # output variants by name (briefing/variants.py), e.g. ("press",)
    edition: str = "reader"  # a member of EDITIONS
    since: Path | None = None  # review edition: list the changes since this earlier review PDF
    icc: Path | None = None  # --press: the print shop's CMYK profile instead of the packaged one

    @property
    def review(self) -> bool:
        return self.edition == "review"

    @property
    def chosen(self) -> list[output_variants.Variant]:
        return output_variants.chosen(self.variants)

    @property
    def variant_files(self) -> dict[str, Path]:
        """The files given to variants (``--icc``), by field; None where not given."""
        return {field: getattr(self, field) for field in output_variants.file_fields()}

    @property
    def pdf_variant(self) -> str | None:
        """WeasyPrint's PDF variant: at most one variant names one (they exclude each other)."""
        return next((v.pdf_variant for v in self.chosen if v.pdf_variant), None)

    @property
    def design(self) -> Design:
        sheets = tuple(sheet for variant in self.chosen for sheet in variant.stylesheets)
        rules = output_variants.file_rules(self.variants, self.variant_files)
        return Design(TEMPLATES, STYLES, self.paper, self.review, sheets, rules)

    def check(self) -> None:
        if self.since is not None and not self.review:
            raise OptionError("--since chỉ dùng với --edition review: bản duyệt mới liệt kê thay đổi so với bản cũ")
        try:
            output_variants.check(self.variants, self.variant_files)
        except output_variants.VariantError as error:
            raise OptionError(str(error)) from None
