"""Read an article as an office has it: Word (.docx), a PDF with a text layer, a saved web page, or text.

What comes out is the text the archived source keeps (``sources/*.txt``):
plain text, NFC, one paragraph per line with a blank line between, the
headline first; and what the file's metadata says about the article (title,
outlet, author, date, address), each value marked with where it was read, so
that the source can say so: it is the file's word, not the article's.

Every format ends in the same text for the same article, so a quote copied
from the Word file matches the text archived from its PDF. Text typed in the
legacy encodings (TCVN3, VNI: see ``legacy.py``) is converted to Unicode,
paragraph by paragraph, wherever it comes from.

The file is someone else's: a Word file is a zip that may inflate a
thousandfold, a PDF or a page can make a parser take all the memory or time.
What a library parses is therefore parsed in a child process under limits
(``untrusted.py``), after the bounds that are cheap to check (the file's size,
the zip's declared sizes), and the text that comes back is bounded too.
"""

from __future__ import annotations

import codecs
import datetime
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePath

from ..options import OptionError
from ..oserrors import reason
from ..problems import display_path
from ..regular import NotARegularFile, read_regular
from ..untrusted import LimitExceeded, Limits, run_limited
from .legacy import CONVERTERS, detect_legacy

MB = 1_000_000
MAX_TEXT_BYTES = 2 * MB  # the article's text, whatever the file: a newspaper article is a few thousand words
# A file may be larger than its text: a Word file or a PDF carries photos, a saved page its scripts.
MAX_FILE_BYTES = {"txt": MAX_TEXT_BYTES, "html": 20 * MB, "docx": 50 * MB, "pdf": 50 * MB}
KINDS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "txt"}
ACCEPTED = "tệp Word (.docx), PDF có lớp chữ (.pdf), trang web đã lưu (.html, .htm) hoặc văn bản (.txt)"
# What a saved Word file may unpack to (its declared sizes bound what the zip reader inflates).
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_BYTES = 200 * MB
LIMITS = Limits(memory=1024 * 1024 * 1024, cpu_seconds=30, wall_seconds=60)
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))  # no daylight saving

WORD_PROPERTIES = "thuộc tính của tệp Word"
WORD_CREATED = "ngày tạo tệp Word (có thể không phải ngày đăng bài)"
PDF_PROPERTIES = "thuộc tính của tệp PDF"
PAGE_METADATA = "siêu dữ liệu của trang web đã lưu"
SAVED_FROM = "địa chỉ trình duyệt ghi khi lưu trang"
PAGE_HOST = "tên miền trong địa chỉ của trang (trang không ghi tên báo)"
FIELD_NAMES = {"title": "tiêu đề", "outlet": "tên báo", "author": "tác giả", "date": "ngày đăng", "url": "địa chỉ bài"}


@dataclass(frozen=True)
class Metadata:
    """A particular of the article read from the file's metadata, not from the article's text."""

    value: str | datetime.date
    origin: str  # where it was read, in Vietnamese: “thuộc tính của tệp Word”, …


@dataclass(frozen=True)
class Article:
    """An article read from a file: the text to archive, and what the file's metadata says about it."""

    text: str  # NFC, one paragraph per line, a blank line between paragraphs, the headline first, ending in "\n"
    kind: str  # what the file was: "docx", "pdf", "html" or "txt"
    title: Metadata | None = None  # the headline, as the metadata gives it
    outlet: Metadata | None = None  # the newspaper or site
    author: Metadata | None = None
    date: Metadata | None = None  # a datetime.date
    url: Metadata | None = None
    converted_from: str | None = None  # the legacy encoding the text was typed in ("TCVN3 (ABC)", "VNI"), if any

    @property
    def paragraphs(self) -> list[str]:
        return self.text.rstrip("\n").split("\n\n")

    @property
    def headline(self) -> str:
        """The first line (a file's first paragraph is its headline, as a clerk pastes it)."""
        return self.paragraphs[0]

    @property
    def metadata(self) -> dict[str, Metadata]:
        """The particulars found, by the source's field name (title, outlet, author, date, url), in that order."""
        return {name: value for name in FIELD_NAMES if (value := getattr(self, name)) is not None}

    def note(self) -> str | None:
        """A sentence for the source's ``note``: which particulars the file's metadata gave, and whence;
        that the text was converted from a legacy encoding. None if neither."""
        by_origin: dict[str, list[str]] = {}
        for name, value in self.metadata.items():
            by_origin.setdefault(value.origin, []).append(FIELD_NAMES[name])
        sentences = [f"{_capitalised(_listed(names))} lấy từ {origin}." for origin, names in by_origin.items()]
        if self.converted_from:
            sentences.append(f"Lời bài chuyển từ bảng mã {self.converted_from} sang Unicode.")
        return " ".join(sentences) or None


