"""Pictures and exports (spacekg.viz): the HTML page in real headless Chromium, PNG/SVG, GraphML,
GEXF, DOT, and the `spacekg viz` command."""
from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import tempfile

import networkx as nx
import numpy as np
import pytest
from matplotlib import image as mpimg

from network_data import market_store
from spacekg.cli import cli
from spacekg.errors import VizError
from spacekg.queries import network
from spacekg.graph.namespaces import SMR
from spacekg.viz import format_of, write
from spacekg.viz.export import _q, dot_text
from spacekg.viz.html import render, script_json
from spacekg.viz.static import HEIGHT, WIDTH
from triplestores import Chromium, require

HOSTILE = ['</script><script>document.title="pwned";window.pwned=1</script>',
           '<img src=x onerror="document.body.dataset.pwned=1">',
           'Quote "Mining" & \'Sons\' <b>Ltd</b>',
           '{{DATA}} \u2028 line separator']


def chromium_run(url: str, *flags: str) -> subprocess.CompletedProcess:
    """One headless Chromium run with a new empty profile; console messages go to stderr."""
    program = require("chromium", "apt-get install chromium")
    one_shot = [f for f in Chromium.FLAGS if not f.startswith("--remote-debugging")]
    with tempfile.TemporaryDirectory(prefix="spacekg-chromium-") as profile:
        return subprocess.run([program, *one_shot, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                               *flags, url], capture_output=True, text=True, timeout=120)


def dump_dom(url: str) -> tuple[str, str]:
    """The DOM after the page's scripts ran (--dump-dom), and Chromium's log."""
    done = chromium_run(url, "--dump-dom")
    return done.stdout, done.stderr


@pytest.fixture
def browser():
    b = Chromium()
    yield b
    b.close()


def open_page(b: Chromium, url: str) -> None:
    b.send("Page.navigate", url=url)
    b.wait_until("document.readyState === 'complete' && document.body.dataset.ready === '1'")


def mouse(b: Chromium, kind: str, x: float, y: float, **extra) -> None:
    b.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)


def click_at(b: Chromium, x: float, y: float) -> None:
    mouse(b, "mouseMoved", x, y)
    mouse(b, "mousePressed", x, y, button="left", buttons=1, clickCount=1)
    mouse(b, "mouseReleased", x, y, button="left", buttons=0, clickCount=1)


def drag(b: Chromium, x0: float, y0: float, x1: float, y1: float, steps: int = 5) -> None:
    mouse(b, "mouseMoved", x0, y0)
    mouse(b, "mousePressed", x0, y0, button="left", buttons=1, clickCount=1)
    for i in range(1, steps + 1):
        mouse(b, "mouseMoved", x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, button="left", buttons=1)
    mouse(b, "mouseReleased", x1, y1, button="left", buttons=0, clickCount=1)


@pytest.fixture(scope="module")
def market_view():
    """About a hundred nodes of an invented market."""
    g = network.view(network.project(market_store(70)))
    assert 80 <= g.number_of_nodes() <= 130
    return g


@pytest.fixture(scope="module")
def hostile_view():
    names = HOSTILE + ["Plain Name Mining"]
    return network.view(network.project(market_store(12, seed=3, player_names=names)))


# A point of the canvas with no node or panel near it, to drag the background.
EMPTY_SPOT = """(() => {
  const ids = %s, canvas = document.getElementById('graph');
  for (let y = canvas.clientHeight - 40; y > 40; y -= 20)
    for (let x = canvas.clientWidth - 40; x > 300; x -= 20) {
      if (document.elementFromPoint(x, y) !== canvas) continue;
      if (ids.every((id) => { const p = spacekgView.position(id); return Math.hypot(p[0] - x, p[1] - y) > 30; }))
        return [x, y];
    }
  return null;
})()"""


def page_file(tmp_path, graph, name="graph.html", **kw):
    path = tmp_path / name
    write(graph, path, **kw)
    return path


def distinct_colours(png_path) -> int:
    pixels = mpimg.imread(str(png_path))
    rgb = (pixels[..., :3] * 255).round().astype(np.uint8).reshape(-1, 3)
    return len(np.unique(rgb, axis=0))


# ---------------------------------------------------------------- the page in Chromium

