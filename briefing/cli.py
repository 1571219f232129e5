"""Command line: parse arguments, set up logging, map errors to exit codes.

Exit codes: 0 built, 1 invalid content or failed build, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .html import PAPER_SIZES
from .pipeline import DEFAULT_CONTENT, DEFAULT_OUTPUT, BuildOptions, build
from .problems import ContentError, display_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

logger = logging.getLogger("briefing")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Dựng tập tài liệu PDF từ nội dung trong thư mục content/.",
        epilog="Mã thoát: 0 thành công, 1 nội dung sai hoặc dựng lỗi, 2 sai cú pháp lệnh.",
    )
    p.add_argument(
        "--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="thư mục nội dung (mặc định: content/)"
    )
    p.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, metavar="FILE.pdf", help="tệp PDF (mặc định: dist/booklet.pdf)"
    )
    p.add_argument("--paper", choices=PAPER_SIZES, default="A5", type=str.upper, help="khổ giấy: A5 (mặc định) hoặc A4")
    p.add_argument("--html", type=Path, metavar="FILE.html", help="ghi thêm bản HTML để xem trước trong trình duyệt")
    p.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        force=True,
    )
    options = BuildOptions(content=args.content, output=args.output, paper=args.paper, html_output=args.html)
    try:
        result = build(options)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.severity == "error" for p in error.problems)
        print(f"Nội dung có {errors} lỗi; chưa dựng tài liệu. Tệp PDF cũ (nếu có) được giữ nguyên.", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"Không ghi được tệp: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Đã dựng {display_path(result.path)} ({result.pages} trang).")
    if result.warnings:
        print(f"WeasyPrint báo {len(result.warnings)} cảnh báo (xem ở trên).", file=sys.stderr)
    return EXIT_OK
