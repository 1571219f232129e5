"""The README documents every command and every option of the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli import COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_and_its_options_are_documented(command):
    make_parser, _ = COMMANDS[command]
    if command != "build":  # the default command is written without its name
        assert f"build.py {command}" in README
    options = {o for action in make_parser()._actions for o in action.option_strings if o.startswith("--")}
    assert sorted(o for o in options if o not in README) == []
