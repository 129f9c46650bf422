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


# ---------------------------------------------------------------- formats of the development set

DEVSET = __import__("pathlib").Path(__file__).parent / "devset"


@pytest.mark.parametrize("name", ["asteroid-mining-market-brief.pdf", "lunar-lander-qualification.html",
                                  "europe-space-mining-market.html", "lunar-resources-market.md",
                                  "space-resources-weekly.md", "press-release-joint-venture.txt"])
def test_every_block_slices_the_text(name):
    import re

    doc = read_document(DEVSET / name)
    assert doc.blocks
    for b in doc.blocks:
        for word in re.finditer(r"\S+", b.clean):
            s, e = b.to_source(word.start(), word.end())
            assert doc.text[s:e] == word.group(), (b.clean, word.group())


def test_pdf_text_layer_without_running_footers():
    doc = read_document(DEVSET / "asteroid-mining-market-brief.pdf")
    assert doc.format == "pdf"
    assert "page 1" not in doc.text and "page 2" not in doc.text
    assert "Metallon Space completed ground tests" in " ".join(doc.text.split())
    headings = [b.clean for b in doc.blocks if b.kind == "heading"]
    assert {"Executive Summary", "Key Players", "Company Developments"} <= set(headings)
    players = next(s for s in doc.sections if s.kind == "players")
    assert players.heading == "Key Players"


def test_pdf_without_text_is_a_clear_error():
    with pytest.raises(InputError, match="not a readable PDF|no text"):
        read_bytes(b"%PDF-1.4\n%%EOF\n", "scan.pdf", ".pdf")


def test_markdown_markup_is_dropped_and_words_stay_slices():
    doc = read_text("# News\n\nThe launch of **Acme Robotics** rover and [Beta](/b) lander.\n", "n.md")
    para = next(b for b in doc.blocks if b.kind == "paragraph")
    assert para.clean == "The launch of Acme Robotics rover and Beta lander."
    i = para.clean.index("Beta")
    s, e = para.to_source(i, i + len("Beta"))
    assert doc.text[s:e] == "Beta"


def test_hard_wrapped_headings_and_paragraphs():
    text = ("About Acme Lunar\nAcme Lunar Inc. builds small landers for the Moon. It was founded in 2019 in\n"
            "Denver and employs forty people.\nMedia Contact:\nJane Roe\npress@acme.example\n")
    doc = read_text(text)
    kinds = [(b.kind, b.clean[:20]) for b in doc.blocks]
    assert kinds[0] == ("heading", "About Acme Lunar")
    assert kinds[1][0] == "paragraph"
    assert ("heading", "Media Contact:") in kinds
    contact = [b for b in doc.blocks if b.section and b.section.kind == "contact"]
    assert any("Jane Roe" in b.clean for b in contact)


def test_numbered_headings_open_sections():
    doc = read_text("3. Key Players\nThe key players include Acme Lunar and Beta Orbital, both startups.\n"
                    "1. Water\n2. Metals\n")
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].section.kind == "players"
    assert [b.kind for b in doc.blocks[-2:]] == ["item", "item"]


def test_datelines_are_split_from_the_story():
    doc = read_text("Acme news\n\nDENVER, Feb. 12, 2026 /PRNewswire/ -- Acme Lunar Inc. today announced a lander.\n")
    kinds = [(b.kind, b.clean) for b in doc.blocks]
    assert ("dateline", "DENVER, Feb. 12, 2026 /PRNewswire/") in kinds
    assert ("paragraph", "Acme Lunar Inc. today announced a lander.") in kinds




def _clean_span_word_by_word(text, start, end, drop=None):
    """The reference: one offset entry per word (what clean_span did before it kept only the changes)."""
    import re
    segment = text[start:end]
    if drop is not None:
        segment = drop.sub(lambda m: " " * len(m.group()), segment)
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", segment)]
    clean = " ".join(w for _, w in words)
    where, n = [], 0
    for at, w in words:
        where += [start + at + k for k in range(len(w))] + [start + at + len(w)]
        n += len(w) + 1
    return clean, where


@pytest.mark.parametrize("text", ["", "   ", " a", "a ", "  Acme  Lunar\n\n signed\t\t a deal  ",
                                  "x\u00a0\u00a0y z", "\u2003Orbit\u2003Kiln", "Ore [1] mining *now* [2][3]  ok",
                                  "line one\nline two\r\n\r\nline three"])
def test_clean_span_maps_every_position_back(text):
    from spacekg.extract.reader import MD_AND_NOTES, NOTE_MARKERS, clean_span
    for start, end in [(0, len(text)), (1, max(1, len(text) - 1))]:
        for drop in (None, NOTE_MARKERS, MD_AND_NOTES):
            clean, offsets = clean_span(text, start, end, drop)
            ref, where = _clean_span_word_by_word(text, start, end, drop)
            assert clean == ref
            assert [offsets(i) for i in range(len(clean))] == where[:len(clean)]
