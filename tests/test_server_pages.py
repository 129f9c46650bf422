"""The analyst's workspace of `spacekg serve` (spacekg/server/pages.py) in headless Chromium.

Stores are built from facts written here (no spaCy): a small one with hostile document text
(`<script>`, quotes, a very long word) and a generated 100-report one. Every page opens, its links
resolve, no console error, it is usable at 1280x800 and at 390x844; the same content answers as
JSON. Screenshots go to $SPACEKG_SCREENSHOTS when set (to look at them), else to a temporary folder.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from handmade import store_of_facts
from spacekg.extract.facts import (Collaboration, Development, Evidence, Extraction, MarketFigure, Player, ReportInfo,
                                   Statement, Target, TechnologyUse)
from spacekg.graph import iri
from spacekg.graph.store import Store
from spacekg.queries.library import run_named
from spacekg.server.app import create_app
from spacekg.server.pages import label_columns
from test_server import InThread
from triplestores import Chromium

HOSTILE = 'Evil <script>window.__pwned=1</script> "Quoted" \'Co\''
LONG = "Hyper" + "x" * 90 + "word"
SIZES = [(1280, 800), (390, 844)]


def _ev(text: str, start: int = 0) -> Evidence:
    return Evidence(text, start, start + len(text), "test")


def _reports() -> list[Extraction]:
    one = Extraction(
        "one.txt", title='Lunar <b>Market</b> "Report"',
        players=[Player("Orbit Kiln", ["Orbit Kiln Inc."]), Player("Vesta Hauling"), Player(HOSTILE)],
        targets=[Target("Orbit Kiln", ["Water/Ice"], ["Moon"], _ev("Orbit Kiln plans to mine lunar ice.")),
                 Target(HOSTILE, ["Helium-3"], [], _ev(f"<script>window.__pwned=2</script> {HOSTILE} wants helium-3 {LONG}.", 40))],
        collaborations=[Collaboration(("Orbit Kiln", "Vesta Hauling"), _ev("Orbit Kiln and Vesta Hauling partner.", 90))],
        technologies=[TechnologyUse("Orbit Kiln", "regolith sintering", _ev("Orbit Kiln uses regolith sintering.", 130))],
        developments=[Development(["Orbit Kiln", "Vesta Hauling"], "Orbit Kiln and Vesta Hauling signed a partnership in 2029.",
                                  "2029", _ev("Orbit Kiln and Vesta Hauling signed a partnership in 2029.", 170),
                                  {"platform": ["Moon"]}),
                      Development(["Vesta Hauling"], "Vesta Hauling raised funding for a lander.", None,
                                  _ev("Vesta Hauling raised funding for a lander.", 230)),
                      Development([HOSTILE], f"{HOSTILE} launched a probe in 2027.", "2027",
                                  _ev(f"{HOSTILE} launched a probe in 2027.", 280))],
        market=[MarketFigure("market_size", 1.2e9, "USD", year=2025, evidence=_ev("The market was USD 1.2 billion in 2025.", 330)),
                MarketFigure("cagr", 21.5, "percent", from_year=2025, to_year=2031, forecast=True,
                             evidence=_ev("It will grow 21.5% a year to 2031.", 380))],
        regions=["China"],
        report=ReportInfo(title='Lunar <b>Market</b> "Report"', publisher="Acme <i>Research</i>", region="China",
                          study_period=(2024, 2031), questions=["Who leads <lunar> mining?"]),
        statements=[Statement("trend", "Demand for lunar water is rising.", "Trends",
                              _ev("Demand for lunar water is rising.", 420), {"resource_type": ["Water/Ice"]})])
    two = Extraction(
        "two.txt", title="Asteroid Outlook",
        players=[Player("Vesta Hauling"), Player("Ceres Drillworks")],
        targets=[Target("Vesta Hauling", ["Platinum Group Metals"], ["Asteroids"], _ev("Vesta Hauling eyes PGMs on asteroids.")),
                 Target("Ceres Drillworks", ["Water/Ice"], ["Asteroids"], _ev("Ceres Drillworks wants asteroid water.", 50))],
        collaborations=[Collaboration(("Vesta Hauling", "Ceres Drillworks"), _ev("Vesta Hauling teams up with Ceres Drillworks.", 100))],
        developments=[Development(["Ceres Drillworks"], "Ceres Drillworks won a contract in 2026.", "2026",
                                  _ev("Ceres Drillworks won a contract in 2026.", 150), {"resource_type": ["Water/Ice"]})],
        regions=["Japan"], report=ReportInfo(title="Asteroid Outlook", region="Japan"))
    return [one, two]


def _write(path: Path, extractions) -> Store:
    return store_of_facts(path, extractions)


BASED = "https://w3id.org/spacekg/id/graph/test-extra"          # facts another builder may add


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    import pyoxigraph as ox
    path = tmp_path_factory.mktemp("pages") / "store"
    _write(path, _reports())
    sm = "https://w3id.org/spacekg/ontology#"
    with Store.open(path).writer() as w:          # sm:basedIn and sm:generic: shown when present
        w.replace_graph(BASED, [
            ox.Quad(ox.NamedNode(iri.player("Vesta Hauling")), ox.NamedNode(sm + "basedIn"),
                    ox.NamedNode(iri.region("Japan")), ox.NamedNode(BASED)),
            ox.Quad(ox.NamedNode(iri.technology("regolith sintering")), ox.NamedNode(sm + "generic"),
                    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                    ox.NamedNode(BASED))])
    return Store.open(path)


@pytest.fixture(scope="module")
def site(store):
    with InThread(create_app(store)) as c:
        yield c


class Browser(Chromium):
    """Chromium that also records console errors, failed loads and CSP reports (Log domain)."""

    def __init__(self):
        super().__init__()
        self.send("Log.enable")

    def send(self, method: str, **params) -> dict:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            kind = message.get("method")
            if kind == "Runtime.exceptionThrown":
                self.console.append(json.dumps(message["params"]["exceptionDetails"])[:500])
            elif kind == "Runtime.consoleAPICalled" and message["params"].get("type") == "error":
                self.console.append(json.dumps(message["params"]["args"])[:500])
            elif kind == "Log.entryAdded" and message["params"]["entry"].get("level") == "error":
                entry = message["params"]["entry"]
                self.console.append((entry.get("text", "") + " " + entry.get("url", ""))[:500])
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def size(self, width: int, height: int) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)

    def open(self, url: str) -> None:
        self.evaluate("window.__opened = 0")
        self.send("Page.navigate", url=url)
        self.wait_until("window.__opened === undefined && document.readyState === 'complete'")


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    where = os.environ.get("SPACEKG_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


PAGES = ["/", "/entity/player/orbit-kiln", "/entity/player/vesta-hauling", "/entity/resource/water-ice",
         "/entity/platform/moon", "/entity/technology/regolith-sintering", "/entity/region/china", "/map",
         "/map?dimension=platform", "/timeline", "/timeline?year=2029", "/reports", "/reports/one.txt",
         "/market", "/market?year=2030", "/query/players-targeting", "/?named=players-targeting&player=smr:player/orbit-kiln",
         "/" + "entity/" + iri.player(HOSTILE)[len("https://w3id.org/spacekg/id/"):]]


def _links(browser) -> list[str]:
    return browser.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")


def _check_usable(browser, width: int) -> None:
    """Nothing wider than the screen: the page never scrolls sideways (wide tables scroll in their box)."""
    overflow = browser.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a {width}px screen"
    assert browser.evaluate("document.querySelector('main').getBoundingClientRect().width") > width * 0.8


@pytest.mark.parametrize("width, height", SIZES)
def test_every_page_opens_usable_with_no_console_error(site, browser, shots, width, height):
    browser.size(width, height)
    for page in PAGES:
        browser.console.clear()
        browser.open(site.base + page)
        if page.startswith("/?named="):
            browser.wait_until("document.querySelectorAll('#results tbody tr').length > 0")
        assert browser.evaluate("document.title").endswith("spacekg"), page
        _check_usable(browser, width)
        assert browser.evaluate("window.__pwned === undefined"), page
        assert not browser.console, (page, browser.console)
        name = (page.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-")[:60] or "front")
        (shots / f"{name}-{width}.png").write_bytes(browser.screenshot())


def test_every_link_on_every_page_resolves(site, browser):
    """A crawl from the front page: every same-site link answers 200 (entity pages, reports, cells...)."""
    browser.size(1280, 800)
    seen, queue, checked = set(), ["/"], 0
    while queue and checked < 400:
        page = queue.pop(0)
        if page in seen:
            continue
        seen.add(page)
        r = site.get(page, headers={"Accept": "text/html"})
        assert r.status_code == 200, (page, r.status_code, r.text[:200])
        checked += 1
        if not r.headers["content-type"].startswith("text/html") or page.startswith("/graph"):
            continue
        browser.open(site.base + page)
        for href in _links(browser):
            u = urlparse(href)
            if u.netloc != urlparse(site.base).netloc or u.path.startswith(("/sparql", "/static")):
                continue
            target = u.path + (f"?{u.query}" if u.query else "")
            if target not in seen:
                queue.append(target)
    assert checked > 30          # the crawl reached the entity pages, reports, cells and queries
    assert {"/entity/player/ceres-drillworks", "/reports/two.txt", "/entity/resource/platinum-group-metals"} <= seen


def test_hostile_text_shows_as_text_everywhere(site, browser):
    hostile_page = PAGES[-1]
    for page in [hostile_page, "/", "/reports/one.txt", "/reports", "/timeline", "/map",
                 "/query/players-targeting", "/entity/resource/helium-3"]:
        browser.open(site.base + page)
        text = browser.evaluate("document.body.innerText")
        assert browser.evaluate("window.__pwned === undefined"), page
        scripts = browser.evaluate("[...document.scripts].map(s => s.src || s.type)")
        assert all(s.endswith("/static/app.js") or s == "application/json" for s in scripts), (page, scripts)
        if page in (hostile_page, "/timeline", "/map", "/query/players-targeting", "/entity/resource/helium-3"):
            assert "<script>window.__pwned=1</script>" in text, page
    browser.open(site.base + "/reports/one.txt")
    assert 'Lunar <b>Market</b> "Report"' in browser.evaluate("document.querySelector('h1').textContent")
    assert "Acme <i>Research</i>" in browser.evaluate("document.body.innerText")
    browser.open(site.base + hostile_page)
    assert LONG in browser.evaluate("document.body.innerText")
    # the long word wraps: the page stays inside a phone's width
    browser.size(390, 844)
    browser.open(site.base + hostile_page)
    _check_usable(browser, 390)
    browser.size(1280, 800)


def test_entity_page_content_and_json_agree(site, store):
    html = site.get("/entity/player/orbit-kiln")
    assert html.headers["content-type"].startswith("text/html")
    data = site.get("/entity/player/orbit-kiln?format=json").json()
    assert site.get("/entity/player/orbit-kiln", headers={"Accept": "application/json"}).json() == data
    assert data["label"] == "Orbit Kiln" and data["aliases"] == ["Orbit Kiln Inc."] and data["kind"] == "player"
    assert data["reports"] == [{"source": "one.txt", "title": 'Lunar <b>Market</b> "Report"', "href": "/reports/one.txt"}]
    assert data["report_count"] == 1
    assert [(p["label"], p["reports"]) for p in data["partners"]] == [("Vesta Hauling", 1)]
    assert [p["sentence"] for p in data["partner_evidence"]] == ["Orbit Kiln and Vesta Hauling partner."]
    assert {(t["label"], t["kind"]) for t in data["targets"]} == {
        ("Water/Ice", "resource"), ("Moon", "platform"), ("Water/Ice on Moon", "resource on platform")}
    assert [[n["label"] for n in t["named"]] for t in data["target_evidence"]] == [["Moon", "Water/Ice"]]
    assert data["target_evidence"][0]["sentence"] == "Orbit Kiln plans to mine lunar ice."
    assert [t["label"] for t in data["technologies"]] == ["regolith sintering"]
    assert [t["sentence"] for t in data["technology_evidence"]] == ["Orbit Kiln uses regolith sintering."]
    assert [d["date"] for d in data["developments"]] == ["2029"]
    assert all(d["source"] == "one.txt" for d in data["developments"] + data["target_evidence"])
    # what the page shows is what the JSON says
    for text in ["Orbit Kiln Inc.", "Vesta Hauling", "regolith sintering", "Orbit Kiln plans to mine lunar ice."]:
        assert text in html.text
    # a target's sentences are one link away
    statements = site.get(next(t["statements"] for t in data["targets"] if t["label"] == "Water/Ice"),
                          headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert [b["sentence"]["value"] for b in statements] == ["Orbit Kiln plans to mine lunar ice."]
    water = site.get("/entity/resource/water-ice?format=json").json()
    assert {(p["label"], p["reports"]) for p in water["players"]} == {("Orbit Kiln", 1), ("Ceres Drillworks", 1)}
    assert [d["date"] for d in water["developments"]] == ["2026"]
    assert site.get("/entity/player/nobody").status_code == 404
    assert site.get("/reports/nothing.txt").status_code == 404


def test_query_results_negotiate_html_for_a_browser_and_data_otherwise(site, store):
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = site.get("/query/players-targeting?platform=smr:platform/moon", headers={"Accept": browser_accept})
    assert r.headers["content-type"].startswith("text/html")
    assert '<a href="/entity/player/orbit-kiln">Orbit Kiln</a>' in r.text
    assert "https://w3id.org/spacekg/id/player/orbit-kiln" not in r.text           # IRIs on demand
    shown = site.get("/query/players-targeting?platform=smr:platform/moon&iris=1", headers={"Accept": browser_accept})
    assert "smr:player/orbit-kiln" in shown.text
    assert 'class="prose"' in r.text                                               # the sentence column is wide
    for accept, media in [("application/sparql-results+json", "application/sparql-results+json"),
                          ("application/sparql-results+xml", "application/sparql-results+xml"),
                          ("text/csv", "text/csv"), (None, "application/sparql-results+json")]:
        got = site.get("/query/players-targeting", headers={"Accept": accept} if accept else {})
        assert got.headers["content-type"].startswith(media), accept
    assert site.get("/query/players-targeting?format=html", headers={"Accept": "*/*"}).headers[
        "content-type"].startswith("text/html")


def test_named_link_opens_the_editor_filled_in_and_runs(site, browser, store):
    browser.size(1280, 800)
    browser.open(site.base + "/?named=players-targeting&player=smr:player/orbit-kiln")
    assert browser.evaluate("document.getElementById('named').value") == "players-targeting"
    assert browser.evaluate("document.querySelector('#params input[name=player]').value") == "smr:player/orbit-kiln"
    browser.wait_until("document.querySelectorAll('#results tbody tr').length > 0")
    links = browser.evaluate("[...document.querySelectorAll('#results tbody a')].map(a => [a.textContent, a.getAttribute('href')])")
    assert ["Orbit Kiln", "/entity/player/orbit-kiln"] in links
    headers = browser.evaluate("[...document.querySelectorAll('#results th')].map(th => th.textContent)")
    assert "player" not in headers and "name" in headers
    browser.evaluate("document.getElementById('show-iris').click()")
    headers = browser.evaluate("[...document.querySelectorAll('#results th')].map(th => th.textContent)")
    assert "player" in headers
    expected = run_named(store, "players-targeting", player="smr:player/orbit-kiln").records()
    assert browser.evaluate("document.querySelectorAll('#results tbody tr').length") == len(expected)
    assert not browser.console, browser.console


def test_map_cells_link_to_the_statements_behind_them(site):
    data = site.get("/map?dimension=resource&format=json").json()
    cells = [(row["player"], c) for row in data["rows"] for c in row["cells"] if c["count"]]
    assert cells
    for player, cell in cells:
        statements = site.get(cell["href"], headers={"Accept": "application/sparql-results+json"}).json()
        assert len({b["statement"]["value"] for b in statements["results"]["bindings"]}) == cell["count"], (player, cell)
    assert site.get("/map?dimension=colour").status_code == 400


def test_timeline_in_time_order_undated_last_and_filtered(site):
    data = site.get("/timeline?format=json").json()
    whens = [e["when"] for e in data["entries"]]
    dated = [w for w in whens if w]
    assert dated == sorted(dated) and whens[len(dated):] == [None] * (len(whens) - len(dated)) and None in whens
    assert {e["kind"] for e in data["entries"]} >= {"Development"}
    year = site.get("/timeline?year=2029&format=json").json()
    assert [e["when"] for e in year["entries"]] == ["2029"]
    japan = site.get("/timeline?region=region/japan&format=json").json()
    assert [e["what"] for e in japan["entries"]] == ["Ceres Drillworks won a contract in 2026."]
    vesta = site.get("/timeline?player=player/vesta-hauling&format=json").json()
    assert {e["what"] for e in vesta["entries"]} == {"Orbit Kiln and Vesta Hauling signed a partnership in 2029.",
                                                     "Vesta Hauling raised funding for a lander."}
    assert site.get("/timeline?year=20x9").status_code == 400


def test_reports_and_a_report_card(site):
    listing = site.get("/reports?format=json").json()["reports"]
    assert [r["source"] for r in listing] == ["one.txt", "two.txt"]
    one = site.get("/reports/one.txt?format=json").json()
    assert one["publisher"] == "Acme <i>Research</i>" and one["region"] == "China" and one["period"] == "2024–2031"
    assert one["questions"] == ["Who leads <lunar> mining?"]
    trend = one["statements"][0]
    assert trend["kind"] == "Trend" and trend["entries"][0]["about"][0]["href"] == "/entity/resource/water-ice"
    assert {p["label"] for p in one["players"]} == {"Orbit Kiln", "Vesta Hauling", HOSTILE}


def test_front_page_counts_and_lists(site):
    data = site.get("/?format=json").json()
    assert data["counts"]["reports"] == 2 and data["counts"]["players"] == 4 and data["counts"]["regions"] == 2
    # Orbit Kiln: a partner, two targets, a technology; Vesta Hauling: two partners, two targets (ties by name)
    assert [(p["name"], p["connections"]) for p in data["players"][:2]] == [("Orbit Kiln", 4), ("Vesta Hauling", 4)]
    assert [d["when"] for d in data["latest"]] == ["2029", "2027", "2026"]
    assert {f["what"] for f in data["figures"]} == {"Market size USD 1.20 bn", "CAGR 21.5%"}


def test_label_columns_pair_iris_with_their_labels():
    rows = [{"player": "https://w3id.org/spacekg/id/player/a", "name": "A", "partner": "https://w3id.org/spacekg/id/player/b",
             "partnerName": "B", "source": "x.txt"}]
    assert label_columns(["player", "name", "partner", "partnerName", "source"], rows) == \
        {"player": "name", "partner": "partnerName"}


# ---------------------------------------------------------------- a generated 100-report store

@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from synthetic import synthetic_extractions
    store = _write(tmp_path_factory.mktemp("pages100") / "store", list(synthetic_extractions(100)))
    with InThread(create_app(store)) as c:
        yield c


def test_a_100_report_store_every_page_in_chromium(big_site, browser, shots):
    front = big_site.get("/?format=json").json()
    assert front["counts"]["reports"] == 100
    player = front["players"][0]
    resource = "/entity/resource/water-ice"
    pages = ["/", player["href"], resource, "/entity/platform/moon", "/map", "/map?dimension=platform",
             "/timeline", "/timeline?page=2", "/reports", "/reports/synthetic-000007.txt", "/market",
             "/query/targets-by-reports"]
    for width, height in SIZES:
        browser.size(width, height)
        for page in pages:
            browser.console.clear()
            browser.open(big_site.base + page)
            _check_usable(browser, width)
            assert not browser.console, (page, browser.console)
            links = [h for h in _links(browser) if h.startswith(big_site.base) and "/sparql" not in h]
            for href in links[:: max(1, len(links) // 25)]:             # a sample of 25 links per page
                assert big_site.get(href[len(big_site.base):]).status_code == 200, (page, href)
            if width == 1280 and page in ("/", "/map"):
                (shots / f"big{page.replace('/', '_')}-{width}.png").write_bytes(browser.screenshot())
    browser.size(1280, 800)


def test_a_long_answer_shows_in_pages_of_rows_with_links_to_the_rest(big_site):
    import re as regex

    from spacekg.server.pages import RESULT_ROWS
    every = big_site.get("/query/players-targeting?format=json").json()["results"]["bindings"]
    assert len(every) > RESULT_ROWS                    # long enough for two pages at least
    claims, page, link = [], 1, "/query/players-targeting?format=html&iris=1"
    while link:
        r = big_site.get(link)
        assert r.status_code == 200
        rows = r.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")
        assert rows == min(RESULT_ROWS, len(every) - (page - 1) * RESULT_ROWS)
        assert f"{len(every):,} rows" in r.text
        claims += regex.findall(r'>smr:(claim/[^<]+)<', r.text)
        more = regex.search(r'<a href="([^"]+)" rel="next">([\d,]+) more rows', r.text)
        if more:
            assert int(more.group(2).replace(",", "")) == len(every) - page * RESULT_ROWS
            link, page = "/query/players-targeting" + more.group(1).replace("&amp;", "&"), page + 1
        else:
            link = None
    assert page == -(-len(every) // RESULT_ROWS)
    assert sorted(claims) == sorted(b["claim"]["value"].rsplit("/id/", 1)[1] for b in every)   # each row once
    assert big_site.get("/query/players-targeting?format=html&page=x").status_code == 400


def test_the_whole_store_picture_is_bounded_on_a_large_store(site, big_site):
    from spacekg.server.pages import OVERVIEW_NODES

    def data(page):
        return json.loads(page.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    small = data(site.get("/graph").text)                         # a small store: every node
    assert {n["label"] for n in small["nodes"]} >= {"Orbit Kiln", "Vesta Hauling", "Ceres Drillworks", "Moon"}
    page = big_site.get("/graph").text
    big = data(page)
    assert len(big["nodes"]) == OVERVIEW_NODES
    assert f"the {OVERVIEW_NODES} best connected of" in page
    labels = {n["label"] for n in big["nodes"]}
    assert {"Moon", "Mars", "Asteroids"} <= labels                # the best connected are in


def test_graph_frame_is_framed_on_the_entity_and_kept_small(site):
    import networkx as nx

    from spacekg.server.pages import NEIGHBOURS, neighbourhood
    page = site.get("/graph/entity/player/orbit-kiln").text
    data = json.loads(page.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert data["nodes"][data["focus"]]["id"] == iri.player("Orbit Kiln")
    assert {n["label"] for n in data["nodes"]} >= {"Orbit Kiln", "Vesta Hauling", "regolith sintering"}
    star = nx.Graph()
    for i in range(150):
        star.add_edge("hub", f"n{i:03d}", weight=1 + (i % 7), evidence=[{"sentence": str(k)} for k in range(20)])
    part = neighbourhood(star, "hub")
    assert part.number_of_nodes() == NEIGHBOURS + 1
    kept = sorted(part.edges["hub", n]["weight"] for n in part.neighbors("hub"))
    dropped = sorted(star.edges["hub", n]["weight"] for n in star.neighbors("hub") if n not in part)
    assert kept[0] >= dropped[-1]                              # the best evidenced neighbours stay
    assert all(len(d["evidence"]) <= 5 for _, _, d in part.edges(data=True))
    assert all(len(d["evidence"]) == 20 for _, _, d in star.edges(data=True))      # the cached graph untouched
    assert site.get("/graph/entity/player/nobody").status_code == 404


def test_based_in_and_generic_show_when_present(site):
    vesta = site.get("/entity/player/vesta-hauling?format=json").json()
    assert vesta["based_in"] == [{"iri": iri.region("Japan"), "label": "Japan", "href": "/entity/region/japan"}]
    assert "Based in" in site.get("/entity/player/vesta-hauling").text
    assert site.get("/entity/technology/regolith-sintering?format=json").json()["generic"] is True
    assert site.get("/entity/player/orbit-kiln?format=json").json()["based_in"] == []


def test_query_parameters_take_plain_names(site):
    """`/query/NAME?platform=Moon` resolves the name as `ask` does; a name that matches nothing is a 400."""
    data = "application/sparql-results+json"
    by_name = site.get("/query/players-targeting?platform=Moon", headers={"Accept": data})
    by_iri = site.get("/query/players-targeting?platform=smr:platform/moon", headers={"Accept": data})
    assert by_name.status_code == 200 and by_name.json() == by_iri.json()
    assert "orbit-kiln" in by_name.text
    missing = site.get("/query/players-targeting?platform=Atlantis", headers={"Accept": data})
    assert missing.status_code == 400 and "Atlantis" in missing.text


def test_market_page_compares_and_checks(site):
    """/market: each publisher's estimate in a common year, the spread, and the consistency check."""
    page = site.get("/market?year=2030").text
    assert "Market estimates in 2030" in page and "Consistency" in page
    data = site.get("/market?year=2030", headers={"Accept": "application/json"}).json()
    assert data["year"] == 2030 and data["markets"]
    projected = data["markets"][0]["estimates"][0]
    assert projected["value"].startswith("USD ") and "21.5" in projected["how"]     # 1.2 bn in 2025 at 21.5%
    assert site.get("/market?year=20x0").status_code == 400


