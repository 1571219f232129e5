"""JSON Schemas of the content files, made from the pydantic models.

An editor with the YAML language server (VS Code's YAML extension, for one)
reads the schema a file names in its first line and checks and completes keys
as the officer types, with a Vietnamese description of each. The schemas say
what a file may hold as it is written, which is not quite the model:
``source`` may be left out of a quote and is inherited from the enclosing
mapping, and the province's ``slug`` is the file's name, not a key in it.
Cross-file checks (does this figure exist?) stay with ``build.py check``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as default
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from ..atomic import atomic_write
from ..confine import OUTSIDE, outside_content
from ..oserrors import reason
from ..problems import ContentError, Problem, display_path
from ..regular import read_regular
from . import descriptions
from .checks import BACKGROUND_FILE, BOOKLET_FILE, COMPARISON_FILE, ERRATA_FILE
from .model import Background, Comparison, Erratum, Meta, Province

SCHEMA_FOLDER = "schema"  # inside the content folder, so a copied folder keeps its schemas
DRAFT = "http://json-schema.org/draft-07/schema#"  # what the YAML language server reads best

# kind → (what the file holds, Vietnamese title)
KINDS: dict[str, tuple[Any, str]] = {
    "booklet": (Meta, f"Thông tin chung của tập tài liệu ({BOOKLET_FILE})"),
    "province": (Province, "Một tỉnh (tệp <tên-tỉnh>.yaml)"),
    "background": (Background, f"Bối cảnh ({BACKGROUND_FILE})"),
    "comparison": (Comparison, f"So sánh các tỉnh ({COMPARISON_FILE})"),
    "errata": (list[Erratum], f"Đính chính ({ERRATA_FILE})"),
}
FILE_KINDS = {
    BOOKLET_FILE: "booklet",
    BACKGROUND_FILE: "background",
    COMPARISON_FILE: "comparison",
    ERRATA_FILE: "errata",
}
SET_BY_LOADER = {("Province", "slug")}  # (declaring model, field): not written in the file
INHERITED = {("Quoted", "source")}  # may be left out: the loader fills it from the enclosing mapping


class MissingDescriptions(Exception):
    """Fields or models without a Vietnamese description (see ``descriptions.py``)."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(", ".join(names))


def kind_of(filename: str) -> str:
    """The kind of a content file by its name: any other YAML file is a province."""
    return FILE_KINDS.get(filename, "province")


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


MODELINE_START = "# yaml-language-server:"


def modeline(kind: str) -> str:
    """The first line of a content file of this kind: where its schema is, relative to the file."""
    return f"{MODELINE_START} $schema={SCHEMA_FOLDER}/{schema_file(kind)}"


def declaring_model(model: type[BaseModel], field: str) -> str:
    """The name of the model that declares ``field`` (``Figure.source`` is declared by ``Quoted``)."""
    for cls in model.__mro__:
        if field in getattr(cls, "__annotations__", {}):
            return cls.__name__
    return model.__name__


