"""argparse speaking Vietnamese: usage, errors and help headings.

argparse marks every text it prints with gettext (``_('usage: ')``,
``_('the following arguments are required: %s')``, …) and looks ``_`` up in
its module each time. ``BriefingParser`` binds that name to ``CATALOGUE``, a
gettext translation keyed by argparse's own msgids, for as long as one of its
methods runs, then puts the original back. Translating before the message is
formatted is why this is the robust choice: flags, values and file names are
substituted into a Vietnamese template, never pattern-matched out of an English
sentence, and every path to the terminal (errors, ``ArgumentError``, the help
action, group titles) is covered by the one table. Other parsers in the same
process (pytest's, for one) keep their English. A Python release that changes a
msgid makes tests/test_cli_language.py fail, not an operator read English.
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps

# argparse's msgids (Python 3.11), each with what an operator reads instead.
MESSAGES = {
    "usage: ": "cách dùng: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "not allowed with argument %s": "không dùng cùng %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "%(option)s có thể là nhiều tùy chọn (%(matches)s); hãy viết đủ tên"
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn “%(value)s”; chọn một trong: %(choices)s",
    "invalid %(type)s value: %(value)r": "giá trị “%(value)s” không hợp lệ",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ignored explicit argument %r": "không nhận giá trị (đã ghi “%s”)",
    "unexpected option string: %s": "không chờ tùy chọn %s ở đây",
    "can't open '%(filename)s': %(error)s": "không mở được “%(filename)s”: %(error)s",
    'argument "-" with mode %r': "tham số “-” với chế độ %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh “%(parser_name)s”; chọn một trong: %(choices)s"
    ),
    # Mistakes in a parser's definition, raised while it is built: a developer reads these.
    ".__call__() not defined": ".__call__() chưa được định nghĩa",
    "'required' is an invalid argument for positionals": "tham số vị trí không nhận 'required'",
    "mutually exclusive arguments must be optional": "các tham số loại trừ nhau phải là tùy chọn",
    "%r is not callable": "%r không gọi được",
    "cannot merge actions - two groups are named %r": "không gộp được: hai nhóm cùng tên %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng một ký tự trong %(prefix_chars)r"
    ),
    "dest= is required for options like %r": "tùy chọn như %r cần dest=",
    "invalid conflict_resolution value: %r": "conflict_resolution không hợp lệ: %r",
    "cannot have multiple subparser arguments": "chỉ được có một nhóm lệnh",
    "conflicting subparser: %s": "trùng lệnh: %s",
    "conflicting subparser alias: %s": "trùng tên gọi khác của lệnh: %s",
}
# ngettext's: (singular, plural) -> the one Vietnamese form.
PLURALS = {
    ("expected %s argument", "expected %s arguments"): "cần %s giá trị",
    ("conflicting option string: %s", "conflicting option strings: %s"): "trùng tùy chọn: %s",
}


class Catalogue(gettext.NullTranslations):
    """A gettext translation held in the two tables above; unknown msgids pass through."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return PLURALS.get((singular, plural), singular if n == 1 else plural)


CATALOGUE = Catalogue()


@contextmanager
def vietnamese() -> Iterator[None]:
    """argparse's texts in Vietnamese while the block runs."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = CATALOGUE.gettext, CATALOGUE.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_vietnamese(method):
    @wraps(method)
    def wrapper(*args, **kwargs):
        with vietnamese():
            return method(*args, **kwargs)

    return wrapper


def whole_number(text: str) -> int:
    """``type=int`` with the error in Vietnamese (argparse would name the Python type: “invalid int value”)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"phải là một số nguyên, không phải “{text}”") from None


def summary_of(parser: argparse.ArgumentParser) -> str:
    """The command in one line: its ``summary``, else the first sentence of its description."""
    return getattr(parser, "summary", "") or (parser.description or "").split(". ")[0].rstrip(".")


class BriefingParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every text is Vietnamese; exits 2 on a usage error, as argparse does.

    ``summary``: the command in one line, for the list of commands. ``commands``: called when
    the help is printed, returns ``(name, summary)`` pairs listed under “lệnh”.
    """

    def __init__(
        self,
        *args,
        summary: str = "",
        commands: Callable[[], Sequence[tuple[str, str]]] | None = None,
        **kwargs,
    ) -> None:
        with vietnamese():
            super().__init__(*args, **kwargs)
        self.summary = summary
        self.commands = commands
        self.register("type", int, whole_number)

    # Every way in from outside: parsing, printing help or usage, reporting an error.
    parse_args = _in_vietnamese(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_vietnamese(argparse.ArgumentParser.parse_known_args)
    parse_intermixed_args = _in_vietnamese(argparse.ArgumentParser.parse_intermixed_args)
    parse_known_intermixed_args = _in_vietnamese(argparse.ArgumentParser.parse_known_intermixed_args)
    format_usage = _in_vietnamese(argparse.ArgumentParser.format_usage)
    error = _in_vietnamese(argparse.ArgumentParser.error)

    @_in_vietnamese
    def format_help(self) -> str:
        """argparse's help, with the list of commands after the description."""
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups)
        formatter.add_text(self.description)
        if self.commands:
            formatter.start_section("lệnh")
            formatter.add_text("Không ghi lệnh là build. Xem tùy chọn của từng lệnh: %(prog)s LỆNH --help.")
            formatter.add_arguments(
                [
                    argparse.Action(option_strings=[], dest=name, help=summary.replace("%", "%%"))
                    for name, summary in self.commands()
                ]
            )
            formatter.end_section()
        for group in self._action_groups:
            formatter.start_section(group.title)
            formatter.add_text(group.description)
            formatter.add_arguments(group._group_actions)
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()