# ---------------------------------------------------------------- the map's unnamed counterparties, the warm-up

@pytest.fixture(scope="module")
def geo_site(tmp_path_factory):
    from geo_facts import geography_extraction
    from spacekg.extract.facts import Player, Target
    ex = geography_extraction()
    ex.players.append(Player("prospectors in Chile", kind="generic", based_in=["Chile"], generic=True))
    ex.targets.append(Target("prospectors in Chile", ["Regolith"], ["Moon"]))
    store = _write(tmp_path_factory.mktemp("geo-pages") / "store", [ex])
    with InThread(create_app(store)) as c:
        c.store = store
        yield c


def test_map_lists_unnamed_counterparties_beside_it_as_the_cli_does(geo_site, browser, shots):
    from spacekg.queries.competitive_map import competitive_map
    data = geo_site.get("/map?dimension=platform&format=json").json()
    assert data["unnamed"] == [{"name": "consortium in Brazil (unnamed)",
                                "concepts": [{"label": "Asteroids", "count": 1, "href": "/entity/platform/asteroids"}]},
                               {"name": "prospectors in Chile (unnamed)",
                                "concepts": [{"label": "Moon", "count": 1, "href": "/entity/platform/moon"}]}]
    rows = [r["player"] for r in data["rows"]]
    assert rows and not any("Chile" in p or "Brazil" in p for p in rows)       # never rows
    cli = {m.dimension: m for m in competitive_map(geo_site.store)}["platform"]
    assert rows == cli.players and [c["label"] for c in data["columns"]] == cli.concepts
    assert geo_site.get("/map?dimension=resource&format=json").json()["unnamed"] == [
        {"name": "prospectors in Chile (unnamed)",
         "concepts": [{"label": "Regolith", "count": 1, "href": "/entity/resource/regolith"}]}]
    browser.size(1280, 800)
    browser.console.clear()
    browser.open(geo_site.base + "/map?dimension=platform")
    note = browser.evaluate("document.querySelector('#unnamed').innerText")
    assert "Unnamed counterparties" in note and "consortium in Brazil (unnamed): Asteroids 1" in note
    assert not browser.console, browser.console
    (shots / "map-unnamed-1280.png").write_bytes(browser.screenshot())


