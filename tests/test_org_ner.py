"""The fine-tuned `ner` (data/models/org_ner) and its training recipe (training/org_ner.py).

Every sentence here is written for these tests; the organisation names are invented."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import spacy

from spacekg.errors import ModelError
from spacekg.extract import pipeline

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (CI, the main checkout) or beside the worktrees' folder
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), None)
REALTEXT = SHARED / "realtext" / "gold" if SHARED else None


def recipe():
    spec = importlib.util.spec_from_file_location("org_ner", ROOT / "training" / "org_ner.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["org_ner"] = module      # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def orgs(nlp, text: str) -> set[str]:
    return {e.text for e in nlp(text).ents if e.label_ == "ORG"}


# ---------------------------------------------------------------- choosing the ner

def test_default_is_the_shipped_component_when_there_is_one_else_the_model_own():
    shipped = pipeline.SHIPPED_NER if (pipeline.SHIPPED_NER / "model").is_file() else None
    assert pipeline.ner_choice("") == shipped
    assert pipeline.ner_choice("trained") == shipped
    assert pipeline.ner_choice("plain") is None


def test_load_nlp_takes_the_setting_in_python():
    nlp = pipeline.load_nlp("plain")
    assert "spacekg_terms" in nlp.pipe_names and "ner" in nlp.pipe_names


def test_ner_setting_that_is_not_a_component_says_so(tmp_path):
    with pytest.raises(ModelError, match="no ner component saved there"):
        pipeline.ner_choice(str(tmp_path))


# ---------------------------------------------------------------- the recipe, on a tiny dataset of our own

TINY = {
    "01-tiny.txt": ("Brenmoor Lunar Works announced on Tuesday that it will test an ice drill in Utah.\n\n"
                    "Brenmoor Lunar Works and Calder Orbital signed a supply agreement in May 2025.\n",
                    [{"name": "Brenmoor Lunar Works", "aliases": [], "kind": "company"},
                     {"name": "Calder Orbital", "aliases": ["Calder"], "kind": "company"}]),
    "02-tiny.txt": ("Calder said its prospecting satellite will launch next year from Texas.\n\n"
                    "Ostrava Regolith Labs joined the consortium led by Calder Orbital.\n",
                    [{"name": "Calder Orbital", "aliases": ["Calder"], "kind": "company"},
                     {"name": "Ostrava Regolith Labs", "aliases": [], "kind": "company"}]),
}


@pytest.fixture()
def tiny_gold(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    for name, (text, players) in TINY.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
        gold = {"doc": name, "publishers": [], "players": players, "targets": [], "collaborations": [],
                "technologies": [], "market": []}
        (tmp_path / "gold" / name.replace(".txt", ".json")).write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path / "gold"


def test_gold_forms_become_org_and_the_model_keeps_its_other_labels(tiny_gold):
    org_ner = recipe()
    docs = org_ner.load_docs(tiny_gold)
    assert [d.name for d in docs] == ["01-tiny.txt", "02-tiny.txt"]
    base = spacy.load(org_ner.BASE_MODEL)
    ex = org_ner.examples(base, docs)
    ents = {(e.text, e.label_) for x in ex for e in x.reference.ents}
    assert {("Brenmoor Lunar Works", "ORG"), ("Calder Orbital", "ORG"), ("Calder", "ORG"),
            ("Ostrava Regolith Labs", "ORG")} <= ents
    assert ("May 2025", "DATE") in ents and ("Utah", "GPE") in ents     # the base model's own labels, kept


def test_find_forms_takes_the_longest_form_and_whole_words():
    org_ner = recipe()
    text = "Calder Orbital and Calder; not Caldera."
    assert org_ner.find_forms(text, ["Calder Orbital", "Calder"]) == [(0, 14), (19, 25)]


def test_recipe_trains_and_the_pipeline_loads_what_it_wrote(tiny_gold, tmp_path, monkeypatch):
    org_ner = recipe()
    out = tmp_path / "ner"
    assert org_ner.main(["train", str(tiny_gold), "--out", str(out), "--epochs", "10"]) == 0
    assert (out / "model").is_file() and not (out / "vocab").exists()
    assert pipeline.ner_choice(str(out)) == out
    plain = spacy.load(org_ner.BASE_MODEL)
    nlp = pipeline.use_ner(spacy.load(org_ner.BASE_MODEL), out)
    assert nlp.get_pipe("ner").labels == plain.get_pipe("ner").labels
    sentence = "Calder Orbital and Ostrava Regolith Labs signed a supply agreement in May 2025."
    # the plain model reads both names as people; the weights trained on the two documents, as organisations
    assert not orgs(plain, sentence) & {"Calder Orbital", "Ostrava Regolith Labs"}
    assert {"Calder Orbital", "Ostrava Regolith Labs"} <= orgs(nlp, sentence)
    assert ("May 2025", "DATE") in {(e.text, e.label_) for e in nlp(sentence).ents}
    # the whole extraction pipeline, as load_nlp builds it, with SPACEKG_NER naming the folder
    monkeypatch.setenv(pipeline.NER_ENV, str(out))
    full = pipeline.add_components(pipeline.use_ner(pipeline.load_model(), pipeline.ner_choice()))
    assert "spacekg_terms" in full.pipe_names
    assert {"Calder Orbital", "Ostrava Regolith Labs"} <= orgs(full, sentence)


# ---------------------------------------------------------------- the real pages (../shared)

@pytest.mark.skipif(REALTEXT is None or not REALTEXT.is_dir(),
                    reason="../shared/realtext is absent: the data recipe's check needs the team's real pages")
def test_every_realtext_gold_player_is_found_in_its_document():
    org_ner = recipe()
    docs = org_ner.load_docs(REALTEXT)
    assert len(docs) >= 46
    for d in docs:
        for p in d.gold["players"]:
            assert any(org_ner.find_forms(t, [p["name"], *p.get("aliases", [])]) for t in d.blocks), (d.name, p["name"])
