"""Unit tests of the seventeenth round of issue 22 (written from error classes of the private sets of
real pages read so far: a player named by the longest of its forms when that form is the name read
together with words that are not part of it). Every sentence here is invented for the test, and so is
every name."""
from __future__ import annotations

from test_rules import covers, lex  # noqa: F401  (covers: the registry check; lex: the lexicon)
from test_rules_unseen import extract
from test_rules_unseen14 import every_pair, pairs

from spacekg.extract.inventory import overread_name


def names(extractor, text: str, name: str = "probe.txt") -> set[str]:
    return {p.name for p in extract(extractor, text, name).players}


# ---------------------------------------------------------------- which form names the player

def test_a_name_read_with_words_that_are_not_part_of_it_gives_way_to_the_name(lex):
    for longer, shorter in (("Velmora Robotics NovaVac", "Velmora Robotics"),   # a product after it
                            ("Tarnwick Space Industries Model", "Tarnwick Space Industries"),   # a heading's word
                            ("Brandel Space Agency & Orlan Cosmos", "Brandel Space Agency"),   # two names joined
                            ("Orlan Centre in Brask", "Orlan Centre"),             # a place
                            ("Kessor's Loon", "Kessor"),                            # what it owns
                            ("Development of Quarrow", "Quarrow"),                  # a heading's words
                            ("Tarnwick Tarnwick Astronautics", "Tarnwick Astronautics")):   # a doubled word
        assert overread_name(longer, shorter, lex), longer


def test_a_fuller_name_of_the_same_organisation_keeps_its_words(lex):
    for longer, shorter in (("Velmora Space Systems", "Velmora"),                   # organisation words
                            ("The Velmora Corporation", "Velmora"),
                            ("Quarrow School Of Mines", "Quarrow School"),          # "of" goes on inside a name
                            ("Brask Centre for Astrobiology", "Brask Centre"),
                            ("Orlan College Brask", "Orlan College"),               # colleges take a town's name
                            ("Orlan University's Space Industry Hub", "Orlan University"),   # a named unit
                            ("University of Brask", "Brask"),
                            ("Kessor Lunar", "Kessor"),                             # no company head word
                            ("Velmora Robotics", "Orlan")):                         # not a part of it
        assert not overread_name(longer, shorter, lex), longer


def test_the_player_is_named_by_its_name_not_by_the_longer_reading(extractor):
    text = ("This post looks at Tarnwick Tarnwick Astronautics, a company based in Brask. Tarnwick "
            "Astronautics plans to extract water on Mars.\n")
    assert names(extractor, text) == {"Tarnwick Astronautics"}
    text = "Development of Quarrow. The firm Quarrow builds excavators. Quarrow plans to mine lunar ice.\n"
    assert names(extractor, text) == {"Quarrow"}


# ---------------------------------------------------------------- a group's members across sentences

@covers("collaboration_roster")
def test_the_team_a_player_leads_lists_its_members_in_a_later_sentence(extractor):
    # "The team" is the group here, though coreference reads it as the player that leads the team
    members = ("Orlan University", "Brask Institute of Technology", "Kessor Aerospace")
    for opening in ("The Velmora Robotics-led international team has shown oxygen production from lunar regolith.",
                    "A team led by Velmora Robotics has shown oxygen production from lunar regolith."):
        text = (f"{opening} The plant heats simulated lunar dust. The team includes scientists from "
                "Orlan University, Brask Institute of Technology and Kessor Aerospace.\n")
        assert pairs(extractor, text) == every_pair("Velmora Robotics", *members), opening


@covers("collaboration_roster")
def test_players_that_join_an_open_consortium_pair_with_its_members(extractor):
    text = ("Orlan University and Kessor Aerospace formed a consortium this autumn to study lunar mining. "
            "The consortium will be joined by Quarrow Engineering and Harlen Systems. Startups including "
            "Velmora Robotics and Nivex Space will participate in this venture too.\n")
    assert pairs(extractor, text) == every_pair("Orlan University", "Kessor Aerospace", "Quarrow Engineering",
                                                "Harlen Systems", "Velmora Robotics", "Nivex Space")


def test_joining_what_no_sentence_formed_pairs_nobody(extractor):
    text = ("Quarrow Engineering builds drills. Velmora Robotics and Nivex Space will also participate in "
            "the venture.\n")
    assert frozenset(("Velmora Robotics", "Quarrow Engineering")) not in pairs(extractor, text)


@covers("collaboration_selected_group")
def test_the_chooser_of_a_team_pairs_with_the_player_that_leads_it(extractor):
    text = ("After a design contest, the Tarn Space Agency has chosen the industry team that is to build its "
            "first payload to make oxygen out of Moon soil. The winning consortium, led by Velmora "
            "Robotics, will build a small oxygen plant.\n")
    assert pairs(extractor, text) == {frozenset(("Tarn Space Agency", "Velmora Robotics"))}


@covers("collaboration_selected_group")
def test_a_player_that_signed_with_unnamed_institutes_pairs_with_each_the_group_then_lists(extractor):
    members = ("Orlan Institute of Science", "Brask Research Institute", "Kessor Institute of Technology")
    text = ("In July 2026, the Velmora Group signed a joint research agreement with three research institutes "
            "to develop a lunar rover. The coalition includes Orlan Institute of Science; Brask Research "
            "Institute; and Kessor Institute of Technology.\n")
    found = pairs(extractor, text)
    assert {frozenset(("Velmora Group", m)) for m in members} <= found


