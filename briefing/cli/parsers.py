"""Every command's parser, built from two tables: the options several commands take, declared once
here, and the output variants (``VARIANTS`` in briefing/variants.py), one flag each.

Imports nothing heavy: the command line parses before deciding whether a build is needed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..options import DEFAULT_CONTENT, DEFAULT_OUTPUT, EDITIONS
from ..paper import DEFAULT_PAPER, PAPER_SIZES
from ..variants import VARIANTS, Variant, file_fields
from .language import BriefingParser

EPILOG = (
    "Mã thoát: 0 thành công (hoặc đã mới nhất), 1 nội dung sai hoặc dựng lỗi, 2 sai cú pháp lệnh, 130 bị dừng (Ctrl-C)."
)


@dataclass(frozen=True)
class Option:
    """One argument as ``add_argument`` takes it, declared once for every command that takes it."""

    names: tuple[str, ...]
    settings: dict

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(*self.names, **self.settings)

    def helped(self, help: str) -> Option:
        """The same option, explained otherwise for one command."""
        return Option(self.names, {**self.settings, "help": help})


def option(*names: str, **settings) -> Option:
    return Option(names, settings)


CONTENT = option(
    "--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="thư mục nội dung (mặc định: content/)"
)
STRICT = option("--strict", action="store_true", help="coi cảnh báo về nội dung là lỗi")
VERBOSE = option("-v", "--verbose", action="store_true", help="in thêm chi tiết")
PAPER = option(
    "--paper", choices=PAPER_SIZES, default=DEFAULT_PAPER, type=str.upper, help="khổ giấy: A5 (mặc định) hoặc A4"
)
PROVINCE = option(
    "--province",
    dest="provinces",
    action="append",
    default=[],
    metavar="SLUG",
    help="chỉ tỉnh này, theo tên tệp (ví dụ: lang-son); ghi nhiều lần để chọn nhiều tỉnh",
)
COMMON = (CONTENT, STRICT, VERBOSE)
BOOKLET = (PAPER, PROVINCE)  # what shapes the booklet itself: build, watch, serve and copies


def _parser(*options: Option, **settings) -> BriefingParser:
    parser = BriefingParser(**settings)
    for each in options:
        each.add_to(parser)
    return parser


# --- the variants' flags -------------------------------------------------------------------------


def _variant_flag_dest(flag: str) -> str:
    return "variant_" + flag.lstrip("-").replace("-", "_")


def add_variant_flags(parser: argparse.ArgumentParser, copies: bool = False) -> None:
    """One flag per variant (or per flag, for those taking a value), and the files they take;
    ``copies``: the variants ``copies`` offers (print variants) only."""
    flags: dict[str, list[Variant]] = {}
    for variant in VARIANTS:
        if variant.copies or not copies:
            flags.setdefault(variant.flag, []).append(variant)
    for flag, variants in flags.items():
        dest = _variant_flag_dest(flag)
        if variants[0].value is None:
            parser.add_argument(flag, dest=dest, action="store_true", help=variants[0].help)
        else:
            parser.add_argument(
                flag,
                dest=dest,
                choices=[v.value for v in variants],
                help="; ".join(f"{v.value}: {v.help}" for v in variants),
            )
        for variant in variants:
            for taken in variant.files:
                parser.add_argument(taken.flag, dest=taken.field, type=Path, metavar=taken.metavar, help=taken.help)


def variants_asked(args: argparse.Namespace) -> tuple[str, ...]:
    """The variants the parsed flags ask for, in table order."""
    names = []
    for variant in VARIANTS:
        given = getattr(args, _variant_flag_dest(variant.flag), None)
        if given is True or (variant.value is not None and given == variant.value):
            names.append(variant.name)
    return tuple(names)


def variant_files(args: argparse.Namespace) -> dict[str, Path]:
    """The files the parsed flags give to variants, by BuildOptions field."""
    return {field: getattr(args, field, None) for field in file_fields()}


# --- the commands ---------------------------------------------------------------------------------


def build_parser(
    prog: str = "build.py",
    description: str | None = None,
    summary: str = "dựng tập tài liệu PDF",
    commands: Callable[[], Sequence[tuple[str, str]]] | None = None,
) -> argparse.ArgumentParser:
    """``build``; the top level too, whose help lists the ``commands``."""
    parser = _parser(
        *COMMON,
        *BOOKLET,
        option(
            "--output",
            type=Path,
            default=DEFAULT_OUTPUT,
            metavar="FILE.pdf",
            help="tệp PDF (mặc định: dist/booklet.pdf)",
        ),
        option("--html", type=Path, metavar="FILE.html", help="ghi thêm bản HTML để xem trước trong trình duyệt"),
        prog=prog,
        summary=summary,
        description=description or "Dựng tập tài liệu PDF từ nội dung trong thư mục content/.",
        epilog=EPILOG,
        commands=commands,
    )
    add_variant_flags(parser)
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
    if commands is not None:  # the top level: which version of the tool this is
        from .. import __version__

        parser.add_argument("--version", action="version", version=f"build.py {__version__}",
                            help="in phiên bản của chương trình rồi thoát")  # fmt: skip
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


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là số từ 0 đến 65535, không phải “{text}”")
    return int(text)


def schema_parser() -> argparse.ArgumentParser:
    return _parser(
        CONTENT,
        VERBOSE,
        prog="build.py schema",
        summary="ghi lược đồ JSON để trình soạn thảo kiểm tra và gợi ý khi sửa nội dung",
        description="Ghi lược đồ JSON (JSON Schema) cho từng loại tệp nội dung vào thư mục schema/ trong thư mục "
        "nội dung, và thêm vào đầu mỗi tệp YAML dòng “# yaml-language-server: $schema=…” để trình soạn thảo "
        "(ví dụ VS Code với tiện ích YAML) kiểm tra và gợi ý tên trường khi gõ.",
        epilog=EPILOG,
    )


def _date(text: str):
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải ngày NĂM-THÁNG-NGÀY (ví dụ 2016-06-01)") from None


def init_parser() -> argparse.ArgumentParser:
    return _parser(
        option("folder", type=Path, metavar="DIR", help="thư mục nội dung mới (chưa có, hoặc trống)"),
        option("--issuer", required=True, help="cơ quan ban hành, tên đầy đủ: “Ban Tuyên giáo Tỉnh ủy Nghệ An”"),
        option("--parent", help="cơ quan cấp trên trực tiếp, dòng đầu khối tên cơ quan ở bìa: “Tỉnh ủy Nghệ An”"),
        option("--compiler", help="cơ quan biên soạn, khi không phải cơ quan ban hành"),
        option("--place", help="địa danh in ở bìa (mặc định: đọc từ tên cơ quan, “Huyện ủy Sa Thầy” → “Sa Thầy”)"),
        option("--date", type=_date, metavar="NĂM-THÁNG-NGÀY", help="ngày của tài liệu (mặc định: hôm nay)"),
        option("--directive", default="03-CT/TW", metavar="SỐ",
               help="văn bản tài liệu nêu kết quả thực hiện: 03-CT/TW (mặc định) hoặc 05-CT/TW"),
        VERBOSE,
        prog="build.py init",
        summary="bắt đầu một tập tài liệu mới cho một cơ quan",
        description="Tạo thư mục nội dung mới cho một cơ quan (Tỉnh ủy, Thành ủy, Huyện ủy, Đảng ủy khối…): "
        "booklet.yaml có tên cơ quan ban hành, cơ quan cấp trên, nơi, ngày, chỉ thị (số, ngày, cơ quan ban hành theo "
        "tài liệu công khai) và lời giới thiệu chỉ nêu những gì tài liệu có; background.yaml có chỉ thị; chưa có "
        "tỉnh nào. Thêm tỉnh bằng “build.py new-province --content DIR”. Thư mục hiện ra đủ cả, hoặc không có gì.",
        epilog="Mã thoát: 0 đã tạo, 2 sai cú pháp lệnh, thư mục đã có, hoặc chưa biết chỉ thị (không ghi gì).",
    )


def new_province_parser() -> argparse.ArgumentParser:
    return _parser(
        option("slug", metavar="SLUG", help="tên tệp tỉnh: chữ thường không dấu, nối bằng gạch ngang (quang-nam)"),
        option("--name", required=True, help="tên như in trong tài liệu, không kèm “tỉnh”: “Quảng Nam”, “Đà Nẵng”"),
        option("--kind", default="tỉnh", metavar="LOẠI",
               help="tỉnh (mặc định), thành phố, huyện, quận, thị xã, xã, phường: đứng trước tên trong câu"),
        option("--source", type=Path, required=True, metavar="BÀI",
               help="bài báo: tệp Word (.docx), PDF có lớp chữ, trang web đã lưu (.html) hoặc văn bản (.txt)"),
        CONTENT,
        VERBOSE,
        prog="build.py new-province",
        summary="thêm một tỉnh mới từ bài báo về tỉnh đó",
        description="Thêm một tỉnh (thành phố, huyện…) từ bài báo về nơi đó: lưu lời bài vào sources/, viết tệp tỉnh "
        "có chú thích từng mục (đã hợp lệ, chương chỉ có câu mở đầu), thêm tỉnh và nguồn (tiêu đề, tên báo, tác giả, "
        "ngày đăng, địa chỉ lấy từ tệp khi có) vào booklet.yaml, giữ nguyên chú thích của tệp đó. Không ghi gì nếu "
        "tỉnh hoặc nguồn đã có.",
        epilog="Mã thoát: 0 đã thêm, 2 sai cú pháp lệnh hoặc tỉnh, nguồn đã có (không ghi gì).",
    )


def draft_parser() -> argparse.ArgumentParser:
    return _parser(
        option("article", type=Path, metavar="FILE.txt", help="bài báo, tệp văn bản UTF-8"),
        option("--source", metavar="ID", help="mã nguồn của bài (trong booklet.yaml), ghi vào từng mục"),
        VERBOSE,
        prog="build.py draft",
        summary="in bản nháp số liệu, người, văn bản từ một bài báo, kèm câu trích nguyên văn",
        description="Đọc một bài báo và in bản nháp YAML để chép vào tệp tỉnh: mọi câu có số liệu (con số, đơn vị), "
        "người được nêu tên kèm chức vụ, văn bản (số hiệu, cơ quan ban hành, ngày), ngày tháng; mỗi mục kèm câu "
        "trích nguyên văn. Mục giữ nguyên vẫn qua được “build.py check”.",
        epilog="Mã thoát: 0 đã in bản nháp, 2 sai cú pháp lệnh hoặc không đọc được bài.",
    )


def check_parser() -> argparse.ArgumentParser:
    return _parser(
        *COMMON,
        PAPER.helped("khổ giấy để dàn thử: A5 (mặc định) hoặc A4"),
        prog="build.py check",
        summary="kiểm tra nội dung mà không dựng PDF",
        description="Kiểm tra nội dung (mẫu dữ liệu, câu trích, tham chiếu, chính tả, trang xuất bản) mà không dựng "
        "PDF; dàn trang bản phát hành trên khổ giấy đã chọn để báo trang nào quá trống.",
        epilog=EPILOG,
    )


def copies_parser() -> argparse.ArgumentParser:
    parser = _parser(
        *COMMON,
        *BOOKLET,
        option(
            "--recipients",
            type=Path,
            required=True,
            metavar="FILE",
            help="danh sách nơi nhận có dòng tiêu đề: tệp Excel .xlsx hoặc CSV (dấu ; hoặc ,)",
        ),
        option("--output-dir", type=Path, required=True, metavar="DIR", help="thư mục ghi các bản sao"),
        option("--jobs", type=int, metavar="N", help="số tiến trình song song (mặc định: số lõi CPU)"),
        prog="build.py copies",
        summary="tạo bản sao đánh số (có thể ký số) cho từng nơi nhận",
        description="Tạo bản sao đánh số cho từng nơi nhận: “Kính gửi” và “Bản số” trên bìa, số bản ở chân mọi trang. "
        "Kèm manifest.csv và manifest.json (số bản, nơi nhận, tệp, số trang, dung lượng, SHA-256).",
        epilog=EPILOG,
    )
    add_variant_flags(parser, copies=True)
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
    return _parser(
        option("files", nargs="+", type=Path, metavar="FILE.pdf", help="các bản sao cần kiểm tra"),
        option(
            "--trust",
            type=Path,
            action="append",
            metavar="CA.pem",
            help="chứng thư số của nơi cấp được tin cậy (PEM hoặc DER; ghi nhiều lần cho nhiều nơi cấp)",
        ),
        option(
            "--crl",
            type=Path,
            action="append",
            metavar="FILE",
            help="danh sách chứng thư bị thu hồi (CRL) của nơi cấp, tải sẵn; không có thì không kiểm tra thu hồi",
        ),
        option("--manifest", type=Path, metavar="DIR/manifest.json", help="manifest của đợt phát hành"),
        VERBOSE,
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


def send_parser() -> argparse.ArgumentParser:
    parser = _parser(
        option("--copies", type=Path, required=True, metavar="DIR", help="thư mục bản sao (có manifest.json)"),
        option("--smtp", required=True, metavar="HOST[:PORT]", help="máy chủ gửi thư"),
        prog="build.py send",
        summary="gửi bản sao qua thư điện tử cho từng nơi nhận",
        description="Gửi thư điện tử kèm bản sao cho từng nơi nhận có địa chỉ trong manifest; chỉ gửi tệp bản sao "
        "trong thư mục, đúng SHA-256 trong manifest, bản đã ký phải qua được kiểm tra chữ ký. "
        "Ghi nhật ký DIR/delivery.jsonl (theo SHA-256 của bản sao và địa chỉ) để chạy lại không gửi trùng, không bỏ "
        "sót. Mật khẩu máy chủ thư: biến môi trường BRIEFING_SMTP_PASSWORD.",
        epilog="Mã thoát: 0 đã gửi hết, 1 có thư không gửi được hoặc phải dừng (liệt kê ở cuối), 2 sai cú pháp lệnh, "
        "130 bị dừng.",
    )
    security = parser.add_mutually_exclusive_group()
    security.add_argument("--starttls", action="store_true", help="mã hóa bằng STARTTLS (cổng mặc định 587)")
    security.add_argument("--ssl", action="store_true", help="kết nối TLS ngay từ đầu (cổng mặc định 465)")
    for each in (
        option("--user", metavar="NAME", help="tên đăng nhập máy chủ thư"),
        option("--from", dest="sender", required=True, metavar="ADDR", help="địa chỉ người gửi"),
        option("--from-name", metavar="TÊN",
               help="tên người gửi trong thư (mặc định: cơ quan ban hành, như manifest ghi)"),
        option("--dry-run", action="store_true", help="chỉ in từng thư sẽ gửi (tiêu đề và nội dung), không gửi"),
        option("--proof", action="store_true",
               help="cho gửi bản sao là bản in thử (tạo với --proof); tiêu đề thư ghi “[BẢN IN THỬ]”"),
        option("--per-minute", type=int, metavar="N", help="gửi tối đa N thư mỗi phút"),
        option(
            "--timeout",
            type=float,
            metavar="SECONDS",
            help="chờ máy chủ trả lời tối đa bấy nhiêu giây mỗi lần (mặc định 30); không trả lời hai lần liền thì dừng",
        ),
        option(
            "--deadline",
            type=float,
            metavar="MINUTES",
            help="dừng gửi sau bấy nhiêu phút (thư còn lại gửi ở lần chạy sau)",
        ),
        VERBOSE,
    ):
        each.add_to(parser)
    return parser
