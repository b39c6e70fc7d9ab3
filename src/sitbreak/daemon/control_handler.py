"""Control requests in, core events out: every command goes through the daemon's dispatch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from sitbreak.control.protocol import Request, error_reply
from sitbreak.core import (
    Done,
    Event,
    GuideEnded,
    HoldReleased,
    Kind,
    Outcome,
    Pause,
    Record,
    Resolution,
    Resume,
    Skip,
    Snooze,
    StartGuide,
    StatusView,
    Tick,
    summary_due,
)
from sitbreak.core.limits import MAX_PAUSE, MAX_SNOOZE
from sitbreak.daemon.shell import Daemon
from sitbreak.daemon.status import status_payload
from sitbreak.dispatch import DispatchResult
from sitbreak.durations import humanize, parse_duration
from sitbreak.log_place import LogPlace
from sitbreak.status_text import at_phrase, next_phrase

__all__ = ["BadArgument", "ControlHandler", "Reloader"]

log = logging.getLogger(__name__)

Reply = dict[str, object]


class BadArgument(ValueError):
    """A request argument of the wrong type or shape."""


class Reloader(Protocol):
    """Reloads the settings; returns None on success or the problems as text."""

    def __call__(self) -> str | None:
        """Try to load and apply the settings."""


def _only(args: Mapping[str, object], *allowed: str) -> None:
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise BadArgument(f"unexpected argument(s): {', '.join(unknown)}")


def _optional_str(args: Mapping[str, object], key: str) -> str | None:
    value = args.get(key)
    if value is None or isinstance(value, str):
        return value
    raise BadArgument(f"{key!r} must be a string, not {type(value).__name__}")


def _duration(
    args: Mapping[str, object], key: str, longest: timedelta, instead: str
) -> timedelta | None:
    """A duration argument of at most ``longest``; ``instead`` says what to do for longer."""
    text = _optional_str(args, key)
    if text is None:
        return None
    try:
        duration = parse_duration(text)
    except ValueError as error:
        raise BadArgument(f"{key}: {error}") from error
    if duration > longest:
        raise BadArgument(
            f"{key}: {_shown(text)} is more than the maximum of {_span(longest)}; {instead}"
        )
    return duration


def _shown(text: str, limit: int = 40) -> str:
    """``text`` as the person wrote it, cut short if it is long."""
    text = text.strip()
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _span(amount: timedelta) -> str:
    """A limit in words: ``12 hours``, ``30 days``."""
    if amount.days and not amount.seconds:
        return f"{amount.days} day{'' if amount.days == 1 else 's'}"
    hours = round(amount.total_seconds() / 3600)
    return f"{hours} hour{'' if hours == 1 else 's'}"


def _moment(args: Mapping[str, object], key: str) -> datetime | None:
    text = _optional_str(args, key)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise BadArgument(f"{key}: {text!r} is not an ISO 8601 time") from error
    if moment.tzinfo is None:
        raise BadArgument(f"{key}: {text!r} needs a UTC offset")
    return moment


def _outcome_kind(result: DispatchResult, outcome: Resolution) -> Kind | None:
    """The kind of reminder the core recorded ``outcome`` for in this dispatch, if any."""
    for effect in result.effects:
        entry = effect.entry if isinstance(effect, Record) else None
        if isinstance(entry, Outcome) and entry.resolution is outcome:
            return entry.kind
    return None


class ControlHandler:
    """Answers one request at a time; called by the control server's thread."""

    def __init__(
        self,
        daemon: Daemon,
        reload: Reloader,
        stop: Callable[[], None],
        idle_backend: Callable[[], str],
        *,
        idle_detail: Callable[[], str] = lambda: "",
        notifications: Callable[[], str] = lambda: "",
        log_place: LogPlace | None = None,
    ) -> None:
        self._daemon = daemon
        self._reload = reload
        self._stop = stop
        self._idle_backend = idle_backend
        self._idle_detail = idle_detail
        self._notifications = notifications
        self._log_place = log_place
        self._commands: dict[str, Callable[[Mapping[str, object]], Reply]] = {
            "status": self._status,
            "subscribe": self._subscribe,
            "ping": self._ping,
            "snooze": self._snooze,
            "pause": self._pause,
            "resume": self._resume,
            "skip": self._skip,
            "done": self._done,
            "start": self._start,
            "reload": self._reload_command,
            "stop": self._stop_command,
        }

    def __call__(self, request: Request) -> Reply:
        """The reply to ``request``; bad arguments get a ``bad_request`` error."""
        command = self._commands.get(request.cmd)
        if command is None:
            known = ", ".join(sorted(self._commands))
            return error_reply(
                "unknown_command", f"unknown command {request.cmd!r}; known: {known}"
            )
        try:
            return command(request.args)
        except BadArgument as error:
            return error_reply("bad_request", f"{request.cmd}: {error}")

    def payload(self) -> Reply:
        """The status as JSON data, now."""
        now = self._daemon.now()
        return self.payload_of(self._daemon.status(now), now)

    def payload_of(self, view: StatusView, now: datetime) -> Reply:
        """``view`` (as of ``now``) as JSON data; cheap enough to call inside the daemon lock."""
        daemon = self._daemon
        policy = daemon.configuration.policy
        return status_payload(
            view,
            now,
            pid=daemon.pid,
            config_file=str(daemon.configuration.loaded.config_file),
            idle_backend=self._idle_backend(),
            tz=policy.schedule.tz,
            every={kind: cadence.every for kind, cadence in policy.kinds.items()},
            idle_detail=self._idle_detail(),
            notifications=self._notifications(),
            log_place=self._log_place,
            pending_prompt=daemon.prompt_shown(view.pending_kind),
            guided=daemon.guided,
        )

    def _answer(self, result: DispatchResult, done: str) -> Reply:
        # the dispatch already described the state it left; no second forecast needed
        now = result.now
        status = self.payload_of(result.status, now)
        if result.rejected is not None:
            upcoming = next_phrase(status, now)
            reply = error_reply(
                "rejected", f"{result.rejected} {upcoming[0].upper()}{upcoming[1:]}."
            )
            reply["status"] = status
            return reply
        return {"ok": True, "message": f"{done}; {next_phrase(status, now)}.", "status": status}

    def _send(self, event: Event) -> DispatchResult:
        return self._daemon.dispatch(event)

    def _status(self, args: Mapping[str, object]) -> Reply:
        _only(args)
        daemon = self._daemon
        if summary_due(daemon.state, daemon.now(), daemon.configuration.policy):
            daemon.dispatch(Tick())  # nothing woke the daemon since the day ended: its summary
        return {"ok": True, "status": self.payload()}

    def _subscribe(self, args: Mapping[str, object]) -> Reply:
        """The server keeps this connection and pushes each visible status change to it."""
        _only(args)
        return {"ok": True, "subscribe": True, "status": self.payload()}

    def _ping(self, args: Mapping[str, object]) -> Reply:
        _only(args)
        return {"ok": True, "message": "pong", "pid": self._daemon.pid}

    def _snooze(self, args: Mapping[str, object]) -> Reply:
        _only(args, "duration")
        longer = "to stop reminders for longer, pause them ('sitbreak pause 2d', or --until HH:MM)"
        duration = _duration(args, "duration", MAX_SNOOZE, longer)
        result = self._send(Snooze(duration))
        until = result.status.snoozed_until
        snoozed = _outcome_kind(result, Resolution.SNOOZED)
        what = f"the {snoozed.label}" if snoozed is not None else "reminders"
        when = at_phrase(until, result.now) if until is not None else "later"
        return self._answer(result, f"Snoozed {what} until {when}")

    def _pause(self, args: Mapping[str, object]) -> Reply:
        _only(args, "duration", "until")
        no_end = "'sitbreak pause' without a time lasts until you resume"
        duration = _duration(args, "duration", MAX_PAUSE, no_end)
        until = _moment(args, "until")
        if duration is not None and until is not None:
            raise BadArgument("give a duration or an end time, not both")
        now = self._daemon.now()
        if duration is not None:
            if duration <= timedelta(0):
                raise BadArgument("a pause must last longer than zero")
            until = now + duration
        elif until is not None and until - now > MAX_PAUSE:
            raise BadArgument(f"until: more than {_span(MAX_PAUSE)} from now; {no_end}")
        result = self._send(Pause(until))
        # one "now" for every phrase of the reply, so one moment reads the same twice
        how_long = "until you resume" if until is None else f"until {at_phrase(until, result.now)}"
        return self._answer(result, f"Paused {how_long}")

    def _resume(self, args: Mapping[str, object]) -> Reply:
        _only(args)
        result = self._send(Resume())
        released = any(isinstance(effect, HoldReleased) for effect in result.effects)
        return self._answer(result, "Resumed" if released else "Nothing was paused or snoozed")

    def _skip(self, args: Mapping[str, object]) -> Reply:
        _only(args)
        result = self._send(Skip())
        skipped = _outcome_kind(result, Resolution.SKIPPED)
        if any(isinstance(effect, GuideEnded) for effect in result.effects) and skipped:
            return self._answer(result, f"Ended the guided {skipped.label} (logged as skipped)")
        what = skipped.label if skipped is not None else "waiting reminder"
        return self._answer(result, f"Skipped the {what}")

    def _done(self, args: Mapping[str, object]) -> Reply:
        _only(args, "kind")
        name = _optional_str(args, "kind")
        try:
            kind = None if name is None else Kind(name)
        except ValueError as error:
            raise BadArgument(f"kind must be posture, micro or stretch, not {name!r}") from error
        result = self._send(Done(kind))
        counted = _outcome_kind(result, Resolution.DONE)
        label = counted.label if counted is not None else "break"
        return self._answer(result, f"Well done: {label} counted")

    def _start(self, args: Mapping[str, object]) -> Reply:
        _only(args, "kind")
        name = _optional_str(args, "kind")
        if name is not None and name not in (Kind.MICRO.value, Kind.STRETCH.value):
            raise BadArgument(f"kind must be micro or stretch, not {name!r}")
        result = self._send(StartGuide(None if name is None else Kind(name)))
        guided = self._daemon.guided
        view = result.status.guide
        if result.rejected is not None or guided is None or view is None:
            return self._answer(result, "")
        length = sum((step.length for step in guided.steps), timedelta(0))
        message = (
            f"Started a guided {view.kind.label}: {guided.prompt.title}, {view.steps}"
            f" step{'' if view.steps == 1 else 's'} in {humanize(length)}."
            f" First: {guided.steps[0].text}. 'sitbreak skip' ends it."
        )
        return {
            "ok": True,
            "message": message,
            "status": self.payload_of(result.status, result.now),
        }

    def _reload_command(self, args: Mapping[str, object]) -> Reply:
        _only(args)
        problems = self._reload()
        if problems is not None:
            return error_reply(
                "bad_config", f"kept the running settings; the new ones have problems:\n{problems}"
            )
        now = self._daemon.now()
        status = self.payload_of(self._daemon.status(now), now)
        config = self._daemon.configuration.loaded.config_file
        message = f"Reloaded {config}; {next_phrase(status, now)}."
        return {"ok": True, "message": message, "status": status}

    def _stop_command(self, args: Mapping[str, object]) -> Reply:
        _only(args)
        self._stop()
        return {"ok": True, "message": f"Stopping the daemon (pid {self._daemon.pid})."}
