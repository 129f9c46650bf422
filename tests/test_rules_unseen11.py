"""Unit tests of the rules added in the eleventh round of issue 22 (written from the error classes of
seven private sets of real pages read this round: landers and rovers, market releases, Mars and
other bodies, newswire releases, blogs and podcasts, defence news, space programmes outside Europe,
the US and Asia). Every sentence here is invented for the test, and so is every company's, person's
and town's name."""
from __future__ import annotations

from spacekg.extract import vetoes as V
from test_rules import covers, lex  # noqa: F401  (covers: the registry check; lex: the lexicon)
from test_rules_unseen import extract, players


# ---------------------------------------------------------------- names the text also writes in lower case

@covers("drop_lower_case_word")
def test_a_brand_written_in_lower_case_among_keywords_stays_a_player(extractor):
    text = ("Homepage\n\nKorvaX is eyeing four places on Mars for its first cargo landers\n"
            "korvax lander mars ice render stock photo jane doe\n"
            "KorvaX is developing a heavy lander with the agency TSA.\n"
            "KorvaX collaborated with TSA to map buried ice.\n")
    assert players(extractor, text) == {"KorvaX", "TSA"}


def test_a_capitalised_common_word_written_in_lower_case_is_dropped(extractor):
    text = ("Oxygen is what the startup Velde Lunar Ltd wants from the regolith. The firm says oxygen makes up most of "
            "the propellant mass.\n")
    assert players(extractor, text) == {"Velde Lunar"}


# ---------------------------------------------------------------- a date's digits are no catalogue number

@covers("veto_thing_name", "drop_thing_name")
def test_an_agency_after_a_dateline_date_is_no_minor_planet(extractor):
    text = (" date 2031-03-03 The Tarn Space Agency (TSA), on March 3, presented a comet mission called "
            "Vellum Chaser. TSA revealed that a prime contractor for the probe will be chosen soon.\n")
    assert players(extractor, text) == {"Tarn Space Agency"}


def test_a_minor_planet_after_its_catalogue_number_is_still_a_thing(extractor):
    text = "Korvel Mining wants to sample asteroid 4127 Vellumore, a metal-rich body, by 2033.\n"
    assert players(extractor, text) == {"Korvel Mining"}


# ---------------------------------------------------------------- organisations named beside products and things

@covers("product_expansion", "drop_thing_name")
def test_an_alliance_whose_acronym_comes_before_rocket_makes_the_rocket(extractor):
    text = "The rover will launch this summer aboard a Tarn Launch Alliance (TLA) rocket.\n"
    assert players(extractor, text) == {"Tarn Launch Alliance"}


@covers("product_called")
def test_an_accelerator_known_as_a_name_is_an_organisation(extractor):
    text = ("Proposals are due Feb. 12, says the technology accelerator known as SPARKWERX.\n"
            "Tarnwick built a rover called Nomad, and the company known as Velde Orbital will fly it.\n")
    assert players(extractor, text) == {"SPARKWERX", "Tarnwick", "Velde Orbital"}


def test_a_rover_known_as_a_name_is_still_a_product(extractor):
    text = "The lander, known as Perdix, will carry a drill built by Tarnwick Machines.\n"
    assert players(extractor, text) == {"Tarnwick Machines"}


@covers("drop_product_name")
def test_a_company_named_so_stays_a_player_beside_its_products(extractor):
    text = ("Lunar exploration company Korvix revealed that it will carry a rover to the Moon. The Korvix "
            "lander will land in April. Korvix Founder and CEO Jo Ruiz says the rocket will deliver a Korvix lander.\n")
    assert players(extractor, text) == {"Korvix"}


@covers("veto_product")
def test_an_agency_before_a_person_noun_is_no_product(extractor):
    text = "Tarnland's first TSA astronaut will be the patron. TSA is aiming for a 2034 landing.\n"
    assert players(extractor, text) == {"TSA"}


def test_an_operator_before_plural_facilities_is_no_mission(extractor):
    text = ("Stacks from several providers will be tested in TSA facilities. Velde Orbital supplies one "
            "of the stacks.\n")
    assert players(extractor, text) == {"TSA", "Velde Orbital"}


@covers("veto_common_noun", "veto_facility")
def test_a_one_word_manager_and_a_brand_ending_in_x_are_players(extractor):
    text = ("Tarntech manages the Velde Propulsion Laboratory for the agency.\n"
            "The first rover is due in 2030, in partnership with Korva X to gather data on the surface.\n")
    assert {"Tarntech", "Korva X"} <= players(extractor, text)


