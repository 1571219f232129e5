"""``build.py init DIR``: a new booklet for any office, as ``mkdocs new`` starts a site.

Writes a small content folder that already passes ``check``: booklet.yaml with
the issuing body, its parent, the compiler, the place and date, the directive
and a foreword that claims only what the edition will hold (placeholders);
background.yaml with the directive, cited from the public record; empty
comparison and errata files; the JSON schemas. Nothing of the sample: no
province, no article, no sentence of the sample's.

The folder appears whole or not at all: everything is written into a hidden
folder beside it, read back, then renamed into place.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..atomic import current_umask
from ..options import OptionError
from ..problems import display_path
from .articletext import canonical_number
from .checks import BACKGROUND_FILE, BOOKLET_FILE, COMPARISON_FILE, ERRATA_FILE
from .schema import SCHEMA_FOLDER, all_schemas, modeline
from .yamlwrite import checked_text, commented, document_text, flow, text_value


@dataclass(frozen=True)
class PublicRecord:
    """Where the public record gives a directive's number, date and issuer: a source without a file."""

    id: str
    title: str
    outlet: str
    url: str
    note: str


@dataclass(frozen=True)
class KnownDirective:
    """A directive whose particulars the public record gives, so a new booklet can cite it in full."""

    id: str
    kind: str
    number: str
    issuer: str
    date: datetime.date
    record: PublicRecord
    subject: str | None = None


# Only what the record cited says: number, date, issuer and, where it gives it, the subject.
KNOWN_DIRECTIVES = (
    KnownDirective(
        id="chi-thi-03-ct-tw", kind="Chỉ thị", number="03-CT/TW", issuer="Bộ Chính trị",
        date=datetime.date(2011, 5, 14),
        record=PublicRecord(
            id="nhan-dan-chi-thi-03", title="Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
            outlet="Báo Nhân Dân, đăng lại trên baomoi.com",
            url="http://www.baomoi.com/Hoc-tap-va-lam-theo-tam-guong-dao-duc-Ho-Chi-Minh/c/11038856.epi",
            note="Lời tòa soạn của bài ghi “Chỉ thị số 03-CT/TW, ngày 14-5-2011 của Bộ Chính trị”. Bài không ghi "
                 "ngày đăng.",
        ),
    ),
    KnownDirective(
        id="chi-thi-05-ct-tw", kind="Chỉ thị", number="05-CT/TW", issuer="Bộ Chính trị",
        date=datetime.date(2016, 5, 15),
        subject="Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        record=PublicRecord(
            id="hdnd-tuyen-quang-chi-thi-05", title="Hội nghị giao ban thực hiện Chỉ thị số 05 của Bộ Chính trị",
            outlet="Trang thông tin điện tử Hội đồng nhân dân tỉnh Tuyên Quang (hdndtuyenquang.gov.vn)",
            url="https://hdndtuyenquang.gov.vn/tin-hoat-dong/trang-402.html",
            note="Bản tin ghi “Chỉ thị số 05-CT/TW ngày 15-5-2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo "
                 "tư tưởng, đạo đức, phong cách Hồ Chí Minh”. Trang không ghi ngày đăng.",
        ),
    ),
)  # fmt: skip

# The Party committees whose name ends in the place they lead: "Huyện ủy Sa Thầy" → "Sa Thầy".
_LOCALITY = re.compile(
    r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) (?:ủy|uỷ) (?:(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường) )?"
    r"(?P<place>[A-ZĐÀ-Ỹ][\w ]*)$"
)  # fmt: skip
_NOT_A_PLACE = re.compile(r"^(?:Khối|Khối các|Quân sự|Công an)\b")


@dataclass(frozen=True)
class NewBooklet:
    folder: Path
    files: list[Path]


def known_directive(number: str) -> KnownDirective:
    wanted = canonical_number(" ".join(number.split()))
    for directive in KNOWN_DIRECTIVES:
        if directive.number == wanted:
            return directive
    known = ", ".join(d.number for d in KNOWN_DIRECTIVES)
    raise OptionError(
        f"chưa có số, ngày, cơ quan ban hành của văn bản “{number}” theo tài liệu công khai; chọn một trong: {known} "
        f"(văn bản khác thì thêm vào {BACKGROUND_FILE} khi có bài báo nêu nó)"
    )


def place_of(*bodies: str | None) -> str | None:
    """The place a body's name ends in ("Huyện ủy Sa Thầy" → "Sa Thầy"), for the cover's place line."""
    for body in bodies:
        found = _LOCALITY.search(body or "")
        if found and not _NOT_A_PLACE.match(found.group("place")):
            return found.group("place").strip()
    return None


