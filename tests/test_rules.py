"""One test per registered extraction rule (spacekg/extract/rules.py), each on a short invented
sentence written for it and running that rule alone (not the whole extractor). The last test checks
that every registered rule has its test here, a docstring, and a confidence entry."""
from __future__ import annotations

import pytest

from spacekg.extract import candidates as C
from spacekg.extract import inventory as I
from spacekg.extract import relations as R
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


@covers("veto_facility")
def test_veto_facility(parse, lex):
    doc = parse("The drill will fly on the Artemis III mission next year.\n")[0][1]
    assert V.facility_context(span_of(doc, "Artemis III"), lex)


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
    parsed = parse("# source: https://orbitwire.com/story\n\nDrills are coming, Velmora told Orbitwire. "
                   "Velmora builds drills.\n", "probe.txt")
    index.add("Orbitwire", "ner_org")
    index.add("Velmora", "ner_org")
    I.drop_publisher(parsed, index)
    assert set(index.forms) == {"velmora"} and index.rejected[-1].rule == "drop_publisher"


def test_a_publisher_that_acts_stays(parse, index):
    parsed = parse("# source: https://orbitwire.com/story\n\nOrbitwire builds drills for the Moon.\n", "probe.txt")
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
def test_drop_headline_only(parse):
    parsed = parse("# source: https://example.org/story\nvelmora Awarded Three Grants for Cold Trap Science\n\n"
                   "Velmora, a start-up, drills for ice in cold traps.\n\n"
                   "Backers include Tarn Capital, Ossory Holdings and Brill Orbital Ventures.\n", "probe.txt")
    assert I.headline_only({"Three Grants for Cold Trap Science": None}, parsed)
    assert not I.headline_only({"Velmora": None}, parsed)              # named in prose too
    assert not I.headline_only({"Ossory Holdings": None}, parsed)      # a list of names in a sentence
    assert not I.headline_only({"Nowhere Named": None}, parsed)        # not in the text: nothing to judge
    byline = parse("# Field notes\n\n*Tarrow Lunar · blog · 3 May 2026*\n\nOur drill works.\n", "notes.md")
    assert not I.headline_only({"Tarrow Lunar": None}, byline)         # a byline, not a headline


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


@covers("org_conj")
def test_org_conj(parse, index, lex):
    block, doc = parse("Both Gannet Space and Kestrel Drill focus on Mars.\n")[0]
    index.add("Gannet Space", "players_list")
    C.coordinated_candidates(block, doc, index, lex, set())
    assert "Kestrel Drill" in names_of(index)


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
    index.add("Toulouse", "ner_org")
    index.add("Wadi Minerals", "ner_org")
    drop_places(index, {"toulouse", "wadi minerals"})
    assert set(index.forms) == {index.key("Wadi Minerals")}
    assert [r.rule for r in index.rejected] == ["drop_place_name"]


# ---------------------------------------------------------------- relations

@covers("target_cue")
def test_target_cue(parse, lex):
    doc = parse("Acme Lunar plans to mine water ice on the Moon.\n")[0][1]
    sent = doc[:]
    found = R.targets_in(sent, mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert found and found[0].player == "Acme Lunar" and "Moon" in found[0].platforms
    assert found[0].evidence.rule == "target_cue"


@covers("parenthesis")
def test_parenthesis(parse):
    doc = parse("Leading firms are Astra Fell (lunar ice) and Tarn Orbital (asteroid metals).\n")[0][1]
    ms = mentions(doc, "Astra Fell", "Tarn Orbital")
    found = R.glossed_targets(doc[:], ms, {m.key: m.key for m in ms}, ev())
    assert {t.player for t in found} == {"Astra Fell", "Tarn Orbital"}
    assert all(t.evidence.rule == "parenthesis" for t in found)


@covers("section_heading")
def test_section_heading(parse, lex):
    doc = parse("Kestrel Drill builds prospecting rovers.\n")[0][1]
    found = R.section_targets(doc[:], mentions(doc, "Kestrel Drill"), {"Kestrel Drill": "Kestrel Drill"}, "Moon",
                              ev(), lex)
    assert found and found[0].platforms == ["Moon"] and found[0].evidence.rule == "section_heading"


def collaborations(parse, lex, text, *names):
    doc = parse(text)[0][1]
    ms = mentions(doc, *names)
    return R.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)


@covers("collaboration_cue")
def test_collaboration_cue(parse, lex):
    doc = parse("Acme Lunar partnered with Beta Orbital on a drill.\n")[0][1]
    assert R.cue_pair(doc[:], lex)
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
    assert R.joint_subjects(verb, False, lex)
    doc = parse("Acme Lunar and Beta Orbital each unveiled a test rig.\n")[0][1]
    verb = next(t for t in doc if t.lemma_ == "unveil")
    assert not R.joint_subjects(verb, True, lex)


@covers("collaboration_joint_agents")
def test_collaboration_joint_agents(parse, lex):
    doc = parse("The rover was built by Acme Lunar and Beta Orbital.\n")[0][1]
    assert R.joint_agents(next(t for t in doc if t.lemma_ == "build"), lex)
    assert not R.joint_agents(next(t for t in doc if t.lower_ == "was"), lex)


@covers("collaboration_group")
def test_collaboration_group(parse, lex):
    doc = parse("The deal created a consortium of Acme Lunar, Beta Orbital and Gamma Mining.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining")
    pairs = R.group_members(doc[:], ms, lex)
    assert len({frozenset(p) for p in pairs}) == 3


@covers("collaboration_joined_names")
def test_collaboration_joined_names(parse, lex):
    doc = parse("Acme Orbital x Beta Robotics: MoU on lunar drills\n")[0][1]
    ms = mentions(doc, "Acme Orbital", "Beta Robotics")
    assert R.joined_names(doc[:], ms, lex) == [("Acme Orbital", "Beta Robotics")]


