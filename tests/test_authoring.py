"""Adding a province in minutes: ``new-province`` and ``draft`` (issue 15)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from briefing.cli import main
from briefing.content.checks import normalise_space
from briefing.content.draft import draft
from briefing.content.folder import load_booklet
from briefing.options import BuildOptions
from briefing.render.pipeline import build

ARTICLES = Path(__file__).parent / "fixtures" / "quang-nam" / "sources"
AWARDS = ARTICLES / "quang-nam-khen-thuong.txt"
REVIEW = ARTICLES / "quang-nam-bo-phan-giup-viec.txt"

# Every sentence of the test articles that carries a figure, with the figures it carries; a duration
# ("6 tháng", "3 năm") is a period, not a figure, and an award's counts are the award's (issue 25).
NUMBER_BEARING = {
    AWARDS: {
        "Quảng Nam khen thưởng 46 tập thể, cá nhân sau ba năm làm theo gương Bác": [(46, "tập thể, cá nhân")],
    },
    REVIEW: {
        "Bộ phận giúp việc cũng hoàn thành hồ sơ đề nghị Trung ương biểu dương, khen thưởng 2 tập thể và 3 cá nhân "
        "tiêu biểu trong học tập và làm theo tấm gương đạo đức Hồ Chí Minh.": [(2, "tập thể"), (3, "cá nhân")],
    },
}


def drafted(article: Path, source: str | None = None) -> dict:
    code_output = draft(article.read_text(encoding="utf-8"), source)
    from briefing.content.draft import as_yaml

    return yaml.safe_load(as_yaml(code_output, article.name))


@pytest.mark.parametrize("article", [AWARDS, REVIEW], ids=lambda p: p.stem)
def test_every_number_bearing_sentence_is_a_figure_with_a_verbatim_quote(article):
    text = normalise_space(article.read_text(encoding="utf-8"))
    figures = drafted(article)["figures"]
    found = [(int(f["value"]), f["unit"]) for f in figures]
    assert found == [figure for expected in NUMBER_BEARING[article].values() for figure in expected]
    for figure in figures:
        assert normalise_space(figure["quote"]) in text
        assert any(normalise_space(figure["quote"]) in sentence for sentence in NUMBER_BEARING[article])


def test_values_are_read_the_vietnamese_way(tmp_path):
    article = tmp_path / "bai.txt"
    article.write_text("Hội đã hiến 1.080m2 đất. Hội tiết kiệm được trên 6,5 tỷ đồng. Xây 08 nhà.", encoding="utf-8")
    figures = drafted(article)["figures"]
    assert [(Decimal(str(f["value"])), f["unit"], f.get("qualifier")) for f in figures] == [
        (Decimal(1080), "m²", None),
        (Decimal(6_500_000_000), "đồng", "trên"),
        (Decimal(8), "nhà", None),
    ]


def test_people_are_named_with_their_titles():
    assert drafted(REVIEW)["people"] == [
        {
            "name": "Ngô Văn Hùng",
            "role": "Trưởng ban Tuyên giáo Tỉnh ủy, kiêm Trưởng Bộ phận giúp việc Tỉnh ủy",
            "quote": "Đồng chí Ngô Văn Hùng - Trưởng ban Tuyên giáo Tỉnh ủy, kiêm Trưởng Bộ phận giúp việc Tỉnh ủy",
        }
    ]


def test_people_of_the_sample_articles(content):
    kon_tum = {p["name"]: p["role"] for p in drafted(Path("content/sources/kon-tum.txt"))["people"]}
    for person in [*content.background.events[0].chairs, *content.province("kon-tum").people]:
        assert kon_tum[person.name] == person.role
    lang_son = {p["name"]: p["role"] for p in drafted(Path("content/sources/lang-son.txt"))["people"]}
    assert lang_son["Nông Thị Điềm"] == "Bí thư Đảng ủy xã Bình Phúc, huyện Văn Quan"


def test_documents_with_number_issuer_and_date():
    documents = {d["number"]: d for d in drafted(AWARDS)["documents"]}
    assert documents["1436/QĐ-UBND"]["kind"] == "Quyết định"
    assert documents["1436/QĐ-UBND"]["issuer"] == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert documents["03-CT/TW"]["issuer"] == "Bộ Chính trị"
    assert str(documents["03-CT/TW"]["date"]) == "2011-05-14"


def test_draft_lists_the_dates_it_read(capsys):
    assert main(["draft", str(AWARDS)]) == 0
    out = capsys.readouterr().out
    assert "#   ngày 12 tháng 5, bài không ghi năm: “Ngày 12.5, Ủy ban nhân dân tỉnh Quảng Nam" in out
    assert "#   ngày 14 tháng 5, năm 2011: “Các tập thể" in out


def test_draft_of_a_file_that_is_not_text(tmp_path, capsys):
    article = tmp_path / "bai.txt"
    article.write_bytes(b"\x93\xff\x00abc")
    assert main(["draft", str(article)]) == 2
    assert capsys.readouterr().err == (
        f"build.py draft: lỗi: {article}: không phải văn bản (có byte 0); lưu lại bài thành tệp .txt, bảng mã UTF-8\n"
    )


# --- new-province, then what draft proposes, kept as it is ------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_province_then_draft_items_pass_check_unchanged(content_copy, tmp_path, capsys):
    assert main(["new-province", "quang-nam", "--name", "Quảng Nam", "--source", str(REVIEW),
                 "--content", str(content_copy)]) == 0  # fmt: skip
    assert capsys.readouterr().out.startswith("Đã thêm tỉnh “quang-nam”:\n")
    assert (content_copy / "sources" / "quang-nam.txt").read_bytes() == REVIEW.read_bytes()
    booklet = load_booklet(content_copy)  # valid at once: a chapter with its lead
    assert booklet.meta.provinces == ["lang-son", "kon-tum", "quang-nam"]
    assert booklet.source("quang-nam").title == "Bộ phận giúp việc Tỉnh ủy Quảng Nam sơ kết 6 tháng đầu năm 2013"
    assert booklet.province("quang-nam").lead.quote.startswith("Sáng 12.6.2013, Bộ phận giúp việc Tỉnh ủy")
    # The comments of booklet.yaml are kept.
    assert "# Nguồn: chỉ ghi điều bản lưu có." in (content_copy / "booklet.yaml").read_text(encoding="utf-8")

    items = drafted(content_copy / "sources" / "quang-nam.txt")
    province_file = content_copy / "quang-nam.yaml"
    province = yaml.safe_load(province_file.read_text(encoding="utf-8"))
    province["figures"] = items["figures"]
    province["organisation"] = {
        "meetings": [{"title": "Chủ trì hội nghị", "quote": items["people"][0]["quote"], "people": items["people"]}]
    }
    province_file.write_text(yaml.safe_dump(province, allow_unicode=True), encoding="utf-8")
    background_file = content_copy / "background.yaml"
    background = yaml.safe_load(background_file.read_text(encoding="utf-8"))
    background["documents"] += [dict(d, province="quang-nam", source="quang-nam") for d in items["documents"]
                                if d["id"] not in {doc["id"] for doc in background["documents"]}]  # fmt: skip
    background_file.write_text(yaml.safe_dump(background, allow_unicode=True), encoding="utf-8")

    booklet = load_booklet(content_copy)
    assert len(booklet.province("quang-nam").figures) == 2  # the durations are periods, not figures
    assert {p.field.split(".")[0] for p in booklet.warnings} == {"rows[0]", "rows[1]", "rows[2]", "rows[3]", "rows[4]"}
    result = build(BuildOptions(content=content_copy, output=tmp_path / "b.pdf"))
    assert result.weasyprint_warnings == []


def test_new_province_refuses_a_province_that_exists(content_copy, capsys):
    before = snapshot(content_copy)
    code = main(
        ["new-province", "kon-tum", "--name", "Kon Tum", "--source", str(REVIEW), "--content", str(content_copy)]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        f"build.py new-province: lỗi: đã có {content_copy / 'kon-tum.yaml'}; chọn tên khác hoặc sửa tệp đó; "
        "chưa ghi tệp nào.\n"
    )
    assert snapshot(content_copy) == before


def test_new_province_refuses_a_source_that_exists(content_copy, capsys):
    (content_copy / "sources" / "quang-nam.txt").write_text("bài cũ", encoding="utf-8")
    before = snapshot(content_copy)
    code = main(["new-province", "quang-nam", "--name", "Quảng Nam", "--source", str(REVIEW),
                 "--content", str(content_copy)])  # fmt: skip
    assert code == 2
    assert capsys.readouterr().err == (
        f"build.py new-province: lỗi: đã có {content_copy / 'sources' / 'quang-nam.txt'}; chọn tên khác hoặc sửa "
        "tệp đó; chưa ghi tệp nào.\n"
    )
    assert snapshot(content_copy) == before


def test_new_province_adds_to_a_list_written_one_item_a_line(content_copy):
    path = content_copy / "booklet.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "provinces: [lang-son, kon-tum]", "provinces:\n  - lang-son\n  - kon-tum"
        ),
        encoding="utf-8",
    )
    assert main(["new-province", "quang-nam", "--name", "Quảng Nam", "--source", str(AWARDS),
                 "--content", str(content_copy)]) == 0  # fmt: skip
    assert "provinces:\n  - lang-son\n  - kon-tum\n  - quang-nam\n" in path.read_text(encoding="utf-8")
    assert load_booklet(content_copy).meta.provinces == ["lang-son", "kon-tum", "quang-nam"]


def test_a_page_pasted_without_full_stops_is_read_in_pieces_each_a_verbatim_quote():
    # Issue 27: draft took minutes on one 34 KB "sentence" (its patterns are tried from every position of a
    # sentence); cut into pieces of bounded length, the work grows with the article, not with its square.
    from briefing.content.draft import MAX_SENTENCE, sentences

    words = [
        "Ban", "Thường", "vụ", "Tỉnh", "ủy", "tặng", "Bằng", "khen", "cho", "5",
        "tập", "thể,", "10", "cá", "nhân", "có", "thành", "tích", "trong", "học", "tập",
    ]
    run = " ".join(words[i % len(words)] for i in range(9000))
    pieces = sentences(f"Tiêu đề\n\n{run}.\n")[1:]
    assert len(pieces) > 1 and all(len(piece) <= MAX_SENTENCE for piece in pieces)
    assert " ".join(pieces) == f"{run}."  # nothing lost or changed: each piece is a quote of the article
