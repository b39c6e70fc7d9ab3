"""The polling thread: samples only while wanted, never faster than its interval, stops at once."""

from __future__ import annotations

import logging
import time

import pytest

from sitbreak.idle.poller import QUICK_INTERVAL, STUCK_AT_ZERO_AFTER, Poller
from tests.idle.fakes import FakePollingBackend
from tests.support.waiting import wait_until


def test_samples_only_while_wanted() -> None:
    """No readings until polling is wanted; readings flow once it is; they stop when unwanted."""
    backend = FakePollingBackend(idle=3.0)
    seen: list[float] = []
    poller = Poller(backend, 0.05, seen.append)
    poller.start()
    try:
        time.sleep(0.3)
        assert seen == []
        poller.set_wanted(True)
        wait_until(lambda: len(seen) >= 3, "three readings")
        poller.set_wanted(False)
        time.sleep(0.1)  # a reading already under way may still land
        settled = len(seen)
        time.sleep(0.3)
        assert len(seen) == settled
        assert set(seen) == {3.0}
    finally:
        poller.close()


def test_never_polls_faster_than_the_interval() -> None:
    """Toggling the wish to poll does not bring polls closer together than the interval."""
    backend = FakePollingBackend()
    poller = Poller(backend, 0.5, lambda _seconds: None)
    poller.start()
    started = time.monotonic()
    try:
        for _ in range(50):
            poller.set_wanted(True)
            poller.set_wanted(False)
            time.sleep(0.01)
        poller.set_wanted(True)
        time.sleep(0.3)
    finally:
        poller.close()
    elapsed = time.monotonic() - started
    assert 1 <= backend.readings <= elapsed / 0.5 + 1


def test_quick_polls_every_second_only_while_asked() -> None:
    """Told to be quick, an hourly poller reads every second; told not to, it is hourly again."""
    backend = FakePollingBackend()
    poller = Poller(backend, 3600.0, lambda _seconds: None)
    poller.start()
    try:
        poller.set_wanted(True)
        wait_until(lambda: backend.readings == 1, "the first reading")
        poller.set_quick(True)
        wait_until(lambda: backend.readings >= 3, "two quick readings")
        poller.set_quick(False)
        time.sleep(QUICK_INTERVAL * 0.5)  # a reading already under way may still land
        settled = backend.readings
        time.sleep(QUICK_INTERVAL * 2)
        assert backend.readings == settled
    finally:
        poller.close()


def test_close_stops_the_thread_and_the_backend() -> None:
    """Closing ends the sleeping thread promptly and closes the backend."""
    backend = FakePollingBackend()
    poller = Poller(backend, 3600.0, lambda _seconds: None)
    poller.start()
    poller.set_wanted(True)
    wait_until(lambda: backend.readings == 1, "the first reading")
    poller.close()
    assert not poller._thread.is_alive()
    assert backend.closed


def test_a_failing_backend_is_reported_once_and_recovers(caplog: pytest.LogCaptureFixture) -> None:
    """IdleError: one warning, no reading handed on; the next good answer is logged as such."""
    backend = FakePollingBackend(idle=1.0)
    backend.error = "the X server did not answer"
    seen: list[float] = []
    poller = Poller(backend, 0.02, seen.append)
    caplog.set_level(logging.INFO, logger="sitbreak.idle.poller")
    poller.start()
    poller.set_wanted(True)
    try:
        wait_until(lambda: backend.readings >= 5, "several failed readings")
        assert seen == []
        backend.error = None
        wait_until(lambda: seen, "a good reading")
    finally:
        poller.close()
    messages = [record.getMessage() for record in caplog.records]
    assert sum("cannot read the idle time" in m for m in messages) == 1
    assert any("answers again" in m for m in messages)


def test_readings_stuck_at_exactly_zero_are_flagged() -> None:
    """A backend that answers exactly 0 every time gets a warning naming it."""
    backend = FakePollingBackend(idle=0.0)
    poller = Poller(backend, 0.01, lambda _seconds: None)
    poller.start()
    poller.set_wanted(True)
    try:
        wait_until(lambda: backend.readings > STUCK_AT_ZERO_AFTER, "enough readings")
    finally:
        poller.close()
    assert poller.blind_warning is not None
    assert "fake-poll answered exactly 0 s idle" in poller.blind_warning


def test_real_readings_near_zero_are_not_flagged() -> None:
    """Small non-zero readings (a person typing) are no sign of a blind backend."""
    backend = FakePollingBackend(idle=0.004)
    poller = Poller(backend, 0.01, lambda _seconds: None)
    poller.start()
    poller.set_wanted(True)
    try:
        wait_until(lambda: backend.readings > STUCK_AT_ZERO_AFTER, "enough readings")
    finally:
        poller.close()
    assert poller.blind_warning is None
