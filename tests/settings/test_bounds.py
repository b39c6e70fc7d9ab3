"""Every duration and count has a bound; hand-written files are read strictly; any value is either
refused with a clear line or runs a daemon that never overflows."""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitbreak.core import Tick
from sitbreak.core.policy import KindPolicy, Policy
from sitbreak.daemon.configuration import Configuration, load_configuration
from sitbreak.daemon.shell import Daemon
from sitbreak.notify import LogNotifier
from sitbreak.settings.errors import ConfigError
from sitbreak.settings.keys import dotted, leaf_paths
from sitbreak.settings.loading import load_settings
from sitbreak.settings.model import Settings
from tests.support.manual_daemon import ManualClock, ManualDaemon

DURATIONS = [
    "reminders.wait_for_pause",
    "reminders.pause_length",
    "reminders.posture.every",
    "reminders.posture.break_length",
    "reminders.micro.every",
    "reminders.micro.break_length",
    "reminders.stretch.every",
    "reminders.stretch.break_length",
    "snooze.default",
    "notifications.timeout",
    "notifications.repeat_ignored_after",
    "idle.poll_every",
    "quiet.grace",
    "hooks.timeout",
    "history.long_bout",
    "history.streak_limit",
]
COUNTS = ["snooze.max_in_a_row", "notifications.max_repeats", "history.keep_days"]
FLAGS = [
    "reminders.posture.enabled",
    "reminders.micro.enabled",
    "reminders.stretch.enabled",
    "notifications.actions",
    "notifications.daily_summary",
    "idle.enabled",
    "quiet.respect_dnd",
    "quiet.fullscreen",
    "quiet.in_call",
    "tray.enabled",
]


