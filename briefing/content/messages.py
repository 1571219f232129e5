"""Validation errors in the operators' language: short, and saying how to fix."""

from __future__ import annotations

import datetime
from typing import Any


def _written(value: Any) -> str:
    """What the file says instead, as a phrase: “đang ghi "tám"”, “đang để trống”."""
    if isinstance(value, str):
        return f'đang ghi "{value[:80]}…"' if len(value) > 80 else f'đang ghi "{value}"'
    if value is None:
        return "đang để trống"
    if isinstance(value, (datetime.date, datetime.time)):
        return f"đang ghi {value.isoformat()}"
    if isinstance(value, dict):
        return "đang là một nhóm trường"
    if isinstance(value, list):
        return "đang là một danh sách"
    if isinstance(value, bool):
        return "đang ghi true" if value else "đang ghi false"
    return f"đang ghi {value!r}"


_MESSAGES = {
    "missing": lambda e: "thiếu trường bắt buộc; hãy thêm dòng này",
    "extra_forbidden": lambda e: "trường không có trong mẫu; kiểm tra lỗi gõ tên trường hoặc xóa dòng này",
    "decimal_parsing": lambda e: f"phải là một số ({_written(e['input'])})",
    "decimal_type": lambda e: f"phải là một số ({_written(e['input'])})",
    "int_parsing": lambda e: f"phải là một số nguyên ({_written(e['input'])})",
    "int_type": lambda e: f"phải là một số nguyên ({_written(e['input'])})",
    "greater_than_equal": lambda e: f"không được là số âm ({_written(e['input'])})",
    "string_type": lambda e: f"phải là một đoạn chữ ({_written(e['input'])})",
    "string_too_short": lambda e: "không được để trống",
    "string_pattern_mismatch": lambda e: (
        f"mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ lang-son ({_written(e['input'])})"
    ),
    "literal_error": lambda e: (
        f"phải là một trong: {e['ctx']['expected'].replace(' or ', ' hoặc ')} ({_written(e['input'])})"
    ),
    "date_type": lambda e: f"phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2014-05-19 ({_written(e['input'])})",
    "date_parsing": lambda e: f"phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2014-05-19 ({_written(e['input'])})",
    "date_from_datetime_parsing": lambda e: (
        f"phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2014-05-19 ({_written(e['input'])})"
    ),
    "list_type": lambda e: "phải là một danh sách (mỗi mục bắt đầu bằng “- ”)",
    "too_short": lambda e: "danh sách không được để trống",
    "model_type": lambda e: "phải là một nhóm trường dạng “tên: giá trị”",
    "model_attributes_type": lambda e: "phải là một nhóm trường dạng “tên: giá trị”",
    "dict_type": lambda e: "phải là một nhóm trường dạng “tên: giá trị”",
    "finite_number": lambda e: f"phải là một số hữu hạn ({_written(e['input'])})",
    "decimal_max_digits": lambda e: f"số quá dài (tối đa {e['ctx']['max_digits']} chữ số; {_written(e['input'])})",
    "decimal_max_places": lambda e: (
        f"quá nhiều chữ số sau dấu phẩy (tối đa {e['ctx']['decimal_places']}; {_written(e['input'])})"
    ),
    "decimal_whole_digits": lambda e: f"phần nguyên quá dài ({_written(e['input'])})",
    "int_from_float": lambda e: f"phải là một số nguyên, không có phần lẻ ({_written(e['input'])})",
    "int_parsing_size": lambda e: "số quá lớn",
    "float_parsing": lambda e: f"phải là một số ({_written(e['input'])})",
    "float_type": lambda e: f"phải là một số ({_written(e['input'])})",
    "bool_parsing": lambda e: f"phải là true hoặc false ({_written(e['input'])})",
    "bool_type": lambda e: f"phải là true hoặc false ({_written(e['input'])})",
    "greater_than": lambda e: f"phải lớn hơn {e['ctx']['gt']} ({_written(e['input'])})",
    "less_than": lambda e: f"phải nhỏ hơn {e['ctx']['lt']} ({_written(e['input'])})",
    "less_than_equal": lambda e: f"không được lớn hơn {e['ctx']['le']} ({_written(e['input'])})",
    "string_too_long": lambda e: f"quá dài (tối đa {e['ctx']['max_length']} ký tự)",
    "string_unicode": lambda e: "phải là chữ Unicode hợp lệ",
    "too_long": lambda e: f"danh sách quá dài (tối đa {e['ctx']['max_length']} mục)",
    "date_from_datetime_inexact": lambda e: f"chỉ ghi ngày, không ghi giờ ({_written(e['input'])})",
    "date_past": lambda e: f"phải là một ngày trong quá khứ ({_written(e['input'])})",
    "date_future": lambda e: f"phải là một ngày trong tương lai ({_written(e['input'])})",
    "datetime_type": lambda e: f"phải là ngày giờ dạng NĂM-THÁNG-NGÀY ({_written(e['input'])})",
    "datetime_parsing": lambda e: f"phải là ngày giờ dạng NĂM-THÁNG-NGÀY ({_written(e['input'])})",
    "url_parsing": lambda e: f"không phải địa chỉ web hợp lệ ({_written(e['input'])})",
    "url_type": lambda e: f"phải là một địa chỉ web ({_written(e['input'])})",
    "url_scheme": lambda e: f"địa chỉ web phải bắt đầu bằng http:// hoặc https:// ({_written(e['input'])})",
    "set_type": lambda e: "phải là một danh sách (mỗi mục bắt đầu bằng “- ”)",
    "tuple_type": lambda e: "phải là một danh sách (mỗi mục bắt đầu bằng “- ”)",
    "iterable_type": lambda e: "phải là một danh sách (mỗi mục bắt đầu bằng “- ”)",
    "enum": lambda e: f"phải là một trong: {e['ctx']['expected'].replace(' or ', ' hoặc ')} ({_written(e['input'])})",
    "none_required": lambda e: "phải để trống",
    "recursion_loop": lambda e: "dữ liệu tự tham chiếu chính nó",
    "union_tag_invalid": lambda e: f"loại không hợp lệ ({_written(e['input'])})",
    "union_tag_not_found": lambda e: "thiếu trường cho biết loại mục",
    # Our own validators raise ValueError with a Vietnamese text; pydantic prefixes it with "Value error, ".
    "value_error": lambda e: str(e["ctx"]["error"]) if "ctx" in e else "giá trị không hợp lệ",
    "assertion_error": lambda e: str(e["ctx"]["error"]) if "ctx" in e else "giá trị không hợp lệ",
}


