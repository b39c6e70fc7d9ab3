"""The D-Bus backend against a fake notification server on a private bus: calls and answers."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from jeepney import DBusAddress, HeaderFields, new_signal  # type: ignore[import-untyped]
from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

from sitbreak.core import Dismissed, Done, Event, Kind, Skip, Snooze, StartGuide
from sitbreak.dbus import Bus
from sitbreak.notify import NotifyError, Reminder, Stage, icon_path
from sitbreak.notify.freedesktop import FreedesktopNotifier
from tests.support.desktop import DesktopSession
from tests.support.fake_notifications import NAME, PATH, FakeNotificationServer
from tests.support.waiting import wait_until

WAIT = 30.0


def reminder(kind: Kind = Kind.MICRO, **changes: object) -> Reminder:
    """A worded reminder like the daemon composes."""
    fields: dict[str, object] = {"urgency": "normal", "timeout": timedelta(seconds=30)}
    fields.update(changes)
    return Reminder(kind, "stand-up", "Stand up", "Walk for a minute.", **fields)  # type: ignore[arg-type]


class Answers:
    """Collects the events a notifier reports, in the order it reports them."""

    def __init__(self) -> None:
        self._events: queue.Queue[Event] = queue.Queue()

    def __call__(self, event: Event) -> None:
        """The notifier's on_action callback."""
        self._events.put(event)

    def next(self) -> Event:
        """The next reported event, waiting for it."""
        return self._events.get(timeout=WAIT)

    def empty(self) -> bool:
        """Whether nothing more was reported."""
        return self._events.empty()


@pytest.fixture
def server(bare_bus: DesktopSession) -> Iterator[FakeNotificationServer]:
    """A fake server with buttons that sends signals only to the notification's sender."""
    fake = FakeNotificationServer(bare_bus.bus_address, ["actions", "body"])
    try:
        yield fake
    finally:
        fake.stop()


def open_notifier(bare_bus: DesktopSession, **options: object) -> FreedesktopNotifier:
    """A backend with its own connection to the private bus."""
    bus = Bus(bare_bus.bus_address)
    return FreedesktopNotifier(bus, owns_bus=True, **options)  # type: ignore[arg-type]


def listening(bare_bus: DesktopSession) -> tuple[FreedesktopNotifier, Answers]:
    """A backend on the private bus, reporting answers to the Answers returned with it."""
    notifier = open_notifier(bare_bus)
    answers = Answers()
    notifier.listen(answers)
    return notifier, answers


