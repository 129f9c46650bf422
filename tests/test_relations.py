"""The relation rules (spacekg/extract/collaborations.py, technologies.py) on small invented
sentences: collaborations stated without a cue word, and what is (not) a player's technology."""
import pytest

from spacekg.extract.reader import read_text
from spacekg.extract.technologies import subsumed


def extract(extractor, text, name="text.txt"):
    return extractor.extract(read_text(text, name=name))


def pairs(ex):
    return {frozenset(c.players) for c in ex.collaborations}


def techs(ex):
    return {(t.player, t.technology) for t in ex.technologies}


MARLOW_QUILLON = frozenset({"Marlow Mining", "Quillon Robotics"})
MARLOW_TESSERINE = frozenset({"Marlow Mining", "Tesserine Space"})


# ---------------------------------------------------------------- collaborations without a cue word

def test_flying_another_players_hardware(extractor):
    ex = extract(extractor, "Quillon Robotics builds drills for lunar ice. Brightwater Aerospace will fly "
                            "Quillon Robotics' drill to the lunar south pole in 2028.")
    assert pairs(ex) == {frozenset({"Brightwater Aerospace", "Quillon Robotics"})}
    assert ("Quillon Robotics", "drill") in techs(ex) or ("Quillon Robotics", "drills") in techs(ex)
    assert not [t for t in ex.technologies if t.player == "Brightwater Aerospace"]


def test_hardware_carried_by_another_player(extractor):
    ex = extract(extractor, "Tesserine Space builds landers. Marlow Mining builds excavators. Marlow Mining's "
                            "excavator will be carried to the Moon by Tesserine Space's lander in 2029.")
    assert MARLOW_TESSERINE in pairs(ex)


def test_with_phrase_and_hardware_from_a_supplier(extractor):
    ex = extract(extractor, "Marlow Mining, a lunar startup, builds rovers. Tesserine Space builds landers. "
                            "Marlow Mining plans a lunar ice station with Tesserine Space.")
    assert pairs(ex) == {MARLOW_TESSERINE}
    ex = extract(extractor, "Marlow Mining bought a spectrometer from Quillon Robotics for its asteroid prospector.")
    assert pairs(ex) == {MARLOW_QUILLON}


def test_members_of_a_consortium(extractor):
    ex = extract(extractor, "Marlow Mining builds rovers. Quillon Robotics builds drills. Tesserine Space builds "
                            "landers. A consortium of Marlow Mining, Quillon Robotics and Tesserine Space unveiled "
                            "an excavator for lunar regolith.")
    assert {p.name for p in ex.players} == {"Marlow Mining", "Quillon Robotics", "Tesserine Space"}
    assert pairs(ex) == {MARLOW_QUILLON, MARLOW_TESSERINE, frozenset({"Quillon Robotics", "Tesserine Space"})}


def test_supported_by_is_a_partner_backed_by_is_a_funder(extractor):
    ex = extract(extractor, "Vantor Orbital, supported by the Caspian Space Agency, showed a model of its lander.")
    assert pairs(ex) == {frozenset({"Vantor Orbital", "Caspian Space Agency"})}
    ex = extract(extractor, "Marlow Mining, backed by Ostrava Capital, is building an asteroid prospector.")
    assert pairs(ex) == set()


def test_joint_subjects_and_joint_agents(extractor):
    ex = extract(extractor, "Marlow Mining and Quillon Robotics unveiled a microwave sintering rig for lunar regolith.")
    assert pairs(ex) == {MARLOW_QUILLON}
    ex = extract(extractor, "The toolkit is maintained by Marlow Mining and Quillon Robotics.")
    assert pairs(ex) == {MARLOW_QUILLON}


def test_players_acting_apart_rivals_and_acquisitions_are_not_partners(extractor):
    ex = extract(extractor, "Marlow Mining and Quillon Robotics both build excavators for lunar regolith.")
    assert pairs(ex) == set()
    ex = extract(extractor, "Marlow Mining, a lunar startup, builds rovers. Tesserine Space builds landers. "
                            "Marlow Mining competes with Tesserine Space for lunar ice contracts. "
                            "Marlow Mining acquired Quillon Robotics in 2025.")
    assert len(ex.players) == 3 and pairs(ex) == set()


def test_first_person_is_the_author_named_by_the_title(extractor):
    text = ("# Our story | Marlow Mining\n\nMarlow Mining builds rovers for lunar ice.\n\n"
            "In 2024 Quillon Robotics became our drilling partner.\n")
    assert pairs(extract(extractor, text, "story.md")) == {MARLOW_QUILLON}
    # no single author in the title: "our" stays unresolved
    text = ("# Marlow Mining and Tesserine Space\n\nMarlow Mining builds rovers for lunar ice. Tesserine Space "
            "builds landers.\n\nIn 2024 Quillon Robotics became our drilling partner.\n")
    assert MARLOW_QUILLON not in pairs(extract(extractor, text, "two.md"))


# ---------------------------------------------------------------- technologies