def test_a_mission_numbered_in_roman_numerals_is_still_a_thing(extractor):
    text = "Velde Orbital will fly its drill on Perdix III in 2031.\n"
    assert players(extractor, text) == {"Velde Orbital"}


# ---------------------------------------------------------------- lower-case brands

@covers("lowercase_brand")
def test_a_lower_case_brand_between_commas_after_a_company_noun(extractor):
    text = "Today, lunar services company, velmora, showed the flight design of its cargo lander.\n"
    assert players(extractor, text) == {"velmora"}


def test_commas_around_an_adverb_after_a_company_noun_name_nothing(extractor):
    assert players(extractor, "The firm, however, said nothing. The company, meanwhile, grew.\n") == set()


@covers("org_suffix")
def test_a_lower_case_brand_before_a_place_and_a_legal_form_is_its_subsidiary(extractor):
    text = "On April 2, 2031, velmora Europe S.A. said it finished vibration tests on its small rover.\n"
    assert players(extractor, text) == {"velmora Europe"}


# ---------------------------------------------------------------- addresses, owners and credits

@covers("players_address")
def test_a_name_with_its_town_and_state_in_brackets_is_an_organisation(extractor):
    text = ("The bid relies on Tarn University's (Korvel, AZ) lead role in asteroid geology; Orin Vale's "
            "(Ardmoor, CO) know-how in returning samples; and Halvard Labs's (Pellham, AZ) work on guidance.\n")
    assert players(extractor, text) == {"Tarn University", "Orin Vale", "Halvard Labs"}


@covers("players_enumeration", "players_peer_list")
def test_a_person_who_owns_a_listed_firm_is_not_part_of_its_name(extractor):
    text = "Private rocket companies, like Joe Bloggs's KestrelX and Velde Orbital, dominate the headlines.\n"
    assert players(extractor, text) == {"KestrelX", "Velde Orbital"}


def test_a_unit_listed_with_its_owner_keeps_the_owner(extractor):
    text = "The consortium includes Tarn Mining, KRIT University’s Orbital Robotics Hub and Velde Orbital.\n"
    assert "KRIT University’s Orbital Robotics Hub" in players(extractor, text)


def test_a_state_code_left_before_a_name_by_a_lost_sentence_break_is_cut(extractor):
    text = ("The picks are Quillon Robotics of Ardmoor and Orbit Vale of Pellham, N.J. Quillon Robotics "
            "won $31 million.\n")
    assert "N.J. Quillon Robotics" not in players(extractor, text)


@covers("veto_shape")
def test_a_papers_author_initials_are_no_players(lex):
    for initials in ("G.L", "Y.N.M.", "H.Sa", "K.Kum", "T.No"):
        assert V.name_veto(initials, lex) == "veto_shape", initials
    for name in ("KestrelX", "TSA", "Velde Orbital"):
        assert V.name_veto(name, lex) is None, name


@covers("veto_never_player")
def test_government_buildings_chemical_symbols_and_artists_are_no_players(lex):
    for name in ("Pentagon", "the Pentagon", "Capitol Hill", "Kremlin", "Fe", "Al", "Artist"):
        assert V.name_veto(name, lex) == "veto_never_player", name


def test_a_headline_opener_is_not_part_of_the_name(extractor):
    text = "Meet Velmora, the Startup Mining Helium-3. Velmora plans to mine helium-3 on the Moon by 2030.\n"
    assert players(extractor, text) == {"Velmora"}


# ---------------------------------------------------------------- people's titles

@covers("org_role", "veto_person_title")
def test_a_field_in_a_persons_title_is_no_organisation(extractor):
    text = ("As juniors, Flight Software Lead Anya Korlov and Power Budget Lead Dev Ranjit joined the "
            "Tarnwick Robotics team. Trade Weekly reports that the Chief of Lunar Operations James Carter spoke "
            "at Tarnwick Institute.\n")
    assert players(extractor, text) == {"Tarnwick Robotics", "Tarnwick Institute"}


def test_a_firm_whose_name_opens_with_a_role_word_stays_a_player(lex):
    assert V.name_veto("Lead Edge Robotics", lex) is None
    assert V.name_veto("Tarn Robotics Founder", lex) == "veto_person_title"


def test_a_field_before_at_and_an_employer_is_cut_to_the_employer(extractor):
    text = "Jo Ruiz, Vice President of Spacecraft at Tarnwick Aerospace, said the lander is ready.\n"
    assert players(extractor, text) == {"Tarnwick Aerospace"}


def test_a_university_at_its_campus_keeps_its_name(extractor):
    text = "Researchers at the University of Tarn at Korvel built a drill.\n"
    assert players(extractor, text) == {"University of Tarn at Korvel"}


