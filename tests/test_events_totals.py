from generator.events.totals import build_report
from generator.model import PROVINCES
from tests.helpers import FACTIONS, sample_coded


def test_aggregates_are_shown_but_never_summed(report):
    assert report.overall.count == 3
    assert report.overall.killed == 3 + 4 + 2  # the stated total of 7 is not added
    assert report.overall.injured == 3 + 6
    assert [i.killed.total for i in report.aggregates] == [7]


def test_every_governorate_has_a_total_even_when_empty(report):
    assert list(report.by_province) == list(PROVINCES)
    assert report.by_province["idlib"].killed == 7
    assert report.by_province["daraa"].killed == 2
    assert report.by_province["hama"].count == 0


def test_totals_know_their_incidents_newest_first(report):
    ids = [i.id for i in report.by_target["syrian-government"].incidents]
    assert ids == ["002_daraa-01", "001_clashes-01", "001_clashes-02"]
    assert report.by_perpetrator["hts"].killed == 4
    assert "2020-07" in report.by_month and "2023-04" in report.by_month


def test_report_does_not_depend_on_input_order():
    forward = build_report(sample_coded(), [], FACTIONS)
    backward = build_report(list(reversed(sample_coded())), [], FACTIONS)
    assert forward == backward
    assert forward.date_range is not None
    assert [d.isoformat() for d in forward.date_range] == ["2020-07-31", "2023-04-06"]
