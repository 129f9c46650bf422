"""Unit tests of the rules added from the error classes of a fifth private set of unseen real pages
(issue 22, fifth round: company news, awards and funding). Every sentence here is invented for the
test."""
from __future__ import annotations

from spacekg.extract.reader import read_text

from test_rules import covers, lex  # noqa: F401  (covers: the registry check in test_rules; lex: the lexicon)
from test_rules_unseen import extract, players


AWARD_LIST = ("The Tarn Space Agency has picked four companies to study ice mining services on the Moon.\n\n"
              "The selected companies are:\n\nQuillon Dynamics Corporation\n\nHalverson Robotics\n\n"
              "Ember Launch\n\nMossgiel Orbital\n\nEach awardee will receive $150,000 for its study.\n")


def test_short_lines_after_a_colon_are_list_items_not_headings(lex):
    blocks = read_text(AWARD_LIST, "probe.txt", lex).blocks
    assert [b.kind for b in blocks if b.clean in ("Halverson Robotics", "Ember Launch")] == ["item", "item"]
    assert all(b.section is None for b in blocks)          # no item opened a section


@covers("collaboration_selected_members", "players_intro_list")
def test_the_items_under_the_selected_companies_are_chosen_by_the_selector(extractor):
    out = extract(extractor, AWARD_LIST)
    listed = {"Quillon Dynamics", "Halverson Robotics", "Ember Launch", "Mossgiel Orbital"}
    assert listed <= {p.name for p in out.players}
    assert {tuple(sorted(c.players)) for c in out.collaborations} == \
        {tuple(sorted(("Tarn Space Agency", name))) for name in listed}


def test_a_list_of_places_after_a_colon_chooses_no_one(extractor):
    text = ("Tarn Mining has offices in four cities. The cities are:\n\nOslo\n\nLima\n\nPerth\n")
    out = extract(extractor, text)
    assert out.collaborations == []


@covers("veto_source")
def test_the_holder_of_a_copyright_notice_is_not_a_player(extractor):
    text = "Tarn Mining will fly an ice drill to the Moon in 2029.\n\n[© 2031 Kestrel Media Group.\n"
    assert players(extractor, text) == {"Tarn Mining"}


@covers("veto_facility")
def test_a_name_written_with_a_leading_number_is_not_a_numbered_mission(extractor):
    assert {"7KV", "Harbor Fund"} <= players(extractor, "7KV and Harbor Fund jointly led the $9 million round.\n")
    assert "Perdix 7" not in players(extractor, "Tarn Mining will fly Perdix 7 in 2030.\n")


@covers("org_context")
def test_a_country_before_a_subject_with_an_organisation_noun_is_not_its_appositive(extractor):
    text = ("At the forum, with partners from Peru, Chile, Norway and the US, the agency announced a lunar fund "
            "for Tarn Mining.\n")
    assert "US" not in players(extractor, text)


@covers("lowercase_brand")
def test_a_possessed_noun_after_an_organisation_noun_is_not_a_lower_case_brand(extractor):
    text = "In Norway's small startup scene, orbit is the newest craze. Tarn Mining leads it.\n"
    assert players(extractor, text) == {"Tarn Mining"}


@covers("trim_place")
def test_a_bank_or_corporation_of_a_country_keeps_the_country(extractor):
    text = ("Quellmark, a Norwegian lunar start-up, is funded by the state-backed Growth Finance Corp. of Norway "
            "and Export Bank of Norway.\n")
    assert {"Growth Finance Corp. of Norway", "Export Bank of Norway"} <= players(extractor, text)
    text = "Tarn Robotics of Houston builds drills. Houston is a big city.\n"
    assert "Tarn Robotics" in players(extractor, text)


@covers("trim_possessed", "veto_product")
def test_an_entity_run_on_past_a_possessive_is_its_owner(extractor):
    found = players(extractor, "Arvo Systems‘s Pale Lidar Upgrade received £250,000.\n")
    assert "Arvo Systems" in found and not any("Pale" in name for name in found)


def test_an_owners_unit_after_a_possessive_stays_the_player(extractor):
    found = players(extractor, "The University of Tarnfield’s Space Laboratory will test the drill in 2029.\n")
    assert not found & {"University of Tarnfield"}


@covers("org_appositive")
def test_a_name_with_a_countrys_start_up_as_appositive(extractor):
    text = ("The Moon project of Team Corvid, Norway's first venture-backed start-up, is now in doubt.\n")
    assert "Team Corvid" in players(extractor, text)


