"""Command line: parse arguments, set up logging, map errors to exit codes.

    build.py [build] [--content DIR] [--output FILE.pdf] [--paper A5|A4] [--html FILE] [--strict]
                     [--province SLUG]... [the variants: --imposition booklet, --print-marks, --pdf-a,
                     --pdf-ua, --press [--icc FILE.icc], --proof; see briefing/variants.py for which combine]
                     [--edition reader|review [--since OLD.pdf]] [--force]
    build.py check [--content DIR] [--strict]
    build.py copies --recipients FILE.csv|FILE.xlsx --output-dir DIR [--content DIR] [--paper A5|A4]
                    [--province SLUG]... [--jobs N] [--strict] [--imposition booklet] [--print-marks] [--press]
                    [--icc FILE.icc] [--proof]
                    [--sign KEY.p12 | --sign-pkcs11 MODULE.so --token-label L --key-label K]
                    [--sign-visible yes|no] [--tsa URL]
    build.py verify FILE.pdf... [--trust CA.pem]... [--crl FILE]... [--manifest DIR/manifest.json]
    build.py send --copies DIR --smtp HOST[:PORT] [--starttls | --ssl] [--user NAME] --from ADDR
                  [--dry-run] [--per-minute N] [--timeout SECONDS] [--deadline MINUTES]
    build.py watch [the build options]
    build.py serve [--port 8000] [--host 127.0.0.1] [the build options]
    build.py schema [--content DIR]
    build.py new-province SLUG --name NAME --source FILE.txt [--content DIR]
    build.py draft FILE.txt [--source ID]

Exit codes: 0 built (or content valid, or already up to date), 1 invalid
content, a file to print from while the colophon is incomplete, or a failed
build, 2 usage error, 130 interrupted (Ctrl-C; watch exits 0); verify also 3:
every file intact, some signer not traced to a trust anchor.

Only light modules are imported at the top: whether a build is needed at all
is decided before WeasyPrint is loaded.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import variants
from ..errorlog import report_unexpected
from ..options import DEFAULT_CONTENT, DEFAULT_OUTPUT, EDITIONS, BuildOptions, OptionError
from ..oserrors import describe, reason
from ..paper import DEFAULT_PAPER, PAPER_SIZES
from ..problems import ContentError, PlainProblem, Problem, display_path
from ..render import freshness
from .language import BriefingParser, summary_of, vietnamese

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNVERIFIED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
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
        "--paper", choices=PAPER_SIZES, default=DEFAULT_PAPER, type=str.upper, help="khổ giấy: A5 (mặc định) hoặc A4"
    )
    parser.add_argument(
        "--province",
        dest="provinces",
        action="append",
        default=[],
        metavar="SLUG",
        help="chỉ tỉnh này, theo tên tệp (ví dụ: lang-son); ghi nhiều lần để chọn nhiều tỉnh",
    )


def build_parser(
    prog: str = "build.py", description: str | None = None, summary: str = "dựng tập tài liệu PDF"
) -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog=prog,
        summary=summary,
        description=description or "Dựng tập tài liệu PDF từ nội dung trong thư mục content/.",
        epilog=EPILOG,
        commands=command_summaries if description is None else None,  # the top level lists every command
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
        "tự dựng lại mỗi khi sửa nội dung, mẫu trình bày hoặc kiểu chữ",
    )


def serve_parser() -> argparse.ArgumentParser:
    parser = build_parser(
        "build.py serve",
        "Dựng tài liệu rồi mở trang xem trước trong trình duyệt: các trang in từ chính tệp PDF, tự cập nhật "
        "mỗi khi tệp trong content/, templates/ hoặc styles/ được lưu. Nhấn Ctrl-C để dừng.",
        "xem trước trong trình duyệt, tự cập nhật mỗi khi lưu tệp",
    )
    parser.add_argument("--port", type=_port, default=8000, help="cổng của trang xem trước (mặc định: 8000)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="địa chỉ nghe (mặc định: 127.0.0.1, chỉ máy này xem được; địa chỉ khác mở cho cả mạng)",
    )
    return parser


def schema_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py schema",
        summary="ghi lược đồ JSON để trình soạn thảo kiểm tra và gợi ý khi sửa nội dung",
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


def new_province_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py new-province",
        summary="thêm một tỉnh mới từ bài báo về tỉnh đó",
        description="Thêm một tỉnh từ bài báo về tỉnh đó: chép bài vào sources/, viết tệp tỉnh có chú thích từng mục "
        "(đã hợp lệ, chương chỉ có câu mở đầu), thêm tỉnh và nguồn vào booklet.yaml. Không ghi gì nếu tỉnh hoặc "
        "nguồn đã có.",
        epilog="Mã thoát: 0 đã thêm, 2 sai cú pháp lệnh hoặc tỉnh, nguồn đã có (không ghi gì).",
    )
    parser.add_argument(
        "slug", metavar="SLUG", help="tên tệp tỉnh: chữ thường không dấu, nối bằng gạch ngang (quang-nam)"
    )
    parser.add_argument("--name", required=True, help="tên tỉnh như in trong tài liệu, ví dụ “Quảng Nam”")
    parser.add_argument("--source", type=Path, required=True, metavar="FILE.txt", help="bài báo, tệp văn bản UTF-8")
    parser.add_argument(
        "--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="thư mục nội dung (mặc định: content/)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    return parser


def draft_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py draft",
        summary="in bản nháp số liệu, người, văn bản từ một bài báo, kèm câu trích nguyên văn",
        description="Đọc một bài báo và in bản nháp YAML để chép vào tệp tỉnh: mọi câu có số liệu (con số, đơn vị), "
        "người được nêu tên kèm chức vụ, văn bản (số hiệu, cơ quan ban hành, ngày), ngày tháng; mỗi mục kèm câu "
        "trích nguyên văn. Mục giữ nguyên vẫn qua được “build.py check”.",
        epilog="Mã thoát: 0 đã in bản nháp, 2 sai cú pháp lệnh hoặc không đọc được bài.",
    )
    parser.add_argument("article", type=Path, metavar="FILE.txt", help="bài báo, tệp văn bản UTF-8")
    parser.add_argument("--source", metavar="ID", help="mã nguồn của bài (trong booklet.yaml), ghi vào từng mục")
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là số từ 0 đến 65535, không phải “{text}”")
    return int(text)


def check_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py check",
        summary="kiểm tra nội dung mà không dựng PDF",
        description="Kiểm tra nội dung (mẫu dữ liệu, câu trích, tham chiếu, chính tả, trang xuất bản) mà không dựng "
        "PDF; dàn trang bản phát hành trên khổ giấy đã chọn để báo trang nào quá trống.",
        epilog=EPILOG,
    )
    _common(parser)
    parser.add_argument(
        "--paper",
        choices=PAPER_SIZES,
        default=DEFAULT_PAPER,
        type=str.upper,
        help="khổ giấy để dàn thử: A5 (mặc định) hoặc A4",
    )
    return parser


def copies_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py copies",
        summary="tạo bản sao đánh số (có thể ký số) cho từng nơi nhận",
        description="Tạo bản sao đánh số cho từng nơi nhận: “Kính gửi” và “Bản số” trên bìa, số bản ở chân mọi trang. "
        "Kèm manifest.csv và manifest.json (số bản, nơi nhận, tệp, số trang, dung lượng, SHA-256).",
        epilog=EPILOG,
    )
    _common(parser)
    _booklet_options(parser)
    parser.add_argument(
        "--recipients",
        type=Path,
        required=True,
        metavar="FILE",
        help="danh sách nơi nhận có dòng tiêu đề: tệp Excel .xlsx hoặc CSV (dấu ; hoặc ,)",
    )
    parser.add_argument("--output-dir", type=Path, required=True, metavar="DIR", help="thư mục ghi các bản sao")
    parser.add_argument("--jobs", type=int, metavar="N", help="số tiến trình song song (mặc định: số lõi CPU)")
    variants.add_flags(parser, copies=True)
    _signing_options(parser)
    return parser


def _signing_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("ký số (PAdES)")
    key = group.add_mutually_exclusive_group()
    key.add_argument(
        "--sign",
        type=Path,
        metavar="KEY.p12",
        help="ký mỗi bản bằng tệp khóa .p12/.pfx (mật khẩu: BRIEFING_SIGN_PASSWORD)",
    )
    key.add_argument(
        "--sign-pkcs11",
        type=Path,
        metavar="MODULE.so",
        help="ký bằng USB token qua thư viện PKCS#11 (PIN: BRIEFING_SIGN_PIN)",
    )
    group.add_argument("--token-label", metavar="L", help="nhãn token (với --sign-pkcs11)")
    group.add_argument("--key-label", metavar="K", help="nhãn khóa và chứng thư trên token (với --sign-pkcs11)")
    group.add_argument(
        "--sign-visible", choices=["yes", "no"], default="yes", help="hiện chữ ký trên bìa (mặc định: yes)"
    )
    group.add_argument("--tsa", metavar="URL", help="máy chủ cấp dấu thời gian (PAdES B-T)")


def verify_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py verify",
        summary="kiểm tra chữ ký số, số bản và nơi nhận của bản sao",
        description="Kiểm tra bản sao đã ký: số bản và nơi nhận, người ký, thời gian ký, còn nguyên vẹn không (kể cả "
        "phần đệm của chữ ký), chứng thư còn hiệu lực không, khóa ký đủ mạnh không, có do nơi cấp tin cậy cấp không, "
        "đã bị thu hồi chưa (với --crl), có gì thêm vào sau chữ ký không, SHA-256 có trong manifest không. "
        "Mỗi lý do một dòng.",
        epilog="Mã thoát: 0 mọi tệp hợp lệ và người ký dẫn tới chứng thư tin cậy đã cho; 3 mọi tệp nguyên vẹn nhưng "
        "có người ký chưa xác minh được nơi cấp (thiếu --trust, hoặc không dẫn tới chứng thư tin cậy nào); 1 có tệp "
        "không hợp lệ (bị sửa, không phải bản của đợt phát hành, không đọc được, chứng thư hết hạn, khóa yếu, bị thu "
        "hồi); 2 sai cú pháp lệnh. Nhiều tệp: mã của tệp tệ nhất. Chứng thư tin cậy: --trust (nhiều lần được) và "
        "biến môi trường BRIEFING_TRUST (tệp PEM, một hoặc nhiều chứng thư).",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf", help="các bản sao cần kiểm tra")
    parser.add_argument(
        "--trust",
        type=Path,
        action="append",
        metavar="CA.pem",
        help="chứng thư số của nơi cấp được tin cậy (PEM hoặc DER; ghi nhiều lần cho nhiều nơi cấp)",
    )
    parser.add_argument(
        "--crl",
        type=Path,
        action="append",
        metavar="FILE",
        help="danh sách chứng thư bị thu hồi (CRL) của nơi cấp, tải sẵn; không có thì không kiểm tra thu hồi",
    )
    parser.add_argument("--manifest", type=Path, metavar="DIR/manifest.json", help="manifest của đợt phát hành")
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    return parser


def send_parser() -> argparse.ArgumentParser:
    parser = BriefingParser(
        prog="build.py send",
        summary="gửi bản sao qua thư điện tử cho từng nơi nhận",
        description="Gửi thư điện tử kèm bản sao cho từng nơi nhận có địa chỉ trong manifest; chỉ gửi tệp bản sao "
        "trong thư mục, đúng SHA-256 trong manifest, bản đã ký phải qua được kiểm tra chữ ký. "
        "Ghi nhật ký DIR/delivery.jsonl (theo SHA-256 của bản sao và địa chỉ) để chạy lại không gửi trùng, không bỏ "
        "sót. Mật khẩu máy chủ thư: biến môi trường BRIEFING_SMTP_PASSWORD.",
        epilog="Mã thoát: 0 đã gửi hết, 1 có thư không gửi được hoặc phải dừng (liệt kê ở cuối), 2 sai cú pháp lệnh, "
        "130 bị dừng.",
    )
    parser.add_argument("--copies", type=Path, required=True, metavar="DIR", help="thư mục bản sao (có manifest.json)")
    parser.add_argument("--smtp", required=True, metavar="HOST[:PORT]", help="máy chủ gửi thư")
    security = parser.add_mutually_exclusive_group()
    security.add_argument("--starttls", action="store_true", help="mã hóa bằng STARTTLS (cổng mặc định 587)")
    security.add_argument("--ssl", action="store_true", help="kết nối TLS ngay từ đầu (cổng mặc định 465)")
    parser.add_argument("--user", metavar="NAME", help="tên đăng nhập máy chủ thư")
    parser.add_argument("--from", dest="sender", required=True, metavar="ADDR", help="địa chỉ người gửi")
    parser.add_argument(
        "--dry-run", action="store_true", help="chỉ in từng thư sẽ gửi (tiêu đề và nội dung), không gửi"
    )
    parser.add_argument("--per-minute", type=int, metavar="N", help="gửi tối đa N thư mỗi phút")
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="chờ máy chủ trả lời tối đa bấy nhiêu giây mỗi lần (mặc định 30); không trả lời hai lần liền thì dừng",
    )
    parser.add_argument(
        "--deadline", type=float, metavar="MINUTES", help="dừng gửi sau bấy nhiêu phút (thư còn lại gửi ở lần chạy sau)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    return parser


# --- commands ------------------------------------------------------------------


def _build_options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        content=args.content,
        output=args.output,
        paper=args.paper,
        html_output=args.html,
        strict=args.strict,
        provinces=tuple(args.provinces),
        variants=variants.from_args(args),
        edition=args.edition,
        since=args.since,
        **variants.files_from_args(args),
    )


def _checked_build_options(args: argparse.Namespace, prog: str) -> BuildOptions | None:
    """The build options, or None after saying why they cannot work (options that conflict, outputs over inputs)."""
    from ..outputs import check_outputs

    options = _build_options(args)
    try:
        options.check()
        check_outputs(options)
    except OptionError as error:
        print(f"{prog}: lỗi: {error}", file=sys.stderr)
        return None
    return options


def run_build(args: argparse.Namespace) -> int:
    options = _checked_build_options(args, "build.py")
    if options is None:
        return EXIT_USAGE
    inputs = freshness.fingerprint(options)
    if not args.force and freshness.is_up_to_date(options, inputs):
        print(f"{display_path(options.output)} đã mới nhất: không có gì thay đổi từ lần dựng trước.")
        return EXIT_OK
    from ..content.changes import ChangesError
    from ..content.release import ReleaseRefused
    from ..render.pipeline import build

    try:
        result = build(options)
    except OptionError as error:
        print(f"build.py: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ReleaseRefused as error:
        _print_problems(error.problems)
        print(f"{error.summary('chưa dựng tài liệu')} {KEPT}", file=sys.stderr)
        return EXIT_FAILED
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
    for page, message in result.balance:  # the layout could not balance these pages: not an error
        print(f"{display_path(result.path)}: trang {page}: cảnh báo: {message}", file=sys.stderr)
    print(f"Đã dựng {display_path(result.path)} ({result.pages} trang).")
    try:
        freshness.record(options, inputs, result.written)
    except OSError as error:  # the PDF is complete; only the shortcut for the next run is lost
        where = display_path(freshness.record_path(options.output))
        print(f"Không ghi được tệp ghi nhận lần dựng {where} ({reason(error)}); {NOT_RECORDED}.", file=sys.stderr)
    if result.render_warnings:
        print(f"WeasyPrint báo {len(result.render_warnings)} cảnh báo (xem ở trên).", file=sys.stderr)
    if result.colophon_note:  # a reminder, last
        print(result.colophon_note, file=sys.stderr)
    return EXIT_OK


def run_watch(args: argparse.Namespace) -> int:
    from ..preview.watch import watch

    options = _checked_build_options(args, "build.py watch")
    if options is None:
        return EXIT_USAGE
    try:
        watch(options, say=lambda line: print(line, flush=True), verbose=args.verbose)
    except KeyboardInterrupt:
        print("\nĐã dừng theo dõi.", flush=True)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from ..preview.serve import ServeError, check_preview_folder, serve

    options = _checked_build_options(args, "build.py serve")  # the same checks as build and watch
    if options is None:
        return EXIT_USAGE
    try:
        check_preview_folder(options)
    except OptionError as error:
        print(f"build.py serve: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        serve(options, args.host, args.port, say=lambda line: print(line, flush=True))
    except ServeError as error:
        print(f"build.py serve: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from ..content.schema import SCHEMA_FOLDER, MissingDescriptions, plan_schemas, write_plan
    from ..outputs import check_output

    if not args.content.is_dir():
        print(f"build.py schema: lỗi: không có thư mục nội dung {display_path(args.content)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        check_output("--content", args.content / SCHEMA_FOLDER, folder=True)  # never into the tool's own files
        plan = plan_schemas(args.content)
    except OptionError as error:
        print(f"build.py schema: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except MissingDescriptions as error:
        print(
            f"Thiếu mô tả tiếng Việt cho: {', '.join(error.names)}. Thêm vào briefing/content/descriptions.py; "
            "chưa ghi lược đồ nào.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except ContentError as error:
        _print_problems(error.problems)
        print("Chưa ghi lược đồ nào, chưa sửa tệp nào.", file=sys.stderr)
        return EXIT_FAILED
    try:
        written, changed = write_plan(plan)
    except OSError as error:
        print(f"Không ghi được tệp ({describe(error)}).", file=sys.stderr)
        return EXIT_FAILED
    print(f"Đã ghi {len(written)} lược đồ vào {display_path(plan.folder)}.")
    for path in changed:
        print(f"Đã thêm dòng lược đồ vào đầu {display_path(path)}.")
    return EXIT_OK


def run_new_province(args: argparse.Namespace) -> int:
    from ..content.newprovince import new_province

    try:
        made = new_province(args.content, args.slug, args.name, args.source)
    except OptionError as error:
        print(f"build.py new-province: lỗi: {error}; chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_USAGE
    print(f"Đã thêm tỉnh “{args.slug}”:")
    print(f"  {display_path(made.source_file)}  (bài báo)")
    print(f"  {display_path(made.province_file)}  (tệp tỉnh, điền tiếp từng mục)")
    print(f"  {display_path(made.booklet_file)}  (đã thêm vào provinces và sources)")
    print(
        f"Tiếp theo: build.py draft {display_path(made.source_file)} để có sẵn số liệu, người, văn bản kèm câu trích."
    )
    return EXIT_OK


def run_draft(args: argparse.Namespace) -> int:
    from ..content.draft import draft, read_article, render

    try:
        text = read_article(args.article)
    except OptionError as error:
        print(f"build.py draft: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(render(draft(text, args.source), display_path(args.article)))
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from ..content.folder import load_booklet

    try:
        booklet = load_booklet(args.content, strict=args.strict)
    except ContentError as error:
        _print_problems(error.problems)
        print(f"{_summary(error.problems, args.strict)}.", file=sys.stderr)
        return EXIT_FAILED
    warnings = sorted([*booklet.warnings, *booklet.publication_warnings])  # check lists what print files need too
    _print_problems(warnings)
    from ..render.pipeline import balance_warnings  # lays the booklet out: pages out of balance are warnings too

    balance = balance_warnings(BuildOptions(content=args.content, paper=args.paper), booklet)
    for paper, page, message in balance:
        print(f"khổ {paper}, trang {page}: cảnh báo: {message}", file=sys.stderr)
    print(f"Nội dung hợp lệ ({len(warnings) + len(balance)} cảnh báo).")
    return EXIT_OK


def _signing_setup(args: argparse.Namespace):
    """The signing set-up the flags ask for; None without --sign; raises OptionError or SigningError."""
    from ..distribute.sign import PASSWORD_VARIABLE, PIN_VARIABLE, KeySource, SigningError, SigningSetup, ask_secret

    if args.sign is None and args.sign_pkcs11 is None:
        for flag, value in (("--token-label", args.token_label), ("--key-label", args.key_label), ("--tsa", args.tsa)):
            if value is not None:
                raise OptionError(f"{flag} chỉ dùng cùng --sign hoặc --sign-pkcs11")
        return None
    if args.sign is not None:
        secret = ask_secret(PASSWORD_VARIABLE, "Mật khẩu tệp khóa: ")
        key = KeySource(p12=args.sign, secret=secret or "")
        missing = f"chưa có mật khẩu: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh"
    else:
        if not args.token_label or not args.key_label:
            raise OptionError("--sign-pkcs11 cần cả --token-label và --key-label")
        secret = ask_secret(PIN_VARIABLE, "Mã PIN của token: ")
        key = KeySource(
            module=args.sign_pkcs11, token_label=args.token_label, key_label=args.key_label, secret=secret or ""
        )
        missing = f"chưa có mã PIN: đặt biến môi trường {PIN_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh"
    if secret is None:
        raise SigningError([PlainProblem(key.where, "", missing)])
    return SigningSetup(key=key, visible=args.sign_visible == "yes", tsa=args.tsa)


def run_copies(args: argparse.Namespace) -> int:
    from ..content.release import ReleaseRefused
    from ..distribute.copies import check_copies_options, make_copies
    from ..distribute.sign import SigningError

    options = BuildOptions(
        content=args.content,
        paper=args.paper,
        provinces=tuple(args.provinces),
        strict=args.strict,
        variants=variants.from_args(args),
        **variants.files_from_args(args),
    )
    notes: list[str] = []  # said once the copies are made
    try:
        signed = args.sign is not None or args.sign_pkcs11 is not None
        check_copies_options(options, args.recipients, args.output_dir, args.jobs, signed)  # before any secret is asked
        signing = _signing_setup(args)
        records = make_copies(
            options,
            args.recipients,
            args.output_dir,
            args.jobs,
            progress=_progress_bar(),
            signing=signing,
            warn=lambda problem: print(problem, file=sys.stderr),
            note=notes.append,
        )
    except SigningError as error:
        _print_problems(error.problems)
        if error.midway:
            manifest = display_path(args.output_dir / "manifest.csv")
            message = f"Đã dừng. Các bản đã ký đều đầy đủ và có trong {manifest}; chạy lại lệnh để làm tiếp."
            print(message, file=sys.stderr)
        else:
            print("Khóa ký số không dùng được; chưa tạo bản sao nào.", file=sys.stderr)
        return EXIT_FAILED
    except OptionError as error:
        print(f"build.py copies: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ReleaseRefused as error:
        _print_problems(error.problems)
        print(error.summary("chưa tạo bản sao nào"), file=sys.stderr)
        return EXIT_FAILED
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
    signed = " đã ký số" if signing else ""
    where = display_path(args.output_dir)
    print(f"Đã tạo {len(records)} bản sao{signed} trong {where} (kèm manifest.csv, manifest.json).")
    for line in notes:
        print(line, file=sys.stderr)
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    import os

    from ..distribute.verify import (
        INVALID,
        OK,
        TRUST_VARIABLE,
        UNVERIFIED,
        load_manifest_hashes,
        load_trust,
        verify_file,
        worst,
    )

    try:
        trust = load_trust(args.trust or [], os.environ.get(TRUST_VARIABLE), args.crl or [])
        hashes = load_manifest_hashes(args.manifest) if args.manifest else None
    except ContentError as error:
        _print_problems(error.problems)
        return EXIT_FAILED
    codes = []
    for path in args.files:
        verdict = verify_file(path, trust, hashes)
        codes.append(verdict.code)
        print("\n".join(verdict.report()), flush=True)
    total, invalid, unverified = len(codes), codes.count(INVALID), codes.count(UNVERIFIED)
    if invalid:
        also = f"; {unverified} tệp chưa xác minh được nơi cấp" if unverified else ""
        print(f"{invalid}/{total} tệp KHÔNG hợp lệ{also}.")
    elif unverified:
        print(
            f"{unverified}/{total} tệp nguyên vẹn nhưng chưa xác minh được nơi cấp: chưa biết người ký có đúng là "
            "người của cơ quan phát hành không. Thêm --trust CA.pem (chứng thư của nơi cấp, nhận qua kênh riêng)."
        )
    else:
        print(f"Cả {total} tệp đều hợp lệ.")
    code = worst(codes)
    return {OK: EXIT_OK, INVALID: EXIT_FAILED, UNVERIFIED: EXIT_UNVERIFIED}[code]


def run_send(args: argparse.Namespace) -> int:
    from ..distribute.journal import JOURNAL
    from ..distribute.send import NotAllSent, SendSettings, send_copies

    settings = SendSettings(
        copies=args.copies,
        smtp=args.smtp,
        sender=args.sender,
        starttls=args.starttls,
        ssl=args.ssl,
        user=args.user,
        dry_run=args.dry_run,
        per_minute=args.per_minute,
        timeout=args.timeout,
        deadline=args.deadline,
    )
    try:
        send_copies(settings, progress=_progress_bar(label="Đang gửi thư"))
    except NotAllSent as error:  # what was sent stays sent: said on stdout; what was not, here
        for line in error.lines():
            print(line, file=sys.stderr)
        return EXIT_FAILED
    except OptionError as error:
        print(f"build.py send: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:  # the folder, the journal or the server: nothing sent
        _print_problems(error.problems)
        print("Chưa gửi thư nào.", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        journal = display_path(args.copies / JOURNAL)
        print(f"\nĐã dừng. Mọi lần gửi đã ghi trong {journal}; chạy lại lệnh để gửi tiếp.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]] = {
    "build": (build_parser, run_build),
    "check": (check_parser, run_check),
    "copies": (copies_parser, run_copies),
    "watch": (watch_parser, run_watch),
    "serve": (serve_parser, run_serve),
    "schema": (schema_parser, run_schema),
    "verify": (verify_parser, run_verify),
    "send": (send_parser, run_send),
    "new-province": (new_province_parser, run_new_province),
    "draft": (draft_parser, run_draft),
}


def command_summaries() -> list[tuple[str, str]]:
    """Every command with its one-line summary, for the top-level help."""
    return [(name, summary_of(make_parser())) for name, (make_parser, _) in COMMANDS.items()]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in COMMANDS else "build"
    make_parser, run = COMMANDS[command]
    try:
        with vietnamese():  # a command's parser made with plain argparse speaks Vietnamese too
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


def _progress_bar(stream=None, label: str = "Đang tạo bản sao") -> Callable[[int, int], None]:
    """A one-line progress bar on a terminal; silent when output goes to a file or pipe."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return lambda done, total: None

    def draw(done: int, total: int) -> None:
        filled = 30 * done // total
        stream.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return draw
