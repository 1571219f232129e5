"""Output variants, declared once.

A variant changes how the booklet is output, not what it says: a stylesheet
added after the others, a PDF standard WeasyPrint writes, files attached, a
step run on the written PDF. Each is one entry of ``VARIANTS``, from which the
command line makes its flags, ``BuildOptions.check`` its conflicts and the
pipeline its work (as Pelican lists its generators). Adding a variant is one
entry here plus its stylesheet or step.

Imports nothing heavy: the command line reads this table before deciding
whether a build is needed.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

# A CMYK profile from Debian's libgs-common (Ghostscript's, AGPL; installed by
# scripts/setup.sh, not shipped here): the output intent of --press.
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@dataclass(frozen=True)
class Variant:
    name: str  # what BuildOptions.variants holds
    flag: str  # the command-line flag, a contract with other tools
    help: str  # for --help, in Vietnamese
    value: str | None = None  # for a flag that takes a value: --imposition booklet
    stylesheets: tuple[str, ...] = ()  # in styles/, loaded after the base, paper and edition sheets
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant
    attach_content: bool = False  # the content files travel inside the PDF
    step: str | None = None  # "module:function", bytes -> bytes, run on the written (and stamped) PDF
    excludes: tuple[tuple[str, str], ...] = ()  # (variant, why they do not combine)
    copies: bool = False  # `copies` offers it too: a print variant
    reads: tuple[Path, ...] = ()  # files outside the project the renderer may read
    needs: tuple[tuple[Path, str], ...] = ()  # (file, what provides it), checked before building

    @property
    def option(self) -> str:
        """How the operator names it: the flag, with its value if it takes one."""
        return f"{self.flag} {self.value}" if self.value else self.flag

    def run_step(self, data: bytes) -> bytes:
        module, function = self.step.split(":")
        return getattr(import_module(module), function)(data)  # pikepdf is loaded only when needed


VARIANTS: tuple[Variant, ...] = (
    Variant(
        "saddle-stitch",
        "--imposition",
        "dàn 2 trang lên một mặt giấy theo thứ tự đóng gáy giữa (in hai mặt, gập, dập ghim)",
        value="booklet",
        step="briefing.impose:impose_booklet",
        excludes=(
            ("print-marks", "nhà in tự dàn trang từ bản có dấu cắt"),
            ("pdf-a", "bản dàn trang để in, không để lưu trữ"),
            ("pdf-ua", "bản dàn trang để in, không để đọc trên máy"),
        ),
        copies=True,
    ),
    Variant(
        "print-marks",
        "--print-marks",
        "dấu cắt và lề tràn 3 mm cho nhà in",
        stylesheets=("bleed.css", "print-marks.css"),
        copies=True,
    ),
    Variant(
        "pdf-a",
        "--pdf-a",
        "PDF/A-3b để lưu trữ, kèm tệp nội dung",
        pdf_variant="pdf/a-3b",
        attach_content=True,
        excludes=(("pdf-ua", "một tệp chỉ theo một chuẩn PDF; hãy dựng hai tệp"),),
    ),
    Variant("pdf-ua", "--pdf-ua", "PDF/UA có gắn thẻ cho người khiếm thị", pdf_variant="pdf/ua-1"),
    Variant(
        "press",
        "--press",
        "PDF/X-1a cho nhà in: màu CMYK, chữ đen chỉ in bản K, lề tràn 3 mm, dấu cắt ngoài lề tràn",
        stylesheets=("bleed.css", "press.css"),
        pdf_variant="pdf/x-1a",
        step="briefing.press:add_slug_and_marks",
        excludes=(
            ("print-marks", "--press đã có lề tràn và dấu cắt của nó"),
            ("pdf-a", "một tệp chỉ theo một chuẩn PDF; hãy dựng hai tệp"),
            ("pdf-ua", "một tệp chỉ theo một chuẩn PDF; hãy dựng hai tệp"),
        ),
        copies=True,
        reads=(CMYK_PROFILE,),
        needs=((CMYK_PROFILE, "gói Debian libgs-common; chạy: bash scripts/setup.sh"),),
    ),
)
BY_NAME = {variant.name: variant for variant in VARIANTS}
# Steps run in this order whatever the table's: pages are imposed first, then the sheet gets its marks.
STEP_ORDER = ("saddle-stitch", "press")


class VariantError(ValueError):
    """Variants that do not combine, or that lack what they need."""


def chosen(names) -> list[Variant]:
    """The named variants, in table order."""
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise VariantError(f"không có kiểu xuất “{unknown[0]}”; chọn trong: {', '.join(BY_NAME)}")
    return [variant for variant in VARIANTS if variant.name in names]


def check(names) -> None:
    """Raise ``VariantError`` for the first pair that does not combine, or a missing file."""
    variants = chosen(names)
    for variant in variants:
        for other, why in variant.excludes:
            if other in names:
                flag = BY_NAME[other].flag
                raise VariantError(f"{variant.flag} và {flag} không dùng cùng nhau: {why}")
    for variant in variants:
        for path, source in variant.needs:
            if not path.is_file():
                raise VariantError(f"{variant.flag} cần tệp {path} ({source})")


def steps(names) -> list[Variant]:
    """The chosen variants that change the written PDF, in the order they must run."""
    with_step = {variant.name: variant for variant in chosen(names) if variant.step}
    return [with_step[name] for name in STEP_ORDER if name in with_step]


def add_flags(parser: argparse.ArgumentParser, copies: bool = False) -> None:
    """One flag per variant (or per flag, for those taking a value); ``copies``: print variants only."""
    flags: dict[str, list[Variant]] = {}
    for variant in VARIANTS:
        if variant.copies or not copies:
            flags.setdefault(variant.flag, []).append(variant)
    for flag, variants in flags.items():
        dest = "variant_" + flag.lstrip("-").replace("-", "_")
        if variants[0].value is None:
            parser.add_argument(flag, dest=dest, action="store_true", help=variants[0].help)
        else:
            parser.add_argument(
                flag,
                dest=dest,
                choices=[v.value for v in variants],
                help="; ".join(f"{v.value}: {v.help}" for v in variants),
            )


def from_args(args: argparse.Namespace) -> tuple[str, ...]:
    """The variants the parsed flags ask for, in table order."""
    names = []
    for variant in VARIANTS:
        given = getattr(args, "variant_" + variant.flag.lstrip("-").replace("-", "_"), None)
        if given is True or (variant.value is not None and given == variant.value):
            names.append(variant.name)
    return tuple(names)
