"""Unit tests of the player rules added from the error classes of unseen real pages (issue 22,
fourth round): who speaks beside a partner, makers named before their products, labelled parts of a
document, catalogue numbers of minor planets, two names read as one, an agency beside its centre,
lists opened by a plural noun for organisations. Every sentence here is invented for the test."""
from __future__ import annotations

import pytest

from spacekg.extract import vetoes as V
from spacekg.extract.reader import read_text

from test_rules import covers, lex  # noqa: F401  (covers: the registry check in test_rules; lex: the lexicon)


def extract(extractor, text, name="probe.txt"):
    return extractor.extract(read_text(text, name))


def players(extractor, text):
    return {p.name for p in extract(extractor, text).players}


@covers("org_conj")
def test_a_partner_beside_a_verb_of_saying_is_not_taken_for_a_person(extractor):
    out = extract(extractor, "In a joint statement, Dutch firm velmora and Tarn Petra said their lunar work "
                             "would begin in 2030.\n")
    assert {p.name for p in out.players} == {"velmora", "Tarn Petra"}
    assert [sorted(c.players) for c in out.collaborations] == [["Tarn Petra", "velmora"]]


def test_a_person_beside_a_verb_of_saying_stays_a_person(extractor):
    text = "Tarn Mining Ltd. will fly a drill in 2030, John Carter said. John Carter and Tarn Mining Ltd. later said more.\n"
    assert players(extractor, text) == {"Tarn Mining"}      # the model calls him PERSON both times


@covers("veto_product")
def test_a_maker_whose_name_ends_in_a_plural_product_noun(extractor):
    text = "The next rover rides on another Quillon Machines lander in 2029.\n"
    assert "Quillon Machines" in players(extractor, text)
    assert "Kestrel" not in players(extractor, "Tarn Mining will fly its Kestrel lander in 2029.\n")


def test_an_organisation_before_a_study_group_is_not_a_mission(extractor):
    text = "According to a TARNU study group, a lunar ice mine would cost $800 million to open.\n"
    assert "TARNU" in players(extractor, text)
    assert "Perdix" not in players(extractor, "Tarn Mining will launch the Perdix mission in 2031.\n")


@covers("veto_document_part")
def test_labelled_parts_of_a_document_are_not_players(extractor):
    text = ("Appendix C focuses on lunar water extraction technologies. Track 2 covers oxygen plants.\n"
            "Velmora Orbital was selected for Phase II of the programme.\n")
    assert players(extractor, text) == {"Velmora Orbital"}


@covers("veto_thing_name")
def test_a_minor_planets_catalogue_number_marks_a_body(extractor):
    text = ("Tarn Mining plans to mine metal-rich asteroids. Known metallic asteroids are 12 Oskar, "
            "31 Vellum and 44 Tullia.\nThe company studied a grain of the asteroid 25143 Marrow.\n")
    assert players(extractor, text) == {"Tarn Mining"}


@covers("drop_merged_names")
def test_two_names_read_as_one_are_split_when_one_stands_alone(extractor):
    text = ("Companies like Velmora and Quillfors are developing ways to extract helium-3 from lunar soil. "
            "Velmora plans a first mission in 2027.\n")
    assert players(extractor, text) == {"Velmora", "Quillfors"}
    one = "The Tarn Institute of Science and Technology built the drill. Tarn Institute of Science staff said so.\n"
    assert "Technology" not in players(extractor, one)


@covers("merge_short_form")
def test_an_agency_is_not_merged_into_its_centre(extractor):
    text = ("The rover was tested at the Tarn Kessel Research Center. Tarn said the rover will fly in 2026. "
            "Tarn selected two firms.\n")
    assert players(extractor, text) == {"Tarn", "Tarn Kessel Research Center"}


@covers("players_enumeration")
def test_a_list_after_a_plural_noun_for_organisations(extractor):
    text = "Corporations such as Vellum Tinto, Quarra and Ostrava Holdings are now active participants.\n"
    assert players(extractor, text) >= {"Quarra", "Ostrava Holdings"}


@covers("veto_person")
def test_names_before_a_plural_role_are_people(extractor):
    text = ("Ivo Brandl and Lena Okafor, both associate professors of physics at Tarnfield "
            "Aeronautical University, hope to fly. Brandl and Okafor have been building drills.\n")
    assert players(extractor, text) == {"Tarnfield Aeronautical University"}


