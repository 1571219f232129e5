"""No English reaches an operator from the command line: argparse's usage, errors and help are Vietnamese."""

from __future__ import annotations

import argparse
import ast
import inspect
import re

import pytest

from briefing import cli
from briefing.cli import COMMANDS, main
from briefing.cli.language import MESSAGES, PLURALS, BriefingParser, summary_of


def argparse_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every text argparse passes to gettext, read from its source: ``_('…')`` and ``ngettext('…', '…', n)``."""
    singular, plural = set(), set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id == "_":
            (argument,) = node.args
            if isinstance(argument, ast.Call):  # _(kwargs.pop('title', 'subcommands')): the default is the msgid
                argument = argument.args[1]
            if isinstance(argument.value, str):
                singular.add(argument.value)
        elif node.func.id == "ngettext":
            plural.add((node.args[0].value, node.args[1].value))
    return singular, plural


SINGULAR, PLURAL = argparse_msgids()
# The English words of those texts, between their placeholders: “usage:”, “the following arguments are required:”…
ENGLISH = sorted(
    {
        fragment.strip()
        for msgid in SINGULAR | {text for pair in PLURAL for text in pair}
        for fragment in re.split(r"%\(\w+\)[rs]|%[rs]", msgid)
        if re.search(r"[a-z]{4}", fragment)
    }
)


def test_every_argparse_text_has_a_vietnamese_translation():
    assert sorted(SINGULAR - set(MESSAGES)) == []
    assert sorted(PLURAL - set(PLURALS)) == []
    assert "usage:" in ENGLISH and "the following arguments are required:" in ENGLISH  # the reading works


def usage_mistakes(command: str) -> list[list[str]]:
    """Every kind of usage error this command's options allow, each as the argv that makes it."""
    parser = COMMANDS[command][0]()
    options = [action for action in parser._actions if action.option_strings]
    positionals = [action for action in parser._actions if not action.option_strings]
    extra = ["a.pdf", "--thua"] if command == "verify" else [*(["a"] * len(positionals)), "thua"]
    mistakes = [["--khong-co-tuy-chon-nay"], extra]
    if any(action.required for action in parser._actions):
        mistakes.append([])
    for action in options:
        flag = action.option_strings[-1]
        if action.nargs == 0:
            mistakes.append([f"{flag}=có"])
            continue
        mistakes.append([flag])  # its value missing
        if action.choices:
            mistakes.append([flag, "không-có"])
        convert = parser._registry_get("type", action.type, action.type)
        try:
            convert("hai")
        except (argparse.ArgumentTypeError, TypeError, ValueError):
            mistakes.append([flag, "hai"])
    for group in parser._mutually_exclusive_groups:
        both = []
        for action in group._group_actions[:2]:
            both += [action.option_strings[-1]] if action.nargs == 0 else [action.option_strings[-1], "x"]
        mistakes.append(both)
    longs = [flag for action in options for flag in action.option_strings if flag.startswith("--")]
    for length in range(3, 6):
        prefixes = [flag[:length] for flag in longs]
        shared = next((p for p in prefixes if prefixes.count(p) > 1 and p not in longs), None)
        if shared:
            mistakes.append([shared, "x"])  # an abbreviation that fits more than one option
            break
    return mistakes


CASES = [(command, argv) for command in COMMANDS for argv in usage_mistakes(command)]


