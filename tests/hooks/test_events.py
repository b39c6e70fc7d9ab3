"""Which hooks a dispatch calls for, with a real daemon on a manual clock and a fake runner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.core import Done, IdleSample, Pause, Resume, Snooze
from sitbreak.hooks.listener import HookEvent, Hooks
from tests.support.manual_daemon import START, ManualDaemon

ALL_HOOKS = """
[reminders.posture]
enabled = false
[reminders.stretch]
enabled = false
[reminders.micro]
every = "30m"
break_length = "1m"
[hooks]
on_reminder = ["on-reminder"]
on_break_taken = ["on-break"]
on_snooze = ["on-snooze"]
on_pause = ["on-pause"]
on_resume = ["on-resume", "--flag"]
timeout = "7s"
"""


@dataclass
class Run:
    """One submitted hook run."""

    name: str
    argv: list[str]
    env: dict[str, str]
    timeout: float


@dataclass
class FakeRunner:
    """Records what would run instead of running it."""

    runs: list[Run] = field(default_factory=list)
    closed: bool = False

    def submit(
        self, name: str, argv: Sequence[str], env: Mapping[str, str], timeout: float
    ) -> bool:
        """Record the run."""
        self.runs.append(Run(name, list(argv), dict(env), timeout))
        return True

    def close(self) -> None:
        """Remember that the listener closed the runner."""
        self.closed = True


class Hooked:
    """A manual daemon with the hooks listener wired to a fake runner."""

    def __init__(self, tmp_path: Path, config: str = ALL_HOOKS) -> None:
        """Build it and dispatch the first Tick at START."""
        self.manual = ManualDaemon(tmp_path, config)
        self.runner = FakeRunner()
        daemon = self.manual.daemon
        daemon.listeners.append(Hooks(lambda: daemon.configuration.settings.hooks, self.runner))
        self.manual.at(0)

    def names(self) -> list[str]:
        """The hook settings run so far, in order."""
        return [run.name for run in self.runner.runs]


@pytest.fixture
def hooked(tmp_path: Path) -> Hooked:
    """Every hook configured; micro-breaks every 30 min only."""
    return Hooked(tmp_path)


def test_reminder_hook_gets_the_prompt_shown(hooked: Hooked) -> None:
    """A reminder runs on_reminder with the kind, prompt id, title, text and sitting time."""
    result = hooked.manual.at(30)
    (reminder,) = result.reminders
    (run,) = hooked.runner.runs
    assert run.name == "on_reminder"
    assert run.argv == ["on-reminder"]
    assert run.timeout == 7
    assert run.env == {
        "SITBREAK_EVENT": "reminder",
        "SITBREAK_KIND": "micro",
        "SITBREAK_PROMPT_ID": reminder.prompt_id,
        "SITBREAK_TITLE": reminder.title,
        "SITBREAK_TEXT": reminder.body,
        "SITBREAK_SITTING_SECONDS": "1800",
    }


def test_snoozing_the_reminder_passes_its_prompt(hooked: Hooked) -> None:
    """Snoozing a shown reminder runs on_snooze naming that reminder's kind and prompt."""
    reminder = hooked.manual.at(30).reminders[0]
    hooked.manual.at(31, Snooze())
    run = hooked.runner.runs[-1]
    assert run.name == "on_snooze"
    assert run.env["SITBREAK_KIND"] == "micro"
    assert run.env["SITBREAK_PROMPT_ID"] == reminder.prompt_id


def test_snooze_with_nothing_shown_still_runs_without_a_kind(hooked: Hooked) -> None:
    """Holding the next reminder back is a snooze too; there is no kind or prompt to name."""
    hooked.manual.at(5, Snooze())
    (run,) = hooked.runner.runs
    assert run.name == "on_snooze"
    assert run.env["SITBREAK_KIND"] == ""
    assert run.env["SITBREAK_PROMPT_ID"] == ""


def test_refused_commands_run_no_hook(hooked: Hooked) -> None:
    """A snooze refused while paused, or a pause ending in the past, runs nothing."""
    hooked.manual.at(1, Pause())
    hooked.manual.at(2, Snooze())
    hooked.manual.at(3, Pause(START))
    assert hooked.names() == ["on_pause"]


def test_done_is_a_break_taken_with_the_sitting_it_ended(hooked: Hooked) -> None:
    """``done`` on a shown reminder runs on_break_taken with the sitting time before it."""
    hooked.manual.at(30)
    hooked.manual.at(32, Done())
    run = hooked.runner.runs[-1]
    assert run.name == "on_break_taken"
    assert run.env["SITBREAK_KIND"] == "micro"
    assert run.env["SITBREAK_SITTING_SECONDS"] == str(32 * 60)
    assert run.env["SITBREAK_PROMPT_ID"] != ""


def test_time_away_long_enough_is_a_break_taken(hooked: Hooked) -> None:
    """Back after 6 min idle (break length 1 min): on_break_taken, sitting before leaving."""
    hooked.manual.at(20, IdleSample(timedelta(minutes=5).total_seconds()))
    hooked.manual.at(21, IdleSample(0))
    (run,) = hooked.runner.runs
    assert run.name == "on_break_taken"
    assert run.env["SITBREAK_KIND"] == "micro"
    assert run.env["SITBREAK_SITTING_SECONDS"] == str(15 * 60)


def test_pause_and_resume(hooked: Hooked) -> None:
    """Pause runs on_pause; resume after it runs on_resume (with its arguments)."""
    hooked.manual.at(1, Pause())
    hooked.manual.at(2, Resume())
    assert hooked.names() == ["on_pause", "on_resume"]
    assert hooked.runner.runs[-1].argv == ["on-resume", "--flag"]
    assert hooked.runner.runs[-1].env["SITBREAK_EVENT"] == "resume"


def test_resume_with_nothing_held_runs_nothing(hooked: Hooked) -> None:
    """Resume when nothing was paused or snoozed is not a resume."""
    hooked.manual.at(1, Resume())
    assert hooked.names() == []


def test_resume_ends_a_snooze(hooked: Hooked) -> None:
    """Resume during a snooze runs on_resume."""
    hooked.manual.at(1, Snooze())
    hooked.manual.at(2, Resume())
    assert hooked.names() == ["on_snooze", "on_resume"]


def test_pause_running_out_by_itself_is_a_resume(hooked: Hooked) -> None:
    """A timed pause that ends on its own runs on_resume at the first dispatch after it."""
    hooked.manual.at(1, Pause(START + timedelta(minutes=10)))
    hooked.manual.at(5)
    hooked.manual.at(10)
    assert hooked.names() == ["on_pause", "on_resume"]


def test_unset_hooks_run_nothing(tmp_path: Path) -> None:
    """With no [hooks] set, reminders, pauses and breaks run nothing."""
    hooked = Hooked(tmp_path, "")
    hooked.manual.at(1, Pause())
    hooked.manual.at(2, Resume())
    hooked.manual.at(40)
    hooked.manual.at(41, Done())
    assert hooked.names() == []


def test_every_variable_is_always_present() -> None:
    """A hook always gets all six SITBREAK_* variables, empty when they do not apply."""
    env = HookEvent("pause", sitting_seconds=12).environment()
    assert env == {
        "SITBREAK_EVENT": "pause",
        "SITBREAK_KIND": "",
        "SITBREAK_PROMPT_ID": "",
        "SITBREAK_TITLE": "",
        "SITBREAK_TEXT": "",
        "SITBREAK_SITTING_SECONDS": "12",
    }
