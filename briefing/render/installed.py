"""The versions of installed libraries, read from their folders' names.

``importlib.metadata`` answers the same question but costs a cold build about
thirty milliseconds (its import, then a search per name); the installer names
every package's record ``NAME-VERSION.dist-info`` (the wheel format), so one
look at each folder on the import path tells every version at once.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

RECORD = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)\.(?:dist|egg)-info$")


def normalized(name: str) -> str:
    """A distribution name as packaging compares them: PyYAML is pyyaml, fontpkg_spectral is fontpkg-spectral."""
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def installed_versions() -> dict[str, str]:
    """Every distribution on the import path, by normalized name; the first found wins, as for imports."""
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if found := RECORD.match(entry):
                versions.setdefault(normalized(found["name"]), found["version"])
    return versions


def version(name: str) -> str:
    """The installed version of ``name``, or "-" if it is not installed."""
    return installed_versions().get(normalized(name), "-")