def test_page_draws_every_node_and_is_not_blank(tmp_path, market_view):
    page = page_file(tmp_path, market_view, title="Invented market")
    dom, log = dump_dom(page.as_uri())
    drawn = re.search(r'data-drawn-nodes="(\d+)"', dom)
    assert drawn, dom[:2000]
    assert int(drawn.group(1)) == market_view.number_of_nodes()
    assert int(re.search(r'data-drawn-edges="(\d+)"', dom).group(1)) == market_view.number_of_edges()
    assert "Uncaught" not in log
    shot = tmp_path / "shot.png"
    done = chromium_run(page.as_uri(), f"--screenshot={shot}")
    assert shot.exists(), done.stderr[-2000:]
    pixels = mpimg.imread(str(shot))
    assert pixels.shape[:2] == (1000, 1300)                      # Chromium.FLAGS' --window-size
    assert distinct_colours(shot) > 200            # nodes, clusters, text: far from a blank page


def test_sample_page_draws_every_node(tmp_path, sample_store):
    graph = network.view(network.project(sample_store))
    dom, _ = dump_dom(page_file(tmp_path, graph).as_uri())
    assert int(re.search(r'data-drawn-nodes="(\d+)"', dom).group(1)) == graph.number_of_nodes()


def test_page_interaction_hover_click_drag_zoom_search(browser, tmp_path, sample_store):
    graph = network.view(network.project(sample_store))
    page = page_file(tmp_path, graph)
    nasa = SMR + "player/nasa"
    b = browser
    open_page(b, page.as_uri())
    assert b.evaluate("spacekgView.drawnNodes()") == graph.number_of_nodes()
    x, y = b.evaluate(f"spacekgView.position({json.dumps(nasa)})")
    mouse(b, "mouseMoved", x, y)
    assert b.evaluate("document.getElementById('tooltip').hidden") is False
    assert b.evaluate("document.getElementById('tooltip').textContent") == "NASAPlayer"

    click_at(b, x, y)
    assert b.evaluate("spacekgView.selected()") == nasa
    assert b.evaluate("document.getElementById('details').hidden") is False
    assert b.evaluate("document.getElementById('d-label').textContent") == "NASA"
    assert b.evaluate("document.getElementById('d-type').textContent").startswith("Player (agency)")
    evidence = b.evaluate("[...document.querySelectorAll('#d-evidence li')].map(li => li.textContent)")
    sentences = {e["sentence"] for _, _, data in graph.edges(nasa, data=True) for e in data["evidence"]}
    assert sentences and all(any(s in item for item in evidence) for s in sentences)

    b.click("#close")                                              # the panel may cover the node
    assert b.evaluate("document.getElementById('details').hidden") is True
    assert b.evaluate(f"document.elementFromPoint({x}, {y}).id") == "graph"
    drag(b, x, y, x + 80, y + 40)                                  # drag the node
    nx_, ny_ = b.evaluate(f"spacekgView.position({json.dumps(nasa)})")
    assert abs(nx_ - (x + 80)) < 2 and abs(ny_ - (y + 40)) < 2

    scale = b.evaluate("spacekgView.scale()")                       # zoom with the wheel
    mouse(b, "mouseWheel", 700, 400, deltaX=0, deltaY=-400)
    assert b.evaluate("spacekgView.scale()") > scale * 1.5

    before = b.evaluate(f"spacekgView.position({json.dumps(nasa)})")    # pan by dragging the background
    px, py = b.evaluate(EMPTY_SPOT % json.dumps(list(graph.nodes)))
    drag(b, px, py, px - 50, py - 30)
    after = b.evaluate(f"spacekgView.position({json.dumps(nasa)})")
    assert abs(after[0] - before[0] + 50) < 2 and abs(after[1] - before[1] + 30) < 2

    b.type_into("#search", "moon express, inc.")                       # an alias finds the player
    b.send("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    assert b.evaluate("spacekgView.selected()") == SMR + "player/moon-express"

    players = sum(1 for _, t in graph.nodes(data="type") if t == "player")
    b.click("#legend li:first-child")                                  # hide the players
    assert b.evaluate("document.querySelector('#legend li:first-child').textContent").startswith("Player")
    assert b.evaluate("spacekgView.drawnNodes()") == graph.number_of_nodes() - players
    assert b.evaluate("document.querySelectorAll('#clusters li').length") >= 2
    assert b.console == []
    # Nothing but the page itself was loaded: no script, font, style or image from anywhere.
    assert b.evaluate("performance.getEntriesByType('resource').length") == 0


def test_hostile_labels_are_shown_as_text_and_never_run(browser, tmp_path, hostile_view):
    page = page_file(tmp_path, hostile_view, title='<script>window.pwned=2</script> "report"')
    text = page.read_text()
    assert '</script><script>document.title' not in text and "<img src=x" not in text
    assert text.count("</script>") == 2                              # the data block and the page's code
    assert "<title>&lt;script&gt;window.pwned=2&lt;/script&gt; &quot;report&quot;</title>" in text
    b = browser
    open_page(b, page.as_uri())
    assert b.evaluate("typeof window.pwned") == "undefined"
    assert b.evaluate("document.body.dataset.pwned") is None
    assert b.evaluate("document.title") == '<script>window.pwned=2</script> "report"'
    assert b.evaluate("document.querySelectorAll('img, b').length") == 0
    assert b.evaluate("document.scripts.length") == 2
    values = b.evaluate("[...document.querySelectorAll('#names option')].map(o => o.value)")
    for label in HOSTILE:
        assert " ".join(label.split()) in [" ".join(v.split()) for v in values]
    iri = next(n for n, label in hostile_view.nodes(data="label") if label == HOSTILE[0])
    b.evaluate(f"spacekgView.select({json.dumps(iri)})")
    assert b.evaluate("document.getElementById('d-label').textContent") == HOSTILE[0]
    assert HOSTILE[0] in b.evaluate("document.getElementById('d-evidence').textContent")
    assert b.evaluate("typeof window.pwned") == "undefined"
    assert b.evaluate("document.querySelectorAll('img').length") == 0
    assert b.console == []


def test_empty_graph_page(tmp_path):
    dom, log = dump_dom(page_file(tmp_path, nx.Graph()).as_uri())
    assert 'data-drawn-nodes="0"' in dom and "the graph is empty" in dom
    assert "Uncaught" not in log


def test_script_json_escapes_markup():
    text = script_json({"label": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"label": "</script><!-- & \u2028"}


def test_page_is_self_contained(market_view):
    page = render(market_view)
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page                              # the page forbids fetching itself


def test_page_focus_is_selected(tmp_path, market_view):
    graph = network.view(network.project(market_store(70)), focus="Moon", depth=1)
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', render(graph),
                                re.S).group(1))
    assert data["nodes"][data["focus"]]["label"] == "Moon"