@covers("org_maker")
def test_the_owner_of_a_hyphen_made_lander_is_an_organisation(extractor):
    text = "A booster carried Selvane’s Norwegian-made lander toward lunar orbit.\n"
    assert "Selvane" in players(extractor, text)


@covers("veto_place")
def test_a_name_joined_to_a_based_place_is_a_place(extractor):
    text = "The Bordeaux and Lisbon-based team signed with Norvik Aerospace.\n"
    assert players(extractor, text) == {"Norvik Aerospace"}


@covers("veto_source")
def test_a_source_described_after_according_to_is_not_a_player(extractor):
    text = "According to space analytics firm Velde Insight, Norway ranks second in lunar start-ups. Tarn Mining agrees.\n"
    assert players(extractor, text) == {"Tarn Mining"}


@covers("veto_facility")
def test_a_facility_for_something_and_a_direct_to_phase_track_are_not_players(extractor):
    text = ("The Tarn Agency's review of the Cold Storage and Imaging Facility for Polar Ice Cores got 30,000 "
            "pounds. Tarn Mining was picked by the Tarn Agency for a TARN Direct-to-Phase II contract.\n")
    found = players(extractor, text)
    assert not any("Facility" in name or "Direct" in name for name in found)
    assert "Tarn Mining" in found


@covers("veto_never_player")
def test_the_space_station_is_not_a_player(extractor):
    assert players(extractor, "Lodestar Orbital will fly its sensors on the ISS in 2030.\n") == {"Lodestar Orbital"}


@covers("veto_product")
def test_a_name_before_a_plural_product_noun_makes_them_but_a_family_of_names_is_products(extractor, nlp, lex):
    from spacekg.extract.vetoes import product_context
    doc = nlp("Quellmark will send two probes to the Moon as secondary payloads on Tarnix rockets.")
    tarnix = next(doc[t.i:t.i + 1] for t in doc if t.text == "Tarnix")
    assert not product_context(tarnix, lex)
    doc = nlp("Tarn Launch flies payloads aboard Perdix and Tull rockets.")
    tull = next(doc[t.i:t.i + 1] for t in doc if t.text == "Tull")
    assert product_context(tull, lex)
    assert "PaleScan" not in players(extractor, "PaleScan has been designed to serve lunar miners. Arvo Systems builds it.\n")


@covers("veto_place")
def test_the_place_of_a_based_modifier_is_not_a_player(extractor):
    text = "Successful projects included bids by Tarnfield-based Velmora Orbital and Kestrel Drills.\n"
    found = players(extractor, text)
    assert "Tarnfield" not in found and "Velmora Orbital" in found


@covers("org_head")
def test_an_institution_named_in_its_own_language(extractor):
    text = ("A team led by Brenta Italia SpA with subcontractors Tarn Systems AG, Germany, Politecnico di Lorvik "
            "and Quillon will design the drill.\n")
    assert "Politecnico di Lorvik" in players(extractor, text)


@covers("collaboration_reported_partner")
def test_a_player_that_announces_another_as_its_partner_collaborates_with_it(extractor):
    text = ("On Monday, Kestrel Orbital says Oslo-based Velde Batteries Co. agreed to be an official "
            "partner of its Perdix venture.\n\nKestrel Orbital announced that Tarn Mining will become a partner in "
            "its lunar programme.\n")
    pairs = {tuple(sorted(c.players)) for c in extract(extractor, text).collaborations}
    assert pairs == {("Kestrel Orbital", "Velde Batteries"), ("Kestrel Orbital", "Tarn Mining")}
    text = "Kestrel Orbital says Tarn Mining is a rival, not a partner.\n"
    assert extract(extractor, text).collaborations == []


# ---- from a sixth private set of unseen pages (technology and product news)


@covers("veto_thing_name")
def test_an_expansion_an_acronym_is_short_for_and_a_numbered_mission_are_things(extractor):
    text = ("The new spectrometer by Tarn Optics is called QUIX, short for Quick Ultraviolet Ice Explorer. "
            "The firm flew hardware on the Perdix 11 mission in 1969.\n")
    assert players(extractor, text) == {"Tarn Optics"}


def test_a_programme_named_by_its_acronym_is_not_a_player_whatever_its_head_word(extractor):
    text = ("The Tarn-based company received $18 million from the agency's Lunar Cargo Services (LCS) program "
            "to build its lander. Tarn Mining flies it.\n")
    assert players(extractor, text) == {"Tarn Mining"}


