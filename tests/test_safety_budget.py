"""The CPU-time budget: it stops Python work in the main thread, reports work it
could not stop, and leaves the process's signal handler and timer as it found them;
an article past its budget is stopped, kept without incidents and reported, in
process, in worker processes and at the command line (issue 12, item 7)."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from dataclasses import replace

import pytest

import generator.extract as extract
from generator.cache.run import extract_cached
from generator.extract import EXTRACTION_STOPPED, extract_articles
from generator.model import Article, CodedArticle
from generator.safety.budget import OverBudget, cpu_budget
from tests.helpers import article


def spin(seconds: float) -> None:
    """Burn CPU time (what a runaway rule does)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_work_past_its_budget_is_stopped_in_time() -> None:
    started = time.process_time()
    with pytest.raises(OverBudget, match="0.2 s of CPU time"), cpu_budget(0.2):
        spin(5)
    assert time.process_time() - started < 2


def test_work_within_its_budget_runs_to_the_end() -> None:
    with cpu_budget(5):
        spin(0.05)


def test_except_exception_in_the_work_cannot_swallow_it() -> None:
    def careless_rule() -> None:
        for _ in range(100):
            with contextlib.suppress(Exception):  # what the test is about
                spin(0.1)

    with pytest.raises(OverBudget), cpu_budget(0.2):
        careless_rule()


def test_a_swallowed_stop_is_raised_again() -> None:
    """Work that catches even BaseException (or a C callback that drops the
    exception) is stopped by the next tick."""
    stopped = 0

    def stubborn_rule() -> None:
        nonlocal stopped
        for _ in range(100):
            try:
                spin(0.1)
            except OverBudget:
                stopped += 1
                if stopped == 1:
                    continue
                raise

    with pytest.raises(OverBudget), cpu_budget(0.2):
        stubborn_rule()
    assert stopped == 2


def test_the_signal_handler_and_timer_are_restored() -> None:
    before = signal.getsignal(signal.SIGPROF)
    with cpu_budget(5):
        assert signal.getitimer(signal.ITIMER_PROF)[0] > 0
    with pytest.raises(OverBudget), cpu_budget(0.1):
        spin(5)
    with pytest.raises(ValueError), cpu_budget(5):
        raise ValueError("an ordinary error passes through")
    assert signal.getsignal(signal.SIGPROF) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    spin(0.2)  # no tick is left to fire


def _in_a_thread(work):  # type: ignore[no-untyped-def]
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except OverBudget as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return outcome[0]


def test_outside_the_main_thread_the_work_is_stopped_in_time() -> None:
    """No signal reaches another thread (a Dask worker's tasks run in one): a watchdog
    reads the thread's CPU clock and raises OverBudget in it."""

    spent: list[float] = []

    def work() -> None:
        started = time.thread_time()
        try:
            with cpu_budget(0.2):
                spin(5)
        finally:
            spent.append(time.thread_time() - started)

    outcome = _in_a_thread(work)
    assert isinstance(outcome, OverBudget) and "0.2 s of CPU time" in str(outcome)
    assert spent[0] < 2  # stopped, not measured after 5 s


def test_outside_the_main_thread_work_within_its_budget_is_left_alone() -> None:
    def work() -> str:
        for _ in range(20):
            with cpu_budget(0.05):
                spin(0.01)
        time.sleep(0.2)
        spin(0.2)  # no exception is left to land after the budget's block
        return "finished"

    assert _in_a_thread(work) == "finished"
    assert not [t for t in threading.enumerate() if t.name == "sitrep-cpu-budget"]


def test_an_article_past_its_budget_is_stopped_in_a_worker_thread(monkeypatch) -> None:
    slow_rules(monkeypatch)
    text = "Rebel shells killed three civilians in Aleppo city."
    arts = [article(text, id="fast"), article(text, id="slow")]
    started = time.process_time()
    fast, slow = _in_a_thread(lambda: extract_articles(arts, budget=0.3))
    assert time.process_time() - started < 3
    assert fast.error is None and len(fast.incidents) == 1
    assert slow.incidents == () and slow.error.startswith(EXTRACTION_STOPPED)


