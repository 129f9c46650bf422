"""Technology rules written for real pages (issue 22), each on small invented sentences: who makes
what, how English names a maker, and what a player only carries, uses or includes."""
from spacekg.extract.reader import read_text


def extract(extractor, text, name="text.txt"):
    return extractor.extract(read_text(text, name=name))


def techs(ex):
    return {(t.player, t.technology) for t in ex.technologies}


def rules(ex):
    return {(t.player, t.technology): t.evidence.rule for t in ex.technologies}


# ---------------------------------------------------------------- technology_passive_maker

def test_passive_maker_and_its_gapped_conjunct(extractor):
    ex = extract(extractor, "Tesserine Space plans a lunar mission. The regolith drill will be developed by "
                            "Quillon Robotics, and the gas analyser by Marlow Mining in partnership with "
                            "Vantor Orbital.")
    assert techs(ex) == {("Quillon Robotics", "regolith drill"), ("Marlow Mining", "gas analyser"),
                         ("Vantor Orbital", "gas analyser")}
    assert set(rules(ex).values()) == {"technology_passive_maker"}


def test_passive_maker_after_a_fronted_phrase(extractor):
    ex = extract(extractor, "For Kestrel-2, the regolith drill will be built by Quillon Robotics.")
    assert ("Quillon Robotics", "regolith drill") in techs(ex)


def test_the_owner_of_the_maker_is_not_the_maker(extractor):
    ex = extract(extractor, "The sample analyser was designed by Marlow Mining's Kestrel Space Center.")
    assert {p for p, _ in techs(ex)} == {"Kestrel Space Center"}


def test_delivered_by_is_not_made_by(extractor):
    ex = extract(extractor, "The regolith drill will be delivered by Tesserine Space to the lunar south pole.")
    assert ("Tesserine Space", "regolith drill") not in techs(ex)


# ---------------------------------------------------------------- veto_other_maker_technology

def test_a_named_maker_wins_over_the_mission_that_includes_it(extractor):
    ex = extract(extractor, "Tesserine Space's Kestrel mission includes a drill and a gas analyser. For the "
                            "Kestrel mission, the regolith drill will be developed by Quillon Robotics, and the "
                            "gas analyser by Marlow Mining.")
    assert techs(ex) == {("Quillon Robotics", "regolith drill"), ("Marlow Mining", "gas analyser")}


def test_without_a_named_maker_the_mission_owner_keeps_it(extractor):
    ex = extract(extractor, "Tesserine Space's Kestrel mission includes a drill and a gas analyser.")
    assert ("Tesserine Space", "gas analyser") in techs(ex)


# ---------------------------------------------------------------- technology_maker_compound, _appositive

def test_player_hyphen_participle_names_the_maker(extractor):
    ex = extract(extractor, "Engineers fitted the Tesserine Space-contributed Kestrel camera to the orbiter "
                            "last week.")
    assert ("Tesserine Space", "Kestrel camera") in techs(ex)
    assert rules(ex)[("Tesserine Space", "Kestrel camera")] in ("technology_maker_compound", "technology_product")
    ex = extract(extractor, "Marlow Mining's orbiter will carry a Tesserine Space-supplied sample drill.")
    assert rules(ex).get(("Tesserine Space", "sample drill")) == "technology_maker_compound"
    ex = extract(extractor, "Marlow Mining flew a Quillon Robotics-built drill and a Quillon Robotics-built spacecraft.")
    assert ("Quillon Robotics", "drill") in techs(ex)
    assert ("Quillon Robotics", "spacecraft") not in techs(ex)      # a broad class names no product


def test_creator_of_a_named_thing(extractor):
    ex = extract(extractor, "Two firms head the bid: Quillon Robotics, creator of Canada's Deep Field Robotics "
                            "& Autonomy Hub (DFRAH); and Marlow Mining.")
    assert rules(ex).get(("Quillon Robotics", "Deep Field Robotics & Autonomy Hub (DFRAH)")) == \
        "technology_maker_appositive"


