"""check reads what the booklet prints as a reader would: each check on its own edit of the sample.

A figure's unit and label read with its number as the article wrote it; an award is the quote's; a
document number is written the Party's way, and one document has one id; an inferred year says why;
the booklet is not dated before what it reports. And the framing (briefing/content/framing.py): the
foreword claims only what an edition holds, names no other office; headings are whole and not restated;
a long quotation says whose words it is; a figure's label does not repeat the deed above it; what an
edition leaves out is a note, never a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, fill_colophon, line_of

from briefing.cli import main
from briefing.content.folder import load_booklet
from briefing.problems import ContentError


def errors(content: Path) -> list[str]:
    """The errors that stop ``content`` from loading, as check prints them."""
    with pytest.raises(ContentError) as caught:
        load_booklet(content)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def warnings(content: Path) -> list[str]:
    """The warnings of content that loads, as check prints them; the sample's blank colophon left aside."""
    return [str(p) for p in load_booklet(content).warnings if not p.field.startswith("colophon.")]


def run_check(content: Path, capsys, strict: bool = False) -> tuple[int, list[str], list[str]]:
    """``build.py check``: its exit code, what it says on standard output and on standard error."""
    code = main(["check", "--content", str(content), *(["--strict"] if strict else [])])
    out, err = capsys.readouterr()
    return code, out.splitlines(), [line for line in err.splitlines() if ": colophon." not in line]


# --- a figure reads as its article wrote it ---------------------------------------------------------


def test_a_figure_whose_unit_is_not_what_follows_its_number(content_copy, capsys):
    path = content_copy / "lang-son.yaml"
    line = edit(path, "unit: thư khen\n", "unit: lá thư\n")  # the quote: "nhận được 93 thư khen của quần chúng"
    expected = (
        f"{path}:{line}:15: models[0].figures[1].unit: đơn vị “lá thư” không phải chữ đứng sau số 93 trong câu "
        "trích; nếu đúng là “thư khen”, sửa “unit”"
    )
    assert errors(content_copy) == [expected]
    code, _, err = run_check(content_copy, capsys)
    assert code == 1 and expected in err


def test_a_figure_label_that_begins_with_and(content_copy):
    path = content_copy / "lang-son.yaml"
    line = edit(path, "label: của quần chúng nhân dân gửi Công an tỉnh\n",
                "label: và của quần chúng nhân dân gửi Công an tỉnh\n")  # fmt: skip
    assert errors(content_copy) == [
        f"{path}:{line}:16: models[0].figures[1].label: nhãn “và của quần chúng nhân dân gửi Công an tỉnh” không đọc "
        "liền sau “93 thư khen” được (bắt đầu bằng “và”); viết cụm từ nói số liệu đếm gì, ví dụ “được Chủ tịch UBND "
        "tỉnh tặng Bằng khen”"
    ]


def test_a_figure_label_left_hanging_on_cho(content_copy):
    path = content_copy / "lang-son.yaml"
    line = edit(path, "label: được Công an tỉnh biểu dương\n", "label: được Công an tỉnh tặng giấy khen cho\n")
    assert errors(content_copy) == [
        f"{path}:{line}:16: models[0].figures[0].label: nhãn “được Công an tỉnh tặng giấy khen cho” bỏ dở ở “cho”; "
        "viết trọn cụm từ đọc liền sau “716 tập thể và cá nhân”"
    ]


def test_a_figure_label_with_a_dangling_cho_va(content_copy):
    path = content_copy / "lang-son.yaml"
    label = "label: được Công an tỉnh tặng giấy khen cho và biểu dương\n"
    line = edit(path, "label: được Công an tỉnh biểu dương\n", label)
    [problem] = errors(content_copy)
    assert problem.startswith(f"{path}:{line}:16: models[0].figures[0].label: nhãn “được Công an tỉnh tặng giấy khen ")
    assert "bỏ dở" in problem


def test_a_dangling_cho_va_is_named_in_the_message(content_copy):
    edit(content_copy / "lang-son.yaml", "label: được Công an tỉnh biểu dương\n",
         "label: được Công an tỉnh tặng giấy khen cho và biểu dương\n")  # fmt: skip
    [problem] = errors(content_copy)
    assert "bỏ dở ở “cho và”" in problem


def test_a_figure_label_repeating_the_deed_above_it(content_copy):
    path = content_copy / "lang-son.yaml"
    edit(path, "        Hiến đất cho thôn để con em",
         "        Hiến đất để xây điểm trường mầm non thôn Khe Pùng, để con em")  # fmt: skip
    line = line_of(path, "label: đất hiến để xây điểm trường mầm non thôn Khe Pùng")
    assert warnings(content_copy) == [
        f"{path}:{line}:18: exemplars.individuals[0].figures[0].label: cảnh báo: nhãn “đất hiến để xây điểm trường "
        "mầm non thôn Khe Pùng” lặp lại ý đã có ở “deed” ngay trên; bỏ ý đó khỏi “deed” hoặc rút gọn nhãn còn điều "
        "con số nói thêm"
    ]


