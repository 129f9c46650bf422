"""Unit tests of the rules added in the tenth round of issue 22 (written from the error classes of
three newly annotated private sets of real pages: award lists, a European space-resources
ecosystem, in-space manufacturing). Every sentence here is invented for the test, and so is every
company's and town's name; the missions, vehicles and places on the Moon are real ones, as the rule
knows them by name."""
from __future__ import annotations

from spacekg.extract import vetoes as V
from test_rules import covers, lex, parse  # noqa: F401  (covers: the registry check; lex, parse: fixtures)
from test_rules_unseen import extract, players
from test_rules_unseen8 import pairs as collaborations
from test_rules_unseen9 import targets


# ---------------------------------------------------------------- missions, vehicles and places known by name

@covers("veto_known_thing")
def test_a_known_mission_or_vehicle_is_no_player(extractor):
    text = ("Tarnwell Orbital hopes its drill rides on Artemis III, and Brindle Space books a Falcon 9 for "
            "its prospector. Psyche is cruising; OSIRIS-REx came home in 2023.\n")
    assert players(extractor, text) == {"Tarnwell Orbital", "Brindle Space"}


def test_known_names_with_designators_are_things(lex):
    for name in ("Artemis III", "Luna-25", "Chang'e 7", "Chang'e-7", "Hakuto-R Mission 2", "the Falcon 9",
                 "Chandrayaan-3", "CLPS", "Commercial Lunar Payload Services", "Mare Imbrium", "Lacus Mortis"):
        assert V.name_veto(name, lex) == "veto_known_thing", name


def test_a_firm_named_after_a_mission_word_stays_a_player(lex):
    for name in ("Artemis Space", "Gateway Orbital Foundation", "Luna Robotics", "Psyche Labs", "Falcon Metals Ltd",
                 "Mare Robotics", "Mons Labs"):
        assert V.name_veto(name, lex) is None, name


def test_a_place_on_the_moon_named_the_latin_way_is_no_player(extractor):
    text = "Quillon Lunar Systems aims its first lander at Mare Crisium, and Sable Works eyes Lacus Somniorum.\n"
    assert players(extractor, text) == {"Quillon Lunar Systems", "Sable Works"}


# ---------------------------------------------------------------- award lists: names, towns and states

@covers("players_address", "veto_address")
def test_the_name_that_opens_an_award_line_with_its_town_and_state_is_a_player(extractor):
    text = ("The agency chose suppliers for its lunar cargo service.\n\n"
            "  • Tarnwell Orbital, Korvel, OH:  $12.4 million for a lander carrying up to 9 instruments\n"
            "  • Brindle Machines, Ardmoor, NM: $8 million for a hopper carrying 3 instruments\n"
            "  • Quillon Lunar, Pellham, VT:  $5.5 million for a rover carrying 2 instruments\n")
    assert players(extractor, text) == {"Tarnwell Orbital", "Brindle Machines", "Quillon Lunar"}


def test_a_town_before_a_state_code_is_a_place(extractor):
    assert players(extractor, "Sable Works tested the rover near Korvel, OH last spring.\n") == {"Sable Works"}


def test_a_legal_form_ends_a_name_before_its_town(extractor):
    text = ("Ostrel Energy LLC of West Korvel, Idaho, gets a $2.1 million award.\n"
            "Harlan Space Engineering Corporation of Ardmoor plans a cold trap for lunar ice.\n")
    assert players(extractor, text) == {"Ostrel Energy", "Harlan Space Engineering"}


def test_an_address_line_is_read_only_with_a_town_and_a_state_or_an_amount():
    from spacekg.extract.candidates import address_line
    from spacekg.extract.lexicon import load_lexicon
    line = address_line(load_lexicon())
    assert line.match("Tarnwell Orbital, Korvel, OH: $9 million").group("name") == "Tarnwell Orbital"
    assert line.match("Ostrel Energy LLC of West Korvel, Idaho, $2.1 million").group("name") == "Ostrel Energy LLC"
    assert line.match("Velmora Labs of Korvel, $3 million – a regolith sieve").group("name") == "Velmora Labs"
    assert line.match("Tarnwell Orbital, a start-up from Idaho, won $9 million") is None


# ---------------------------------------------------------------- lists with tickers, relative clauses and dashes

@covers("veto_ticker")
def test_a_list_goes_on_past_a_relative_clause_and_tickers(extractor):
    text = ("The companies chosen for the design round are Tarnwell Aerospace, Brindle Space Services, LLC, Quillon, Inc., "
            "Ostrava Robotics, which belongs to Tarnwell Aerospace, Harlan Kestrel [HKX], Corvane [CVN], "
            "Sable Orbit, and Dunmore.\n")
    assert players(extractor, text) == {"Tarnwell Aerospace", "Brindle Space Services", "Quillon",
                                        "Ostrava Robotics", "Harlan Kestrel", "Corvane", "Sable Orbit", "Dunmore"}