def read_article(path: Path) -> Article:
    """The article in the file at ``path``; ``OptionError`` with a Vietnamese message if it cannot be read."""
    name = display_path(path)
    kind = kind_of(name)
    limit = MAX_FILE_BYTES[kind]
    try:
        size = path.stat().st_size
        if path.is_file() and size > limit:  # said here as about an article; read_regular checks again on the file
            raise _too_large(name, kind, size)
        data = read_regular(path, limit)
    except FileNotFoundError:
        raise OptionError(f"không có tệp bài báo {name}") from None
    except NotARegularFile as error:
        raise OptionError(f"{name}: {error.strerror}") from None
    except OSError as error:
        raise OptionError(f"{name}: không đọc được tệp ({reason(error)})") from None
    return parse_article(data, name)


def parse_article(data: bytes, name: str) -> Article:
    """The article in ``data``, a file called ``name`` (its suffix says the kind; messages name it)."""
    kind = kind_of(name)
    if len(data) > MAX_FILE_BYTES[kind]:
        raise _too_large(name, kind, len(data))
    return _READERS[kind](data, name)


def kind_of(name: str) -> str:
    """The kind of article file ``name`` is, by its suffix; ``OptionError`` naming what is accepted."""
    suffix = PurePath(name).suffix.lower()
    if suffix in KINDS:
        return KINDS[suffix]
    if suffix == ".doc":
        raise OptionError(f"{name}: tệp Word cũ (.doc) chưa đọc được; mở bằng Word, Lưu thành (Save As) kiểu .docx")
    if suffix in (".mht", ".mhtml"):
        message = "trang web lưu thành một tệp (.mht) chưa đọc được; lưu lại trang kiểu “chỉ HTML” thành tệp .html"
        raise OptionError(f"{name}: {message}")
    raise OptionError(f"{name}: không đọc được loại tệp này; bài báo cần là {ACCEPTED}")


# --- text ------------------------------------------------------------------------------