# --- an award is its quote's ------------------------------------------------------------------------

# The Công an tỉnh's commendations as an award, in the article's words (content/sources/lang-son.txt).
AWARD = """awards:
  - body: Công an tỉnh
    kind: biểu dương
    collectives: 716
    quote: >-
      Công an tỉnh với phong trào “Công an nhân dân học tập, thực hiện 6 điều Bác
      dạy” gắn với cuộc vận động “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh
      - Công an nhân dân vì nước quên thân vì dân phục vụ” đã ban hành bản tin
      gương người tốt, việc tốt hằng quý, biểu dương 716 tập thể và cá nhân

models:
"""


def add_award(content: Path, old: str = "", new: str = "") -> Path:
    path = content / "lang-son.yaml"
    edit(path, "\nmodels:\n", "\n" + AWARD.replace(old, new))
    return path


def test_an_award_as_its_quote_gives_it(content_copy):
    add_award(content_copy)
    booklet = load_booklet(content_copy)
    assert [(a.body, a.kind, a.collectives) for a in booklet.province("lang-son").awards] == [
        ("Công an tỉnh", "biểu dương", 716)
    ]
    assert warnings(content_copy) == []


@pytest.mark.parametrize(
    ("old", "new", "column", "field", "message"),
    [
        ("collectives: 716", "collectives: 700", 18, "collectives",
         "câu trích không ghi “700 tập thể”; sửa số hoặc trích đúng câu có số đó"),
        # "716 tập thể và cá nhân" counts both at once: not 716 individuals
        ("collectives: 716", "individuals: 716", 18, "individuals",
         "câu trích không ghi “716 cá nhân”; sửa số hoặc trích đúng câu có số đó"),
        ("body: Công an tỉnh", "body: Ban Thường vụ Tỉnh ủy", 11, "body",
         "cơ quan khen thưởng “Ban Thường vụ Tỉnh ủy” không có trong câu trích; ghi đúng như bài báo"),
        ("kind: biểu dương", "kind: Bằng khen", 11, "kind",
         "hình thức “Bằng khen” không có trong câu trích; ghi đúng như bài báo (Bằng khen, biểu dương…)"),
    ],
    ids=["count", "individuals", "body", "kind"],
)  # fmt: skip
def test_an_award_not_as_its_quote_gives_it(content_copy, old, new, column, field, message):
    path = add_award(content_copy, old, new)
    line = line_of(path, ("  - " if field == "body" else "    ") + new)
    assert errors(content_copy) == [f"{path}:{line}:{column}: awards[0].{field}: {message}"]


# --- documents: one number, one way, one id ---------------------------------------------------------


def test_a_party_document_number_written_another_way_in_running_text(content_copy, capsys):
    path = content_copy / "lang-son.yaml"
    edit(path, "    Việc thực hiện Chỉ thị 03-CT/TW", "    Việc thực hiện Chỉ thị 03-CT/T.Ư")
    line = line_of(path, "  text: >-\n    Việc thực hiện")  # a folded text is placed at its “>-”
    expected = f"{path}:{line}:9: lead.text: cảnh báo: số hiệu “03-CT/T.Ư” viết chưa đúng chuẩn; viết “03-CT/TW”"
    assert warnings(content_copy) == [expected]
    code, _, err = run_check(content_copy, capsys)
    assert (code, err) == (0, [expected])


def test_a_source_headline_keeps_the_number_as_published(content_copy):
    # The headline is cited as the article printed it, not corrected (as the sample’s quote of “03/CT-TW” is).
    headline = "thực hiện Chỉ thị 03 của Bộ Chính trị về"
    edit(content_copy / "booklet.yaml", headline, headline.replace("03", "03/CT-TW"))
    assert warnings(content_copy) == []


def test_the_sample_writes_every_document_number_the_partys_way(content):
    assert not [p for p in content.warnings if "số hiệu" in p.message]


def test_one_document_under_two_ids(content_copy):
    path = content_copy / "background.yaml"
    edit(path, "  - id: ke-hoach-03-kh-tw\n", """  - id: chi-thi-03-ct-tu
    kind: Chỉ thị
    number: 03/CT-TW
    issuer: Bộ Chính trị
    source: lang-son
    quote: Chỉ thị 03-CT/TW của Bộ Chính trị (khóa XI)

  - id: ke-hoach-03-kh-tw
""")  # fmt: skip
    line = line_of(path, "    number: 03/CT-TW")
    assert errors(content_copy) == [
        f"{path}:{line}:13: documents[2].number: văn bản Chỉ thị 03/CT-TW đã có ở documents[1] (mã "
        "“chi-thi-03-ct-tw”); gộp hai mục làm một và dẫn tới mã “chi-thi-03-ct-tw”"
    ]


