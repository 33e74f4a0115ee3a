"""The pytest plugin (entry point ``pytest11``): the fixtures ``ess_emulator`` and
``ess_emulator_factory``."""

from __future__ import annotations

from typing import Any, Callable, Iterator, List

import pytest

from ._emulator import Emulator


@pytest.fixture
def ess_emulator() -> Iterator[Emulator]:
    """A fresh emulator for the test, on the default state, with the key
    ``testid``/``testsecret``; stopped, and its files removed, after it."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def ess_emulator_factory() -> Iterator[Callable[..., Emulator]]:
    """Starts emulators of the test's own: ``ess_emulator_factory(state=..., keys=...,
    access_key=...)`` takes :class:`Emulator`'s arguments and returns it started; every one
    is stopped after the test."""
    started: List[Emulator] = []

    def start(**kwargs: Any) -> Emulator:
        emulator = Emulator(**kwargs).start()
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()