# ---------------------------------------------------------------- PNG / SVG

def test_png_has_the_expected_size_and_content(tmp_path, market_view):
    out = page_file(tmp_path, market_view, "graph.png", title="Invented market")
    pixels = mpimg.imread(str(out))
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    assert distinct_colours(out) > 100


def test_static_pictures_are_repeatable(tmp_path, market_view):
    for ext in ("png", "svg"):
        a = page_file(tmp_path, market_view, f"a.{ext}")
        b = page_file(tmp_path, market_view, f"b.{ext}")
        assert a.read_bytes() == b.read_bytes(), ext


def test_svg_escapes_labels(tmp_path, hostile_view):
    svg = page_file(tmp_path, hostile_view, "hostile.svg").read_text()
    assert "<script" not in svg and "<img" not in svg
    assert svg.startswith("<?xml")


def test_empty_graph_png(tmp_path):
    out = page_file(tmp_path, nx.Graph(), "empty.png")
    assert mpimg.imread(str(out)).shape[:2] == (HEIGHT, WIDTH)


# ---------------------------------------------------------------- GraphML / GEXF / DOT

def test_graphml_loads_back_with_the_same_nodes_and_edges(tmp_path, market_view):
    back = nx.read_graphml(page_file(tmp_path, market_view, "graph.graphml"))
    assert set(back.nodes) == set(market_view.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in market_view.edges}
    for n, d in market_view.nodes(data=True):
        assert back.nodes[n]["label"] == d["label"] and back.nodes[n]["type"] == d["type"]
        assert back.nodes[n]["community"] == d["community"]
    a, b = next(iter(market_view.edges))
    assert back.edges[a, b]["relation"] == market_view.edges[a, b]["relation"]
    assert back.edges[a, b]["evidence"] == "\n".join(e["sentence"] for e in market_view.edges[a, b]["evidence"])


