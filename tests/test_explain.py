"""`spacekg extract FILE --explain`: every player, fact and rejected candidate name traced to the
registered rule that produced or refused it, with its sentence."""
import json

import pytest

from spacekg.cli import cli
from spacekg.extract.rules import REGISTRY

PROBE = ("Selvane Robotics will supply its Caravel lander to the Tarrow Institute. "
         "Selvane Robotics partnered with Quillmark Mining to extract water ice on the Moon.\n")
FACTS = ("targets", "collaborations", "technologies", "developments", "market")


def explained(runner, path):
    r = runner.invoke(cli, ["extract", str(path), "--explain", "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def assert_traced(x):
    assert x["players"]
    for p in x["players"]:
        assert p["admitted"] and p["rules"]
        for a in p["admitted"]:
            assert REGISTRY[a["rule"]].stage == "candidates"
            assert a["evidence"] and a["form"]
    for kind in FACTS:
        for f in x[kind]:
            assert f["rule"] in REGISTRY and f["evidence"], (kind, f)
    for r in x["rejected"]:
        assert REGISTRY[r["rule"]].stage in ("vetoes", "inventory")
        assert REGISTRY[r["proposed_by"]].stage == "candidates" and r["evidence"]
    named = {p_rule for p in x["players"] for p_rule in p["rules"]} | {f["rule"] for k in FACTS for f in x[k]}
    assert named <= set(x["rules"])


def test_explain_traces_every_fact_of_the_bundled_report(runner, sample_path, nlp):
    x = explained(runner, sample_path)
    assert_traced(x)
    assert len(x["players"]) == 10 and x["rejected"]


@pytest.mark.parametrize("name", ["wire-lunar-oxygen-pact.txt", "member-directory.txt", "podcast-transcript.txt",
                                  "venture-helium3-news.html"])
def test_explain_traces_every_fact_of_devset_documents(runner, devset_golds, nlp, name):
    path = next(p for _, p in devset_golds if p.name == name)
    assert_traced(explained(runner, path))


def test_explain_names_the_rules_of_a_probe(runner, tmp_path, nlp):
    path = tmp_path / "probe.txt"
    path.write_text(PROBE)
    x = explained(runner, path)
    assert_traced(x)
    assert {"Selvane Robotics", "Quillmark Mining"} <= {p["name"] for p in x["players"]}
    assert any(r["name"] == "Caravel" and r["rule"] == "veto_product" for r in x["rejected"])
    pair = next(c for c in x["collaborations"] if set(c["players"]) == {"Selvane Robotics", "Quillmark Mining"})
    assert pair["rule"] == "collaboration_cue" and "partnered" in pair["evidence"]
    text = runner.invoke(cli, ["extract", str(path), "--explain"], catch_exceptions=False).output
    assert "'Caravel' refused by veto_product" in text and "by collaboration_cue" in text


def test_json_output_keeps_the_contract(runner, tmp_path, nlp):
    path = tmp_path / "probe.txt"
    path.write_text(PROBE)
    r = runner.invoke(cli, ["extract", str(path), "--json"], catch_exceptions=False)
    data = json.loads(r.output)
    assert {"doc", "players", "targets", "collaborations", "technologies", "developments", "market"} <= set(data)
    assert all({"evidence", "start", "end", "rule", "confidence"} <= set(e) for e in data["collaboration_evidence"])
