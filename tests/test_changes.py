"""``--edition review --since OLD.pdf``: what changed since the approved edition."""

from __future__ import annotations

import re

import pytest
from conftest import edit, squash

from briefing.cli import main
from briefing.content.changes import compare, load_embedded_booklet
from briefing.content.folder import load_booklet
from briefing.options import BuildOptions
from briefing.render.pipeline import build

OLD_LABEL = "được xây dựng từ tiền tiết kiệm ở Công ty TNHH MTV Xổ số kiến thiết tỉnh"
NEW_LABEL = "nhà tình nghĩa xây từ tiền tiết kiệm của cán bộ Công ty Xổ số kiến thiết tỉnh"
XO_SO = "Thực hành tiết kiệm, góp tiền hằng ngày xây nhà tình nghĩa"  # the model's name: where, not its id
NEW_MODEL = """  - id: mo-hinh-thu-nghiem
    name: Mô hình thử nghiệm
    category: khac
    owner: Chi bộ thử nghiệm
    description: Mô hình thêm vào để thử.
    quote: Phụ nữ xã Ia Xiêr, huyện sa Thầy
"""


@pytest.fixture(scope="module")
def approved(tmp_path_factory):
    """The approved review edition, built from the real content."""
    output = tmp_path_factory.mktemp("approved") / "ban-duyet.pdf"
    build(BuildOptions(output=output, edition="review"))
    return output


