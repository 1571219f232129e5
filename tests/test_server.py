"""The preview server serves its own folder and nothing else; a taken port is a usage error."""

from __future__ import annotations

import http.client
import socket

import pytest

from briefing.cli import main
from briefing.preview.site import PreviewSite
from briefing.preview.webserver import PreviewServer


@pytest.fixture
def server(tmp_path):
    site = PreviewSite(tmp_path / "site")
    site.prepare()
    (site.folder / "pages").mkdir()
    (site.folder / "pages" / "1.png").write_bytes(b"\x89PNG picture")
    (tmp_path / "secret.txt").write_text("bí mật", encoding="utf-8")
    (site.folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    server = PreviewServer(site, "127.0.0.1", 0)
    server.start()
    yield server
    server.stop()


def request(server: PreviewServer, path: str, method: str = "GET", host: str | None = None):
    """Send ``path`` as it is, not normalised as a browser or http client library would."""
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    connection.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body.decode("utf-8", "replace"), response


def test_serves_the_page_and_files_of_its_folder(server):
    status, body, response = request(server, "/")
    assert status == 200
    assert "<title>Xem trước tài liệu</title>" in body
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    status, body, response = request(server, "/pages/1.png")
    assert (status, response.getheader("Content-Type")) == (200, "image/png")
    assert request(server, "/preview.js?v=1")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/pages/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/pages/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/link.txt",  # a symbolic link that leads out of the folder
        "/index.html%00.png",
        "http://127.0.0.1/../secret.txt",
    ],
)
def test_nothing_outside_the_folder(server, path):
    status, body, _ = request(server, path)
    assert status == 404
    assert "bí mật" not in body
    assert body == "Không có trang này.\n"


@pytest.mark.parametrize("path", ["/pages/", "/pages", "/./", "/pages/."])
def test_no_directory_listing(server, path):
    status, body, _ = request(server, path)
    assert (status, body) == (404, "Không có trang này.\n")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_read_only(server, method):
    status, body, response = request(server, "/index.html", method)
    assert (status, body) == (405, "Chỉ đọc: máy chủ xem trước chỉ nhận GET và HEAD.\n")
    assert response.getheader("Allow") == "GET, HEAD"
    assert (server.site.folder / "index.html").is_file()


def test_head_gives_headers_without_the_file(server):
    status, body, response = request(server, "/pages/1.png", "HEAD")
    assert (status, body) == (200, "")
    assert response.getheader("Content-Length") == str(len(b"\x89PNG picture"))


def test_other_host_names_are_refused_on_loopback(server):
    """A site that points its own name at 127.0.0.1 (DNS rebinding) cannot read the booklet."""
    assert request(server, "/", host="attacker.example:8000")[:2] == (403, "Chỉ xem được từ chính máy này.\n")
    assert request(server, "/", host=f"localhost:{server.server_address[1]}")[0] == 200


def test_a_port_in_use_is_a_usage_error(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        output = tmp_path / "booklet.pdf"
        assert main(["serve", "--port", str(port), "--output", str(output)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"build.py serve: lỗi: cổng {port} đang được chương trình khác dùng; chọn cổng khác, ví dụ --port {port + 1}\n"
    )
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []  # nothing built, nothing written


def test_an_unknown_address_is_a_usage_error(tmp_path, capsys):
    assert main(["serve", "--host", "no-such-host.invalid", "--port", "0", "--output", str(tmp_path / "b.pdf")]) == 2
    assert capsys.readouterr().err == (
        "build.py serve: lỗi: không mở được máy chủ xem trước ở no-such-host.invalid:0 (không tìm thấy máy chủ "
        "(tên máy không phân giải được; kiểm tra tên và mạng))\n"
    )  # in Vietnamese, not the resolver's English


@pytest.mark.parametrize("port", ["65536", "-1", "http"])
def test_a_port_that_cannot_be_is_a_usage_error(port, capsys):
    assert main(["serve", "--port", port]) == 2
    assert f"build.py serve: lỗi: --port: cổng phải là số từ 0 đến 65535, không phải “{port}”" in (
        capsys.readouterr().err
    )


# --- serve checks its options as build and watch do: exit 2, nothing written ---
# Run in a child with a deadline: a serve that skipped its checks would serve on, not fail.


def serve_refused(*args: str) -> str:
    from conftest import run_cli

    run = run_cli(["serve", "--port", "0", *map(str, args)], timeout=60)
    assert (run.code, run.out) == (2, "")
    return run.err


def test_serve_refuses_an_output_inside_the_content_folder(content_copy):
    target = content_copy / "x.pdf"
    assert serve_refused("--content", content_copy, "--output", target) == (
        f"build.py serve: lỗi: --output {target}: không được ghi vào thư mục nội dung ({content_copy.resolve()}); "
        "hãy chọn nơi khác, ví dụ dist/\n"
    )
    assert not (content_copy / "x-preview").exists() and not target.exists()


def test_serve_refuses_a_preview_folder_that_is_the_content_folder(tmp_path):
    import shutil

    from briefing.options import DEFAULT_CONTENT

    content = tmp_path / "c-preview"
    shutil.copytree(DEFAULT_CONTENT, content)
    before = sorted(p.name for p in content.iterdir())
    assert serve_refused("--content", content, "--output", tmp_path / "c.pdf") == (
        f"build.py serve: lỗi: thư mục xem trước của --output {content}: không được ghi vào thư mục nội dung "
        f"({content.resolve()}); hãy chọn nơi khác, ví dụ dist/\n"
    )
    assert sorted(p.name for p in content.iterdir()) == before
    assert not (tmp_path / "c.pdf").exists()


def test_serve_refuses_a_preview_folder_holding_the_content(tmp_path):
    import shutil

    from briefing.options import DEFAULT_CONTENT

    shutil.copytree(DEFAULT_CONTENT, tmp_path / "site-preview" / "content")
    content = tmp_path / "site-preview" / "content"
    output = tmp_path / "site.pdf"
    assert serve_refused("--content", content, "--output", output) == (
        f"build.py serve: lỗi: thư mục xem trước của --output {tmp_path / 'site-preview'}: thư mục xem trước "
        f"{(tmp_path / 'site-preview').resolve()} chứa thư mục nội dung ({content.resolve()}) và sẽ đưa cả lên trang "
        "xem trước; hãy chọn nơi khác, ví dụ dist/\n"
    )
    assert not output.exists()


def test_serve_refuses_options_that_conflict(tmp_path):
    assert serve_refused("--since", tmp_path / "a.pdf", "--output", tmp_path / "b.pdf") == (
        "build.py serve: lỗi: --since chỉ dùng với --edition review: bản duyệt mới liệt kê thay đổi so với bản cũ\n"
    )
    assert list(tmp_path.iterdir()) == []