def vietnamese_message(error: dict[str, Any]) -> str:
    """Turn one pydantic error into an operator-facing message."""
    explain = _MESSAGES.get(error["type"])
    if explain is None:  # a kind our schema does not produce today: still never English
        return f"giá trị không hợp lệ ở đây ({_written(error.get('input'))}; mã lỗi {error['type']})"
    return explain(error)


# What PyYAML (pure Python or libyaml) says for the slips officers make most.
_YAML_PROBLEMS = [
    (("mapping values are not allowed",), "dấu hai chấm “:” không đúng chỗ; kiểm tra thụt lề, "
     "hoặc đặt cả đoạn chữ có dấu hai chấm trong ngoặc kép"),
    (("found character '\\t'", "found a tab character"), "có ký tự Tab; chỉ dùng dấu cách để thụt lề"),
    (("found character that cannot start any token",), "có ký tự Tab hoặc ký tự lạ; chỉ dùng dấu cách để thụt lề"),
    (("found unexpected end of stream",), "tệp kết thúc giữa chừng; có thể thiếu dấu ngoặc kép đóng"),
    (("expected <block end>", "did not find expected '-' indicator", "did not find expected key"),
     "thụt lề không khớp với các dòng phía trên"),
    (("could not find expected ':'",), "thiếu dấu hai chấm “:” sau tên trường"),
    (("expected ',' or ']'",), "thiếu dấu “]” đóng danh sách"),
    (("expected ',' or '}'",), "thiếu dấu “}” đóng"),
    (("exceeded maximum nesting depth",), "lồng nhau quá sâu; nội dung chỉ cần vài tầng"),
    (("expected a single document",), "tệp chỉ được có một tài liệu; hãy xóa dòng “---” thứ hai và phần sau nó"),
    (("found undefined alias", "found undefined tag handle"), "có bí danh hoặc thẻ YAML không được dùng; hãy xóa"),
    (("found unknown escape character",), "chuỗi trong ngoặc kép có “\\” lạ; hãy dùng ngoặc đơn ‘…’ hoặc bỏ “\\”"),
]  # fmt: skip


def yaml_message(problem: str) -> str:
    """A YAML syntax problem, explained in Vietnamese when we know it."""
    for phrasings, explanation in _YAML_PROBLEMS:
        if any(phrase in problem for phrase in phrasings):
            return f"cú pháp YAML sai: {explanation}"
    return f"cú pháp YAML sai; kiểm tra dấu ngoặc, dấu hai chấm và thụt lề ở đây (chi tiết kỹ thuật: {problem})"
