"""The warm-up guard that keeps full garbage collections from freezing the window."""

from __future__ import annotations

import gc

import pytest

from studio.runtime.preload import young_collections_only


def test_full_collections_are_held_back_during_the_warm_up_and_restored_after() -> None:
    before = gc.get_threshold()
    with young_collections_only():
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] > 1000 * before[2]
        survivor = [object()]  # long-lived, like a module made during the import
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > 0  # survivors leave the collector's reach
    assert survivor


def test_the_thresholds_come_back_when_the_load_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), young_collections_only():
        raise RuntimeError("model missing")
    assert gc.get_threshold() == before
