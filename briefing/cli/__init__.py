"""The command line: ``main(argv) -> int``, and the commands it knows."""

from .commands import COMMANDS
from .main import main

__all__ = ["COMMANDS", "main"]
