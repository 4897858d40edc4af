"""Defences against hostile input, used by every stage: whatever an article holds
(its text, title, file name, front matter) is written by a stranger.

- :mod:`~generator.safety.escape` — escape a string where it enters Markdown or YAML;
- :mod:`~generator.safety.slugs` — file and page names derived from titles and ids;
- :mod:`~generator.safety.safeio` — read back a file someone may have replaced (no
  link followed, no FIFO waited on, a size limit);
- :mod:`~generator.safety.budget` — the CPU time one article may take to extract.
"""
