"""Plain-English questions: every family in several phrasings, on the bundled report and on two
small invented reports (tests/reports), plus questions that cannot be mapped and hostile input."""
import csv
import io
import json
import subprocess
import sys

import pytest

from spacekg.cli import cli
from spacekg.queries.ask import QuestionError, ask, normalise_question
from spacekg.queries.library import named_queries

SAMPLE = "china-space-mining-market.txt"
NORDIC = "nordic-space-mining.txt"
ANDEAN = "andean-space-resources.md"


def column(answer, name):
    return [row[name] for s in answer.sections for row in s.rows if name in row]


def players(answer):
    return set(column(answer, "player"))


def sentences(answer):
    return [e.sentence for e in answer.evidence()]


# ---------------------------------------------------------------- which players target X

@pytest.mark.parametrize("question", [
    "which players target lunar ice?",
    "Who is going after lunar ice?",
    "Which companies are mining water on the Moon?",
    "who mines ice on the lunar surface",
    "Which players are targeting lunar water ice?",
    "players targeting lunar ice",
    "is anyone going after LUNAR ICE?",
    "Please tell me which firms plan to extract lunar ice.",
])
def test_lunar_ice_is_moon_express_with_its_sentence(sample_store, question):
    answer = ask(sample_store, question)
    assert answer.family == "players-targeting"
    assert "Water/Ice" in answer.understood and "Moon" in answer.understood
    assert players(answer) == {"Moon Express"}
    [evidence] = answer.evidence()
    assert "Moon Express" in evidence.sentence and "lunar ice" in evidence.sentence
    assert evidence.source == SAMPLE and evidence.start < evidence.end


@pytest.mark.parametrize("question", ["which players are active on asteroids?", "who targets NEAs",
                                      "which companies go after near-Earth asteroids?"])
def test_platform_only(sample_store, question):
    assert players(ask(sample_store, question)) == {"Asteroid Mining Corporation", "Planetary Resources"}


@pytest.mark.parametrize("question", ["who is active on asteroids, and with what technology?",
                                      "Which companies are active on asteroids and with which technologies?",
                                      "players targeting asteroids and their technology"])
def test_asteroid_players_with_their_technologies(sample_store, question):
    answer = ask(sample_store, question)
    assert answer.family == "players-targeting-with-technology"
    assert players(answer) == {"Asteroid Mining Corporation", "Planetary Resources"}
    techs = dict(zip(column(answer, "player"), column(answer, "technologies")))
    assert "CubeSat" in techs["Asteroid Mining Corporation"] and "Arkyd" in techs["Planetary Resources"]
    assert any("Arkyd" in s for s in sentences(answer))


def test_moon_players(sample_store):
    assert players(ask(sample_store, "who is on the moon")) == {"Blue Origin", "ispace", "Moon Express", "NASA"}


@pytest.mark.parametrize("question", ["who mines helium-3 on the Moon?", "which players target He-3 on the moon",
                                      "is anyone mining helium 3 on the lunar surface?"])
def test_nobody_targets_helium3_on_the_moon_in_the_sample(sample_store, question):
    answer = ask(sample_store, question)
    assert "Helium-3" in answer.understood and players(answer) == set()
    assert answer.summary[0].startswith("No player")
    assert any("Moon Express" in n and "any resource on Moon" in n for n in answer.notes)


@pytest.mark.parametrize("question, expected", [
    ("which players target helium-3 on the Moon?", {"Selene Drillworks"}),
    ("who mines helium 3 on the moon", {"Selene Drillworks"}),
    ("who is after He-3?", {"Selene Drillworks"}),
    ("who mines water on asteroids?", {"Vesta Metals"}),
    ("which companies are harvesting water ice from near-Earth asteroids", {"Vesta Metals"}),
    ("which players go after PGMs?", {"Karst Orbital", "Vesta Metals"}),
    ("who targets platinum", {"Karst Orbital", "Vesta Metals"}),
    ("which players target lunar ice?", {"Condor Lunar Systems", "Quipu Robotics"}),
    ("which companies are interested in rare earths", {"Quipu Robotics"}),
    ("who is active on Mars?", {"Puna Regolith"}),
])
def test_targets_on_invented_reports(report_store, question, expected):
    answer = ask(report_store, question)
    assert players(answer) == expected
    assert answer.evidence() and all(e.source in (NORDIC, ANDEAN) for e in answer.evidence())