@covers("veto_source")
def test_as_per_and_a_wire_credit_name_sources(extractor):
    assert "Orbital Business Daily" not in players(extractor, "As per Orbital Business Daily, Tarn Tire is testing "
                                                              "its wheels.\n")
    text = "(Orbital Business Daily) — Interest in lunar start-ups has grown since Tarn Tire landed.\n"
    assert players(extractor, text) == {"Tarn Tire"}


@covers("extend_name", "veto_shape")
def test_a_ministry_named_with_its_list_of_fields(extractor):
    text = ("Norway's Ministry of Oceans, Forests, Rivers and Fisheries oversees the effort, helped by our "
            "Ministry of Schools, Arts, Games, Physics and Technology.\n")
    found = players(extractor, text)
    assert {"Ministry of Oceans, Forests, Rivers and Fisheries",
            "Ministry of Schools, Arts, Games, Physics and Technology"} <= found
    assert not any(name.startswith(("Arts", "Norway")) for name in found)


@covers("veto_product")
def test_the_company_after_a_persons_possessive_and_a_dash(extractor):
    text = "Marta Jensen's Velmora — one of the most valuable start-ups — has led the private lunar sector.\n"
    assert "Velmora" in players(extractor, text)


@covers("org_suffix")
def test_a_legal_name_with_an_ampersand(extractor):
    text = "Tarn Tire & Wheel Company has made wheels for lunar buggies since 1970.\n"
    assert players(extractor, text) == {"Tarn Tire & Wheel"}


@covers("author_heading")
def test_a_titles_the_future_of_is_not_the_author(extractor):
    text = ("The Future of Space Exploration: Why Robots Matter\n\nHello, readers! Today, we're going to look at "
            "lunar robots. Tarn Mining builds them.\n")
    assert players(extractor, text) == {"Tarn Mining"}


@covers("players_enumeration")
def test_an_enumeration_ends_at_the_verb_after_its_last_item(extractor):
    text = ("Private companies such as Tarn Mining and Velde Orbital have made investments in lunar exploration "
            "and commercialisation.\n")
    assert players(extractor, text) == {"Tarn Mining", "Velde Orbital"}


def technologies(extractor, text):
    return {(t.player, t.technology) for t in extract(extractor, text).technologies}


@covers("org_agent")
def test_one_word_after_developed_by_is_the_maker(extractor):
    text = "The drill was developed by Tarnelli, while Quillon Space built the rover.\n"
    assert {"Tarnelli", "Quillon Space"} <= players(extractor, text)
    assert ("Tarnelli", "drill") in technologies(extractor, text)


@covers("technology_co_developer")
def test_every_partner_listed_after_teaming_up_with_makes_the_product(extractor):
    text = ("Tarn Aerospace Corporation is teaming up with Quill, Velde Robotics, Lorvik Orbital, and Marrow to "
            "create a Lunar Cargo Vehicle (LCV) to carry crews around the Moon.\n")
    makers = {p for p, t in technologies(extractor, text) if t.startswith("Lunar Cargo Vehicle")}
    assert makers == {"Tarn Aerospace", "Quill", "Velde Robotics", "Lorvik Orbital", "Marrow"}


@covers("veto_procured_part")
def test_parts_a_player_procures_are_not_its_technologies(extractor):
    text = ("- Tarn Systems AG: navigation, power and procurement of flight hardware, including "
            "solar arrays, batteries and transponders.\n- Velde Space: design of the engine block and "
            "sourcing parts such as tanks and thrusters.\n\nTarn Systems builds a lunar rover.\n")
    found = technologies(extractor, text)
    assert ("Tarn Systems", "lunar rover") in found
    assert not {t for _, t in found} & {"solar arrays", "batteries", "transponders", "tanks", "thrusters"}


@covers("technology_object")
def test_the_companys_product_in_a_sentence_that_names_no_player(extractor):
    text = ("Quill Optics won a grant last week. That money will fund tests of the company's ORCA "
            "LIDAR, which maps landing sites.\n\nTarn Fab signed its first contract with Velde in January. It "
            "received $12M to add its proprietary KELP refueling port to satellites.\n")
    found = technologies(extractor, text)
    assert ("Quill Optics", "ORCA LIDAR") in found
    assert any(p == "Tarn Fab" and "KELP refueling port" in t for p, t in found)
    text = "Velde Mining was founded in 2019. Engineers at the company's plant are integrating the flight hardware.\n"
    assert technologies(extractor, text) == set()


