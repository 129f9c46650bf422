"""The extraction lexicon: word sets read from data/lexicon.yaml, and the one test of a token against them."""
from spacekg.extract.lexicon import load_lexicon


def test_has_matches_lemma_or_lower_form(nlp):
    lexicon = load_lexicon()
    doc = nlp("Acme Drills built two Drills and partnered with a rover maker.")
    drills = [t for t in doc if t.lower_ == "drills"][-1]
    assert lexicon.has(drills, "technology_heads")              # "drills" (and its lemma "drill")
    partnered = next(t for t in doc if t.lower_ == "partnered")
    assert lexicon.has(partnered, "collaboration_cues")
    assert lexicon.has(partnered, "technology_heads", "collaboration_cues")    # any of several sets
    assert not lexicon.has(partnered, "technology_heads")


def test_vocabularies_that_were_code_are_data():
    lexicon = load_lexicon()
    assert {"university", "institute", "agency"} <= lexicon.words("institution_words")
    assert lexicon.words("place_heads") == {"centre", "center", "space"}
