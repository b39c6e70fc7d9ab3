"""Bounded polling for tests: wait for something another thread or process will make true.

Waits are generous on purpose (these machines are noisy); they bound a wait, they never
assert speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["DEFAULT_TIMEOUT", "eventually", "wait_until"]

DEFAULT_TIMEOUT = 30.0
_INTERVAL = 0.02


def eventually(condition: Callable[[], object], timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(_INTERVAL)
    return bool(condition())


def wait_until(
    condition: Callable[[], object],
    what: str,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    describe: Callable[[], str] | None = None,
) -> None:
    """Poll ``condition`` until it holds, or fail naming ``what`` (and ``describe()``, if given)."""
    if eventually(condition, timeout):
        return
    message = f"timed out after {timeout} s: {what}"
    if describe is not None:
        message += f"\n{describe()}"
    raise AssertionError(message)
