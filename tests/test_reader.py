"""Reading: formats, structure, and offsets that slice the original text exactly."""
import pytest

from spacekg.errors import InputError
from spacekg.extract.reader import read_bytes, read_document, read_text


def test_blocks_slice_the_original_text(sample_document):
    doc = sample_document
    original = doc.text
    for b in doc.blocks:
        assert original[b.start:b.end].split() == b.clean.split()
        i = b.clean.find(" ")
        if i > 0:
            s, e = b.to_source(0, i)
            assert original[s:e] == b.clean[:i]


def test_txt_text_is_the_file_itself(sample_path, sample_document):
    assert sample_document.text == sample_path.read_bytes().decode("utf-8")


def test_sections_are_recognised(sample_document):
    kinds = {s.kind for s in sample_document.sections}
    assert {"players", "developments", "segmentation", "segment_dimension", "trends", "drivers",
            "challenges", "findings", "questions", "related_reports"} <= kinds


def test_table_of_contents_and_menus_are_not_prose(sample_document):
    by_text = {b.clean: b.kind for b in sample_document.blocks}
    assert by_text["1Market Segmentation"] == "toc"
    assert any(k == "boilerplate" for t, k in by_text.items() if "CHOOSE LICENCE TYPE" in t)


def test_titled_bullets_keep_their_title(sample_document):
    bodies = [b for b in sample_document.blocks if b.title]
    assert any(b.title == "Growing Interest in Lunar Ice and Regolith Extraction" for b in bodies)


def test_markdown_headings_and_lists():
    doc = read_text("# Lunar Report\n\n## Key Players\n\n- **Acme Lunar, Inc.**\n- Regolith Works\n", "r.md")
    items = [b for b in doc.blocks if b.kind == "item"]
    assert [b.clean for b in items] == ["Acme Lunar, Inc.", "Regolith Works"]
    assert items[0].section.kind == "players"
    s, e = items[0].to_source(0, len(items[0].clean))
    assert doc.text[s:e] == "Acme Lunar, Inc."


def test_html_drops_scripts_styles_and_navigation():
    html = b"""<html><head><title>t</title><style>p{}</style></head><body>
    <nav>Home | Reports</nav><script>alert('x')</script>
    <h1>Moon Mining News</h1><p>Acme Lunar plans to mine water ice on the Moon.</p>
    <ul><li>First item</li></ul></body></html>"""
    doc = read_bytes(html, "page.html", ".html")
    assert "alert" not in doc.text and "Home | Reports" not in doc.text
    assert doc.title == "Moon Mining News"
    assert any(b.kind == "item" and b.clean == "First item" for b in doc.blocks)


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"   \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(256)) * 40, "binary"),
])
def test_bad_input_is_a_clear_error(data, problem):
    with pytest.raises(InputError, match=problem):
        read_bytes(data, "bad.txt", ".txt")


def test_encodings_are_decoded():
    text = "Société Lunaire mines water ice.\r\nSecond line\rThird line\n"
    for data in (text.encode("latin-1"), text.encode("utf-16"), text.encode("utf-8-sig")):
        doc = read_bytes(data, "t.txt", ".txt")
        assert doc.text == text


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    (tmp_path / "a.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported format"):
        read_document(tmp_path / "a.docx")
