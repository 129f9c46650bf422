"""Extraction on the held-out set (tests/heldout: nine documents in styles the devset lacks, gold
written and committed before the extractor was run on them, never used for tuning). The floors
sit a little below what the extractor measured when they were set (see tests/heldout/README.md):
they guard against regressions on unseen styles, they are not targets to tune against."""
import json
from pathlib import Path

import pytest

from spacekg.evaluate import CATEGORIES, Score, score

HELDOUT = Path(__file__).parent / "heldout"

# Measured (P/R/F1 summed over the documents) when set; floors on F1 a little below.
HELDOUT_FLOORS = {"players": 0.82, "targets": 0.74, "collaborations": 0.5, "technologies": 0.48, "market": 0.8}


@pytest.fixture(scope="module")
def heldout_predictions(extractor):
    from spacekg.extract.reader import read_document
    out = []
    for path in sorted(HELDOUT.glob("*.gold.json")):
        gold = json.loads(path.read_text())
        pred = json.loads(json.dumps(extractor.extract(read_document(HELDOUT / gold["doc"])).to_json()))
        out.append((gold, pred))
    return out


def test_heldout_covers_new_styles(heldout_predictions):
    assert len(heldout_predictions) >= 8
    assert {Path(g["doc"]).suffix for g, _ in heldout_predictions} >= {".txt", ".md", ".html"}


@pytest.mark.parametrize("category", CATEGORIES)
def test_heldout_floor(heldout_predictions, category):
    s = Score()
    for gold, pred in heldout_predictions:
        s = s + score(pred, gold)[category]
    assert s.f1 >= HELDOUT_FLOORS[category], (category, s.to_json())