def _text_file(data: bytes, name: str) -> Article:
    """UTF-8 (a byte-order mark, as Notepad writes, is dropped), UTF-16 with its mark, or a legacy encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's “Unicode”
        try:
            return _article("txt", data.decode("utf-16").splitlines(), name)
        except UnicodeDecodeError:
            raise OptionError(f"{name}: tệp UTF-16 bị hỏng; lưu lại bài với bảng mã UTF-8") from None
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\0" in data:
        raise OptionError(f"{name}: không phải văn bản (có byte 0); lưu lại bài thành tệp .txt, bảng mã UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _legacy_text_file(data, name)
    return _article("txt", text.splitlines(), name)


# Bytes 0x80–0x9F as Windows-1252 reads them (“ ” – … typed in an old Word file); the rest as Latin-1,
# which is what the legacy tables are written in.
_WINDOWS_1252 = {byte: char for byte in range(0x80, 0xA0) if (char := bytes([byte]).decode("cp1252", "ignore"))}


def _legacy_text_file(data: bytes, name: str) -> Article:
    """A text that is not UTF-8: one legacy encoding for the whole file, the one its paragraphs read as."""
    text = data.decode("latin-1").translate(_WINDOWS_1252)
    lines = text.splitlines()
    found = [legacy[0] for line in lines if (legacy := detect_legacy(line))]
    if not found:
        message = "không phải văn bản UTF-8, cũng không phải bảng mã TCVN3 (ABC) hay VNI"
        raise OptionError(f"{name}: {message}; mở bằng Notepad, Lưu thành (Save As) với bảng mã UTF-8")
    encoding = max(CONVERTERS, key=found.count)
    convert = CONVERTERS[encoding]
    return _article("txt", [convert(line) for line in lines], name, converted_from=encoding)


# --- Word ------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word 97–2003 file, or a .docx with a password (both OLE)


def _word_file(data: bytes, name: str) -> Article:
    if data.startswith(_OLE):
        message = "không phải tệp .docx mà là tệp Word cũ (.doc) hoặc tệp có mật khẩu"
        raise OptionError(f"{name}: {message}; mở bằng Word, bỏ mật khẩu nếu có, Lưu thành (Save As) kiểu .docx")
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise OptionError(f"{name}: tệp Word bị hỏng hoặc không phải tệp .docx; mở bằng Word và lưu lại") from None
    # The zip reader inflates a member only up to its declared size: declared sizes bound the work.
    if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_ZIP_BYTES:
        message = f"tệp Word giải nén ra quá lớn (hơn {_size(MAX_ZIP_BYTES)}); có thể là tệp cố ý làm hỏng"
        raise OptionError(f"{name}: {message}")
    import docx  # noqa: F401  (loaded before the child starts: see untrusted.py)

    try:
        found = run_limited(_word_text, data, limits=LIMITS)
    except LimitExceeded as error:
        raise OptionError(f"{name}: không đọc được tệp Word: {error}") from None
    except Exception:  # python-docx and lxml say “not a Word file” in many ways, in English
        raise OptionError(f"{name}: tệp Word bị hỏng hoặc không phải tệp .docx; mở bằng Word và lưu lại") from None
    return _article(
        "docx",
        found.paragraphs,
        name,
        title=_plausible_title(found.title, WORD_PROPERTIES),
        author=_plausible_author(found.author, WORD_PROPERTIES),
        date=_plausible_created(found.created),
    )


def _word_text(data: bytes):
    from .wordtext import word_text

    return word_text(data)


# --- PDF -------------------------------------------------------------------------------

MAX_PDF_PAGES = 300  # an article runs to a few pages; a book is not an article
SCANNED = "không có lớp chữ"
WAY_OUT = (
    "dùng bản Word (.docx) hoặc trang web đã lưu (.html) của bài, hoặc nhận dạng chữ (OCR) cho tệp rồi đưa vào lại"
)


def _pdf_file(data: bytes, name: str) -> Article:
    import pikepdf  # noqa: F401  (both loaded before the child starts: see untrusted.py)
    import pypdfium2

    try:
        found = run_limited(_pdf_text, data, limits=LIMITS)
    except LimitExceeded as error:
        raise OptionError(f"{name}: không đọc được tệp PDF: {error}") from None
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            message = "tệp PDF có mật khẩu; mở bằng trình đọc PDF, nhập mật khẩu, in ra một tệp PDF mới rồi đưa vào"
            raise OptionError(f"{name}: {message}") from None
        raise OptionError(f"{name}: tệp PDF bị hỏng hoặc không phải PDF; {WAY_OUT}") from None
    except Exception:  # PDFium read it, but what it holds trips the reader: a broken file all the same
        raise OptionError(f"{name}: tệp PDF bị hỏng hoặc không phải PDF; {WAY_OUT}") from None
    if found.too_long:
        if found.pages > MAX_PDF_PAGES:
            raise OptionError(f"{name}: tệp PDF quá dài cho một bài báo ({found.pages} trang; tối đa {MAX_PDF_PAGES})")
        raise OptionError(f"{name}: lời trong tệp quá dài cho một bài báo (hơn {_size(MAX_TEXT_BYTES)})")
    if found.image_pages and len(found.image_pages) == found.pages:
        raise OptionError(f"{name}: tệp PDF này là ảnh chụp, {SCANNED}; {WAY_OUT}")
    if found.image_pages:
        pages = _listed([str(page) for page in found.image_pages])
        raise OptionError(f"{name}: trang {pages} của tệp PDF là ảnh chụp, {SCANNED}; {WAY_OUT}")
    if found.unreadable:
        message = "lớp chữ của tệp PDF không đọc được (phông chữ không kèm bảng mã chữ)"
        raise OptionError(f"{name}: {message}; {WAY_OUT}")
    return _article(
        "pdf",
        found.paragraphs,
        name,
        title=_plausible_title(found.title, PDF_PROPERTIES),
        author=_plausible_author(found.author, PDF_PROPERTIES),
    )


def _pdf_text(data: bytes):
    from .pdftext import pdf_text

    return pdf_text(data, MAX_TEXT_BYTES, MAX_PDF_PAGES)


# --- a saved web page ------------------------------------------------------------------


def _web_page(data: bytes, name: str) -> Article:
    import trafilatura  # noqa: F401  (loaded before the child starts: see untrusted.py)

    try:
        found = run_limited(_page_text, data, limits=LIMITS)
    except LimitExceeded as error:
        raise OptionError(f"{name}: không đọc được trang web: {error}") from None
    except Exception:  # lxml and trafilatura refuse a broken page in many ways, in English
        raise OptionError(f"{name}: trang web bị hỏng hoặc không phải tệp HTML; lưu lại trang rồi đưa vào") from None
    if found is None:
        message = "không tìm thấy lời bài trong trang web đã lưu"
        raise OptionError(f"{name}: {message}; lưu lại trang khi bài đã hiện đủ, hoặc chép lời bài vào một tệp .txt")
    url = found.url or found.saved_from
    return _article(
        "html",
        found.paragraphs,
        name,
        title=_plausible_title(found.title, PAGE_METADATA),
        outlet=Metadata(found.outlet, PAGE_METADATA if found.outlet_declared else PAGE_HOST) if found.outlet else None,
        author=_plausible_author(found.author, PAGE_METADATA),
        date=_page_date(found.date),
        url=Metadata(url, PAGE_METADATA if found.url else SAVED_FROM) if url and _WEB_ADDRESS.match(url) else None,
    )


def _page_text(data: bytes):
    from .webpage import page_text

    return page_text(data)


_WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def _page_date(text: str | None) -> Metadata | None:
    try:
        date = datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return Metadata(date, PAGE_METADATA) if date and _plausible_date(date) else None


# --- what metadata is worth keeping ----------------------------------------------------

# What programs and templates write when nobody typed a name: not the article's author.
_DEFAULT_AUTHORS = {
    "python-docx", "admin", "administrator", "user", "users", "windows user", "microsoft office user",
    "microsoft", "owner", "author", "unknown", "guest", "pc", "home", "dell", "hp", "asus", "acer", "lenovo",
    "người dùng", "tác giả", "máy tính",
}  # fmt: skip
_DEFAULT_TITLES = re.compile(
    r"^(?:untitled|document\s*\d*|tài liệu\s*\d*|chưa có tiêu đề|không có tiêu đề|microsoft word\b.*|title|slide \d+)$",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|txt|html?|rtf|odt)$", re.IGNORECASE)


def _plausible_title(text: str | None, origin: str) -> Metadata | None:
    """A title as metadata gives it, unless it is a program's default, a file name or an address."""
    text = " ".join((text or "").split())
    if not text or len(text) > 300 or not any(c.isalpha() for c in text):
        return None
    if _DEFAULT_TITLES.match(text) or _FILE_NAME.search(text) or text.lower().startswith(("http:", "https:")):
        return None
    return Metadata(text, origin)


