"""A local emulator of Alibaba Cloud Auto Scaling's scale-in protection, for tests.

``pip install`` puts the ``ess-protection`` binary (the Rust crate's emulator) on ``PATH``;
this package starts it: :class:`Emulator` is a context manager around a fresh server on a
free loopback port, and the pytest plugin gives the fixtures ``ess_emulator`` (a fresh
emulator per test, on :data:`DEFAULT_STATE`) and ``ess_emulator_factory`` (one of the test's
own state or keys). Standard library only.
"""

from ._emulator import DEFAULT_STATE, Emulator, EmulatorError, find_binary

#: The distribution's version, which is the Rust crate's (CI checks that they agree).
__version__ = "0.3.0"

__all__ = ["DEFAULT_STATE", "Emulator", "EmulatorError", "find_binary", "__version__"]
