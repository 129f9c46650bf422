"""The competitive map (`spacekg map`) and the players table (`spacekg players`)."""
import csv
import io
import json

import pyoxigraph as ox
import pytest

from spacekg.cli import cli
from spacekg.graph.store import Store
from spacekg.queries.competitive_map import competitive_map, heatmap, render
from spacekg.queries.players import players_table



def by_dimension(maps):
    return {m.dimension: m for m in maps}


def test_sample_map(sample_store):
    maps = by_dimension(competitive_map(sample_store, evidence=True))
    assert set(maps) == {"resource", "platform", "phase", "application"}
    res, plat = maps["resource"], maps["platform"]
    assert res.count("Moon Express", "Water/Ice") == 1
    assert res.count("Asteroid Mining Corporation", "Iron & Nickel") == 1
    # segments the report lists stay on the map even when nobody targets them (white space)
    assert {"Helium-3", "Rare Earth Elements"} <= set(res.concepts) and res.concepts[0] == "Water/Ice"
    assert plat.concepts == ["Moon", "Asteroids", "Mars", "Other Celestial Bodies"]
    assert {p for p in plat.players if plat.count(p, "Moon")} == {"Blue Origin", "ispace", "Moon Express", "NASA"}
    # a claim and a development read from the same sentence are one statement
    assert plat.count("Moon Express", "Moon") == 1
    assert "lunar ice" in plat.cells[("Moon Express", "Moon")][0].sentence
    assert maps["application"].count("Moon Express", "Fuel Generation") == 1
    assert maps["phase"].count("NASA", "Support Infrastructure") == 1


def test_invented_reports_map_counts_statements(report_store):
    maps = by_dimension(competitive_map(report_store, ["resource", "platform"], evidence=True))
    assert set(maps) == {"resource", "platform"}
    plat = maps["platform"]
    assert plat.count("Selene Drillworks", "Moon") == 2          # its claim (2026) and the 2027 agreement
    assert plat.count("Vesta Metals", "Asteroids") == 2
    assert plat.count("Puna Regolith", "Mars") == 1
    assert {e.source for evs in plat.cells.values() for e in evs} == {"nordic-space-mining.txt",
                                                                     "andean-space-resources.md"}
    assert maps["resource"].count("Selene Drillworks", "Helium-3") == 1
    assert "Iron & Nickel" not in maps["resource"].concepts     # neither listed nor targeted


@pytest.mark.parametrize("dimensions", [None, ["resource"], ["platform"], ["phase"], ["application"],
                                        ["resource", "platform"]])
@pytest.mark.parametrize("which", ["sample_store", "report_store"])
def test_counting_in_the_store_gives_the_map_the_evidence_gives(request, which, dimensions):
    """The map counted by competitive-map-counts is the map counted from the statements themselves."""
    store = request.getfixturevalue(which)
    counted, read = competitive_map(store, dimensions), competitive_map(store, dimensions, evidence=True)
    assert [m.dimension for m in counted] == [m.dimension for m in read]
    for c, r in zip(counted, read):
        assert c.cells is None
        assert (c.players, c.concepts, c.counts) == (r.players, r.concepts, r.counts)
        assert r.counts == {cell: len(evs) for cell, evs in r.cells.items()}
    for fmt in ("table", "csv", "json"):
        assert render(counted, fmt) == render(read, fmt)


def test_counts_follow_the_evidence_sentences():
    """A claim and a development read from one sentence count once; the same offset in another
    document, a claim with no evidence and one with an empty sentence (at the same offset) count on
    their own."""
    store = Store.in_memory()
    store.db.load(MAP_TRIG.encode(), format=ox.RdfFormat.TRIG, base_iri=None)
    for evidence in (False, True):
        maps = by_dimension(competitive_map(store, evidence=evidence))
        assert set(maps) == {"resource", "platform"}
        plat, res = maps["platform"], maps["resource"]
        assert plat.players == ["Selene Drillworks", "Karst Orbital"]
        assert plat.count("Selene Drillworks", "Moon") == 4 and plat.count("Karst Orbital", "Moon") == 1
        assert res.concepts == ["Water/Ice", "Helium-3"]            # Helium-3: listed, never named
        assert res.count("Selene Drillworks", "Water/Ice") == 2 and res.count("Selene Drillworks", "Helium-3") == 0
    moon = maps["platform"].cells[("Selene Drillworks", "Moon")]
    assert sorted((e.source, e.start) for e in moon if e.sentence) == [("a.txt", 10), ("b.txt", 10)]


def test_evidence_is_shown_only_when_read(sample_store):
    maps = competitive_map(sample_store, ["platform"])
    for fmt in ("table", "csv", "json"):
        with pytest.raises(ValueError, match="evidence was not read"):
            render(maps, fmt, evidence=True)


