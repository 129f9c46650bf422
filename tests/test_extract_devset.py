"""Extraction on the development set (tests/devset: reports, market pages, news, a press release,
an HTML page, Markdown and a PDF, with gold written before tuning) and on the bundled report,
scored with spacekg.evaluate. The floors are those the extractor must keep."""
import pytest

from spacekg.evaluate import CATEGORIES, Score, score

# Floors on the first twenty-two documents (counts summed over documents), 0.03 below the score measured
# on branch pipeline: players .984, targets .985, collaborations .894, technologies .917, market 1.00.
DEVSET_FLOORS = {"players": 0.95, "targets": 0.95, "collaborations": 0.86, "technologies": 0.88, "market": 0.97}
# The first eighteen documents (before the four added with branch extract2) keep what they reached.
ADDED_LATER = {"engineering-update-blog.md", "headline-roundup.txt", "member-directory.txt", "podcast-transcript.txt"}
# (technologies .94 -> .93 on branch recall: two facts their gold files omit are now found, "a
# Colorado maker of dilution refrigerators" and "fly on a CNSA lander"; the floors on all 22 rise)
# Measured on branch pipeline: players .995, targets .986, collaborations .943, technologies .938, market 1.00;
# floors 0.03 below.
FIRST_EIGHTEEN_FLOORS = {"players": 0.96, "targets": 0.95, "collaborations": 0.91, "technologies": 0.9, "market": 0.97}
# Eight documents added with branch recall (partnerships and technologies as news, press releases and
# analysts state them), gold written before the extractor ran on them; first run: collaborations .710,
# technologies .615.
ADDED_FOR_RECALL = {"wire-lunar-oxygen-pact.txt", "analyst-note-excavation.md",
                    "press-release-spectrometer-contract.txt", "venture-helium3-news.html", "asteroid-resources-landscape.txt", "regolith-brief-newsletter.md",
                    "agency-contract-awards.txt", "lunar-isru-developments.md"}
# Measured on branch pipeline: players .981, targets .914, collaborations .896, technologies .819, market 1.00;
# floors 0.03 below.
RECALL_FLOORS = {"players": 0.95, "targets": 0.88, "collaborations": 0.86, "technologies": 0.78, "market": 0.97}


def summed(devset_predictions) -> dict[str, Score]:
    out = {c: Score() for c in CATEGORIES}
    for gold, pred in devset_predictions:
        for c, s in score(pred, gold).items():
            out[c] = out[c] + s
    return out


def test_devset_covers_the_styles(devset_golds):
    formats = {path.suffix for _, path in devset_golds}
    assert len(devset_golds) >= 10
    assert {".txt", ".md", ".html", ".pdf"} <= formats


@pytest.mark.parametrize("category", CATEGORIES)
def test_devset_floor(devset_predictions, category):
    first = [(g, p) for g, p in devset_predictions if g["doc"] not in ADDED_FOR_RECALL]
    assert len(first) == 22
    s = summed(first)[category]
    assert s.f1 >= DEVSET_FLOORS[category], (category, s.to_json())


@pytest.mark.parametrize("category", CATEGORIES)
def test_partnership_and_technology_documents(devset_predictions, category):
    added = [(g, p) for g, p in devset_predictions if g["doc"] in ADDED_FOR_RECALL]
    assert len(added) == 8
    s = summed(added)[category]
    assert s.f1 >= RECALL_FLOORS[category], (category, s.to_json())


@pytest.mark.parametrize("category", CATEGORIES)
def test_first_eighteen_documents_do_not_drop(devset_predictions, category):
    first = [(g, p) for g, p in devset_predictions if g["doc"] not in ADDED_LATER | ADDED_FOR_RECALL]
    assert len(first) == 18
    s = summed(first)[category]
    assert s.f1 >= FIRST_EIGHTEEN_FLOORS[category], (category, s.to_json())


def test_devset_players_and_targets_per_document(devset_predictions):
    """No document falls far behind: every one keeps players and targets F1 >= 0.75."""
    for gold, pred in devset_predictions:
        result = score(pred, gold)
        assert result["players"].f1 >= 0.75, (gold["doc"], result["players"].to_json())
        assert result["targets"].f1 >= 0.75, (gold["doc"], result["targets"].to_json())


def test_bundled_report_floors(sample_extraction, seed_gold):
    result = score(sample_extraction.to_json(), seed_gold)
    assert result["players"].p >= 0.95 and result["players"].r >= 0.95, result["players"].to_json()
    assert result["targets"].f1 >= 0.9, result["targets"].to_json()
    assert result["collaborations"].f1 >= 0.8 and result["technologies"].f1 >= 0.8
    assert result["market"].f1 == 1.0


def test_evidence_slices_every_document_exactly(devset_extractions):
    """Every target, collaboration, technology and development carries its sentence and the
    offsets that slice Document.text to it, in every format."""
    checked = 0
    for gold, doc, ex in devset_extractions:
        facts = ex.targets + ex.collaborations + ex.technologies + ex.developments + ex.market
        for f in facts:
            ev = f.evidence
            assert ev is not None, (gold["doc"], f)
            assert doc.text[ev.start:ev.end] == ev.sentence, (gold["doc"], ev)
            checked += 1
    assert checked > 100


def test_json_evidence_offsets(devset_extractions):
    for gold, doc, ex in devset_extractions:
        data = ex.to_json()
        for item in data["targets"] + data["technologies"] + data["collaboration_evidence"]:
            assert doc.text[item["start"]:item["end"]] == item["evidence"]


def test_funders_people_and_publishers_are_not_credited(devset_predictions):
    by_doc = {gold["doc"]: pred for gold, pred in devset_predictions}
    news = by_doc["asteroid-miner-raises.txt"]
    names = {p["name"] for p in news["players"]}
    assert {"Ferrolith", "Halcyon Ventures", "Quarrystar"} <= names
    assert not {"Dana Whitlock", "Whitlock", "Priya Natarajan", "Seattle"} & names
    assert not [t for t in news["targets"] if t["player"] in ("Halcyon Ventures", "Northstar Capital Partners")]
    quarry = {(t.get("resource"), t.get("platform")) for t in news["targets"] if t["player"] == "Quarrystar"}
    assert ("Water/Ice", "Asteroids") in quarry
    pdf = by_doc["asteroid-mining-market-brief.pdf"]
    assert "Deep Horizon Analytics" not in {p["name"] for p in pdf["players"]}