def test_target_and_platform_must_share_a_claim(report_store):
    # Vesta Metals mines water, but on asteroids: not lunar ice
    answer = ask(report_store, "which players target lunar ice")
    assert "Vesta Metals" not in players(answer)
    assert all("lunar" in s for s in sentences(answer))


# ---------------------------------------------------------------- one player

@pytest.mark.parametrize("question", ["what does Moon Express target?", "what does Moon Express Inc target?",
                                      "What resources does Moon Expres target?", "what are Moon Express's targets",
                                      "where does moon express mine?", "What is moon express focused on?"])
def test_what_does_a_player_target(sample_store, question):
    answer = ask(sample_store, question)
    assert answer.family == "player-targets"
    assert answer.summary == ["Moon Express targets Water/Ice on Moon."]
    assert "lunar ice" in sentences(answer)[0]


def test_what_does_an_invented_player_target(report_store):
    answer = ask(report_store, "what does Selene Drillworks AB target?")
    assert column(answer, "resource") == ["Helium-3"] and column(answer, "platform") == ["Moon"]


@pytest.mark.parametrize("question", ["what does Moon Express develop?", "what technologies does moon express use",
                                      "what technology is Moon Express building", "Moon Express's technologies"])
def test_what_does_a_player_develop(sample_store, question):
    answer = ask(sample_store, question)
    assert answer.family == "player-technologies"
    assert column(answer, "technology") == ["ISRU systems"]
    assert "ISRU systems" in sentences(answer)[0]


def test_what_does_an_invented_player_develop(report_store):
    answer = ask(report_store, "what does Vesta Metals Corporation develop")
    assert set(column(answer, "technology")) == {"optical spectrometers", "robotic drilling system"}


@pytest.mark.parametrize("question", ["what does ispace work on?", "tell me about ispace", "who is ispace?",
                                      "ISPACE", "what is iSpace doing"])
def test_what_does_a_player_work_on(sample_store, question):
    answer = ask(sample_store, question)
    assert answer.family == "player-profile"
    assert column(answer, "partner") == ["NASA"]
    assert "Moon" in column(answer, "platform")
    assert any("Partners: NASA" in line for line in answer.summary)


# ---------------------------------------------------------------- collaborators

@pytest.mark.parametrize("question, player, partner", [
    ("who collaborates with NASA?", "NASA", "ispace"),
    ("Who partners with ispace?", "ispace", "NASA"),
    ("who are NASA's partners?", "NASA", "ispace"),
    ("who does ispace work with", "ispace", "NASA"),
    ("partners of nasa", "NASA", "ispace"),
    ("which companies have a partnership with NASA", "NASA", "ispace"),
])
def test_collaborators(sample_store, question, player, partner):
    answer = ask(sample_store, question)
    assert answer.family == "collaborators"
    assert column(answer, "partner") == [partner]
    assert f"{player} collaborates with {partner}." in answer.summary
    assert "partnership" in sentences(answer)[0]


@pytest.mark.parametrize("question, partner", [
    ("who partners with Selene Drillworks AB?", "Aurora Regolith"),
    ("who collaborates with Quipu Robotics Ltd", "Condor Lunar Systems"),
    ("with whom does Karst Orbital cooperate?", "Vesta Metals"),
])
def test_collaborators_on_invented_reports(report_store, question, partner):
    assert column(ask(report_store, question), "partner") == [partner]


def test_no_collaboration(sample_store):
    answer = ask(sample_store, "who collaborates with Moon Express?")
    assert column(answer, "partner") == [] and "No collaboration" in answer.summary[0]


# ---------------------------------------------------------------- developments

@pytest.mark.parametrize("question", ["which developments involve the Moon?", "developments on the Moon",
                                      "what happened on the moon?", "list the recent developments about lunar"])
def test_developments_in_time_order(sample_store, question):
    answer = ask(sample_store, question)
    assert answer.family == "developments"
    dates, expected = column(answer, "date"), column(answer, "expected")
    # "expected to launch by 2029" is an expected date, not the date it happened: first, undated last
    assert len(dates) == 3 and dates == ["", "", ""] and expected == ["2029", "", ""]
    assert {p for row in column(answer, "participants") for p in row.split("; ")} >= {"Blue Origin", "NASA"}


def test_developments_of_invented_reports_are_ordered_by_date(report_store):
    answer = ask(report_store, "list developments")
    dates = column(answer, "date")
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and [d[:4] for d in dated[:4]] == ["2025", "2026", "2027", "2028"]
    assert dates == dated + [""] * (len(dates) - len(dated))
    answer = ask(report_store, "which developments involve Selene Drillworks?")
    assert column(answer, "date") == ["2026-03", "2027"]          # "In March 2026"