# --- dates ------------------------------------------------------------------------------------------


def test_an_inferred_year_without_its_reasoning(content_copy):
    # The inference about the conference's year now quotes another sentence: nothing gives the reasoning.
    other = "Ban Bí thư Trung ương Đảng đề ra phương hướng, nhiệm vụ trọng tâm được xác định trong năm 2014"
    edit(content_copy / "booklet.yaml",
         "    quote: Sáng 19/05, Ban Bí thư Trung ương Đảng tổ chức Hội nghị trực tuyến sơ kết 3 năm\n",
         f"    quote: {other}\n")  # fmt: skip
    path = content_copy / "background.yaml"
    line = line_of(path, "    year_inferred: true")
    expected = (
        f"{path}:{line}:20: events[0].year_inferred: năm 2014 do ban biên soạn suy ra nhưng chưa ghi căn cứ; ghi "
        "“year_reasoning” (vì sao là năm đó), hoặc thêm một mục “inferences” trong booklet.yaml trích đúng câu này"
    )
    assert errors(content_copy) == [expected]
    # The reasoning written with the event will do.
    reasoning = "    year_reasoning: Sơ kết 3 năm một chỉ thị ban hành ngày 14-5-2011.\n"
    edit(path, "    year_inferred: true\n", "    year_inferred: true\n" + reasoning)
    assert warnings(content_copy) == []


def test_a_booklet_dated_before_the_event_it_reports(content_copy):
    path = content_copy / "booklet.yaml"
    line = edit(path, "date: 2015-12-01", "date: 2014-04-01")
    assert errors(content_copy) == [
        f"{path}:{line}:7: date: tài liệu đề tháng 4 năm 2014, trước “Hội nghị trực tuyến sơ kết 3 năm thực hiện Chỉ "
        "thị 03-CT/TW” (19-5-2014, trong background.yaml) mà tài liệu kể lại; sửa “date” thành ngày làm tài liệu"
    ]


def test_a_booklet_dated_the_month_of_the_event_it_reports(content_copy):
    edit(content_copy / "booklet.yaml", "date: 2015-12-01", "date: 2014-05-01")  # the cover prints the month only
    assert warnings(content_copy) == []


# --- the framing ------------------------------------------------------------------------------------


def test_another_office_named_in_the_foreword(content_copy, capsys):
    path = content_copy / "booklet.yaml"
    edit(path, "Bác, {cơ quan biên soạn} biên soạn", "Bác, Ban Tuyên giáo Tỉnh ủy Kon Tum biên soạn")
    line = line_of(path, "    - >-\n      Để cán bộ, đảng viên")
    expected = (
        f"{path}:{line}:7: foreword.paragraphs[1]: cảnh báo: nêu “Tỉnh ủy Kon Tum”, không phải cơ quan ban hành hay "
        "biên soạn tài liệu này (“Ban Tuyên giáo Tỉnh ủy Lạng Sơn”); viết “{cơ quan biên soạn}” hoặc sửa tên"
    )
    assert warnings(content_copy) == [expected]
    code, _, err = run_check(content_copy, capsys)
    assert (code, err) == (0, [expected])
    fill_colophon(content_copy)
    assert run_check(content_copy, capsys, strict=True)[0] == 1


def test_the_compiler_named_in_the_foreword_is_the_booklets_own(content_copy):
    path = content_copy / "booklet.yaml"
    unit = "issuer_unit: Ban Tuyên giáo\n"
    edit(path, unit, unit + "compiler: Ban Tuyên giáo Tỉnh ủy Kon Tum\n")
    edit(path, "Bác, {cơ quan biên soạn} biên soạn", "Bác, Ban Tuyên giáo Tỉnh ủy Kon Tum biên soạn")
    assert warnings(content_copy) == []


def test_a_foreword_claiming_a_section_an_edition_lacks(content_copy):
    path = content_copy / "booklet.yaml"
    sections = "cách tổ chức thực hiện, các mô hình, cách làm,\n      những tập thể, cá nhân tiêu biểu"
    edit(path, "Tài liệu tóm tắt {nội dung}", f"Tài liệu tóm tắt {sections}")
    line = line_of(path, "    - >-\n      Để cán bộ, đảng viên")
    # Kon Tum's file names no exemplar: its own edition would claim what it does not have.
    assert warnings(content_copy) == [
        f"{path}:{line}:7: foreword.paragraphs[1]: cảnh báo: lời giới thiệu nói tài liệu có “tập thể, cá nhân tiêu "
        "biểu”, nhưng tài liệu riêng tỉnh Kon Tum không có; viết “{nội dung}” để tự ghi đúng những gì từng tài liệu "
        "có, hoặc bỏ ý đó"
    ]


