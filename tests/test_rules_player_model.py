"""The player decision (spacekg/extract/decision.py): a trained model weighing the rules' evidence about
each name. Models here are hand-made, so the tests check the mechanism, not the shipped weights. Every
sentence and name is invented for the test."""
from __future__ import annotations

import math

import pytest

from spacekg.extract.decision import PlayerModel, gather, tree_value
from spacekg.extract.explain import explain
from spacekg.extract.extractor import Extractor
from spacekg.extract.reader import read_text
from spacekg.extract.rules import REGISTRY, load_rule_modules
from test_rules import covers

TEXT = ("Korvath Dynamics signed a contract with the Orbital Survey Office to map lunar ice.\n"
        "Its chief executive, Dana Pellow, said the drill would fly in 2029.\n")


def run(nlp, model, text=TEXT):
    return Extractor(nlp, player_model=model).extract(read_text(text, "probe.txt"))


def test_without_a_model_the_rules_alone_decide(nlp):
    names = {p.name for p in run(nlp, None).players}
    assert names == {"Korvath Dynamics", "Orbital Survey Office"}


@covers("veto_player_model")
def test_a_name_scored_below_the_drop_threshold_is_refused_with_the_model_s_rule(nlp):
    # every admitted name scores low, except one that a legal form or head word supports
    model = PlayerModel({"org_head": 20.0}, bias=-10.0, drop_below=0.5, admit_above=1.0)
    out = run(nlp, model)
    assert {p.name for p in out.players} == {"Korvath Dynamics"}
    refused = {r["name"]: r["rule"] for r in explain(out)["rejected"]}
    assert refused["Orbital Survey Office"] == "veto_player_model"


@covers("player_model")
def test_a_refused_name_scored_above_the_admit_threshold_comes_back_with_its_sentence(nlp):
    # the mechanism only: a model that trusts what one veto refuses brings the name back
    text = "Investors include Dana Pellow, Korvath Dynamics and Brisk Ventures.\n"
    refused = {r.name: r.rule for r in run(nlp, None, text).rejected}
    assert refused.get("Dana Pellow") is not None, "probe: the rules refuse the person's name"
    model = PlayerModel({f"veto:{refused['Dana Pellow']}": 20.0}, bias=-10.0, drop_below=0.0, admit_above=0.9)
    out = run(nlp, model, text)
    back = {p.name: p for p in out.players}["Dana Pellow"]
    assert back.admitted[0].evidence.rule == "player_model"
    assert "Dana Pellow" in back.admitted[0].evidence.sentence


def test_a_model_that_agrees_with_the_rules_changes_nothing(nlp):
    model = PlayerModel({"admitted": 20.0}, bias=-10.0, drop_below=0.5, admit_above=0.5)
    assert {p.name for p in run(nlp, model).players} == {p.name for p in run(nlp, None).players}


def test_the_features_say_how_a_name_was_found_never_what_it_is(nlp):
    from spacekg.extract.candidates import find_players
    from spacekg.extract.inventory import PlayerIndex
    from spacekg.extract.tables import table_rows

    extractor = Extractor(nlp, player_model=None)
    doc = read_text(TEXT, "probe.txt")
    parsed = extractor.parse(doc)
    index = PlayerIndex(extractor.lexicon, text=doc.text)
    find_players(parsed, index, extractor.lexicon, table_rows([b for b, _ in parsed], extractor.lexicon))
    names = gather(index, parsed)
    assert names, "probe: the rules propose names"
    words = {"korvath", "dynamics", "orbital", "survey", "office", "dana", "pellow"}
    for ev in names.values():
        for feature in ev.features:
            assert not (set(feature.lower().replace(":", " ").replace("_", " ").split()) & words), feature


def _recipe():
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location(
        "player_model_recipe", Path(__file__).resolve().parent.parent / "training" / "player_model.py")
    recipe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recipe)
    return recipe


def _rows():
    """Hand-written feature rows in eight gold folders: a legal form marks players, a veto marks the rest."""
    rows = []
    for g in range(8):
        rows += [{"group": f"g{g}", "doc": f"d{i}", "admitted": True, "label": 1, "gold": [f"p{i}"],
                  "features": {"admitted": 1.0, "rule:org_suffix": 1.0, "page_size": 1.0}} for i in range(6)]
        rows += [{"group": f"g{g}", "doc": f"e{i}", "admitted": True, "label": 0, "gold": [],
                  "features": {"admitted": 1.0, "veto:veto_thing_name": 1.0, "page_size": 0.5}} for i in range(6)]
    return rows