MAP_TRIG = r"""
@prefix sm: <https://w3id.org/spacekg/ontology#> .
@prefix smr: <https://w3id.org/spacekg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
smr:graph\/ontology {
  smr:resource\/water-ice a sm:Resource ; rdfs:label "Water/Ice" .
  smr:resource\/helium-3 a sm:Resource ; rdfs:label "Helium-3" .
  smr:platform\/moon a sm:Platform ; rdfs:label "Moon" .
}
smr:report\/a-txt {
  smr:report\/a-txt a sm:Report ; sm:fileName "a.txt" ; sm:segment smr:resource\/helium-3 .
  smr:player\/selene a sm:Player ; rdfs:label "Selene Drillworks" .
  smr:player\/karst a sm:Player ; rdfs:label "Karst Orbital" .
  smr:a\/claim1 a sm:TargetClaim ; sm:player smr:player\/selene ; sm:resource smr:resource\/water-ice ;
      sm:platform smr:platform\/moon .
  smr:a\/ev1 a sm:Evidence ; sm:about smr:a\/claim1 ; sm:sentence "Selene Drillworks will mine lunar ice." ;
      sm:charStart 10 ; sm:charEnd 48 .
  smr:a\/dev1 a sm:Development ; sm:participant smr:player\/selene, smr:player\/karst ;
      sm:concerns smr:platform\/moon .
  smr:a\/ev2 a sm:Evidence ; sm:about smr:a\/dev1 ; sm:sentence "Selene Drillworks will mine lunar ice." ;
      sm:charStart 10 ; sm:charEnd 48 .
  smr:a\/claim2 a sm:TargetClaim ; sm:player smr:player\/selene ; sm:platform smr:platform\/moon .
  smr:a\/claim3 a sm:TargetClaim ; sm:player smr:player\/selene ; sm:platform smr:platform\/moon ;
      sm:resource smr:resource\/water-ice .
  smr:a\/ev3 a sm:Evidence ; sm:about smr:a\/claim3 ; sm:sentence "" ; sm:charStart 10 ; sm:charEnd 10 .
}
smr:report\/b-txt {
  smr:report\/b-txt a sm:Report ; sm:fileName "b.txt" .
  smr:player\/selene a sm:Player ; rdfs:label "Selene Drillworks" .
  smr:b\/claim4 a sm:TargetClaim ; sm:player smr:player\/selene ; sm:platform smr:platform\/moon .
  smr:b\/ev4 a sm:Evidence ; sm:about smr:b\/claim4 ; sm:sentence "Selene Drillworks plans a Moon base." ;
      sm:charStart 10 ; sm:charEnd 45 .
}
"""


@pytest.fixture(scope="module")
def store_dir(sample_store):
    return str(sample_store.path)


def test_map_table_and_evidence(runner, store_dir):
    r = runner.invoke(cli, ["map", "--store", store_dir])
    assert r.exit_code == 0
    assert "players x resources" in r.stdout and "players x platforms" in r.stdout
    r = runner.invoke(cli, ["map", "--store", store_dir, "--dimension", "platform", "--evidence"])
    assert "players x resources" not in r.stdout
    assert "Moon Express x Moon: Moon Express began prototyping ISRU systems" in r.stdout


