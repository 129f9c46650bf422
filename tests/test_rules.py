"""One test per registered extraction rule (spacekg/extract/rules.py), each on a short invented
sentence written for it and running that rule alone (not the whole extractor). The last test checks
that every registered rule has its test here, a docstring, and a confidence entry."""
from __future__ import annotations

import pytest

from spacekg.extract import candidates as C
from spacekg.extract import collaborations as Co
from spacekg.extract import developments as D
from spacekg.extract import inventory as I
from spacekg.extract import partners as P
from spacekg.extract import product_makers as PM
from spacekg.extract import relation_helpers as H
from spacekg.extract import targets as T
from spacekg.extract import technologies as Te
from spacekg.extract import vetoes as V
from spacekg.extract.facts import Evidence
from spacekg.extract.reader import read_text
from spacekg.extract.rules import REGISTRY, RuleError, confidence, rules
from spacekg.extract.types import Mention, Source

TESTED: set[str] = set()


def covers(*ids):
    """Mark a test as the unit test of the rules `ids`."""
    TESTED.update(ids)
    return lambda f: f


@pytest.fixture(scope="module")
def lex():
    from spacekg.extract.lexicon import load_lexicon
    return load_lexicon()


@pytest.fixture(scope="module")
def parse(extractor):
    """Text -> [(block, spaCy doc)] as the extractor parses it."""
    def run(text, name="probe.md"):
        return extractor.parse(read_text(text, name))
    return run


@pytest.fixture()
def index(lex):
    return I.PlayerIndex(lex)


def ev():
    return Evidence("probe", 0, 5, "", None)


def mentions(doc, *names):
    """Mentions of `names` in `doc` (each its first occurrence), keyed by the name itself."""
    out = []
    for name in names:
        start = doc.text.index(name)
        out.append(Mention(name, doc.char_span(start, start + len(name), alignment_mode="expand")))
    return sorted(out, key=lambda m: m.span.start)


def span_of(doc, text):
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text), alignment_mode="expand")


def names_of(index):
    return {s for forms in index.forms.values() for s in forms}


# ---------------------------------------------------------------- name vetoes

NAME_VETO_CASES = [
    ("veto_shape", "Fiscal 2025 Report Of The Year Ahead Now", "Acme Lunar"),
    ("veto_not_player_phrase", "Executive Summary", "Summit Lunar"),
    ("veto_not_player_word", "Artemis Program", "Artemis Mining"),
    ("veto_not_player_word", "Tarn / Kiln Illustration", "Tarn Imaging"),
    ("veto_not_player_word", "News Article", "Article Robotics"),
    ("veto_not_player_word", "Near Kestrel Objects", "Kestrel Object Labs"),
    ("veto_not_player_phrase", "Deep Space", "Deep Space Drilling"),
    ("veto_vocabulary_term", "Helium-3", "Helion Mining"),
    ("veto_publisher", "Deep Horizon Analytics", "Deep Horizon Robotics"),
    ("veto_generic_opening", "Startups Such", "Kestrel Drill"),
    ("veto_bare_legal_suffix", "Ltd.", "Acme Ltd."),
    ("veto_heading_words", "Aerospace & Defense", "Tarn Aerospace"),
    ("veto_person_role", "Founder & CEO", "Founder Labs"),
    ("veto_person_title", "Tarrow Lunar founder", "Founders Lunar"),
    ("veto_calendar", "February", "Februar Orbital"),
    ("veto_handle", "#NewSpace", "NewSpace Labs"),
    ("veto_honorific", "Dr. Ana Vidal", "Ana Vidal Robotics"),
    ("veto_state", "Republic of Paraguay", "Paraguay Minerals"),
    ("veto_state", "Government of the Duchy of Brelland", "Brelland Government Services"),
    ("veto_state", "Andean Union", "Union Robotics"),
    ("veto_reference_word", "Authority", "OSRA"),
    ("veto_lower_case", "the market leader", "eSpace"),
    ("veto_device_name", "Deep Ultraviolet Camera", "Quarrel Drill Ltd."),
]


@covers(*(c[0] for c in NAME_VETO_CASES))
@pytest.mark.parametrize("rule_id,refused,passed", NAME_VETO_CASES)
def test_name_veto(lex, rule_id, refused, passed):
    veto = REGISTRY[rule_id].func
    assert veto(V.Name.of(refused), lex)
    assert not veto(V.Name.of(passed), lex)


# ---------------------------------------------------------------- context vetoes

@covers("veto_person")
def test_veto_person(parse, lex):
    doc = parse("Its chief executive, Jane Roe, said the drill works.\n")[0][1]
    assert V.person_context(span_of(doc, "Jane Roe"), lex)
    doc = parse("Acme's chief executive said the drill works.\n")[0][1]
    assert not V.person_context(span_of(doc, "Acme"), lex)


@covers("veto_product")
def test_veto_product(parse, lex):
    doc = parse("Acme Lunar will fly its PolarScout drill in 2027.\n")[0][1]
    assert V.product_context(span_of(doc, "PolarScout"), lex)
    doc = parse("The rover rides on a Tui Aerospace lander.\n")[0][1]
    assert not V.product_context(span_of(doc, "Tui Aerospace"), lex)


@covers("veto_place")
def test_veto_place(parse, lex):
    doc = parse("Acme Lunar is based in Toulouse and builds drills.\n")[0][1]
    assert V.place_context(span_of(doc, "Toulouse"), lex)
    assert not V.place_context(span_of(doc, "Acme Lunar"), lex)


@covers("veto_source")
def test_veto_source(parse):
    doc = parse("The market will grow, according to Orbital Ledger.\n")[0][1]
    assert V.source_context(span_of(doc, "Orbital Ledger"))
    doc = parse("A firm has won a contract to turn lunar dust into oxygen. The Orbital Ledger reports: the yield is high.\n")[0][1]
    assert V.source_context(span_of(doc, "Orbital Ledger"))
    doc = parse("The first drill was sold last year, as reported by Orbital Ledger.\n")[0][1]
    assert V.source_context(span_of(doc, "Orbital Ledger"))
    doc = parse("Kiln Works reported strong sales of its lunar drill.\n")[0][1]
    assert not V.source_context(span_of(doc, "Kiln Works"))


@covers("veto_defined_term")
def test_veto_defined_term(parse, lex):
    doc = parse("Brightness is a measure of how much light a body reflects.\n")[0][1]
    assert V.defined_term(span_of(doc, "Brightness"), lex)
    doc = parse("Velmora is a company of twelve engineers.\n")[0][1]
    assert not V.defined_term(span_of(doc, "Velmora"), lex)


@covers("veto_facility")
def test_veto_facility(parse, lex):
    doc = parse("The drill will fly on the Artemis III mission next year.\n")[0][1]
    assert V.facility_context(span_of(doc, "Artemis III"), lex)
    doc = parse("Orbit 9 Fund led the round. The Kestrel 2 orbiter and the Tarn 3 Station follow.\n")[0][1]
    assert not V.facility_context(span_of(doc, "Orbit 9 Fund"), lex)
    assert V.facility_context(span_of(doc, "Kestrel 2"), lex)


@covers("veto_weak_generic", "veto_weak_cut_out")
def test_weak_vetoes(index):
    assert I.weak_generic("Limited Partners", index) or I.weak_generic("Partners Ltd.", index) or \
        I.weak_generic("Consortium Ltd.", index)
    assert not I.weak_generic("Acme Lunar Ltd.", index)
    assert I.weak_cut_out("Regolith Co.", index)
    assert not I.weak_cut_out("Ares Regolith Co.", index)


@covers("trim_place")
def test_trim_place(index):
    index.places = {"Houston", "Japan", "Lisbon"}
    assert I.without_place("Quarrow Machines of Houston", index) == "Quarrow Machines"
    assert I.without_place("Japan's Kestrel", index) == "Kestrel"
    assert I.without_place("Lisbon-based Velmora", index) == "Velmora"
    assert I.without_place("University of Houston", index) == "University of Houston"
    assert I.without_place("Quarrow Machines of Syracuse", index) == "Quarrow Machines of Syracuse"   # not a place here


def test_a_town_before_its_region_is_a_place(parse):
    parsed = parse("The drill comes from Quarrow Machines of Tallowfield, Texas, and ships in May.\n")
    places = C.places_in(parsed)
    assert "Texas" in places                    # the model tags the region;
    assert "Tallowfield" in places              # the town before it follows


def test_a_name_cut_at_a_line_end_loses_its_small_word(lex):
    assert I.clean_name("Ana Vidal and", lex) == "Ana Vidal"
    assert I.clean_name("Emirates Mission to", lex) == "Emirates Mission"
    assert I.clean_name("Bank of the West", lex) == "Bank of the West"


def test_an_address_is_not_part_of_a_name(lex):
    assert I.clean_name("https://example.org/news/page Tarrow Space Agency", lex) == "Tarrow Space Agency"


@covers("drop_publisher")
def test_drop_publisher(parse, index):
    assert I.site_names("https://www.orbitwire-news.com/a/b") == {"orbitwirenews", "orbitwirenewscom"}
    assert I.site_names("https://news.example.co.uk/x") == {"example", "examplecouk"}
    text = "# source: https://orbitwire.com/story\n\nDrills are coming, Velmora told Orbitwire. Velmora builds drills.\n"
    parsed = parse(text, "probe.txt")
    index.source_url = read_text(text, "probe.txt").source_url     # the header line is the page's address
    index.add("Orbitwire", "ner_org")
    index.add("Velmora", "ner_org")
    I.drop_publisher(parsed, index)
    assert set(index.forms) == {"velmora"} and index.rejected[-1].rule == "drop_publisher"


def test_a_publisher_that_acts_stays(parse, index):
    parsed = parse("# source: https://orbitwire.com/story\n\nOrbitwire builds drills for the Moon.\n", "probe.txt")
    index.source_url = "https://orbitwire.com/story"
    index.add("Orbitwire", "ner_org")
    I.drop_publisher(parsed, index)
    assert "orbitwire" in index.forms


@covers("drop_lower_case_word")
def test_drop_lower_case_word():
    forms = {"Oxygen": None}
    assert I.lower_case_word(forms, {"oxygen", "makes"})
    assert not I.lower_case_word({"Oxford Lunar": None}, {"oxford"})


