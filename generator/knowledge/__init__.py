"""What sitrep knows that more than one stage needs, each fact defined once.

- :mod:`~generator.knowledge.placenames` — place names reduced to keys that ignore
  transliteration, and which names say no more than a governorate.
"""