def test_gexf_loads_back_with_communities_and_colours(tmp_path, hostile_view):
    back = nx.read_gexf(page_file(tmp_path, hostile_view, "graph.gexf"))
    assert set(back.nodes) == set(hostile_view.nodes)
    assert back.number_of_edges() == hostile_view.number_of_edges()
    for n, d in hostile_view.nodes(data=True):
        assert back.nodes[n]["label"] == d["label"]
        assert int(back.nodes[n]["community"]) == d["community"]
        assert set(back.nodes[n]["viz"]["color"]) >= {"r", "g", "b"}


def test_dot_quotes_every_string(hostile_view):
    assert _q('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    text = dot_text(hostile_view)
    assert text.startswith("graph spacekg {") and text.rstrip().endswith("}")
    assert text.count("subgraph cluster_") == hostile_view.graph["communities"]
    for line in text.splitlines():                       # quotes balance once escapes are removed
        assert line.replace('\\\\', "").replace('\\"', "").count('"') % 2 == 0, line
    assert text.count(" -- ") == hostile_view.number_of_edges()


def test_format_comes_from_the_extension(tmp_path):
    assert format_of("a.HTML") == "html" and format_of("x/y.gexf") == "gexf" and format_of("p.htm") == "html"
    with pytest.raises(VizError, match=r"\.html, \.png, \.svg, \.graphml, \.gexf, \.dot"):
        format_of("graph.jpg")


def test_failed_write_leaves_nothing(tmp_path, market_view):
    target = tmp_path / "missing-dir" / "graph.html"
    with pytest.raises(VizError, match="cannot write"):
        write(market_view, target)
    assert not target.parent.exists()


# ---------------------------------------------------------------- the command

def test_viz_command_writes_each_format(runner, tmp_path, sample_store):
    store = str(sample_store.path)
    for ext in ("html", "png", "svg", "graphml", "gexf", "dot"):
        out = tmp_path / f"market.{ext}"
        r = runner.invoke(cli, ["viz", "--store", store, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 0
        assert re.match(rf"wrote {ext}: \d+ nodes, \d+ edges, \d+ clusters to ", r.stderr)
    back = nx.read_graphml(tmp_path / "market.graphml")
    assert back.number_of_nodes() == network.view(network.project(sample_store)).number_of_nodes()


def test_viz_command_focus_types_and_min_degree(runner, tmp_path, sample_store):
    store, out = str(sample_store.path), tmp_path / "moon.graphml"
    r = runner.invoke(cli, ["viz", "--store", store, "-o", str(out), "--focus", "moon", "--depth", "1",
                            "--types", "player,platform"])
    assert r.exit_code == 0, r.output
    back = nx.read_graphml(out)
    moon = SMR + "platform/moon"
    assert moon in back
    assert {d["type"] for _, d in back.nodes(data=True)} <= {"player", "platform"}
    assert all(back.has_edge(moon, n) for n in back if n != moon)
    r = runner.invoke(cli, ["viz", "--store", store, "-o", str(out), "--min-degree", "3"])
    assert r.exit_code == 0
    assert all(network.project(sample_store).degree(n) >= 3 for n in nx.read_graphml(out))


@pytest.mark.parametrize("args, message", [
    (["-o", "x.jpg"], "cannot tell the format of 'x.jpg'"),
    (["-o", "x.html", "--focus", "Nobody Such Corp"], "no entity named 'Nobody Such Corp'"),
    (["-o", "x.html", "--types", "player,moon"], "unknown type moon"),
    (["-o", "x.html", "--depth", "2"], "--depth needs --focus"),
])
def test_viz_command_errors_are_one_line(runner, tmp_path, sample_store, args, message):
    r = runner.invoke(cli, ["viz", "--store", str(sample_store.path), *args])
    assert r.exit_code != 0
    assert r.stderr.startswith("spacekg: error: ") and message in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_page_title_is_escaped_in_html():
    page = render(nx.Graph(), title="<b>&</b>")
    assert f"<title>{html_lib.escape('<b>&</b>')}</title>" in page


def test_serve_graph_page_renders_the_store(sample_store):
    """`spacekg serve` answers GET /graph with spacekg.viz.html.render(store)."""
    from spacekg.server.app import load_graph_page

    page = load_graph_page()(sample_store)
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["nodes"]) == network.project(sample_store).number_of_nodes()


def test_viz_reads_a_remote_endpoint(runner, tmp_path, sample_store):
    """The projection through a real SPARQL server (Oxigraph) equals the local one."""
    from spacekg.graph.remote.endpoint import Endpoint
    from spacekg.graph.remote.push import push
    from triplestores import oxigraph

    server = oxigraph("viz")
    push(sample_store, graph_store=server.base + "/store")
    remote = network.project(Endpoint(server.base + "/query"))
    local = network.project(sample_store)
    assert set(remote.nodes) == set(local.nodes)
    assert {frozenset(e) for e in remote.edges} == {frozenset(e) for e in local.edges}
    for a, b, d in local.edges(data=True):
        assert remote.edges[a, b]["evidence"] == d["evidence"]
    out = tmp_path / "remote.graphml"
    r = runner.invoke(cli, ["viz", "--endpoint", server.base + "/query", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert set(nx.read_graphml(out).nodes) == set(local.nodes)


# ---------------------------------------------------------------- read at a glance (issue 19)

from matplotlib.patches import Polygon  # noqa: E402

from spacekg.viz.static import figure  # noqa: E402
from spacekg.viz.style import TYPE_COLOURS, development_kind, development_label  # noqa: E402


def test_a_development_is_labelled_by_what_happened_and_when():
    assert development_label("Selenara and Orbit Kiln signed a partnership agreement in 2029.") == "collaboration, 2029"
    assert development_label("Orbit Kiln raised a Series A round.", "2026-03") == "funding, 2026-03"
    assert development_label("The lander touched down near the pole in 2031.") == "landing, 2031"
    assert development_kind("Something else entirely.") == "development"
    g = network.view(network.project(market_store(20)))
    shorts = {n["id"]: n["short"] for n in json.loads(re.search(
        r'id="graph-data">(.*?)</script>', render(g), re.S).group(1))["nodes"]}
    for node, d in g.nodes(data=True):
        if d["type"] == "development":
            assert shorts[node] == development_label(d["text"] or d["label"])
            assert not d["label"].startswith(shorts[node])          # not the first words of its sentence


# Machado, Oliveira & Fernandes (2009) at full severity, on linear RGB.
CVD = {"protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
       "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
       "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]}


def _lab(hex_colour: str, matrix=None) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    if matrix is not None:
        c = np.clip(np.array(matrix) @ c, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ c
    f = np.cbrt(np.maximum(xyz / np.array([0.95047, 1.0, 1.08883]), 0.008856))
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_type_colours_stay_apart_for_colour_blind_readers():
    """Developments against resources (vermillion and orange were 18 apart under deuteranopia):
    now over 50 CIELAB units apart under every simulated deficiency; no two types closer than 15."""
    for name, matrix in [("normal", None), *CVD.items()]:
        d = np.linalg.norm(_lab(TYPE_COLOURS["development"], matrix) - _lab(TYPE_COLOURS["resource"], matrix))
        assert d > 50, (name, d)
        for a in TYPE_COLOURS:
            for b in TYPE_COLOURS:
                if a < b:
                    assert np.linalg.norm(_lab(TYPE_COLOURS[a], matrix) - _lab(TYPE_COLOURS[b], matrix)) > 15, (name, a, b)


def test_png_labels_are_never_cut_at_the_edge():
    rows = [{"node": SMR + f"player/p{i}", "class": "https://w3id.org/spacekg/ontology#Player",
             "label": f"Extraordinarily Long Player Name Number {i}"} for i in range(6)]
    rows += [{"node": SMR + "technology/t", "class": "https://w3id.org/spacekg/ontology#Technology",
              "label": "very long technology label on the rim"}]
    edges = [{"relation": "collaborates", "a": SMR + f"player/p{i}", "b": SMR + f"player/p{i + 1}"} for i in range(5)]
    edges.append({"relation": "develops", "a": SMR + "player/p0", "b": SMR + "technology/t"})
    g = network.view(network.build(rows, edges))
    fig = figure(g, "Labels inside")
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts]
    assert len(labels) == g.number_of_nodes()
    for t in labels:
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= WIDTH and box.y0 >= 0 and box.y1 <= HEIGHT, (t.get_text(), box)


def test_legend_counts_the_shaded_clusters(market_view):
    g = market_view.copy()
    g.add_node(SMR + "player/alone", label="Alone", type="player", kind="", text="", aliases=[], community=999)
    fig = figure(g)
    ax = fig.axes[0]
    shaded = sum(1 for p in ax.patches if isinstance(p, Polygon))
    title = ax.get_legend().get_title().get_text()
    assert title == f"{shaded} clusters (shaded)"
    meanings = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "what a development concerns" in meanings and any("targets" in m for m in meanings)


def test_page_edges_tell_their_relation_and_the_legend_explains_lines(browser, tmp_path, market_view):
    page = page_file(tmp_path, market_view)
    open_page(browser, page.as_uri())
    lines = browser.evaluate("[...document.querySelectorAll('#lines li')].map(li => li.textContent)")
    assert any("targets" in x for x in lines) and "what a development concerns" in lines
    shaded = browser.evaluate("document.querySelectorAll('#clusters li .swatch').length")
    assert f" {shaded} clusters" in browser.evaluate("document.getElementById('status').textContent")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page.read_text(), re.S).group(1))
    found = 0
    for i, e in enumerate(data["edges"]):
        x, y = browser.evaluate(f"spacekgView.edgeMiddle({i})")
        if browser.evaluate(f"document.elementFromPoint({x}, {y}) !== document.getElementById('graph')"):
            continue                                          # under a panel
        mouse(browser, "mouseMoved", x, y)
        said = browser.evaluate("spacekgView.hoveredEdge()")
        if said is None:
            continue                                          # a node sits on the middle of this edge
        tip = browser.evaluate("document.getElementById('tooltip').textContent")
        assert said in tip and ("dashed line" in tip) == (e["relation"] == "concerns")
        verbs = data["relations"][e["relation"]]
        assert verbs[0] in said
        found += 1
        if found >= 5:
            break
    assert found >= 5
    assert not browser.console, browser.console


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_focus_page_opens_framed_on_its_nodes(browser, tmp_path, width, height):
    graph = network.view(network.project(market_store(70)), focus="Moon", depth=1)
    page = page_file(tmp_path, graph)
    browser.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                 mobile=width < 600)
    open_page(browser, page.as_uri())
    assert browser.evaluate("spacekgView.selected()") is not None
    x0, y0, x1, y1 = browser.evaluate("spacekgView.bounds()")
    assert x0 > 0 and y0 > 0 and x1 < width and y1 < height
    if width > 700:                                    # beside the panels, not under them
        controls = browser.evaluate("document.getElementById('controls').getBoundingClientRect().right")
        details = browser.evaluate("document.getElementById('details').getBoundingClientRect().left")
        assert x0 > controls and x1 < details, (x0, x1, controls, details)
    else:                                              # between them: controls on top, details below
        controls = browser.evaluate("document.getElementById('controls').getBoundingClientRect().bottom")
        details = browser.evaluate("document.getElementById('details').getBoundingClientRect().top")
        assert y0 > controls and y1 < details, (y0, y1, controls, details)
    assert not browser.console, browser.console


# ---------------------------------------------------------------- regions and unnamed counterparties

@pytest.fixture(scope="module")
def geo_view(tmp_path_factory):
    from geo_facts import geography_store
    return network.view(network.project(geography_store(tmp_path_factory.mktemp("geo") / "store")))


def _hex_pixels(png_path, hex_colour: str, tolerance: int = 6) -> int:
    pixels = (mpimg.imread(str(png_path))[..., :3] * 255).round().astype(int)
    want = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - want).max(axis=-1) <= tolerance).sum())