def test_developments_of_a_player_whose_name_holds_a_platform_word(report_store):
    answer = ask(report_store, "which developments involve Condor Lunar Systems?")
    assert "Condor Lunar Systems" in answer.understood and "Moon" not in answer.understood
    assert len(column(answer, "development")) == 1


def test_developments_about_a_technology(sample_store):
    answer = ask(sample_store, "developments involving ISRU")
    assert len(column(answer, "development")) == 1 and "Moon Express" in column(answer, "participants")[0]


# ---------------------------------------------------------------- market

@pytest.mark.parametrize("question", ["what is the market size?", "How big is the market?",
                                      "what's the size of the China space mining market"])
def test_market_size(sample_store, question):
    answer = ask(sample_store, question)
    assert column(answer, "value") == ["USD 1.2 billion", "USD 7.6 billion"]
    assert "USD 7.6 billion" in sentences(answer)[0]


def test_market_size_in_a_year(sample_store):
    answer = ask(sample_store, "how big will the market be in 2031?")
    assert column(answer, "value") == ["USD 7.6 billion"] and column(answer, "forecast") == ["yes"]


@pytest.mark.parametrize("question", ["what is the CAGR?", "how fast is the market growing",
                                      "What's the compound annual growth rate?"])
def test_cagr(sample_store, question):
    answer = ask(sample_store, question)
    assert column(answer, "value") == ["35.4%"] and column(answer, "period") == ["over 2025-2031"]


def test_forecast_lists_every_figure(sample_store):
    assert len(column(ask(sample_store, "what is the forecast"), "metric")) == 3


def test_market_figures_of_several_reports_name_their_source(report_store):
    answer = ask(report_store, "what is the CAGR?")
    assert sorted(column(answer, "value")) == ["28.1%", "29%"]
    assert {e.source for e in answer.evidence()} == {NORDIC, ANDEAN}
    assert all(NORDIC in line or ANDEAN in line for line in answer.summary)


# ---------------------------------------------------------------- lists

@pytest.mark.parametrize("question", ["list the players", "who are the key players?", "Which companies are there?",
                                      "show me all players"])
def test_list_players(sample_store, question):
    answer = ask(sample_store, question)
    assert len(players(answer)) == 10 and {"NASA", "Moon Express", "TransAstra"} <= players(answer)


@pytest.mark.parametrize("question, column_name, expected", [
    ("which resources are there?", "resource", {"Water/Ice", "Helium-3", "Platinum Group Metals"}),
    ("what platforms are covered?", "platform", {"Moon", "Asteroids", "Mars", "Other Celestial Bodies"}),
    ("list the phases", "phase", {"Prospecting & Exploration", "Transportation"}),
    ("list the applications", "application", {"Fuel Generation"}),
    ("list the technologies", "technology", {"ISRU systems", "CubeSat"}),
])
def test_list_concepts(sample_store, question, column_name, expected):
    assert expected <= set(column(ask(sample_store, question), column_name))


# ---------------------------------------------------------------- technologies

@pytest.mark.parametrize("question, expected", [
    ("which players use ISRU systems?", {"Moon Express"}),
    ("which players use technology ISRU", {"Moon Express"}),
    ("who develops robots", {"Blue Origin"}),
    ("which companies are developing space telescopes?", {"Planetary Resources"}),
    ("who uses cubesats", {"Asteroid Mining Corporation"}),
])
def test_players_with_technology(sample_store, question, expected):
    answer = ask(sample_store, question)
    assert players(answer) == expected and answer.evidence()


def test_players_with_technology_on_invented_reports(report_store):
    assert players(ask(report_store, "which players use spectrometers")) == {"Karst Orbital", "Vesta Metals"}
    assert players(ask(report_store, "who builds autonomous excavators?")) == {"Condor Lunar Systems",
                                                                               "Quipu Robotics"}


# ---------------------------------------------------------------- compare

@pytest.mark.parametrize("question", ["compare Moon Express and ispace", "Moon Express vs. ispace",
                                      "how does Moon Express compare to ispace?"])
def test_compare_players(sample_store, question):
    answer = ask(sample_store, question)
    rows = {row["aspect"]: row for row in answer.sections[0].rows}
    assert rows["platforms"]["both"] == "Moon"
    assert rows["resources"]["Moon Express"] == "Water/Ice" and rows["resources"]["ispace"] == ""
    assert rows["partners"]["ispace"] == "NASA"