@covers("technology_object")
def test_technology_object(parse, lex):
    doc = parse("Acme Lunar develops a regolith excavator for the Moon.\n")[0][1]
    found = R.technologies_in(doc[:], mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert [(t.player, t.technology, t.evidence.rule) for t in found] == \
        [("Acme Lunar", "regolith excavator", "technology_object")]


@covers("drop_vague_technology")
def test_drop_vague_technology(parse, lex):
    def techs(text):
        doc = parse(text)[0][1]
        return [t.technology for t in R.technologies_in(doc[:], mentions(doc, "Acme Lunar"),
                                                         {"Acme Lunar": "Acme Lunar"}, ev(), lex)]
    assert techs("Acme Lunar builds commercial rovers and several instruments.\n") == []
    assert techs("Acme Lunar operates the spacecraft.\n") == []
    assert techs("Acme Lunar builds a prospecting satellite.\n") == ["prospecting satellite"]
    doc = parse("Acme Lunar builds a groundbreaking rover.\n")[0][1]
    phrase = span_of(doc, "a groundbreaking rover")
    assert R.vague_technology(phrase, lex)


@covers("technology_of_phrase")
def test_technology_of_phrase(parse, lex):
    doc = parse("Acme Lunar showed a full-scale prototype of its regolith excavator.\n")[0][1]
    found = R.technologies_in(doc[:], mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
    assert [(t.player, t.technology) for t in found] == [("Acme Lunar", "regolith excavator")]


# ---------------------------------------------------------------- named products (products.py; tech lane)

def products(parse, lex, text):
    from spacekg.extract.products import products_of
    doc = parse(text)[0][1]
    return doc, [(p.rule, p.span.text, p.text) for p in products_of(doc, lex)]


def product_uses(parse, lex, text, *names):
    """(player, technology, rule) the named-product rule credits in a one-sentence probe."""
    doc = parse(text)[0][1]
    ms = mentions(doc, *names)
    found, unowned = R.named_products_in(next(iter(doc.sents)), ms, {m.key: m.key for m in ms}, ev(), lex)
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
    found = R.technologies_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
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
    assert [(t.player, t.technology) for t in R.topic_products([(p, ev(), "dunmore")], players, names)] == \
        [("Dunmore", "Quillo-4")]                           # the player the text was last about
    assert [(t.player, t.technology, t.evidence.rule) for t in R.topic_products([(p, ev(), None)], players, names)] == \
        [("Brightmere", "Quillo-4", "technology_product_topic")]    # else the page's main player
    players[1].mentions = 4
    assert R.topic_products([(p, ev(), None)], players, names) == []   # no player dominates: nobody's


@covers("target_owner")
def test_target_owner(parse, lex):
    text = "Acme Lunar said that cameras for its lunar rover were shipped from Beta Optics to Gamma Test.\n"
    doc = parse(text)[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Optics", "Gamma Test")
    found = R.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert [t.player for t in found] == ["Acme Lunar"]
    doc = parse("Beta Optics will fly a camera on Acme Lunar's lunar rover.\n")[0][1]
    ms = mentions(doc, "Beta Optics", "Acme Lunar")
    assert [m.key for m in R.term_owner(span_of(doc, "lunar"), ms, ms)] == ["Acme Lunar"]


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
    found = R.targets_in(doc[:], mentions(doc, "Beta Quantum"), {"Beta Quantum": "Beta Quantum"}, ev(), lex)
    assert found == []
    text = "Acme Lunar signed a contract with Beta Quantum, which wants to mine lunar ice.\n"
    doc = parse(text)[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Quantum")
    found = R.targets_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert "Beta Quantum" in [t.player for t in found]


@covers("collaboration_group_includes")
def test_collaboration_group_includes(parse, lex):
    doc = parse("The selected consortium includes drill maker Acme Lunar along with Beta Orbital, "
                "Gamma Mining and Delta Labs.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining", "Delta Labs")
    assert len({frozenset(p) for p in R.group_includes(doc[:], ms, lex)}) == 6


@covers("collaboration_cosigners")
def test_collaboration_cosigners(parse, lex):
    doc = parse("Acme Lunar signed a letter of intent with Beta Orbital, Gamma Mining and Delta Labs.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining", "Delta Labs")
    assert len({frozenset(p) for p in R.cosigners(doc[:], ms, lex)}) == 3
    found = R.collaborations_in(doc[:], ms, {m.key: m.key for m in ms}, ev(), lex)
    assert len({frozenset(c.players) for c in found}) == 6          # a four-party agreement: each pair
    doc = parse("Acme Lunar signed agreements with Beta Orbital and Gamma Mining.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining")
    assert R.cosigners(doc[:], ms, lex) == []                      # one agreement each
    doc = parse("Acme Lunar, in collaboration with Beta Orbital and Gamma Mining, will test a relay.\n")[0][1]
    ms = mentions(doc, "Acme Lunar", "Beta Orbital", "Gamma Mining")
    assert {frozenset(p) for p in R.cosigners(doc[:], ms, lex)} == {frozenset(("Beta Orbital", "Gamma Mining"))}


@covers("event_verb")
def test_event_verb(parse, lex):
    doc = parse("Acme Lunar signed a launch agreement in May 2026.\n")[0][1]
    dev = R.event_in(doc[:], mentions(doc, "Acme Lunar"), {"Acme Lunar": "Acme Lunar"}, ev(), lex)
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

def test_every_rule_has_a_unit_test_a_docstring_and_a_confidence_entry():
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