def describe(model: type[BaseModel], field: str | None = None) -> str | None:
    """The Vietnamese description of a model or one of its fields, or None if there is none."""
    if field is None:
        return descriptions.MODELS.get(model.__name__)
    own = model.model_fields[field].description
    return own or descriptions.FIELDS.get(f"{declaring_model(model, field)}.{field}")


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, told what the YAML files may hold and what each key means."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing: set[str] = set()

    def decimal_schema(self, schema) -> dict[str, Any]:
        # A number, not "a number or any string": the loader refuses "tám" where a figure belongs.
        json_schema: dict[str, Any] = {"type": "number"}
        self.update_with_validations(json_schema, schema, self.ValidationsMapping.numeric)
        return json_schema

    def field_title_should_be_set(self, schema) -> bool:
        return False  # English titles made from key names; the descriptions say it in Vietnamese

    def model_schema(self, schema) -> dict[str, Any]:
        json_schema = super().model_schema(schema)
        model: type[BaseModel] = schema["cls"]
        json_schema.pop("title", None)
        json_schema["additionalProperties"] = False  # a misspelt key is flagged, as check warns of it
        self._set(json_schema, describe(model), model.__name__)
        properties = json_schema.get("properties", {})
        required = json_schema.get("required", [])
        for field in list(properties):
            declared = (declaring_model(model, field), field)
            if declared in SET_BY_LOADER:
                del properties[field]
                required = [name for name in required if name != field]
                continue
            if declared in INHERITED:
                required = [name for name in required if name != field]
            properties[field] = self._described(properties[field], describe(model, field), f"{model.__name__}.{field}")
        if required:
            json_schema["required"] = required
        else:
            json_schema.pop("required", None)
        return json_schema

    def _described(self, json_schema: dict[str, Any], text: str | None, name: str) -> dict[str, Any]:
        if "$ref" in json_schema:  # draft-07 ignores keys beside $ref
            json_schema = {"allOf": [json_schema]}
        self._set(json_schema, text, name)
        return json_schema

    def _set(self, json_schema: dict[str, Any], text: str | None, name: str) -> None:
        if text is None:
            self.missing.add(name)
            json_schema.pop("description", None)  # never the English docstring
        else:
            json_schema["description"] = text


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file; raise ``MissingDescriptions`` if any is missing."""
    annotation, title = KINDS[kind]
    generators: list[_Generator] = []

    def generator(*args, **kwargs) -> _Generator:
        generators.append(_Generator(*args, **kwargs))
        return generators[-1]

    body = TypeAdapter(annotation).json_schema(schema_generator=generator)
    if generators[0].missing:
        raise MissingDescriptions(sorted(generators[0].missing))
    body.pop("title", None)
    definitions = body.pop("$defs", {})
    return {"$schema": DRAFT, "title": title, **body, "$defs": definitions}


def all_schemas() -> dict[str, str]:
    """File name → text of every schema, as ``build.py schema`` writes them."""
    missing: set[str] = set()
    texts = {}
    for kind in KINDS:
        try:
            texts[schema_file(kind)] = json.dumps(generate(kind), ensure_ascii=False, indent=2) + "\n"
        except MissingDescriptions as error:
            missing.update(error.names)
    if missing:
        raise MissingDescriptions(sorted(missing))
    return texts


@dataclass
class SchemaPlan:
    """Every file ``build.py schema`` will write, worked out before any is written."""

    folder: Path
    schemas: dict[str, bytes] = default(default_factory=dict)  # file name in ``folder`` → text
    modelines: dict[Path, bytes] = default(default_factory=dict)  # content file → its text with the first line


MODELINE_LIMIT = 10 * 1024 * 1024  # a content file is some kilobytes


def plan_schemas(content: Path) -> SchemaPlan:
    """What to write: the schemas into ``content/schema/``, and each YAML file's first line.

    Only those, and only inside the content folder: a ``schema`` folder that is a
    link, or a YAML file whose real path is elsewhere, is refused, as is a file
    that is not UTF-8. ``MissingDescriptions`` or ``ContentError`` (every problem) before anything is written.
    """
    texts = all_schemas()
    folder = content / SCHEMA_FOLDER
    problems = []
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or outside_content(content, folder))):
        message = "phải là thư mục thật trong thư mục nội dung (không phải liên kết hay tệp); xóa nó rồi chạy lại"
        problems.append(Problem(display_path(folder), 1, 1, "", message))
    plan = SchemaPlan(folder, {name: text.encode("utf-8") for name, text in texts.items()})
    for path in sorted(content.glob("*.yaml")):
        name = display_path(path)
        if outside_content(content, path):
            problems.append(Problem(name, 1, 1, "", OUTSIDE))
            continue
        if not path.is_file():
            continue
        try:
            data = read_regular(path.resolve(), MODELINE_LIMIT)
        except OSError as error:
            problems.append(Problem(name, 1, 1, "", f"không đọc được tệp ({reason(error)})"))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            problems.append(Problem(name, line, 1, "", "tệp không phải UTF-8; hãy lưu lại tệp với bảng mã UTF-8"))
            continue
        wanted = modeline(kind_of(path.name))
        first, _, rest = text.partition("\n")
        if first == wanted:
            continue
        if first.startswith(MODELINE_START):  # names another schema: replaced
            text = rest
        plan.modelines[path] = f"{wanted}\n{text}".encode()
    if problems:
        raise ContentError(problems)
    return plan


def write_plan(plan: SchemaPlan) -> tuple[list[Path], list[Path]]:
    """Write what ``plan_schemas`` decided, each file atomically; return the schemas and the files changed."""
    for name, data in plan.schemas.items():
        atomic_write(plan.folder / name, data)
    for path, data in plan.modelines.items():
        atomic_write(path.resolve(), data)  # a link inside the folder keeps pointing at its file
    return [plan.folder / name for name in plan.schemas], list(plan.modelines)
