"""Which way of using several cores builds faster: worker processes or spaCy's own n_process?

    python benchmarks/parallel.py --docs 100 --jobs 2

Times, on the same synthetic corpus and into fresh stores:
- `workers`: spacekg's build with --jobs N (each worker process reads, parses, extracts and
  serialises whole documents; the parent only writes the store);
- `n_process`: one process that parses all blocks with `nlp.pipe(n_process=N)` and runs the
  extraction rules, graph building and store writes itself (spaCy's workers only parse);
- `single`: --jobs 1, for reference.
The build uses the first; this script is how that choice was made (see README).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_corpus  # noqa: E402


def build_with_n_process(files: list[Path], store_path: Path, n_process: int, chunk_docs: int = 64) -> int:
    from spacekg.corpus import outcome_of
    from spacekg.extract.extractor import NLP_BLOCKS, Extractor
    from spacekg.extract.reader import read_document
    from spacekg.graph import convert
    from spacekg.graph.namespaces import ONTOLOGY_GRAPH
    from spacekg.graph.ontology import ontology_graph
    from spacekg.graph.store import Store
    import pyoxigraph as ox

    ex = Extractor()
    store = Store.open(store_path, create=True)
    with store.writer() as w:
        w.replace_graph(str(ONTOLOGY_GRAPH), convert.quads(ontology_graph()))
        for i in range(0, len(files), chunk_docs):      # bounded memory: parsed Docs live one chunk
            docs = [read_document(f) for f in files[i:i + chunk_docs]]
            jobs = [(d, b) for d in docs for b in d.blocks if b.kind in NLP_BLOCKS]
            parsed = ex.nlp.pipe((b.clean for _, b in jobs), batch_size=64, n_process=n_process)
            by_doc: dict[int, list] = {id(d): [] for d in docs}
            for (d, b), sd in zip(jobs, parsed):
                by_doc[id(d)].append((b, sd))
            for d in docs:
                o = outcome_of(d, ex.extract_parsed(d, by_doc[id(d)]))
                w.replace_graph(o.graph, ox.parse(o.nquads, format=ox.RdfFormat.N_QUADS))
    return len(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--modes", default="workers,n_process,single")
    args = ap.parse_args()
    from spacekg.corpus import build

    with tempfile.TemporaryDirectory(prefix="spacekg-parallel-") as tmp:
        root = Path(tmp)
        files = write_corpus(root / "corpus", args.docs)
        for mode in args.modes.split(","):
            store = root / f"store-{mode}"
            t = time.perf_counter()
            if mode == "workers":
                n = build([root / "corpus"], store, jobs=args.jobs).triples
            elif mode == "single":
                n = build([root / "corpus"], store, jobs=1).triples
            else:
                n = build_with_n_process(sorted(files), store, args.jobs)
            dt = time.perf_counter() - t
            print(f"{mode:10s} {args.docs} docs  {dt:7.1f} s  {args.docs / dt:6.2f} docs/s  ({n} quads)", flush=True)


if __name__ == "__main__":
    main()