def _plausible_author(text: str | None, origin: str) -> Metadata | None:
    """An author as metadata gives it, unless it is what a program writes for nobody in particular."""
    text = " ".join((text or "").split())
    if not text or len(text) > 120 or not any(c.isalpha() for c in text):
        return None
    if text.lower() in _DEFAULT_AUTHORS or re.fullmatch(r"(?:user|admin|pc|win)[-_ ]?\d*", text, re.IGNORECASE):
        return None
    return Metadata(text, origin)


_PYTHON_DOCX_TEMPLATE = datetime.datetime(2013, 12, 23, 23, 15, tzinfo=datetime.UTC)  # its default core.xml


def _plausible_created(created: datetime.datetime | None) -> Metadata | None:
    if created is None or created.replace(tzinfo=created.tzinfo or datetime.UTC) == _PYTHON_DOCX_TEMPLATE:
        return None
    date = (created if created.tzinfo else created.replace(tzinfo=datetime.UTC)).astimezone(VIETNAM).date()
    return Metadata(date, WORD_CREATED) if _plausible_date(date) else None


def _plausible_date(date: datetime.date) -> bool:
    """After the Web reached Vietnam's newspapers and not in the future (Vietnam time)."""
    return datetime.date(1995, 1, 1) <= date <= datetime.datetime.now(VIETNAM).date()