def test_a_mission_name_is_a_thing(parse, lex):
    doc = parse("The Perdix mission will map ice, and Kestrel Robotics mission control will run it.\n")[0][1]
    assert C.mission_name(chunk(doc, "Perdix"), lex)
    assert not C.mission_name(chunk(doc, "Kestrel Robotics"), lex)


@covers("drop_headline_only")
def test_drop_headline_only(parse, lex):
    parsed = parse("# source: https://example.org/story\nvelmora Awarded Three Grants for Cold Trap Science\n\n"
                   "Velmora, a start-up, drills for ice in cold traps.\n\n"
                   "Backers include Tarn Capital, Ossory Holdings and Brill Orbital Ventures.\n", "probe.txt")
    assert I.headline_only({"Three Grants for Cold Trap Science": None}, parsed, lex)
    assert not I.headline_only({"Velmora": None}, parsed, lex)              # named in prose too
    assert not I.headline_only({"Ossory Holdings": None}, parsed, lex)      # a list of names in a sentence
    assert not I.headline_only({"Nowhere Named": None}, parsed, lex)        # not in the text: nothing to judge
    byline = parse("# Field notes\n\n*Tarrow Lunar · blog · 3 May 2026*\n\nOur drill works.\n", "notes.md")
    assert not I.headline_only({"Tarrow Lunar": None}, byline, lex)         # a byline, not a headline


@covers("drop_row_label")
def test_drop_row_label(parse):
    parsed = parse("Mass | 12 kg | Purpose | ice mapping | Builder | Tarrow\n\nThe probe flies in May.\n", "probe.txt")
    assert I.row_label({"Purpose": None}, parsed)
    assert not I.row_label({"Tarrow": None}, parsed)                # a value cell: what the row says
    assert not I.row_label({"Mass Driver Labs": None}, parsed)       # not a single word


@covers("drop_product_name")
def test_drop_product_name():
    assert I.product_name({"Storm II": None}, {"Storm"})
    assert not I.product_name({"Stormline": None}, {"Storm"})


# ---------------------------------------------------------------- candidates

@covers("players_list")
def test_players_list(parse, index):
    parsed = parse("## Key Players\n\n- Selenara Robotics, Inc.\n- Denver\n")
    for block, doc in parsed:
        if block.kind == "item":
            C.list_candidates(block, doc, index)
    assert "Selenara Robotics, Inc." in names_of(index)
    assert all(c.rule == "players_list" and c.listed for f in index.forms.values() for c in f.values())


@covers("players_plain_list")
def test_players_plain_list(parse, index):
    block, doc = parse("## Key Players\n\nAcme Lunar, Beta Orbital; Gamma Mining and Delta Drill\n")[-1]
    C.plain_list(block, doc, index)
    assert {"Acme Lunar", "Beta Orbital", "Gamma Mining", "Delta Drill"} <= names_of(index)


@covers("players_table")
def test_players_table(parse, index, lex):
    from spacekg.extract.tables import table_rows
    parsed = parse("| Company | Focus |\n| --- | --- |\n| Kelvar Orbital | lunar ice |\n")
    rows = table_rows([b for b, _ in parsed], lex)
    found = [C.players_table(b, rows.get(i), index) for i, (b, _) in enumerate(parsed)]
    assert any(found) and "Kelvar Orbital" in names_of(index)


@covers("players_enumeration")
def test_players_enumeration(parse, index):
    block, _ = parse("Major companies in the market include Acme, Inc., Beta Orbital and Gamma Mining.\n")[0]
    C.enumeration_candidates(block, index)
    assert {"Acme Inc.", "Beta Orbital", "Gamma Mining"} <= names_of(index)      # "Acme, Inc." one name


@covers("alias_definition")
def test_alias_definition(parse, index):
    block, _ = parse("The Office of Space Resource Administration (OSRA) licenses mining.\n")[0]
    C.alias_definitions(block, index)
    assert "OSRA" in names_of(index) and I.PlayerIndex.key(index, "OSRA") in index.acronyms


@covers("ner_org")
def test_ner_org(parse, index, lex):
    block, doc = parse("The European agency signed a contract with Helvara Dynamics Corporation to build a rover.\n")[0]
    C.ner_candidates(block, doc, index, lex, set())
    assert "Helvara Dynamics Corporation" in names_of(index)
    assert "European" not in names_of(index)


@covers("org_suffix")
def test_org_suffix(parse, index, lex):
    block, doc = parse("On Monday, Quarrow Systems Ltd. said it would build a rover.\n")[0]
    C.suffix_candidates(block, doc, index, lex)
    assert names_of(index) == {"Quarrow Systems Ltd."}


def test_org_suffix_keeps_a_brands_subsidiary(parse, index, lex):
    index.add("velmora", "lowercase_brand", lowercase=True)
    block, doc = parse("The contract went to velmora Nordic AB, a unit of the firm.\n")[0]
    C.suffix_candidates(block, doc, index, lex)
    assert "velmora Nordic AB" in names_of(index)


def chunk(doc, text):
    return next(c for c in C.proper_chunks(doc) if text in c.text)


@covers("org_cue")
def test_org_cue(parse, lex):
    doc = parse("The startup Velmora raised money last year.\n")[0][1]
    assert C.org_cue(chunk(doc, "Velmora"), lex)


@covers("org_appositive")
def test_org_appositive(parse, lex):
    doc = parse("Velmora, a Lisbon-based asteroid mining startup, raised money.\n")[0][1]
    assert C.org_appositive(chunk(doc, "Velmora"), lex)


@covers("org_role")
def test_org_role(parse, lex):
    doc = parse("Ana Ruiz, chief executive of Tessaly, spoke first.\n")[0][1]
    assert C.org_role(chunk(doc, "Tessaly"), lex)


@covers("org_head")
def test_org_head(parse, lex):
    doc = parse("Engineers at Quillon Robotics tested the arm.\n")[0][1]
    assert C.org_head(chunk(doc, "Quillon Robotics"), lex)


@covers("org_subject")
def test_org_subject(parse, lex):
    doc = parse("Last week Tarrowind announced a drill.\n")[0][1]
    assert C.org_subject(chunk(doc, "Tarrowind"), lex)


@covers("org_partner")
def test_org_partner(parse, lex):
    doc = parse("The agency signed a partnership with Solvane last year.\n")[0][1]
    assert C.org_partner(chunk(doc, "Solvane"), lex)


@covers("org_context")
def test_org_context(parse, lex):
    doc = parse("Maria Costa, chief executive of Andes, said the drill works.\n")[0][1]
    assert C.org_context(chunk(doc, "Andes"), lex, set())


@covers("org_defined")
def test_org_defined(parse, lex):
    doc = parse("Tallowmere is a Denver-based company that builds ice drills. Tallowmere is a rover.\n")[0][1]
    chunks = [c for c in C.proper_chunks(doc) if c.text == "Tallowmere"]
    assert C.org_defined(chunks[0], lex)
    assert not C.org_defined(chunks[1], lex)


def test_a_definition_beats_the_models_place_label(parse, lex):
    doc = parse("Corvena is a company that mines lunar ice.\n")[0][1]
    assert C.org_context(chunk(doc, "Corvena"), lex, set())


def test_vouched_names_are_not_dropped_as_places(index):
    index.add("Corvena", "org_defined")
    index.add("Lisbon", "ner_org")
    assert index.vouched("corvena") and not index.vouched("lisbon")


@covers("org_maker")
def test_org_maker(parse, lex):
    doc = parse("Ossory's lunar rover will drive next year, and Ossory's plans are vague.\n")[0][1]
    first, second = [c for c in C.proper_chunks(doc) if c.text == "Ossory"]
    assert C.org_maker(first, lex)
    assert not C.org_maker(second, lex)


def test_org_cue_examples_and_persons_companies(parse, lex):
    doc = parse("Firms such as Pellwick are hiring. Jane Roe's company Brannoch makes drills, "
                "and the firm's Orrin lander flies soon.\n")[0][1]
    assert C.org_cue(chunk(doc, "Pellwick"), lex)
    assert C.org_cue(chunk(doc, "Brannoch"), lex)
    assert not C.org_cue(chunk(doc, "Orrin"), lex)


def test_a_role_before_of_is_not_part_of_the_name(parse, lex):
    doc = parse("Ana Vidal, the CEO of Pellwick, spoke. Head of Programmes at Brannoch Ida Moe agreed.\n")[0][1]
    assert C.after_role_of(span_of(doc, "CEO of Pellwick"), lex).text == "Pellwick"
    assert C.after_role_of(span_of(doc, "Head of Programmes"), lex).text == "Head of Programmes"


@covers("lowercase_brand")
def test_lowercase_brand(parse, index, lex):
    block, doc = parse("oreline will develop software that maps lunar ice.\n")[0]
    C.lowercase_brands(block, doc, index, lex)
    assert "oreline" in names_of(index)


def test_lowercase_brand_from_name_slots(parse, lex):
    cases = {   # where only a name fits, twice over: found; a common noun in the same places: not
        "In a joint statement, Japanese firm velmora and Tarn Petra said they would mine the Moon.\n": "velmora",
        "Last week, velmora announced a new rover. Kiko Ono, CEO of velmora, spoke at the launch.\n": "velmora",
    }
    for text, name in cases.items():
        block, doc = parse(text)[0]
        index = I.PlayerIndex(lex)
        C.lowercase_brands(block, doc, index, lex)
        assert name in names_of(index), text
    for text in ("Rising costs hurt investor confidence. A new company email went out.\n",
                 "Last week, velmora announced a new rover.\n"):            # one slot alone is not enough
        block, doc = parse(text)[0]
        index = I.PlayerIndex(lex)
        C.lowercase_brands(block, doc, index, lex)
        assert not names_of(index), text


@covers("org_conj")
def test_org_conj(parse, index, lex):
    block, doc = parse("Both Gannet Space and Kestrel Drill focus on Mars.\n")[0]
    index.add("Gannet Space", "players_list")
    C.coordinated_candidates(block, doc, index, lex, set())
    assert "Kestrel Drill" in names_of(index)
    block, doc = parse("Last year velmora and Tarn Orbital Systems agreed to mine lunar ice.\n")[0]
    index.add("velmora", "lowercase_brand", lowercase=True)
    C.coordinated_candidates(block, doc, index, lex, set())
    assert "Tarn Orbital Systems" in names_of(index)


