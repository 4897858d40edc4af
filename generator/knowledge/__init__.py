"""What sitrep knows that more than one stage needs, each fact defined once (the data
behind it is in ``generator/data/``; the ids are in :mod:`generator.model`).

- :mod:`~generator.knowledge.governorates` — the 14 governorates' names, codes,
  centroids and spellings;
- :mod:`~generator.knowledge.placenames` — place names reduced to keys that ignore
  transliteration, and which names say no more than a governorate;
- :mod:`~generator.knowledge.calendar` — month and weekday names;
- :mod:`~generator.knowledge.means` — the families of means outlets confuse;
- :mod:`~generator.knowledge.factions` — the sides of an incident and their names.
"""
