"""Validation errors in the operators' language: short, and saying how to fix."""

from __future__ import annotations

from typing import Any


def _got(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "để trống"
    return repr(value)


_MESSAGES = {
    "missing": lambda e: "thiếu trường bắt buộc; hãy thêm dòng này",
    "extra_forbidden": lambda e: "trường không có trong mẫu; kiểm tra lỗi gõ tên trường hoặc xóa dòng này",
    "decimal_parsing": lambda e: f"phải là một số (got {_got(e['input'])})",
    "decimal_type": lambda e: f"phải là một số (got {_got(e['input'])})",
    "int_parsing": lambda e: f"phải là một số nguyên (got {_got(e['input'])})",
    "int_type": lambda e: f"phải là một số nguyên (got {_got(e['input'])})",
    "greater_than_equal": lambda e: f"không được là số âm (got {_got(e['input'])})",
    "string_type": lambda e: f"phải là một đoạn chữ (got {_got(e['input'])})",
    "string_too_short": lambda e: "không được để trống",
    "string_pattern_mismatch": lambda e: (
        f"mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ lang-son (got {_got(e['input'])})"
    ),
    "literal_error": lambda e: (
        f"phải là một trong: {e['ctx']['expected'].replace(' or ', ' hoặc ')} (got {_got(e['input'])})"
    ),
    "date_type": lambda e: f"phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2014-05-19 (got {_got(e['input'])})",
    "date_parsing": lambda e: f"phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2014-05-19 (got {_got(e['input'])})",
    "date_from_datetime_parsing": lambda e: (
        f"phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2014-05-19 (got {_got(e['input'])})"
    ),
    "list_type": lambda e: "phải là một danh sách (mỗi mục bắt đầu bằng “- ”)",
    "too_short": lambda e: "danh sách không được để trống",
    "model_type": lambda e: "phải là một nhóm trường dạng “tên: giá trị”",
    "model_attributes_type": lambda e: "phải là một nhóm trường dạng “tên: giá trị”",
    "dict_type": lambda e: "phải là một nhóm trường dạng “tên: giá trị”",
}


def vietnamese_message(error: dict[str, Any]) -> str:
    """Turn one pydantic error into an operator-facing message."""
    render = _MESSAGES.get(error["type"])
    return render(error) if render else error["msg"]


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
]  # fmt: skip


def yaml_message(problem: str) -> str:
    """A YAML syntax problem, explained in Vietnamese when we know it."""
    for phrasings, explanation in _YAML_PROBLEMS:
        if any(phrase in problem for phrase in phrasings):
            return f"cú pháp YAML sai: {explanation}"
    return f"cú pháp YAML sai ({problem})"
