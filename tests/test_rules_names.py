"""Unit tests of the name rules added for real pages (issue 22): the page's "# source:" header line,
missions and spacecraft vetoed document-wide, agencies written attributively. Every sentence here is
invented for the test. Rules tested here mark themselves with test_rules.covers."""
from __future__ import annotations

import pytest

from spacekg.extract import candidates as C
from spacekg.extract import inventory as I
from spacekg.extract.reader import read_text

from test_rules import covers, names_of  # noqa: F401  (covers: the registry check in test_rules)


@pytest.fixture(scope="module")
def lex():
    from spacekg.extract.lexicon import load_lexicon
    return load_lexicon()


def players(extractor, text, name="probe.txt"):
    return {p.name for p in extractor.extract(read_text(text, name)).players}


# ---------------------------------------------------------------- the source header line

HEADED = ("# source: https://news.example.org/2031/velmora-drill\n"
          "Velmora Orbital Wins Lunar Drill Contract\n"
          "Velmora Orbital, a start-up based in Lisbon, has signed a contract with the Tarn Space Agency to build "
          "an ice drill for the lunar south pole. The drill will be tested in 2032 at a quarry before it flies.\n")


def test_the_source_line_is_metadata_not_text(extractor):
    doc = read_text(HEADED)
    assert doc.source_url == "https://news.example.org/2031/velmora-drill"
    assert doc.blocks[0].kind == "source"
    assert doc.title == "Velmora Orbital Wins Lunar Drill Contract"       # the line after it is the title
    assert all(b.kind != "source" for b, _ in extractor.parse(doc))        # never read as a sentence
    out = extractor.extract(doc)
    assert {p.name for p in out.players} >= {"Velmora Orbital", "Tarn Space Agency"}
    for p in out.players:
        for a in p.admitted:
            assert "source:" not in a.evidence.sentence and "https://" not in a.evidence.sentence
    assert read_text("Velmora Orbital builds drills.\n").source_url is None


def test_a_markdown_source_line_is_metadata_too():
    doc = read_text("# source: https://example.org/a\n\n# Velmora Orbital\n\nVelmora Orbital builds drills.\n", "p.md")
    assert doc.source_url == "https://example.org/a" and doc.title == "Velmora Orbital"


def test_the_header_address_names_the_publisher(extractor):
    text = ("# source: https://www.orbitwire.com/story\nDrills for the Moon\n"
            "Drills are coming, Velmora Orbital told Orbitwire on Tuesday. Velmora Orbital builds ice drills.\n")
    assert "Orbitwire" not in players(extractor, text)


def test_a_heading_line_above_an_unwrapped_paragraph_stands_alone():
    long = ("Velmora Orbital builds ice drills and sells them to agencies; its first drill was tested in a quarry "
            "in 2030 and its second, larger one will fly to the lunar south pole on a commercial lander in 2033.")
    doc = read_text("Drills at a glance\n2030 Forecast\nLegal Questions in Resource Ownership\n" + long + "\n")
    kinds = [(b.kind, b.clean) for b in doc.blocks]
    assert ("heading", "Legal Questions in Resource Ownership") in kinds
    assert kinds[-1] == ("paragraph", long)


# ---------------------------------------------------------------- missions, spacecraft, bodies

@covers("veto_thing_name")
def test_veto_thing_name(extractor, lex):
    text = ("Velmora Orbital builds drills for missions such as Perdix, Kestrel-RX and Tull. Tarn Dynamics plans "
            "three missions, starting with Halcyon Moon in 2031, followed by Ember Moon and Cinder Moon. The agency "
            "funds the Osk Lander and Quellmoor, programmes aimed at landing crews. The probe sampled asteroid "
            "Vellum in 2030. Perdix 12 will fly a drill. The Tarn Mission to the Kuiper Belt (TMKB) was approved. "
            "It is run by the Open Frontier Initiative (OFI) program and the Lunar Ore Directorate (LOD).\n")
    things = C.thing_names(extractor.parse(read_text(text)), lex)
    assert {"Perdix", "Kestrel-RX", "Kestrel", "Tull", "Halcyon Moon", "Ember Moon", "Cinder Moon", "Quellmoor",
            "Vellum", "TMKB", "OFI"} <= things
    assert not {"Velmora Orbital", "Tarn Dynamics", "LOD", "Lunar Ore Directorate"} & things


def test_an_owner_before_its_example_is_not_a_thing(extractor, lex):
    text = "Crews will ride launchers such as Tarnwick's Perdix 9 and the Osk rocket.\n"
    things = C.thing_names(extractor.parse(read_text(text)), lex)
    assert "Tarnwick" not in things


@covers("drop_thing_name")
def test_drop_thing_name(lex):
    index = I.PlayerIndex(lex, text="Vellum said on Monday it would fly. Perdix is a mission.")
    index.things = {"Perdix", "Vellum", "Quell"}
    index.add("Perdix", "alias_definition")         # not a weak rule: dropped all the same
    index.add("Vellum", "ner_org")                  # it speaks: an organisation
    index.add("Quell", "org_appositive")            # "Quell, a start-up": organisation evidence
    I.drop_things(index)
    assert set(index.forms) == {"vellum", "quell"}
    assert [r.rule for r in index.rejected] == ["drop_thing_name"]


