"""Do the gold market figures of a real-text set appear in `spacekg market`, with the right
publisher and the right market?

usage: python benchmarks/market_sizings.py [REALTEXT]      (default: ../shared/realtext)

Builds a store of the documents whose gold lists market sizes, CAGRs (the figures the team scorer
counts) or cumulative revenue, reads every figure back through `queries.market.figures` (what `spacekg market`
prints), and counts the gold figures found with:
- the same value (3 significant digits) and year (a cumulative figure: period), or the same percent
  and window;
- a publisher among the gold's "publishers" (none when the gold lists none);
- the market the page's own address names before "-market" ("space-mining-market-2659" is
  space mining; "global-" and the like dropped; named as the lexicon's market_scopes name it).
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacekg.corpus import build  # noqa: E402
from spacekg.extract.lexicon import load_lexicon  # noqa: E402
from spacekg.graph.store import Store  # noqa: E402
from spacekg.queries.market import figures  # noqa: E402

SCORED = ("market_size", "cagr", "cumulative_revenue")
DROPPED = {"global", "worldwide", "the"}


def address_market(text: str) -> str | None:
    """The words before "-market" in the page's address, as the lexicon names that scope."""
    m = re.search(r"https?://\S*?/(?:[\w.-]*/)*?(?P<slug>[A-Za-z0-9-]+?)-market\b", text.split("\n", 1)[0], re.I)
    if not m:
        return None
    words = " ".join(w for w in m.group("slug").casefold().split("-") if w not in DROPPED)
    scopes = {str(f).casefold(): s["label"] for s in load_lexicon().raw["market_scopes"]
              for f in [s["label"], *s.get("forms", [])]}
    return scopes.get(f"{words} market") or scopes.get(words) or words or None


def measure(folder: Path) -> dict:
    golds = {}
    for path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        if any(m.get("metric") in SCORED for m in gold.get("market", [])):
            golds[gold["doc"]] = gold
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "store", create=True)
        report = build([folder / "docs" / doc for doc in golds], store)
        assert not report.failed, report.failed
        found = figures(Store.open(Path(tmp) / "store"))
    rows = []
    for doc, gold in golds.items():
        text = (folder / "docs" / doc).read_text()
        market = address_market(text)
        publishers = set(gold.get("publishers") or [])
        mine = [f for f in found if f.source == doc]
        for g in gold["market"]:
            if g.get("metric") not in SCORED:
                continue
            if g["metric"] == "market_size":
                hits = [f for f in mine if f.metric == "market_size" and f.year == g["year"]
                        and float(f"{f.value:.3g}") == float(f"{g['value_usd']:.3g}")]
                what = f"USD {g['value_usd']:.4g} ({g['year']})"
            elif g["metric"] == "cumulative_revenue":
                hits = [f for f in mine if f.metric == g["metric"] and (f.from_year, f.to_year) == (g["from"], g["to"])
                        and float(f"{f.value:.3g}") == float(f"{g['value_usd']:.3g}")]
                what = f"USD {g['value_usd']:.4g} ({g['from']}-{g['to']})"
            else:
                hits = [f for f in mine if f.metric == "cagr" and round(f.value, 2) == round(g["percent"], 2)
                        and (f.from_year, f.to_year) == (g.get("from"), g.get("to"))]
                what = f"CAGR {g['percent']}% ({g.get('from')}-{g.get('to')})"
            right_publisher = [f for f in hits if (f.publisher in publishers if publishers else f.publisher is None)]
            right = [f for f in right_publisher if market is None or f.market == market]
            rows.append({"doc": doc, "figure": what, "found": bool(hits), "publisher": bool(right_publisher),
                         "market": bool(right), "expected_market": market,
                         "got": [(f.publisher, f.market, f.region) for f in hits]})
    return {"figures": len(rows), "found": sum(r["found"] for r in rows),
            "with_publisher": sum(r["publisher"] for r in rows), "with_publisher_and_market":
            sum(r["market"] for r in rows), "rows": rows}


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT.parent.parent / "shared" / "realtext"
    if not (folder / "gold").is_dir():
        folder = Path("/work/shared/realtext")
    result = measure(folder)
    for r in result["rows"]:
        mark = "ok " if r["market"] else "-- "
        print(f"{mark}{r['doc']:48} {r['figure']:28} expected market {r['expected_market']!s:16} got {r['got']}")
    print(f"\n{result['with_publisher_and_market']} of {result['figures']} gold market figures appear in "
          f"`spacekg market` with the right publisher and market ({result['found']} found at all, "
          f"{result['with_publisher']} with the right publisher)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
