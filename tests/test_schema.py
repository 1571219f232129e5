"""JSON Schemas of the content files: they accept the real content, refuse bad values, stay current."""

from __future__ import annotations

import copy
import inspect
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from briefing.cli import main
from briefing.content import descriptions, model
from briefing.content.schema import KINDS, SCHEMA_FOLDER, all_schemas, declaring_model, kind_of, modeline, schema_file
from briefing.options import DEFAULT_CONTENT


class Yaml12Loader(yaml.SafeLoader):
    """Reads dates as text, as YAML 1.2 and the YAML language server do (PyYAML's 1.1 makes date objects)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((DEFAULT_CONTENT / SCHEMA_FOLDER / schema_file(kind)).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def errors(kind: str, data) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in validator(kind).iter_errors(data))


def read(name: str):
    return yaml.load((DEFAULT_CONTENT / name).read_text(encoding="utf-8"), Loader=Yaml12Loader)


CONTENT_FILES = sorted(path.name for path in DEFAULT_CONTENT.glob("*.yaml"))


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_real_content_is_valid_and_names_its_schema(name):
    kind = kind_of(name)
    assert (DEFAULT_CONTENT / name).read_text(encoding="utf-8").split("\n", 1)[0] == modeline(kind)
    assert errors(kind, read(name)) == []


def test_every_kind_of_file_is_in_the_real_content():
    assert {kind_of(name) for name in CONTENT_FILES} == set(KINDS)


@pytest.fixture
def province():
    return read("kon-tum.yaml")


def test_a_string_where_a_number_belongs_is_refused(province):
    province["models"][0]["figures"][0]["value"] = "tám"
    assert errors("province", province) == ["models/0/figures/0/value: type"]


def test_an_unknown_category_is_refused(province):
    province["models"][0]["category"] = "tiet-kiem-dien"
    assert errors("province", province) == ["models/0/category: enum"]


def test_a_misspelt_key_and_a_bad_date_are_refused():
    booklet = read("booklet.yaml")
    booklet["titel"] = booklet.pop("title")
    booklet["date"] = "2026-13-40"
    assert errors("booklet", booklet) == [": additionalProperties", ": required", "date: format"]


def test_source_is_inherited_inside_a_province_but_the_province_must_name_one(province):
    figure = province["models"][0]["figures"][0]
    assert "source" not in figure  # taken from the province, as the loader does
    missing = copy.deepcopy(province)
    del missing["source"]
    assert errors("province", missing) == [": required"]
    figure["source"] = "Không Phải Mã"
    assert errors("province", province) == ["models/0/figures/0/source: pattern"]


def test_the_province_slug_comes_from_the_file_name_not_the_file(province):
    province["slug"] = "kon-tum"
    assert errors("province", province) == [": additionalProperties"]


def schema_files(content: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in (content / SCHEMA_FOLDER).iterdir()}


def test_the_committed_schemas_are_what_build_py_schema_writes(content_copy, capsys, monkeypatch):
    committed = schema_files(DEFAULT_CONTENT)
    assert committed == all_schemas()
    monkeypatch.chdir(content_copy.parent)
    for path in (content_copy / SCHEMA_FOLDER).iterdir():
        path.unlink()
    assert main(["schema", "--content", "content"]) == 0
    assert capsys.readouterr().out == "Đã ghi 5 lược đồ vào content/schema.\n"  # and no content file changed
    assert schema_files(content_copy) == committed


def test_schema_adds_the_first_line_to_files_without_it(content_copy, capsys, monkeypatch):
    monkeypatch.chdir(content_copy.parent)
    province = content_copy / "kon-tum.yaml"
    text = province.read_text(encoding="utf-8")
    province.write_text(text.split("\n", 1)[1], encoding="utf-8")
    (content_copy / "comparison.yaml").write_text(
        "# yaml-language-server: $schema=old.json\n" + (content_copy / "comparison.yaml").read_text().split("\n", 1)[1]
    )
    assert main(["schema", "--content", "content"]) == 0
    assert capsys.readouterr().out == (
        "Đã ghi 5 lược đồ vào content/schema.\n"
        "Đã thêm dòng lược đồ vào đầu content/comparison.yaml.\n"
        "Đã thêm dòng lược đồ vào đầu content/kon-tum.yaml.\n"
    )
    assert province.read_text(encoding="utf-8") == text
    assert main(["build", "--content", "content", "--output", "out.pdf"]) == 0  # the comment changes nothing else


BASES = (model.Content, model.Quoted, model.EventFacts)  # declare shared fields; never a value of their own


def content_models() -> list[type[BaseModel]]:
    return [
        cls
        for _, cls in inspect.getmembers(model, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__ and cls not in BASES
    ]


def test_every_model_and_field_has_a_vietnamese_description():
    missing = [cls.__name__ for cls in content_models() if cls.__name__ not in descriptions.MODELS]
    missing += [
        f"{cls.__name__}.{field}"
        for cls in [*content_models(), *BASES[1:]]
        for field in cls.model_fields
        if declaring_model(cls, field) == cls.__name__
        and not (cls.model_fields[field].description or f"{cls.__name__}.{field}" in descriptions.FIELDS)
    ]
    assert missing == [], "add them to briefing/content/descriptions.py"


def test_no_description_of_a_field_that_is_gone():
    models = [*content_models(), *BASES[1:]]
    declared = {f"{cls.__name__}.{field}" for cls in models for field in cls.__annotations__}
    assert sorted(set(descriptions.FIELDS) - declared) == []
    assert sorted(set(descriptions.MODELS) - {cls.__name__ for cls in content_models()}) == []


def test_a_missing_description_writes_no_schema(tmp_path, capsys, monkeypatch):
    monkeypatch.delitem(descriptions.FIELDS, "Figure.label")
    monkeypatch.delitem(descriptions.MODELS, "Source")
    (tmp_path / "content").mkdir()
    assert main(["schema", "--content", str(tmp_path / "content")]) == 1
    assert capsys.readouterr().err == (
        "Thiếu mô tả tiếng Việt cho: Figure.label, Source. Thêm vào briefing/content/descriptions.py; "
        "chưa ghi lược đồ nào.\n"
    )
    assert list((tmp_path / "content").iterdir()) == []


def test_every_description_is_in_the_schemas():
    texts = "".join(all_schemas().values())
    for text in [*descriptions.MODELS.values(), *descriptions.FIELDS.values()]:
        if text != descriptions.FIELDS["Province.slug"]:  # the loader sets it: not in the file
            assert json.dumps(text, ensure_ascii=False) in texts


def test_missing_content_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["schema", "--content", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("build.py schema: lỗi: không có thư mục nội dung ")


# --- schema writes only its own files, inside the content folder, all or nothing ---


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_province_file_linking_outside_is_neither_read_nor_copied_in(content_copy, tmp_path, capsys):
    secret = tmp_path / "secret.yaml"
    secret.write_text("mật: khẩu\n", encoding="utf-8")
    (content_copy / "kon-tum.yaml").unlink()
    (content_copy / "kon-tum.yaml").symlink_to(secret)
    before = snapshot(content_copy)
    assert main(["schema", "--content", str(content_copy)]) == 1
    assert capsys.readouterr().err == (
        f"{content_copy / 'kon-tum.yaml'}:1:1: tệp nằm ngoài thư mục nội dung (qua liên kết tượng trưng); "
        "hãy chép tệp thật vào thư mục nội dung\n"
        "Chưa ghi lược đồ nào, chưa sửa tệp nào.\n"
    )
    assert snapshot(content_copy) == before
    assert (content_copy / "kon-tum.yaml").is_symlink() and secret.read_text(encoding="utf-8") == "mật: khẩu\n"


def test_a_schema_folder_linking_outside_is_not_written_through(content_copy, tmp_path, capsys):
    import shutil

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(content_copy / SCHEMA_FOLDER)
    (content_copy / SCHEMA_FOLDER).symlink_to(outside)
    assert main(["schema", "--content", str(content_copy)]) == 1
    assert capsys.readouterr().err == (
        f"{content_copy / SCHEMA_FOLDER}:1:1: phải là thư mục thật trong thư mục nội dung "
        "(không phải liên kết hay tệp); xóa nó rồi chạy lại\n"
        "Chưa ghi lược đồ nào, chưa sửa tệp nào.\n"
    )
    assert list(outside.iterdir()) == []


def test_a_file_that_is_not_utf8_stops_it_before_anything_is_written(content_copy, capsys):
    province = content_copy / "kon-tum.yaml"
    province.write_bytes(province.read_bytes().split(b"\n", 1)[1].replace(b"Kon Tum", "Kon T\xfbm".encode("cp1258")))
    (content_copy / "background.yaml").write_bytes((content_copy / "background.yaml").read_bytes().split(b"\n", 1)[1])
    for path in (content_copy / SCHEMA_FOLDER).iterdir():
        path.unlink()
    before = snapshot(content_copy)
    assert main(["schema", "--content", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{province}:")
    assert err.endswith(
        ": tệp không phải UTF-8; hãy lưu lại tệp với bảng mã UTF-8\nChưa ghi lược đồ nào, chưa sửa tệp nào.\n"
    )
    assert snapshot(content_copy) == before  # no schema written, background.yaml not given its line


def test_schema_never_writes_into_the_tools_own_folders(capsys):
    samples = Path(__file__).resolve().parent.parent / "samples"
    assert main(["schema", "--content", str(samples)]) == 2
    assert capsys.readouterr().err == (
        f"build.py schema: lỗi: --content {samples / SCHEMA_FOLDER}: không được ghi vào thư mục tệp mẫu (samples) "
        f"({samples.resolve()}); hãy chọn nơi khác, ví dụ dist/\n"
    )
    assert not (samples / SCHEMA_FOLDER).exists()


def test_a_schema_folder_that_cannot_be_written_is_said_in_vietnamese(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "schema").write_text("not a folder", encoding="utf-8")
    assert main(["schema", "--content", str(tmp_path / "content")]) == 1
    where = tmp_path / "content" / "schema"
    assert capsys.readouterr().err == (
        f"{where}:1:1: phải là thư mục thật trong thư mục nội dung (không phải liên kết hay tệp); xóa nó rồi chạy lại\n"
        "Chưa ghi lược đồ nào, chưa sửa tệp nào.\n"
    )  # found before anything is written
