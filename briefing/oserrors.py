"""What went wrong with a file or a connection, said in Vietnamese (the OS says it in English)."""

from __future__ import annotations

import errno
import socket
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
    errno.ELOOP: "liên kết tượng trưng trỏ vòng (hoặc là liên kết, không được dùng ở đây)",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi đọc/ghi ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ENFILE: "hệ thống mở quá nhiều tệp cùng lúc",
    errno.ENOMEM: "không đủ bộ nhớ",
    errno.EBUSY: "tệp đang bị chương trình khác dùng",
    errno.ETXTBSY: "tệp đang bị chương trình khác dùng",
    errno.EXDEV: "không chuyển được sang ổ đĩa khác",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.ENXIO: "không phải tệp thường (thiết bị hoặc ống dẫn không có ai ghi)",
    errno.EINVAL: "đường dẫn hoặc giá trị không hợp lệ",
    errno.ECONNREFUSED: "máy chủ từ chối kết nối (sai cổng, hoặc máy chủ chưa chạy)",
    errno.ECONNRESET: "máy chủ ngắt kết nối giữa chừng",
    errno.ECONNABORTED: "kết nối bị hủy giữa chừng",
    errno.ETIMEDOUT: "quá thời gian chờ máy chủ trả lời",
    errno.EHOSTUNREACH: "không tới được máy chủ (kiểm tra mạng)",
    errno.ENETUNREACH: "không có mạng tới máy chủ (kiểm tra mạng)",
    errno.EPIPE: "máy chủ đã đóng kết nối",
    errno.EADDRINUSE: "địa chỉ hoặc cổng đang được chương trình khác dùng",
    errno.EADDRNOTAVAIL: "máy này không có địa chỉ đó",
}


def reason(error: OSError) -> str:
    """“ổ đĩa đã đầy”, …; the system's own words only for what we have not translated."""
    if isinstance(error, socket.gaierror):
        return "không tìm thấy máy chủ (tên máy không phân giải được; kiểm tra tên và mạng)"
    if isinstance(error, TimeoutError) and error.errno is None:  # socket.timeout has no errno
        return "quá thời gian chờ máy chủ trả lời"
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return error.strerror or "lỗi hệ thống"


def describe(error: OSError) -> str:
    """The reason, and the file it concerns when known: “dist/a.pdf: ổ đĩa đã đầy”."""
    if error.filename:
        return f"{display_path(Path(error.filename))}: {reason(error)}"
    return reason(error)
