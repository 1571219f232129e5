#!/usr/bin/env python3
"""Build the briefing booklet. Run ``python build.py --help`` for options."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
