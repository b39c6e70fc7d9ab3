"""A real daemon on a hand-moved clock: set back or forward, it keeps its cadence."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.core import Notify, Tick
from tests.support.manual_daemon import START, ManualDaemon

POSTURE_ONLY = """
[reminders.posture]
every = "20m"
[reminders.micro]
enabled = false
[reminders.stretch]
enabled = false
[notifications]
repeat_ignored_after = "0s"
"""
M = timedelta(minutes=1)


def shown(manual: ManualDaemon) -> bool:
    """Dispatch a Tick now; whether it showed a reminder."""
    result = manual.daemon.dispatch(Tick())
    return any(isinstance(effect, Notify) for effect in result.effects)


def test_a_clock_set_back_an_hour_keeps_reminding_every_20_minutes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """After a reminder the clock goes back an hour: the next one is 20 minutes of sitting later."""
    manual = ManualDaemon(tmp_path, POSTURE_ONLY)
    manual.at(0)
    assert any(isinstance(effect, Notify) for effect in manual.at(20).effects)
    clock = manual.clock
    clock.wall -= timedelta(hours=1)  # set back; the monotonic clock keeps going
    clock.advance(M)
    with caplog.at_level(logging.INFO):
        status = manual.daemon.dispatch(Tick()).status
    assert "the clock was set back by 1 h" in caplog.text
    assert status.next_at == clock.wall + 19 * M
    clock.advance(19 * M)
    assert shown(manual)


def test_a_state_saved_ahead_of_the_clock_does_not_hold_reminders(tmp_path: Path) -> None:
    """Started with a clock an hour behind the saved state, the daemon still reminds on time."""
    first = ManualDaemon(tmp_path, POSTURE_ONLY)
    first.daemon.start()
    first.at(20)
    first.daemon.stop()
    second = ManualDaemon(tmp_path, POSTURE_ONLY)
    second.clock.wall = START + 21 * M - timedelta(hours=1)
    second.daemon.start()
    try:
        status = second.daemon.status()
        assert status.next_at is not None
        assert status.next_at - second.clock.wall <= 20 * M
    finally:
        second.daemon.stop()