def test_things_are_not_players_in_a_whole_document(extractor):
    text = ("Velmora Orbital, a start-up based in Lisbon, builds drills for missions such as Perdix and Tull. "
            "The Tarn Space Agency funds Perdix. Perdix will land in 2031 near the south pole.\n")
    found = players(extractor, text)
    assert "Velmora Orbital" in found and "Tarn Space Agency" in found
    assert "Perdix" not in found and "Tull" not in found and "Perdix and Tull" not in found


def test_names_likened_to_a_mission_are_things(extractor, lex):
    text = "Like Perdix, Osk-RX and TLM before it, Quellmoor is a probe bound for a comet.\n"
    assert {"Perdix", "Osk-RX", "TLM"} <= C.thing_names(extractor.parse(read_text(text)), lex)


def test_a_session_title_and_a_mapper_are_not_players(extractor):
    text = ("The panel Regolith Surface Futures , moderated by Ana Ruiz of Velmora Orbital, opened the day. "
            "The agencies signed a note on the Tarn Polar Ice Mapper, a radar orbiter, and on the Kestrel "
            "Robotics Control Complex in Perth.\n")
    found = players(extractor, text)
    assert not {"Regolith Surface Futures", "Tarn Polar Ice Mapper", "Kestrel Robotics Control Complex"} & found
    assert "Velmora Orbital" in found


def test_footnote_markers_are_not_words():
    doc = read_text("Velmora Orbital concluded its Design Review.[16] It flies in 2031.[3][4]\n")
    assert doc.blocks[0].clean == "Velmora Orbital concluded its Design Review. It flies in 2031."


# ---------------------------------------------------------------- agencies written attributively, firms called so

def test_an_agency_written_attributively_stays_a_player_when_it_acts(extractor):
    text = ("Velmora Orbital's arm feeds a OSKA payload on the Osk-3 lander. "
            "OSKA has asked Velmora Orbital for a second arm.\n")
    assert "OSKA" in players(extractor, text)


def test_a_product_only_named_so_is_still_dropped(extractor):
    text = ("Velmora Orbital, a start-up in Lisbon, builds the Quellmoor drill. The Quellmoor drill weighs 40 kg. "
            "Quellmoor will be tested in 2031.\n")
    assert "Quellmoor" not in players(extractor, text)


def test_a_firm_called_with_a_legal_form_is_not_a_product(extractor):
    text = "A rival start-up, simply called Tarnwick Regolith Corporation Ltd., builds scoops for landers.\n"
    assert any(p.startswith("Tarnwick Regolith") for p in players(extractor, text))


def test_an_institution_tagged_as_a_place_is_not_a_place(extractor):
    from spacekg.extract.vetoes import place_context
    doc = extractor.nlp("The work was shared by the Tarnfield Observatory and a university in Perth.")
    start = doc.text.index("Tarnfield")
    span = doc.char_span(start, start + len("Tarnfield Observatory"))
    assert not place_context(span, extractor.lexicon)


@covers("org_agent")
def test_org_agent(extractor, lex):
    index = I.PlayerIndex(lex)
    text = ("Velmora builds the drill for the Osk-2 lander, a mission by Tarnwick and Quellmoor, with help from "
            "others. The rover is operated by the Almaty firm Zhetysu Optics. The Brenna and Kestrel Orbital "
            "consortium will bid.\n")
    for block, doc in extractor.parse(read_text(text)):
        C.agent_candidates(block, doc, index, lex, set())
    found = names_of(index)
    assert {"Tarnwick", "Quellmoor", "Brenna", "Kestrel Orbital"} <= found
    assert "Almaty" not in found                # a modifier of "firm", not the agent


def test_a_term_acronym_segment_values_and_a_things_name_line(extractor, lex):
    text = ("The orbiter carries a Moon-Earth Deep-field interferometry (DFI) experiment. The report covers the "
            "market By Resource Type (Helium-3, Regolith), By Technology (Robotic Harvesting, Crewed Missions, and "
            "Others). The Polar Tarn Mission (PTM) will land in 2031.\n")
    things = C.thing_names(extractor.parse(read_text(text)), lex)
    assert {"DFI", "Moon-Earth Deep-field", "Robotic Harvesting", "Crewed Missions", "PTM"} <= things
    index = I.PlayerIndex(lex)
    index.things = things
    index.add("Polar Tarn PTM", "ner_org")                  # an infobox's "Names | Polar Tarn PTM" line
    index.add("Robotic Harvesting", "org_head")
    I.drop_things(index)
    assert not index.forms


def test_org_agent_reads_a_maker_before_a_designation(extractor, lex):
    index = I.PlayerIndex(lex)
    text = "The orbiter left atop a TarnX Perdix 9 booster in August, with a second one due in 2032.\n"
    for block, doc in extractor.parse(read_text(text)):
        C.agent_candidates(block, doc, index, lex, set())
    assert "TarnX" in names_of(index) and "Perdix" not in names_of(index)


def test_a_slash_list_is_two_players_not_one(extractor):
    text = "Funding came from Brenna Capital/Ossory Ventures and Kestrel Orbital, a start-up in Perth.\n"
    found = players(extractor, text)
    assert {"Brenna Capital", "Ossory Ventures", "Kestrel Orbital"} <= found
    assert "Brenna Capital/Ossory Ventures" not in found


def test_org_handle_reads_who_awards_or_funds(extractor, lex):
    index = I.PlayerIndex(lex)
    block, doc = extractor.parse(read_text("-We won a $90,000 study contract from @OSKA to test our drill.\n"))[0]
    C.handle_candidates(block, doc, index, lex)
    assert "OSKA" in names_of(index)
