"""docs/reference/ is generated from the code and kept current: every command, flag and variant is in it."""

from __future__ import annotations

import re

import pytest

from briefing.cli import COMMANDS, reference
from briefing.cli import commands as cli
from briefing.variants import BY_NAME, VARIANTS

CLI = (reference.REFERENCE / "cli.md").read_text(encoding="utf-8")
VARIANTS_PAGE = (reference.REFERENCE / "variants.md").read_text(encoding="utf-8")


def test_committed_reference_is_current():
    assert reference.stale() == [], f"docs/reference/ đã cũ; chạy: {reference.REGENERATE}"


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_and_its_flags_are_in_the_reference(command):
    section = CLI.split(f"\n## {command}\n", 1)[1].split("\n## ", 1)[0]
    assert f"| [`{command}`](#{command}) |" in CLI
    assert "Mã thoát: " in section
    flags = {flag for action in COMMANDS[command][0]()._actions for flag in action.option_strings}
    missing = sorted(flag for flag in flags - {"-h", "--help"} if not re.search(rf"[`\s]{flag}[ ,`]", section))
    assert missing == []
    assert "`-h`, `--help`" in CLI


def test_a_flag_added_without_regenerating_is_caught(tmp_path, monkeypatch, capsys):
    assert reference.main(["--folder", str(tmp_path)]) == 0
    assert reference.main(["--check", "--folder", str(tmp_path)]) == 0
    capsys.readouterr()

    def check_parser_with_a_new_flag():
        parser = cli.check_parser()
        parser.add_argument("--tom-tat", action="store_true", help="in bản tóm tắt")
        return parser

    monkeypatch.setitem(COMMANDS, "check", (check_parser_with_a_new_flag, cli.run_check))
    assert reference.main(["--check", "--folder", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'cli.md'} đã cũ; chạy: .venv/bin/python -m briefing.cli.reference\n"

    assert reference.main(["--folder", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"Đã ghi {tmp_path / 'cli.md'}.\n"
    assert reference.main(["--check", "--folder", str(tmp_path)]) == 0
    assert "| `--tom-tat` | in bản tóm tắt |" in (tmp_path / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_variants_page_lists_every_variant_with_what_it_excludes(variant):
    row = next(line for line in VARIANTS_PAGE.splitlines() if line.startswith(f"| `{variant.option}` |"))
    excluded = {other for other, _ in variant.excludes}
    excluded |= {v.name for v in VARIANTS for other, _ in v.excludes if other == variant.name}
    for name in excluded:
        assert f"`{BY_NAME[name].flag}`" in row, name
    assert row.endswith("| có |") == variant.copies
    for other, why in variant.excludes:
        assert f"- `{variant.flag}` và `{BY_NAME[other].flag}`: {why}.\n" in VARIANTS_PAGE
