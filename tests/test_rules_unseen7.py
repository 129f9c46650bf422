"""Unit tests of the rules added in the seventh round of issue 22. Every sentence here is invented for
the test, and so is every name."""
from __future__ import annotations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check in test_rules; lex: the lexicon)
from test_rules_unseen import extract, players


# ---------------------------------------------------------------- an agency read together with its programme

@covers("split_prefixed_definition")
def test_an_agency_before_its_programme_and_acronym_is_a_player_of_its_own(extractor):
    text = ("Tarn Orbital will fly its oxygen reactor to the Moon on a future ORSA Lunar Cargo Services "
            "(LCS) mission. Tarn Orbital was founded in 2019.\n")
    out = extract(extractor, text)
    assert {p.name for p in out.players} == {"Tarn Orbital", "ORSA"}
    assert any(r.name == "ORSA Lunar Cargo Services" and r.rule == "split_prefixed_definition" for r in out.rejected)


def test_an_agency_before_its_named_unit_gives_the_agency_and_the_unit(extractor):
    text = ("The drill built by Velmora Robotics will be tested at the ORSA Tarn Research Center (TRC) "
            "next year. Velmora Robotics is based in Porto.\n")
    out = extract(extractor, text)
    assert {p.name for p in out.players} == {"Velmora Robotics", "ORSA", "Tarn Research Center"}
    assert "TRC" in next(p for p in out.players if p.name == "Tarn Research Center").aliases


def test_a_name_whose_own_initials_make_the_acronym_is_not_split(extractor):
    text = ("Velmora Robotics signed a contract with the Orbital Survey and Resource Agency (OSRA) to build "
            "a drill.\n")
    assert players(extractor, text) == {"Velmora Robotics", "Orbital Survey and Resource Agency"}


# ---------------------------------------------------------------- a group's members, with where they sit

@covers("collaboration_group")
def test_members_of_a_partnership_are_paired_past_a_member_s_place(extractor):
    text = ("SPECTRA is a partnership between the ORSA, the Free University of Tarn in Lisbon, Portugal, "
            "and the Lusitanian Space Agency (LSA).\n")
    pairs = {frozenset(c.players) for c in extract(extractor, text).collaborations}
    members = ("ORSA", "Free University of Tarn", "Lusitanian Space Agency")
    assert {frozenset((a, b)) for a in members for b in members if a < b} <= pairs


def test_a_list_of_names_passes_over_where_a_member_sits(extractor):
    from spacekg.extract.partners import _member_place
    doc = extractor.nlp("the Tarn Academy in Lisbon, Portugal, and the Velmora Institute")
    at = next(t.i for t in doc if t.text == "in")
    assert doc[_member_place(doc, at, len(doc))].text == ","            # after "Portugal"
    assert _member_place(doc, 1, len(doc)) == 1                          # not at a name


# ---------------------------------------------------------------- contracts that name their holder

@covers("collaboration_contract_party")
def test_the_holder_of_a_contract_that_funds_a_player_collaborates_with_it(extractor):
    text = "The ORSA contract will fund Velmora Robotics for a year of oxygen extraction trials.\n"
    assert {c.players for c in extract(extractor, text).collaborations} == {("ORSA", "Velmora Robotics")}


def test_a_possessive_agreement_pairs_its_holder_with_each_party_it_covers(extractor):
    text = "Velmora Robotics's agreement covers Tarn Orbital and Quillon Mining for the next two years.\n"
    pairs = {c.players for c in extract(extractor, text).collaborations}
    assert pairs == {("Tarn Orbital", "Velmora Robotics"), ("Quillon Mining", "Velmora Robotics")}


def test_an_agency_calling_upon_a_company_to_build_collaborates_with_it(extractor):
    text = "The Lusitanian Space Agency has called upon Porto-based Velmora Robotics to design an ice drill.\n"
    assert {c.players for c in extract(extractor, text).collaborations} == \
        {("Lusitanian Space Agency", "Velmora Robotics")}


# ---------------------------------------------------------------- names: datelines, demonstratives, lists read as one

def test_a_dateline_with_a_hyphen_glued_to_the_city_is_not_part_of_a_name(extractor):
    text = "LISBON- Velmora Robotics on Thursday announced a contract to build an ice drill for the lunar south pole.\n"
    assert players(extractor, text) == {"Velmora Robotics"}


def test_a_leading_demonstrative_is_no_part_of_a_name(lex):
    from spacekg.extract.inventory import clean_name
    assert clean_name("this Tarnwick Lunar Services", lex) == "Tarnwick Lunar Services"