def test_compare_invented_players_who_collaborate(report_store):
    answer = ask(report_store, "compare Karst Orbital and Vesta Metals")
    assert "Karst Orbital and Vesta Metals collaborate." in answer.summary
    rows = {row["aspect"]: row for row in answer.sections[0].rows}
    assert rows["resources"]["both"] == "Platinum Group Metals"


def test_compare_platforms(sample_store):
    answer = ask(sample_store, "compare the Moon and asteroids")
    assert players(answer) == {"Blue Origin", "ispace", "Moon Express", "NASA", "Asteroid Mining Corporation",
                               "Planetary Resources"}
    assert "Both: none." in answer.summary


# ---------------------------------------------------------------- questions it cannot answer

@pytest.mark.parametrize("question", ["what's the weather like?", "hello", "?", "} ; DROP ALL",
                                      "SELECT * WHERE { ?s ?p ?o }", "DELETE WHERE { ?s ?p ?o }"])
def test_unmappable_questions_list_the_forms(sample_store, question):
    with pytest.raises(QuestionError) as e:
        ask(sample_store, question)
    assert e.value.exit_code == 2
    assert "which players target lunar ice?" in str(e.value) and "compare PLAYER and PLAYER" in str(e.value)


@pytest.mark.parametrize("question, message", [
    ("who collaborates with Acme Rockets?", "no player in the store matches 'acme rockets'"),
    ("what does Zzyzx Orbital develop?", "no player in the store matches 'zzyzx orbital'"),
    ("which players target unobtainium?", "nothing in the store matches 'unobtainium'"),
])
def test_unknown_names(sample_store, question, message):
    with pytest.raises(QuestionError, match=message):
        ask(sample_store, question)


def test_overlong_question_is_refused(sample_store):
    with pytest.raises(QuestionError, match="characters long"):
        ask(sample_store, "which players target " + "lunar ice " * 200)


class Spy:
    """A query source that records what it is asked: any object with .query() will do."""

    def __init__(self, store):
        self.store, self.calls = store, []

    def query(self, sparql, substitutions=None, timeout=None):
        self.calls.append((sparql, dict(substitutions or {})))
        return self.store.query(sparql, substitutions=substitutions, timeout=timeout)


@pytest.mark.parametrize("question", [
    'which players target "lunar ice"?',
    "which players target lunar ice'} ; DROP ALL #?",
    'who collaborates with NASA" } ; DROP ALL ; SELECT * { ?s ?p ?o',
    "which players target \"} UNION { ?s ?p ?o } #\"",
    "what does {Moon Express} target?",
])
def test_hostile_text_never_becomes_sparql(sample_store, question):
    spy = Spy(sample_store)
    before = len(sample_store)
    try:
        answer = ask(spy, question)
        assert players(answer) <= {"Moon Express", "ispace", "NASA"}
    except QuestionError as e:
        assert e.exit_code == 2
    # every text sent is a named query's own text (its lines for the bound parameters), nothing else
    assert spy.calls and all(any(sparql == q.text_for(set(subs)) for q in named_queries().values())
                             for sparql, subs in spy.calls)
    for _, subs in spy.calls:
        assert all("DROP" not in str(v) and "{" not in str(v) for v in subs.values())
    assert len(sample_store) == before


def test_normalise_question():
    assert normalise_question("  Please tell me: Which players target LUNAR ICE?! ") == \
        "which players target lunar ice"
    assert normalise_question("What's NASA's CAGR in 7.6 vs. 2031?") == "what is nasa's cagr in 7.6 vs 2031"


# ---------------------------------------------------------------- the command

@pytest.fixture(scope="module")
def store_dir(sample_store):
    return str(sample_store.path)


def test_cli_answers_with_evidence(runner, store_dir):
    r = runner.invoke(cli, ["ask", "which players target lunar ice?", "--store", store_dir])
    assert r.exit_code == 0, r.output
    assert "Moon Express" in r.stdout and "Evidence" in r.stdout and SAMPLE in r.stdout
    assert "extract lunar ice" in r.stdout


def test_cli_question_without_quotes(runner, store_dir):
    r = runner.invoke(cli, ["--store", store_dir, "ask", "who", "partners", "with", "NASA"])
    assert r.exit_code == 0 and "ispace" in r.stdout


