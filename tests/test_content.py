"""Loading and validating content: every problem, with file:line:col, at once."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from conftest import edit

from briefing.content.checks import numbers_in
from briefing.content.folder import load_booklet
from briefing.problems import ContentError


def problems_of(content_dir) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_booklet(content_dir)
    return [str(p) for p in caught.value.problems]


def test_real_content_is_valid_and_complete(content):
    assert [p.name for p in content.provinces] == ["Lạng Sơn", "Kon Tum"]
    assert len(content.figures) == 9  # every figure of the two articles; a requirement is not a figure
    assert {s.id for s in content.meta.sources if not s.is_record} == {"lang-son", "kon-tum"}
    # Public records cited for what the articles leave out: the directive's date, a quotation's author.
    assert {s.id for s in content.meta.sources if s.is_record} == {
        "nhan-dan-chi-thi-03", "thtg-so-ket-3-nam", "bqllang-dao-duc-can-bo"
    }  # fmt: skip
    assert content.source("kon-tum").author == "Thanh Tùng – Công Luận"


def test_figure_that_is_not_a_number(content_copy):
    line = edit(content_copy / "kon-tum.yaml", "        value: 8\n", "        value: tám\n")
    assert problems_of(content_copy) == [
        f'{content_copy / "kon-tum.yaml"}:{line}:16: models[0].figures[1].value: phải là một số (đang ghi "tám")'
    ]


def test_every_problem_in_every_file_is_reported_at_once(content_copy):
    ls = edit(content_copy / "lang-son.yaml", "        value: 716\n", "        value: -716\n")
    kt = edit(content_copy / "kon-tum.yaml", "    category: dang-vien\n", "    category: quan-doi\n")
    bg = edit(content_copy / "background.yaml", "    date: 2014-05-19 ", "    date: 19/05/2014 ")
    assert problems_of(content_copy) == sorted(
        [
            f"{content_copy / 'lang-son.yaml'}:{ls}:16: models[0].figures[0].value: "
            "không được là số âm (đang ghi -716)",
            f"{content_copy / 'kon-tum.yaml'}:{kt}:15: models[4].category: phải là một trong: "
            "'tiet-kiem', 'cong-dong', 'an-ninh', 'dang-vien' hoặc 'khac' (đang ghi \"quan-doi\")",
            f"{content_copy / 'background.yaml'}:{bg}:11: events[0].date: phải là ngày dạng NĂM-THÁNG-NGÀY, "
            'ví dụ 2014-05-19 (đang ghi "19/05/2014")',
        ]
    )


def test_missing_and_unknown_fields(content_copy):
    line = edit(content_copy / "booklet.yaml", "place: Lạng Sơn\n", "placе: Lạng Sơn\n")  # Cyrillic "е"
    path = content_copy / "booklet.yaml"
    # A missing field is reported where its mapping starts: the first key, after the comments.
    first_key = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("title:"))
    assert problems_of(content_copy) == [
        f"{path}:{first_key}:1: place: thiếu trường bắt buộc; hãy thêm dòng này",
        f"{path}:{line}:1: placе: cảnh báo: trường không có trong mẫu nên bị bỏ qua; có phải ý là “place”?",
    ]


def test_duplicate_key_is_an_error(content_copy):
    path = content_copy / "lang-son.yaml"
    line = edit(path, "name: Lạng Sơn\n", "name: Lạng Sơn\nname: Lạng Sơn 2\n")
    assert problems_of(content_copy) == [
        f"{path}:{line + 1}:1: name: khóa bị lặp (đã có ở dòng {line}); hãy xóa hoặc gộp một trong hai"
    ]


def test_yaml_syntax_error_has_a_position(content_copy):
    path = content_copy / "errata.yaml"
    line = edit(path, "- source: kon-tum\n  original: làm teo", "- source: kon-tum\n original: làm teo")
    assert problems_of(content_copy) == [
        f"{path}:{line + 1}:2: cú pháp YAML sai: thụt lề không khớp với các dòng phía trên"
    ]


def test_tab_indentation_is_explained(content_copy):
    path = content_copy / "booklet.yaml"
    line = edit(path, '  - "{tỉnh}"\n', '\t- "{tỉnh}"\n')
    assert problems_of(content_copy) == [
        f"{path}:{line}:1: cú pháp YAML sai: có ký tự Tab; chỉ dùng dấu cách để thụt lề"
    ]


def test_listed_province_without_a_file(content_copy):
    path = content_copy / "booklet.yaml"
    line = edit(path, "provinces: [lang-son, kon-tum]", "provinces: [lang-son, kon-tum, cao-bang]")
    assert problems_of(content_copy) == [
        f"{path}:{line}:32: provinces[2]: không có tệp cao-bang.yaml trong thư mục nội dung; tạo tệp hoặc sửa tên"
    ]


def test_quote_must_be_verbatim_from_its_source(content_copy):
    path = content_copy / "kon-tum.yaml"
    line = edit(path, "quote: xây dựng được 08 nhà tình nghĩa", "quote: xây dựng được 09 nhà tình nghĩa")
    assert problems_of(content_copy) == [
        f"{path}:{line}:16: models[0].figures[1].quote: câu trích không có nguyên văn trong nguồn “kon-tum”; "
        "chép lại đúng từng chữ từ bài gốc"
    ]


def test_figure_must_match_the_number_in_its_quote(content_copy):
    path = content_copy / "lang-son.yaml"
    line = edit(path, "        value: 93\n", "        value: 94\n")
    assert problems_of(content_copy) == [
        f"{path}:{line}:16: models[0].figures[1].value: con số 94 không có trong câu trích; "
        "sửa số hoặc trích đúng câu có số đó"
    ]


def test_broken_cross_references_name_both_places(content_copy):
    booklet = content_copy / "booklet.yaml"
    comparison = content_copy / "comparison.yaml"
    kf = edit(booklet, "  - kon-tum/nha-tinh-nghia\n", "  - kon-tum/nha-tinh-thuong\n")
    cm = edit(comparison, "[chi-hoi-phu-nu-tiet-kiem, xo-so-tiet-kiem]", "[chi-hoi-phu-nu-tiet-kiem, xo-so]")
    cm_column = comparison.read_text(encoding="utf-8").splitlines()[cm - 1].index("xo-so") + 1
    assert problems_of(content_copy) == sorted(
        [
            f"{booklet}:{kf}:5: key_figures[5]: không có số liệu “nha-tinh-thuong” trong kon-tum.yaml",
            f"{comparison}:{cm}:{cm_column}: rows[2].cells.kon-tum.models[1]: "
            "không có mô hình “xo-so” trong kon-tum.yaml",
        ]
    )


def test_erratum_must_exist_in_its_source(content_copy):
    path = content_copy / "errata.yaml"
    line = edit(path, "  original: làm teo\n", "  original: làm tèo\n")
    assert problems_of(content_copy) == [
        f"{path}:{line}:13: [15].original: không tìm thấy “làm tèo” trong nguồn “kon-tum”"
    ]


def test_decomposed_input_loads_identically(content_copy, content):
    for path in content_copy.glob("*.yaml"):
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert load_booklet(content_copy) == content


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("biểu dương 716 tập thể", {716}),
        ("đã hiến 1.080m2 đất", {1080}),
        ("trên 6,5 tỷ đồng", {Decimal("6.5"), 6_500_000_000}),
        ("được trên 300 triệu đồng", {300, 300_000_000}),
        ("xây dựng được 08 nhà", {8}),
    ],
)
def test_numbers_are_read_the_vietnamese_way(text, expected):
    assert numbers_in(text) == expected
