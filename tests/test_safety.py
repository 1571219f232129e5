"""Content is data: it never becomes markup, template code or a file read."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pypdfium2
import pytest
from conftest import edit, squash

from briefing.options import BuildOptions
from briefing.render.fonts import font_directories
from briefing.render.pdf import ProjectURLFetcher, RefusedURL
from briefing.render.pipeline import build


def test_markup_and_template_code_in_content_print_literally(tmp_path, content_copy):
    hostile = '{{ 7*7 }} <img src="file:///etc/passwd"> <b>đậm</b>'
    edit(content_copy / "lang-son.yaml", "name: Lạng Sơn\n", f"name: 'Lạng Sơn {hostile}'\n")
    html = tmp_path / "b.html"
    result = build(BuildOptions(content=content_copy, output=tmp_path / "b.pdf", html_output=html))

    text = squash("\n".join(p.get_textpage().get_text_bounded() for p in pypdfium2.PdfDocument(result.path)))
    assert squash(hostile) in text
    markup = html.read_text(encoding="utf-8")
    assert "<img" not in markup  # the templates have no image: any <img> would be content turned into markup
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in markup
    assert result.weasyprint_warnings == []
    assert result.content_warnings == ()


def test_a_content_supplied_url_is_never_requested(tmp_path, content_copy, monkeypatch):
    requested = []
    original = ProjectURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(ProjectURLFetcher, "fetch", recording_fetch)
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    edit(
        content_copy / "kon-tum.yaml",
        "name: Kon Tum\n",
        f'name: \'Kon Tum <link rel="stylesheet" href="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png">\'\n',
    )
    build(BuildOptions(content=content_copy, output=tmp_path / "b.pdf"))

    allowed = [Path(__file__).resolve().parent.parent / "styles", *font_directories()]
    assert requested, "the build fetches its stylesheet and fonts"
    for url in requested:
        path = Path(unquote(urlparse(url).path))
        assert any(path.is_relative_to(root) for root in allowed), url


def test_fetcher_serves_project_files_only(tmp_path):
    allowed = tmp_path / "styles"
    allowed.mkdir()
    (allowed / "a.css").write_text("p {}")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    fetcher = ProjectURLFetcher([allowed])

    assert fetcher.fetch((allowed / "a.css").as_uri()).read() == b"p {}"
    for url in (
        secret.as_uri(),
        (allowed / ".." / "secret.txt").as_uri(),
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_fetcher_allows_inline_data():
    fetcher = ProjectURLFetcher([Path("/nonexistent")])
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
