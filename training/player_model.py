"""Train the player decision (spacekg/extract/decision.py) on annotated pages, and measure it by cross-validation.

    python training/player_model.py collect  GOLD_DIR... --out NAMES.jsonl
    python training/player_model.py crossval NAMES.jsonl [--model trees|linear] [--l2 1.0]
    python training/player_model.py train    NAMES.jsonl [--model trees|linear] [--weight GLOB=N ...] [--out spacekg/data/player_model.json]

GOLD_DIR is a folder of gold files in the schema of DESIGN.md (e.g. ../shared/realtext/gold), each
naming its document as `spacekg eval` finds it. The recipe:

1. `collect` extracts every document with the rules alone (no player model) and writes one line per
   name the rules admitted or refused: the document's group (its gold folder), whether the rules
   admitted it, its features (decision.gather: rule and veto ids, entity labels, mention counts,
   shape; never the name's words) and its label: 1 when one of its surface forms is a gold
   player's name or alias (the team scorer's name matching), 0 otherwise. Generic gold players are
   left out. Only these lines leave the documents: no text, no name.
2. `crossval` holds out one group (gold folder) at a time, trains on the others, picks the drop
   threshold on out-of-fold predictions over the training groups and reports, on the held-out
   group, player P/R/F1 of the rules alone and of the rules with the model (names only;
   `spacekg eval` with the shipped model measures the whole extractor).
3. `train` fits on every line, picks the threshold the same way, records the shortest page trained
   on (`min_page_chars`) and writes the model file.

`--weight GLOB=N` (crossval and train, repeatable) counts each name of a gold folder matching GLOB
N times in the fit (never in choosing the threshold), e.g. the reference sets (../shared/realtext and
the self-written tests/ sets) three times, so that a thousand private pages do not outvote the pages
the floors are measured on (README, "Eighteenth round": measured, not shipped).

Two models: `linear`, an L2-regularised logistic regression fitted by Newton's method (numpy only),
and `trees` (the default), gradient-boosted regression trees fitted by scikit-learn's
HistGradientBoostingClassifier (`pip install -e ".[train]"`) and written out as plain lists, so that
spacekg itself reads them without scikit-learn (decision.tree_value).
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "spacekg" / "data" / "player_model.json"


def collect(gold_dirs: list[str], out: Path) -> None:
    from spacekg.evaluate import Names, find_document, gold_files, load_gold
    from spacekg.extract.decision import PlayerModel
    from spacekg.extract.extractor import Extractor
    from spacekg.extract.reader import read_document

    class Recorder(PlayerModel):
        """Records each name's evidence and changes nothing."""
        def __init__(self):
            super().__init__({}, 0.0, drop_below=-1.0, admit_above=2.0)
            self.seen = []

        def score(self, ev):
            self.seen.append(ev)
            return 0.5

    recorder = Recorder()
    extractor = Extractor(player_model=recorder)
    lines = 0
    with out.open("w", encoding="utf-8") as f:
        for gold_dir in gold_dirs:
            for gp in gold_files(Path(gold_dir)):
                gold = load_gold(gp)
                key = Names(gold["players"])
                wanted = {key(p["name"]) for p in gold["players"] if not p.get("generic")}
                generic = {key(p["name"]) for p in gold["players"] if p.get("generic")}
                recorder.seen = []
                extractor.extract(read_document(find_document(gp, gold["doc"])))
                for ev in recorder.seen:
                    keys = {key(s) for s in ev.surfaces}
                    if keys & generic:
                        continue
                    f.write(json.dumps({"group": str(gold_dir), "doc": gp.stem, "admitted": ev.admitted,
                                        "label": int(bool(keys & wanted)), "gold": sorted(keys & wanted)[:1],
                                        "features": ev.features}) + "\n")
                    lines += 1
    print(f"{lines} names written to {out}")


def load(path: Path, weights: list[str] = ()) -> list[dict]:
    """The lines of a `collect` file, each with the `weight` of the first GLOB=N its group matches (1)."""
    rules = [(glob, float(n)) for glob, n in (w.rsplit("=", 1) for w in weights)]
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    for row in rows:
        row["weight"] = next((n for glob, n in rules if fnmatch.fnmatch(row["group"], glob)), 1.0)
    return rows