# ---------------------------------------------------------------- topics in headings, fields joined by "and"

@covers("drop_lower_case_word")
def test_a_heading_topic_the_text_writes_in_lower_case_is_no_player(extractor):
    text = ("Asteroid Mining\n\nVelde Orbital wants to lead asteroid mining.\n\n"
            "Tarnwick Space is betting on On-Orbit Refueling. The firm says on-orbit refueling will pay.\n")
    assert players(extractor, text) == {"Velde Orbital", "Tarnwick Space"}


@covers("drop_merged_names", "split_joined_names")
def test_fields_joined_by_and_make_one_name(extractor):
    text = ("A second team counts Brannock Research and Development Inc., Tarn University of Mining and "
            "Velde Orbital among its members.\nA retired colonel will head the Centre for Sustainable Lunar and "
            "Space Resources at Korvel University.\n")
    assert players(extractor, text) == {"Brannock Research and Development", "Tarn University of Mining",
                                        "Velde Orbital", "Centre for Sustainable Lunar and Space Resources",
                                        "Korvel University"}


def test_two_organisations_joined_by_and_stay_two(extractor):
    text = "Eastvale Institute of Technology and Tarn Robotics will build the drill.\n"
    assert players(extractor, text) == {"Eastvale Institute of Technology", "Tarn Robotics"}


# ---------------------------------------------------------------- award lists and tickers

@covers("players_enumeration", "collaboration_cue")
def test_contracts_awarded_to_several_name_each_and_a_ticker_does_not_break_the_sentence(extractor):
    text = ("For the logistics vehicles, the Tarn Innovation Unit awarded contracts to Brindle Origin, Korvath "
            "Dynamics’ [KOR] Space Haulage subsidiary, and Quillon Works.\n")
    out = extract(extractor, text)
    assert {"Brindle Origin", "Quillon Works", "Tarn Innovation Unit"} <= {p.name for p in out.players}
    assert {frozenset(c.players) for c in out.collaborations} >= {
        frozenset({"Tarn Innovation Unit", "Brindle Origin"}), frozenset({"Tarn Innovation Unit", "Quillon Works"})}


def test_grants_to_unnamed_groups_name_nobody(extractor):
    assert players(extractor, "The agency awarded grants to three universities in Tarnland and a number of "
                              "small firms.\n") == set()


def test_a_device_called_a_laboratory_stays_a_product(extractor):
    text = ("The miniaturised laboratory KestrelLab gets the cuttings from the drill. The KestrelLab "
            "instrument then weighs the gases, says Velde Orbital.\n")
    assert players(extractor, text) == {"Velde Orbital"}


def test_a_word_spelt_with_its_acronyms_capitals_is_a_common_word(extractor):
    text = ("Tarnwick Space calls its method Dust to OXYgen and Alloy Refining (DOXAR); the plant turns dust "
            "into oxygen.\n")
    assert players(extractor, text) == {"Tarnwick Space"}


# ---------------------------------------------------------------- places, peoples and constellations

@covers("veto_known_thing", "veto_region_name")
def test_landforms_and_peoples_are_no_players(lex):
    for name in ("Korvel Connecting Ridge", "Tarn Crater", "Malvern Massif", "Emiratis", "Canadians"):
        assert V.name_veto(name, lex) in ("veto_known_thing", "veto_region_name"), name
    for name in ("Crater Labs", "Ridge Robotics", "Tarn Basin Mining Ltd"):
        assert V.name_veto(name, lex) is None, name


def test_a_satellite_constellation_is_no_player(extractor):
    text = "Velde Orbital will build the Tarnland Remote Sensing Satellite Constellation for the ministry.\n"
    assert players(extractor, text) == {"Velde Orbital"}


# ---------------------------------------------------------------- second part: operators, units and roles

@covers("veto_product")
def test_an_acronym_between_a_and_a_noun_is_the_operator(extractor):
    text = ("On 8 May, a TSA spacecraft is due to leave for a metal asteroid. If the TSA effort works, Velde "
            "Orbital will follow with a drill.\n")
    assert players(extractor, text) == {"TSA", "Velde Orbital"}


def test_an_acronym_after_the_before_a_noun_is_still_a_product(extractor):
    assert players(extractor, "Velde Orbital will fly the VIPRA rover in 2031.\n") == {"Velde Orbital"}


@covers("ner_org")
def test_a_name_run_into_a_persons_role_ends_before_it(extractor):
    text = ("“Our drill works,” said Velmora Technical Director Jo Ruiz. Velmora plans a helium-3 mission "
            "by 2031.\n")
    assert players(extractor, text) == {"Velmora"}


