"""Geography as data: home regions from nationality words and places, unnamed counterparties kept
as generic players with their region, developments linked to the regions they name, expected
dates apart. Probe sentences written for this test (invented companies), read by the real
pipeline; then asked through `ask` on the store they build."""
import pytest

from spacekg.extract.reader import read_document
from spacekg.queries.ask import ask

PROBE = """Lunar Mining Briefing

Kestrel Regolith, a Japanese company, plans to mine water ice on the Moon.
UK group Harrow Orbital signed an agreement with Kestrel Regolith to build drills.
Luxembourg-based Ferrovia Space is prospecting platinum on asteroids.
Ferrovia Space partnered with a consortium in India to test spectrometers.

Recent Developments

  • Harrow Orbital received new venture funding from investors in India.
  • Kestrel Regolith announced a lunar ice drill expected to launch by 2030.
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory, extractor):
    path = tmp_path_factory.mktemp("geo") / "lunar-briefing.txt"
    path.write_text(PROBE)
    return path, extractor.extract(read_document(path))


def test_home_regions_from_nationality_words_and_places(probe):
    _, ex = probe
    based = {p.name: p.based_in for p in ex.players}
    assert based["Kestrel Regolith"] == ["Japan"]              # "a Japanese company"
    assert based["Harrow Orbital"] == ["United Kingdom"]       # "UK group"
    assert based["Ferrovia Space"] == ["Luxembourg"]           # "Luxembourg-based"


def test_unnamed_counterparties_are_kept_apart_with_their_region(probe):
    _, ex = probe
    generic = {c.name: c.based_in for c in ex.counterparties}
    assert generic["consortium in India"] == ["India"] and generic["investors in India"] == ["India"]
    assert all(c.name not in {p.name for p in ex.players} for c in ex.counterparties)     # not named players
    assert ("Ferrovia Space", "consortium in India") in [c.players for c in ex.counterparty_links]
    assert all("India" not in pair for c in ex.collaborations for pair in c.players)
    funding = next(d for d in ex.developments if "funding" in d.text)
    assert funding.counterparties == ["investors in India"] and "India" in funding.concerns["region"]


def test_an_expected_date_is_not_the_date_of_the_development(probe):
    _, ex = probe
    drill = next(d for d in ex.developments if "expected to launch" in d.text)
    assert drill.expected_date == "2030" and drill.date is None
    assert {d.get("expected_date") for d in ex.to_json()["developments"]} == {None, "2030"}


def test_questions_about_regions_on_the_built_store(probe, tmp_path):
    import spacekg
    path, _ = probe
    store_path = tmp_path / "store"
    spacekg.build([str(path)], store=store_path)
    from spacekg.graph.store import Store
    store = Store.open(store_path)
    assert "Kestrel Regolith" in ask(store, "which players are based in Japan?").summary[0]
    assert "Kestrel Regolith" in ask(store, "which Japanese companies are there?").summary[0]
    answer = ask(store, "who works with partners in India?")
    assert "Ferrovia Space" in answer.summary[0]
    funding = ask(store, "who got funding?")
    assert "Harrow Orbital" in funding.summary[0] and "investors in India" in funding.summary[1]
    assert "consortium in India" not in {r["player"] for r in ask(store, "list the players").sections[0].rows}
