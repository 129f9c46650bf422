"""The player decision (spacekg/extract/decision.py): a trained model weighing the rules' evidence about
each name. Models here are hand-made, so the tests check the mechanism, not the shipped weights. Every
sentence and name is invented for the test."""
from __future__ import annotations


from spacekg.extract.decision import MODEL_FILE, PlayerModel, gather
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


def test_the_training_recipe_fits_saves_and_loads_a_model(tmp_path):
    """training/player_model.py on hand-written feature rows: what it learns and writes, the extractor reads."""
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location(
        "player_model_recipe", Path(__file__).resolve().parent.parent / "training" / "player_model.py")
    recipe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(recipe)
    rows = [{"group": "g", "doc": f"d{i}", "admitted": True, "label": 1, "gold": [f"p{i}"],
             "features": {"admitted": 1.0, "rule:org_suffix": 1.0}} for i in range(6)]
    rows += [{"group": "g", "doc": f"e{i}", "admitted": True, "label": 0, "gold": [],
              "features": {"admitted": 1.0, "veto:veto_thing_name": 1.0}} for i in range(6)]
    out = tmp_path / "player_model.json"
    recipe.train(rows, l2=1.0, out=out)
    model = PlayerModel.load(out)
    load_rule_modules()
    assert all(k.partition(":")[2] in REGISTRY for k in model.weights if ":" in k)
    assert model.probability({"admitted": 1.0, "rule:org_suffix": 1.0}) > 0.5 > \
        model.probability({"admitted": 1.0, "veto:veto_thing_name": 1.0})
    assert 0.0 <= model.drop_below <= 1.0 and 0.0 <= model.admit_above <= 1.0
    assert not MODEL_FILE.exists(), "the package ships no player model (README, ninth round)"
