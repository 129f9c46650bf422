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
    ex = extract(extractor, "A milestone for the Osprey effort was the installation of the Tesserine "
                            "Space-contributed Kestrel camera.")
    assert ("Tesserine Space", "Kestrel camera") in techs(ex)
    assert rules(ex)[("Tesserine Space", "Kestrel camera")] in ("technology_maker_compound", "technology_product")
    ex = extract(extractor, "Marlow Mining's orbiter will carry a Tesserine Space-supplied sample drill.")
    assert rules(ex).get(("Tesserine Space", "sample drill")) == "technology_maker_compound"
    ex = extract(extractor, "Marlow Mining flew a Quillon Robotics-built drill and a Quillon Robotics-built spacecraft.")
    assert ("Quillon Robotics", "drill") in techs(ex)
    assert ("Quillon Robotics", "spacecraft") not in techs(ex)      # a broad class names no product


def test_creator_of_a_named_thing(extractor):
    ex = extract(extractor, "The consortium is led by two companies: Quillon Robotics, creator of Canada's "
                            "Deep Automation, AI & Robotics Control Complex (DARCC); and Marlow Mining, a "
                            "lunar start-up.")
    assert ("Quillon Robotics", "Deep Automation, AI & Robotics Control Complex (DARCC)") in techs(ex)
    assert rules(ex)[("Quillon Robotics", "Deep Automation, AI & Robotics Control Complex (DARCC)")] == \
        "technology_maker_appositive"


def test_the_firms_product_is_the_named_firms_not_a_pronouns(extractor):
    ex = extract(extractor, "Kestrel News. Tesserine Space was picked to fly our rover aboard its Wayfarer "
                            "lander, reusing parts from the firm's Osprey lander which flew last year.")
    assert ("Tesserine Space", "Osprey lander") in techs(ex)


# ---------------------------------------------------------------- technology_purpose

def test_technology_named_by_its_purpose_goes_to_each_subject(extractor):
    ex = extract(extractor, "Start-ups such as Marlow Mining, Quillon Robotics are developing technology for "
                            "asteroid sampling and lunar resource delivery.")
    assert techs(ex) == {("Marlow Mining", "technology for asteroid sampling and lunar resource delivery"),
                         ("Quillon Robotics", "technology for asteroid sampling and lunar resource delivery")}
    ex = extract(extractor, "Tesserine Space is developing technology to extract Helium 3 and other materials "
                            "from lunar soil.")
    assert techs(ex) == {("Tesserine Space", "technology to extract Helium 3")}


def test_bare_technology_is_still_no_technology(extractor):
    ex = extract(extractor, "Tesserine Space is developing technology with its partners.")
    assert not ex.technologies


# ---------------------------------------------------------------- technology_offering, veto_component_technology

def test_what_a_players_product_is(extractor):
    ex = extract(extractor, "Marlow Mining’s flagship product is a modular resource extraction system that "
                            "integrates robotic rovers with ISRU units.")
    assert techs(ex) == {("Marlow Mining", "modular resource extraction system")}
    ex = extract(extractor, "Marlow Mining’s technology centers on automated robotic systems designed to operate "
                            "in the harsh environment.")
    assert techs(ex) == {("Marlow Mining", "automated robotic systems")}
    ex = extract(extractor, "Marlow Mining's main product is expensive.")
    assert not ex.technologies


def test_parts_in_a_relative_clause_are_not_further_technologies(extractor):
    ex = extract(extractor, "Quillon Robotics builds a lunar lander which houses two sample drills.")
    assert ("Quillon Robotics", "lunar lander") in techs(ex)
    assert not any("drill" in t for _, t in techs(ex))


# ---------------------------------------------------------------- technology_object: responsibility, customers

def test_responsible_for_the_lander(extractor):
    ex = extract(extractor, "Tesserine Space is likely to provide the launch vehicle and the rover, while Marlow "
                            "Mining would be responsible for the lander.")
    assert ("Marlow Mining", "lander") in techs(ex)
    assert ("Tesserine Space", "lander") not in techs(ex)


def test_a_subsystem_is_a_technology(extractor):
    ex = extract(extractor, "Vantor Orbital will provide a communication subsystem for the orbiter.")
    assert techs(ex) == {("Vantor Orbital", "communication subsystem")}


