"""A content folder with a third province: the sample content plus tests/fixtures/quang-nam.

The sample's files are read as data, the additions merged in, and the result
written back as YAML: the folder is test content, made anew for each test that
asks for it, so it cannot drift from the sample it extends.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from briefing.options import DEFAULT_CONTENT

FIXTURE = Path(__file__).parent / "fixtures" / "quang-nam"


def _read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def three_province_content(target: Path) -> Path:
    """Lạng Sơn, Kon Tum and Quảng Nam in ``target`` (created); returns it."""
    shutil.copytree(DEFAULT_CONTENT, target)
    shutil.copy(FIXTURE / "quang-nam.yaml", target / "quang-nam.yaml")
    for article in (FIXTURE / "sources").iterdir():
        shutil.copy(article, target / "sources" / article.name)
    additions = _read(FIXTURE / "additions.yaml")

    booklet = _read(target / "booklet.yaml")
    for key in ("provinces", "sources", "key_figures", "discussion"):
        booklet[key] += additions[key]
    _write(target / "booklet.yaml", booklet)

    background = _read(target / "background.yaml")
    background["documents"] += additions["documents"]
    for document in background["documents"]:
        document.update(additions["document_dates"].get(document["id"], {}))
    _write(target / "background.yaml", background)

    comparison = _read(target / "comparison.yaml")
    for row in comparison["rows"]:
        row["cells"]["quang-nam"] = additions["comparison"][row["aspect"]]
    _write(target / "comparison.yaml", comparison)
    return target
