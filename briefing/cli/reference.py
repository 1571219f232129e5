"""docs/reference/, written from the code: every command and flag from the parsers, the variants from their table.

    .venv/bin/python -m briefing.cli.reference           rewrite the pages that changed
    .venv/bin/python -m briefing.cli.reference --check   exit 1 if a page is out of date (as the tests do)

The pages are generated, never edited by hand, so a flag cannot be added
without its line in the reference: tests/test_reference.py fails until the
pages are regenerated. Output does not depend on the machine (no absolute
paths, a fixed width for usage lines).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import variants
from ..atomic import atomic_write
from ..options import PROJECT_ROOT
from ..problems import display_path
from .commands import COMMANDS
from .language import BriefingParser, summary_of, vietnamese

REFERENCE = PROJECT_ROOT / "docs" / "reference"
USAGE_WIDTH = 88
REGENERATE = ".venv/bin/python -m briefing.cli.reference"
GENERATED = f"<!-- Tạo tự động từ mã nguồn; đừng sửa tay. Tạo lại: {REGENERATE} -->"


def _cell(text: str) -> str:
    """Text inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=USAGE_WIDTH)
    with vietnamese():
        formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return formatter.format_help().strip()


def _invocation(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """``--sign KEY.p12``, ``-v, --verbose``, ``FILE.pdf``: as the option is typed."""
    formatter = argparse.HelpFormatter(parser.prog)
    return formatter._format_action_invocation(action)


def _help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    text = (action.help or "") % dict(vars(action), prog=parser.prog)  # argparse expands %(default)s and the like
    partners = [
        other.option_strings[-1]
        for group in parser._mutually_exclusive_groups
        if action in group._group_actions
        for other in group._group_actions
        if other is not action
    ]
    if partners:
        text += "; không dùng cùng " + ", ".join(f"`{flag}`" for flag in partners)
    return text


def _command(name: str, parser: argparse.ArgumentParser) -> list[str]:
    lines = [f"## {name}", ""]
    summary = summary_of(parser)
    if summary:
        lines += [f"*{summary[0].upper()}{summary[1:]}.*", ""]
    lines += ["```text", _usage(parser), "```", ""]
    if parser.description:
        lines += [" ".join(parser.description.split()), ""]
    for group in parser._action_groups:
        actions = [action for action in group._group_actions if action.help is not argparse.SUPPRESS]
        actions = [action for action in actions if not isinstance(action, argparse._HelpAction)]
        if not actions:
            continue
        lines += [f"| {group.title} | ý nghĩa |", "| --- | --- |"]
        for action in actions:
            invocation = f"`{_invocation(parser, action)}`"
            if action.required and action.option_strings:
                invocation += " (bắt buộc)"
            lines.append(f"| {_cell(invocation)} | {_cell(_help(parser, action))} |")
        lines.append("")
    if parser.epilog:
        lines += [" ".join(parser.epilog.split()), ""]
    return lines


def cli_page() -> str:
    """docs/reference/cli.md: every command, every flag with its help, the exit codes."""
    with vietnamese():  # group titles of a parser made with plain argparse, too
        parsers = {name: make_parser() for name, (make_parser, _) in COMMANDS.items()}
    flags = ", ".join(f"`{flag}`" for flag in dict.fromkeys(v.flag for v in variants.VARIANTS))
    lines = [
        GENERATED,
        "",
        "# Tham chiếu dòng lệnh",
        "",
        "Chạy từ thư mục dự án: `.venv/bin/python build.py LỆNH [tùy chọn]`. Không ghi LỆNH là `build`. "
        "Mọi lệnh nhận `-h`, `--help`: in hướng dẫn của lệnh rồi thoát. "
        f"Các kiểu xuất ({flags}) và những kiểu không dùng cùng nhau: xem [variants.md](variants.md).",
        "",
        "| lệnh | việc |",
        "| --- | --- |",
    ]
    for name, parser in parsers.items():
        lines.append(f"| [`{name}`](#{name}) | {_cell(summary_of(parser))} |")
    lines.append("")
    for name, parser in parsers.items():
        lines += _command(name, parser)
    return "\n".join(lines).rstrip("\n") + "\n"


def _standard(pdf_variant: str) -> str:
    """WeasyPrint's ``pdf/a-3b`` as people write it: PDF/A-3b."""
    family, _, version = pdf_variant.partition("-")
    return f"{family.upper()}-{version}"


def _step(step: str) -> str:
    module, function = step.split(":")
    return f"`{module.removeprefix('briefing.')}.{function}`"


def variants_page() -> str:
    """docs/reference/variants.md: the output variants, what each adds, which do not combine."""
    lines = [
        GENERATED,
        "",
        "# Các kiểu xuất",
        "",
        "Mỗi kiểu xuất thay đổi cách xuất tập tài liệu, không thay đổi nội dung. Danh sách này lấy từ "
        "`VARIANTS` trong `briefing/variants.py`; hai kiểu không dùng cùng nhau thì lệnh dừng với mã thoát 2 "
        "và nói lý do. Tệp kiểu: trong thư mục styles/, nạp sau các tệp kiểu chung. Cột `copies`: lệnh "
        "`build.py copies` cũng nhận kiểu này.",
        "",
        "| tùy chọn | dùng để | tệp kiểu | chuẩn PDF | đính kèm | bước trên PDF | không dùng cùng | `copies` |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for variant in variants.VARIANTS:
        excluded = [other for other, _ in variant.excludes]
        excluded += [v.name for v in variants.VARIANTS for other, _ in v.excludes if other == variant.name]
        cells = [
            f"`{variant.option}`",
            variant.help,
            ", ".join(f"`{sheet}`" for sheet in variant.stylesheets),
            _standard(variant.pdf_variant) if variant.pdf_variant else "",
            "tệp nội dung" if variant.attach_content else "",
            _step(variant.step) if variant.step else "",
            ", ".join(f"`{variants.BY_NAME[name].flag}`" for name in dict.fromkeys(excluded)),
            "có" if variant.copies else "",
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    lines += [
        "",
        "Lý do từng cặp không dùng cùng nhau:",
        "",
    ]
    for variant in variants.VARIANTS:
        for other, why in variant.excludes:
            lines.append(f"- `{variant.flag}` và `{variants.BY_NAME[other].flag}`: {why}.")
    lines += ["", "Kiểu chỉ dùng cùng kiểu khác, và tệp một kiểu nhận:", ""]
    for variant in variants.VARIANTS:
        if variant.requires:
            partners = " hoặc ".join(f"`{variants.BY_NAME[name].flag}`" for name in variant.requires)
            lines.append(f"- `{variant.flag}`: chỉ dùng cùng {partners}.")
        for option in variant.files:
            lines.append(f"- `{option.flag} {option.metavar}` (cùng `{variant.flag}`): {option.help}.")
    release = ", ".join(f"`{v.option}`" for v in variants.VARIANTS if v.release)
    proof = ", ".join(f"`{v.flag}`" for v in variants.VARIANTS if v.proof)
    lines += [
        "",
        f"Tệp để in ({release}) và bản sao (`build.py copies`, rồi `build.py send`) chỉ làm được khi trang xuất "
        f"bản đã ghi đủ các mục xuất bản phẩm in phải ghi; khi còn thiếu, lệnh dừng với mã thoát 1 và nêu từng "
        f"mục, trừ khi có {proof}: bản in thử, mọi trang in dòng “{variants.PROOF_MARK}” và tên tệp PDF cũng ghi "
        f"thế. Khi còn thiếu, mọi trang của tệp PDF đọc trên máy ghi “{variants.DRAFT_MARK}”.",
    ]
    return "\n".join(lines) + "\n"


PAGES = {"cli.md": cli_page, "variants.md": variants_page}


def stale(folder: Path = REFERENCE) -> list[str]:
    """The pages in ``folder`` that differ from what the code says now."""
    return [
        name
        for name, page in PAGES.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != page()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = BriefingParser(
        prog="python -m briefing.cli.reference",
        description="Ghi lại các trang tham chiếu trong docs/reference/ từ mã nguồn.",
    )
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra; mã thoát 1 nếu có trang đã cũ")
    parser.add_argument("--folder", type=Path, default=REFERENCE, metavar="DIR", help="thư mục các trang")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    outdated = stale(args.folder)
    if args.check:
        for name in outdated:
            print(f"{display_path(args.folder / name)} đã cũ; chạy: {REGENERATE}", file=sys.stderr)
        return 1 if outdated else 0
    for name in outdated:
        atomic_write(args.folder / name, PAGES[name]().encode("utf-8"))
        print(f"Đã ghi {display_path(args.folder / name)}.")
    if not outdated:
        print("Các trang tham chiếu đã mới nhất.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
