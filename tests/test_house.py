"""The package keeps its plan: each wing of briefing/ imports only its own and lower wings.

Lowest first: the shared pieces at the top of the package (options, variants, problems, the paper
table, …), then content/, render/, then distribute/ and preview/ (which never import each other),
then cli/. Every import is read with ast, those inside functions and those made only for type
checking too. And what decides, reads and serves never loads WeasyPrint: only laying pages out does.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RANKS = {"": 0, "content": 1, "render": 2, "distribute": 3, "preview": 3, "cli": 4}  # "": the top of the package
APART = {"distribute": "preview", "preview": "distribute"}
# Laying pages out is WeasyPrint's job: these modules do it, or stamp or finish what it laid out.
LAY_OUT_PAGES = {
    "briefing.render.pdf",
    "briefing.render.layout",
    "briefing.render.balance",
    "briefing.render.spacing",
    "briefing.render.stamp",
    "briefing.render.jobline",
    "briefing.render.impose",
    "briefing.render.press",
    "briefing.render.pagemark",
    "briefing.render.pipeline",
    "briefing.distribute.copies",
    "briefing.distribute.signature_stamp",
    "briefing.preview.watch",
}


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under ``root``, by dotted name."""
    found = {}
    for path in sorted((root / "briefing").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def wing(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else ""


def imported(module: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) for every module of the package that ``module`` imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, target))
            submodules = [f"{target}.{alias.name}" for alias in node.names]  # from . import words
            found += [(node.lineno, name) for name in submodules if name in known]
    return [(line, target) for line, target in found if target.split(".")[0] == "briefing"]


def trespasses(root: Path = PROJECT) -> list[str]:
    """Every import from a lower wing into a higher one, or between the two that stay apart."""
    known = modules(root)
    found = []
    for module, path in known.items():
        for line, target in imported(module, path, known):
            here, there = wing(module), wing(target)
            if RANKS[there] > RANKS[here] or APART.get(here) == there:
                where = path.relative_to(root)
                found.append(f"{where}:{line}: {module} ({here or 'top'}) imports {target} ({there or 'top'})")
    return found


def test_no_wing_imports_a_higher_one_and_distribute_and_preview_stay_apart():
    assert trespasses() == []


def test_every_folder_of_the_package_is_a_wing():
    folders = {path.name for path in (PROJECT / "briefing").iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert folders == set(RANKS) - {""}


def test_a_build_is_fingerprinted_with_the_code_of_every_wing():
    """Whether a booklet is up to date depends on all of the tool's code, wherever in the house it lives."""
    from briefing.render import freshness

    assert set(modules(PROJECT).values()) <= set(freshness.PACKAGE.rglob("*.py"))


def write(root: Path, module: str, text: str = "") -> None:
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in [path.parent, *path.parent.parents]:
        if folder == root:
            break
        (folder / "__init__.py").touch()
    path.write_text(text, encoding="utf-8")


def test_the_check_sees_an_import_up_even_inside_a_function_and_one_across(tmp_path):
    write(tmp_path, "briefing.options")
    write(tmp_path, "briefing.content.model", "from ..options import x\n")  # down: fine
    write(tmp_path, "briefing.render.html", "from ..content import model\n")  # down: fine
    write(tmp_path, "briefing.content.folder", "def load():\n    from ..render.html import fill\n")  # up
    write(tmp_path, "briefing.distribute.send", "import briefing.preview.site\n")  # across
    write(tmp_path, "briefing.preview.site", "from briefing import options\n")
    write(tmp_path, "briefing.variants", "from .cli import main\n")  # the top, up to the command line
    write(tmp_path, "briefing.cli.main", "from ..distribute import send\nfrom ..preview import site\n")
    assert trespasses(tmp_path) == [
        "briefing/content/folder.py:2: briefing.content.folder (content) imports briefing.render.html (render)",
        "briefing/distribute/send.py:1: briefing.distribute.send (distribute) imports briefing.preview.site (preview)",
        "briefing/variants.py:1: briefing.variants (top) imports briefing.cli (cli)",
        "briefing/variants.py:1: briefing.variants (top) imports briefing.cli.main (cli)",
    ]


def test_only_laying_pages_out_loads_weasyprint():
    """Importing what decides whether to build, reads content, lists, keys or copies, and serves the
    preview must not cost WeasyPrint's start-up: the first module that loads it is named."""
    light = [name for name in modules(PROJECT) if name not in LAY_OUT_PAGES]
    probe = (
        "import importlib, sys\n"
        f"for name in {light!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'weasyprint' in sys.modules:\n"
        "        print(name)\n"
        "        break\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert run.stdout == ""
    assert "briefing.content.schema" in light and "briefing.preview.webserver" in light  # what the issue named
