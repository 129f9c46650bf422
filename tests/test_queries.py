"""The library of named queries (queries/*.rq), the Reader, and name resolution."""
import re

import pyoxigraph as ox
import pytest

from spacekg.cli import cli
from spacekg.queries.access import Reader
from spacekg.queries.library import named_queries, run_named
from spacekg.queries.names import Names

SMR = "https://w3id.org/spacekg/id/"
NEW_QUERIES = {"players-targeting", "players-technologies", "collaborations", "developments", "market-figures",
               "players", "concepts", "labels", "competitive-map", "competitive-map-counts", "listed-segments"}


def test_every_query_is_documented_and_its_parameters_are_projected():
    queries = named_queries()
    assert NEW_QUERIES <= set(queries)
    for q in queries.values():
        assert len(q.summary) > 20, q.name
        select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
        for param, description in q.params.items():
            assert description, (q.name, param)
            # pyoxigraph substitutes only projected variables
            assert re.search(rf"\?{param}\b", select), (q.name, param)


@pytest.mark.parametrize("name", sorted(NEW_QUERIES - {"concepts"}))
def test_every_query_runs_without_parameters(sample_store, name):
    assert run_named(sample_store, name).rows, name


def test_players_targeting_parameters(sample_store):
    rows = run_named(sample_store, "players-targeting", resource="smr:resource/water-ice",
                     platform="smr:platform/moon").records()
    assert [r["name"] for r in rows] == ["Moon Express"] and "lunar ice" in rows[0]["sentence"]
    rows = run_named(sample_store, "players-targeting", player="smr:player/nasa").records()
    assert [r["platformLabel"] for r in rows] == ["Moon"]
    rows = run_named(sample_store, "players-targeting", concern="smr:phase/prospecting-exploration").records()
    assert {r["name"] for r in rows} == {"Asteroid Mining Corporation", "Planetary Resources"}


def test_developments_are_in_time_order(sample_store):
    rows = run_named(sample_store, "developments").records()
    # "expected to launch by 2029": an expected date, not the date it happened; undated ones last
    assert rows[0]["expected"] == 2029 and all(r["date"] is None and r["expected"] is None for r in rows[1:])
    rows = run_named(sample_store, "developments", platform="smr:platform/asteroids").records()
    assert len(rows) == 2


def test_market_figures_by_metric(sample_store):
    rows = run_named(sample_store, "market-figures", metric=ox.Literal("cagr")).records()
    assert [(r["value"], r["fromYear"], r["toYear"]) for r in rows] == [(35.4, 2025, 2031)]


def test_concepts_and_collaborations(sample_store):
    rows = run_named(sample_store, "concepts", **{"class": "sm:Platform"}).records()
    moon = next(r for r in rows if r["label"] == "Moon")
    assert moon["players"] == 4 and moon["listedBy"] == 1
    rows = run_named(sample_store, "collaborations", player="smr:player/ispace").records()
    assert [r["partnerName"] for r in rows] == ["NASA"] and "partnership" in rows[0]["sentence"]


def test_query_list_and_param_on_the_command_line(runner, sample_store):
    r = runner.invoke(cli, ["query", "--list"])
    assert all(name in r.stdout for name in NEW_QUERIES)
    lines = r.stdout.splitlines()                                  # the parameters column may wrap
    row = next(i for i, line in enumerate(lines) if line.startswith("players-technologies "))
    assert "player," in lines[row] and "technology" in lines[row] + lines[row + 1]
    r = runner.invoke(cli, ["query", "developments", "-p", "player=smr:player/blue-origin", "--store",
                            str(sample_store.path), "--format", "csv"])
    assert r.exit_code == 0 and "2029" in r.stdout and "Blue Origin" in r.stdout
    r = runner.invoke(cli, ["query", "developments", "-p", "colour=red", "--store", str(sample_store.path)])
    assert r.exit_code == 1 and "has no parameter colour" in r.stderr


# ---------------------------------------------------------------- the Reader

class Source:
    """Not a Store: just something with .query(), as a remote endpoint client will be."""

    def __init__(self, store):
        self.store, self.seen = store, []

    def query(self, sparql, substitutions=None, timeout=None):
        self.seen.append(substitutions)
        return self.store.query(sparql, substitutions=substitutions, timeout=timeout)


