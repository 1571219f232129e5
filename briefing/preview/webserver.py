"""A local, read-only web server for the preview: the site folder and an event stream.

It serves files from one folder only: no path outside it (``..``, encoded or
not, and symbolic links that lead out are refused), no directory listing,
nothing but GET and HEAD. ``/events`` streams the preview's state to the open
page (server-sent events), so the page updates without a reload.
"""

from __future__ import annotations

import contextlib
import ipaddress
import mimetypes
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .site import PreviewSite

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
KEEPALIVE_SECONDS = 15  # a comment line now and then tells a closed page from a quiet one
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


STOP_POLL_SECONDS = 0.05


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep Ctrl-C waiting

    def __init__(self, site: PreviewSite, host: str = "127.0.0.1", port: int = 8000):
        self.site = site
        self.root = site.folder.resolve()
        # Bound to this machine only, requests must name it: a web page elsewhere that points
        # its own host name at 127.0.0.1 (DNS rebinding) is refused.
        self.check_host = is_loopback(host)
        self.address_family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        super().__init__((host, port), PreviewRequestHandler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        # serve_forever looks for a stop request between polls: a short poll lets Ctrl-C end at once
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": STOP_POLL_SECONDS}, name="preview-server", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.site.close()  # ends the event streams
        self.shutdown()
        self.server_close()


class PreviewRequestHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "briefing-preview"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _refuse_method(self) -> None:
        message = "Chỉ đọc: máy chủ xem trước chỉ nhận GET và HEAD."
        self._send_text(HTTPStatus.METHOD_NOT_ALLOWED, message, {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def log_message(self, format: str, *args) -> None:
        """Quiet: the terminal is for the builds."""

    def _respond(self, body: bool) -> None:
        if self.server.check_host and not self._host_is_loopback():
            self._send_text(HTTPStatus.FORBIDDEN, "Chỉ xem được từ chính máy này.", body=body)
            return
        path = unquote(urlsplit(self.path).path)
        if path == "/events" and body:
            self._events()
            return
        file = self._file(path)
        if file is None:
            self._send_text(HTTPStatus.NOT_FOUND, "Không có trang này.", body=body)
            return
        try:
            data = file.read_bytes()
        except OSError:  # removed since: an old picture
            self._send_text(HTTPStatus.NOT_FOUND, "Không có trang này.", body=body)
            return
        content_type = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        # Pictures are named by what they show, so they never change; the rest may.
        cache = "max-age=31536000, immutable" if file.parent.name == "pages" else "no-cache"
        self._send(HTTPStatus.OK, data, content_type, {"Cache-Control": cache}, body)

    def _file(self, path: str) -> Path | None:
        """The file under the site folder that ``path`` names, or None for anything else."""
        if not path.startswith("/"):
            return None
        parts = ["index.html"] if path == "/" else path.split("/")[1:]
        if any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
            return None  # a trailing slash would ask for a listing; dot segments for a way out
        if not self.server.site.is_intact():  # swapped for a link or another folder: serve nothing
            return None
        root = self.server.root  # resolved once, as the preview started
        candidate = root.joinpath(*parts).resolve()  # symbolic links followed, then checked
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate

    def _host_is_loopback(self) -> bool:
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1:].split("]")[0]
        return is_loopback(name)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self._security_headers()
        self.end_headers()
        seen = -1
        site = self.server.site
        try:
            while not site.closed:
                generation, state = site.wait_for_state(seen, KEEPALIVE_SECONDS)
                if site.closed:
                    break
                if generation == seen:
                    self.wfile.write(b": \n\n")
                else:
                    self.wfile.write(f"data: {state}\n\n".encode())
                    seen = generation
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed

    def _send_text(self, status: HTTPStatus, text: str, headers: dict | None = None, body: bool = True) -> None:
        self._send(status, (text + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers or {}, body)

    def _send(self, status: HTTPStatus, data: bytes, content_type: str, headers: dict, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self._security_headers()
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page was closed meanwhile
                self.wfile.write(data)

    def _security_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; object-src 'self'; frame-ancestors 'none'")