@pytest.mark.parametrize("text, wrong", [
    ("Marlow Mining builds a lunar drill that will fly on a lander in 2028.", "lander"),
    ("Marlow Mining signed a launch agreement with Tesserine Space to fly its drill as a rideshare payload.",
     "rideshare payload"),
    ("Marlow Mining builds excavators that deliver regolith to a processing plant.", "processing plant"),
    ("Marlow Mining is developing a power network for shadowed craters, where mining robots will need energy.",
     "mining robots"),
    ("Marlow Mining makes an alloy powder that could be used for 3D printing.", "3D printing"),
    ("Marlow Mining will partner with Quillon Robotics on the station's power systems.", "power systems"),
])
def test_not_the_players_technology(extractor, text, wrong):
    """Vehicles, destinations and roles; subjects of other clauses; hypothetical uses; parts of things."""
    found = {t for _, t in techs(extract(extractor, text))}
    assert wrong not in found, found


def test_its_is_the_subject_of_the_clause(extractor):
    ex = extract(extractor, "The Caspian Space Agency selected Marlow Mining to supply a drill for its next lunar lander.")
    assert ("Marlow Mining", "drill") in techs(ex)
    assert ("Caspian Space Agency", "lunar lander") in techs(ex)
    assert ("Marlow Mining", "lunar lander") not in techs(ex)


def test_one_players_subsumed_technologies_are_one():
    assert subsumed(["autonomous robots", "autonomous mining robots"]) == {"autonomous robots"}
    assert subsumed(["mid-size lunar landers", "lander"]) == {"lander"}
    assert subsumed(["drills", "drill"]) == {"drill"}
    assert subsumed(["Icebreaker rover", "prospecting rover"]) == set()


def test_a_product_named_as_subject_stands_for_its_owner(extractor):
    ex = extract(extractor, "Marlow Mining builds rovers. Tesserine Space will carry Marlow Mining's IceProbe "
                            "instrument to the Moon. IceProbe combines a heated drill with a mass spectrometer.")
    assert {("Marlow Mining", "heated drill"), ("Marlow Mining", "mass spectrometer")} <= techs(ex)
    assert not [t for t in ex.technologies if t.player == "Tesserine Space" and "drill" in t.technology]


def test_named_processes_are_technologies(extractor):
    ex = extract(extractor, "Marlow Mining, a lunar startup, proposes hydrogen reduction of ilmenite-rich soil.")
    assert ("Marlow Mining", "hydrogen reduction of ilmenite-rich soil") in techs(ex) or \
        any(p == "Marlow Mining" and "hydrogen reduction" in t for p, t in techs(ex))
    ex = extract(extractor, "Marlow Mining, a lunar startup, plans extraction of lunar ice.")
    assert not techs(ex)                            # a bare process noun is too vague


def test_transcript_speakers_speak_for_their_organisation(extractor):
    text = ("Podcast transcript: lunar ice\n\nGuests: Maria Lund (Brenner Ice Systems) and Tom Ward, head of "
            "Castor Launch.\n\n[00:01:00] HOST: What do you build?\n\n"
            "[00:01:10] LUND: We build ice drills for the lunar south pole. Castor Launch will carry our drill "
            "to the Moon in 2028.\n")
    ex = extract(extractor, text, "podcast.txt")
    assert ("Brenner Ice Systems", "ice drills") in techs(ex)
    assert frozenset({"Brenner Ice Systems", "Castor Launch"}) in pairs(ex)


def test_a_products_name_is_not_a_player(extractor):
    ex = extract(extractor, "Marlow Mining operates orbital tugs. Its first tug, Kittiwake, will haul a payload "
                            "to lunar orbit in 2029.")
    assert "Kittiwake" not in {p.name for p in ex.players}


def test_directory_entries_and_testing_services(extractor):
    text = ("Cluster members\n\nMarlow Mining - Builds sintering furnaces for lunar regolith. Works with the "
            "Quillon Institute of Technology on furnace design.\n"
            "Brodie Ice Technologies - Develops heated coring drills for lunar polar ice; drills tested at the "
            "Quillon Institute of Technology.\n")
    ex = extract(extractor, text)
    names = {p.name for p in ex.players}
    assert "Brodie Ice Technologies" in names and not [n for n in names if "Develops" in n]
    assert pairs(ex) == {frozenset({"Marlow Mining", "Quillon Institute of Technology"}),
                         frozenset({"Brodie Ice Technologies", "Quillon Institute of Technology"})}
    assert any(p == "Marlow Mining" and "furnaces" in t for p, t in techs(ex))
    assert not [t for p, t in techs(ex) if p == "Quillon Institute of Technology"]


def test_selection_verbs_and_cargo(extractor):
    ex = extract(extractor, "Kessock Orbital has picked Brora Instruments to build the infrared spectrometer for "
                            "its first asteroid prospector.")
    assert pairs(ex) == {frozenset({"Kessock Orbital", "Brora Instruments"})}
    assert ("Brora Instruments", "infrared spectrometer") in techs(ex)
    ex = extract(extractor, "Marlow Mining builds drills. Tesserine Space will take the drill to the lunar south "
                            "pole on its lander in 2028.")
    assert ("Tesserine Space", "drill") not in techs(ex)


