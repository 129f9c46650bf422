"""Tables read with their header (spacekg/extract/tables.py): an infobox about one player."""
from spacekg.extract.reader import read_text

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