@covers("author_heading")
def test_author_heading(parse, index, lex):
    parsed = parse("# Halvorsen Ventures: portfolio notes\n\nWe invested in three lunar companies this year.\n")
    C.author_candidates(parsed, index, lex)
    assert "Halvorsen Ventures" in names_of(index)


@covers("short_form")
def test_short_form(parse, index):
    parsed = parse("Argent Lunar Logistics builds landers. Argent is one of the oldest firms.\n")
    index.add("Argent Lunar Logistics", "players_list")
    I.short_forms(parsed, index)
    assert "Argent" in names_of(index)
    assert index.forms[index.key("Argent Lunar Logistics")]["Argent"].rule == "short_form"


# ---------------------------------------------------------------- inventory

@covers("drop_cut_from_listed")
def test_drop_cut_from_listed(index):
    index.add("Beta Orbital Systems", "players_list")
    index.add("Orbital Systems", "ner_org")
    assert I.cut_from_listed(index.key("Orbital Systems"), index)


@covers("merge_short_form")
def test_merge_short_form(index):
    index.add("Glacier Point Robotics", "ner_org")
    index.add("Glacier Point", "ner_org")
    assert I.merge_into(index.key("Glacier Point"), index) == index.key("Glacier Point Robotics")


def test_a_subsidiary_named_by_a_place_is_its_own_player(index):
    index.places = {"Canada"}
    index.add("Tarrow Canada Ltd.", "ner_org")
    index.add("Tarrow", "ner_org")
    assert I.merge_into(index.key("Tarrow"), index) is None
    index.add("Tarrow Europe", "ner_org")       # a region of a market
    assert I.unit_of("tarrow", "tarrow europe", index)


@covers("drop_merged_names")
def test_drop_merged_names(index):
    for name in ("Lodestar Lunar", "Perihelion Robotics", "Lodestar Lunar and Perihelion Robotics"):
        index.add(name, "ner_org")
    I.split_merged(index)
    assert index.key("Lodestar Lunar and Perihelion Robotics") not in index.forms
    assert any(r.rule == "drop_merged_names" for r in index.rejected)


@covers("drop_place_name")
def test_drop_place_name(index):
    from spacekg.extract.extractor import drop_places
    index.add("Tarnfield", "ner_org")          # a town the document names as a place (not a known region:
    index.add("Wadi Minerals", "ner_org")      # those, veto_region_name refuses at once)
    drop_places(index, {"tarnfield", "wadi minerals"})
    assert set(index.forms) == {index.key("Wadi Minerals")}
    assert [r.rule for r in index.rejected] == ["drop_place_name"]


# ---------------------------------------------------------------- relations

@covers("target_cue")
def test_target_cue(parse, lex):
    doc = parse("Acme Lunar plans to mine water ice on the Moon.\n")[0][1]
    sent = doc[:]
    found = T.targets_in(sent, mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert found and found[0].player == "Acme Lunar" and "Moon" in found[0].platforms
    assert found[0].evidence.rule == "target_cue"


@covers("parenthesis")
def test_parenthesis(parse):
    doc = parse("Leading firms are Astra Fell (lunar ice) and Tarn Orbital (asteroid metals).\n")[0][1]
    ms = mentions(doc, "Astra Fell", "Tarn Orbital")
    found = T.glossed_targets(doc[:], ms, {m.key: m.key for m in ms}, ev())
    assert {t.player for t in found} == {"Astra Fell", "Tarn Orbital"}
    assert all(t.evidence.rule == "parenthesis" for t in found)


@covers("section_heading")
def test_section_heading(parse, lex):
    doc = parse("Kestrel Drill builds prospecting rovers.\n")[0][1]
    found = T.section_targets(doc[:], mentions(doc, "Kestrel Drill"), {"Kestrel Drill": "Kestrel Drill"}, "Moon",
                              ev(), lex)
    assert found and found[0].platforms == ["Moon"] and found[0].evidence.rule == "section_heading"


def collaborations(parse, lex, text, *names):
    doc = parse(text)[0][1]
    ms = mentions(doc, *names)
    return Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)


@covers("collaboration_cue")
def test_collaboration_cue(parse, lex):
    doc = parse("Acme Lunar partnered with Beta Orbital on a drill.\n")[0][1]
    assert Co.cue_pair(doc[:], lex)
    found = collaborations(parse, lex, "Acme Lunar partnered with Beta Orbital on a drill.\n",
                           "Acme Lunar", "Beta Orbital")
    assert [c.evidence.rule for c in found] == ["collaboration_cue"]


@covers("collaboration_link")
def test_collaboration_link(parse, lex):
    found = collaborations(parse, lex, "Acme Lunar will fly Beta Orbital's drill in 2027.\n",
                           "Acme Lunar", "Beta Orbital")
    assert [c.evidence.rule for c in found] == ["collaboration_link"]


@covers("collaboration_joint_subjects")
def test_collaboration_joint_subjects(parse, lex):
    doc = parse("Acme Lunar and Beta Orbital unveiled a test rig.\n")[0][1]
    verb = next(t for t in doc if t.lemma_ == "unveil")
    assert Co.joint_subjects(verb, False, lex)
    doc = parse("Acme Lunar and Beta Orbital each unveiled a test rig.\n")[0][1]
    verb = next(t for t in doc if t.lemma_ == "unveil")
    assert not Co.joint_subjects(verb, True, lex)


@covers("collaboration_joint_agents")
def test_collaboration_joint_agents(parse, lex):
    doc = parse("The rover was built by Acme Lunar and Beta Orbital.\n")[0][1]
    assert Co.joint_agents(next(t for t in doc if t.lemma_ == "build"), lex)
    assert not Co.joint_agents(next(t for t in doc if t.lower_ == "was"), lex)


@covers("collaboration_group")
def test_collaboration_group(parse, lex):
    doc = parse("The deal created a consortium of Acme Lunar, Beta Orbital and Gamma Mining.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining")
    pairs = Co.group_members(doc[:], ms, lex)
    assert len({frozenset(p) for p in pairs}) == 3


@covers("collaboration_joined_names")
def test_collaboration_joined_names(parse, lex):
    doc = parse("Acme Orbital x Beta Robotics: MoU on lunar drills\n")[0][1]
    ms = mentions(doc, "Acme Orbital", "Beta Robotics")
    assert Co.joined_names(doc[:], ms, lex) == [("Acme Orbital", "Beta Robotics")]