@pytest.mark.parametrize("kind", ["linear", "trees"])
def test_the_training_recipe_fits_saves_and_loads_a_model(tmp_path, kind):
    """training/player_model.py on hand-written feature rows: what it learns and writes, the extractor reads."""
    recipe = _recipe()
    out = tmp_path / "player_model.json"
    recipe.train(_rows(), kind=kind, l2=1.0, out=out)
    model = PlayerModel.load(out)
    load_rule_modules()
    assert all(k.partition(":")[2] in REGISTRY for k in model.weights if ":" in k)
    assert bool(model.trees) == (kind == "trees")
    assert model.probability({"admitted": 1.0, "rule:org_suffix": 1.0, "page_size": 1.0}) > 0.5 > \
        model.probability({"admitted": 1.0, "veto:veto_thing_name": 1.0, "page_size": 0.5})
    assert 0.0 < model.drop_below <= 1.0 and model.admit_above == 1.0
    assert model.min_page_chars == round(math.expm1(0.5) * 1000), "the shortest page trained on"


def test_a_tree_is_read_as_the_training_library_wrote_it():
    tree = {"feature": ["once", None, "ner:ORG", None, None], "threshold": [0.5, 0, 0.25, 0, 0],
            "left": [1, -1, 3, -1, -1], "right": [2, -1, 4, -1, -1], "value": [0, -1.0, 0, 0.5, 2.0]}
    assert tree_value(tree, {}) == -1.0                                 # a missing feature counts 0
    assert tree_value(tree, {"once": 1.0}) == 0.5
    assert tree_value(tree, {"once": 1.0, "ner:ORG": 1.0}) == 2.0
    model = PlayerModel({}, bias=0.0, drop_below=0.5, admit_above=1.0, trees=[tree, tree])
    assert model.probability({"once": 1.0, "ner:ORG": 1.0}) == pytest.approx(1 / (1 + math.exp(-4.0)))


def test_a_page_shorter_than_any_trained_on_is_left_to_the_rules(nlp):
    # a model that drops everything, trained on pages of at least 2,000 characters
    model = PlayerModel({}, bias=-10.0, drop_below=0.5, admit_above=1.0, min_page_chars=2000)
    assert {p.name for p in run(nlp, model).players} == {"Korvath Dynamics", "Orbital Survey Office"}
    model.min_page_chars = 0
    assert {p.name for p in run(nlp, model).players} == set()


def test_the_shipped_model_is_trees_over_how_names_were_found():
    model = PlayerModel.load()
    assert model is not None and model.trees, "the package ships its player model (README, twelfth round)"
    assert 0.0 < model.drop_below < 0.5 < model.admit_above == 1.0
    load_rule_modules()
    used = {f for tree in model.trees for f in tree["feature"] if f}
    families = {"rule", "veto", "proposed", "ner", "dep", "head", "prev", "next", "last", "sent", "words"}
    for feature in used:
        family, _, value = feature.partition(":")
        if value:
            assert family in families, feature
            if family in ("rule", "veto", "proposed"):
                assert value in REGISTRY, feature


def test_on_a_page_the_shipped_model_keeps_the_company_the_page_is_about(nlp):
    """An invented page longer than any the model skips: the firm named in the title, the subject of
    company verbs and joined to an agency by a contract, stays; the rules' view of it is unchanged."""
    page = ("Korvath Dynamics wins agency contract for lunar ice drill\n\n"
            "Korvath Dynamics, a start-up based in Tucson, has won a contract from the Orbital Survey "
            "Office to build a drill that will map water ice near the lunar south pole. The company said the "
            "drill would fly in 2029 on a commercial lander. Korvath Dynamics raised $12 million last year "
            "from Brisk Ventures and plans to hire forty engineers. Its chief executive, Dana Pellow, said "
            "the agency's support would let Korvath Dynamics test the drill in a vacuum chamber next spring. "
            "The Orbital Survey Office said the contract is one of six it awarded this year.\n")
    assert len(page) > PlayerModel.load().min_page_chars
    with_model = {p.name for p in Extractor(nlp).extract(read_text(page, "page.txt")).players}
    assert "Korvath Dynamics" in with_model
    assert with_model <= {p.name for p in run(nlp, None, page).players}
