"""The command line: ``main(argv) -> int``, and the commands it knows."""

from .commands import COMMANDS, main

__all__ = ["COMMANDS", "main"]
