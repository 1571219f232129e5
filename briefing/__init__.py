"""Print-briefing generator: structured content → Vietnamese PDF booklet."""

__version__ = "0.1.0"
