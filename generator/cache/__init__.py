"""The extraction cache: run the extractor over every article, on several processes,
and keep each article's result so that a rebuild extracts only what changed.

- :mod:`~generator.cache.run` — ``extract_cached``: lookups, worker processes, the
  progress bar, entries written as results come back;
- :mod:`~generator.cache.store` — the entries on disk: key, read, write, prune;
- :mod:`~generator.cache.codec` — a ``CodedArticle`` to JSON and back, strictly;
- :mod:`~generator.cache.vocabulary` — what an entry may hold: anything the
  extractor could not have written makes it a miss.

Not to be confused with the *build record* (:mod:`generator.publish.record`), which
lets a build with nothing to do stop early.
"""