def test_a_headline_place_and_a_plural_owner_are_cut_from_a_name(extractor, lex):
    from spacekg.extract.inventory import clean_name
    assert clean_name("Ohio-Based Quarra Company", lex) == "Quarra Company"
    assert clean_name("Tarn Machines’ Nova Hopper", lex) == "Tarn Machines"
    assert clean_name("Tarn Machines’", lex) == "Tarn Machines"


@covers("veto_source", "veto_publisher")
def test_outlets_that_report_or_are_told_are_sources(extractor):
    text = ("Orbital Weekly reports that Velmora Orbital will mine lunar ice. \"We are ready,\" the founder told "
            "Regolith Review. More on Moonminer.com soon.\n")
    assert players(extractor, text) == {"Velmora Orbital"}


def test_a_name_described_as_a_product_is_not_a_player(extractor):
    text = ("The Tarn Ice Sniffer (TIS), a miniature neutron spectrometer developed by Velmora Orbital, will fly "
            "in 2031. TIS will look for water ice. Quarra Mining will use its new Kittiwake, a product designed "
            "to haul regolith.\n")
    assert players(extractor, text) == {"Velmora Orbital", "Quarra Mining"}
    listed = "- Kilnworth Instruments: neutron spectrometer and volatile analyser\n"
    assert "Kilnworth Instruments" in players(extractor, listed)


@covers("players_peer_list")
def test_a_defined_term_before_a_list_of_players_is_not_a_peer(extractor):
    text = ("Velmora Orbital and Tarn Robotics signed a pact. Under this Strategic Alliance, Velmora "
            "Orbital and Tarn Robotics will develop oxygen plants.\n")
    assert players(extractor, text) == {"Velmora Orbital", "Tarn Robotics"}


@covers("drop_publisher")
def test_an_institution_that_spells_out_its_own_name_is_not_its_sites_publisher(extractor):
    page = ("# source: https://www.tist.example/news/1\n"
            "The Tarnfield Institute of Science and Technology (TIST) will test a regolith oven for Velmora "
            "Orbital.\n")
    assert "Tarnfield Institute of Science and Technology" in players(extractor, page)
    outlet = ("# source: https://www.orbitwire.example/news/1\n"
              "Velmora Orbital will test a regolith oven, Orbitwire learned.\n")
    assert "Orbitwire" not in players(extractor, outlet)


@covers("drop_headline_only")
def test_a_title_and_its_deck_on_one_line_are_headlines(extractor):
    text = ("Ice Hunters: The Next Frontier for Lunar Researchers? Building Robots to Explore Asteroids for "
            "Precious Resources\n\n"
            "Velmora Orbital is building two robots to prospect asteroids for water.\n")
    found = players(extractor, text)
    assert found == {"Velmora Orbital"}
    deck = ("Deals Selected Under TSA Programme Include Lunar Drill Led By Tarnfield State University. Rovers "
            "May Launch On Tarn Rockets\n\n"
            "The rovers will prospect for ice.\n")
    assert "Tarnfield State University" in players(extractor, deck)     # a unit's name in a deck still counts


@covers("drop_product_name")
def test_the_owner_of_a_programme_is_an_actor_not_a_product(extractor):
    text = ("ORSA's Perdix programme aims at the lunar south pole. Landers from Velmora Orbital deployed ORSA "
            "payloads in 2029.\n")
    assert "ORSA" in players(extractor, text)         # (before: dropped as a product name)


@covers("drop_place_name")
def test_a_list_of_corporations_vouches_for_a_name_the_model_calls_a_place(extractor):
    text = "Corporations such as Rio Verde, Quarra and Ostrava Holdings are now active participants.\n"
    assert {"Rio Verde", "Quarra", "Ostrava Holdings"} <= players(extractor, text)
    regions = "Companies operating in regions such as North America, Europe and Japan are growing. Tarn Mining leads.\n"
    assert players(extractor, regions) == {"Tarn Mining"}


@covers("collaboration_selected_members")
def test_players_chosen_in_later_sentences_are_the_choosers_partners(extractor):
    out = extract(extractor, "The Tarn Space Agency has chosen ten companies to build machines that extract water "
                             "from lunar soil. Velmora Orbital, Quarra Mining and the Ostrava Institute were "
                             "picked for the first phase. Kestrel Drilling was picked for the second phase.\n")
    assert sorted(sorted(c.players) for c in out.collaborations) == [
        ["Kestrel Drilling", "Tarn Space Agency"], ["Ostrava Institute", "Tarn Space Agency"],
        ["Quarra Mining", "Tarn Space Agency"], ["Tarn Space Agency", "Velmora Orbital"]]
    assert {c.evidence.rule for c in out.collaborations} == {"collaboration_selected_members"}
    alone = extract(extractor, "Velmora Orbital and Quarra Mining were picked for the first phase.\n")
    assert alone.collaborations == []               # nobody chose them in the text: no pair


