"""What a cold build keeps between runs and how it stays out of the way: compiled templates in the
user's cache, library versions read without importlib.metadata, the cycle collector paused only
while a booklet is made. (The word cache's own tests are in test_typesetting.py.)"""

from __future__ import annotations

import contextlib
import gc
import os
from importlib import metadata

import pytest
from jinja2 import Environment, FileSystemLoader
from packaging.version import Version

from briefing.options import BuildOptions
from briefing.problems import ContentError
from briefing.render import usercache
from briefing.render.installed import version
from briefing.render.pipeline import build
from briefing.render.usercache import TemplateCache


@pytest.fixture
def templates(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.j2").write_text("Xin chào {{ name }}", encoding="utf-8")
    return folder


def compiled_by(environment: Environment) -> list[str]:
    """The names of the templates ``environment`` compiles from their source from now on."""
    compiled, compile_source = [], environment.compile

    def counting(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(source, name, filename, *args, **kwargs)

    environment.compile = counting
    return compiled


def fresh_environment(templates) -> Environment:
    """An environment as a new process makes it: nothing compiled in memory."""
    return Environment(loader=FileSystemLoader(templates), bytecode_cache=TemplateCache(), autoescape=True)


def test_a_second_run_compiles_no_template_and_an_edited_one_is_compiled_again(templates, tmp_path):
    first = fresh_environment(templates)
    assert first.get_template("page.j2").render(name="Kon Tum") == "Xin chào Kon Tum"
    saved = list((tmp_path / "cache" / "briefing" / "templates").iterdir())
    assert len(saved) == 1 and not saved[0].name.startswith(".")  # written whole, then renamed

    second = fresh_environment(templates)
    compiled = compiled_by(second)
    assert second.get_template("page.j2").render(name="Lạng Sơn") == "Xin chào Lạng Sơn"
    assert compiled == []

    (templates / "page.j2").write_text("Kính gửi {{ name }}", encoding="utf-8")
    third = fresh_environment(templates)
    compiled = compiled_by(third)
    assert third.get_template("page.j2").render(name="Quảng Nam") == "Kính gửi Quảng Nam"
    assert compiled == ["page.j2"]


def test_a_damaged_compiled_template_is_compiled_again(templates, tmp_path):
    fresh_environment(templates).get_template("page.j2")
    (saved,) = (tmp_path / "cache" / "briefing" / "templates").iterdir()
    saved.write_bytes(saved.read_bytes()[:40])
    environment = fresh_environment(templates)
    compiled = compiled_by(environment)
    assert environment.get_template("page.j2").render(name="Kon Tum") == "Xin chào Kon Tum"
    assert compiled == ["page.j2"]


def test_no_cache_is_kept_in_a_protected_folder(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(content / "cache"))
    monkeypatch.setattr(usercache, "_protected", set())
    usercache.protect(content)
    folder = usercache.cache_folder()
    assert folder is None or not folder.resolve().is_relative_to(content.resolve())
    assert not (content / "cache").exists()


@pytest.mark.parametrize("name", ["weasyprint", "pydantic", "pyyaml", "PyYAML", "underthesea", "fontpkg-spectral"])
def test_installed_versions_are_those_pip_recorded(name):
    assert Version(version(name)) == Version(metadata.version(name))


def test_a_library_not_installed_has_no_version():
    assert version("no-such-library-here") == "-"


def test_the_cycle_collector_runs_again_after_a_build_good_or_bad(content_copy, tmp_path):
    assert gc.isenabled()
    build(BuildOptions(content=content_copy, output=tmp_path / "a.pdf"))
    assert gc.isenabled()
    (content_copy / "kon-tum.yaml").write_text("provinces: [", encoding="utf-8")
    with pytest.raises(ContentError):
        build(BuildOptions(content=content_copy, output=tmp_path / "b.pdf"))
    assert gc.isenabled()


# --- a cache no one else can plant (issue 27) ---------------------------------------------


def planted_template(environment: Environment, templates, path, marker) -> None:
    """A compiled template for page.j2, valid for Jinja, whose code writes ``marker`` when it is loaded."""
    source = (templates / "page.j2").read_text(encoding="utf-8")
    bucket = environment.bytecode_cache.get_bucket(environment, "page.j2", str(templates / "page.j2"), source)
    bucket.code = compile(f"open({str(marker)!r}, 'w').close()", "page.j2", "exec")
    path.write_bytes(bucket.bytecode_to_string())


def test_a_cache_folder_others_can_write_to_is_not_used_and_said_once(tmp_path, monkeypatch, capsys):
    unusable = tmp_path / "not-a-folder"
    unusable.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(unusable))  # the user's cache cannot be used: the fallback is tried
    monkeypatch.setattr(usercache.tempfile, "tempdir", str(tmp_path))
    shared = tmp_path / f"briefing-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)  # as another user could have made it before us
    monkeypatch.setattr(usercache, "_refused", set())
    assert usercache.cache_folder() is None
    assert usercache.cache_folder() is None
    err = capsys.readouterr().err
    assert err.count(f"Không dùng thư mục đệm {shared}: không phải thư mục riêng của người dùng này") == 1


@pytest.mark.skipif(os.getuid() != 0, reason="making a file another user owns needs root")
def test_a_compiled_template_another_user_put_there_never_runs(templates, tmp_path):
    fresh_environment(templates).get_template("page.j2")  # the user's own cache, with the compiled template
    (saved,) = (tmp_path / "cache" / "briefing" / "templates").iterdir()
    marker = tmp_path / "ran"
    environment = fresh_environment(templates)
    planted_template(environment, templates, saved, marker)
    os.chown(saved, 65534, 65534)  # nobody's
    compiled = compiled_by(environment)
    assert environment.get_template("page.j2").render(name="Kon Tum") == "Xin chào Kon Tum"
    assert compiled == ["page.j2"] and not marker.exists()


def test_the_planted_template_would_run_if_it_were_read(templates, tmp_path):
    # The test above fails for the right reason: the same file, the user's own, is loaded and run.
    fresh_environment(templates).get_template("page.j2")
    (saved,) = (tmp_path / "cache" / "briefing" / "templates").iterdir()
    marker = tmp_path / "ran"
    environment = fresh_environment(templates)
    planted_template(environment, templates, saved, marker)
    with contextlib.suppress(Exception):
        environment.get_template("page.j2").render(name="Kon Tum")
    assert marker.exists()
