"""The live preview (``build.py serve``): watch mode, its pages shown in the browser.

Three parts wired together here: the watch loop builds (watch.py); the site
receives each build's outcome (site.py); the web server shows the site
(webserver.py). None of them knows the others' business.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from ..options import BuildOptions, OptionError
from ..oserrors import reason
from ..problems import display_path

logger = logging.getLogger(__name__)


class ServeError(OptionError):
    """The server cannot start (port taken, unknown address): a usage error."""


def check_preview_folder(options: BuildOptions) -> None:
    """``OptionError`` if the preview folder would be written into, or would serve, what it must not:
    everything in it can be fetched over HTTP, so it may not hold the content or the tool's files."""
    from ..outputs import check_output
    from .site import site_folder

    check_output("thư mục xem trước của --output", site_folder(options.output), options, folder=True, served=True)


def serve(options: BuildOptions, host: str, port: int, say: Callable[[str], None] = print) -> None:
    """Serve the preview and rebuild on every save, until Ctrl-C."""
    from .site import PreviewSite, site_folder
    from .watch import watch
    from .webserver import PreviewServer, is_loopback

    site = PreviewSite(site_folder(options.output), options.output.name)
    try:
        server = PreviewServer(site, host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            message = f"cổng {port} đang được chương trình khác dùng; chọn cổng khác, ví dụ --port {port + 1}"
            raise ServeError(message) from None
        raise ServeError(f"không mở được máy chủ xem trước ở {host}:{port} ({reason(error)})") from None
    if not is_loopback(host):
        say(
            f"Cảnh báo: trang xem trước mở cho mạng ở địa chỉ {host}, không chỉ máy này; "
            "ai vào được địa chỉ này đều xem được tài liệu."
        )
    site.prepare()
    server.start()
    say(f"Xem trước tại {server.url} (thư mục {display_path(site.folder)}). Nhấn Ctrl-C để dừng.")

    def show(outcome) -> None:
        try:
            site.publish(outcome)
        except Exception:  # keep serving whatever broke; the traceback is for whoever fixes it
            logger.exception("preview failed")
            say("Không cập nhật được trang xem trước (xem chi tiết ở trên); tệp PDF vẫn được dựng.")

    try:
        watch(options, say, on_build=show, farewell="Đã dừng xem trước.")
    finally:
        server.stop()