@covers("players_enumeration")
def test_names_between_dashes_after_a_plural_organisation_noun_are_a_list(extractor):
    text = "Four firms – Tarnwell Orbital, Brindle Space, Harlan Kestrel and Quillon Dynamics – asked for permits.\n"
    assert players(extractor, text) == {"Tarnwell Orbital", "Brindle Space", "Harlan Kestrel", "Quillon Dynamics"}


# ---------------------------------------------------------------- spacecraft named with an acronym, royal titles

@covers("veto_thing_name")
def test_an_expansion_and_acronym_before_a_vehicle_noun_is_a_spacecraft(extractor):
    text = "The Tarnwell Orbital Tanker for Propellant (TOTP) spacecraft flies in 2029 for Brindle Orbital.\n"
    assert players(extractor, text) == {"Brindle Orbital"}


@covers("veto_honorific", "veto_never_player")
def test_royal_titles_are_people_not_players(extractor):
    text = "HRH Prince Osbert toured the Quillon Space plant, and His Royal Highness spoke to its engineers.\n"
    assert players(extractor, text) == {"Quillon Space"}


# ---------------------------------------------------------------- awards to many: the chooser and each winner

@covers("collaboration_selected_members")
def test_award_entries_below_a_sentence_that_awarded_many_are_each_the_awarders(extractor):
    text = ("Agency Picks Lander Suppliers\n\n"
            "NASA has awarded task orders to two companies for deliveries to the lunar south pole.\n\n"
            "Each supplier builds and operates its own lander.\n\n"
            "  • Tarnwell Orbital, Korvel, OH:  $12.4 million for a lander carrying up to 9 instruments\n"
            "  • Brindle Machines, Ardmoor, NM: $8 million for a hopper carrying 3 instruments\n")
    assert collaborations(extractor, text) == {frozenset({"NASA", "Tarnwell Orbital"}),
                                               frozenset({"NASA", "Brindle Machines"})}


def test_the_selected_companies_a_sentence_lists_are_each_the_choosers(extractor):
    text = ("The Defense Projects Agency (DPA) said it has selected four companies for a study of lunar power.\n\n"
            "The selected companies for the power study are Tarnwell Aerospace, Brindle Space Services, LLC, "
            "Ostrava Robotics and Sable Orbit.\n")
    found = collaborations(extractor, text)
    assert {frozenset({"Defense Projects Agency", n}) for n in
            ("Tarnwell Aerospace", "Brindle Space Services", "Ostrava Robotics", "Sable Orbit")} <= found
    assert not any("Tarnwell Aerospace" in p and "Sable Orbit" in p for p in found)   # winners are no partners


def test_entries_of_a_town_and_an_amount_name_the_winner_and_no_town(extractor):
    text = ("NASA named two award winners.\n\n"
            "  • Velmora Technology of Korvel, $4.2 million – a beamed power link for crater floors;\n"
            "  • Ostrel Dynamics of Korvel, $1.9 million – route planning software for rovers;\n")
    assert players(extractor, text) == {"NASA", "Velmora Technology", "Ostrel Dynamics"}


# ---------------------------------------------------------------- a study's name, a wire's dateline

@covers("veto_programme_name")
def test_a_platform_word_in_a_studys_name_with_its_acronym_is_no_target(extractor):
    text = "Winners of the Lunar Power Grid (LPG-5) Feasibility Study are Tarnwell Orbital and Sable Works.\n"
    assert not extract(extractor, text).targets


def test_a_wire_credit_and_a_cashtag_in_a_dateline_are_not_part_of_the_name(extractor):
    text = ("Tarnwell Printer Honoured\n\n"
            "KORVEL, Ohio–(ANY WIRE)–$TRW–Tarnwell Corporation (NYSE: TRW) said on Monday that a trade "
            "magazine has honoured its printer.\n")
    assert players(extractor, text) == {"Tarnwell"}


# ---------------------------------------------------------------- people and functions, devices, backers

@covers("veto_person")
def test_a_person_a_who_clause_describes_is_no_player(extractor):
    text = "Jo van Ark, who started Velmora Electric after university, now sells a mobile regolith oven.\n"
    assert players(extractor, text) == {"Velmora Electric"}


@covers("veto_not_player_phrase")
def test_the_function_in_a_persons_title_is_no_player(extractor):
    text = ('"The order matters to us," said Ana Ruiz, Vice President of Business Development at '
            'Velmora Orbital.\n')
    assert players(extractor, text) == {"Velmora Orbital"}