def test_a_byline_names_the_author(extractor):
    text = ("# Engineering update\n\n*Marlow Mining · blog · 2 June 2026*\n\n"
            "Our rotary-percussive drill reached 80 cm in frozen regolith.\n")
    assert ("Marlow Mining", "rotary-percussive drill") in techs(extract(extractor, text, "blog.md"))


# ---------------------------------------------------------------- branch recall: how news states partnerships

@pytest.mark.parametrize("text", [
    "A joint venture between Harlan Orbital and Pennick Robotics will mine platinum on asteroids.",
    "The agreement between Harlan Orbital and Pennick Robotics covers ice prospecting on the Moon.",
    "The rover, developed by Harlan Orbital and Pennick Robotics, will map lunar ice.",
    "Harlan Orbital and Pennick Robotics are co-developing a lunar oxygen plant.",
    "Harlan Orbital received a contract from Pennick Robotics for a lunar drill.",
    "Harlan Orbital will carry a drill built by Pennick Robotics.",
    "Harlan Orbital tested its drill with help from Pennick Robotics.",
    "Harlan Orbital is developing the rover with support from Pennick Robotics.",
    "Harlan Orbital licensed its drill technology to Pennick Robotics.",
    "Harlan Orbital buys its thrusters from Pennick Robotics.",
    "Harlan Orbital is building the drill for Pennick Robotics.",
    "Harlan Orbital is a member of a consortium led by Pennick Robotics.",
    "Harlan Orbital will provide Pennick Robotics with a lander.",
    "Harlan Orbital relies on Pennick Robotics for its drills.",
    "Harlan Orbital's customers include Pennick Robotics.",
    "The mission is led by Harlan Orbital with Pennick Robotics as payload partner.",
    "Harlan Orbital x Pennick Robotics: MoU on lunar regolith excavation, signed in May.",
    "- Pennick Robotics - drill supplier to Harlan Orbital for the 2028 lander",
])
def test_partnership_constructions(extractor, text):
    assert pairs(extract(extractor, text)) == {frozenset({"Harlan Orbital", "Pennick Robotics"})}


@pytest.mark.parametrize("text", [
    "Harlan Orbital and Pennick Robotics were each awarded study contracts but will work independently.",
    "Harlan Orbital will build its own tug rather than buy one from Pennick Robotics.",
    "Harlan Orbital raised $20 million from Pennick Capital.",
    "Harlan Orbital acquired Pennick Robotics in 2024.",
    "Harlan Orbital's Series B was led by Pennick Capital Partners.",
])
def test_look_alikes_are_no_partnership(extractor, text):
    assert pairs(extract(extractor, text)) == set()


def test_announced_selection_of_the_company(extractor):
    ex = extract(extractor, "Vellum Instruments, Inc., a maker of spaceflight sensors, today announced that Ardley "
                            "Aerospace has selected the company to provide two neutron spectrometers for Ardley's "
                            "rover.")
    assert pairs(ex) == {frozenset({"Vellum Instruments", "Ardley Aerospace"})}
    assert ("Vellum Instruments", "neutron spectrometers") in techs(ex)
    assert not [t for t in ex.technologies if t.player == "Ardley Aerospace" and "spectrometer" in t.technology]


# ---------------------------------------------------------------- branch recall: technologies as reports list them

def test_items_of_an_including_list(extractor):
    ex = extract(extractor, "Carrow Instruments designs radiation sensors, including neutron spectrometers, "
                            "gamma-ray detectors and dosimeters. Carrow Instruments specialises in thermal "
                            "protection and re-entry systems.")
    found = techs(ex)
    assert {("Carrow Instruments", "neutron spectrometers"), ("Carrow Instruments", "gamma-ray detectors"),
            ("Carrow Instruments", "dosimeters")} <= found
    assert any("re-entry systems" in t for p, t in found)


def test_hardware_from_or_supplied_by_its_maker(extractor):
    ex = extract(extractor, "Harlan Orbital will also fly a drill from Pennick Robotics. Its first harvester "
                            "will fly in 2030 aboard a lander supplied by Stoke Landers.")
    assert ("Pennick Robotics", "drill") in techs(ex) and ("Stoke Landers", "lander") in techs(ex)
    assert ("Harlan Orbital", "drill") not in techs(ex)


def test_a_makers_name_before_the_noun_owns_it(extractor):
    ex = extract(extractor, "Harlan Orbital's excavator will be carried to the Moon by a Pennick Robotics lander.")
    assert ("Pennick Robotics", "lander") in techs(ex)


def test_test_sites_units_and_misread_objects(extractor):
    ex = extract(extractor, "Harlan Orbital tested a 300 kg lander in a vacuum chamber. Regional groups such as "
                            "Pennick Robotics are already building lunar communication relays.")
    assert ("Harlan Orbital", "lander") in techs(ex)
    assert not [t for p, t in techs(ex) if "chamber" in t]
    assert ("Pennick Robotics", "lunar communication relays") in techs(ex)
