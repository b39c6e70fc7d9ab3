"""A real daemon whose wall clock is set back an hour (libfaketime) keeps reminding on time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, write_config
from tests.support.user_env import UserEnvironment

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1")


def test_reminders_keep_coming_after_the_clock_is_set_back(
    user: UserEnvironment, tmp_path: Path
) -> None:
    """Posture every 2 s; the wall clock goes back 1 h: reminders still come every 2 s or so."""
    if not LIBFAKETIME.exists():
        message = "needs libfaketime (Debian package libfaketime); scripts/test installs it"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    offset = tmp_path / "faketime"
    offset.write_text("+0\n", encoding="ascii")
    # only the daemon's clock goes back; the commands run against it keep the real one
    faketime = {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME_TIMESTAMP_FILE": str(offset),
        "FAKETIME_NO_CACHE": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }
    config = write_config(tmp_path / "config.toml", FAST_POSTURE)
    daemon = SitbreakDaemon(user, config, env=faketime)
    before = daemon.wait_for_log_count("reminder: posture check", 2).count("reminder:")
    offset.write_text("-1h\n", encoding="ascii")
    log = daemon.wait_for_log_count("reminder: posture check", before + 3, timeout=20)
    assert "the clock was set back by 1 h" in log
    assert daemon.terminate() == 0