def test_a_heading_cut_short(content_copy):
    path = content_copy / "background.yaml"
    line = edit(path, "    short: Hội nghị trực tuyến sơ kết 3 năm thực hiện Chỉ thị 03-CT/TW\n",
                "    short: Hội nghị trực tuyến sơ kết 3 năm thực hiện Chỉ thị\n")  # fmt: skip
    assert warnings(content_copy) == [
        f"{path}:{line}:12: events[0].short: cảnh báo: đề mục “Hội nghị trực tuyến sơ kết 3 năm thực hiện Chỉ thị” "
        "dừng giữa chừng ở “Chỉ thị”; ghi trọn, ví dụ kèm số hiệu văn bản"
    ]


def test_a_heading_restated_by_the_text_below(content_copy):
    path = content_copy / "lang-son.yaml"
    edit(path, "      Sau Hội nghị cấp tỉnh sơ kết", "      Lễ báo công tại quê Bác: sau Hội nghị cấp tỉnh sơ kết")
    line = line_of(path, "    text: >-\n      Lễ báo công tại quê Bác")
    assert warnings(content_copy) == [
        f"{path}:{line}:11: events[0].text: cảnh báo: đoạn đầu nhắc lại nguyên đề mục “Lễ báo công tại quê Bác”; bỏ "
        "phần nhắc lại, viết tiếp điều đề mục chưa nói"
    ]


def test_an_unattributed_long_quotation(content_copy):
    path = content_copy / "kon-tum.yaml"
    edit(path, "với tinh thần lời dạy\n      của Chủ tịch Hồ Chí Minh: “Điều", "với tinh thần:\n      “Điều")
    line = line_of(path, "    text: >-\n      Tuyệt đối tránh kiểu thực hiện hình thức")
    assert warnings(content_copy) == [
        f"{path}:{line}:11: lessons[2].text: cảnh báo: câu trong ngoặc kép “Điều gì phải, thì cố làm cho kỳ …” chưa "
        "nói là lời của ai hay tên gì; ghi rõ, ví dụ “lời Chủ tịch Hồ Chí Minh: …” (nếu bài báo không nói, ghi căn cứ "
        "ở “inferences”)"
    ]


def test_a_quotation_after_the_words_mo_hinh_is_still_unattributed(content_copy):
    path = content_copy / "kon-tum.yaml"
    edit(path, "hiệu quả, với tinh thần lời dạy\n      của Chủ tịch Hồ Chí Minh: “Điều", "hiệu quả:\n      “Điều")
    assert [p.field for p in load_booklet(content_copy).warnings if "ngoặc kép" in p.message] == ["lessons[2].text"]


# --- what an edition leaves out: a note, never a failure --------------------------------------------


def test_check_notes_a_chapter_an_edition_leaves_out(content_copy, capsys):
    # Kon Tum has one key figure: its own edition has no key-figures page, and check says why.
    line = line_of(content_copy / "booklet.yaml", "  - lang-son/cong-an-bieu-duong")
    note = (
        f"{content_copy / 'booklet.yaml'}:{line}:3: key_figures: ghi chú: tài liệu riêng tỉnh Kon Tum không có "
        "chương “Những điểm chính”: chỉ có 1 số liệu nổi bật, cần ít nhất 2"
    )
    booklet = load_booklet(content_copy)
    assert [(str(p), p.severity) for p in booklet.notes] == [(note, "note")]
    assert not [p for p in booklet.warnings if "Những điểm chính" in p.message]
    fill_colophon(content_copy)
    code, out, err = run_check(content_copy, capsys, strict=True)  # nothing to fix: not even --strict fails
    assert (code, err) == (0, [])
    assert out == [note, "Nội dung hợp lệ (0 cảnh báo, 1 ghi chú)."]


def test_check_notes_a_booklet_without_a_comparison(content_copy, capsys):
    path = content_copy / "comparison.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("rows:\n")] + "rows: []\n\n" + text[text.index("shared_lessons:") :])
    line = line_of(path, "rows: []")
    code, out, _ = run_check(content_copy, capsys)
    assert code == 0
    assert (f"{path}:{line}:7: rows: ghi chú: tài liệu không có chương So sánh: comparison.yaml chưa có hàng nào cho "
            "các tỉnh này") in out  # fmt: skip


def test_the_sample_reads_clean(content):
    # None of these checks fires on the sample: no warning but its blank colophon, one note.
    assert [str(p) for p in content.warnings if not p.field.startswith("colophon.")] == []
    assert [p.field for p in content.notes] == ["key_figures"]