def test_development_labels_use_the_stored_then_the_expected_date(geo_view):
    from spacekg.viz.style import node_short_label
    shorts = sorted(node_short_label(d) for _, d in geo_view.nodes(data=True) if d["type"] == "development")
    # "collaboration, 2027": the stored date, not 2031, the first year its text names
    assert shorts == ["collaboration, 2027", "funding, 2026-05", "launch, expected 2030"]
    assert development_label("A rover will land in 2031.", expected="2031") == "landing, expected 2031"
    assert development_label("Signed in 2031.", "2029", "2031") == "collaboration, 2029"


def test_counterparty_labels_keep_their_mark_and_place():
    from spacekg.viz.style import node_short_label
    d = {"type": "counterparty", "label": "aerospace suppliers in Brazil (unnamed)"}
    assert node_short_label(d) == "aerospace suppliers in Brazil (unnamed)"
    long = {"type": "counterparty", "label": "a large group of aerospace component suppliers in Brazil (unnamed)"}
    assert node_short_label(long).endswith("… (unnamed)")


def test_static_picture_draws_regions_and_counterparties(tmp_path, geo_view):
    fig = figure(geo_view, "Geography")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"Region", "Unnamed counterparty", "where a player is based", "what a development concerns"} <= set(legend)
    labels = {t.get_text() for t in ax.texts}
    assert "consortium in Brazil (unnamed)" in labels and {"Japan", "Brazil", "Luxembourg"} <= labels
    assert "collaboration, 2027" in labels
    from spacekg.viz.static import DASHES
    based = [ln for ln in ax.lines if ln.get_gid() == "edge-based_in"]
    assert len(based) == 5                      # three players and two counterparties, each in its region
    assert all(ln._unscaled_dash_pattern == (0, DASHES["dotted"][1]) for ln in based)
    assert all(ln._unscaled_dash_pattern[1] is None for ln in ax.lines if ln.get_gid() == "edge-works_with")
    png = tmp_path / "geo.png"
    write(geo_view, png)
    assert _hex_pixels(png, TYPE_COLOURS["counterparty"]) > 50 and _hex_pixels(png, TYPE_COLOURS["region"]) > 50


