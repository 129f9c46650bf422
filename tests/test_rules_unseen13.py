"""Unit tests of the rules changed in the fifteenth round of issue 22 (written from an error class
of the private sets of real pages read so far: institutions whose names hold "and" or a list of
fields, cut short or split in two, and units named with their owner's possessive). Every sentence
here is invented for the test, and so is every name."""
from __future__ import annotations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check; lex: the lexicon)
from test_rules_unseen import extract, players


# ---------------------------------------------------------------- a unit's name begins at the field before "and"

@covers("extend_name")
def test_a_unit_named_by_two_fields_joined_by_and_is_one_player(extractor):
    text = ("Researchers from the Solar and Crater Institute and the University of Tarn are "
            "collaborating on a drill for lunar ice.\n")
    assert players(extractor, text) == {"Solar and Crater Institute", "University of Tarn"}


def test_a_country_may_open_the_fields_before_and(extractor):
    text = ("The grant went to the Norway Space and Deep Crust Research Commission, which will build "
            "a lunar rover.\n")
    assert players(extractor, text) == {"Norway Space and Deep Crust Research Commission"}


def test_the_field_of_the_unit_before_and_is_not_the_next_units(extractor):
    # "Robotics" closes "the Office of Robotics"; the agency after "and the" is a player of its own
    text = ("The Velmish Office of Robotics and the Velmish Orbital Agency will fund a mission to an "
            "asteroid.\n")
    found = players(extractor, text)
    assert "Velmish Orbital Agency" in found
    assert not any(p.startswith("Robotics") for p in found)


def test_a_company_before_and_is_not_a_units_field(extractor):
    # "Tarnwick" is no field: a company and an institute, not one name
    text = "Tarnwick Robotics and Velm Dust Research Institute will test a regolith excavator.\n"
    found = players(extractor, text)
    assert "Velm Dust Research Institute" in found
    assert not any(p.startswith("Tarnwick Robotics and") for p in found)


# ---------------------------------------------------------------- a ministry's list of fields

def test_a_ministry_named_by_fields_with_a_serial_comma_is_one_player(extractor):
    text = "Zorvia's Ministry of Culture, Quarries, and Aeronautics funds the lunar rover programme.\n"
    assert "Ministry of Culture, Quarries, and Aeronautics" in players(extractor, text)


def test_a_department_named_by_three_field_words_is_one_player(extractor):
    text = "The Department of Trade, Science and Energy will fund the lunar rover.\n"
    assert players(extractor, text) == {"Department of Trade, Science and Energy"}


def test_a_ministry_is_not_run_on_through_a_list_of_organisations(extractor):
    text = "The Ministry of Quarries, Tarnwick Orbital and Velmora Space signed an agreement on lunar ice.\n"
    found = players(extractor, text)
    assert "Velmora Space" in found
    assert not any("Velmora" in p and "Ministry" in p for p in found)


# ---------------------------------------------------------------- semicolon lists

@covers("cut_at_line_break", "players_membership")
def test_a_semicolon_list_keeps_an_institute_whose_name_holds_and(extractor):
    text = ("Our partners include Dravo Institute; Electronics and Photonics Research Institute; and "
            "Marro Space.\n")
    assert players(extractor, text) == {"Dravo Institute", "Electronics and Photonics Research Institute",
                                        "Marro Space"}


def test_a_list_does_not_join_a_company_to_the_institute_after_and(extractor):
    text = "Our partners include Velmora, Tarnwick and Kessel Orbital Research Institute.\n"
    assert players(extractor, text) == {"Velmora", "Tarnwick", "Kessel Orbital Research Institute"}


@covers("short_form")
def test_a_name_cut_before_its_field_is_no_short_form(extractor):
    text = "The Department of Trade, Energy and Resources will fund the lunar rover.\n"
    found = extract(extractor, text)
    assert [p.name for p in found.players] == ["Department of Trade, Energy and Resources"]
    assert found.players[0].aliases == []


# ---------------------------------------------------------------- a unit named after its owner's possessive

@covers("trim_unit_owner")
def test_a_unit_after_its_owners_possessive_is_named_alone(extractor):
    text = ("The probe was built by Kessel University’s Dust Sciences Laboratory. The Dorrit Institute’s "
            "Advanced Regolith Research Centre will build the spectrometer.\n")
    found = players(extractor, text)
    assert {"Dust Sciences Laboratory", "Advanced Regolith Research Centre"} <= found
    assert not any("’s" in p for p in found)


def test_a_unit_only_its_owner_tells_apart_keeps_the_owner(extractor):
    text = "The Orlan University’s Space Laboratory will analyse the lunar samples.\n"
    assert "Orlan University’s Space Laboratory" in players(extractor, text)


# ---------------------------------------------------------------- a unit "of the" institution it belongs to

@covers("extend_name")
def test_a_unit_of_the_institution_it_belongs_to_is_one_player(extractor):
    text = "The Dust Physics Institute of the Velmish Academy of Sciences will build the spectrometer.\n"
    assert players(extractor, text) == {"Dust Physics Institute of the Velmish Academy of Sciences"}


def test_an_institution_with_an_acronym_of_its_own_is_a_second_player(extractor):
    text = ("The Orlan Institute is collaborating with Velm Laboratories of the Tarn Institute of "
            "Technology (TIT) to develop detectors.\n")
    assert players(extractor, text) == {"Orlan Institute", "Velm Laboratories", "Tarn Institute of Technology"}


# ---------------------------------------------------------------- who orders or pays is not who goes after the target

def target_players(extractor, text: str) -> set[str]:
    return {t.player for t in extract(extractor, text).targets}


@covers("veto_contract_party_target")
def test_the_other_party_of_a_contract_takes_no_target(extractor):
    text = "Built under a contract with the Orlan Agency, the scoop will gather lunar regolith near the pole.\n"
    assert "Orlan Agency" not in target_players(extractor, text)


def test_the_source_of_an_award_takes_no_target(extractor):
    text = ("Recent monetary awards from the Kessel Agency have created a path for the company to extract "
            "oxygen from lunar regolith.\n")
    assert "Kessel Agency" not in target_players(extractor, text)


def test_a_joint_agreement_partner_keeps_its_target(extractor):
    text = "Brindle Mining signed a joint agreement with Dorrit Energy to mine water ice on the Moon.\n"
    assert {"Brindle Mining", "Dorrit Energy"} <= target_players(extractor, text)
