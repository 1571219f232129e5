"""Vietnamese text hygiene, and the check command that reports it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, fill_colophon, line_of

from briefing.cli import main
from briefing.content.hygiene import noncanonical_numbers, other_style_words, traditional_tone
from briefing.content.legacy import detect_legacy


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("§¶ng Céng s¶n ViÖt Nam", ("TCVN3 (ABC)", "Đảng Cộng sản Việt Nam")),
        ("Xin chaøo", ("VNI", "Xin chào")),
        ("Ñaûng Coäng saûn Vieät Nam", ("VNI", "Đảng Cộng sản Việt Nam")),
        ("Häc tËp vµ lµm theo tÊm g\xad¬ng", ("TCVN3 (ABC)", "Học tập và làm theo tấm gương")),
        ("Ban Tuyªn gi¸o TØnh ñy", ("TCVN3 (ABC)", "Ban Tuyên giáo Tỉnh ủy")),
        ("Tænh uûy Laïng Sôn", ("VNI", "Tỉnh ủy Lạng Sơn")),  # also reads as TCVN3, but not as Vietnamese
    ],
)
def test_legacy_encodings_are_recognised_and_converted(pasted, expected):
    assert detect_legacy(pasted) == expected


@pytest.mark.parametrize(
    "text",
    ["Đảng Cộng sản Việt Nam", "Tỉnh ủy Lạng Sơn, khoá XI", "huyện Đăk Hà, xã Ia Xiêr", "1.080 m²", "HĐND, UBND"],
)
def test_unicode_vietnamese_is_left_alone(text):
    assert detect_legacy(text) is None


def test_source_articles_raise_no_false_alarm(content):
    for text in content.source_texts.values():
        assert detect_legacy(text) is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [("hoà", "hòa"), ("khoá", "khóa"), ("Uỷ", "Ủy"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("toả", "tỏa")],
)
def test_tone_moves_to_the_traditional_place(word, expected):
    assert traditional_tone(word) == expected


@pytest.mark.parametrize("word", ["hoàn", "quý", "Ủy", "hòa", "người", "khuyến"])
def test_words_already_right_are_unchanged(word):
    assert traditional_tone(word) == word


def test_check_real_content(capsys):
    # The sample's colophon is blank: check counts what a printed publication still lacks (tests/test_release.py).
    assert main(["check"]) == 0
    # The Kon Tum edition alone has one key figure: check notes the chapter it leaves out (not a warning).
    assert capsys.readouterr().out == (
        "content/booklet.yaml:149:3: key_figures: ghi chú: tài liệu riêng tỉnh Kon Tum không có chương "
        "“Những điểm chính”: chỉ có 1 số liệu nổi bật, cần ít nhất 2\n"
        "Nội dung hợp lệ (5 cảnh báo, 1 ghi chú).\n"
    )


def test_strict_check_asks_for_what_a_printed_publication_states(content_copy, capsys):
    # The sample leaves the colophon for the office to fill in: no invented permit numbers.
    path = content_copy / "booklet.yaml"
    lines = {
        field: line_of(path, f"  {field}:") for field in ("responsible", "print_run", "printer", "permit", "deposit")
    }
    assert main(["check", "--strict", "--content", str(content_copy)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:{lines['responsible']}:15: colophon.responsible: cảnh báo: chưa điền mục “Chịu trách nhiệm nội dung”; "
        "xuất bản phẩm in phát hành phải ghi ở trang cuối\n"
        f"{path}:{lines['print_run']}:13: colophon.print_run: cảnh báo: chưa điền mục “Số lượng in”; "
        "xuất bản phẩm in phát hành phải ghi ở trang cuối\n"
        f"{path}:{lines['printer']}:11: colophon.printer: cảnh báo: chưa điền mục “Nơi in”; "
        "xuất bản phẩm in phát hành phải ghi ở trang cuối\n"
        f"{path}:{lines['permit']}:10: colophon.permit: cảnh báo: "
        "chưa điền mục “Số quyết định hoặc giấy phép xuất bản”; xuất bản phẩm in phát hành phải ghi ở trang cuối\n"
        f"{path}:{lines['deposit']}:11: colophon.deposit: cảnh báo: chưa điền mục “Ngày nộp lưu chiểu”; "
        "xuất bản phẩm in phát hành phải ghi ở trang cuối\n"
        "Nội dung có 0 lỗi, 5 cảnh báo (--strict: cảnh báo cũng là lỗi).\n"
    )
    fill_colophon(content_copy)
    assert main(["check", "--strict", "--content", str(content_copy)]) == 0


def test_legacy_text_is_an_error_with_the_suggested_unicode(content_copy, capsys):
    path = content_copy / "booklet.yaml"
    line = edit(path, "issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn", "issuer: Ban Tuyªn gi¸o TØnh ñy L¹ng S¬n")
    assert main(["check", "--content", str(content_copy)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:{line}:9: issuer: chữ gõ bằng bảng mã cũ TCVN3 (ABC); "
        "đề nghị sửa thành: “Ban Tuyên giáo Tỉnh ủy Lạng Sơn”\n"
        "Nội dung có 1 lỗi.\n"
    )


def test_vni_text_is_an_error_too(content_copy, capsys):
    path = content_copy / "lang-son.yaml"
    line = edit(path, "name: Lạng Sơn\n", "name: Laïng Sôn\n")
    assert main(["check", "--content", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}:7: name: chữ gõ bằng bảng mã cũ VNI; đề nghị sửa thành: “Lạng Sơn”\n" in err


def test_style_warnings_pass_unless_strict(content_copy, tmp_path, capsys):
    fill_colophon(content_copy)
    path = content_copy / "kon-tum.yaml"
    line = edit(path, "role: Phó Bí thư Tỉnh ủy\n", "role: Phó Bí thư Tỉnh uỷ theo Chỉ thị 03/CT-TW\n")
    expected = (
        f"{path}:{line}:17: organisation.meetings[0].people[1].role: cảnh báo: số hiệu “03/CT-TW” viết chưa đúng "
        "chuẩn; viết “03-CT/TW”\n"
        f"{path}:{line}:17: organisation.meetings[0].people[1].role: cảnh báo: “uỷ” đặt dấu kiểu khác; "
        "viết “ủy” cho thống nhất cả tài liệu\n"
    )
    assert main(["check", "--content", str(content_copy)]) == 0
    assert capsys.readouterr().err == expected

    assert main(["check", "--strict", "--content", str(content_copy)]) == 1
    assert capsys.readouterr().err == expected + "Nội dung có 0 lỗi, 2 cảnh báo (--strict: cảnh báo cũng là lỗi).\n"

    output = tmp_path / "b.pdf"
    assert main(["--content", str(content_copy), "--output", str(output)]) == 0
    assert capsys.readouterr().err == expected
    assert main(["--strict", "--content", str(content_copy), "--output", str(tmp_path / "c.pdf")]) == 1
    assert not (tmp_path / "c.pdf").exists()


def test_quotes_keep_the_articles_own_spelling(content):
    # "nơi nào cấp uỷ" is verbatim from the Lạng Sơn article: not a style warning.
    assert any("cấp uỷ" in lesson.quote for lesson in content.province("lang-son").lessons)
    assert content.warnings == ()


def test_unknown_key_is_a_warning_and_the_build_goes_on(content_copy, capsys):
    fill_colophon(content_copy)  # its warnings are not this test's
    path = content_copy / "lang-son.yaml"
    line = edit(path, "name: Lạng Sơn\n", "name: Lạng Sơn\nnmae: Lạng Sơn\n")
    assert main(["check", "--content", str(content_copy)]) == 0
    assert capsys.readouterr().err == (
        f"{path}:{line + 1}:1: nmae: cảnh báo: trường không có trong mẫu nên bị bỏ qua; có phải ý là “name”?\n"
    )


def test_templates_follow_the_same_style():
    for template in (Path(__file__).resolve().parent.parent / "templates").glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert list(other_style_words(text)) == [], template.name
        assert list(noncanonical_numbers(text)) == [], template.name