def test_exports_carry_regions_and_counterparties(tmp_path, geo_view):
    write(geo_view, tmp_path / "geo.gexf")
    g = nx.read_gexf(tmp_path / "geo.gexf")
    c = g.nodes[SMR + "counterparty/consortium-in-brazil"]
    assert c["type"] == "counterparty" and c["label"] == "consortium in Brazil (unnamed)" and c["generic"] is True
    assert {d["relation"] for _, _, d in g.edges(data=True)} >= {"based_in", "works_with", "concerns"}
    dot = dot_text(geo_view)
    assert 'label="consortium in Brazil (unnamed)"' in dot and "shape=diamond" in dot
    assert re.search(r'label="based in", relation="based_in", style=dotted', dot)
    assert re.search(r'label="works with", relation="works_with", style=solid', dot)
    assert 'label="collaboration, 2027"' in dot


def test_page_shows_regions_and_counterparties(browser, tmp_path, geo_view):
    page = page_file(tmp_path, geo_view, title="Geography")
    open_page(browser, page.as_uri())
    legend = browser.evaluate("[...document.querySelectorAll('#legend li')].map(li => li.textContent)")
    assert "Unnamed counterparty (2)" in legend and "Region (3)" in legend
    assert browser.evaluate("document.querySelector('#legend .swatch.diamond') !== null")
    lines = browser.evaluate("[...document.querySelectorAll('#lines li')].map(li => li.textContent)")
    assert "where a player is based" in lines
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page.read_text(), re.S).group(1))
    said = {}
    for i, e in enumerate(data["edges"]):
        if e["relation"] not in ("based_in", "works_with") or e["relation"] in said:
            continue
        x, y = browser.evaluate(f"spacekgView.edgeMiddle({i})")
        mouse(browser, "mouseMoved", x, y)
        if browser.evaluate("spacekgView.hoveredEdge()") is not None:
            said[e["relation"]] = browser.evaluate("document.getElementById('tooltip').textContent")
    assert re.search(r"\w.* based in (Japan|Brazil|Luxembourg)dotted line", said["based_in"]), said
    assert "Varrow Astrometals works with consortium in Brazil (unnamed)" in said["works_with"], said
    browser.evaluate("spacekgView.select('%s')" % (SMR + "counterparty/consortium-in-brazil"))
    assert browser.evaluate("document.getElementById('d-label').textContent") == "consortium in Brazil (unnamed)"
    assert browser.evaluate("document.getElementById('d-type').textContent").startswith("Unnamed counterparty")
    shot = tmp_path / "geo-page.png"
    browser.evaluate("spacekgView.select(null)")
    png = browser.send("Page.captureScreenshot", format="png")["data"]
    import base64
    shot.write_bytes(base64.b64decode(png))
    assert _hex_pixels(shot, TYPE_COLOURS["counterparty"]) > 50 and _hex_pixels(shot, TYPE_COLOURS["region"]) > 50
    assert not browser.console, browser.console