def test_map_csv_and_json(runner, store_dir):
    r = runner.invoke(cli, ["map", "--store", store_dir, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {"dimension": "resource", "player": "Moon Express", "concept": "Water/Ice", "statements": "1"} in rows
    r = runner.invoke(cli, ["map", "--store", store_dir, "--format", "csv", "--evidence", "--dimension", "resource"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert all(row["sentence"] and row["source"] == "china-space-mining-market.txt" for row in rows)
    data = json.loads(runner.invoke(cli, ["map", "--store", store_dir, "--format", "json", "--evidence"]).stdout)
    assert data["platform"]["counts"]["NASA"]["Moon"] == 1
    assert data["resource"]["counts"]["Moon Express"]["Helium-3"] == 0
    cell = next(c for c in data["resource"]["evidence"] if c["player"] == "Moon Express")
    assert "lunar ice" in cell["statements"][0]["sentence"]


@pytest.mark.parametrize("name, magic", [("map.png", b"\x89PNG"), ("map.svg", b"<?xml"), ("map.pdf", b"%PDF")])
def test_heatmap_files(runner, store_dir, tmp_path, name, magic):
    out = tmp_path / name
    r = runner.invoke(cli, ["map", "--store", store_dir, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(magic) and out.stat().st_size > 5000
    assert not list(tmp_path.glob("*.tmp"))
    if name.endswith(".svg"):
        text = out.read_text()
        assert "Moon Express" in text or "Moon" in text        # labelled (text may be drawn as paths)


def test_heatmap_refuses_other_formats(runner, store_dir, tmp_path):
    r = runner.invoke(cli, ["map", "--store", store_dir, "-o", str(tmp_path / "map.gif")])
    assert r.exit_code == 1 and "spacekg: error:" in r.stderr and ".png, .svg or .pdf" in r.stderr


def test_heatmap_of_empty_map_is_an_error(tmp_path):
    from spacekg.errors import SpacekgError
    with pytest.raises(SpacekgError, match="nothing to draw"):
        heatmap([], tmp_path / "m.png")


# ---------------------------------------------------------------- players

def test_players_table(sample_store):
    table = players_table(sample_store)
    assert len(table.rows) == 10
    row = dict(zip(table.columns, next(r for r in table.rows if r[0] == "Moon Express")))
    assert row["resources"] == "Water/Ice" and row["platforms"] == "Moon" and row["technologies"] == "ISRU systems"


@pytest.mark.parametrize("kwargs, expected", [
    ({"resource": "lunar ice"}, {"Moon Express"}),
    ({"resource": "water", "platform": "the Moon"}, {"Moon Express"}),
    ({"platform": "NEAs"}, {"Asteroid Mining Corporation", "Planetary Resources"}),
    ({"platform": "lunar"}, {"Blue Origin", "ispace", "Moon Express", "NASA"}),
    ({"technology": "ISRU"}, {"Moon Express"}),
    ({"technology": "robots", "platform": "moon"}, {"Blue Origin"}),
    ({"technology": "robots", "platform": "asteroids"}, set()),
    ({"resource": "helium 3"}, set()),
])
def test_players_filters(sample_store, kwargs, expected):
    assert {r[0] for r in players_table(sample_store, **kwargs).rows} == expected


def test_players_filters_on_invented_reports(report_store):
    assert {r[0] for r in players_table(report_store, resource="PGMs").rows} == {"Karst Orbital", "Vesta Metals"}
    assert {r[0] for r in players_table(report_store, resource="He-3", platform="Moon").rows} == \
        {"Selene Drillworks"}


def test_players_command(runner, store_dir):
    r = runner.invoke(cli, ["players", "--store", store_dir, "--resource", "lunar ice", "--format", "json"])
    assert r.exit_code == 0
    assert [p["player"] for p in json.loads(r.stdout)] == ["Moon Express"]
    r = runner.invoke(cli, ["players", "--store", store_dir, "--platform", "Moon"])
    assert r.stdout.startswith("players targeting Moon: 4")
    r = runner.invoke(cli, ["players", "--store", store_dir, "--resource", "unobtainium"])
    assert r.exit_code == 2 and "no resource in the store matches 'unobtainium'" in r.stderr


# ---------------------------------------------------------------- unnamed counterparties (hand-built store)

@pytest.fixture(scope="module")
def geo_store(tmp_path_factory):
    from geo_facts import geography_extraction
    from handmade import store_of_facts
    from spacekg.extract.facts import Player, Target
    ex = geography_extraction()
    # a generic player among the players (as an extraction JSON may hold one), with a target claim of its own
    ex.players.append(Player("prospectors in Chile", kind="generic", based_in=["Chile"], generic=True))
    ex.targets.append(Target("prospectors in Chile", ["Regolith"], ["Moon"]))
    return store_of_facts(tmp_path_factory.mktemp("geo-map") / "store", [ex])


def test_unnamed_counterparties_are_beside_the_map_never_rows(geo_store):
    for evidence in (False, True):
        maps = by_dimension(competitive_map(geo_store, evidence=evidence))
        plat, res = maps["platform"], maps["resource"]
        named = {"Pellucid Regolith", "Varrow Astrometals", "Ombra Excavation", "Quillfeather Orbital"}
        assert set(plat.players) == named and set(res.players) == named
        assert plat.unnamed == {("consortium in Brazil (unnamed)", "Asteroids"): 1,
                                ("prospectors in Chile (unnamed)", "Moon"): 1}
        assert res.unnamed == {("prospectors in Chile (unnamed)", "Regolith"): 1}
        assert not any("Chile" in p or "Brazil" in p for p, _ in plat.counts)
        if evidence:
            assert not any("Chile" in p for p, _ in plat.cells)
    only = by_dimension(competitive_map(geo_store, ["resource"]))
    assert set(only) == {"resource"} and set(only["resource"].unnamed) == {("prospectors in Chile (unnamed)", "Regolith")}


def test_map_outputs_mark_unnamed_counterparties(runner, geo_store, tmp_path):
    store = str(geo_store.path)
    r = runner.invoke(cli, ["map", "--store", store, "--dimension", "platform"])
    assert r.exit_code == 0, r.output
    table_part, _, after = r.stdout.partition("unnamed counterparties (not rows of the map")
    assert "Varrow Astrometals" in table_part and "Brazil" not in table_part and "Chile" not in table_part
    assert "consortium in Brazil (unnamed): Asteroids 1" in after and "prospectors in Chile (unnamed): Moon 1" in after
    data = json.loads(runner.invoke(cli, ["map", "--store", store, "--format", "json"]).stdout)
    assert data["platform"]["unnamed"] == {"consortium in Brazil (unnamed)": {"Asteroids": 1},
                                           "prospectors in Chile (unnamed)": {"Moon": 1}}
    assert not any("(unnamed)" in p or "Chile" in p for p in data["platform"]["players"])
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["map", "--store", store, "--format", "csv"]).stdout)))
    assert rows and not any("Brazil" in row["player"] or "Chile" in row["player"] for row in rows)
    out = tmp_path / "geo-map.svg"
    assert runner.invoke(cli, ["map", "--store", store, "-o", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"<?xml")
