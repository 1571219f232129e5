"""Every distribution command and flag is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli import COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["copies", "verify", "send"])
def test_command_and_its_flags_are_in_the_readme(command):
    make_parser, _ = COMMANDS[command]
    assert f"build.py {command}" in README
    flags = {flag for action in make_parser()._actions for flag in action.option_strings if flag.startswith("--")}
    missing = sorted(flag for flag in flags - {"--help", "--verbose"} if f"`{flag}" not in README)
    assert missing == []
