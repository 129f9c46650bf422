"""Extraction on the bundled report: players, targets, collaborations, technologies, market, segments."""
import re

from spacekg.extract.reader import read_text


def norm(name):
    return re.sub(r"\b(inc|ltd|corporation|corp)\b\.?", "", name.casefold()).strip(" ,.")


def gold_named(gold):
    return {norm(p["name"]) for p in gold["players"] if not p.get("generic")}


def test_players_match_gold(sample_extraction, seed_gold):
    found = {norm(p.name) for p in sample_extraction.players}
    assert found == gold_named(seed_gold)


def test_aliases_are_merged(sample_extraction):
    by_name = {p.name: p for p in sample_extraction.players}
    assert "Moon Express, Inc." in by_name["Moon Express"].aliases
    assert by_name["NASA"].kind == "agency"


def test_lunar_ice_is_one_claim_with_water_ice_and_moon(sample_extraction):
    claims = [t for t in sample_extraction.targets if t.player == "Moon Express"]
    assert any("Water/Ice" in t.resources and "Moon" in t.platforms for t in claims)


def test_targets_match_gold(sample_extraction, seed_gold):
    named = gold_named(seed_gold)
    gold = {(norm(t["player"]), t.get("resource") or t.get("platform")) for t in seed_gold["targets"]
            if norm(t["player"]) in named and not t.get("inferred")}
    found = {(norm(t.player), v) for t in sample_extraction.targets for v in t.resources + t.platforms}
    assert gold <= found
    assert len(found - gold) <= 1          # the inferred Iron & Nickel of "metallic NEAs" is allowed


def test_collaborations_and_technologies(sample_extraction):
    assert {frozenset(c.players) for c in sample_extraction.collaborations} == {frozenset({"NASA", "ispace"})}
    techs = {(t.player, t.technology) for t in sample_extraction.technologies}
    assert ("Moon Express", "ISRU systems") in techs
    assert ("Blue Origin", "autonomous excavation robots") in techs
    assert any(p == "Planetary Resources" and "Arkyd" in t for p, t in techs)


def test_market_figures_are_exact(sample_extraction):
    figures = {(m.metric, m.value, m.year, m.from_year, m.to_year) for m in sample_extraction.market}
    assert figures == {("market_size", 1.2e9, 2025, None, None), ("market_size", 7.6e9, 2031, None, None),
                       ("cagr", 35.4, None, 2025, 2031)}


def test_segmentation(sample_extraction, seed_gold):
    segments = sample_extraction.to_json()["segments"]
    assert segments == seed_gold["segments"]
    asteroids = [s for s in sample_extraction.segments if s.label == "Asteroids (NEAs)"]
    assert asteroids[0].canonical == "Asteroids"


def test_evidence_offsets_slice_the_file(sample_extraction, sample_path):
    text = sample_path.read_text()
    facts = sample_extraction.targets + sample_extraction.collaborations + sample_extraction.technologies
    assert facts
    for f in facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.sentence


def test_countries_are_regions_not_players(sample_extraction):
    assert "China" in sample_extraction.regions
    assert "China" not in {p.name for p in sample_extraction.players}


def test_extraction_json_contract(sample_extraction):
    data = sample_extraction.to_json()
    assert {"doc", "players", "targets", "collaborations", "technologies", "developments", "market"} <= set(data)
    assert data["doc"] == "china-space-mining-market.txt"
    t = next(t for t in data["targets"] if t["player"] == "Moon Express")
    assert t["resource"] == "Water/Ice" and t["platform"] == "Moon"
    assert {"evidence", "start", "end"} <= set(t)


def test_news_style_text(extractor):
    doc = read_text("Lunar Harvest Corp. plans to mine helium-3 on the Moon by 2030. "
                    "The startup signed a partnership agreement with Orbital Freight Inc. in March.\n", "news.txt")
    ex = extractor.extract(doc)
    names = {p.name for p in ex.players}
    assert {"Lunar Harvest", "Orbital Freight"} <= names
    assert any(t.player == "Lunar Harvest" and "Helium-3" in t.resources and "Moon" in t.platforms
               for t in ex.targets)


def test_developments_carry_dates(sample_extraction):
    # "expected to launch by 2029": the date it is expected, apart from the date it happened (issue 17)
    assert {d.expected_date for d in sample_extraction.developments} == {None, "2029"}


def test_news_prose_developments_and_attribution(extractor):
    doc = read_text("Unlike Beta Orbital, which extracts water from asteroids, Acme Lunar Inc. plans to mine "
                    "helium-3 on the Moon. Acme Lunar raised $20 million in a round led by Gamma Ventures. "
                    "In May 2026, the company signed an agreement with Delta Launch Services to fly its "
                    "Selene-1 prospector.\n", "news.txt")
    ex = extractor.extract(doc)
    claims = {(t.player, r) for t in ex.targets for r in t.resources + t.platforms}
    assert {("Beta Orbital", "Water/Ice"), ("Beta Orbital", "Asteroids"), ("Acme Lunar", "Helium-3"),
            ("Acme Lunar", "Moon")} <= claims
    assert ("Acme Lunar", "Water/Ice") not in claims and not any(p == "Gamma Ventures" for p, _ in claims)
    assert [set(c.players) for c in ex.collaborations] == [{"Acme Lunar", "Delta Launch Services"}]
    events = [d for d in ex.developments if d.evidence.rule == "event_verb"]
    assert any(d.date == "2026-05" and "Acme Lunar" in d.participants for d in events)


def test_player_tables_and_plain_lists(extractor):
    from spacekg.extract.reader import read_bytes
    html = (b"<html><body><h1>Lunar Market</h1><h2>Key Players</h2>"
            b"<p>Acme Lunar, Beta Orbital Systems; Gamma Regolith Works and Delta Ice</p>"
            b"<table><tr><th>Company</th><th>Headquarters</th></tr><tr><td>Epsilon Mining Co.</td><td>Denver</td></tr>"
            b"<tr><td>Zeta Space</td><td>Tokyo, Japan</td></tr></table></body></html>")
    ex = extractor.extract(read_bytes(html, "players.html", ".html"))
    assert {p.name for p in ex.players} == {"Acme Lunar", "Beta Orbital Systems", "Gamma Regolith Works",
                                            "Delta Ice", "Epsilon Mining", "Zeta Space"}


def test_enumeration_survives_abbreviations_and_lowercase_brands(extractor):
    doc = read_text("Competitive Landscape\n\nKey players operating in the market include Acme Lunar, Inc., "
                    "orbitx, inc., Beta Mining Corporation Ltd., Gamma+ and Delta Space S.A. These players "
                    "focus on partnerships.\n", "landscape.txt")
    names = {p.name for p in extractor.extract(doc).players}
    assert {"Acme Lunar", "orbitx", "Beta Mining Corporation", "Gamma+", "Delta Space"} <= names
    assert not {"Inc", "These", "Beta Mining"} & names