def test_reader_binds_values_and_records_runs(sample_store):
    source = Source(sample_store)
    reader = Reader(source)
    rows = reader.rows("players-targeting", platform=SMR + "platform/asteroids", resource=None)
    assert {r["name"] for r in rows} == {"Asteroid Mining Corporation", "Planetary Resources"}
    assert source.seen == [{"platform": ox.NamedNode(SMR + "platform/asteroids")}]
    [run] = reader.runs
    assert run.name == "players-targeting" and run.params == (("platform", f"<{SMR}platform/asteroids>"),)


# ---------------------------------------------------------------- names

def rows(*entities):
    out = []
    for iri, kind, label, *aliases in entities:
        for name in (label, *aliases):
            out.append({"entity": SMR + iri, "kind": kind, "label": label, "name": name})
    return out


@pytest.fixture(scope="module")
def names():
    return Names.from_rows(rows(
        ("player/orbita", "player", "Orbita Mining", "Orbita Mining, Inc."),
        ("player/ispacex", "player", "ispacex"),
        ("player/asteroid-works", "player", "Asteroid Works Corporation"),
        ("resource/water-ice", "resource", "Water/Ice"),
        ("resource/helium-3", "resource", "Helium-3"),
        ("resource/platinum-group-metals", "resource", "Platinum Group Metals"),
        ("platform/moon", "platform", "Moon"),
        ("platform/asteroids", "platform", "Asteroids", "Asteroids (NEAs)"),
        ("phase/extraction-excavation", "phase", "Extraction & Excavation"),
        ("technology/regolith-sintering-furnaces", "technology", "regolith sintering furnaces"),
    ))


def labels(matches):
    return [m.entity.label for m in matches]


@pytest.mark.parametrize("text, expected", [
    ("lunar ice", ["Water/Ice", "Moon"]),                   # one synonym, two dimensions
    ("helium-3 on the Moon", ["Helium-3", "Moon"]),
    ("helium 3", ["Helium-3"]),
    ("He-3", ["Helium-3"]),
    ("water on asteroids", ["Water/Ice", "Asteroids"]),
    ("PGMs on NEAs", ["Platinum Group Metals", "Asteroids"]),
    ("WATER ICE", ["Water/Ice"]),
])
def test_concepts_by_synonym(names, text, expected):
    assert sorted(labels(names.find(text, ("resource", "platform")))) == sorted(expected)


@pytest.mark.parametrize("text", ["Orbita Mining", "orbita mining inc", "Orbita Mining, Inc.", "ORBITA MINNING",
                                  "the Orbita Mining's", "orbita minig"])
def test_players_by_alias_case_and_misspelling(names, text):
    assert names.one(text, ("player",)).label == "Orbita Mining"


def test_a_players_name_hides_the_concepts_inside_it(names):
    assert labels(names.find("Asteroid Works Corporation")) == ["Asteroid Works Corporation"]


def test_common_words_are_not_misread_as_names(names):
    assert names.find("space", ("player",)) == []
    assert names.find("use the", ("player", "resource")) == []
    assert names.one("totally unknown", ("player",)) is None


def test_technologies_by_a_word_of_their_name(names):
    assert [e.label for e in names.containing("furnaces")] == ["regolith sintering furnaces"]
    assert [e.label for e in names.containing("sintering furnace")] == ["regolith sintering furnaces"]
    assert names.containing("the technology") == []


def test_suggestions(names):
    assert names.suggest("Orbita Minerals", ("player",))[0] == "Orbita Mining"


def test_names_from_the_store_include_vocabulary_synonyms(sample_store):
    store_names = Names.load(Reader(sample_store))
    assert store_names.one("Moon Express Inc", ("player",)).label == "Moon Express"
    assert store_names.one("ISPACE", ("player",)).label == "ispace"
    assert sorted(labels(store_names.find("lunar ice", ("resource", "platform")))) == ["Moon", "Water/Ice"]
    assert labels(store_names.find("metallic NEAs", ("resource", "platform"))) == ["Iron & Nickel", "Asteroids"]