# --- the common end --------------------------------------------------------------------

# Characters that are not text: format controls (soft hyphen, zero widths, direction marks, byte-order mark).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufffe\uffff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _article(
    kind: str,
    paragraphs: list[str],
    name: str,
    converted_from: str | None = None,
    **metadata: Metadata | None,
) -> Article:
    """The archived text from the paragraphs a reader found: legacy text converted, invisible characters
    dropped, white space collapsed, empty paragraphs left out; ``OptionError`` if none is left or too much."""
    kept, converted = [], {converted_from} - {None}
    total = 0
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            line, encoding = _unicode(line, legacy=converted_from is None)
            converted |= {encoding} - {None}
            line = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", line)).split())
            if line:
                kept.append(line)
                total += len(line.encode("utf-8")) + 2
                if total > MAX_TEXT_BYTES:
                    raise OptionError(f"{name}: lời trong tệp quá dài cho một bài báo (hơn {_size(MAX_TEXT_BYTES)})")
    if not kept:
        raise OptionError(f"{name}: tệp không có chữ nào; chọn đúng tệp bài báo")
    values = {field: _metadata(value) for field, value in metadata.items()}
    encodings = ", ".join(sorted(converted, key=list(CONVERTERS).index)) or None
    return Article("\n\n".join(kept) + "\n", kind, converted_from=encodings, **values)


def _unicode(text: str, legacy: bool = True) -> tuple[str, str | None]:
    """``text`` in NFC and, if it reads as a legacy encoding, converted: (text, encoding or None)."""
    text = unicodedata.normalize("NFC", text)
    found = detect_legacy(text) if legacy else None
    if found is None:
        return text, None
    return unicodedata.normalize("NFC", found[1]), found[0]


def _metadata(value: Metadata | None) -> Metadata | None:
    if value is None or not isinstance(value.value, str):
        return value
    text = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", _unicode(value.value)[0])).split())
    return Metadata(text, value.origin) if text else None


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _size(size: int) -> str:
    """A size in megabytes, the Vietnamese way, rounded up to a tenth (a file just over 2 MB is not
    “2 MB”): “2 MB”, “2,1 MB”."""
    from babel.numbers import format_decimal

    return f"{format_decimal(math.ceil(size / (MB / 10)) / 10, '#,##0.#', locale='vi')} MB"


_KIND_NAMES = {"txt": "văn bản .txt", "html": "trang web", "docx": "tệp Word", "pdf": "tệp PDF"}


def _too_large(name: str, kind: str, size: int) -> OptionError:
    limit = _size(MAX_FILE_BYTES[kind])
    return OptionError(f"{name}: tệp quá lớn cho một bài báo ({_size(size)}; {_KIND_NAMES[kind]} tối đa {limit})")


_READERS = {"txt": _text_file, "docx": _word_file, "pdf": _pdf_file, "html": _web_page}