def test_the_other_party_of_a_contract_ordered_the_work(extractor):
    ex = extract(extractor, "Quillon Robotics provides the spacecraft and integrates the flight system, under "
                            "contract with Marlow Mining.")
    assert not [t for t in ex.technologies if t.player == "Marlow Mining"]
    ex = extract(extractor, "Tesserine Space signed a memorandum with Marlow Mining to co-develop a regolith "
                            "sintering rover.")
    assert ("Marlow Mining", "regolith sintering rover") in techs(ex)


def test_passive_maker_for_a_customer(extractor):
    ex = extract(extractor, "Our sample drills are manufactured for us by Quillon Robotics.")
    assert techs(ex) == {("Quillon Robotics", "sample drills")}


# ---------------------------------------------------------------- vetoes: who is not the maker, what is not a product

def test_source_sponsor_and_grant_giver_are_not_makers(extractor):
    ex = extract(extractor, "Marlow Mining builds rovers. According to Marlow Mining, the Osprey mission will "
                            "demonstrate regolith sintering reactors.")
    assert ("Marlow Mining", "regolith sintering reactors") not in techs(ex)
    ex = extract(extractor, "Quillon Robotics announced grants for two consortia to develop lunar rovers.")
    assert not ex.technologies
    ex = extract(extractor, "Marlow Mining received a grant to develop lunar rovers.")
    assert techs(ex) == {("Marlow Mining", "lunar rovers")}
    ex = extract(extractor, "Two consortia will develop lunar rovers under Vantor Orbital's Kestrel initiative.")
    assert not [t for t in ex.technologies if t.player == "Vantor Orbital"]


def test_what_a_machine_uses_is_its_part(extractor):
    ex = extract(extractor, "Marlow Mining builds mining robots. These robots use advanced drilling and "
                            "excavation tools to collect regolith.")
    assert techs(ex) == {("Marlow Mining", "mining robots")}
    ex = extract(extractor, "Marlow Mining uses a regolith sintering furnace.")
    assert techs(ex) == {("Marlow Mining", "regolith sintering furnace")}


def test_a_class_before_its_examples_is_not_a_technology(extractor):
    ex = extract(extractor, "Marlow Mining is demonstrating surface exploration technologies such as "
                            "vehicular transport.")
    assert ("Marlow Mining", "surface exploration technologies") not in techs(ex)


def test_what_a_launched_rocket_carries_is_not_the_launchers(extractor):
    ex = extract(extractor, "Vantor Orbital on Thursday launched a rocket carrying an X-ray telescope.")
    assert not ex.technologies
    ex = extract(extractor, "Marlow Mining's flagship product is the Wayfinder prospector, a 150 kg spacecraft "
                            "carrying a gamma-ray spectrometer.")
    assert ("Marlow Mining", "gamma-ray spectrometer") in techs(ex)


# ---------------------------------------------------------------- technology_relative_antecedent, heads

def test_relative_clause_after_the_last_name_of_a_list(extractor):
    ex = extract(extractor, "Other firms include Texas-based Marlow Mining, Japan’s Quillon Robotics and Vantor "
                            "Orbital, which is developing robotic explorers to mine the moon.")
    assert techs(ex) == {("Vantor Orbital", "robotic explorers")}


def test_an_extractor_is_a_technology(extractor):
    ex = extract(extractor, "Marlow Mining plans to send a prototype extractor to the Moon in 2027.")
    assert ("Marlow Mining", "prototype extractor") in techs(ex)


# ---------------------------------------------------------------- technology_co_developer

def test_a_named_product_developed_with_a_partner(extractor):
    ex = extract(extractor, "Marlow Mining collaborated with Quillon Robotics, located in Leeds, to develop the "
                            "Kestrel lander.")
    assert rules(ex) == {("Marlow Mining", "Kestrel lander"): "technology_product",
                         ("Quillon Robotics", "Kestrel lander"): "technology_co_developer"}
    ex = extract(extractor, "Marlow Mining signed a contract with Quillon Robotics to develop the Kestrel lander.")
    assert ("Quillon Robotics", "Kestrel lander") not in techs(ex)


# ---------------------------------------------------------------- veto_product_description

def test_the_description_of_a_named_product_is_not_another_technology(extractor):
    ex = extract(extractor, "Marlow Mining's Lunar Transporter or L-Tran, a low-mass transportation rover, would "
                            "deploy the excavator.")
    assert ("Marlow Mining", "low-mass transportation rover") not in techs(ex)
    assert ("Marlow Mining", "Lunar Transporter (L-Tran)") in techs(ex)
