"""The version code ties the board's approval to the file printed: the review edition shows it on its
cover, in every page's margin and in its approval box; every sheet of a press proof and of an office
imposition made from the same files prints the same code in its job line."""

from __future__ import annotations

import re

import pypdfium2
from conftest import edit, version_of

CODE = re.compile(r"[mM]ã phiên bản:? ([0-9A-F]{4}-[0-9A-F]{4})")


def page_texts(path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def test_the_review_edition_shows_its_code_on_the_cover_every_page_and_the_approval_box(edition_pdf):
    pages = page_texts(edition_pdf("review-A5"))
    expected = version_of(edition="review")
    assert all(CODE.findall(text) == [expected] or CODE.findall(text) == [expected] * 2 for text in pages)
    assert "BẢN DUYỆT – KHÔNG PHÁT HÀNH Mã phiên bản: " + expected in pages[0]
    (approval,) = [text for text in pages if "Ý kiến duyệt" in text and "Người duyệt" in text]
    assert f"Mã phiên bản: {expected}. Tệp gửi nhà in và bản in văn phòng làm từ đúng bản này" in approval


def test_press_proof_and_office_imposition_carry_the_approved_code_on_every_sheet(variant_pdf, edition_pdf):
    approved = set(CODE.findall(" ".join(page_texts(edition_pdf("review-A5")))))
    assert len(approved) == 1
    for name in ("press", "imposed"):
        sheets = page_texts(variant_pdf(name))
        assert [set(CODE.findall(text)) for text in sheets] == [approved] * len(sheets), name


def test_the_reader_edition_prints_no_code(edition_pdf):
    assert not any("phiên bản" in text for text in page_texts(edition_pdf("reader-A5")))


def test_the_code_follows_the_files_and_the_edition_chosen_not_the_run(content_copy):
    def code(**options) -> str:
        return version_of(content=content_copy, **options)

    before = code()
    assert code() == before == code(edition="review") == code(variants=("press", "proof"))
    assert code(provinces=("kon-tum",)) != before
    assert code(paper="A4") != before
    edit(content_copy / "kon-tum.yaml", "label: được xây dựng từ", "label: được xây từ")
    assert code() != before


def test_the_code_covers_the_tools_own_code_and_the_libraries_that_set_the_pages(content_copy, tmp_path, monkeypatch):
    # Issue 27: two checkouts whose formatting code differed printed different covers under one code.
    from briefing.render import versionid

    before = version_of(content=content_copy)
    code = tmp_path / "formatting.py"
    code.write_text("FORMAT = 'tháng 12 năm 2015'\n", encoding="utf-8")
    monkeypatch.setattr(versionid, "tool_code", lambda: [*versionid.PACKAGE.glob("render/*.py"), code])
    ours = version_of(content=content_copy)
    code.write_text("FORMAT = 'tháng 12/2015'\n", encoding="utf-8")
    assert version_of(content=content_copy) != ours
    monkeypatch.undo()
    assert version_of(content=content_copy) == before

    real = versionid.version
    monkeypatch.setattr(versionid, "version", lambda name: "99.0" if name == "weasyprint" else real(name))
    assert version_of(content=content_copy) != before
    monkeypatch.setattr(versionid, "version", lambda name: "9.9" if name == "fontpkg-spectral" else real(name))
    assert version_of(content=content_copy) != before


def test_the_commands_and_distribution_code_do_not_change_the_code():
    from briefing.render.versionid import tool_code

    folders = {path.parent.name for path in tool_code()}
    assert {"briefing", "content", "render"} <= folders and not folders & {"cli", "distribute", "preview"}
