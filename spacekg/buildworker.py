"""Preloaded by the fork server of a parallel build (`spacekg build --jobs N`).

Importing this module loads the spaCy pipeline once, in the fork server; every worker process is
then forked from it with the model already in memory (shared copy-on-write), instead of each
starting a fresh interpreter that imports spaCy and loads the model again (seconds per worker).
The modules a worker runs and the parsed shapes come preloaded too, and all of it is frozen out of
the garbage collector's sight (`gc.freeze`): it stays for the processes' whole life, and no
collection walks it (or copies its pages into a worker) again.
"""
try:
    from .extract.pipeline import load_nlp

    load_nlp()
    from . import corpus
    from .extract import extractor  # noqa: F401 - imported here once, not in every worker

    corpus._validator()
    corpus.freeze_garbage_collection()
except Exception:        # noqa: BLE001 - each worker loads the pipeline again and reports the problem
    pass
