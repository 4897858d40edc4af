"""The site's pages, rendered in memory from a ``Report``: the Markdown under
``docs/`` and the files to download.

- :mod:`~generator.pages.render` — one Jinja environment, one template per page kind;
- :mod:`~generator.pages.charts`, :mod:`~generator.pages.map` — static SVG figures;
- :mod:`~generator.pages.downloads` — ``incidents.csv`` and ``incidents.geojson``;
- :mod:`~generator.pages.methodology` — the methodology page's context, read from
  the rules and data it describes.
"""
