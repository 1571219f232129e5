"""Any office makes its own correct booklet from its own report (issue 25).

The guide followed literally, as a clerk would: ``init`` a booklet for the office, ``new-province``
from its article, ``draft``'s candidates pasted unedited where the guide allows (awards, events,
figures into the province file; documents not already in background.yaml into it), then every
edition built. Two offices, from test articles written in our own words from public reports
(tests/fixtures/any-office): the Nghệ An provincial committee's propaganda board (a five-year review
dated "27/5" without a year, awards at four levels, the directive written "03-CT/T.Ư") and the Đà Nẵng
city committee's (a review at a named theatre that launched Directive 05-CT/TW).

Each edition names no other office, province or city, and keeps no sentence of the sample.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
import yaml
from conftest import squash
from test_any_province import PROVINCES

from briefing.cli import main
from briefing.content.articles import read_article
from briefing.content.draft import as_yaml, draft
from briefing.content.folder import load_booklet
from briefing.content.yamlsource import parse_yaml
from briefing.options import DEFAULT_CONTENT, BuildOptions
from briefing.render.pipeline import build

ARTICLES = Path(__file__).parent / "fixtures" / "any-office"
NGHE_AN = ARTICLES / "nghe-an-tong-ket.txt"
DA_NANG = ARTICLES / "da-nang-tong-ket.txt"


@dataclass(frozen=True)
class Office:
    folder: str
    init: list[str]
    slug: str
    name: str
    kind: str
    article: Path


OFFICES = {
    "nghe-an": Office("nghe-an", ["--issuer", "Ban Tuyên giáo Tỉnh ủy Nghệ An", "--parent", "Tỉnh ủy Nghệ An",
                                  "--date", "2016-06-01"], "nghe-an", "Nghệ An", "tỉnh", NGHE_AN),
    "da-nang": Office("da-nang", ["--issuer", "Ban Tuyên giáo Thành ủy Đà Nẵng", "--parent", "Thành ủy Đà Nẵng",
                                  "--date", "2016-06-01"], "da-nang", "Đà Nẵng", "thành phố", DA_NANG),
}  # fmt: skip


def drafted(article: Path) -> dict:
    """What ``build.py draft`` prints for the article, as data (read as the content reader reads it)."""
    document, problems = parse_yaml(as_yaml(draft(read_article(article).text), article.name), "draft")
    assert problems == []
    return document.data


def follow_the_guide(office: Office, root: Path) -> Path:
    """init, new-province, then draft's candidates pasted as they are."""
    content = root / office.folder
    assert main(["init", str(content), *office.init]) == 0
    assert main(["new-province", office.slug, "--name", office.name, "--kind", office.kind,
                 "--source", str(office.article), "--content", str(content)]) == 0  # fmt: skip
    items = drafted(content / "sources" / f"{office.slug}.txt")
    province_file = content / f"{office.slug}.yaml"
    province = yaml.safe_load(province_file.read_text(encoding="utf-8"))
    for key in ("awards", "events", "figures"):
        if items[key]:
            province[key] = items[key]
    province_file.write_text(yaml.safe_dump(province, allow_unicode=True, sort_keys=False), encoding="utf-8")
    background_file = content / "background.yaml"
    background = yaml.safe_load(background_file.read_text(encoding="utf-8"))
    known = {d["number"] for d in background["documents"]}  # the guide: leave out what is there already
    background["documents"] += [dict(d, source=office.slug) for d in items["documents"] if d["number"] not in known]
    background_file.write_text(yaml.safe_dump(background, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return content


class Edition:
    def __init__(self, path: Path, result):
        self.path = path
        assert result.weasyprint_warnings == []
        pdf = pypdfium2.PdfDocument(path)
        self.pages = [squash(pdf[i].get_textpage().get_text_bounded()) for i in range(len(pdf))]
        pdf.close()
        self.text = " ".join(self.pages)


EDITIONS = {"a5": {}, "a4": {"paper": "A4"}, "review": {"edition": "review"}, "own": {"provinces": ("",)}}


@pytest.fixture(scope="module")
def offices(tmp_path_factory) -> dict[str, tuple[Path, dict[str, Edition]]]:
    root = tmp_path_factory.mktemp("offices")
    built = {}
    for key, office in OFFICES.items():
        content = follow_the_guide(office, root)
        editions = {}
        for name, settings in EDITIONS.items():
            settings = dict(settings)
            if "provinces" in settings:
                settings["provinces"] = (office.slug,)
            output = root / f"{key}-{name}.pdf"
            editions[name] = Edition(output, build(BuildOptions(content=content, output=output, **settings)))
        built[key] = (content, editions)
    return built


# --- draft, kept as it is -------------------------------------------------------------


def test_draft_reads_awards_at_four_levels_as_four_awards():
    awards = [(a["body"], a["kind"], a.get("collectives"), a.get("individuals"), a.get("reason"))
              for a in drafted(NGHE_AN)["awards"]]  # fmt: skip
    assert awards == [
        ("Thủ tướng Chính phủ", "Bằng khen", 5, 10, None),
        ("Chủ tịch UBND tỉnh", "Bằng khen", 13, 17, None),
        ("Ban Thường vụ Tỉnh ủy", "biểu dương", 14, 25, None),
        ("Ban Thường vụ Tỉnh ủy", "Bằng khen", 8, 1, "có thành tích trong tổ chức triển khai thực hiện Chỉ thị"),
    ]


def test_draft_proposes_no_duration_and_no_award_count_as_a_figure():
    for article in (NGHE_AN, DA_NANG):
        assert drafted(article)["figures"] == []


def test_draft_reads_an_event_with_its_period_organiser_and_a_year_it_says_it_inferred():
    [event] = drafted(NGHE_AN)["events"]
    assert event["title"] == "Hội nghị tổng kết 5 năm thực hiện Chỉ thị 03-CT/TW"
    assert (event["kind"], event["period"], event["organiser"]) == (
        "tổng kết", "giai đoạn 2011 - 2016", "Ban Thường vụ Tỉnh ủy Nghệ An")
    assert (event["date"], event["year_inferred"]) == (datetime.date(2016, 5, 27), True)
    assert event["year_reasoning"] == (
        "Bài ghi ngày 27/5, không ghi năm. Hội nghị tổng kết giai đoạn 2011 - 2016, nên năm là 2016.")
    assert event["reviews"] == "chi-thi-03-ct-tw"
    [assessment] = event["summary"]
    assert assessment["quote"].startswith("Hội nghị đánh giá, việc thực hiện Chỉ thị trong Đảng bộ tỉnh đã đạt")


def test_draft_reads_where_an_event_was_held_and_what_it_launched():
    [event] = drafted(DA_NANG)["events"]
    assert (event["place"], event["date"], "year_inferred" in event) == (
        "Nhà hát Trưng Vương", datetime.date(2016, 5, 19), False)
    assert (event["reviews"], event["launches"]) == ("chi-thi-03-ct-tw", "chi-thi-05-ct-tw")


def test_draft_writes_document_numbers_whole_and_the_partys_way():
    documents = {d["number"]: d for d in drafted(NGHE_AN)["documents"]}
    assert set(documents) == {"03-CT/TW", "Trung ương 4"}  # the article's "03-CT/T.Ư", not cut at the dot
    assert documents["03-CT/TW"]["quote"].startswith("Chỉ thị 03-CT/T.Ư của Bộ Chính trị (khóa XI)")
    assert (documents["03-CT/TW"]["issuer"], documents["03-CT/TW"]["period"]) == ("Bộ Chính trị", "khóa XI")
    assert (documents["Trung ương 4"]["kind"], documents["Trung ương 4"]["period"]) == ("Nghị quyết", "khóa XI")
    subject = {d["number"]: d.get("subject") for d in drafted(DA_NANG)["documents"]}["05-CT/TW"]
    assert subject == "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def test_a_figure_label_reads_after_its_value(tmp_path):
    article = tmp_path / "bai.txt"
    article.write_text(
        "Tin khen thưởng\n\nChủ tịch UBND tỉnh tặng bằng khen cho 23 tập thể. Hội đã vận động 40 hộ gia đình hiến "
        "đất làm đường.\n", encoding="utf-8")  # fmt: skip
    labels = [(f["value"], f["unit"], f["label"]) for f in drafted(article)["figures"]]
    assert labels == [(40, "hộ", "gia đình hiến đất làm đường")]
    [award] = drafted(article)["awards"]
    assert (award["body"], award["collectives"]) == ("Chủ tịch UBND tỉnh", 23)
    assert Decimal(40) in {Decimal(str(v)) for v, _, _ in labels}


# --- the booklets ---------------------------------------------------------------------


def sample_sentences() -> list[str]:
    """Every sentence the sample's content files give the reader: none may be left in another office's booklet."""
    found = []
    for path in DEFAULT_CONTENT.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "booklet.yaml":  # the public records cited are references any booklet may share
            data["sources"] = [s for s in data["sources"] if "file" in s]
        found += _texts(data)
    sentences = {s.strip() for text in found for s in re.split(r"(?<=[.!?])\s+", squash(text))}
    return sorted(s for s in sentences if len(s.split()) >= 8 and s.endswith((".", "?", "!")) and "{" not in s)


def _texts(data) -> list[str]:
    if isinstance(data, dict):
        return [t for key, value in data.items() if key not in ("quote", "url", "file") for t in _texts(value)]
    if isinstance(data, list):
        return [t for item in data for t in _texts(item)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("key", OFFICES)
def test_every_edition_names_only_its_own_office_and_place(offices, key):
    _, editions = offices[key]
    own = OFFICES[key].name
    for name, edition in editions.items():
        others = [p for p in PROVINCES if p not in (own, "Hồ Chí Minh") and re.search(rf"\b{p}\b", edition.text)]
        assert others == [], name
        assert "2015" not in edition.text, name
        assert "Lạng Sơn".upper() not in edition.text


@pytest.mark.parametrize("key", OFFICES)
def test_no_sentence_of_the_sample_is_left(offices, key):
    _, editions = offices[key]
    left = [s for s in sample_sentences() if any(s in e.text for e in editions.values())]
    assert left == []


def test_the_cover_foreword_and_colophon_are_the_offices(offices):
    _, editions = offices["nghe-an"]
    cover, foreword = editions["a5"].pages[0], editions["a5"].text
    assert cover.startswith("TỈNH ỦY NGHỆ AN BAN TUYÊN GIÁO")
    assert "Nghệ An, tháng 6 năm 2016" in cover
    assert "Ban Tuyên giáo Tỉnh ủy Nghệ An biên soạn tài liệu này" in foreword
    assert "Chỉ thị 03-CT/TW ngày 14-5-2011 của Bộ Chính trị" in foreword
    # The foreword names only what the edition holds: the conference and the awards, no models or lessons.
    assert "Tài liệu tóm tắt sự kiện và khen thưởng ở tỉnh Nghệ An" in foreword
    assert "mô hình" not in foreword and "bài học kinh nghiệm" not in foreword


def test_the_awards_print_as_one_table_highest_level_first(offices):
    # The central government first; at the province's level the Party's bodies before the State's.
    text = offices["nghe-an"][1]["a5"].text
    table = text[text.index("Cơ quan, hình thức khen thưởng") :]
    rows = ["Bằng khen của Thủ tướng Chính phủ 5 10", "Ban Thường vụ Tỉnh ủy biểu dương 14 25",
            "Bằng khen của Ban Thường vụ Tỉnh ủy (có thành tích trong tổ chức triển khai thực hiện Chỉ thị) 8 1",
            "Bằng khen của Chủ tịch UBND tỉnh 13 17"]  # fmt: skip
    positions = [table.find(row) for row in rows]
    assert -1 not in positions and positions == sorted(positions)


def test_the_inferred_year_is_said_and_its_reasoning_kept_for_the_board(offices):
    _, editions = offices["nghe-an"]
    assert "năm 2016 do ban biên soạn suy ra" in editions["a5"].text
    assert "nên năm là 2016" in editions["review"].text


def test_a_conference_that_launched_the_next_directive(offices):
    content, editions = offices["da-nang"]
    text = editions["a5"].text
    assert "Nhà hát Trưng Vương" in text
    assert "Tổng kết việc thực hiện Chỉ thị 03-CT/TW giai đoạn 2011 - 2016. Triển khai Chỉ thị 05-CT/TW." in text
    assert "thành phố Đà Nẵng" in text  # the kind given to new-province reads before the name
    assert load_booklet(content).province("da-nang").kind == "thành phố"


@pytest.mark.parametrize("key", OFFICES)
def test_check_passes_with_nothing_but_the_colophon_to_fill(offices, key, capsys):
    content, _ = offices[key]
    assert main(["check", "--content", str(content)]) == 0
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if "colophon" not in line and "Trang xuất bản" not in line] == []


# --- init ---------------------------------------------------------------------------------


def test_init_makes_a_booklet_that_builds_before_any_province(tmp_path, capsys):
    content = tmp_path / "huyen"
    assert main(["init", str(content), "--issuer", "Huyện ủy Sa Thầy", "--parent", "Đảng bộ tỉnh Kon Tum",
                 "--date", "2016-06-01", "--directive", "05-CT/TW"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith(f"Đã tạo tập tài liệu mới trong {content}:\n")
    assert main(["check", "--content", str(content)]) == 0
    assert "provinces: ghi chú: tài liệu chưa có tỉnh nào" in capsys.readouterr().out
    output = tmp_path / "b.pdf"
    edition = Edition(output, build(BuildOptions(content=content, output=output)))
    cover = edition.pages[0]
    assert cover.startswith("ĐẢNG BỘ TỈNH KON TUM HUYỆN ỦY SA THẦY")
    assert "Thực hiện Chỉ thị 05-CT/TW Sa Thầy, tháng 6 năm 2016" in cover  # no "ở" left hanging
    assert "Chỉ thị 05-CT/TW ngày 15-5-2016 của Bộ Chính trị" in edition.text
    assert "hdndtuyenquang.gov.vn" in edition.text  # where the directive's date comes from
    # Nothing of the sample: no province, no event, no other office.
    # (Kon Tum is the district's province, on the cover; Tuyên Quang names the outlet of the public record cited.)
    named = [p for p in PROVINCES if re.search(rf"\b{p}\b", edition.text)]
    assert set(named) <= {"Hồ Chí Minh", "Kon Tum", "Tuyên Quang"}
    assert "Lạng Sơn" not in edition.text and "2015" not in edition.text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--issuer", "Đảng ủy Khối các cơ quan tỉnh"],
         "không đọc được địa danh từ tên “Đảng ủy Khối các cơ quan tỉnh”; ghi --place (địa danh in ở bìa, ví dụ "
         "“Nghệ An”)"),
        (["--issuer", "Huyện ủy Sa Thầy", "--directive", "99-CT/TW"],
         "chưa có số, ngày, cơ quan ban hành của văn bản “99-CT/TW” theo tài liệu công khai; chọn một trong: "
         "03-CT/TW, 05-CT/TW (văn bản khác thì thêm vào background.yaml khi có bài báo nêu nó)"),
        (["--issuer", "  "], "--issuer không được để trống"),
    ],
)  # fmt: skip
def test_init_refuses_what_it_cannot_write_truly_and_writes_nothing(tmp_path, capsys, args, message):
    content = tmp_path / "moi"
    assert main(["init", str(content), *args]) == 2
    assert capsys.readouterr().err == f"build.py init: lỗi: {message}; chưa ghi tệp nào.\n"
    assert list(tmp_path.iterdir()) == []


def test_init_never_writes_into_a_folder_in_use(tmp_path, capsys):
    content = tmp_path / "dang-dung"
    content.mkdir()
    (content / "booklet.yaml").write_text("title: của người khác\n", encoding="utf-8")
    assert main(["init", str(content), "--issuer", "Huyện ủy Sa Thầy"]) == 2
    assert "đã có" in capsys.readouterr().err
    assert [p.name for p in content.iterdir()] == ["booklet.yaml"]


def test_init_reads_the_directive_the_way_articles_write_it(tmp_path):
    content = tmp_path / "moi"
    assert main(["init", str(content), "--issuer", "Huyện ủy Sa Thầy", "--directive", "03-CT/T.Ư"]) == 0
    assert load_booklet(content).directive.number == "03-CT/TW"
