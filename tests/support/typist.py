"""Someone typing in bursts with gaps, on a thread, for tests of pauses in real input."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["KEY_EVERY", "PAUSE_LENGTH", "PAUSE_SETTINGS", "Typist"]

KEY_EVERY = 0.25
PAUSE_LENGTH = 2.0

# A posture check every 6 s, waiting up to 8 s for a pause of 2 s; the away threshold is 5 s
# (posture's break), so neither a typist's short gaps nor such a pause count as a break.
PAUSE_SETTINGS = """
[reminders]
wait_for_pause = "8s"
pause_length = "2s"
[reminders.posture]
every = "6s"
break_length = "5s"
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
[notifications]
repeat_ignored_after = "0s"
[idle]
poll_every = "10s"
"""


class Typist:
    """Presses a key every KEY_EVERY seconds on a thread, in bursts with gaps, until held."""

    def __init__(self, press: Callable[[], None], burst: float, gap: float) -> None:
        """Start typing at once with ``press``: ``burst`` seconds of keys, ``gap`` without."""
        self._press_key = press
        self._burst, self._gap = burst, gap
        self._typing = threading.Event()
        self._typing.set()
        self._stopped = threading.Event()
        self._press = threading.Lock()  # held while a key goes out
        self.keys: list[float] = []  # monotonic time of each key pressed
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """The thread: a key every KEY_EVERY inside a burst, while not held."""
        started = time.monotonic()
        while not self._stopped.is_set():
            if not self._typing.wait(0.1):
                continue
            into = (time.monotonic() - started) % (self._burst + self._gap)
            if into < self._burst:
                with self._press:
                    if self._typing.is_set():
                        self._press_key()
                        self.keys.append(time.monotonic())
            time.sleep(KEY_EVERY)

    def hold(self) -> float:
        """Stop typing (a key under way lands first); the time of the last key."""
        self._typing.clear()
        with self._press:
            return self.keys[-1]

    def resume(self) -> None:
        """Type again."""
        self._typing.set()

    def stop(self) -> None:
        """End the thread."""
        self._stopped.set()
        self._typing.set()
        self._thread.join(timeout=30)