@covers("lowercase_brand")
def test_a_page_label_opening_a_line_is_not_a_lower_case_brand(extractor):
    text = ("date 2031-02-17 The Dutch start-up Velmora Orbital Corporation from Leiden has signed an agreement "
            "with Tarn Nuclear Corp. for helium-3 from the Moon.\n")
    assert players(extractor, text) == {"Velmora Orbital", "Tarn Nuclear"}


def test_an_infobox_lists_people_and_glues_labels_to_values(extractor, lex):
    from spacekg.extract.inventory import clean_name
    text = ("Velmora Orbital\nFounded 2029\nHeadquartersTarnfield, Ohio\nKey people\nRobert D. Quillon, "
            "Ana Ruiz\n\nVelmora Orbital builds ice drills and will fly with Quarra Mining.\n")
    from spacekg.extract.candidates import people_in
    people = people_in(extractor.parse(read_text(text)), lex)
    assert "Robert D. Quillon" in people              # the PERSON entities after "Key people"
    assert "Robert D. Quillon" not in players(extractor, text)
    assert clean_name("FounderQuarra Holdings", lex) == "Quarra Holdings"
    assert clean_name("HeadquartersTarnfield", lex) == ""                # a place, not a name


def test_names_in_an_image_credit_line_are_sources(extractor):
    text = ("Velmora Orbital will fly a drill to the Moon in 2031.\n\nImage credit: Tarn Lunar Agency / Ana Ruiz\n\n"
            "The drill weighs 40 kg (via Orbital Weekly).\n")
    assert players(extractor, text) == {"Velmora Orbital"}


@covers("veto_not_player_word")
def test_an_orbits_acronym_and_a_campus_are_not_players(extractor):
    text = ("Velmora Orbital will launch ten telescopes to low Earth orbit (LEO) in 2030. LEO is crowded. The "
            "team works at the Tarnfield Beach Campus of the Ostrava Institute.\n")
    found = players(extractor, text)
    assert "LEO" not in found and "Tarnfield Beach Campus" not in found and "Velmora Orbital" in found


@covers("veto_place")
def test_a_space_agencys_centre_is_no_place(extractor, lex):
    text = "The rocket leaves from the Ortega Space Center in Florida.\n"    # the model: FAC
    doc = extractor.parse(read_text(text))[0][1]
    center = next(e for e in doc.ents if e.text.endswith("Space Center"))
    assert center.label_ == "FAC"
    assert not V.place_context(doc[center.start + 1:center.end], lex)   # (before: vetoed as a place)
    assert "Tarnfield Convention Center" not in players(extractor, "The expo was held at the Tarnfield Convention "
                                                                   "Center, where Velmora Orbital showed a drill.\n")


@covers("collaboration_described_partner")
def test_a_partner_described_before_its_name(extractor):
    out = extract(extractor, "Last May, Velmora Orbital announced a partnership with fellow Dutch startup "
                             "Quarrasat to bring rocks back from the Moon.\n")
    assert [sorted(c.players) for c in out.collaborations] == [["Quarrasat", "Velmora Orbital"]]
    other = extract(extractor, "Velmora Orbital signed an agreement with a firm that sells drills to Quarrasat.\n")
    assert other.collaborations == []               # a clause between: not Quarrasat's agreement


@covers("veto_place", "collaboration_selected_members")
def test_a_list_after_a_colon_of_chosen_companies_with_their_towns(extractor):
    out = extract(extractor, "The Tarn Space Agency has selected three companies to collect regolith: Velmora "
                             "Orbital of Golden, Colorado; Quarra Robotics of Mojave, California; and Ostrava "
                             "Holdings of Tokyo.\n")
    assert {p.name for p in out.players} >= {"Tarn Space Agency", "Velmora Orbital", "Quarra Robotics"}
    assert not {"Golden", "Mojave", "Tokyo"} & {p.name for p in out.players}
    pairs = sorted(sorted(c.players) for c in out.collaborations)
    assert ["Tarn Space Agency", "Velmora Orbital"] in pairs and ["Quarra Robotics", "Tarn Space Agency"] in pairs
    assert ["Quarra Robotics", "Velmora Orbital"] not in pairs          # fellow awardees, no pact
