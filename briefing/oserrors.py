"""What went wrong with a file, said in Vietnamese (the OS says it in English)."""

from __future__ import annotations

import errno
from pathlib import Path

from .problems import display_path

_REASONS = {
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.ENOENT: "không tồn tại",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "là một thư mục, không phải tệp",
    errno.EEXIST: "đã có một tệp cùng tên",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "vượt hạn mức dung lượng ổ đĩa",
    errno.EFBIG: "tệp vượt giới hạn dung lượng cho phép",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.ELOOP: "liên kết tượng trưng trỏ vòng",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi đọc/ghi ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
}


def reason(error: OSError) -> str:
    """“ổ đĩa đã đầy”, …; the system's own words only for what we have not translated."""
    return _REASONS.get(error.errno, error.strerror or "lỗi hệ thống")


def describe(error: OSError) -> str:
    """The reason, and the file it concerns when known: “dist/a.pdf: ổ đĩa đã đầy”."""
    if error.filename:
        return f"{display_path(Path(error.filename))}: {reason(error)}"
    return reason(error)
