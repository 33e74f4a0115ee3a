"""The pytest plugin (entry point ``pytest11``): the fixtures ``ess_emulator`` and
``ess_emulator_factory``, and SIGTERM handled as SIGINT is."""

from __future__ import annotations

import signal
import threading
from typing import Any, Callable, Iterator, List

import pytest

from ._emulator import Emulator

_SIGTERM_HANDLED = pytest.StashKey[bool]()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt("SIGTERM")


def pytest_configure(config: pytest.Config) -> None:
    """SIGTERM — what ``timeout`` and a cancelled CI job send — interrupts the run as SIGINT
    (Ctrl-C) does, so fixtures are torn down and pytest-xdist stops its workers, instead of
    the process vanishing. Only when nothing else handles SIGTERM. (Every emulator also ends
    by itself when the process that started it ends, however it ends.)"""
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _interrupt)
        config.stash[_SIGTERM_HANDLED] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_SIGTERM_HANDLED, False):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


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
