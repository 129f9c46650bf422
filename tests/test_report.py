"""The report's own knowledge: what it is, its statements, their concerns and horizons, the timeline."""
from pathlib import Path

import pytest

from spacekg.corpus import build
from spacekg.extract.reader import read_document
from spacekg.graph.store import Store
from spacekg.queries.library import run_named

OTHER_STYLE = Path(__file__).parent / "reports" / "global-lunar-resources-market.txt"


@pytest.fixture(scope="module")
def other_extraction(extractor):
    return extractor.extract(read_document(OTHER_STYLE))


@pytest.fixture(scope="module")
def both_store(tmp_path_factory, nlp, sample_path):
    path = tmp_path_factory.mktemp("report") / "store"
    build([sample_path, OTHER_STYLE], Store.open(path, create=True))
    return Store.open(path)


def test_bundled_report_describes_itself(sample_extraction):
    info = sample_extraction.report
    assert info.title == "China Space Mining Market"
    assert info.region == "China"
    assert info.study_period == (2025, 2031)
    assert info.last_updated == "2025-08-05"
    assert len(info.questions) == 5 and all(q.endswith("?") for q in info.questions)
    regions = {r.region for r in info.related}
    assert len(info.related) == 12 and {"Asia", "Latin America", "GCC", "India"} <= regions


def test_other_publisher_describes_itself(other_extraction):
    info = other_extraction.report
    assert info.publisher == "Orbis Insight Partners"
    assert info.last_updated == "2026-01-14"
    assert info.study_period == (2026, 2033)


def statements_of(extraction, kind):
    return [s for s in extraction.statements if s.kind == kind]


def test_bundled_statements_by_kind(sample_extraction):
    counts = {k: len(statements_of(sample_extraction, k)) for k in ("trend", "driver", "challenge", "finding")}
    assert counts == {"trend": 5, "driver": 5, "challenge": 5, "finding": 8}
    outlook = statements_of(sample_extraction, "outlook")
    assert any(h.text == "Over the next decade" for s in outlook for h in s.horizons)
    assert any(h.year == 2031 for s in outlook for h in s.horizons)


def test_trend_concerns_come_from_its_words(sample_extraction):
    lunar = next(s for s in sample_extraction.statements if s.heading and "Lunar Ice" in s.heading)
    assert {"Water/Ice", "Regolith"} <= set(lunar.concerns["resource_type"])
    assert "Moon" in lunar.concerns["platform"]
    legal = next(s for s in sample_extraction.statements if s.heading and s.heading.startswith("Legal Ambiguities"))
    assert "Regulation & Policy" in legal.concerns["topic"]


def test_market_dynamics_headings(other_extraction):
    drivers = statements_of(other_extraction, "driver")
    challenges = statements_of(other_extraction, "challenge")
    assert len(drivers) == 3 and len(challenges) == 2           # opportunities count as drivers
    assert "Regulation & Policy" in challenges[0].concerns["topic"]
    refuel = drivers[0]
    assert "Satellite Servicing & Refueling" in refuel.concerns["application"]
    assert len(statements_of(other_extraction, "finding")) == 3  # numbered highlights


def test_statement_evidence_slices_the_file(sample_extraction, sample_path, other_extraction):
    for ex, path in ((sample_extraction, sample_path), (other_extraction, OTHER_STYLE)):
        text = path.read_text()
        for s in ex.statements:
            assert text[s.evidence.start:s.evidence.end] == s.evidence.sentence


def test_timeline_is_in_time_order(both_store):
    rows = run_named(both_store, "report-timeline").records()
    whens = [str(r["when"]) for r in rows]
    assert whens == sorted(whens)
    texts = " ".join(str(r["what"]) for r in rows)
    assert "expected to launch by 2029" in texts and "By 2030" in texts
    assert any(str(r["when"]).startswith("2026-03") for r in rows)          # "In March 2026"
    assert any(str(r["when"]) == "2031" and "next five years" in str(r["what"]) for r in rows)


def test_statements_about_regulation(both_store):
    rows = run_named(both_store, "report-statements", about="smr:topic/regulation-policy").records()
    sources = {r["source"] for r in rows}
    assert sources == {"china-space-mining-market.txt", "global-lunar-resources-market.txt"}
    challenges = run_named(both_store, "report-statements", kind="sm:Challenge").records()
    assert len(challenges) == 7


def test_promising_platforms_and_viable_bodies(both_store):
    platforms = run_named(both_store, "promising-platforms").records()
    assert platforms[0]["name"] == "Moon"
    pairs = {(r["platformName"], r["resourceName"]) for r in run_named(both_store, "viable-bodies").records()}
    assert ("Moon", "Water/Ice") in pairs


def test_report_info_and_related_reports(both_store):
    info = {r["source"]: r for r in run_named(both_store, "report-info").records()}
    assert info["china-space-mining-market.txt"]["region"] == "China"
    assert info["global-lunar-resources-market.txt"]["publisher"] == "Orbis Insight Partners"
    related = run_named(both_store, "related-reports").records()
    assert len(related) == 12 and not any(r["inStore"] for r in related)


# ---------------------------------------------------------------- the report's own questions, asked

def ask_sections(store, question):
    from spacekg.queries.ask import ask
    answer = ask(store, question)
    return answer, {s.title: s.rows for s in answer.sections}


def test_ask_the_reports_own_questions(sample_store, sample_extraction):
    questions = sample_extraction.report.questions
    answer, sections = ask_sections(sample_store, questions[0])               # projected size through 2031
    assert any("USD 7.6 billion in 2031" in line for line in answer.summary)
    answer, sections = ask_sections(sample_store, questions[1])               # promising technologies, platforms
    assert sections["platforms by support"][0]["platform"] == "Moon"
    assert {r["technology"] for r in sections["technologies by support"]} >= {"ISRU systems", "CubeSat"}
    answer, sections = ask_sections(sample_store, questions[2])               # viable bodies, resources
    assert {"platform": "Moon", "resource": "Water/Ice"}.items() <= sections["resources by body"][0].items()
    answer, sections = ask_sections(sample_store, questions[3])               # regulatory environment
    regulation = sections["statements about Regulation & Policy"]
    assert any(r["heading"] == "Legal Ambiguities Around Resource Ownership and Liability" for r in regulation)
    assert all(r["evidence"] for r in regulation)
    answer, sections = ask_sections(sample_store, questions[4])               # risks, opportunities, timelines
    assert len(sections["challenges and risks"]) == 5 and len(sections["drivers and opportunities"]) == 5
    whens = [r["when"] for r in sections["timeline"]]
    assert whens == sorted(whens) and "2029" in whens


@pytest.mark.parametrize("question, section, count", [
    ("what are the key challenges?", "challenges and risks", 5),
    ("what drives the market?", "drivers and opportunities", 5),
    ("what are the main trends", "trends", 5),
    ("show me the key findings", "key findings", 8),
    ("what is the outlook?", "outlook statements", 5),
])
def test_statement_questions(sample_store, question, section, count):
    answer, sections = ask_sections(sample_store, question)
    assert len(sections[section]) == count


def test_statement_questions_across_reports(both_store):
    answer, sections = ask_sections(both_store, "what are the risks?")
    sources = {e.source for e in answer.evidence()}
    assert sources == {"china-space-mining-market.txt", "global-lunar-resources-market.txt"}
    answer, sections = ask_sections(both_store, "what are the timelines?")
    assert any(r["when"].startswith("2026-03") for r in sections["timeline"])