def test_reminder_carries_buttons_hints_icon_and_timeout(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """Start, Done, Snooze <default>, Skip; urgency a byte, category, desktop entry, timeout."""
    notifier = open_notifier(bare_bus, snooze=timedelta(minutes=10))
    try:
        notifier.send(reminder(urgency="critical", timeout=timedelta(seconds=45)))
    finally:
        notifier.close()

    [received] = server.wait_for_calls(1)
    call = received.call
    assert call.app_name == "sitbreak"
    assert (call.summary, call.body) == ("Stand up", "Walk for a minute.")
    assert call.actions == (
        ("start", "Start"),
        ("done", "Done"),
        ("snooze", "Snooze 10 min"),
        ("skip", "Skip"),
    )
    assert "value" not in call.hints
    assert call.hints["urgency"] == 2
    assert received.hint_signatures["urgency"] == "y"
    assert call.hints["category"] == "x-sitbreak.reminder"
    assert call.hints["desktop-entry"] == "sitbreak"
    assert call.expire_timeout_ms == 45_000
    assert call.replaces_id == 0


def test_icon_is_sent_as_a_file_uri(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """The packaged icon goes out as app_icon, a file:// URI as the spec asks."""
    icon = icon_path()
    assert icon is not None, "the package ships data/sitbreak.svg"
    notifier = open_notifier(bare_bus, icon=icon)
    try:
        notifier.send(reminder())
    finally:
        notifier.close()

    [received] = server.wait_for_calls(1)
    assert received.call.app_icon == icon.resolve().as_uri()
    assert received.call.app_icon.endswith("/sitbreak.svg")


def test_timeout_zero_asks_the_server_to_keep_it(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """`[notifications] timeout = 0` becomes expire_timeout 0: never expire."""
    notifier = open_notifier(bare_bus)
    try:
        notifier.send(reminder(timeout=timedelta(0)))
    finally:
        notifier.close()

    assert server.wait_for_calls(1)[0].call.expire_timeout_ms == 0


def test_buttons_can_be_switched_off_and_relabelled(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """configure() takes effect from the next reminder: no buttons, then a 25 min snooze."""
    notifier = open_notifier(bare_bus, buttons=False)
    try:
        notifier.send(reminder())
        notifier.configure(buttons=True, snooze=timedelta(minutes=25))
        notifier.send(reminder())
    finally:
        notifier.close()

    first, second = server.wait_for_calls(2)
    assert first.call.actions == ()
    assert ("snooze", "Snooze 25 min") in second.call.actions


def test_a_new_reminder_replaces_the_previous_one(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """The second Notify carries the first one's id, so reminders never stack."""
    notifier = open_notifier(bare_bus)
    notifier.listen(Answers())
    try:
        notifier.send(reminder(Kind.POSTURE))
        notifier.send(reminder(Kind.MICRO))
    finally:
        notifier.close()

    first, second = server.wait_for_calls(2)
    assert second.call.replaces_id == first.id != 0


@pytest.mark.parametrize(
    ("key", "event"),
    [
        ("done", Done(Kind.STRETCH)),
        ("snooze", Snooze(None)),
        ("skip", Skip()),
    ],
)
def test_a_button_is_reported_and_the_notification_closed(
    bare_bus: DesktopSession, server: FakeNotificationServer, key: str, event: Event
) -> None:
    """Pressing a button reports its event once and takes the notification down."""
    notifier, answers = listening(bare_bus)
    try:
        notifier.send(reminder(Kind.STRETCH))
        [shown] = server.wait_for_calls(1)
        server.invoke_action(shown.id, key)

        assert answers.next() == event
        assert server.wait_for_close_calls(1) == [shown.id]
    finally:
        notifier.close()
    assert answers.empty()


def test_closed_by_the_person_is_reported_as_dismissed_and_expiry_is_not(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """Reason 1 (expired) reports nothing; reason 2 (dismissed by the user) reports Dismissed."""
    notifier, answers = listening(bare_bus)
    try:
        notifier.send(reminder())
        [first] = server.wait_for_calls(1)
        server.close(first.id, 1)
        notifier.send(reminder())
        _, second = server.wait_for_calls(2)
        server.close(second.id, 2)

        assert answers.next() == Dismissed()
    finally:
        notifier.close()
    assert answers.empty()


def test_signals_from_other_programs_are_ignored(bare_bus: DesktopSession) -> None:
    """ActionInvoked from a connection that is not the server changes nothing, sent to all or us."""
    server = FakeNotificationServer(bare_bus.bus_address, ["actions"], broadcast=True)
    notifier, answers = listening(bare_bus)
    rogue = open_dbus_connection(bus=bare_bus.bus_address)
    try:
        notifier.send(reminder())
        [shown] = server.wait_for_calls(1)
        emitter = DBusAddress(PATH, interface=NAME)
        rogue.send(new_signal(emitter, "ActionInvoked", "us", (shown.id, "skip")))
        to_us = new_signal(emitter, "ActionInvoked", "us", (shown.id, "done"))
        to_us.header.fields[HeaderFields.destination] = shown.sender
        rogue.send(to_us)
        server.invoke_action(shown.id, "snooze")

        assert answers.next() == Snooze(None)
    finally:
        rogue.close()
        notifier.close()
        server.stop()
    assert answers.empty()


def test_close_stops_listening_and_takes_the_reminder_down(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """close() closes our notification, whose buttons would be dead, and the bus it owns."""
    notifier = open_notifier(bare_bus)
    notifier.listen(Answers())
    notifier.send(reminder())
    [shown] = server.wait_for_calls(1)

    notifier.close()

    assert server.wait_for_close_calls(1) == [shown.id]
    assert not [t for t in threading.enumerate() if t.name.startswith("sitbreak-dbus-")]


def test_a_withdrawn_reminder_is_closed_and_its_buttons_ignored(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """withdraw() closes the notification; a press on it afterwards reports nothing."""
    notifier, answers = listening(bare_bus)
    try:
        notifier.send(reminder())
        [shown] = server.wait_for_calls(1)
        notifier.withdraw()
        assert server.wait_for_close_calls(1) == [shown.id]
        server.invoke_action(shown.id, "done")
        notifier.send(reminder())
        _, second = server.wait_for_calls(2)
        server.invoke_action(second.id, "skip")
        assert answers.next() == Skip()
    finally:
        notifier.close()
    assert second.call.replaces_id == 0, "a withdrawn reminder is not replaced, it is gone"
    assert answers.empty()


def test_a_refused_send_asks_the_server_again_and_retries(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """A Notify that fails makes the backend ask GetCapabilities again, then send once more."""
    notifier = open_notifier(bare_bus)
    try:
        asked = len(server.service.calls_to("GetCapabilities"))
        server.refuse_next_notify = True
        notifier.send(reminder())
    finally:
        notifier.close()
    assert len(server.service.calls_to("Notify")) == 2
    assert len(server.wait_for_calls(1)) == 1
    assert len(server.service.calls_to("GetCapabilities")) == asked + 1


def test_a_server_that_starts_later_gets_the_reminders_with_buttons(
    bare_bus: DesktopSession, caplog: pytest.LogCaptureFixture
) -> None:
    """No server at first: send fails saying so; once one owns the name it is used, buttons on."""
    with caplog.at_level(logging.INFO, logger="sitbreak.notify"):
        notifier = open_notifier(bare_bus)
        try:
            assert notifier.detail.startswith("none: no notification server on the session bus")
            with pytest.raises(NotifyError, match="no notification server"):
                notifier.send(reminder())
            late = FakeNotificationServer(bare_bus.bus_address, ["actions", "body"])
            try:
                wait_until(lambda: "with Done, Snooze and Skip" in notifier.detail, "the server")
                notifier.send(reminder())
                [shown] = late.wait_for_calls(1)
                warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
            finally:
                late.stop()
        finally:
            notifier.close()
    assert [key for key, _label in shown.call.actions] == ["start", "done", "snooze", "skip"]
    assert len(warnings) == 1, "the missing server is reported once, with the fix"
    assert "install dunst or mako" in warnings[0].getMessage()
    assert "notifications through fake 1.0 (sitbreak tests), with Done" in caplog.text


def test_a_restarted_server_starts_afresh(bare_bus: DesktopSession) -> None:
    """When the server is replaced, the old notification id is forgotten: no replaces_id to it."""
    first = FakeNotificationServer(bare_bus.bus_address, ["actions"])
    notifier = open_notifier(bare_bus)
    try:
        notifier.send(reminder())
        first.wait_for_calls(1)
        first.stop()
        second = FakeNotificationServer(bare_bus.bus_address, ["actions"])
        try:
            wait_until(lambda: notifier.detail.startswith("fake"), "the new server")
            notifier.send(reminder())
            [received] = second.wait_for_calls(1)
        finally:
            second.stop()
    finally:
        notifier.close()
    assert received.call.replaces_id == 0


def test_a_standalone_note_answers_nothing_and_leaves_the_reminder_alone(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """A standalone note (the daily summary): no buttons, no replacing the reminder on screen,
    closing it reports no Dismissed, and the next reminder still replaces the first."""
    notifier = open_notifier(bare_bus)
    answers = Answers()
    notifier.listen(answers)
    try:
        notifier.send(reminder(Kind.MICRO))
        notifier.send(reminder(standalone=True))
        first, summary = server.wait_for_calls(2)
        assert summary.call.actions == ()
        assert summary.call.replaces_id == 0
        server.close(summary.id, 2)
        notifier.send(reminder(Kind.STRETCH))
        _, _, third = server.wait_for_calls(3)
        assert third.call.replaces_id == first.id
        server.close(third.id, 2)
        assert answers.next() == Dismissed()
    finally:
        notifier.close()
    assert answers.empty()


def test_notes_in_a_slot_replace_each_other_and_nothing_else(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """Two notes in the tray's slot: the second replaces the first; the reminder on screen and
    a note without a slot are left alone, and the next reminder still replaces the reminder."""
    notifier = open_notifier(bare_bus)
    notifier.listen(Answers())
    try:
        notifier.send(reminder(Kind.MICRO))
        notifier.send(reminder(standalone=True, slot="tray"))
        notifier.send(reminder(standalone=True))
        notifier.send(reminder(standalone=True, slot="tray"))
        notifier.send(reminder(Kind.STRETCH))
        shown, note, loose, second_note, next_reminder = server.wait_for_calls(5)
        assert note.call.replaces_id == 0
        assert loose.call.replaces_id == 0
        assert second_note.call.replaces_id == note.id
        assert next_reminder.call.replaces_id == shown.id
    finally:
        notifier.close()


def test_a_posture_check_has_no_start_and_gnome_shell_keeps_three_buttons(
    bare_bus: DesktopSession,
) -> None:
    """Posture: Done, Snooze, Skip; on GNOME Shell (3 buttons shown) Start takes Done's place."""

    class FakeGnomeShell(FakeNotificationServer):
        SERVER_INFORMATION = ("gnome-shell", "GNOME", "46.0", "1.2")

    server = FakeGnomeShell(bare_bus.bus_address, ["actions", "body"])
    notifier = open_notifier(bare_bus)
    try:
        notifier.send(reminder(Kind.POSTURE))
        notifier.send(reminder(Kind.STRETCH))
        posture, stretch = server.wait_for_calls(2)
    finally:
        notifier.close()
        server.stop()
    assert [key for key, _ in posture.call.actions] == ["done", "snooze", "skip"]
    assert [key for key, _ in stretch.call.actions] == ["start", "snooze", "skip"]


def test_guide_steps_replace_the_reminder_carry_progress_and_answer_skip_only(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """Each step replaces the reminder (one id), has a Skip button and a "value" hint (an int);
    Skip on a step is reported; the guide's end replaces the step and answers nothing."""
    notifier, answers = listening(bare_bus)
    try:
        notifier.send(reminder(Kind.STRETCH))
        notifier.send(reminder(Kind.STRETCH, stage=Stage.GUIDE_STEP, progress=0))
        notifier.send(reminder(Kind.STRETCH, stage=Stage.GUIDE_STEP, progress=50))
        shown, first, second = server.wait_for_calls(3)
        server.invoke_action(second.id, "skip")
        assert answers.next() == Skip()
        notifier.send(reminder(Kind.STRETCH, stage=Stage.GUIDE_STEP, progress=150))
        notifier.send(reminder(Kind.STRETCH, stage=Stage.GUIDE_END, progress=100))
        notifier.send(reminder(Kind.MICRO))
        *_, third, end, after = server.wait_for_calls(6)
        server.invoke_action(end.id, "skip")
        server.close(end.id, 2)
    finally:
        notifier.close()
    assert first.call.replaces_id == second.call.replaces_id == shown.id
    assert [first.call.actions, end.call.actions] == [(("skip", "Skip"),), ()]
    assert [first.call.hints["value"], second.call.hints["value"]] == [0, 50]
    assert first.hint_signatures["value"] == "i"
    assert (third.call.hints["value"], end.call.hints["value"]) == (100, 100)
    assert end.call.replaces_id == third.id
    assert after.call.replaces_id == 0  # the guide's end stays until it expires, unreplaced
    assert answers.empty()


def test_start_is_reported_and_the_reminder_stays_for_the_first_step_to_replace(
    bare_bus: DesktopSession, server: FakeNotificationServer
) -> None:
    """Start reports StartGuide(kind) and closes nothing: the first step replaces the reminder."""
    notifier, answers = listening(bare_bus)
    try:
        notifier.send(reminder(Kind.STRETCH))
        [shown] = server.wait_for_calls(1)
        server.invoke_action(shown.id, "start")
        assert answers.next() == StartGuide(Kind.STRETCH)
        notifier.send(reminder(Kind.STRETCH, stage=Stage.GUIDE_STEP, progress=0))
        _, step = server.wait_for_calls(2)
    finally:
        notifier.close()
    assert step.call.replaces_id == shown.id
    assert server.closed_by_call[:1] == [shown.id]  # closed only by close(), at the end


def test_xfce4_notifyd_gets_guide_steps_without_the_value_hint(bare_bus: DesktopSession) -> None:
    """xfce4-notifyd draws a "value" notification as a bare gauge, hiding the step's words and
    its Skip button: there a step goes without the hint."""

    class FakeXfceNotifyd(FakeNotificationServer):
        SERVER_INFORMATION = ("Xfce Notify Daemon", "Xfce", "0.7.3", "1.2")

    server = FakeXfceNotifyd(bare_bus.bus_address, ["actions", "body"])
    notifier = open_notifier(bare_bus)
    try:
        notifier.send(reminder(Kind.STRETCH, stage=Stage.GUIDE_STEP, progress=50))
        [step] = server.wait_for_calls(1)
    finally:
        notifier.close()
        server.stop()
    assert "value" not in step.call.hints
    assert step.call.actions == (("skip", "Skip"),)