def test_a_page_that_calls_its_company_the_group_refers_back_to_it(extractor):
    text = ("Velmora Motor Group builds lunar rovers. In July 2026, the Group signed a joint research agreement "
            "with three research institutes to develop a lunar rover. The coalition includes Orlan Institute "
            "of Science; Brask Research Institute; and Kessor Institute of Technology.\n")
    found = pairs(extractor, text)
    assert frozenset(("Velmora Motor Group", "Orlan Institute of Science")) in found


@covers("collaboration_formed_group")
def test_the_partner_a_group_s_founders_team_up_with_is_a_member(extractor):
    text = ("Orlan University and Brask Institute of Technology will team up with Kessor Aerospace to establish "
            "a consortium this autumn. The consortium will be joined by Quarrow Engineering.\n")
    assert pairs(extractor, text) == every_pair("Orlan University", "Brask Institute of Technology",
                                                "Kessor Aerospace", "Quarrow Engineering")


# ---------------------------------------------------------------- a field of study is no player

@covers("veto_academic_unit")
def test_a_field_of_study_named_alone_is_no_player(lex):
    from spacekg.extract import vetoes as V
    for name in ("Mechanical Engineering", "Civil and Chemical Engineering", "Environmental & Chemical Engineering"):
        assert V.name_veto(name, lex) == "veto_academic_unit", name
    for name in ("Tarnwick Engineering", "Velmora Thermal Engineering", "Orlan Systems", "Engineering"):
        assert V.name_veto(name, lex) != "veto_academic_unit", name


# ---------------------------------------------------------------- a target is the actor's, not the payer's or owner's

def targets(extractor, text: str) -> set[tuple[str, str]]:
    out = extract(extractor, text)
    return {(t.player, v) for t in out.targets for v in t.resources + t.platforms}


@covers("veto_contract_party_target")
def test_the_agency_whose_contract_a_firm_won_gets_no_target(extractor):
    for text in ("Velmora Robotics won a $6 million Tarn Space Agency contract to mine water ice at the lunar "
                 "south pole.\n",
                 "The new Tarn Space Agency award will support Velmora Robotics as it mines water ice at the "
                 "lunar south pole.\n"):
        found = targets(extractor, text)
        assert ("Velmora Robotics", "Water/Ice") in found, text
        assert not any(who == "Tarn Space Agency" for who, _ in found), text


@covers("veto_owner_of_player")
def test_the_owner_of_the_unit_that_mines_gets_no_target(extractor):
    text = "The Tarn Space Agency's Kessor Research Center has mined water ice from a lunar soil simulant.\n"
    found = targets(extractor, text)
    assert ("Kessor Research Center", "Water/Ice") in found
    assert not any(who == "Tarn Space Agency" for who, _ in found)


# ---------------------------------------------------------------- a directory's entries

@covers("players_entry_headings")
def test_the_headings_of_a_directory_s_entries_are_players(extractor):
    text = ("# Lunar grants\n\nThe minister toured the region's grant recipients this week.\n\n"
            "## Velmora Robotics\n\nRecipient of a lunar supply chain grant They are building a regolith drill.\n\n"
            "## Orlan University\n\nThe University's laboratory tests lunar soil simulants.\n\n"
            "## Kessora One\n\nTheir project will grow plants in lunar soil.\n")
    assert {"Velmora Robotics", "Orlan University", "Kessora One"} <= names(extractor, text, "probe.md")


def test_a_lone_section_heading_over_a_company_s_story_is_no_player(extractor):
    text = ("# Lunar news\n\n## Early Days\n\nThe company was founded by two engineers to build lunar drills.\n\n"
            "Velmora Robotics builds lunar drills.\n")
    assert "Early Days" not in names(extractor, text, "probe.md")


# ---------------------------------------------------------------- a firm named for its founders

@covers("drop_merged_names")
def test_a_firm_named_for_its_founders_is_one_player(extractor):
    text = ("Built for the Tarn Space Agency by Orlan, Brask and Associates Ltd. and its partner Kessor Optics, "
            "the altimeter will map the asteroid.\n")
    assert names(extractor, text) == {"Tarn Space Agency", "Orlan, Brask and Associates", "Kessor Optics"}
    text = "The drill was built by Velmora & Sons. Velmora & Sons also builds lunar rovers.\n"
    assert names(extractor, text) == {"Velmora & Sons"}


@covers("collaboration_group")
def test_the_owners_of_a_joint_venture_in_a_parenthesis_are_partners(extractor):
    text = ("The fuel will be flown up by the Nivex Rocket Group (a joint venture of Orlan Aerospace and "
            "Brask Dynamics) next year.\n")
    assert frozenset(("Orlan Aerospace", "Brask Dynamics")) in pairs(extractor, text)
    text = "Velmora Robotics, a spin-off of Orlan Aerospace and Brask Dynamics, will build the lander.\n"
    assert frozenset(("Orlan Aerospace", "Brask Dynamics")) not in pairs(extractor, text)


@covers("collaboration_agreement_owner")
def test_the_holder_of_a_contract_with_a_player_is_its_partner(extractor):
    text = ("Under Velmora Robotics's contract with the Tarn Space Agency, the rover will collect regolith before "
            "it flies home.\n")
    assert pairs(extractor, text) == {frozenset(("Velmora Robotics", "Tarn Space Agency"))}