def test_cli_json_and_csv(runner, store_dir):
    r = runner.invoke(cli, ["ask", "which players target lunar ice?", "--store", store_dir, "--format", "json"])
    data = json.loads(r.stdout)
    [row] = data["sections"][0]["rows"]
    assert row["player"] == "Moon Express" and "lunar ice" in row["evidence"][0]["sentence"]
    # counted from the summary, the sentences read for the rows shown
    assert row["evidence"][0]["source"] == SAMPLE and [q["name"] for q in data["queries"]][-2:] == \
        ["targets-by-reports", "claim-sentences"]
    r = runner.invoke(cli, ["ask", "which players target lunar ice?", "--store", store_dir, "--format", "csv"])
    [row] = list(csv.DictReader(io.StringIO(r.stdout)))
    assert row["player"] == "Moon Express" and "lunar ice" in row["evidence"] and row["source"].startswith(SAMPLE)


def test_cli_limit_caps_the_tables_and_says_how_many_more(runner, store_dir):
    question = "which players target the Moon?"
    full = runner.invoke(cli, ["ask", question, "--store", store_dir, "--format", "json"])
    [section] = json.loads(full.stdout)["sections"]
    assert section["total"] == len(section["rows"]) > 3           # JSON gives every row by default
    r = runner.invoke(cli, ["ask", question, "--store", store_dir, "--limit", "3"])
    assert r.exit_code == 0, r.output
    assert f"players targeting Moon ({section['total']})" in r.stdout
    assert f"... {section['total'] - 3} more rows (--limit 0 shows them all)" in r.stdout
    assert "[4]" not in r.stdout                                 # evidence of the rows shown only
    capped = json.loads(runner.invoke(cli, ["ask", question, "--store", store_dir, "--format", "json",
                                            "--limit", "2"]).stdout)["sections"][0]
    assert len(capped["rows"]) == 2 and capped["total"] == section["total"]
    everything = runner.invoke(cli, ["ask", question, "--store", store_dir, "--limit", "0"])
    assert "more rows" not in everything.stdout


def test_a_long_list_of_names_is_cut_in_the_summary():
    from spacekg.queries.ask import _some
    names = [f"Player {i}" for i in range(30)]
    assert _some(names[:3]) == "Player 0, Player 1, Player 2"
    assert _some(names, most=25).endswith("Player 24 and 5 more")


def test_cli_show_sparql(runner, store_dir):
    r = runner.invoke(cli, ["ask", "which players target lunar ice?", "--store", store_dir, "--show-sparql"])
    assert "# named query targets-by-reports" in r.stdout and "# named query claim-sentences" in r.stdout
    assert "target=<https://w3id.org/spacekg/id/target/water-ice/moon>" in r.stdout
    assert "resource=<https://w3id.org/spacekg/id/resource/water-ice>" in r.stdout
    assert "?claim sm:resource ?resource ." in r.stdout
    assert "?claim sm:concerns ?concern ." not in r.stdout         # that parameter is not bound
    data = json.loads(runner.invoke(cli, ["ask", "what is the CAGR", "--store", store_dir, "--format", "json",
                                          "--show-sparql"]).stdout)
    assert "sm:MarketFigure" in data["queries"][-1]["sparql"]


def test_cli_unmappable_exits_2(runner, store_dir):
    r = runner.invoke(cli, ["ask", "what is the meaning of life?", "--store", store_dir])
    assert r.exit_code == 2
    assert r.stderr.startswith("spacekg: error: cannot map the question")
    assert "which players target lunar ice?" in r.stderr and "Traceback" not in r.output
    r = runner.invoke(cli, ["ask", "who partners with Acme Rockets", "--store", store_dir])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1


def test_questions_never_import_spacy(store_dir, tmp_path):
    """ask, query, players and map run without loading spaCy (checked in a fresh interpreter)."""
    script = tmp_path / "check.py"
    script.write_text(
        "import sys\n"
        "from spacekg.cli import cli\n"
        "for args in sys.argv[1:]:\n"
        "    try:\n"
        "        cli(args.split('|') + ['--store', %r], prog_name='spacekg')\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, (args, e.code)\n"
        "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY', file=sys.stderr)\n" % store_dir)
    out = subprocess.run([sys.executable, str(script), "ask|which players target lunar ice?",
                          "ask|compare Moon Express and ispace", "query|players-targeting",
                          "players|--resource|lunar ice", "map"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("NO-SPACY")
    assert "Moon Express" in out.stdout