def test_the_firms_product_is_the_named_firms_not_a_pronouns(extractor):
    ex = extract(extractor, "Kestrel News. Tesserine Space was picked to fly our rover aboard its Wayfarer "
                            "lander, reusing parts from the firm's Osprey lander which flew last year.")
    assert ("Tesserine Space", "Osprey lander") in techs(ex)


# ---------------------------------------------------------------- technology_purpose

def test_technology_named_by_its_purpose_goes_to_each_subject(extractor):
    ex = extract(extractor, "Young firms such as Marlow Mining, Quillon Robotics are building technology for "
                            "regolith sorting and ice delivery.")
    assert techs(ex) == {("Marlow Mining", "technology for regolith sorting and ice delivery"),
                         ("Quillon Robotics", "technology for regolith sorting and ice delivery")}
    ex = extract(extractor, "Tesserine Space is building technology to extract oxygen and metals from asteroid "
                            "rubble.")
    assert techs(ex) == {("Tesserine Space", "technology to extract oxygen")}


def test_plural_technologies_for_a_purpose_are_a_class_not_a_product(extractor):
    ex = extract(extractor, "Tesserine Space and Marlow Mining will build technologies to make oxygen from "
                            "regolith.")
    assert not any("to make oxygen" in t for _, t in techs(ex))


def test_bare_technology_is_still_no_technology(extractor):
    ex = extract(extractor, "Tesserine Space is developing technology with its partners.")
    assert not ex.technologies


# ---------------------------------------------------------------- technology_offering, veto_component_technology

def test_what_a_players_product_is(extractor):
    ex = extract(extractor, "Marlow Mining’s flagship product is a mobile ice processing plant that integrates "
                            "sample drills with heating units.")
    assert techs(ex) == {("Marlow Mining", "mobile ice processing plant")}
    ex = extract(extractor, "Marlow Mining’s technology centers on tethered crater crawlers built for permanent "
                            "shadow.")
    assert techs(ex) == {("Marlow Mining", "tethered crater crawlers")}
    ex = extract(extractor, "Marlow Mining's main product is expensive.")
    assert not ex.technologies


def test_parts_in_a_relative_clause_are_not_further_technologies(extractor):
    ex = extract(extractor, "Quillon Robotics builds a lunar lander which houses two sample drills.")
    assert ("Quillon Robotics", "lunar lander") in techs(ex)
    assert not any("drill" in t for _, t in techs(ex))


# ---------------------------------------------------------------- technology_object: responsibility, customers

def test_responsible_for_the_lander(extractor):
    ex = extract(extractor, "Tesserine Space will supply the orbiter, and Marlow Mining will be responsible "
                            "for the lander.")
    assert ("Marlow Mining", "lander") in techs(ex)
    assert ("Tesserine Space", "lander") not in techs(ex)


def test_a_subsystem_is_a_technology(extractor):
    ex = extract(extractor, "Vantor Orbital will supply a thermal control subsystem for the tug.")
    assert techs(ex) == {("Vantor Orbital", "thermal control subsystem")}


def test_the_other_party_of_a_contract_ordered_the_work(extractor):
    ex = extract(extractor, "Quillon Robotics builds the rover and integrates the sampling system, under "
                            "contract with Marlow Mining.")
    assert not [t for t in ex.technologies if t.player == "Marlow Mining"]
    ex = extract(extractor, "Tesserine Space signed a memorandum with Marlow Mining to co-develop a regolith "
                            "sintering rover.")
    assert ("Marlow Mining", "regolith sintering rover") in techs(ex)


def test_passive_maker_for_a_customer(extractor):
    ex = extract(extractor, "Our ice drills are made for us by Quillon Robotics.")
    assert techs(ex) == {("Quillon Robotics", "ice drills")}


# ---------------------------------------------------------------- vetoes: who is not the maker, what is not a product