# --- extraction: an article past its budget is stopped, kept and reported ---


def slow_rules(monkeypatch, slow_id: str = "slow") -> None:
    """Rules that run away (for 5 s of CPU) on one article."""
    real = extract._code

    def runaway(article, doc):
        if article.id == slow_id:
            spin(5)
        return real(article, doc)

    monkeypatch.setattr(extract, "_code", runaway)


def test_an_article_past_its_budget_is_stopped_and_kept_without_incidents(monkeypatch):
    slow_rules(monkeypatch)
    text = "Rebel shells killed three civilians in Aleppo city."
    started = time.process_time()
    fast, slow = extract_articles([article(text, id="fast"), article(text, id="slow")], budget=0.3)
    assert time.process_time() - started < 3
    assert fast.error is None and len(fast.incidents) == 1
    assert slow.article.id == "slow" and slow.incidents == () and slow.summary == ""
    assert slow.error == (
        f"{EXTRACTION_STOPPED}: over the limit of 0.3 s of CPU time per article;"
        " kept without incidents"
    )


def runaway_extract(articles: list[Article]) -> list[CodedArticle]:
    """extract_articles with a 0.3 s budget and rules that run away (5 s) on the
    article "slow", each article's CPU seconds in its summary. Top-level, and it
    makes the rules run away itself: it runs in the worker processes, whatever
    their start method."""
    real = extract._code

    def runaway(article, doc):
        if article.id == "slow":
            spin(5)
        return real(article, doc)

    out = []
    extract._code = runaway
    try:
        for a in articles:
            started = time.process_time()
            [coded] = extract_articles([a], budget=0.3)
            out.append(replace(coded, summary=f"{time.process_time() - started:.2f}"))
    finally:
        extract._code = real
    return out


def test_the_budget_stops_work_in_worker_processes_and_a_stopped_article_is_not_cached(
    tmp_path,
):
    text = "Rebel shells killed three civilians in Aleppo city."
    arts = [article(text, id=f"a{i}") for i in range(5)] + [article(text, id="slow")]
    coded, stats = extract_cached(
        arts, extract=runaway_extract, version="v1", cache_dir=tmp_path, jobs=2, pool_threshold=2
    )
    assert stats.jobs == 2
    assert [c.error is None for c in coded] == [True] * 5 + [False]
    assert coded[-1].error.startswith(EXTRACTION_STOPPED)
    assert float(coded[-1].summary) < 2  # stopped, not only measured after the fact
    assert len(list(tmp_path.glob("*/*.json"))) == 5  # read again next time


def test_a_stopped_article_is_a_warning_on_the_build_report_and_fatal_with_strict(
    capsys, tmp_path, monkeypatch
):
    from generator.cli import main
    from generator.safety import budget

    monkeypatch.setattr(budget, "ARTICLE_SECONDS", 0.3)
    slow_rules(monkeypatch)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "fast.txt").write_text("Rebel shells killed three civilians in Aleppo city.\n")
    (articles / "slow.txt").write_text("A text the rules would never finish.\n")
    docs = tmp_path / "docs"
    assert main(["build", str(articles), "--docs", str(docs), "--no-cache", "-q"]) == 0
    err = capsys.readouterr().err
    warning = (
        "warning: slow.txt: extraction stopped: over the limit of 0.3 s of CPU time per"
        " article; kept without incidents"
    )
    assert warning in err.splitlines()
    assert "slow.txt" in (docs / "build-report.md").read_text(encoding="utf-8")
    assert (docs / "articles" / "slow.md").is_file()
    strict = ["build", str(articles), "--docs", str(docs), "--no-cache", "-q", "--strict"]
    assert main(strict) == 1
