"""Command line: parse arguments, set up logging, map errors to exit codes.

    build.py [build] [--content DIR] [--output FILE.pdf] [--paper A5|A4] [--html FILE] [--strict]
                     [--province SLUG] [the variants: --imposition booklet, --print-marks, --pdf-a,
                     --pdf-ua, --press; see briefing/variants.py for which combine]
                     [--edition reader|review [--since OLD.pdf]] [--force]
    build.py check [--content DIR] [--strict]
    build.py copies --recipients FILE.csv --output-dir DIR [--content DIR] [--paper A5|A4]
                    [--province SLUG] [--jobs N] [--strict] [--imposition booklet] [--print-marks] [--press]
    build.py watch [the build options]
    build.py serve [--port 8000] [--host 127.0.0.1] [the build options]
    build.py schema [--content DIR]

Exit codes: 0 built (or content valid, or already up to date), 1 invalid
content or failed build, 2 usage error, 130 interrupted (Ctrl-C; watch exits 0).

Only light modules are imported at the top: whether a build is needed at all
is decided before WeasyPrint is loaded.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import freshness, variants
from .errorlog import report_unexpected
from .options import DEFAULT_CONTENT, DEFAULT_OUTPUT, EDITIONS, PAPER_SIZES, BuildOptions, OptionError
from .oserrors import describe, reason
from .problems import ContentError, Problem, display_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EPILOG = (
    "Mã thoát: 0 thành công (hoặc đã mới nhất), 1 nội dung sai hoặc dựng lỗi, 2 sai cú pháp lệnh, 130 bị dừng (Ctrl-C)."
)
KEPT = "Tệp PDF cũ (nếu có) được giữ nguyên."
NOT_RECORDED = "tệp PDF đã đầy đủ, lần sau sẽ dựng lại từ đầu"


# --- parsers -------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="thư mục nội dung (mặc định: content/)"
    )
    parser.add_argument("--strict", action="store_true", help="coi cảnh báo về nội dung là lỗi")
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")


def _booklet_options(parser: argparse.ArgumentParser) -> None:
    """What shapes the booklet itself; shared by build, watch and copies."""
    parser.add_argument(
        "--paper", choices=PAPER_SIZES, default="A5", type=str.upper, help="khổ giấy: A5 (mặc định) hoặc A4"
    )
    parser.add_argument("--province", metavar="SLUG", help="chỉ một tỉnh, theo tên tệp (ví dụ: lang-son)")


def build_parser(prog: str = "build.py", description: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description
        or "Dựng tập tài liệu PDF từ nội dung trong thư mục content/. Lệnh khác: “build.py check” chỉ kiểm tra "
        "nội dung; “build.py copies” tạo bản sao đánh số cho từng nơi nhận; “build.py watch” tự dựng lại khi sửa; "
        "“build.py serve” xem trước trong trình duyệt; “build.py schema” ghi lược đồ JSON cho trình soạn thảo.",
        epilog=EPILOG,
    )
    _common(parser)
    _booklet_options(parser)
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, metavar="FILE.pdf", help="tệp PDF (mặc định: dist/booklet.pdf)"
    )
    parser.add_argument(
        "--html", type=Path, metavar="FILE.html", help="ghi thêm bản HTML để xem trước trong trình duyệt"
    )
    variants.add_flags(parser)
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="reader",
        help="reader: bản phát hành (mặc định); review: bản duyệt, có căn cứ từng nội dung, suy luận, đính chính",
    )
    parser.add_argument(
        "--since",
        type=Path,
        metavar="OLD.pdf",
        help="với --edition review: liệt kê thay đổi so với bản duyệt cũ này ở đầu tài liệu",
    )
    parser.add_argument("--force", action="store_true", help="dựng lại cả khi không có gì thay đổi")
    return parser


def watch_parser() -> argparse.ArgumentParser:
    return build_parser(
        "build.py watch",
        "Dựng tài liệu, rồi tự dựng lại mỗi khi tệp trong content/, templates/ hoặc styles/ thay đổi; "
        "chỉ các chương thay đổi được dàn trang lại. Nhấn Ctrl-C để dừng.",
    )


def serve_parser() -> argparse.ArgumentParser:
    parser = build_parser(
        "build.py serve",
        "Dựng tài liệu rồi mở trang xem trước trong trình duyệt: các trang in từ chính tệp PDF, tự cập nhật "
        "mỗi khi tệp trong content/, templates/ hoặc styles/ được lưu. Nhấn Ctrl-C để dừng.",
    )
    parser.add_argument("--port", type=_port, default=8000, help="cổng của trang xem trước (mặc định: 8000)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="địa chỉ nghe (mặc định: 127.0.0.1, chỉ máy này xem được; địa chỉ khác mở cho cả mạng)",
    )
    return parser


def schema_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py schema",
        description="Ghi lược đồ JSON (JSON Schema) cho từng loại tệp nội dung vào thư mục schema/ trong thư mục "
        "nội dung, và thêm vào đầu mỗi tệp YAML dòng “# yaml-language-server: $schema=…” để trình soạn thảo "
        "(ví dụ VS Code với tiện ích YAML) kiểm tra và gợi ý tên trường khi gõ.",
        epilog=EPILOG,
    )
    parser.add_argument(
        "--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="thư mục nội dung (mặc định: content/)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là số từ 0 đến 65535, không phải “{text}”")
    return int(text)


def check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py check",
        description="Kiểm tra nội dung (mẫu dữ liệu, câu trích, tham chiếu, chính tả) mà không dựng PDF.",
        epilog=EPILOG,
    )
    _common(parser)
    return parser


def copies_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py copies",
        description="Tạo bản sao đánh số cho từng nơi nhận: “Kính gửi” và “Bản số” trên bìa, số bản ở chân mọi trang. "
        "Kèm manifest.csv và manifest.json (số bản, nơi nhận, tệp, số trang, dung lượng, SHA-256).",
        epilog=EPILOG,
    )
    _common(parser)
    _booklet_options(parser)
    parser.add_argument(
        "--recipients", type=Path, required=True, metavar="FILE.csv", help="danh sách nơi nhận: CSV UTF-8 có tiêu đề"
    )
    parser.add_argument("--output-dir", type=Path, required=True, metavar="DIR", help="thư mục ghi các bản sao")
    parser.add_argument("--jobs", type=int, metavar="N", help="số tiến trình song song (mặc định: số lõi CPU)")
    variants.add_flags(parser, copies=True)
    return parser


# --- commands ------------------------------------------------------------------


def _build_options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        content=args.content,
        output=args.output,
        paper=args.paper,
        html_output=args.html,
        strict=args.strict,
        province=args.province,
        variants=variants.from_args(args),
        edition=args.edition,
        since=args.since,
    )


def run_build(args: argparse.Namespace) -> int:
    from .outputs import check_outputs

    options = _build_options(args)
    try:
        options.check()
        check_outputs(options)
    except OptionError as error:
        print(f"build.py: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    inputs = freshness.fingerprint(options)
    if not args.force and freshness.is_up_to_date(options, inputs):
        print(f"{display_path(options.output)} đã mới nhất: không có gì thay đổi từ lần dựng trước.")
        return EXIT_OK
    from .changes import ChangesError
    from .pipeline import build

    try:
        result = build(options)
    except OptionError as error:
        print(f"build.py: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        _print_problems(error.problems)
        print(f"{_summary(error.problems, args.strict)}; chưa dựng tài liệu. {KEPT}", file=sys.stderr)
        return EXIT_FAILED
    except ChangesError as error:
        print(f"build.py: lỗi: --since {error}. {KEPT}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"Không ghi được tệp ({describe(error)}). {KEPT}", file=sys.stderr)
        return EXIT_FAILED
    _print_problems(result.content_warnings)
    print(f"Đã dựng {display_path(result.path)} ({result.pages} trang).")
    try:
        freshness.record(options, inputs, result.written)
    except OSError as error:  # the PDF is complete; only the shortcut for the next run is lost
        where = display_path(freshness.record_path(options.output))
        print(f"Không ghi được tệp ghi nhận lần dựng {where} ({reason(error)}); {NOT_RECORDED}.", file=sys.stderr)
    if result.render_warnings:
        print(f"WeasyPrint báo {len(result.render_warnings)} cảnh báo (xem ở trên).", file=sys.stderr)
    return EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    from .outputs import check_outputs
    from .watch import watch

    options = _build_options(args)
    try:
        options.check()
        check_outputs(options)
    except OptionError as error:
        print(f"build.py watch: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        watch(options, say=lambda line: print(line, flush=True), verbose=args.verbose)
    except KeyboardInterrupt:
        print("\nĐã dừng theo dõi.", flush=True)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from .serve import ServeError, serve

    try:
        serve(_build_options(args), args.host, args.port, say=lambda line: print(line, flush=True))
    except ServeError as error:
        print(f"build.py serve: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from .schema import MissingDescriptions, add_modelines, write_schemas

    if not args.content.is_dir():
        print(f"build.py schema: lỗi: không có thư mục nội dung {display_path(args.content)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = write_schemas(args.content)
    except MissingDescriptions as error:
        print(
            f"Thiếu mô tả tiếng Việt cho: {', '.join(error.names)}. Thêm vào briefing/descriptions.py; "
            "chưa ghi lược đồ nào.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except OSError as error:
        print(f"Không ghi được tệp: {error}.", file=sys.stderr)
        return EXIT_FAILED
    print(f"Đã ghi {len(written)} lược đồ vào {display_path(written[0].parent)}.")
    for path in add_modelines(args.content):
        print(f"Đã thêm dòng lược đồ vào đầu {display_path(path)}.")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from .content import load_booklet

    try:
        booklet = load_booklet(args.content, strict=args.strict)
    except ContentError as error:
        _print_problems(error.problems)
        print(f"{_summary(error.problems, args.strict)}.", file=sys.stderr)
        return EXIT_FAILED
    _print_problems(booklet.warnings)
    print(f"Nội dung hợp lệ ({len(booklet.warnings)} cảnh báo).")
    return EXIT_OK


def run_copies(args: argparse.Namespace) -> int:
    from .copies import check_copies_options, make_copies

    options = BuildOptions(
        content=args.content,
        paper=args.paper,
        province=args.province,
        strict=args.strict,
        variants=variants.from_args(args),
    )
    try:
        check_copies_options(options, args.recipients, args.output_dir, args.jobs)
        records = make_copies(options, args.recipients, args.output_dir, args.jobs, progress=_progress_bar())
    except OptionError as error:
        print(f"build.py copies: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        _print_problems(error.problems)
        print(f"{_summary(error.problems, args.strict)}; chưa tạo bản sao nào.", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"\nĐã dừng. Các bản đã tạo đều đầy đủ và có trong {args.output_dir / 'manifest.csv'}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        print(
            f"Không ghi được bản sao ({describe(error)}). Các bản đã tạo đều đầy đủ và có trong "
            f"{display_path(args.output_dir / 'manifest.csv')}; giải phóng chỗ hoặc sửa quyền ghi rồi chạy lại.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"Đã tạo {len(records)} bản sao trong {display_path(args.output_dir)} (kèm manifest.csv, manifest.json).")
    return EXIT_OK


COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]] = {
    "build": (build_parser, run_build),
    "check": (check_parser, run_check),
    "copies": (copies_parser, run_copies),
    "watch": (watch_parser, run_watch),
    "serve": (serve_parser, run_serve),
    "schema": (schema_parser, run_schema),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in COMMANDS else "build"
    make_parser, run = COMMANDS[command]
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        force=True,
    )
    try:
        return run(args)
    except KeyboardInterrupt:
        print(f"\nĐã dừng. {KEPT}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:  # a file we could not read or write, wherever it happened
        print(f"Không đọc/ghi được tệp ({describe(error)}). {KEPT}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a bug of ours or of a library: one line here, the details in the log
        report_unexpected(error, [command, *argv], args.verbose)
        return EXIT_FAILED


# --- output --------------------------------------------------------------------


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(problems: Sequence[Problem], strict: bool) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    text = f"Nội dung có {errors} lỗi"
    if warnings:
        text += f", {warnings} cảnh báo"
        if strict:
            text += " (--strict: cảnh báo cũng là lỗi)"
    return text


def _progress_bar(stream=None) -> Callable[[int, int], None]:
    """A one-line progress bar on a terminal; silent when output goes to a file or pipe."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return lambda done, total: None

    def draw(done: int, total: int) -> None:
        filled = 30 * done // total
        stream.write(f"\rĐang tạo bản sao [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return draw