def test_where_a_thing_was_made_and_who_paid_are_not_its_name(extractor):
    text = ("Tarn Launch flew Velde’s Danish-made lander in 2030. Velde also built a locally designed "
            "and privately-financed lunar rover and a four-kg robotic rover.\n")
    found = {t for p, t in technologies(extractor, text) if p == "Velde"}
    assert {"lander", "lunar rover", "robotic rover"} <= found


def pairs(extractor, text):
    return {tuple(sorted(c.players)) for c in extract(extractor, text).collaborations}


@covers("mention_the_two")
def test_the_two_stand_for_the_last_two_players_named(extractor):
    text = ("Tarn Mining is a resources company. Velde Rovers builds rovers. The two will now jointly "
            "build a drill for a rover.\n")
    assert pairs(extractor, text) == {("Tarn Mining", "Velde Rovers")}
    text = "Tarn Mining is a resources company. Velde Rovers builds rovers. The two compete for the same customers.\n"
    assert pairs(extractor, text) == set()


@covers("collaboration_group_includes")
def test_a_team_listed_on_past_its_leaders_units_with_alongside(extractor):
    text = ("The industrial team includes Tarn Space operations in Italy and France, alongside Velde Systems AG and "
            "propulsion specialist Quill.\n")
    assert ("Tarn Space", "Velde Systems") in pairs(extractor, text)


# ---- from a seventh private set of unseen pages (who targets which resource)


@covers("drop_lower_case_word")
def test_an_all_lower_case_keyword_line_says_nothing_of_how_the_text_writes_a_name(extractor):
    text = ("tarnx rocket booster moon mars illustration rendering copyright\n\n"
            "Jane Roe, the founder and CEO of TarnX, plans to show its latest design on Monday.\n")
    assert "TarnX" in players(extractor, text)


@covers("org_agent")
def test_a_camel_case_maker_before_its_product_family_and_noun(extractor):
    text = "Launched in 2023 aboard a TarnX Condor Heavy rocket, the probe is on track. The LIDAR Scan system maps craters.\n"
    assert players(extractor, text) == {"TarnX"}
    text = "The mission will be flown by the QRS Explorer spacecraft in 2028. Tarn Mining built it.\n"
    assert "QRS" not in players(extractor, text)


@covers("veto_source")
def test_who_forecasts_a_market_figure_is_a_source(extractor):
    text = "KPQ Insight forecasts lunar revenue of $88 billion by 2045. Velde Mining will mine ice.\n"
    assert players(extractor, text) == {"Velde Mining"}


@covers("org_appositive")
def test_a_person_described_as_working_at_an_organisation_is_not_one(extractor):
    text = ("The team was led by principal investigator Marta Jensen, a planetary geologist at Tarnfield University "
            "in Ohio. Velde Mining built the camera.\n")
    assert players(extractor, text) == {"Tarnfield University", "Velde Mining"}


@covers("veto_thing_name")
def test_a_name_with_a_programme_as_appositive_is_a_programme(extractor):
    text = ("Tarn Launch began the effort for Red Kite, a lunar cargo program it later cancelled, and kept "
            "working on it.\n")
    assert players(extractor, text) == {"Tarn Launch"}


@covers("veto_shape", "veto_never_player")
def test_chemical_formulas_and_launch_jargon_are_not_players(extractor):
    text = ("Other volatiles were also seen in the plume, including CO2, CO and H2S. Tarn Mining will mine them. "
            "NET January 2031, Tarn Mining plans to launch its lander.\n")
    assert players(extractor, text) == {"Tarn Mining"}


@covers("collaboration_cue")
def test_a_subject_the_parse_hangs_on_an_auxiliary_still_gets_the_award(extractor):
    text = ("Tarn Space, which closed a $30 million Series B in June, was this spring awarded a "
            "$2 million contract by the Norwegian Space Agency for its lunar programme.\n")
    assert pairs(extractor, text) == {("Norwegian Space Agency", "Tarn Space")}


@covers("collaboration_described_partner")
def test_a_fronted_partnership_with_a_described_partner(extractor):
    text = ("In partnership with Oslo-based launch provider Velde Aerospace, Tarn Space will fly "
            "its seismometer to the Moon.\n")
    assert pairs(extractor, text) == {("Tarn Space", "Velde Aerospace")}


@covers("veto_product")
def test_two_peoples_companies_joined_as_one_subject(extractor):
    text = ("Meanwhile, Marta Jensen’s TarnX and Peter Olsen’ Velde Orbital are preparing "
            "for lunar work.\n")
    assert players(extractor, text) == {"TarnX", "Velde Orbital"}
