"""How ids read on the pages: every bloc and means worded once, a bloc in the same
words on the chart and on the methodology page."""

from __future__ import annotations

from generator.model import BLOCS, MEANS
from generator.pages.charts import deaths_per_month_svg
from generator.pages.labels import BLOC_LABELS, MEANS_LABELS, bloc_name, humanize
from generator.pages.methodology import methodology_context


def test_every_bloc_and_every_means_has_its_words():
    assert list(BLOC_LABELS) == list(BLOCS)
    assert list(MEANS_LABELS) == list(MEANS)
    assert bloc_name("not-a-bloc") == "not-a-bloc"


def test_the_chart_and_the_methodology_page_name_a_bloc_in_one_wording(report):
    chart = deaths_per_month_svg(report)
    assert "HTS / al-Nusra" in chart.svg and "HTS / Nusra" not in chart.svg
    blocs = {b["id"]: b["label"] for b in methodology_context()["blocs"]}
    assert blocs["hts-nusra"] == BLOC_LABELS["hts-nusra"] == "HTS / al-Nusra"


def test_tables_say_spelled_out_means_as_the_chart_does():
    for means in ("ied", "drone-strike", "car-bomb"):
        assert humanize(means) == MEANS_LABELS[means]
    assert humanize("explosions-remote-violence") == "Explosions remote violence"
    assert humanize(None) == "–"
