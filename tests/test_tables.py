"""Tables (spacekg/extract/tables.py): Markdown and HTML rows read with their header; an infobox
about one player."""
from spacekg.extract.reader import read_bytes, read_text
from spacekg.extract.tables import cells, label_value_figures

MARKDOWN = """# Lunar companies

## Market at a glance

| Metric | Value |
| --- | --- |
| Market size, 2025 | USD 120 million |
| Market size, 2032 (forecast) | USD 900 million |
| CAGR, 2025-2032 | 33.4% |

## Who is who

| Company | Headquarters | Focus | Key technology |
| --- | --- | --- | --- |
| Marlow Mining | Perth, Australia | Lunar ice prospecting | Heated ice drill |
| Quillon Robotics Ltd | Adelaide, Australia | Asteroid sampling | Sampling arm |
| Tesserine Space | Auckland, New Zealand | Lunar landers | - |
"""


def test_markdown_rows_are_items_with_cells():
    doc = read_text(MARKDOWN, name="t.md")
    rows = [b for b in doc.blocks if b.kind == "item"]
    assert rows[0].clean == "Metric | Value"
    assert "---" not in " ".join(b.clean for b in doc.blocks)
    assert rows[-1].clean == "Tesserine Space | Auckland, New Zealand | Lunar landers | -"
    assert doc.text[rows[-1].start:rows[-1].end] == "Tesserine Space | Auckland, New Zealand | Lunar landers | -"
    assert cells("a | bc | d") == [(0, 1), (4, 6), (9, 10)]


def test_player_table_rows(extractor):
    ex = extractor.extract(read_text(MARKDOWN, name="t.md"))
    assert {p.name for p in ex.players} == {"Marlow Mining", "Quillon Robotics", "Tesserine Space"}
    assert {(t.player, t.technology) for t in ex.technologies} == {("Marlow Mining", "Heated ice drill"),
                                                                  ("Quillon Robotics", "Sampling arm")}
    targets = {(t.player, tuple(t.resources), tuple(t.platforms)) for t in ex.targets}
    assert targets == {("Marlow Mining", ("Water/Ice",), ("Moon",)), ("Quillon Robotics", (), ("Asteroids",)),
                       ("Tesserine Space", (), ("Moon",))}
    for fact in ex.targets + ex.technologies:
        assert ex.to_json() and fact.evidence.rule == "table_row"


def test_label_value_market_rows(extractor):
    ex = extractor.extract(read_text(MARKDOWN, name="t.md"))
    figures = {(m.metric, m.value, m.year, m.from_year, m.to_year, m.forecast) for m in ex.market}
    assert figures == {("market_size", 120e6, 2025, None, None, False), ("market_size", 900e6, 2032, None, None, True),
                       ("cagr", 33.4, None, 2025, 2032, True)}
    assert label_value_figures("Funding raised, 2025 | USD 40 million", None) == []   # not the market


def test_html_table_with_technology_column(extractor):
    html = (b"<html><body><h1>Lunar Market</h1><h2>Company landscape</h2>"
            b"<table><tr><th>Company</th><th>Headquarters</th><th>Key technology</th></tr>"
            b"<tr><td>Marlow Mining</td><td>Denver</td><td>Ice drills</td></tr>"
            b"<tr><td>Quillon Robotics</td><td>Tokyo, Japan</td><td>Lunar landers</td></tr></table></body></html>")
    ex = extractor.extract(read_bytes(html, "companies.html", ".html"))
    assert {(t.player, t.technology) for t in ex.technologies} == {("Marlow Mining", "Ice drills"),
                                                                  ("Quillon Robotics", "Lunar landers")}


def test_a_value_holding_a_role_word_is_no_header(extractor):
    from spacekg.extract.tables import Header
    lexicon = extractor.lexicon
    assert not Header.read("Type | Private company", lexicon).about_players
    header = Header.read("Company name | Focus | Key technology", lexicon)
    assert header.columns == {"player": 0, "technology": 2, "focus": 1}


def test_year_rows_under_a_market_header_and_key_value_rows():
    rows = {"2025 | USD 1.1 bn": "Year | Market size", "2030F | USD 2.6 bn": "Year | Market size (USD)",
            "Revenue forecast in 2030 | USD 3.4 billion": "", "Growth rate | CAGR of 12.5% from 2025 to 2030": ""}
    got = [[(f.metric, f.value, f.year, f.from_year, f.to_year) for f in label_value_figures(row, None, header)]
           for row, header in rows.items()]
    assert got == [[("market_size", 1.1e9, 2025, None, None)], [("market_size", 2.6e9, 2030, None, None)],
                   [("market_size", 3.4e9, 2030, None, None)], [("cagr", 12.5, None, 2025, 2030)]]
    assert label_value_figures("2025 | USD 40 million", None, "Year | Funding raised") == []


INFOBOX = """# Corvina Lunar Industries

| Corvina Lunar Industries | |
| --- | --- |
| Type | Private company |
| Founded | 2019 |
| Products | Tern lander, Skua ice drill, regolith sintering printers |
| Partners | Andean Space Agency, Maule Robotics |

**Corvina Lunar Industries** is a Chilean company that builds landers for the lunar south pole.
"""


def test_infobox_products_and_partners(extractor):
    ex = extractor.extract(read_text(INFOBOX, name="corvina.md"))
    found = {(t.player, t.technology) for t in ex.technologies}
    assert {("Corvina Lunar Industries", "Tern lander"), ("Corvina Lunar Industries", "Skua ice drill"),
            ("Corvina Lunar Industries", "regolith sintering printers")} <= found
    assert {frozenset(c.players) for c in ex.collaborations} >= {
        frozenset({"Corvina Lunar Industries", "Andean Space Agency"}),
        frozenset({"Corvina Lunar Industries", "Maule Robotics"})}
    assert not [t for t in ex.technologies if t.technology in ("Private company", "2019")]
