"""The extractor's thresholds that the methodology page states: defined here, read by
the rules (``generator.extract``) and by the page, which must not import the extractor
(spaCy) on a build whose articles all come from the cache."""

from __future__ import annotations

__all__ = ["LARGE_TOLL", "STALE_DAYS"]

STALE_DAYS = 10
"""An event dated this many days before publication is background, not news
(``generator.extract.candidates``)."""
LARGE_TOLL = 1000
"""A toll this large with no specific place is a count over the war, not one event
(``generator.extract.rules.totals``)."""