def matrix(rows: list[dict], vocab: list[str]) -> np.ndarray:
    col = {k: i for i, k in enumerate(vocab)}
    X = np.zeros((len(rows), len(vocab)))
    for r, row in enumerate(rows):
        for k, v in row["features"].items():
            if k in col:
                X[r, col[k]] = v
    return X


def fit(rows: list[dict], l2: float, min_count: int = 3) -> tuple[list[str], np.ndarray, float]:
    counts = Counter(k for row in rows for k in row["features"])
    vocab = sorted(k for k, n in counts.items() if n >= min_count)
    X = matrix(rows, vocab)
    y = np.array([row["label"] for row in rows], dtype=float)
    weight = np.array([row.get("weight", 1.0) for row in rows])
    Xb = np.hstack([X, np.ones((len(rows), 1))])
    w = np.zeros(Xb.shape[1])
    reg = np.full(Xb.shape[1], l2)
    reg[-1] = 0.0                                   # the bias is not regularised
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(Xb @ w, -30, 30)))
        grad = Xb.T @ (weight * (p - y)) + reg * w
        hess = (Xb * (weight * p * (1 - p))[:, None]).T @ Xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return vocab, w[:-1], float(w[-1])


TREE_PARAMS = {"learning_rate": 0.1, "max_iter": 200, "max_leaf_nodes": 15, "l2_regularization": 1.0,
               "random_state": 0}


def fit_trees(rows: list[dict], min_count: int = 3) -> tuple[list[dict], float]:
    """Gradient-boosted trees over the features seen `min_count` times, as (trees, bias) in the
    model file's form: each tree parallel lists of feature names, thresholds, children and values."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    counts = Counter(k for row in rows for k in row["features"])
    vocab = sorted(k for k, n in counts.items() if n >= min_count)
    clf = HistGradientBoostingClassifier(**TREE_PARAMS)
    clf.fit(matrix(rows, vocab), np.array([row["label"] for row in rows]),
            sample_weight=np.array([row.get("weight", 1.0) for row in rows]))
    trees = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        trees.append({"feature": [None if n["is_leaf"] else vocab[n["feature_idx"]] for n in nodes],
                      "threshold": [round(float(n["num_threshold"]), 6) for n in nodes],
                      "left": [int(n["left"]) for n in nodes], "right": [int(n["right"]) for n in nodes],
                      "value": [round(float(n["value"]), 6) for n in nodes]})
    return trees, float(np.ravel(clf._baseline_prediction)[0])


def fitted(rows: list[dict], kind: str, l2: float):
    """A PlayerModel fitted on `rows` (thresholds not yet chosen)."""
    from spacekg.extract.decision import PlayerModel

    if kind == "trees":
        trees, bias = fit_trees(rows)
        return PlayerModel({}, bias, 0.0, 1.0, trees=trees)
    vocab, w, b = fit(rows, l2)
    return PlayerModel(dict(zip(vocab, map(float, w))), b, 0.0, 1.0)


def page_chars(row: dict) -> int:
    """The length of the row's page, from its `page_size` feature (log1p of thousands of characters)."""
    return int(round(np.expm1(row["features"]["page_size"]) * 1000))


def scores(rows: list[dict], model) -> np.ndarray:
    return np.array([model.probability(row["features"]) for row in rows])


def decided(rows: list[dict], p: np.ndarray, drop_below: float, admit_above: float) -> list[bool]:
    return [(row["admitted"] and pi >= drop_below) or (not row["admitted"] and pi > admit_above)
            for row, pi in zip(rows, p)]