def _text(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    if not value:
        raise OptionError(f"{flag} không được để trống")
    return value


def new_booklet(
    folder: Path,
    issuer: str,
    parent: str | None = None,
    compiler: str | None = None,
    place: str | None = None,
    date: datetime.date | None = None,
    directive_number: str = "03-CT/TW",
) -> NewBooklet:
    """Write a new content folder at ``folder``; raise ``OptionError`` before writing anything."""
    issuer = _text(issuer, "--issuer")
    parent, compiler, place = _text(parent, "--parent"), _text(compiler, "--compiler"), _text(place, "--place")
    place = place or place_of(issuer, parent)
    if place is None:
        raise OptionError(
            f"không đọc được địa danh từ tên “{issuer}”; ghi --place (địa danh in ở bìa, ví dụ “Nghệ An”)"
        )
    directive = known_directive(directive_number)
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise OptionError(f"đã có {display_path(folder)}; chọn một thư mục mới (hoặc thư mục trống)")
    if not folder.parent.is_dir():
        raise OptionError(f"không có thư mục {display_path(folder.parent)}")

    texts = {
        BOOKLET_FILE: _booklet(issuer, parent, compiler, place, date or datetime.date.today(), directive),
        BACKGROUND_FILE: _background(directive),
        COMPARISON_FILE: _checked(COMPARISON_FILE, COMPARISON_HEADER, {"rows": [], "shared_lessons": []}),
        ERRATA_FILE: _checked(ERRATA_FILE, ERRATA_HEADER, []),
    }
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / SCHEMA_FOLDER).mkdir()
        for name, schema in all_schemas().items():
            (staging / SCHEMA_FOLDER / name).write_text(schema, encoding="utf-8")
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a content folder is shared like any
        if folder.is_dir():
            folder.rmdir()  # empty: checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewBooklet(folder, [folder / name for name in texts] + [folder / SCHEMA_FOLDER])


def _checked(name: str, header: str, data) -> str:
    text = modeline(name.removesuffix(".yaml")) + "\n" + document_text(data, header)
    return checked_text(text, data, name)


BOOKLET_HEADER = """\
Thông tin chung của tập tài liệu: bìa, lời giới thiệu, nguồn, số liệu nổi bật,
câu hỏi thảo luận và trang xuất bản. Lệnh "build.py init" đã viết tệp này;
sửa chữ sau dấu hai chấm. Ngày ghi dạng NĂM-THÁNG-NGÀY (2016-06-01).

Thêm từng tỉnh (huyện, thành phố) bằng lệnh "build.py new-province": lệnh
chép bài báo vào sources/, viết tệp của tỉnh và thêm vào "provinces",
"sources" dưới đây.

Chữ viết chung cho mọi tài liệu gọi tên các tỉnh bằng chỗ điền: {tỉnh} (tên),
{các tỉnh} (tên kèm "tỉnh", "thành phố"…); lời giới thiệu còn có {chỉ thị},
{cơ quan biên soạn} và {nội dung} (những phần tài liệu thật sự có)."""

BACKGROUND_HEADER = """\
Bối cảnh: chỉ thị, các văn bản triển khai, các hội nghị và phương hướng,
nhiệm vụ. Mọi điều in ra ở chương này đều lấy từ tệp này.

Văn bản lấy từ bài báo ghi "source" (mã bài) và "quote" (câu trích nguyên
văn); văn bản dẫn theo tài liệu công khai ghi "record" (mã nguồn trong
booklet.yaml). "province": văn bản, sự kiện riêng của một tỉnh."""

COMPARISON_HEADER = """\
So sánh các tỉnh (khi tài liệu có từ hai tỉnh): mỗi hàng ("rows") có một khía
cạnh ("aspect") và, cho mỗi tỉnh, một đoạn chữ ("text") hoặc mã mô hình
("models"). Để trống thì tài liệu không có chương so sánh."""

ERRATA_HEADER = """\
Đính chính lỗi chính tả của bài gốc: mỗi mục có "source", "original" (nguyên
văn trong bài) và "corrected" (cách viết trong tài liệu). Để trống nếu không có."""

# The foreword claims only what placeholders fill in for each edition: the directive, who compiled
# it and the sections the edition holds; a paragraph with nothing to fill in is left out.
FOREWORD = (
    "Nhằm góp phần tuyên truyền việc thực hiện {chỉ thị}, {cơ quan biên soạn} biên soạn tài liệu này để cán bộ, "
    "đảng viên có thêm tư liệu tham khảo trong học tập và làm theo Bác.",
    "Tài liệu tóm tắt {nội dung} ở {các tỉnh}, theo tài liệu nêu ở mục Tài liệu tham khảo.",
    "Xin trân trọng giới thiệu tài liệu cùng cán bộ, đảng viên.",
)