def problems_of(text: str) -> list[str]:
    """The problem lines for a config file holding ``text`` (none when it loads)."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text(text, encoding="utf-8")
        try:
            load_settings(config, environ={})
        except ConfigError as error:
            return [str(problem).split(": ", 1)[1] for problem in error.problems]
    return []


def test_the_settings_keys_listed_here_are_every_duration_count_and_flag() -> None:
    """The lists above cover the model: a new duration or count gets a bound test too."""
    defaults = Settings()
    kinds: dict[str, list[str]] = {"duration": [], "count": [], "flag": []}
    for leaf in leaf_paths():
        value: object = defaults
        for part in leaf:
            value = getattr(value, str(part))
        if isinstance(value, bool):
            kinds["flag"].append(dotted(leaf))
        elif isinstance(value, int):
            kinds["count"].append(dotted(leaf))
        elif isinstance(value, timedelta):
            kinds["duration"].append(dotted(leaf))
    assert kinds == {"duration": DURATIONS, "count": COUNTS, "flag": FLAGS}


def test_a_huge_every_names_the_key_and_the_bound() -> None:
    """99999999h is refused in the words the issue asks for, with the line."""
    assert problems_of('[reminders.micro]\nevery = "99999999h"\n') == [
        "reminders.micro.every: 99999999h is more than the maximum of 24h"
    ]


@pytest.mark.parametrize(
    ("key", "value", "bound"),
    [
        ("snooze.default", '"13h"', "12h"),
        ("notifications.timeout", '"2h"', "1h"),
        ("notifications.repeat_ignored_after", '"99999999h"', "24h"),
        ("idle.poll_every", '"99999999h"', "1h"),
        ("quiet.grace", '"2h"', "1h"),
        ("hooks.timeout", '"99999999h"', "1h"),
        ("snooze.max_in_a_row", "101", "100"),
        ("notifications.max_repeats", "99999999999999999999999", "100"),
        ("history.keep_days", "1000000", "36500"),
        ("reminders.wait_for_pause", '"11m"', "10m"),
        ("reminders.pause_length", '"31s"', "30s"),
        ("history.long_bout", '"9h"', "8h"),
        ("history.streak_limit", '"99999999h"', "8h"),
    ],
)
def test_every_duration_and_count_has_a_bound(key: str, value: str, bound: str) -> None:
    """Past its bound, each setting is refused with the key and the bound named."""
    table, name = key.rsplit(".", 1)
    [line] = problems_of(f"[{table}]\n{name} = {value}\n")
    assert line.startswith(f"{key}: ")
    assert line.endswith(f"is more than the maximum of {bound}")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('enabled = "yes"', "reminders.micro.enabled: should be true or false, not 'yes'"),
        ("enabled = 1", "reminders.micro.enabled: should be true or false, not 1"),
    ],
)
def test_flags_in_the_file_must_be_true_or_false(line: str, problem: str) -> None:
    """ "yes" and 1 are not guessed to mean true in a file people edit by hand."""
    assert problems_of(f"[reminders.micro]\n{line}\n") == [problem]


def test_counts_in_the_file_must_be_numbers() -> None:
    """max_in_a_row = "3" is text, not a count."""
    assert problems_of('[snooze]\nmax_in_a_row = "3"\n') == [
        "snooze.max_in_a_row: should be a whole number, not '3'"
    ]


def test_variables_and_flags_still_carry_flags_and_counts_as_text(tmp_path: Path) -> None:
    """SITBREAK_IDLE__ENABLED=false and --set snooze.max_in_a_row=5 keep working."""
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    loaded = load_settings(
        tmp_path / "config.toml",
        {"snooze.max_in_a_row": "5", "quiet.fullscreen": "off"},
        environ={"SITBREAK_IDLE__ENABLED": "false", "SITBREAK_HISTORY__KEEP_DAYS": "30"},
    )
    chosen = loaded.settings
    assert (chosen.idle.enabled, chosen.quiet.fullscreen) == (False, False)
    assert (chosen.snooze.max_in_a_row, chosen.history.keep_days) == (5, 30)


DURATION_TEXT = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda number, unit: f"{number}{unit}",
        st.integers(0, 10**40) | st.floats(0, 1e30, allow_nan=False).map(lambda f: f"{f:f}"),
        st.sampled_from(["s", "m", "h", "d", "", "x", "S", "D"]),
    ),
    st.builds(
        lambda days, hours: f"P{days}DT{hours}H",
        st.integers(0, 10**12),
        st.integers(0, 10**6),
    ),
)


def run_a_day(configuration: Configuration) -> None:
    """Start a real daemon on a manual clock and follow its timer for a simulated day."""
    with tempfile.TemporaryDirectory() as folder:
        clock = ManualClock()
        daemon = Daemon(configuration, LogNotifier(), Path(folder) / "state.json", clock=clock)
        daemon.start()
        try:
            end = clock.wall + timedelta(days=1)
            for _ in range(50):
                upcoming = daemon.status().next_at
                if upcoming is None or upcoming > end:
                    break
                clock.advance(max(upcoming - clock.wall, timedelta(seconds=1)))
                daemon.dispatch(Tick())
        finally:
            daemon.stop()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DURATIONS), DURATION_TEXT)
def test_any_duration_text_is_refused_or_runs(key: str, text: str) -> None:
    """Any text for any duration: a ConfigError (exit 2), or settings a daemon runs a day with."""
    try:
        configuration = load_configuration(None, {key: text})
    except ConfigError:
        return
    run_a_day(configuration)


def test_a_reload_that_cannot_be_applied_keeps_the_running_settings(tmp_path: Path) -> None:
    """A configuration whose plan overflows is refused by the daemon, which keeps the old one."""
    manual = ManualDaemon(tmp_path)
    manual.at(0)
    good = manual.daemon.configuration
    huge = KindPolicy(True, timedelta(days=10**8), timedelta(minutes=1))
    policy = Policy(kinds=dict.fromkeys(good.policy.kinds, huge))
    broken = Configuration(good.loaded, policy, good.catalog)
    with pytest.raises(OverflowError):
        manual.daemon.reconfigure(broken)
    assert manual.daemon.configuration is good
    assert manual.at(1).status.next_at is not None


def test_checking_20000_unknown_keys_lists_20_and_counts_the_rest(tmp_path: Path) -> None:
    """A huge file of unknown keys is checked in linear time and gives 21 lines, not 20,000."""
    config = tmp_path / "config.toml"
    config.write_text("".join(f"k{i} = 1\n" for i in range(20_000)), encoding="utf-8")
    started = time.process_time()
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    spent = time.process_time() - started
    lines = str(caught.value).splitlines()
    assert len(lines) == 21
    assert lines[0] == f"{config}:1: k0: unknown setting"
    assert lines[-1] == "... and 19,980 more problems; fix these first"
    print(f"checked 20,000 unknown keys in {spent:.2f} CPU-s")
