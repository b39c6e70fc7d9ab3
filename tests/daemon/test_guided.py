"""The daemon walks a guided break: the prompt on screen, its steps replacing it, its end."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from sitbreak.control.protocol import Request
from sitbreak.core import Kind, Outcome, Record, Resolution, Skip, StartGuide, next_wakeup
from sitbreak.daemon.control_handler import ControlHandler
from sitbreak.notify import Reminder, Stage
from sitbreak.status_text import status_lines
from tests.support.manual_daemon import START, ManualDaemon
from tests.support.waiting import wait_until

ONLY_STRETCH = """
[reminders.posture]
enabled = false
[reminders.micro]
enabled = false
[guidance]
disabled = [
  "kneeling-lunge-arms-up", "desk-low-lunge-chest-lift", "adductor-stretch",
  "outer-hip-stretch", "front-thigh-stretch", "hamstring-stretch", "standing-knee-hug",
  "standing-knee-lift", "standing-leg-lower", "seated-leg-lift", "glute-squeeze-leg-back",
]
"""
HIP_FLEXOR = "standing-hip-flexor"


class Screen:
    """A notifier that keeps every notification and every withdrawal, in order."""

    name = "screen"
    detail = "a list"

    def __init__(self) -> None:
        self.shown: list[Reminder | None] = []  # None: a withdrawal
        self._lock = threading.Lock()

    def send(self, reminder: Reminder) -> None:
        """Keep the reminder."""
        with self._lock:
            self.shown.append(reminder)

    def withdraw(self) -> None:
        """Note the withdrawal."""
        with self._lock:
            self.shown.append(None)

    def close(self) -> None:
        """Nothing held."""

    def settled(self, count: int) -> list[Reminder | None]:
        """What was shown, once the sender thread has made ``count`` calls."""
        wait_until(lambda: len(self.shown) >= count, f"{count} notifications")
        return list(self.shown)


def stretch_on_screen(tmp_path: Path) -> tuple[ManualDaemon, Screen]:
    """A daemon whose only stretch prompt is on screen after an hour of sitting."""
    screen = Screen()
    manual = ManualDaemon(tmp_path, ONLY_STRETCH, notifier=screen)
    manual.at(0)
    manual.at(60)
    _note, shown = screen.settled(2)  # the safety note comes with the first stretch
    assert shown is not None
    assert shown.prompt_id == HIP_FLEXOR
    screen.shown.clear()
    return manual, screen


def test_start_follows_the_prompt_on_screen_step_by_step_to_done(tmp_path: Path) -> None:
    """Start replaces the reminder with step 1; each wake-up shows the next; the end is done."""
    manual, screen = stretch_on_screen(tmp_path)
    started = manual.at(61, StartGuide(Kind.STRETCH))
    assert started.rejected is None
    results = [started]
    while manual.daemon.state.guide is not None:
        wake = next_wakeup(manual.daemon.state, manual.daemon.configuration.policy)
        assert wake is not None
        results.append(manual.at((wake - START).total_seconds() / 60))
    shown = screen.settled(7)
    assert None not in shown  # never withdrawn: each step replaces the last
    steps = [r for r in shown if r is not None and r.stage is Stage.GUIDE_STEP]
    assert [r.title for r in steps] == [
        "Left foot back: torso upright, tailbone tucked",
        "Right foot back: torso upright, tailbone tucked",
    ] * 3
    assert [r.progress for r in steps] == [0, 16, 33, 50, 66, 83]
    assert steps[0].body.splitlines() == [
        "30 s · step 1 of 6, round 1 of 3",
        "Hip-flexor stretch, standing or kneeling",
        "Stop at sharp or radiating pain.",
    ]
    assert steps[0].timeout == timedelta(seconds=40)  # the step and a margin to be replaced
    end = shown[-1]
    assert end is not None
    assert (end.stage, end.title, end.progress) == (Stage.GUIDE_END, "Stretch break done", 100)
    effects = [effect for result in results for effect in result.effects]
    done = [e.entry for e in effects if isinstance(e, Record) and isinstance(e.entry, Outcome)]
    assert done == [Outcome(Kind.STRETCH, Resolution.DONE, START + timedelta(minutes=64))]


def test_skip_mid_guide_takes_the_step_down(tmp_path: Path) -> None:
    """Skip on step 3: the step's notification is withdrawn and the daemon has no guide."""
    manual, screen = stretch_on_screen(tmp_path)
    manual.at(61, StartGuide(Kind.STRETCH))
    manual.at(62)
    result = manual.at(62.1, Skip())
    assert result.rejected is None
    shown = screen.settled(3)  # step 1, step 3 (woken late), the withdrawal
    assert shown[-1] is None
    assert manual.daemon.guided is None


def test_start_with_nothing_on_screen_takes_the_next_prompt_and_says_so(tmp_path: Path) -> None:
    """'sitbreak start' without a reminder: the next stretch, named with its steps in the reply;
    status shows the step; a second start is refused naming the step."""
    screen = Screen()
    manual = ManualDaemon(tmp_path, ONLY_STRETCH, notifier=screen)
    manual.at(0)
    manual.at(10)
    handler = ControlHandler(manual.daemon, lambda: None, lambda: None, lambda: "x")
    reply = handler(Request("start"))
    assert reply["ok"] is True, reply
    assert reply["message"] == (
        "Started a guided stretch break: Hip-flexor stretch, standing or kneeling, 6 steps"
        " in 3 min. First: Left foot back: torso upright, tailbone tucked. 'sitbreak skip'"
        " ends it."
    )
    manual.clock.advance(timedelta(seconds=40))
    status = handler(Request("status"))["status"]
    assert isinstance(status, dict)
    assert status["state"] == "guided"
    assert status["guide"] == {
        "kind": "stretch",
        "step": 2,
        "steps": 6,
        "text": "Right foot back: torso upright, tailbone tucked",
        "round": 1,
        "rounds": 3,
        "prompt_id": HIP_FLEXOR,
        "title": "Hip-flexor stretch, standing or kneeling",
        "step_left_seconds": 20,
        "left_seconds": 140,
    }
    lines = status_lines(status, manual.clock.now())
    assert (
        "Stretch break: step 2 of 6, 20 s left: Right foot back: torso upright, tailbone tucked"
        " (2 min to go in all). 'sitbreak skip' ends it, 'sitbreak done' counts it now."
    ) in lines
    again = handler(Request("start"))
    assert again["ok"] is False
    assert "A guided stretch break is under way (step 2 of 6)" in str(again["error"])
    skipped = handler(Request("skip"))
    assert str(skipped["message"]).startswith("Ended the guided stretch break (logged as skipped)")


def test_start_refuses_a_posture_kind_and_says_why_when_nothing_can_be_guided(
    tmp_path: Path,
) -> None:
    """'start posture' is a bad request; with micro and stretch off the core says why."""
    manual = ManualDaemon(
        tmp_path,
        ONLY_STRETCH.replace("[guidance]", "[reminders.stretch]\nenabled = false\n[guidance]"),
    )
    manual.at(0)
    handler = ControlHandler(manual.daemon, lambda: None, lambda: None, lambda: "x")
    bad = handler(Request("start", {"kind": "posture"}))
    assert bad["ok"] is False
    assert "kind must be micro or stretch, not 'posture'" in str(bad["error"])
    none = handler(Request("start"))
    assert none["ok"] is False
    assert "both switched off" in str(none["error"])