def test_the_warm_up_computes_the_whole_store_pages_and_again_after_a_build(tmp_path):
    """At start, and when a new build lands, what reads the whole store is computed before anyone asks."""
    import time
    store = _write(tmp_path / "store", _reports())
    app = create_app(store)
    pages = app.state.pages
    with InThread(app) as c:
        deadline = time.monotonic() + 60
        while pages.warmed is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pages.warmed is not None
        first = pages.warmed[0]
        assert {name for name, _ in pages.warmed[1]} >= {"front", "timeline", "reports", "map resource", "network"}
        for key in [("front",), ("timeline",), ("reports",), ("map", "resource"), ("network",)]:
            assert pages.cache.holds(store, key), key
        assert c.get("/?format=json").json()["counts"]["reports"] == 2
        with Store.open(tmp_path / "store").writer() as w:          # a new build: one report less
            w.remove_graph(iri.report("two.txt"))
        while (pages.warmed[0] == first) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pages.warmed[0] != first
        assert pages.cache.holds(Store.open(tmp_path / "store"), ("front",))
        assert c.get("/?format=json").json()["counts"]["reports"] == 1


def test_the_cache_computes_an_answer_once_and_a_request_never_waits_for_the_warm_up():
    import threading
    import time

    from spacekg.server import pages as P
    store, cache, calls = Store.in_memory(), P.SnapshotCache(), []
    started, release = threading.Event(), threading.Event()

    def slow(tag):
        def compute():
            calls.append(tag)
            started.set()
            release.wait(10)
            return tag
        return compute
    first = threading.Thread(target=cache.get, args=(store, ("a",), slow("first")))
    first.start()
    assert started.wait(10)
    got = []
    second = threading.Thread(target=lambda: got.append(cache.get(store, ("a",), lambda: calls.append("again"))))
    second.start()
    time.sleep(0.2)
    assert got == []                                   # a second request waits for the first ...
    release.set()
    first.join(10)
    second.join(10)
    assert got == ["first"] and calls == ["first"]      # ... and nothing is computed twice

    started.clear()
    release.clear()

    def warm_up():
        P._background.on = True                        # as in the warm-up's thread
        cache.get(store, ("b",), slow("warm-up"))
    behind = threading.Thread(target=warm_up)
    behind.start()
    assert started.wait(10)
    assert cache.get(store, ("b",), lambda: "request") == "request"     # not kept waiting
    release.set()
    behind.join(10)
    assert cache.get(store, ("b",), lambda: "later") == "request"       # the first answer stays
