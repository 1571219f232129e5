"""The Vietnamese guide (docs/huong-dan): every task has a page, every command is shown, every link works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.cli import COMMANDS

GUIDE = Path(__file__).parent.parent / "docs" / "huong-dan"
PAGES = sorted(GUIDE.glob("*.md"))
# The tasks an office does, in its order (issue 19); the index lists them so.
TASKS = [
    "cai-dat.md", "bat-dau.md", "sua-noi-dung.md", "them-mot-tinh.md", "kiem-tra.md", "dung-va-xem-truoc.md",
    "ban-duyet.md", "in-an-va-nha-in.md", "ban-sao-va-ky-so.md", "gui-thu.md", "kiem-tra-ban-ky.md", "khi-co-loi.md",
]  # fmt: skip
LINK = re.compile(r"\]\(([^)#]+)(?:#[^)]*)?\)")


def test_the_index_lists_every_task_page_in_the_order_an_office_works():
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    assert [target for target in LINK.findall(index) if not target.startswith("..")] == TASKS
    assert {page.name for page in PAGES} == {"README.md", *TASKS}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_leads_to_a_file(page):
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if not target.startswith(("http://", "https://")):
            assert (page.parent / target).resolve().is_file(), f"{page.name}: {target}"


def test_every_command_is_shown_in_the_guide():
    guide = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    assert [command for command in COMMANDS if command != "build" and f"build.py {command}" not in guide] == []
    assert re.search(r"\.venv/bin/python build\.py\n", guide)  # the plain build, without a command