@covers("split_joined_names")
def test_two_list_items_the_model_read_as_one_entity_are_two_names(lex):
    from spacekg.extract.inventory import PlayerIndex
    index = PlayerIndex(lex)
    index.add("Blue Heron, Astrovane", "ner_org")
    assert {index.key(n) for n in ("Blue Heron", "Astrovane")} <= set(index.forms)
    for one in ("Acme Lunar, Inc.", "University of Tarn, Lisbon", "Tarnwick Mining, Portugal"):
        index = PlayerIndex(lex)
        index.add(one, "ner_org")
        assert len(index.forms) == 1, one


@covers("veto_ticker")
def test_a_stock_exchange_and_its_ticker_are_no_players(extractor):
    text = ("Velmora Robotics, a Tarnwick Holdings company (NYSE: TRNW) (TSX: TRNW), said on Monday it won a "
            "rover design study.\n\n"
            "Kestrel Mining (TYO: 4821) will test regolith bricks with Pellick Construction.\n")
    found = players(extractor, text)
    assert {"Velmora Robotics", "Kestrel Mining", "Pellick Construction"} <= found
    assert not found & {"NYSE", "TSX", "TYO", "TRNW"}


def test_a_table_cell_glued_to_the_next_sentence_loses_the_glued_word(lex):
    from spacekg.extract.inventory import clean_name
    assert clean_name("VelmoraWill", lex) == "Velmora"
    assert clean_name("LunaIL", lex) == "LunaIL" and clean_name("McTarn Robotics", lex) == "McTarn Robotics"


@covers("product_called")
def test_a_product_a_company_says_it_calls_by_a_name_is_that_name(extractor):
    text = "Tarnwick Orbital is testing a small hauler it calls Dune Strider near the crater rim.\n"
    assert {(t.player, t.technology) for t in extract(extractor, text).technologies} == \
        {("Tarnwick Orbital", "Dune Strider")}


def test_an_acronym_that_needs_the_words_after_and_keeps_the_name_whole(extractor):
    text = ("The Tarn Institute of Soil Mechanics and Road Design (TISR) signed an agreement with "
            "Velmora Robotics.\n")
    assert players(extractor, text) == {"Tarn Institute of Soil Mechanics and Road Design", "Velmora Robotics"}


@covers("collaboration_role")
def test_a_contractor_to_named_agencies_collaborates_with_each(extractor):
    text = ("As a contractor to the Lusitanian Space Agency and the ORSA, the Porto-based Quillon Dynamics has "
            "been developing mining systems for two decades.\n")
    assert {c.players for c in extract(extractor, text).collaborations} == \
        {("Lusitanian Space Agency", "Quillon Dynamics"), ("ORSA", "Quillon Dynamics")}


# ---------------------------------------------------------------- products named the way pages name them

@covers("product_appositive")
def test_a_name_right_after_an_owned_product_noun_is_the_product(extractor):
    text = ("Quillon Dynamics tested its rover Kestrel on the dunes. Brask Aerospace of Ohio in February "
            "tested its drill TRENCH in a vacuum chamber.\n")
    out = extract(extractor, text)
    assert {(t.player, t.technology) for t in out.technologies} == \
        {("Quillon Dynamics", "rover Kestrel"), ("Brask Aerospace", "drill TRENCH")}
    assert {p.name for p in out.players} == {"Quillon Dynamics", "Brask Aerospace"}


def test_a_name_a_company_builds_beside_a_product_noun_is_not_taken_for_the_product(extractor):
    text = "The lander Velmora Robotics built will carry the drill to the surface.\n"
    assert "Velmora Robotics" in players(extractor, text)


def test_no_words_of_what_an_acronym_is_short_for_are_players(extractor):
    text = ("Brask Aerospace tested its TRENCH drill (short for Regolith Excavation and Nodule Coring "
            "Hardware) in a vacuum chamber.\n")
    assert players(extractor, text) == {"Brask Aerospace"}


@covers("players_heading_entries")
def test_organisations_heading_the_entries_under_a_colon_line_are_players(extractor):
    text = ("The following three teams were chosen to take part in the lunar drilling challenge:\n\n"
            "Tarn Polytechnic University\n\n  • Ice Mole drill\n  • Advisor: Ana Lima\n\n"
            "Velmora Institute of Technology\n\n  • Advisor: Rui Costa\n\n"
            "Quillon State College *\n\n  • Regolith Sifter\n  • Advisor: Eva Sousa\n\n"
            "The finals take place in June.\n")
    assert players(extractor, text) == {"Tarn Polytechnic University", "Velmora Institute of Technology",
                                        "Quillon State College"}


def test_headings_under_a_colon_line_that_are_not_names_are_not_players(extractor):
    text = ("The following three teams were chosen to take part in the lunar drilling challenge:\n\n"
            "Drilling Deep\n\n  • Ice Mole drill\n\n"
            "Sifting Regolith\n\n  • Regolith Sifter\n\n"
            "The finals take place in June.\n")
    assert players(extractor, text) == set()
