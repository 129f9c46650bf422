"""Shared fixtures: the spaCy pipeline loads once per test session, the sample store builds once."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
GOLD = TESTS / "gold"
DEVSET = TESTS / "devset"


@pytest.fixture(scope="session")
def nlp():
    from spacekg.extract.pipeline import load_nlp
    return load_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):
    from spacekg.extract.extractor import Extractor
    return Extractor(nlp)


@pytest.fixture(scope="session")
def sample_path():
    from spacekg.corpus import sample_report
    return sample_report()


@pytest.fixture(scope="session")
def sample_document(sample_path):
    from spacekg.extract.reader import read_document
    return read_document(sample_path)


@pytest.fixture(scope="session")
def sample_extraction(extractor, sample_document):
    return extractor.extract(sample_document)


@pytest.fixture(scope="session")
def seed_gold():
    return json.loads((GOLD / "seed.json").read_text())


@pytest.fixture(scope="session")
def devset_golds():
    """The development set's gold files: (gold dict, path of its document)."""
    out = []
    for path in sorted(DEVSET.glob("*.gold.json")):
        gold = json.loads(path.read_text())
        out.append((gold, DEVSET / gold["doc"]))
    return out


@pytest.fixture(scope="session")
def devset_extractions(extractor, devset_golds):
    """Each devset document read and extracted once: (gold, Document, Extraction)."""
    from spacekg.extract.reader import read_document
    out = []
    for gold, path in devset_golds:
        doc = read_document(path)
        out.append((gold, doc, extractor.extract(doc)))
    return out


@pytest.fixture(scope="session")
def devset_predictions(devset_extractions):
    """(gold, extraction JSON as a round trip through json would give it)."""
    return [(gold, json.loads(json.dumps(ex.to_json()))) for gold, _, ex in devset_extractions]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, nlp):
    """A store built from the bundled report; tests must not write to it."""
    from spacekg.corpus import build
    from spacekg.graph.store import Store
    path = tmp_path_factory.mktemp("sample") / "store"
    build(None, Store.open(path, create=True))
    return Store.open(path)


@pytest.fixture
def runner():
    from click.testing import CliRunner
    return CliRunner()


INVENTED_REPORTS = ("nordic-space-mining.txt", "andean-space-resources.md")


@pytest.fixture(scope="session")
def report_store(tmp_path_factory, nlp):
    """A store of two small invented reports (tests/reports); tests must not write to it."""
    from spacekg.corpus import build
    from spacekg.graph.store import Store
    path = tmp_path_factory.mktemp("reports") / "store"
    report = build([TESTS / "reports" / name for name in INVENTED_REPORTS], Store.open(path, create=True))
    assert sorted(report.documents) == sorted(INVENTED_REPORTS)
    return Store.open(path)


@pytest.fixture(scope="session", autouse=True)
def canary():
    """A loopback HTTP server that must never receive a request during the whole test session
    (tests aim smuggled SERVICE and FROM at it): a request there is a query that left the store."""
    from canary import Canary
    server = Canary()
    yield server
    server.stop()
    assert not server.requests, f"the canary server received requests: {server.requests[:5]}"
