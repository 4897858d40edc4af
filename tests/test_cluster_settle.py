"""The client's held objects out of the collector's sight, and back at the end."""

from __future__ import annotations

import gc
import weakref

import pytest

from generator.cluster.settle import settled


class Held:
    """A tracked object (instances of a class with a __dict__ are)."""


def test_a_step_freezes_what_is_held_and_the_end_lets_it_go() -> None:
    gc.unfreeze()
    try:
        with settled() as settle:
            held = [Held() for _ in range(100)]
            settle()
            assert gc.get_freeze_count() >= len(held)
            assert gc.is_tracked(held[0])
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_the_end_lets_go_even_when_the_run_fails() -> None:
    gc.unfreeze()
    with pytest.raises(RuntimeError), settled() as settle:
        settle()
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a shard failed")
    assert gc.get_freeze_count() == 0


def test_garbage_cycles_frozen_with_it_are_collected_after() -> None:
    gc.unfreeze()
    with settled() as settle:
        cycle = Held()
        cycle.me = cycle  # type: ignore[attr-defined]
        alive = weakref.ref(cycle)
        settle()
        del cycle
        gc.collect()
        assert alive() is not None  # frozen: not walked
    gc.collect()
    assert alive() is None
