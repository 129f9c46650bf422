"""The workspace pages of `spacekg serve` on a large store: how long each page takes to answer.

    python benchmarks/pages.py                     # 1,000 synthetic reports, 20 requests per page
    python benchmarks/pages.py --docs 100 --repeat 10 --store /tmp/pages-store

The store is built from synthetic extraction facts (synthetic.py: invented companies, real
regions) through the real graph builder, without spaCy, and kept at --store for the next run.
The app runs under uvicorn on a loopback port, as `spacekg serve` runs it; each page is fetched
over HTTP with requests. The pages to time are found on a server of their own; then a fresh
server starts and each page is opened once, one after the other, from the moment it listens (as
a user who opens the workspace right after `spacekg build`: the warm-up that computes what reads
the whole store runs meanwhile). Printed per page: that first request, and the p50 and p95 of
the next --repeat requests; and the p50 of the CPU time the process spent
on a request (server and client share this process): on a shared, loaded machine the wall time
waits for the CPU, the CPU time does not. The load average is printed too. Target: p50 under 300 ms.
Last, a new build lands while the server runs (one report written again): how long until the
warm-up has every whole-store page ready again, and then each page's first request.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_extractions  # noqa: E402

TARGET_MS = 300


def build(path: Path, docs: int) -> None:
    import pyoxigraph as ox

    from spacekg.corpus import LoadBatch
    from spacekg.graph import convert
    from spacekg.graph.namespaces import ONTOLOGY_GRAPH
    from spacekg.graph.ontology import ontology_graph
    from spacekg.graph.rdf import document_graph
    from spacekg.graph.store import Store

    started = time.perf_counter()
    with Store.open(path, create=True).writer() as w:
        w.replace_graph(ONTOLOGY_GRAPH, convert.quads(ontology_graph()))
        batch = LoadBatch(w)
        for ex in synthetic_extractions(docs):
            g = document_graph(ex, None, ex.doc)
            batch.add(str(g.identifier), ox.serialize(convert.quads(g), format=ox.RdfFormat.N_QUADS))
        batch.flush()
    print(f"built {docs:,} synthetic reports in {time.perf_counter() - started:.0f} s", file=sys.stderr)


class Served:
    def __init__(self, app):
        import uvicorn

        from spacekg.server.run import bind
        self.sock = bind("127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", http="h11"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def discover(store_path: Path) -> list[str]:
    """The pages to time, found through the pages' JSON on a server of its own (so the timed
    server starts cold)."""
    import requests

    from spacekg.graph.store import Store
    from spacekg.server.app import create_app

    server = Served(create_app(Store.open(store_path)))
    http = requests.Session()
    http.trust_env = False
    try:
        front = http.get(server.base + "/?format=json").json()
        player = front["players"][0]["href"]
        timeline = http.get(server.base + "/timeline?format=json").json()
        region = timeline["regions"][0]["value"]
        reports = http.get(server.base + "/reports?format=json").json()["reports"]
        tech = http.get(server.base + player + "?format=json").json()["technologies"][0]["href"]
    finally:
        http.close()
        server.stop()
    slug = player[len("/entity/"):]
    return ["/", player, "/entity/resource/water-ice", "/entity/platform/moon", tech, "/entity/" + region,
            "/map", "/map?dimension=platform", "/map?dimension=phase", "/timeline",
            f"/timeline?region={region}", f"/timeline?player={slug}", "/timeline?year=2028",
            "/reports", reports[len(reports) // 2]["href"], "/market",
            f"/query/players-targeting?player=smr:{slug}",
            "/query/targets-by-reports?target=smr:target/water-ice/moon",
            "/?named=players-targeting&player=smr:" + slug,
            "/graph/entity/" + slug]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--store", type=Path, default=Path("/tmp/spacekg-pages-store"))
    args = ap.parse_args(argv)

    import requests

    from spacekg.graph.store import Store
    from spacekg.server.app import create_app

    store_path = args.store / f"{args.docs}"
    if not (store_path / "HEAD").exists():
        build(store_path, args.docs)
    pages = discover(store_path)
    store = Store.open(store_path)
    app = create_app(store)
    started = time.perf_counter()
    server = Served(app)
    http = requests.Session()
    http.trust_env = False
    html = {"Accept": "text/html"}
    print(f"store: {len(store):,} triples, {args.docs:,} reports; {args.repeat} requests per page after the first")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (at the start)")
    try:
        # the first request of each page, one after the other from the moment the server listens
        # (as a user who opens the workspace right after `spacekg build` and clicks through it)
        first = {}
        for page in pages:
            t = time.perf_counter()
            r = http.get(server.base + page, headers=html)
            first[page] = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, (page, r.status_code, r.text[:200])
        print(f"every page opened once {time.perf_counter() - started:.1f} s after the server started")
        pages_state = getattr(app.state, "pages", None)
        while pages_state is not None and getattr(pages_state, "warmed", 0) is None:
            time.sleep(0.1)
        if pages_state is not None and getattr(pages_state, "warmed", None):
            jobs = pages_state.warmed[1]
            print(f"warm-up after the start: {sum(s for _, s in jobs):.1f} s ("
                  + ", ".join(f"{name} {s:.1f}" for name, s in jobs) + ")")
        print(f"{'page':<64} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'KB':>6}")
        slow, slow_first = [], []
        for page in pages:
            times, cpu = [], []
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                r = http.get(server.base + page, headers=html)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            if p50 >= TARGET_MS:
                slow.append(page)
            if first[page] >= TARGET_MS:
                slow_first.append(page)
            print(f"{page[:64]:<64} {first[page]:>9.0f} {p50:>8.0f} {p95:>8.0f} {statistics.median(cpu):>8.0f} "
                  f"{len(r.content) / 1024:>6.0f}")
        print(f"pages over the {TARGET_MS} ms p50 target: {', '.join(slow) if slow else 'none'}")
        print(f"first requests over {TARGET_MS} ms: {', '.join(slow_first) if slow_first else 'none'}")
        if pages_state is not None and getattr(pages_state, "warmed", None):
            after_a_build(store, pages_state, server, http, pages)
        print(f"load average {os.getloadavg()[0]:.1f} (at the end)")
    finally:
        http.close()
        server.stop()


def after_a_build(store, pages_state, server, http, pages: list[str]) -> None:
    """A new build lands while the server runs (one report written again: a new snapshot): how
    long until the warm-up has every whole-store page ready, then each page's first request."""
    from spacekg.graph.store import Store

    graph = next(g for g in store.graphs() if "/report/" in g)
    before = pages_state.warmed[0]
    landed = time.perf_counter()
    with Store.open(store.path).writer() as w:
        w.replace_graph(graph, list(store.quads(graph)))
    while pages_state.warmed[0] == before and time.perf_counter() - landed < 300:
        time.sleep(0.1)
    print(f"a new build landed: every whole-store page ready {time.perf_counter() - landed:.1f} s later "
          f"(warm-up at the lowest priority); then the first request of each page:")
    for page in pages:
        t = time.perf_counter()
        r = http.get(server.base + page, headers={"Accept": "text/html"})
        assert r.status_code == 200, (page, r.status_code)
        print(f"  {page[:64]:<64} {(time.perf_counter() - t) * 1000:>9.0f}")


if __name__ == "__main__":
    main()