def player_counts(rows: list[dict], keep: list[bool]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) over documents, names matched to gold players as the scorer does.
    Gold players no rule proposed are not in the lines, so recall here counts only proposed names."""
    tp_keys, pred = set(), 0
    gold = {(row["group"], row["doc"], row["gold"][0]) for row in rows if row["label"]}
    for row, k in zip(rows, keep):
        if k:
            if row["label"]:
                tp_keys.add((row["group"], row["doc"], row["gold"][0]))
            else:
                pred += 1
    return len(tp_keys), pred + len(tp_keys), len(gold)


def f1(tp: int, pred: int, gold: int) -> float:
    return 2 * tp / (pred + gold) if pred + gold else 1.0


def thresholds(rows: list[dict], p: np.ndarray) -> tuple[float, float]:
    """The drop threshold that maximises player F1 on `rows` given probabilities `p` (a grid; a tie
    keeps the rules' decision). The model only drops: admitting names a veto refused gained nothing in
    cross-validation (README, twelfth round), so the admit threshold stays 1.0."""
    best = (f1(*player_counts(rows, decided(rows, p, 0.0, 1.0))), 0.0)
    for lo in [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]:
        score = f1(*player_counts(rows, decided(rows, p, lo, 1.0)))
        if score > best[0] + 1e-9:
            best = (score, lo)
    return best[1], 1.0


def out_of_fold(rows: list[dict], kind: str, l2: float, folds: int = 5) -> np.ndarray:
    """Each row's probability from a model fitted without its gold folder's fold (folders dealt to
    `folds` folds in turn): what the model says of pages it has not seen, to choose thresholds on."""
    groups = sorted({row["group"] for row in rows})
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    p = np.zeros(len(rows))
    for k in range(min(folds, len(groups))):
        held = [i for i, row in enumerate(rows) if fold_of[row["group"]] == k]
        model = fitted([row for row in rows if fold_of[row["group"]] != k], kind, l2)
        p[held] = scores([rows[i] for i in held], model)
    return p


def crossval(rows: list[dict], kind: str, l2: float) -> None:
    groups = sorted({row["group"] for row in rows})
    totals = defaultdict(lambda: np.zeros(3, dtype=int))
    print(f"{'held out':40} {'rules P/R/F1':>20} {'with model P/R/F1':>20}  thresholds")
    for g in groups:
        train = [r for r in rows if r["group"] != g]
        test = [r for r in rows if r["group"] == g]
        model = fitted(train, kind, l2)
        lo, hi = thresholds(train, out_of_fold(train, kind, l2))
        p = scores(test, model)
        base = player_counts(test, [r["admitted"] for r in test])
        with_model = player_counts(test, decided(test, p, lo, hi))
        totals["rules"] += base
        totals["model"] += with_model
        print(f"{Path(g).parent.name + '/' + Path(g).name:40} {prf(*base):>20} {prf(*with_model):>20}  {lo:.2f} / {hi:.2f}")
    print(f"{'all':40} {prf(*totals['rules']):>20} {prf(*totals['model']):>20}")


def prf(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return f"{p:.3f}/{r:.3f}/{f1(tp, pred, gold):.3f}"


def train(rows: list[dict], kind: str, l2: float, out: Path) -> None:
    model = fitted(rows, kind, l2)
    model.drop_below, model.admit_above = thresholds(rows, out_of_fold(rows, kind, l2))
    model.min_page_chars = min(page_chars(row) for row in rows)
    groups = sorted({Path(r["group"]).parent.name + "/" + Path(r["group"]).name for r in rows})
    settings = dict(TREE_PARAMS) if kind == "trees" else {"l2": l2}
    weighted = {r["group"]: r["weight"] for r in rows if r.get("weight", 1.0) != 1.0}
    if weighted:
        settings["weights"] = dict(sorted(weighted.items()))
    model.trained_on = (f"{kind}: {len(rows)} names from {len({(r['group'], r['doc']) for r in rows})} pages in "
                        f"{len(groups)} gold folders; {settings}")
    model.save(out)
    print(f"wrote {out}: {len(model.trees)} trees, {len(model.weights)} weights, "
          f"drop below {model.drop_below}, admit above {model.admit_above}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("gold_dirs", nargs="+")
    c.add_argument("--out", type=Path, required=True)
    for name in ("crossval", "train"):
        s = sub.add_parser(name)
        s.add_argument("names", type=Path)
        s.add_argument("--model", choices=("trees", "linear"), default="trees")
        s.add_argument("--l2", type=float, default=1.0, help="the linear model's regularisation")
        s.add_argument("--weight", action="append", default=[], metavar="GLOB=N",
                       help="count the names of gold folders matching GLOB N times in the fit")
        if name == "train":
            s.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if args.command == "collect":
        collect(args.gold_dirs, args.out)
    elif args.command == "crossval":
        crossval(load(args.names, args.weight), args.model, args.l2)
    else:
        train(load(args.names, args.weight), args.model, args.l2, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
