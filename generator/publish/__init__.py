"""Pages into ``docs/``: written as one swap, never over a page sitrep did not write.

- :mod:`~generator.publish.docsfolder` — which folders may receive pages at all;
- :mod:`~generator.publish.lock` — one build at a time in a folder;
- :mod:`~generator.publish.swap` — ``write_pages``: every changed page staged,
  then renamed into place in one pass (rolled back or finished after a failure);
  the manifest of the pages sitrep wrote;
- :mod:`~generator.publish.record` — the build record: a build with nothing to do
  stops after comparing;
- :mod:`~generator.publish.mkdocs_hooks` — MkDocs refuses a half-written ``docs/``
  and keeps the search index small (``hooks:`` in ``mkdocs.yml``).
"""
