"""Preloaded by the fork server of a parallel build (`spacekg build --jobs N`).

Importing this module loads the spaCy pipeline once, in the fork server; every worker process is
then forked from it with the model already in memory (shared copy-on-write), instead of each
starting a fresh interpreter that imports spaCy and loads the model again (seconds per worker).
"""
try:
    from .extract.pipeline import load_nlp

    load_nlp()
except Exception:        # noqa: BLE001 - each worker loads the pipeline again and reports the problem
    pass