@covers("veto_device_name")
def test_a_device_named_with_its_acronym_is_no_player(extractor):
    text = ("Velmora Orbital sells a Modular Propellant Coupling Interface (MPCI) and the Collector of Lunar "
            "Dust, both for small satellites.\n")
    assert players(extractor, text) == {"Velmora Orbital"}


@covers("veto_participle_agent")
def test_who_backs_a_contract_in_a_relative_clause_gets_no_target(extractor):
    text = ("Velmora Electric signed a deal with the ministry.\n\n"
            "The deal, which is funded by the Tarn Space Agency, lets the company extract oxygen from "
            "lunar regolith.\n")
    assert {t[0] for t in targets(extractor, text)} == {"Velmora Electric"}


def test_who_carries_out_a_mission_in_a_relative_clause_keeps_its_target(extractor):
    text = "The flight, which was operated by Velmora Orbital, will prospect a metal-rich asteroid.\n"
    assert {t[0] for t in targets(extractor, text)} == {"Velmora Orbital"}


# ---------------------------------------------------------------- second part: places, university units, acronyms

@covers("veto_region_name")
def test_a_country_or_a_state_named_alone_is_no_player(lex):
    for name in ("Texas", "Nicaragua", "Ontario", "Europe", "US", "Toulouse"):
        assert V.name_veto(name, lex) == "veto_region_name", name
    for name in ("Paraguay Lunar Works", "Texas Space Works", "Ontario Lunar Robotics"):
        assert V.name_veto(name, lex) is None, name


def test_a_state_with_an_appositive_after_an_address_is_no_player(extractor):
    text = "Korvex of Ardmoor, Texas, a joint venture of Tarnwell Orbital and Brindle Space, will build the plant.\n"
    assert "Texas" not in players(extractor, text)


@covers("veto_academic_unit")
def test_a_universitys_unit_named_by_its_field_alone_is_no_player(lex):
    for name in ("Department of Civil and Aerospace Engineering", "College of Engineering",
                 "Faculty of Physics and Applied Sciences", "the School of Chemistry and Physics"):
        assert V.name_veto(name, lex) == "veto_academic_unit", name
    for name in ("Department of Lunar Affairs", "Tarnfield School of Mines", "Institute of Space Sciences"):
        assert V.name_veto(name, lex) is None, name


@covers("merge_short_form")
def test_an_acronym_is_not_merged_into_the_unit_it_opens(extractor):
    text = ("NASA will fly the drill in 2027. The drill was tested at NASA Tarnfield in a vacuum chamber, and "
            "NASA Tarnfield engineers said the test went well. NASA also pays for the flight.\n")
    assert players(extractor, text) == {"NASA", "NASA Tarnfield"}


def test_a_consortium_written_with_and_and_a_lower_case_head_is_the_same_player(extractor):
    text = ("The Velmora & Tarnwell Orbital Consortium includes Brindle Space and Ostrel Labs.\n\n"
            "The Velmora and Tarnwell Orbital consortium will build a lunar rover for the Moon.\n")
    found = extract(extractor, text)
    assert {t.player for t in found.targets} == {"Velmora & Tarnwell Orbital Consortium"}


# ---------------------------------------------------------------- third part: backers, institutes, titles, furniture

@covers("players_backers")
def test_the_backers_a_funding_story_lists_are_players(extractor):
    text = ("Tarnwell Orbital has raised a $9M seed round led by Brisk Capital, with participation from Orvane VC, "
            "Kestrel Two, Lumo Ventures, and Sable.\n\n"
            "Brindle Space closed $4 million in funding from Quill Capital; there were also investments from "
            "Seven Lakes, Harbor Rise, Tarn VC and Mosk.\n")
    assert {"Orvane VC", "Kestrel Two", "Lumo Ventures", "Sable", "Seven Lakes", "Harbor Rise", "Tarn VC",
            "Mosk"} <= players(extractor, text)


@covers("veto_facility")
def test_an_institute_named_by_its_field_is_no_facility(extractor):
    text = "The working group was hosted by the International Institute of Lunar and Orbital Law in Paris.\n"
    assert players(extractor, text) == {"International Institute of Lunar and Orbital Law"}


def test_the_organisation_a_chair_heads_is_the_player_not_the_title(extractor):
    text = '"It is a big step," said Jo Tumber, Chair of Velmora Lunar Industries, at the meeting.\n'
    assert players(extractor, text) == {"Velmora Lunar Industries"}


def test_legislatures_reference_sites_and_time_zones_are_no_players(lex):
    for name in ("White House", "Parliament", "Wikipedia", "Creative Commons", "UTC"):
        assert V.name_veto(name, lex) is not None, name


@covers("veto_event")
def test_a_prize_is_no_player(extractor):
    text = "Velmora Orbital entered the Tarn Lunar X Prize in 2015 with a small rover.\n"
    assert players(extractor, text) == {"Velmora Orbital"}
