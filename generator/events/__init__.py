"""Reports into events, events into totals: what the site counts.

- :mod:`~generator.events.rules` — whether two reports from different articles
  tell of one event, and why (each facet: governorate, dates, place, means,
  perpetrator, toll);
- :mod:`~generator.events.merge` — ``merge_incidents``: every report joins one
  event; ``near_misses``: pairs of events that nearly merged;
- :mod:`~generator.events.totals` — ``build_report``: totals by governorate,
  faction and month, stated totals (aggregates) never summed.
"""
