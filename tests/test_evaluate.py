"""Scoring: spacekg.evaluate agrees with the team scorer (tests/team_score.py, a copy of
shared/tools/score.py) on the bundled report and on every devset document; folders, errors, CLI."""
import json
import shutil

import pytest

import team_score
from conftest import DEVSET, GOLD
from spacekg.errors import InputError
from spacekg.evaluate import CATEGORIES, Score, evaluate, find_document, gold_files, score, total


def figures(result: dict) -> dict:
    return {c: {k: r[k] for k in ("p", "r", "f1", "tp", "pred", "gold")} for c, r in result.items()}


def ours(pred, gold) -> dict:
    return {c: s.to_json(details=False) for c, s in score(pred, gold).items()}


def test_agrees_with_team_scorer_on_the_bundled_report(sample_extraction, seed_gold):
    pred = json.loads(json.dumps(sample_extraction.to_json()))
    assert ours(pred, seed_gold) == figures(team_score.score(pred, seed_gold))


def test_agrees_with_team_scorer_on_every_devset_document(devset_predictions):
    assert len(devset_predictions) >= 10
    for gold, pred in devset_predictions:
        assert ours(pred, gold) == figures(team_score.score(pred, gold)), gold["doc"]


def test_agrees_on_hand_made_disagreements(seed_gold):
    """Wrong, missing, generic and inferred items, aliases, technology word overlap, market rounding."""
    pred = {
        "players": [{"name": "Moon Express, Inc."}, {"name": "Acme Lunar"}, {"name": "consortium in China"}],
        "targets": [{"player": "Moon Express", "resource": ["Water/Ice", "Helium-3"], "platform": "Moon"},
                    {"player": "Asteroid Mining Corporation Ltd.", "resource": "Iron & Nickel"},
                    {"player": "consortium in China", "platform": "Moon"}],
        "collaborations": [["ispace Inc.", "NASA"], ["Acme Lunar", "NASA"], ["NASA"]],
        "technologies": [{"player": "Moon Express", "technology": "ISRU"},
                         {"player": "Planetary Resources", "technology": "space telescope"},
                         {"player": "consortium in China", "technology": "robots"}],
        "market": [{"metric": "market_size", "value_usd": 1.2004e9, "year": 2025},
                   {"metric": "cagr", "percent": 35.4, "from": 2025, "to": 2030}],
    }
    assert ours(pred, seed_gold) == figures(team_score.score(pred, seed_gold))
    assert ours({}, seed_gold) == figures(team_score.score({}, seed_gold))


def test_score_arithmetic():
    s = Score(tp=3, pred=4, gold=6)
    assert (s.p, s.r) == (0.75, 0.5) and s.f1 == pytest.approx(0.6)
    assert Score().p == 1.0 and Score(gold=2).p == 0.0 and Score(pred=2).r == 1.0
    both = total({"a": Score(1, 2, 2), "b": Score(3, 3, 4)})
    assert (both.tp, both.pred, both.gold) == (4, 5, 6)


def test_folder_sums_counts_over_documents(extractor, tmp_path):
    for name in ("lunar-resources-market", "press-release-joint-venture"):
        gold = DEVSET / f"{name}.gold.json"
        shutil.copy(gold, tmp_path / gold.name)
        doc = json.loads(gold.read_text())["doc"]
        shutil.copy(DEVSET / doc, tmp_path / doc)
    (tmp_path / "notes.json").write_text('{"not": "a gold file"}')
    result = evaluate(tmp_path, extractor=extractor)
    assert len(result.documents) == 2
    for c in CATEGORIES:
        assert result.scores[c].tp == sum(d.scores[c].tp for d in result.documents)
    data = result.to_json()
    assert set(CATEGORIES) | {"overall", "documents"} <= set(data)
    assert data["overall"]["tp"] == sum(data[c]["tp"] for c in CATEGORIES)


def test_documents_are_found_beside_the_gold_or_bundled(tmp_path):
    gold = tmp_path / "gold" / "x.json"
    gold.parent.mkdir()
    gold.write_text('{"doc": "china-space-mining-market.txt"}')
    assert find_document(gold, "china-space-mining-market.txt").name == "china-space-mining-market.txt"
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / "other.txt").write_text("text")
    assert find_document(gold, "other.txt") == (tmp_path / "seed" / "other.txt").resolve()
    with pytest.raises(InputError, match="cannot find its document"):
        find_document(gold, "missing.txt")


@pytest.mark.parametrize("content, problem", [("{not json", "not valid JSON"), ('["doc"]', "not a gold file")])
def test_bad_gold_files_are_clear_errors(tmp_path, content, problem):
    path = tmp_path / "g.json"
    path.write_text(content)
    with pytest.raises(InputError, match=problem):
        evaluate(path)


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no gold files"):
        gold_files(tmp_path)


def test_eval_command(runner, tmp_path):
    from spacekg.cli import cli
    result = runner.invoke(cli, ["eval", str(GOLD / "seed.json")])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.strip()}
    assert set(CATEGORIES) | {"overall"} <= set(lines)
    assert lines["market"][1:4] == ["1.000", "1.000", "1.000"]
    result = runner.invoke(cli, ["eval", str(GOLD / "seed.json"), "--json"])
    data = json.loads(result.output)
    assert data["players"]["p"] >= 0.95 and data["documents"][0]["doc"] == "china-space-mining-market.txt"
    result = runner.invoke(cli, ["eval", str(tmp_path / "none.json")])
    assert result.exit_code != 0 and "spacekg: error:" in result.output and "Traceback" not in result.output
