"""Content is read as YAML 1.2 (issue 27): what YAML 1.1 took for a number, a time or true is text, and a
field that must be a number says what was meant; nothing prints 320 copies for a print run of 0500."""

from __future__ import annotations

import pytest
from conftest import edit, fill_colophon

from briefing.content.folder import load_booklet
from briefing.content.yamlsource import parse_yaml
from briefing.problems import ContentError


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0500", "“0500”: số không viết số 0 ở đầu; ghi 500"),  # YAML 1.1: octal, 320
        ("18:00", "“18:00” không phải một con số (đọc như giờ, phút); ghi một số nguyên"),  # 1.1: 1080
        ("0x10", "“0x10” không phải một con số; ghi số bằng chữ số, ví dụ 500"),  # 1.1: 16
        ("yes", "“yes” không phải một con số; ghi số bằng chữ số, ví dụ 500"),  # 1.1: true, 1 copy
        ("1.500", "“1.500”: ghi số liền, không có dấu chấm ngăn hàng nghìn: 1500"),
        ("6,5", "“6,5”: phần lẻ viết bằng dấu chấm, ví dụ 6.5"),
    ],
)
def test_a_print_run_yaml_1_1_read_as_a_number_is_an_error_saying_what_was_meant(content_copy, written, message):
    fill_colophon(content_copy)
    path = content_copy / "booklet.yaml"
    line = edit(path, "  print_run: 10\n", f"  print_run: {written}\n")
    with pytest.raises(ContentError) as refused:
        load_booklet(content_copy)
    assert [str(p) for p in refused.value.problems] == [f"{path}:{line}:14: colophon.print_run: {message}"]


def test_a_plain_number_and_a_date_are_still_read(content_copy):
    fill_colophon(content_copy)
    colophon = load_booklet(content_copy).meta.colophon
    assert colophon.print_run == 10 and str(colophon.deposit) == "2015-12-01"


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "18:00", "0500", "0x10", "1_000", "null"])
def test_text_yaml_1_1_would_have_turned_into_something_else_stays_text(text):
    document, problems = parse_yaml(f"name: {text}\n", "x.yaml")
    expected = None if text == "null" else text
    assert problems == [] and document.data == {"name": expected}