def test_source_sponsor_and_grant_giver_are_not_makers(extractor):
    ex = extract(extractor, "Marlow Mining builds rovers. According to Marlow Mining, the Osprey mission will "
                            "demonstrate regolith sintering reactors.")
    assert ("Marlow Mining", "regolith sintering reactors") not in techs(ex)
    ex = extract(extractor, "Quillon Robotics is offering grants to three university teams to design ice drills.")
    assert not ex.technologies
    ex = extract(extractor, "Marlow Mining received a grant to design ice drills.")
    assert techs(ex) == {("Marlow Mining", "ice drills")}
    ex = extract(extractor, "Three teams will design ice drills under Vantor Orbital's Kestrel initiative.")
    assert not [t for t in ex.technologies if t.player == "Vantor Orbital"]


def test_what_a_machine_uses_is_its_part(extractor):
    ex = extract(extractor, "Marlow Mining builds mining robots. These robots use plasma cutting tools to break "
                            "up ice.")
    assert techs(ex) == {("Marlow Mining", "mining robots")}
    ex = extract(extractor, "Marlow Mining uses a regolith sintering furnace.")
    assert techs(ex) == {("Marlow Mining", "regolith sintering furnace")}


def test_a_class_before_its_examples_is_not_a_technology(extractor):
    ex = extract(extractor, "Marlow Mining is testing crater access technologies such as tethered descent.")
    assert ("Marlow Mining", "crater access technologies") not in techs(ex)


def test_what_a_launched_rocket_carries_is_not_the_launchers(extractor):
    ex = extract(extractor, "Vantor Orbital launched a rocket carrying an infrared survey telescope last week.")
    assert not ex.technologies
    ex = extract(extractor, "Marlow Mining's main product is the Skua prospector, a small spacecraft carrying a "
                            "neutron spectrometer.")
    assert ("Marlow Mining", "neutron spectrometer") in techs(ex)


# ---------------------------------------------------------------- technology_relative_antecedent, heads

def test_relative_clause_after_the_last_name_of_a_list(extractor):
    ex = extract(extractor, "Rivals include Ohio-based Marlow Mining, Quillon Robotics and Vantor "
                            "Orbital, which is building autonomous ice harvesters to quarry asteroids.")
    assert techs(ex) == {("Vantor Orbital", "autonomous ice harvesters")}


def test_an_extractor_is_a_technology(extractor):
    ex = extract(extractor, "Marlow Mining will fly a prototype extractor to an asteroid in 2031.")
    assert ("Marlow Mining", "prototype extractor") in techs(ex)


# ---------------------------------------------------------------- technology_co_developer

def test_a_named_product_developed_with_a_partner(extractor):
    ex = extract(extractor, "Marlow Mining worked with Quillon Robotics, based in Leeds, to build the Kestrel "
                            "lander.")
    assert rules(ex) == {("Marlow Mining", "Kestrel lander"): "technology_product",
                         ("Quillon Robotics", "Kestrel lander"): "technology_co_developer"}
    ex = extract(extractor, "Marlow Mining signed a contract with Quillon Robotics to develop the Kestrel lander.")
    assert ("Quillon Robotics", "Kestrel lander") not in techs(ex)


# ---------------------------------------------------------------- veto_product_description

def test_the_description_of_a_named_product_is_not_another_technology(extractor):
    ex = extract(extractor, "Marlow Mining's Kestrel Transporter or K-Trans, a six-wheeled cargo rover, will carry "
                            "the drill.")
    assert ("Marlow Mining", "six-wheeled cargo rover") not in techs(ex)
    assert ("Marlow Mining", "Kestrel Transporter (K-Trans)") in techs(ex)


def test_what_a_thing_is_made_for_is_not_its_purpose(extractor):
    ex = extract(extractor, "Marlow Mining tested the battery system for its polar outpost.")
    assert ("Marlow Mining", "battery system") in techs(ex)