@pytest.mark.parametrize(("command", "argv"), CASES, ids=[" ".join([c, *a]) for c, a in CASES])
def test_usage_errors_are_vietnamese_and_exit_2(command, argv, capsys):
    assert main([command, *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    prog = COMMANDS[command][0]().prog
    lines = err.splitlines()
    assert lines[0].startswith(f"cách dùng: {prog} ")
    assert lines[-1].startswith(f"{prog}: lỗi: ")
    assert [english for english in ENGLISH if english.lower() in err.lower()] == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_is_vietnamese(command, capsys):
    assert main([command, "--help"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"cách dùng: {COMMANDS[command][0]().prog} ")
    assert re.search(r"\ntùy chọn:\n  -h, --help +in hướng dẫn này rồi thoát\n", out)
    assert [english for english in ENGLISH if english.lower() in out.lower()] == []


def error_of(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cách dùng: ")
    return err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["copies"], "build.py copies: lỗi: thiếu tham số bắt buộc: --recipients, --output-dir"),
        (["verify"], "build.py verify: lỗi: thiếu tham số bắt buộc: FILE.pdf"),
        (["--frobnicate", "x"], "build.py: lỗi: không hiểu tham số: --frobnicate x"),
        (["--paper", "B5"], "build.py: lỗi: --paper: không có lựa chọn “B5”; chọn một trong: 'A5', 'A4'"),
        (["--output"], "build.py: lỗi: --output: cần một giá trị"),
        (["--strict=có"], "build.py: lỗi: --strict: không nhận giá trị (đã ghi “có”)"),
        (
            ["--pr", "x"],
            "build.py: lỗi: --pr có thể là nhiều tùy chọn (--province, --print-marks, --press, --proof); "
            "hãy viết đủ tên",
        ),
        (
            ["copies", "--recipients", "r.csv", "--output-dir", "d", "--jobs", "hai"],
            "build.py copies: lỗi: --jobs: phải là một số nguyên, không phải “hai”",
        ),
        (
            ["send", "--copies", "d", "--smtp", "h", "--from", "a@b.vn", "--starttls", "--ssl"],
            "build.py send: lỗi: --ssl: không dùng cùng --starttls",
        ),
        (
            ["copies", "--recipients", "r.csv", "--output-dir", "d", "--sign", "k.p12", "--sign-pkcs11", "m.so"],
            "build.py copies: lỗi: --sign-pkcs11: không dùng cùng --sign",
        ),
    ],
)
def test_usage_error_messages(argv, message, capsys):
    assert error_of(argv, capsys) == message


def test_other_parsers_in_the_process_keep_their_language(capsys):
    assert main(["--paper", "B5"]) == 2
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage() == "usage: other [-h]\n"


def test_top_level_help_lists_every_command_with_its_summary(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    section = out.split("\nlệnh:\n", 1)[1].split("\n\ntùy chọn:\n", 1)[0]
    assert section.startswith("  Không ghi lệnh là build. Xem tùy chọn của từng lệnh: build.py LỆNH --help.\n")
    listed = re.findall(r"^  (\S+) +\S", section, re.MULTILINE)
    assert listed == ["Không", *COMMANDS]
    flat = " ".join(section.split())  # the summaries as wrapped to the terminal's width
    for name, (make_parser, _) in COMMANDS.items():
        summary = summary_of(make_parser())
        assert summary, name
        assert f" {name} {summary} " in f"{flat} "


def test_a_new_command_is_listed_without_touching_the_help(monkeypatch, capsys):
    def parser():
        return BriefingParser(prog="build.py thu", summary="thử một lệnh mới", description="Thử. Chi tiết khác.")

    monkeypatch.setitem(cli.COMMANDS, "thu", (parser, lambda args: 0))
    assert main(["--help"]) == 0
    assert re.search(r"^  thu +thử một lệnh mới$", capsys.readouterr().out, re.MULTILINE)


def test_a_command_on_plain_argparse_is_vietnamese_and_listed_by_its_first_sentence(monkeypatch, capsys):
    def parser():
        plain = argparse.ArgumentParser(prog="build.py thu", description="Thử một lệnh mới. Chi tiết khác.")
        plain.add_argument("--so", type=int, required=True)
        return plain

    monkeypatch.setitem(cli.COMMANDS, "thu", (parser, lambda args: 0))
    assert main(["--help"]) == 0
    assert re.search(r"^  thu +Thử một lệnh mới$", capsys.readouterr().out, re.MULTILINE)
    assert main(["thu", "--so", "hai"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "build.py thu: lỗi: --so: giá trị “hai” không hợp lệ"
    assert main(["thu"]) == 2
    assert capsys.readouterr().err == (
        "cách dùng: build.py thu [-h] --so SO\nbuild.py thu: lỗi: thiếu tham số bắt buộc: --so\n"
    )
