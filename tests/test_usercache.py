"""What a cold build keeps between runs and how it stays out of the way: compiled templates in the
user's cache, library versions read without importlib.metadata, the cycle collector paused only
while a booklet is made. (The word cache's own tests are in test_typesetting.py.)"""

from __future__ import annotations

import gc
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
