"""One read interface (spacekg.graph.source.Source) for the local store and a remote endpoint."""
import pytest

import spacekg
from spacekg.errors import SpacekgError
from spacekg.graph.remote.endpoint import Endpoint
from spacekg.graph.source import Source, open_source
from spacekg.graph.store import Store


def test_store_and_endpoint_are_sources(tmp_path):
    store = Store.open(tmp_path / "store", create=True)
    assert isinstance(store, Source)
    assert isinstance(Endpoint("http://127.0.0.1:9/query"), Source)


def test_open_source_picks_one(tmp_path):
    Store.open(tmp_path / "store", create=True)
    assert isinstance(open_source(store=tmp_path / "store"), Store)
    assert isinstance(spacekg.open_source(endpoint="http://127.0.0.1:9/query"), Endpoint)
    with pytest.raises(SpacekgError, match="not both"):
        open_source(store=tmp_path / "store", endpoint="http://127.0.0.1:9/query")
