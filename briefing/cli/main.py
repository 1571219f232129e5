"""``build.py [COMMAND] …``: pick the command, parse its arguments, run it, and say how it ended.

Exit codes: 0 done (or content valid, or already up to date), 1 invalid content, a file to print
from while the colophon is incomplete, or a failed build, 2 usage error, 130 interrupted (Ctrl-C;
watch and serve end so, with 0); verify also 3: every file intact, some signer not traced to a
trust anchor. Which failure gives which code, and what is said, is failures.py's table.

Only light modules are imported before a command runs: whether a build is needed at all is
decided before WeasyPrint is loaded.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from .commands import COMMANDS
from .failures import Failing, Words, failed
from .language import vietnamese


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in COMMANDS else "build"
    make_parser, run = COMMANDS[command]
    parser = make_parser()
    try:
        with vietnamese():  # a command's parser made with plain argparse speaks Vietnamese too
            args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        force=True,
    )
    try:
        return run(args)
    except (Exception, KeyboardInterrupt) as error:
        return failed(error, Failing(parser.prog, args, getattr(run, "words", Words()), [command, *argv]))
