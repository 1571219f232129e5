"""Output variants, declared once.

A variant changes how the booklet is output, not what it says: a stylesheet
added after the others, a PDF standard WeasyPrint writes, files attached, a
step run on the written PDF. Each is one entry of ``VARIANTS``, from which the
command line makes its flags (briefing/cli/parsers.py), ``BuildOptions.check``
its conflicts and the pipeline its work (as Pelican lists its generators).
Adding a variant is one entry here plus its stylesheet or step.

Two variants make files to print from (``release``): while the colophon
lacks what a printed publication states, they are refused unless ``--proof``
asks for a proof, whose every sheet says "BẢN IN THỬ". A variant may take a
file (``--icc FILE``, the print shop's CMYK profile for --press).

Imports nothing heavy: the command line reads this table before deciding
whether a build is needed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

# A CMYK profile from Debian's libgs-common (Ghostscript's, AGPL; installed by
# scripts/setup.sh, not shipped here): the output intent of --press.
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
PROOF_MARK = "BẢN IN THỬ"  # on every page and sheet of a proof
DRAFT_MARK = "BẢN THẢO — CHƯA PHÁT HÀNH"  # on every page of a file made while the colophon is incomplete
ICC_HEADER = 128  # bytes: an ICC profile's fixed header


class VariantError(ValueError):
    """Variants that do not combine, or that lack what they need."""


@dataclass(frozen=True)
class VariantFile:
    """A file a variant takes from the command line, kept in the BuildOptions field ``field``.

    WeasyPrint may read it, the fingerprint holds its bytes, and ``css``
    (with ``{uri}``) is the stylesheet rule that puts it to use, added after
    the variant's own stylesheets.
    """

    field: str
    flag: str
    metavar: str
    help: str
    check: str  # "module:function", Path -> None, raises VariantError saying what is wrong with the file
    css: str

    def checked(self, path: Path) -> None:
        module, function = self.check.split(":")
        getattr(import_module(module), function)(self.flag, path)

    def rule(self, path: Path) -> str:
        return self.css.replace("{uri}", path.resolve().as_uri())


@dataclass(frozen=True)
class Job:
    """What the steps print outside the page: the job line of a press sheet, the proof mark."""

    title: str
    date: datetime.date
    proof: bool = False  # every sheet says PROOF_MARK
    folded: bool = False  # sheets of two pages, folded in the middle: fold marks
    version: str = ""  # the booklet's version code, as the review edition shows it
    page_mark: str = ""  # what every page says inside its trim (briefing/render/pagemark.py): a proof, a draft


@dataclass(frozen=True)
class Variant:
    name: str  # what BuildOptions.variants holds
    flag: str  # the command-line flag, a contract with other tools
    help: str  # for --help, in Vietnamese
    value: str | None = None  # for a flag that takes a value: --imposition booklet
    stylesheets: tuple[str, ...] = ()  # in styles/, loaded after the base, paper and edition sheets
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant
    attach_content: bool = False  # the content files travel inside the PDF
    step: str | None = None  # "module:function", (bytes, Job) -> bytes, run on the written (and stamped) PDF
    excludes: tuple[tuple[str, str], ...] = ()  # (variant, why they do not combine)
    copies: bool = False  # `copies` offers it too: a print variant
    reads: tuple[Path, ...] = ()  # files outside the project WeasyPrint may read
    needs: tuple[tuple[Path, str], ...] = ()  # (file, what provides it), checked before building
    release: bool = False  # a file to print from: refused while the colophon is incomplete, unless proof
    proof: bool = False  # lets release variants through, marking every sheet PROOF_MARK
    requires: tuple[str, ...] = ()  # only with one of these variants
    folds: bool = False  # sheets of two pages folded in the middle
    files: tuple[VariantFile, ...] = ()  # files it takes from the command line

    @property
    def option(self) -> str:
        """How the operator names it: the flag, with its value if it takes one."""
        return f"{self.flag} {self.value}" if self.value else self.flag

    def run_step(self, data: bytes, job: Job) -> bytes:
        module, function = self.step.split(":")
        return getattr(import_module(module), function)(data, job)  # pikepdf is loaded only when needed


VARIANTS: tuple[Variant, ...] = (
    Variant(
        "saddle-stitch",
        "--imposition",
        "dàn 2 trang lên một mặt giấy theo thứ tự đóng gáy giữa (in hai mặt, gập, dập ghim)",
        value="booklet",
        step="briefing.render.impose:impose_booklet",
        excludes=(
            ("print-marks", "nhà in tự dàn trang từ bản có dấu cắt"),
            ("pdf-a", "bản dàn trang để in, không để lưu trữ"),
            ("pdf-ua", "bản dàn trang để in, không để đọc trên máy"),
        ),
        copies=True,
        release=True,
        folds=True,
    ),
    Variant(
        "print-marks",
        "--print-marks",
        "dấu cắt và lề tràn 3 mm cho nhà in",
        stylesheets=("bleed.css", "print-marks.css"),
        copies=True,
        release=True,  # a file for the print shop, like --press
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
        step="briefing.render.press:add_slug_and_marks",
        excludes=(
            ("print-marks", "--press đã có lề tràn và dấu cắt của nó"),
            ("pdf-a", "một tệp chỉ theo một chuẩn PDF; hãy dựng hai tệp"),
            ("pdf-ua", "một tệp chỉ theo một chuẩn PDF; hãy dựng hai tệp"),
        ),
        copies=True,
        reads=(CMYK_PROFILE,),
        needs=((CMYK_PROFILE, "gói Debian libgs-common; chạy: bash scripts/setup.sh"),),
        release=True,
        files=(
            VariantFile(
                "icc",
                "--icc",
                "FILE.icc",
                "hồ sơ màu CMYK của nhà in (tệp .icc), ghi vào output intent thay cho hồ sơ mặc định",
                check="briefing.variants:check_cmyk_profile",
                css='@color-profile device-cmyk { src: url("{uri}"); components: c, m, y, k; }',
            ),
        ),
    ),
    Variant(
        "proof",
        "--proof",
        f"bản in thử: mọi trang in dòng “{PROOF_MARK}”; dựng được tệp in (--press, --imposition) và bản sao cả khi "
        "trang xuất bản chưa đủ",
        copies=True,
        proof=True,
    ),
)
BY_NAME = {variant.name: variant for variant in VARIANTS}
# Steps run in this order whatever the table's: pages are imposed first, then the sheet gets its marks.
STEP_ORDER = ("saddle-stitch", "press")


def chosen(names) -> list[Variant]:
    """The named variants, in table order."""
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise VariantError(f"không có kiểu xuất “{unknown[0]}”; chọn trong: {', '.join(BY_NAME)}")
    return [variant for variant in VARIANTS if variant.name in names]


def check(names, files: dict[str, Path] | None = None) -> None:
    """Raise ``VariantError`` for the first pair that does not combine, a variant or file
    given without the variant it belongs to, or a missing or unusable file."""
    variants = chosen(names)
    for variant in variants:
        for other, why in variant.excludes:
            if other in names:
                flag = BY_NAME[other].flag
                raise VariantError(f"{variant.flag} và {flag} không dùng cùng nhau: {why}")
    for variant in variants:
        if variant.requires and not any(name in names for name in variant.requires):
            flags = " hoặc ".join(BY_NAME[name].flag for name in variant.requires)
            raise VariantError(f"{variant.flag} chỉ dùng cùng {flags}")
    for variant, option in _files():
        path = (files or {}).get(option.field)
        if path is not None and variant.name not in names:
            raise VariantError(f"{option.flag} chỉ dùng cùng {variant.flag}")
    for variant in variants:
        for path, source in variant.needs:
            if not path.is_file():
                raise VariantError(f"{variant.flag} cần tệp {path} ({source})")
        for option in variant.files:
            path = (files or {}).get(option.field)
            if path is not None:
                option.checked(path)


def gated(names) -> list[Variant]:
    """The chosen variants that make a file to print from, unless a proof is asked for."""
    variants = chosen(names)
    if any(variant.proof for variant in variants):
        return []
    return [variant for variant in variants if variant.release]


def job(names, title: str, date: datetime.date, version: str = "", unreleased: bool = False) -> Job:
    """What the steps of these variants print outside the page, and what every page says inside it:
    a proof says so; a file made while the colophon is incomplete (``unreleased``) says it is a draft."""
    variants = chosen(names)
    proof = any(v.proof for v in variants)
    mark = PROOF_MARK if proof else DRAFT_MARK if unreleased else ""
    return Job(title, date, proof, any(v.folds for v in variants), version, mark)


def file_rules(names, files: dict[str, Path]) -> tuple[str, ...]:
    """The stylesheet rules that put the given files of the chosen variants to use."""
    return tuple(
        option.rule(files[option.field])
        for variant in chosen(names)
        for option in variant.files
        if files.get(option.field) is not None
    )


def check_cmyk_profile(flag: str, path: Path) -> None:
    """An ICC profile of a CMYK output device (a printing condition), or ``VariantError`` saying why not."""
    try:
        with path.open("rb") as file:
            header = file.read(ICC_HEADER)
    except FileNotFoundError:
        raise VariantError(f"{flag} {path}: không có tệp này") from None
    except OSError as error:
        raise VariantError(f"{flag} {path}: không đọc được tệp ({error.strerror or error})") from None
    if len(header) < ICC_HEADER or header[36:40] != b"acsp":
        raise VariantError(f"{flag} {path}: không phải tệp hồ sơ màu ICC; hãy xin nhà in tệp .icc của họ")
    if header[16:20] != b"CMYK" or header[12:16] != b"prtr":
        space = header[16:20].decode("ascii", "replace").strip()
        raise VariantError(
            f"{flag} {path}: là hồ sơ màu {space}, không phải hồ sơ CMYK cho máy in; hãy xin nhà in hồ sơ CMYK của họ"
        )


def file_fields() -> list[str]:
    """The BuildOptions fields that hold the files variants take."""
    return [option.field for _, option in _files()]


def _files() -> list[tuple[Variant, VariantFile]]:
    return [(variant, option) for variant in VARIANTS for option in variant.files]


def steps(names) -> list[Variant]:
    """The chosen variants that change the written PDF, in the order they must run."""
    with_step = {variant.name: variant for variant in chosen(names) if variant.step}
    return [with_step[name] for name in STEP_ORDER if name in with_step]