def edited_content(content_copy):
    """Real edits an editor makes: a figure changed, a model added, a person removed."""
    edit(content_copy / "kon-tum.yaml", OLD_LABEL, NEW_LABEL)
    edit(content_copy / "kon-tum.yaml", "\nexemplars:", "\n" + NEW_MODEL.rstrip("\n") + "\n\nexemplars:")
    path = content_copy / "lang-son.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - name: Lăng Văn Thạch")
    end = text.index("    - name:", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return content_copy


def test_embedded_content_reads_back_as_the_booklet(approved, content):
    assert compare(load_embedded_booklet(approved), content) == []


def test_each_edit_is_listed_with_old_and_new_value(approved, content_copy):
    edited = load_booklet(edited_content(content_copy))
    changes = [(c.kind_label, c.where, c.old, c.new) for c in compare(load_embedded_booklet(approved), edited)]
    assert changes == [
        ("Bỏ", "Lạng Sơn › Tiêu biểu › Cá nhân › “Lăng Văn Thạch”", "Đồng chí Lăng Văn Thạch", None),
        ("Sửa", f"Kon Tum › Mô hình › “{XO_SO}” › Số liệu › 8 nhà tình nghĩa › nội dung số liệu", OLD_LABEL, NEW_LABEL),
        ("Thêm", "Kon Tum › Mô hình › “Mô hình thử nghiệm”", None, "Mô hình: Mô hình thử nghiệm"),
    ]


def test_review_with_since_opens_with_the_changes(approved, content_copy, tmp_path, capsys):
    edited_content(content_copy)
    output = tmp_path / "ban-duyet-moi.pdf"
    args = ["--content", str(content_copy), "--edition", "review", "--since", str(approved), "--output", str(output)]
    assert main(args) == 0
    import pypdfium2

    pdf = pypdfium2.PdfDocument(output)
    pages = [squash(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    first_chapter = next(i for i, text in enumerate(pages) if "Những thay đổi so với bản đã duyệt" in text and i > 1)
    text = pages[first_chapter]
    assert text.startswith("Những thay đổi so với bản đã duyệt So với bản duyệt trước:")
    assert "ban-duyet.pdf" not in text  # no file names in what the board reads
    assert "Thêm Kon Tum › Mô hình › “Mô hình thử nghiệm” — Mô hình: Mô hình thử nghiệm" in text
    assert "Bỏ Lạng Sơn › Tiêu biểu › Cá nhân › “Lăng Văn Thạch” Đồng chí Lăng Văn Thạch —" in text
    assert f"8 nhà tình nghĩa › nội dung số liệu {OLD_LABEL} {NEW_LABEL}" in text
    toc = next(text for text in pages if text.startswith("Mục lục"))
    assert toc.index("Những thay đổi so với bản đã duyệt") < toc.index("Lời giới thiệu")


def test_nothing_changed_says_so(approved, tmp_path):
    output = tmp_path / "lai.pdf"
    assert main(["--edition", "review", "--since", str(approved), "--output", str(output)]) == 0
    import pypdfium2

    pdf = pypdfium2.PdfDocument(output)
    text = " ".join(squash(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    assert "Không có thay đổi." in text


def test_since_needs_the_review_edition(capsys, approved):
    assert main(["--since", str(approved)]) == 2
    assert capsys.readouterr().err == (
        "build.py: lỗi: --since chỉ dùng với --edition review: bản duyệt mới liệt kê thay đổi so với bản cũ\n"
    )


def test_since_a_pdf_without_content_is_a_clear_error(booklet_a5, tmp_path, capsys):
    output = tmp_path / "x.pdf"
    assert main(["--edition", "review", "--since", str(booklet_a5.path), "--output", str(output)]) == 1
    assert capsys.readouterr().err == (
        "build.py: lỗi: --since booklet.pdf: tệp không kèm nội dung nguồn; chỉ bản duyệt (--edition review) "
        "mới so sánh được. Tệp PDF cũ (nếu có) được giữ nguyên.\n"
    )
    assert not output.exists()


def test_since_a_missing_or_broken_file_is_a_clear_error(tmp_path, capsys):
    output = tmp_path / "x.pdf"
    assert main(["--edition", "review", "--since", str(tmp_path / "khong-co.pdf"), "--output", str(output)]) == 1
    assert capsys.readouterr().err == (
        "build.py: lỗi: --since khong-co.pdf: không có tệp này; ghi đường dẫn tới bản duyệt đã phê duyệt. "
        "Tệp PDF cũ (nếu có) được giữ nguyên.\n"
    )
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    assert main(["--edition", "review", "--since", str(broken), "--output", str(output)]) == 1
    assert capsys.readouterr().err == (
        "build.py: lỗi: --since hong.pdf: không đọc được tệp PDF (PdfError); chọn bản duyệt cũ khác. "
        "Tệp PDF cũ (nếu có) được giữ nguyên.\n"
    )
    assert not output.exists()


def test_an_attachment_that_inflates_to_a_gigabyte(tmp_path):
    """A few megabytes of --since PDF whose attached file inflates to a gigabyte: refused at 20 MB, nothing
    written to the temporary folder, memory bounded."""
    import pikepdf
    from conftest import run_cli
    from test_verify import flate_bomb

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["booklet.yaml"] = pikepdf.AttachedFileSpec(pdf, b"x", filename="booklet.yaml")
    pdf.attachments["booklet.yaml"].get_file().obj.write(flate_bomb(1024), filter=pikepdf.Name.FlateDecode)
    bomb = tmp_path / "ban-duyet.pdf"
    pdf.save(bomb)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    output = tmp_path / "moi.pdf"
    run = run_cli(
        ["--edition", "review", "--since", bomb, "--output", output], timeout=120, env={"TMPDIR": str(temporary)}
    )
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "build.py: lỗi: --since ban-duyet.pdf: tệp đính kèm “booklet.yaml” quá lớn khi giải nén (hơn 20 MB); "
        "không dùng bản này. Tệp PDF cũ (nếu có) được giữ nguyên.\n"
    )
    assert run.peak_mb < 700
    assert list(temporary.iterdir()) == [] and not output.exists()


LEAD = "đã trở thành công việc thường xuyên, liên tục, là trách nhiệm của mỗi cán bộ,"


def test_changes_read_as_a_reader_reads_them(approved, content_copy, tmp_path):
    """Vietnamese labels and names where, values as printed, no Python; a long text diffed word by word."""
    edit(content_copy / "lang-son.yaml", LEAD, LEAD.replace("thường xuyên, liên tục", "thường xuyên và liên tục"))
    edit(content_copy / "comparison.yaml", "      kon-tum:\n        models: [bien-phong-ket-nghia]\n", "")
    edit(
        content_copy / "comparison.yaml",
        "      lang-son: [neu-guong]\n",
        "      lang-son: [neu-guong, tuyen-truyen-dien-hinh]\n",
    )
    edit(content_copy / "booklet.yaml", "  print_run:     #", "  print_run: 1200     #")
    edit(content_copy / "booklet.yaml", "provinces: [lang-son, kon-tum]", "provinces: [kon-tum, lang-son]")
    html = tmp_path / "thay-doi.html"
    args = ["--content", str(content_copy), "--edition", "review", "--since", str(approved)]
    assert main([*args, "--output", str(tmp_path / "b.pdf"), "--html", str(html)]) == 0
    source = html.read_text(encoding="utf-8")
    # Without typeset.py's word joiners, the table reads as typed.
    table = source[source.index('<table class="changes-table">') : source.index("</table>")].replace("\u2060", "")
    cells = re.findall(r'<tr class="change-\w+">(.*?)</tr>', table, re.S)
    rows = [squash(re.sub(r"<[^>]+>", "", row)) for row in cells]
    assert rows == [
        "Sửa Thông tin chung › Tỉnh › thứ tự Lạng Sơn; Kon Tum Kon Tum; Lạng Sơn",
        "Sửa Thông tin chung › Trang xuất bản › số lượng in — 1.200",
        "Sửa Lạng Sơn › đoạn mở đầu › nội dung … đã trở thành công việc thường xuyên, liên tục, là trách nhiệm của … "
        "… đã trở thành công việc thường xuyên và liên tục, là trách nhiệm của …",
        "Bỏ So sánh › Dòng so sánh › “Lực lượng vũ trang” › ô › Kon Tum Mô hình: Đưa đảng viên đội công tác địa bàn "
        "xuống sinh hoạt ở các chi bộ thôn và kết nghĩa giúp gia đình khó khăn trên khu vực biên giới thoát nghèo —",
        "Thêm So sánh › Bài học chung › “Làm cụ thể, thiết thực — nói đi đôi với làm” › Kinh nghiệm › Lạng Sơn — "
        "Tuyên truyền, khen thưởng, nhân rộng điển hình",
    ]
    for python in ("None", "{'", "['", "[]", "True", "False", "lang-son", "kon-tum", "print_run", "bien-phong"):
        assert python not in table
    # The long paragraph: the changed words marked on both sides, the rest cut to a few words around them.
    assert '<td class="old">… đã trở thành công việc thường <mark class="diff">xuyên,</mark> liên tục,' in table
    assert '<td class="new">… đã trở thành công việc thường <mark class="diff">xuyên và</mark> liên tục,' in table
