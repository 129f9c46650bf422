"""Extraction on the held-out sets: tests/heldout (nine documents in styles the devset lacks),
tests/heldout2 (five more) and tests/heldout3 (six more, hard names), gold written and committed
before the extractor was run on them. tests/heldout's errors have been read (see its README), so
tests/heldout2 and tests/heldout3 are the blind ones. The floors sit a little below what the extractor measured when
they were set: they guard against regressions on unseen styles, they are not targets to tune to."""
import json
from pathlib import Path

import pytest

from spacekg.evaluate import CATEGORIES, Score, score

TESTS = Path(__file__).parent

# F1 summed over each set's documents; floors 0.03 below the scores measured on branch pipeline:
# heldout   players .981, targets .915, collaborations .723, technologies .723, market 1.00
# heldout2  players .857, targets .773, collaborations .571, technologies .667, market .889
# heldout3  players .900, targets .829, collaborations .632, technologies .636, market .400
# heldout2 technologies measured .629 on branch tech (main .647): "develops technology to recover
# platinum group metals" is now a technology (technology_purpose; the real pages' gold counts such
# phrases), which heldout2's gold leaves out; floor .60.
FLOORS = {
    "heldout": {"players": 0.95, "targets": 0.88, "collaborations": 0.69, "technologies": 0.69, "market": 0.97},
    "heldout2": {"players": 0.82, "targets": 0.74, "collaborations": 0.54, "technologies": 0.60, "market": 0.85},
    "heldout3": {"players": 0.87, "targets": 0.79, "collaborations": 0.6, "technologies": 0.6, "market": 0.37},
}


@pytest.fixture(scope="module")
def heldout_predictions(extractor):
    """{set name: [(gold, prediction JSON)]}."""
    from spacekg.extract.reader import read_document
    out = {}
    for name in FLOORS:
        out[name] = []
        for path in sorted((TESTS / name).glob("*.gold.json")):
            gold = json.loads(path.read_text())
            pred = json.loads(json.dumps(extractor.extract(read_document(TESTS / name / gold["doc"])).to_json()))
            out[name].append((gold, pred))
    return out


def test_heldout_covers_new_styles(heldout_predictions):
    assert len(heldout_predictions["heldout"]) >= 8 and len(heldout_predictions["heldout2"]) >= 5
    assert len(heldout_predictions["heldout3"]) >= 6
    assert {Path(g["doc"]).suffix for g, _ in heldout_predictions["heldout"]} >= {".txt", ".md", ".html"}


@pytest.mark.parametrize("name", sorted(FLOORS))
@pytest.mark.parametrize("category", CATEGORIES)
def test_heldout_floor(heldout_predictions, name, category):
    s = Score()
    for gold, pred in heldout_predictions[name]:
        s = s + score(pred, gold)[category]
    assert s.f1 >= FLOORS[name][category], (name, category, s.to_json())