@covers("drop_publisher")
def test_a_firms_own_release_keeps_the_firm_named_often_without_its_legal_form(extractor):
    text = ("# source: https://velmora-inc.com/news/?p=12\n"
            "velmora and Tarn Fab agree to build a lunar fuel depot\n\n"
            "The memorandum, signed by velmora, inc. and Tarn Fab, Inc., sets out a depot near the Moon. "
            "Under it velmora will land the depot and Tarn Fab will fill it. velmora expects the first fill "
            "in 2031, and velmora will sell the fuel.\n")
    assert {"velmora", "Tarn Fab"} <= players(extractor, text)


@covers("product_code")
def test_a_coded_name_before_consortium_is_an_organisation(extractor):
    text = ("The KX2 Consortium was named on Tuesday to build the rover, and the rival consortium ARVO lost.\n")
    assert "KX2 Consortium" in players(extractor, text)


@covers("drop_listed_person")
def test_names_listed_after_the_companies_are_firms(extractor):
    text = "The firms Ardel Fab and Korvin Space said they signed a deal to refuel satellites.\n"
    assert players(extractor, text) == {"Ardel Fab", "Korvin Space"}


def test_a_countrys_firm_after_its_possessive_is_no_product(extractor):
    text = ("The Kestrel CubeSat, a small satellite, was developed by Tarnland's Velmorspace for the "
            "asteroid mission.\n")
    assert "Velmorspace" in players(extractor, text)


@covers("split_joined_names")
def test_a_universitys_laboratory_named_by_its_fields_is_one_name(extractor):
    text = "The Korvel University Applied Geology Laboratory builds two cameras for the probe.\n"
    assert players(extractor, text) == {"Korvel University Applied Geology Laboratory"}


def test_an_agencys_directorate_named_by_its_fields_is_one_player(extractor):
    text = "The Tarn Agency's Directorate of Robotic and Human Exploration picked Velde Orbital and Quillon Works.\n"
    assert players(extractor, text) == {"Directorate of Robotic and Human Exploration", "Tarn Agency",
                                        "Velde Orbital", "Quillon Works"}


@covers("org_agent")
def test_who_pioneered_something_is_an_organisation(extractor):
    assert players(extractor, "Lower launch costs, pioneered by KestrelX, have been a major catalyst.\n") == {"KestrelX"}


def test_asteroids_cubesats_and_events_are_no_players(lex):
    for name in ("Ryugu", "Itokawa", "Dimorphos", "Juventas"):
        assert V.name_veto(name, lex) == "veto_known_thing", name
    assert V.name_veto("M. Varenko", lex) == "veto_shape"


@covers("veto_event")
def test_an_event_named_so_is_no_player(extractor):
    text = "The Korvel Economic Forum Technology Pioneers Event honoured Tarnwick Space.\n"
    assert players(extractor, text) == {"Tarnwick Space"}


@covers("veto_goal_heading")
def test_a_goal_that_opens_with_a_verb_is_no_player(extractor):
    text = ("The programme has four aims:\n\n- Increase Access to Lunar Surfaces\n- Expand Use of Cislunar Orbit\n\n"
            "Velde Orbital won an award.\n")
    assert players(extractor, text) == {"Velde Orbital"}


# ---------------------------------------------------------------- third part: sets 50-54

@covers("veto_facility")
def test_a_firm_whose_name_opens_with_a_number_and_letters_is_no_facility(extractor):
    text = "A dozen firms now compete, among them 4D Systems, a US firm, and Velde Orbital.\n"
    assert {"4D Systems", "Velde Orbital"} <= players(extractor, text)


def test_a_capitalised_word_that_signs_a_contract_is_a_firm(extractor):
    text = "Telestrada signs a contract with the agency for the relay programme.\n"
    assert players(extractor, text) == {"Telestrada"}


@covers("veto_person_role")
def test_launch_sites_degrees_and_awards_are_no_players(lex):
    assert V.name_veto("Korvel Satellite Launch Center", lex) == "veto_known_thing"
    assert V.name_veto("Tarn Air Force Base", lex) == "veto_known_thing"
    assert V.name_veto("Master of Space Studies", lex) == "veto_person_role"
    assert V.name_veto("PhD Mechanical Engineering", lex) == "veto_person_role"
    assert V.name_veto("Tarn Launch Services", lex) is None


def test_an_award_named_after_a_person_is_no_player(extractor):
    text = "The Jo Varenko Award for Excellence went to Tarnwick Robotics for its rover.\n"
    assert "Tarnwick Robotics" in players(extractor, text)
    assert not any("Award" in p for p in players(extractor, text))