def _booklet(issuer: str, parent: str | None, compiler: str | None, place: str, date: datetime.date,
             directive: KnownDirective) -> str:  # fmt: skip
    fields: dict = {
        "title": "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
        "subtitle": f"Thực hiện {directive.kind} {directive.number} ở {{tỉnh}}",  # "kết quả" only once there are some
        "kind": "Tài liệu tuyên truyền",
        "issuer": issuer,
    }
    after = {
        "issuer": "cơ quan ban hành: ký lời giới thiệu, đứng tên tệp PDF và thư gửi",
        "place": "địa danh in ở cuối bìa",
        "date": "ngày in ở bìa (tháng, năm); không trước hội nghị nào tài liệu nêu",
        "directive": f"văn bản trong {BACKGROUND_FILE} mà tài liệu nêu kết quả thực hiện",
    }
    if parent:
        fields["issuer_parent"] = parent
        after["issuer_parent"] = "cơ quan cấp trên trực tiếp: dòng đầu khối tên cơ quan ở bìa"
        if issuer.endswith(" " + parent) and issuer != parent:
            fields["issuer_unit"] = issuer.removesuffix(" " + parent)
            after["issuer_unit"] = "tên cơ quan ban hành dưới tên cơ quan cấp trên"
    if compiler:
        fields["compiler"] = compiler
        after["compiler"] = "cơ quan biên soạn, khi không phải cơ quan ban hành"
    fields |= {
        "party_header": True,
        "place": place,
        "date": date,
        "marking": "Lưu hành nội bộ",
        "directive": directive.id,
        "keywords": [f"{directive.kind} {directive.number}", "học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
                     "{tỉnh}"],
        "foreword": {"paragraphs": [text_value(p) for p in FOREWORD]},
        "provinces": flow([]),
        "sources": [_record(directive.record)],
        "inferences": [],
        "key_figures": [],
        "discussion": [],
        "colophon": commented(
            {"responsible": None, "editors": flow([]), "print_run": None, "printer": None, "permit": None,
             "deposit": None},
            after={
                "responsible": "chịu trách nhiệm nội dung: chức danh, họ tên",
                "editors": "ban biên soạn: mỗi người một dòng",
                "print_run": "số lượng in (bản)",
                "printer": "nơi in: tên và địa chỉ cơ sở in",
                "permit": "số quyết định hoặc giấy phép xuất bản",
                "deposit": "ngày nộp lưu chiểu, NĂM-THÁNG-NGÀY",
            },
            indent=2,
        ),
    }
    before = {
        "issuer_parent" if parent else "issuer": "Khối tên cơ quan ở bìa theo Hướng dẫn 36-HD/VPTW: cơ quan cấp trên\n"
        "trực tiếp, dưới là tên cơ quan ban hành.",
        "foreword": "Lời giới thiệu: chỉ giới thiệu tài liệu, không nêu sự việc hay con số.\n"
        "Chỗ điền {nội dung} chỉ nêu những phần tài liệu thật sự có.",
        "provinces": "Các tỉnh (tên tệp, không có đuôi .yaml), theo thứ tự chương.",
        "sources": "Nguồn: bài báo (có \"file\") và tài liệu công khai đã tra cứu (không có\n"
        "\"file\"). Chỉ ghi điều bản lưu hoặc trang đó có.",
        "inferences": "Điều tài liệu viết mà bài báo không nói thẳng: điều suy ra, câu trích\n"
        "làm căn cứ, lập luận.",
        "key_figures": "Số liệu nổi bật: \"tỉnh/mã-số-liệu\", chỉ lấy số liệu là kết quả.",
        "discussion": "Câu hỏi gợi ý thảo luận trong sinh hoạt chi bộ: là câu hỏi, không nêu\nsự việc mới.",
        "colophon": "Trang xuất bản: mục nào để trống thì không in; tài liệu chưa đủ các mục\n"
        "này thì chưa được in phát hành.",
    }
    data = commented(fields, after=after, before=before)
    text = modeline("booklet") + "\n" + document_text(data, BOOKLET_HEADER)
    return checked_text(text, data, BOOKLET_FILE)


def _record(record: PublicRecord) -> dict:
    return commented({"id": record.id, "title": text_value(record.title), "outlet": text_value(record.outlet),
                      "url": record.url, "note": text_value(record.note)}, indent=4)  # fmt: skip


def _background(directive: KnownDirective) -> str:
    document = {"id": directive.id, "kind": directive.kind, "number": directive.number, "issuer": directive.issuer,
                "date": directive.date}  # fmt: skip
    if directive.subject:
        document["subject"] = text_value(directive.subject)
    document["record"] = directive.record.id
    data = commented(
        {"intro": [], "documents": [commented(document, after={"record": "theo tài liệu công khai (booklet.yaml)"})],
         "events": []},
        before={"intro": "Đoạn mở đầu chương bối cảnh: text, source, quote (câu trích nguyên văn).",
                "events": "Hội nghị, sự kiện: id, name, date, organiser, place, source, quote."},
    )
    text = modeline("background") + "\n" + document_text(data, BACKGROUND_HEADER)
    return checked_text(text, data, BACKGROUND_FILE)