@covers("technology_object")
def test_technology_object(parse, lex):
    doc = parse("Acme Lunar develops a regolith excavator for the Moon.\n")[0][1]
    found = Te.technologies_in(doc[:], mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert [(t.player, t.technology, t.evidence.rule) for t in found] == \
        [("Acme Lunar", "regolith excavator", "technology_object")]


@covers("drop_vague_technology")
def test_drop_vague_technology(parse, lex):
    def techs(text):
        doc = parse(text)[0][1]
        return [t.technology for t in Te.technologies_in(doc[:], mentions(doc, "Acme Lunar"),
                                                          {"Acme Lunar": "Acme Lunar"}, ev(), lex)]
    assert techs("Acme Lunar builds commercial rovers and several instruments.\n") == []
    assert techs("Acme Lunar operates the spacecraft.\n") == []
    assert techs("Acme Lunar builds a prospecting satellite.\n") == ["prospecting satellite"]
    doc = parse("Acme Lunar builds a groundbreaking rover.\n")[0][1]
    phrase = span_of(doc, "a groundbreaking rover")
    assert Te.vague_technology(phrase, lex)


@covers("technology_of_phrase")
def test_technology_of_phrase(parse, lex):
    doc = parse("Acme Lunar showed a full-scale prototype of its regolith excavator.\n")[0][1]
    found = Te.technologies_in(doc[:], mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert [(t.player, t.technology) for t in found] == [("Acme Lunar", "regolith excavator")]


# ---------------------------------------------------------------- technologies on real pages (issue 22, tech helper)
# (more cases, through the whole extractor: tests/test_technology_rules.py)

NAMES3 = {"Acme Lunar": "Acme Lunar", "Borealis Mining": "Borealis Mining", "Corvid Space": "Corvid Space"}


def token_of(doc, text):
    return span_of(doc, text).root


@covers("technology_passive_maker")
def test_technology_passive_maker(parse, lex):
    doc = parse("The regolith drill will be built by Acme Lunar, and the gas analyser by Borealis Mining in "
                "partnership with Corvid Space.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Borealis Mining", "Corvid Space")
    assert [m.key for m in Te.passive_makers(span_of(doc, "The regolith drill"), ms, lex)] == ["Acme Lunar"]
    assert [m.key for m in Te.passive_makers(span_of(doc, "the gas analyser"), ms, lex)] == \
        ["Borealis Mining", "Corvid Space"]
    doc = parse("The regolith drill will be carried by Acme Lunar.\n")[0][1]
    assert Te.passive_makers(span_of(doc, "The regolith drill"), mentions(doc, "Acme Lunar"), lex) is None


@covers("veto_other_maker_technology")
def test_veto_other_maker_technology():
    from spacekg.extract.facts import TechnologyUse
    made = Evidence("probe", 0, 5, "technology_passive_maker", None)
    found = [TechnologyUse("Acme Lunar", "drill", ev(), weak=True), TechnologyUse("Acme Lunar", "rover", ev()),
             TechnologyUse("Borealis Mining", "ice drill", made)]
    assert [(t.player, t.technology) for t in PM.reconcile_makers(found)] == \
        [("Acme Lunar", "rover"), ("Borealis Mining", "ice drill")]


@covers("technology_maker_compound")
def test_technology_maker_compound(parse, lex):
    doc = parse("Borealis Mining flies an Acme Lunar-built sample drill.\n")[0][1]
    found = Te.made_by_compound(doc[:], mentions(doc, "Borealis Mining", "Acme Lunar"), NAMES3, ev(), lex)
    assert [(t.player, t.technology) for t in found] == [("Acme Lunar", "sample drill")]


@covers("technology_maker_appositive")
def test_technology_maker_appositive(parse, lex):
    doc = parse("The bid is led by Acme Lunar, creator of the Deep Field Robotics Hub (DFRH).\n")[0][1]
    found = Te.creator_appositive(doc[:], mentions(doc, "Acme Lunar"), NAMES3, ev(), lex)
    assert [(t.player, t.technology) for t in found] == [("Acme Lunar", "Deep Field Robotics Hub (DFRH)")]


@covers("technology_purpose")
def test_technology_purpose(parse, lex):
    doc = parse("Acme Lunar develops technology for regolith sorting.\n")[0][1]
    assert Te._with_purpose(span_of(doc, "technology"), lex).text == "technology for regolith sorting"
    doc = parse("Acme Lunar develops technology with partners.\n")[0][1]
    assert Te._with_purpose(span_of(doc, "technology"), lex).text == "technology"
    doc = parse("Acme Lunar tested the battery system for its polar outpost.\n")[0][1]
    assert Te._with_purpose(span_of(doc, "the battery system"), lex).text == "the battery system"


@covers("technology_offering")
def test_technology_offering(parse, lex):
    doc = parse("Acme Lunar's flagship product is a mobile ice processing plant.\n")[0][1]
    found = Te.offered_as(doc[:], mentions(doc, "Acme Lunar"), NAMES3, ev(), lex)
    assert [(t.player, t.technology) for t in found] == [("Acme Lunar", "mobile ice processing plant")]


@covers("veto_component_technology")
def test_veto_component_technology(parse, lex):
    doc = parse("Acme Lunar builds a lunar lander which houses two sample drills.\n")[0][1]
    assert Te.component_of_described(token_of(doc, "drills"), lex)
    assert not Te.component_of_described(token_of(doc, "lander"), lex)


@covers("veto_source_or_sponsor")
def test_veto_source_or_sponsor(parse, lex):
    def vetoed(text):
        doc = parse(text)[0][1]
        return Te.not_the_maker(mentions(doc, "Acme Lunar")[0], lex)
    assert vetoed("According to Acme Lunar, the mission will test drills.\n")
    assert vetoed("Acme Lunar offers grants to three teams to design drills.\n")
    assert not vetoed("Acme Lunar received a grant to design drills.\n")


@covers("veto_machine_part")
def test_veto_machine_part(parse, lex):
    doc = parse("These robots use plasma cutting tools.\n")[0][1]
    assert Te.used_by_machine(token_of(doc, "tools"), lex)
    doc = parse("Acme Lunar uses plasma cutting tools.\n")[0][1]
    assert not Te.used_by_machine(token_of(doc, "tools"), lex)


@covers("veto_class_with_examples")
def test_veto_class_with_examples(parse, lex):
    doc = parse("Acme Lunar tests crater access technologies such as tethered descent.\n")[0][1]
    assert Te.class_with_examples(token_of(doc, "technologies"), lex)
    doc = parse("Acme Lunar tests crater access technologies in a vacuum chamber.\n")[0][1]
    assert not Te.class_with_examples(token_of(doc, "technologies"), lex)


@covers("technology_relative_antecedent")
def test_technology_relative_antecedent(parse):
    doc = parse("Rivals include Acme Lunar, Borealis Mining and Corvid Space, which is building autonomous "
                "ice harvesters.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Borealis Mining", "Corvid Space")
    assert [m.key for m in Te.relative_antecedent(span_of(doc, "autonomous ice harvesters"), ms)] == ["Corvid Space"]


@covers("technology_co_developer")
def test_technology_co_developer(parse, lex):
    doc = parse("Acme Lunar worked with Borealis Mining, based in Leeds, to build the Kestrel lander.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Borealis Mining")
    assert [m.key for m in PM.co_developers(token_of(doc, "build"), ms, lex)] == ["Borealis Mining"]


@covers("veto_product_description")
def test_veto_product_description(parse, lex):
    doc = parse("Acme Lunar's Kestrel Transporter or K-Trans, a six-wheeled cargo rover, will carry the drill.\n")[0][1]
    found = Te.technologies_in(doc[:], mentions(doc, "Acme Lunar"), NAMES3, ev(), lex)
    assert "six-wheeled cargo rover" not in [t.technology for t in found]
    assert "drill" in [t.technology for t in found] or found == []


# ---------------------------------------------------------------- named products (products.py; tech lane)

def products(parse, lex, text):
    from spacekg.extract.products import products_of
    doc = parse(text)[0][1]
    return doc, [(p.rule, p.span.text, p.text) for p in products_of(doc, lex)]


def product_uses(parse, lex, text, *names):
    """(player, technology, rule) the named-product rule credits in a one-sentence probe."""
    doc = parse(text)[0][1]
    ms = mentions(doc, *names)
    found, unowned = PM.named_products_in(next(iter(doc.sents)), ms, {m.key: m.key for m in ms}, ev(), lex)
    return [(t.player, t.technology, t.evidence.rule) for t in found], [p.text for p in unowned]


@covers("product_code")
def test_product_code(parse, lex):
    doc, found = products(parse, lex, "Brightmere will launch the Quillo-3 next year, then the ORCA-B under "
                                      "contract ZX-2031-77; both carry CO2 sensors.\n")
    assert found == [("product_code", "Quillo-3", "Quillo-3"), ("product_code", "ORCA-B", "ORCA-B")]
    assert V.context_veto(span_of(doc, "Quillo-3"), lex, set()) == "product_code"


@covers("product_head")
def test_product_head(parse, lex):
    doc, found = products(parse, lex, "Brightmere showed its Wayfarer lander beside a Tui Aerospace lander "
                                      "and the Garnet Landers booth.\n")
    assert found == [("product_head", "Wayfarer", "Wayfarer lander")]   # a maker's name, a firm's plural name: no
    assert V.context_veto(span_of(doc, "Wayfarer"), lex, set()) == "veto_product"   # (the older rule says so first)
    _, found = products(parse, lex, "Brightmere flies its Quoll asteroid mining vehicle with an X-ray camera.\n")
    assert found == [("product_head", "Quoll", "Quoll asteroid mining vehicle")]    # what it is, as the page says


@covers("product_called")
def test_product_called(parse, lex):
    doc, found = products(parse, lex, "Brightmere built a six-wheeled rover called the Polar Ice Scout, or PIS-2, "
                                      "and a tug named Otter.\n")
    assert found == [("product_called", "Polar Ice Scout", "Polar Ice Scout (PIS-2)"),
                     ("product_called", "Otter", "Otter")]
    assert V.context_veto(span_of(doc, "Otter"), lex, set()) in ("veto_product", "product_called")


@covers("product_appositive")
def test_product_appositive(parse, lex):
    doc, found = products(parse, lex, "Brightmere is readying its first prospecting satellite, Kelpie, while "
                                      "Dunmore flies Selkie, a small tug for deep space.\n")
    assert ("product_appositive", "Kelpie", "prospecting satellite Kelpie") in found
    assert ("product_appositive", "Selkie", "Selkie small tug") in found    # the name, then what the page calls it
    assert V.context_veto(span_of(doc, "Selkie"), lex, set()) == "product_appositive"


@covers("product_expansion")
def test_product_expansion(parse, lex):
    doc, found = products(parse, lex, "Brightmere will fly the Small Lander for Crater Study (SLCS) and hired "
                                      "the Northern Institute of Space Science (NISS).\n")
    assert found == [("product_expansion", "SLCS", "Small Lander for Crater Study (SLCS)")]
    assert V.context_veto(span_of(doc, "SLCS"), lex, set()) == "product_expansion"
    assert V.context_veto(span_of(doc, "NISS"), lex, set()) is None


@covers("technology_product")
def test_technology_product(parse, lex):
    # built by a maker, with the owner the phrase names: both
    found, _ = product_uses(parse, lex, "Built by Corvane, the Brightmere cubesat called Tessel-1 reached orbit.\n",
                            "Corvane", "Brightmere")
    assert sorted(found) == [("Brightmere", "Tessel-1", "technology_product"),
                             ("Corvane", "Tessel-1", "technology_product")]
    # the possessor, not the customer
    found, _ = product_uses(parse, lex, "Dunmore Agency will buy rides on Brightmere's Wayfarer lander.\n",
                            "Dunmore Agency", "Brightmere")
    assert found == [("Brightmere", "Wayfarer lander", "technology_product")]
    # the subject that builds it; an agent that commissions gives way to whom it hires
    found, _ = product_uses(parse, lex, "Dunmore Agency hired Brightmere to build the ORCA-B.\n",
                            "Dunmore Agency", "Brightmere")
    assert found == [("Brightmere", "ORCA-B", "technology_product")]
    # "also from X": the maker
    found, _ = product_uses(parse, lex, "A small telescope called Kelpie, also from Corvane, will launch in 2027.\n",
                            "Corvane")
    assert found == [("Corvane", "Kelpie", "technology_product")]
    # what only carries the subject's cargo is nobody's product here
    found, unowned = product_uses(parse, lex, "Brightmere will launch its probe via the Corvane Kestrel-9.\n",
                                  "Brightmere")
    assert found == [] and unowned == []
    # the sentence does not say whose: left for the topic rule
    found, unowned = product_uses(parse, lex, "Later, the Quillo-4 will depart towards the Moon.\n")
    assert found == [] and unowned == ["Quillo-4"]


@covers("technology_respectively")
def test_technology_respectively(parse, lex):
    doc = parse("Brightmere and Dunmore are developing the regolith excavator and the ice drill, respectively.\n")[0][1]
    ms = mentions(doc, "Brightmere", "Dunmore")
    found = Te.technologies_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert sorted((t.player, t.technology) for t in found) == [("Brightmere", "regolith excavator"),
                                                              ("Dunmore", "ice drill")]
@covers("technology_product_topic")
def test_technology_product_topic(parse, lex):
    from spacekg.extract.facts import Player
    from spacekg.extract.products import products_of
    doc = parse("Later, the Quillo-4 will depart towards the Moon.\n")[0][1]
    p = products_of(doc, lex)[0]
    players = [Player("Brightmere", mentions=5), Player("Dunmore", mentions=1)]
    names = {"brightmere": "Brightmere", "dunmore": "Dunmore"}
    assert [(t.player, t.technology) for t in PM.topic_products([(p, ev(), "dunmore")], players, names)] == \
        [("Dunmore", "Quillo-4")]                           # the player the text was last about
    assert [(t.player, t.technology, t.evidence.rule) for t in PM.topic_products([(p, ev(), None)], players, names)] == \
        [("Brightmere", "Quillo-4", "technology_product_topic")]    # else the page's main player
    players[1].mentions = 4
    assert PM.topic_products([(p, ev(), None)], players, names) == []   # no player dominates: nobody's


@covers("target_owner")
def test_target_owner(parse, lex):
    text = "Acme Lunar said that cameras for its lunar rover were shipped from Beta Optics to Gamma Test.\n"
    doc = parse(text)[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Optics", "Gamma Test")
    found = T.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert [t.player for t in found] == ["Acme Lunar"]
    doc = parse("Beta Optics will fly a camera on Acme Lunar's lunar rover.\n")[0][1]
    ms = mentions(doc, "Beta Optics", "Acme Lunar")
    assert [m.key for m in T.term_owner(span_of(doc, "lunar"), ms, ms)] == ["Acme Lunar"]


@covers("veto_group_reference")
def test_veto_group_reference(parse, lex):
    from spacekg.extract.clauses import coreferent_subjects, group_of_others
    doc = parse("The winning consortium includes Beta Orbital and Gamma Mining.\n")[0][1]
    acme = Mention("acme lunar", doc[0:0])
    ms = mentions(doc, "Beta Orbital", "Gamma Mining")
    consortium = next(t for t in doc if t.lower_ == "consortium")
    assert group_of_others(consortium, acme, lex)
    assert not group_of_others(consortium, Mention("tagus lunar consortium", doc[0:0]), lex)
    assert all(m.key != "acme lunar" for m in coreferent_subjects(next(iter(doc.sents)), ms, acme, lex))
    doc = parse("The company includes a drill team.\n")[0][1]
    assert [m.key for m in coreferent_subjects(next(iter(doc.sents)), [], acme, lex)] == ["acme lunar"]


@covers("veto_other_party_target")
def test_veto_other_party_target(parse, lex):
    text = "The startup signed an agreement with Beta Quantum to supply lunar helium-3 by 2030.\n"
    doc = parse(text)[0][1]
    found = T.targets_in(doc[:], mentions(doc, "Beta Quantum"), {"Beta Quantum": "Beta Quantum"}, ev(), lex)
    assert found == []
    text = "Acme Lunar signed a contract with Beta Quantum, which wants to mine lunar ice.\n"
    doc = parse(text)[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Quantum")
    found = T.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert "Beta Quantum" in [t.player for t in found]


@covers("collaboration_group_includes")
def test_collaboration_group_includes(parse, lex):
    doc = parse("The selected consortium includes drill maker Acme Lunar along with Beta Orbital, "
                "Gamma Mining and Delta Labs.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining", "Delta Labs")
    assert len({frozenset(p) for p in Co.group_includes(doc[:], ms, lex)}) == 6


@covers("collaboration_cosigners")
def test_collaboration_cosigners(parse, lex):
    doc = parse("Acme Lunar signed a letter of intent with Beta Orbital, Gamma Mining and Delta Labs.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining", "Delta Labs")
    assert len({frozenset(p) for p in Co.cosigners(doc[:], ms, lex)}) == 3
    found = Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert len({frozenset(c.players) for c in found}) == 6          # a four-party agreement: each pair
    doc = parse("Acme Lunar signed agreements with Beta Orbital and Gamma Mining.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining")
    assert Co.cosigners(doc[:], ms, lex) == []                      # one agreement each
    doc = parse("Acme Lunar, in collaboration with Beta Orbital and Gamma Mining, will test a relay.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining")
    assert {frozenset(p) for p in Co.cosigners(doc[:], ms, lex)} == {frozenset(("Beta Orbital", "Gamma Mining"))}


@covers("event_verb")
def test_event_verb(parse, lex):
    doc = parse("Acme Lunar signed a launch agreement in May 2026.\n")[0][1]
    dev = D.event_in(doc[:], mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert dev is not None and dev.participants == ["Acme Lunar"] and dev.evidence.rule == "event_verb"


@covers("developments_section")
def test_developments_section(parse, lex):
    from spacekg.extract.extractor import development_item
    text = "## Recent Developments\n\n- In March 2025, Acme Lunar opened a plant.\n"
    block, doc = parse(text)[-1]
    dev = development_item(text, block, doc, mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, lex)
    assert dev is not None and dev.participants == ["Acme Lunar"] and dev.evidence.rule == "developments_section"


@covers("table_row")
def test_table_row(parse, lex):
    from spacekg.extract.extractor import table_row
    from spacekg.extract.facts import Extraction
    from spacekg.extract.tables import Header
    text = "| Year | Market size |\n| --- | --- |\n| 2025 | USD 190 million |\n"
    block, doc = parse(text)[-1]
    out = Extraction("probe.md")
    assert table_row(out, text, block, doc, Header.read("Year | Market size", lex), None, {}, lex)
    assert out.market and out.market[0].evidence.rule == "table_row"


# ---------------------------------------------------------------- market and statements

@covers("market_figure")
def test_market_figure():
    from spacekg.extract.market import market_figures
    found = market_figures("The space mining market was valued at USD 1.2 billion in 2024.", ev(), None)
    assert [(m.metric, m.value, m.year, m.evidence.rule) for m in found] == \
        [("market_size", 1.2e9, 2024, "market_figure")]


@covers("market_headline")
def test_market_headline():
    from spacekg.extract.market import headline_figures
    found = headline_figures("Space Mining Market to Hit $3.4 Billion by 2030", ev(), None)
    assert [(m.value, m.year, m.evidence.rule) for m in found] == [(3.4e9, 2030, "market_headline")]


STATEMENT_RULES = ["outlook_sentence", "trend_section", "driver_section", "challenge_section", "finding_section",
                   "outlook_section"]


@covers(*STATEMENT_RULES)
@pytest.mark.parametrize("heading,rule_id", [("Outlook", "outlook_sentence"), ("Market Trends", "trend_section"),
                                             ("Market Drivers", "driver_section"),
                                             ("Challenges", "challenge_section"), ("Key Findings", "finding_section")])
def test_statement_rules(parse, lex, heading, rule_id):
    from functools import partial

    from spacekg.extract.extractor import evidence
    from spacekg.extract.report import statements
    text = f"## {heading}\n\nLunar water will drive demand by 2031. Costs fall.\n"
    parsed = parse(text)
    found = statements(parsed, partial(evidence, read_text(text, "probe.md").text), lex)
    assert found and {s.evidence.rule for s in found} == {rule_id}


def test_outlook_section_rule_reads_titled_bullets(parse, lex):
    from spacekg.extract.report import SECTION_RULES, outlook_sentence
    block, _ = parse("## Outlook\n\n- Demand grows: lunar water drives demand by 2031.\n")[-1]
    assert SECTION_RULES["outlook"] == "outlook_section"
    assert not outlook_sentence(block) and REGISTRY["outlook_section"].func(block)


# ---------------------------------------------------------------- the registry itself

# ---------------------------------------------------------------- players on real pages (issue 22)
# Probe sentences written for these tests; every name in them is invented.



def players_in(extractor, text, name="probe.txt"):
    ex = extractor.extract(read_text(text, name))
    return {p.name for p in ex.players}, ex


def test_facts_name_the_players_the_extraction_lists(extractor):
    """A player admitted under a form with a legal suffix ("... Europe S.A.") keeps its name in its facts."""
    names, ex = players_in(extractor, "Tarn Space Agency awarded contracts to Velmora Robotics, Inc. and its subsidiary "
                                      "Velmora Robotics Europe S.A. to collect lunar regolith on the Moon.\n"
                                      "Velmora Robotics Europe S.A. will collect regolith with a rover.\n")
    assert "Velmora Robotics Europe" in names
    in_facts = {t.player for t in ex.targets} | {n for c in ex.collaborations for n in c.players} | \
        {t.player for t in ex.technologies}
    assert "Velmora Robotics Europe" in in_facts and in_facts <= names


def refused(ex, rule_id):
    return {r.name for r in ex.rejected if r.rule == rule_id}


@covers("org_affiliation")
def test_org_affiliation(parse, lex):
    doc = parse("The panel heard Maria Gonzalez from QOLT and David Miller of the Vosk Institute.\n")[0][1]
    assert C.org_affiliation(chunk(doc, "QOLT"), lex)
    assert C.org_affiliation(chunk(doc, "Vosk Institute"), lex)
    doc = parse("Shipments from Tarnow reached the coast.\n")[0][1]
    assert not C.org_affiliation(chunk(doc, "Tarnow"), lex)


@covers("players_intro_list")
def test_players_intro_list(extractor):
    names, ex = players_in(extractor, "The agency gave $10,000 each to the following finalist teams:\n\n"
                                      "- Crater Owls from the Eastvale Institute\n- Team Basalt-9\n"
                                      "- Quarn Works\n")
    assert {"Crater Owls", "Team Basalt-9", "Quarn Works"} <= names
    names, _ = players_in(extractor, "The probe weighs:\n\n- Twelve Kilos\n- Nine Litres\n")
    assert not {"Twelve Kilos", "Nine Litres"} & names           # no member noun introduces them


@covers("players_membership")
def test_players_membership(extractor):
    names, _ = players_in(extractor, "Regional Collaborators include Velmic, Oskaro Dynamics, TRUV and Q5D.\n")
    assert {"Velmic", "Oskaro Dynamics", "TRUV", "Q5D"} <= names
    names, _ = players_in(extractor, "The Brevik, ULMA and Cassio laboratories will analyse the grains.\n")
    assert {"Brevik", "ULMA", "Cassio"} <= names
    names, _ = players_in(extractor, "Some agencies in the field, including ORSA, Talvik Space Agency (TSA), "
                                     "VKRA (Vekra) fund rovers.\n")
    assert {"ORSA", "VKRA"} <= names and "Talvik Space Agency" in names


@covers("players_peer_list")
def test_players_peer_list(parse, index, lex):
    block, doc = parse("Quill Robotics, Tarvo, Ossory Labs and Vell will provide instruments.\n")[0]
    index.add("Quill Robotics", "players_list")
    index.add("Ossory Labs", "players_list")
    C.peer_list(block, doc, index)
    added = {s: c.rule for forms in index.forms.values() for s, c in forms.items()}
    assert added.get("Tarvo") == "players_peer_list" and added.get("Vell") == "players_peer_list"
    block, doc = parse("Quill Robotics, Tarvo and Vell will provide instruments.\n")[0]
    alone = I.PlayerIndex(lex)
    alone.add("Quill Robotics", "players_list")
    C.peer_list(block, doc, alone)
    assert "Tarvo" not in names_of(alone)                   # one known name is not enough


@covers("org_place_subject")
def test_org_place_subject(extractor):
    text = ("Sarnath has secured two supply deals for regolith.\n\n"
            "Sarnath, together with a drill maker, continues to test its excavator.\n")
    names, _ = players_in(extractor, text)
    assert "Sarnath" in names
    names, _ = players_in(extractor, "Japan has signed the accord.\n\nJapan has also funded a lander.\n")
    assert "Japan" not in names                                   # a country of the lexicon's geography


@covers("org_unit")
def test_org_unit(parse, lex):
    doc = parse("The probe was assembled at OSRA’s Harlow Flight Center last spring.\n")[0][1]
    assert C.org_unit(chunk(doc, "Harlow Flight Center"), lex)
    doc = parse("The probe was assembled at Harlow Flight Center last spring.\n")[0][1]
    assert not C.org_unit(chunk(doc, "Harlow Flight Center"), lex)


@covers("extend_name")
def test_extend_name(parse, lex):
    doc = parse("Funds came from the Office for Outer Orbit Affairs and the Banque de Crédit et d’Épargne.\n")[0][1]
    office = span_of(doc, "Office")
    assert C.extended(office, lex).text == "Office for Outer Orbit Affairs"
    bank = span_of(doc, "Banque de Crédit")
    assert C.extended(bank, lex).text == "Banque de Crédit et d’Épargne"
    doc = parse("The TAVRO (Tarn Autonomous Vehicles for Regolith Operations) team met.\n")[0][1]
    assert C.extended(span_of(doc, "Tarn Autonomous Vehicles"), lex).text == \
        "Tarn Autonomous Vehicles for Regolith Operations"
    doc = parse("Acme Lunar for now builds drills.\n")[0][1]
    assert C.extended(span_of(doc, "Acme Lunar"), lex).text == "Acme Lunar"     # not a unit: no field


@covers("trim_headline_verb")
def test_trim_headline_verb(parse, lex):
    doc = parse("# Velmora Aims to Bottle Lunar Oxygen by 2030\n")[0][1]
    assert C.headline_verb(span_of(doc, "Velmora Aims"), lex)
    doc = parse("Velmora Works is a foundry that casts rover wheels.\n")[0][1]
    assert not C.headline_verb(span_of(doc, "Velmora Works"), lex)


@covers("org_employer")
def test_org_employer(parse, lex):
    doc = parse("Founded in 2021 by a former Tarnova engineer, the start-up builds drills.\n")[0][1]
    assert C.org_employer(chunk(doc, "Tarnova"), lex)
    doc = parse("Founded in 2021 by a Tarnova alumnus, the start-up builds drills.\n")[0][1]
    assert not C.org_employer(chunk(doc, "Tarnova"), lex)


@covers("players_shared_head")
def test_players_shared_head(parse, index):
    block, _ = parse("The drill has support from the Tarnish and Oskan Space Agencies.\n")[0]
    C.shared_head(block, index)
    assert {"Tarnish Space Agency", "Oskan Space Agency"} <= names_of(index)
    block, _ = parse("The Tarnish and Oskan Space Rovers drove away.\n")[0]
    other = I.PlayerIndex(index.lexicon)
    C.shared_head(block, other)
    assert not names_of(other)                                  # "Rover" is no unit word


@covers("veto_lower_words")
def test_veto_lower_words(lex):
    assert V.veto_lower_words(V.Name.of("ISRU tech development"), lex)
    assert not V.veto_lower_words(V.Name.of("Institute of Lunar Geology"), lex)
    assert not V.veto_lower_words(V.Name.of("tarnspace Inc."), lex)


@covers("drop_term_acronym")
def test_drop_term_acronym(parse, index):
    parsed = parse("Tarn Orbital sells orbit debris awareness (ODA) data.\n\nODA revenue grew fast.\n")
    index.add("ODA", "ner_org")
    index.add("Velmora Space (VS)", "alias_definition")
    C.drop_term_acronyms(parsed, index)
    assert "ODA" not in names_of(index) and "VS" in names_of(index)


@covers("drop_refused_acronym")
def test_drop_refused_acronym(parse, index):
    parsed = parse("An outfit called Tarn Market Research (TMR) sells a report.\n\nTMR claims the market will boom. "
                   "Kestrel Lunar Mining (KLM) builds drills.\n")
    index.add("TMR", "ner_org")
    index.add("KLM", "ner_org")
    C.drop_refused_acronyms(parsed, index)
    assert "TMR" not in names_of(index) and "KLM" in names_of(index)
    assert any(r.name == "TMR" and r.rule == "drop_refused_acronym" for r in index.rejected)


@covers("org_site_owner")
def test_org_site_owner(parse, index):
    text = "# source: https://www.velmoraplus.example/plan\nVelmora+ Master Plan - We mine asteroids.\n\n" \
           "We build tugs and we sell water.\n"
    parsed = parse(text)
    index.source_url = read_text(text, "probe.md").source_url      # the header line is the page's address
    C.site_owner(parsed, index)
    assert "Velmora+" in names_of(index)
    other = I.PlayerIndex(index.lexicon, source_url="https://www.orbitnews.example/story")
    C.site_owner(parse("# source: https://www.orbitnews.example/story\nVelmora+ Master Plan - We mine.\n"), other)
    assert not names_of(other)


@covers("org_handle")
def test_org_handle(parse, index, lex):
    block, doc = parse("-Landers, like @Tarn Orbital’s Kestrel or @Velmo lunar lander, will land.\n")[0]
    C.handle_candidates(block, doc, index, lex)
    assert {"Tarn Orbital", "Velmo"} <= names_of(index)
    block, doc = parse("-Thanks to @Tarn Orbital for the photo.\n")[0]
    other = I.PlayerIndex(lex)
    C.handle_candidates(block, doc, other, lex)
    assert not names_of(other)


@covers("veto_agreement_name")
def test_veto_agreement_name(lex):
    assert V.veto_agreement_name(V.Name.of("Implementation Arrangement"), lex)
    assert not V.veto_agreement_name(V.Name.of("Arrangement"), lex)
    assert not V.veto_agreement_name(V.Name.of("Tarn Robotics"), lex)


@covers("org_subsidiary")
def test_org_subsidiary(parse, index, lex):
    parsed = parse("Velmora Orbital signed a deal.\n\nThe fund may invest in Velmora Orbital Luxembourg through a bond. "
                   "Velmora Orbital, Luxembourg is its home. Velmora Orbital Systems builds tugs.\n")
    index.add("Velmora Orbital", "players_list")
    C.subsidiaries(parsed, index, lex)
    assert "Velmora Orbital Luxembourg" in names_of(index)
    assert not any(n.startswith("Velmora Orbital Systems") or n.endswith(", Luxembourg") for n in names_of(index))


@covers("veto_never_player", "veto_group_noun")
def test_never_player_and_group_noun(lex):
    assert V.veto_never_player(V.Name.of("the Sun"), lex) and V.veto_never_player(V.Name.of("EU"), lex)
    assert not V.veto_never_player(V.Name.of("Sunward Mining"), lex)
    assert V.veto_group_noun(V.Name.of("Regional Industry Collaborators"), lex)
    assert not V.veto_group_noun(V.Name.of("Tarn Partners"), lex)               # an organisation word


@covers("veto_quoted_title")
def test_veto_quoted_title(parse):
    doc = parse("The agency opened the “Grow Beyond Orbit” campaign last week.\n")[0][1]
    assert V.quoted_title(span_of(doc, "Grow Beyond Orbit"))
    doc = parse("“We buy our drills from Tarn Robotics,” she said.\n")[0][1]
    assert not V.quoted_title(span_of(doc, "Tarn Robotics"))                  # speech keeps its names


@covers("veto_common_noun")
def test_veto_common_noun(parse, lex):
    doc = parse("Illustrator’s rendering of the rover at the pole.\n")[0][1]
    assert V.common_noun(doc[0:1], lex) == (doc[0].tag_ in ("NN", "NNS"))
    assert not V.common_noun(span_of(doc, "Illustrator’s rendering")[0:2], lex)


@covers("veto_first_name")
def test_veto_first_name(parse):
    parsed = parse("Mike Hallam and Anna Berg host the show.\n\nMike and Anna discuss ice mining with guests.\n")
    people = C.first_name_people(parsed)
    assert {"Mike Hallam", "Anna Berg"} <= people
    assert not C.first_name_people(parse("Polaris Drilling sells augers. Polaris's auger is red.\n"))


@covers("veto_event")
def test_veto_event(parse, lex):
    doc = parse("Tarn Resources Week 2026, held at the Kirchberg Convention Hall, gathered miners.\n")[0][1]
    assert V.event_context(span_of(doc, "Tarn Resources"), lex)
    assert V.event_context(span_of(doc, "Kirchberg Convention Hall"), lex)
    doc = parse("Tarn Resources signed a deal.\n")[0][1]
    assert not V.event_context(span_of(doc, "Tarn Resources"), lex)
    doc = parse("The agency passed its Mission Readiness Review in May.\n")[0][1]
    assert V.event_context(span_of(doc, "Mission Readiness"), lex)


@covers("cut_at_line_break")
def test_cut_at_line_break(extractor):
    names, ex = players_in(extractor, "Brakeley Orbital\nUpdated\nBrakeley Orbital Co., Ltd. is a private company "
                                      "that builds asteroid tugs.\n")
    assert "Brakeley Orbital" in names and not any(n.startswith("Updated") for n in names)
    names, _ = players_in(extractor, "Profile | Tarvik Mining\nWebsite | www |\nTarvik Mining, Inc. sells drills.\n")
    assert not any("www" in n for n in names)
    names, _ = players_in(extractor, "Tarvik Mining raised a seed round. Orbit 9 Fund led the round with participation "
                                     "from Kiln Capital, Type 4 Ventures and Ombra Ventures.\n")
    assert "Type 4 Ventures" in names and "Orbit 9 Fund" in names and "4 Ventures" not in names


@covers("split_joined_names")
def test_split_joined_names(index):
    assert I.joined_names("Eastvale Institute of Technology and Tarn Robotics", index) == \
        ["Eastvale Institute of Technology", "Tarn Robotics"]
    assert I.joined_names("Tarn Propulsion Laboratory Velmora Energy", index) == \
        ["Tarn Propulsion Laboratory", "Velmora Energy"]
    assert I.joined_names("Lunar Survey and Space Engineering Center", index) == []      # one centre
    assert I.joined_names("National Aeronautics and Orbit Administration", index) == []


def test_camel_case_names_are_chunks_whatever_their_tag(parse):
    doc = parse("Japan’s VelMora thinks the moon is a better bet.\n")[0][1]
    assert any(c.text == "VelMora" for c in C.proper_chunks(doc))


def test_a_country_or_persons_company_is_no_product(parse, lex):
    doc = parse("Japan’s VelMora thinks the moon is a better bet.\n")[0][1]
    assert not V.product_context(span_of(doc, "VelMora"), lex)
    doc = parse("The crater was mapped by Tarn Orbital’s Kestrel rover.\n")[0][1]
    assert V.product_context(span_of(doc, "Kestrel"), lex)


def test_lower_case_brand_before_an_organisation_word(parse, lex):
    doc = parse("Later, tarnspace Technologies, a Lisbon firm, joined.\n")[0][1]
    assert C.with_lower_brand(span_of(doc, "Technologies"), lex).text == "tarnspace Technologies"
    doc = parse("Later, the Technologies unit joined.\n")[0][1]
    assert C.with_lower_brand(span_of(doc, "Technologies"), lex).text == "Technologies"


def test_plural_role_marks_people(parse, lex):
    doc = parse("The firm was set up by founders Ana Ruiz and Ben Oda, the company says.\n")[0][1]
    assert V.person_context(span_of(doc, "Ben Oda"), lex)


def test_source_reported_by_an_outlet(parse, lex):
    doc = parse("“It is hard,” says Ana Ruiz, reported Orbital Weekly on 2 May.\n")[0][1]
    assert V.source_context(span_of(doc, "Orbital Weekly"))
    doc = parse("Tarnley’s latest lunar markets report forecasts 90 landings by 2035.\n")[0][1]
    assert V.source_context(span_of(doc, "Tarnley"), lex)
    doc = parse("Tarnley’s latest lunar rover drives 90 km.\n")[0][1]
    assert not V.source_context(span_of(doc, "Tarnley"), lex)


CREDIT_RULES = ("veto_other_clause_target", "veto_employer", "veto_other_cell_target",
                "veto_other_maker_target", "veto_listed_subjects", "veto_managed_by", "veto_glossed_name",
                "new_organisation_subject", "veto_programme_owner", "veto_programme_name",
                "veto_term_as_name", "veto_listed_beside_target", "veto_launch_service")


@covers(*CREDIT_RULES)
def test_credit_rules_have_their_unit_tests_in_test_credit_rules():
    """The rules that credit targets and collaborations to the actor (issue 22) are unit-tested in
    tests/test_credit_rules.py: each is named by the test that exercises it."""
    from pathlib import Path
    text = (Path(__file__).parent / "test_credit_rules.py").read_text("utf-8")
    for rule_id in CREDIT_RULES:
        assert f"# rule: {rule_id}" in text, rule_id


def test_every_rule_has_a_unit_test_a_docstring_and_a_confidence_entry():
    import importlib
    import pathlib
    for sibling in sorted(pathlib.Path(__file__).parent.glob("test_rules_*.py")):
        importlib.import_module(sibling.stem)   # rule tests kept in their own files mark themselves with covers()
    registered = {r.id for r in rules()}
    assert registered - TESTED == set()
    assert TESTED - registered == set()
    for r in rules():
        assert r.doc.split()[0].rstrip(",") in ("Yields", "Vetoes", "Drops", "Merges", "Trims"), r.id
        if r.stage in ("candidates", "relations", "market", "statements"):
            confidence(r.id)                    # listed (a number, or null where no gold judges it)


def test_unknown_rule_and_unknown_lexicon_key_are_errors(lex):
    from spacekg.extract.lexicon import LexiconError
    from spacekg.extract.rules import get
    with pytest.raises(RuleError):
        get("no_such_rule")
    with pytest.raises(LexiconError):
        lex.words("no_such_list")


def test_check_lexicon_refuses_a_lexicon_without_a_rules_key(lex):
    from dataclasses import replace

    from spacekg.extract.rules import check_lexicon
    check_lexicon(lex)
    broken = replace(lex, raw={k: v for k, v in lex.raw.items() if k != "legal_suffixes"}, _sets={})
    with pytest.raises(RuleError, match="legal_suffixes"):
        check_lexicon(broken)


def test_source_of_a_span(parse):
    block, doc = parse("Acme Lunar builds drills.\n")[0]
    assert Source.of(block, doc[0:2]) == Source(block, 0, 10)


# ---------------------------------------------------------------- geography

@covers("counterparty")
def test_counterparty(parse, lex):
    from spacekg.extract.geography import counterparties_in, gazetteer
    doc = parse("Orbit Kiln signed an agreement with a consortium in China to build a lander.\n")[0][1]
    found = counterparties_in(next(iter(doc.sents)), gazetteer(lex))
    assert found == [("consortium in China", "China")]
    doc = parse("Orbit Kiln signed an agreement with Basalt Forge to build a lander.\n")[0][1]
    assert counterparties_in(next(iter(doc.sents)), gazetteer(lex)) == []


# ---------------------------------------------------------------- acronyms across the store (aliases)

@covers("acronym_join")
def test_acronym_join():
    from spacekg.extract.acronyms import definitions
    from spacekg.extract.facts import Extraction, Player
    text = "Drilling news.\nThe Quillon Basin Authority (QBA) leases polar ice fields. Others wait."
    (d,) = definitions(Extraction("probe.txt", players=[Player("Quillon Basin Authority", ["QBA"], "agency")]), text)
    assert (d.acronym, d.long_form, d.kind, d.evidence.rule) == ("QBA", "Quillon Basin Authority", "agency", "acronym_join")
    assert d.evidence.sentence == "The Quillon Basin Authority (QBA) leases polar ice fields."
    # the letters do not start the long form's words: no definition
    assert definitions(Extraction("probe.txt", players=[Player("Quillon Basin Authority", ["XYZ"])]),
                       "Quillon Basin Authority (XYZ) leases fields.") == []


# ---------------------------------------------------------------- relations lane (issue 22)

def pairs_of(found):
    return {frozenset(c.players) for c in found}


@covers("collaboration_partner_phrase")
def test_collaboration_partner_phrase(parse, lex):
    text = ("Acme Lunar will make the scoop, and the radar will come from Beta Orbital in partnership "
            "with Gamma Optics.\n")
    doc = parse(text)[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Optics")
    assert P.partner_phrase(doc[:], ms, lex).pairs == [("Beta Orbital", "Gamma Optics")]
    found = Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert frozenset(("Acme Lunar", "Gamma Optics")) not in pairs_of(found)
    assert frozenset(("Beta Orbital", "Gamma Optics")) in pairs_of(found)
    found = collaborations(parse, lex, "Tarn Mining, in partnership with Kiln Works, tested a regolith hauler.\n",
                           "Tarn Mining", "Kiln Works")
    assert [(c.players, c.evidence.rule) for c in found] == [(("Kiln Works", "Tarn Mining"),
                                                              "collaboration_partner_phrase")]


@covers("collaboration_agreement_owner")
def test_collaboration_agreement_owner(parse, lex):
    text = ("Vardo confirmed that it has agreed a charter, which the parties drafted in May, with the "
            "Tarn Space Agency, the Kiln Space Agency and the Ombra Space Agency.\n")
    doc = parse(text)[0][1]
    ms = mentions(doc, "Vardo", "Tarn Space Agency", "Kiln Space Agency", "Ombra Space Agency")
    it = next(t for t in doc if t.lower_ == "it")
    ms = sorted(ms + [Mention("Vardo", doc[it.i:it.i + 1])], key=lambda m: m.span.start)
    found = {frozenset(p) for p in Co.agreement_owner(doc[:], ms, lex)}
    assert frozenset(("Vardo", "Tarn Space Agency")) in found


@covers("collaboration_joint_makers")
def test_collaboration_joint_makers(parse, lex):
    doc = parse("The drill flies on Kestrel-3, a mission by Tarn Space Agency and Kiln Space Agency.\n")[0][1]
    ms = mentions(doc, "Tarn Space Agency", "Kiln Space Agency")
    assert {frozenset(p) for p in Co.joint_makers(doc[:], ms, lex)} == {frozenset(("Tarn Space Agency",
                                                                                    "Kiln Space Agency"))}


@covers("collaboration_named_group_parts")
def test_collaboration_named_group_parts(parse, lex):
    doc = parse("The Vardo & Ombra Lunar Consortium won a rover grant.\n")[0][1]
    ms = mentions(doc, "Vardo & Ombra Lunar Consortium")
    names = {"Vardo & Ombra Lunar Consortium": "Vardo & Ombra Lunar Consortium", "Ombra Lunar": "Ombra Lunar",
             "Vardo": "Vardo"}
    assert {frozenset(p) for p in Co.named_group_parts(doc[:], ms, names, lex)} == {
        frozenset(("Vardo & Ombra Lunar Consortium", "Vardo")),
        frozenset(("Vardo & Ombra Lunar Consortium", "Ombra Lunar")), frozenset(("Vardo", "Ombra Lunar"))}


@covers("collaboration_selected_group")
def test_collaboration_selected_group(parse, lex):
    from spacekg.extract.clauses import group_chooser
    doc = parse("Last week the Tarn Space Agency picked the consortium to design its polar crane.\n")[0][1]
    assert group_chooser(doc[:], mentions(doc, "Tarn Space Agency"), lex) == "Tarn Space Agency"
    doc = parse("The consortium includes Kiln Works, Ombra Labs and Vardo Robotics.\n")[0][1]
    ms = mentions(doc, "Kiln Works", "Ombra Labs", "Vardo Robotics")
    assert {frozenset(p) for p in Co.selected_group(doc[:], ms, "Tarn Space Agency", lex)} == {
        frozenset(("Tarn Space Agency", k)) for k in ("Kiln Works", "Ombra Labs", "Vardo Robotics")}
    names = {m.key: m.key for m in ms} | {"Tarn Space Agency": "Tarn Space Agency"}
    found = Co.collaborations_in(doc[:], ms, names, ev(), lex, "Tarn Space Agency")
    assert len(pairs_of(found)) == 6        # three members pairwise, and each with the chooser


@covers("veto_apart_subjects")
def test_veto_apart_subjects(parse, lex):
    text = "Vardo Mining and Ombra Haulage each won a small study award for crater scouting.\n"
    doc = parse(text)[0][1]
    ms = mentions(doc, "Vardo Mining", "Ombra Haulage")
    assert Co.apart_subjects(doc[:], ("Vardo Mining", "Ombra Haulage"), ms)
    assert Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex) == []
    doc = parse("Vardo Mining and Ombra Haulage won a joint study award.\n")[0][1]
    assert not Co.apart_subjects(doc[:], ("Vardo Mining", "Ombra Haulage"), mentions(doc, "Vardo Mining", "Ombra Haulage"))


@covers("veto_co_recipients")
def test_veto_co_recipients(parse, lex):
    for text in ("Vardo Mining, Ombra Haulage and Kiln Works were selected for the second track of the study.\n",
                 "Vardo Mining and Ombra Haulage will receive contracts worth $4 million combined.\n"):
        doc = parse(text)[0][1]
        ms = mentions(doc, "Vardo Mining", "Ombra Haulage")
        assert Co.co_recipients(doc[:], ("Vardo Mining", "Ombra Haulage"), ms, lex), text
        assert Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex) == [], text
    # picked to work together, or picked as a named team: partners
    for text in ("Vardo Mining and Ombra Haulage were selected to jointly build a crater hopper.\n",
                 "Vardo Mining and Ombra Haulage won a contract as a team to build a crater hopper.\n"):
        doc = parse(text)[0][1]
        assert not Co.co_recipients(doc[:], ("Vardo Mining", "Ombra Haulage"),
                                    mentions(doc, "Vardo Mining", "Ombra Haulage"), lex), text
    # a word of shared work inside a name does not make the recipients partners
    doc = parse("Vardo Mining and Kestrel Launch Alliance were picked for the first phase.\n")[0][1]
    assert Co.co_recipients(doc[:], ("Vardo Mining", "Kestrel Launch Alliance"),
                            mentions(doc, "Vardo Mining", "Kestrel Launch Alliance"), lex)


def test_deal_cues_only_as_a_noun(parse, lex):
    doc = parse("Vardo Mining and Ombra Haulage will deal with the testing work on Track 2.\n")[0][1]
    assert not H.has_cue(doc[:], lex, "collaboration_cues")
    doc = parse("Vardo Mining and Ombra Haulage signed a deal on crater hoppers.\n")[0][1]
    assert H.has_cue(doc[:], lex, "collaboration_cues")


@covers("veto_owner_of_player")
def test_veto_owner_of_player(parse, lex):
    doc = parse("Tarn Agency's Kestrel Center signed an agreement with Kiln Works.\n")[0][1]
    ms = mentions(doc, "Tarn Agency", "Kestrel Center", "Kiln Works")
    assert Co.owner_of_player(ms[0], ms, lex) and not Co.owner_of_player(ms[1], ms, lex)
    found = Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert pairs_of(found) == {frozenset(("Kestrel Center", "Kiln Works"))}


@covers("veto_participle_agent")
def test_veto_participle_agent(parse, lex):
    from spacekg.extract.clauses import coreferent_subjects, participle_agent
    doc = parse("Spun out by Kiln Works and Tarn Orbital, the company wants to mine asteroids.\n")[0][1]
    ms = mentions(doc, "Kiln Works", "Tarn Orbital")
    assert participle_agent(ms[0]) is not None
    acme = Mention("Quarry Labs", doc[0:0])
    assert [m.key for m in coreferent_subjects(next(iter(doc.sents)), ms, acme, lex)] == ["Quarry Labs"]
    found = T.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert found == []                  # the founders do not mine the asteroids


@covers("veto_partner_target")
def test_veto_partner_target(parse, lex):
    doc = parse("Tarn Mining, in partnership with Kiln Works, will trial its lunar ice drill in a quarry.\n")[0][1]
    ms = mentions(doc, "Tarn Mining", "Kiln Works")
    assert T.partner_target(doc[:], ms, lex) == {"Kiln Works"}
    found = T.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert [t.player for t in found] == ["Tarn Mining"]


def test_perfect_tense_root_is_mended(parse, lex):
    """"X has secured agreements with Y": "secured" is the verb (pipeline.mend_perfect_root), so the
    holder of the agreements pairs with Y and Y is not credited with X's resource."""
    from spacy.tokens import Doc
    from spacekg.extract.pipeline import mend_perfect_root
    doc = parse("x\n")[0][1]
    misread = Doc(doc.vocab, words=["Ombra", "has", "won", "agreements", "with", "Kiln", "."],
                  heads=[1, 3, 3, 3, 3, 4, 3], deps=["nsubj", "aux", "amod", "ROOT", "prep", "pobj", "punct"],
                  pos=["PROPN", "AUX", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                  tags=["NNP", "VBZ", "VBN", "NNS", "IN", "NNP", "."])
    mend_perfect_root(misread)
    assert [(t.text, t.dep_, t.head.text) for t in misread][:4] == [
        ("Ombra", "nsubj", "won"), ("has", "aux", "won"), ("won", "ROOT", "won"), ("agreements", "dobj", "won")]
    text = "Tarnlune has landed agreements with the Department of Mines and Ombra Quantum to deliver lunar helium-3.\n"
    doc = parse(text)[0][1]
    ms = mentions(doc, "Tarnlune", "Department of Mines", "Ombra Quantum")
    names = {m.key: m.key for m in ms}
    assert [t.player for t in T.targets_in(doc[:], ms, names, ev(), lex)] == ["Tarnlune"]
    assert pairs_of(Co.collaborations_in(doc[:], ms, names, ev(), lex)) == {
        frozenset(("Tarnlune", "Department of Mines")), frozenset(("Tarnlune", "Ombra Quantum"))}


@covers("veto_compared_target")
def test_veto_compared_target(parse, lex):
    doc = parse("Kestrel Deep Space cares more about asteroid prospecting than about Moon bases.\n")[0][1]
    ms = mentions(doc, "Kestrel Deep Space")
    found = T.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert [(t.resources, t.platforms) for t in found] == [([], ["Asteroids"])]
    doc = parse("Kestrel Deep Space will collect more than 100 tonnes of lunar regolith.\n")[0][1]
    found = T.targets_in(doc[:], mentions(doc, "Kestrel Deep Space"), {"Kestrel Deep Space": "Kestrel Deep Space"},
                         ev(), lex)
    assert found and found[0].resources == ["Regolith"]


@covers("collaboration_project_reference")
def test_collaboration_project_reference(parse, lex):
    doc = parse("The project later partnered with Ombra Aeronautical University for nozzle tests.\n")[0][1]
    ms = mentions(doc, "Ombra Aeronautical University")
    assert {frozenset(p) for p in Co.project_partners(doc[:], ms, ("Vardo Tech", "Kestrel Robotics"), lex)} == {
        frozenset(("Vardo Tech", "Ombra Aeronautical University")),
        frozenset(("Kestrel Robotics", "Ombra Aeronautical University"))}
    names = {"Vardo Tech": "Vardo Tech", "Kestrel Robotics": "Kestrel Robotics",
             "Ombra Aeronautical University": "Ombra Aeronautical University"}
    found = Co.collaborations_in(doc[:], ms, names, ev(), lex, partners=("Vardo Tech", "Kestrel Robotics"))
    assert {c.evidence.rule for c in found} == {"collaboration_project_reference"} and len(found) == 2
    assert Co.collaborations_in(doc[:], ms, names, ev(), lex) == []       # no earlier collaboration: nobody


@covers("possessive_hardware")
def test_possessive_hardware(parse, lex):
    from spacekg.extract.clauses import coreferent_subjects
    acme = Mention("Tarn Astra", parse("x\n")[0][1][0:0])
    doc = parse("That work paves the way for its Sparrow asteroid tug.\n")[0][1]
    assert [m.key for m in coreferent_subjects(next(iter(doc.sents)), [], acme, lex)] == ["Tarn Astra"]
    doc = parse("The Moon and its poles hold water ice.\n")[0][1]
    assert coreferent_subjects(next(iter(doc.sents)), [], acme, lex) == []     # not hardware
    doc = parse("These rovers will scoop lunar regolith near the pole.\n")[0][1]
    assert [m.key for m in coreferent_subjects(next(iter(doc.sents)), [], acme, lex)] == ["Tarn Astra"]
    doc = parse("The drill was built by Acme Lunar, and the camera by Tarn Agency's Kestrel Space Center in "
                "partnership with Kiln Works.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Tarn Agency", "Kiln Works")
    assert Co.owner_of_player(ms[1], ms, lex)           # the centre is no known player, still a unit
    assert not pairs_of(Co.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex))


def test_a_cue_inside_a_partner_phrase_cues_only_its_pairs(parse, lex):
    text = "Tarn Rovers will demonstrate Kiln Works's radio relay, which in collaboration with Ombra Labs will link two landers.\n"
    found = collaborations(parse, lex, text, "Tarn Rovers", "Kiln Works", "Ombra Labs")
    assert frozenset(("Kiln Works", "Ombra Labs")) in pairs_of(found)
    assert frozenset(("Tarn Rovers", "Ombra Labs")) not in pairs_of(found)
    doc = parse(text)[0][1]
    ms = mentions(doc, "Tarn Rovers", "Kiln Works", "Ombra Labs")
    phrase = P.partner_phrase(doc[:], ms, lex)
    assert Co.cue_pair(doc[:], lex) and not Co.cue_pair(doc[:], lex, phrase.words)
