"""One connection to a D-Bus bus, shared by every part that talks to it, kept up across restarts.

jeepney speaks the protocol (pure Python: no compiler, no system headers); ``Connection``
holds the socket and its receiver thread. Around it, a Bus offers:

- calls, each with the same timeout and failing with the same error, BusError;
- signal subscriptions, name-owner watches and exported objects, all run on one handler
  thread, one at a time and in arrival order, so they may themselves make calls and wait;
- after the bus restarts and the connection is back: match rules, owned names and watched
  owners set up again, then ``on_reconnect`` hooks, so no part must notice on its own.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    Message,
    MessageFlag,
    MessageType,
    new_method_call,
    new_signal,
)

from sitbreak.dbus.addressing import DRIVER, NAME_HAS_NO_OWNER, BusError, Match, Signal, Target
from sitbreak.dbus.connection import CALL_TIMEOUT, Connection, bus_address
from sitbreak.dbus.export import PROPERTIES, Exports, Interface

__all__ = ["Bus", "Subscription"]

log = logging.getLogger(__name__)

_DO_NOT_QUEUE = 4
_OWNED = (1, 4)  # RequestName: the primary owner now, or already


class Subscription:
    """What ``subscribe``, ``watch_name``, ``export`` and ``on_reconnect`` return: cancel it."""

    def __init__(self, cancel: Callable[[], None]) -> None:
        """Remember how to undo the registration."""
        self._cancel: Callable[[], None] | None = cancel

    def cancel(self) -> None:
        """Undo the registration; idempotent."""
        cancel, self._cancel = self._cancel, None
        if cancel is not None:
            cancel()


@dataclass
class _Owner:
    """A well-known name whose owner is followed: for senders of signals, and for watchers."""

    owner: str = ""  # the unique name owning it now, "" while nobody does
    changes: int = 0  # NameOwnerChanged seen so far; a GetNameOwner answer older than one loses
    users: int = 0
    watchers: dict[int, Callable[[str], None]] = field(default_factory=dict)


class Bus:
    """A connection to one bus (the session's by default); ``close`` it when done."""

    def __init__(
        self,
        which: str | None = "SESSION",
        *,
        label: str | None = None,
        reconnect: bool = True,
        timeout: float = CALL_TIMEOUT,
    ) -> None:
        """Connect to ``which`` ("SESSION", "SYSTEM" or an address) now, if it can be reached.

        None stands for a session without a bus (every call then says so).

        With ``reconnect``, a bus that cannot be reached now or goes away later is connected
        again when it is back; without, calls fail from then on (for one-off checks).
        """
        self.address = bus_address(which)
        named = {"SESSION": "session", "SYSTEM": "system", None: "session"}
        self.label = label or named.get(which, "private")
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._subscribers: dict[int, tuple[Match, Callable[[Signal], None]]] = {}
        self._owners: dict[str, _Owner] = {}
        self._names: set[str] = set()
        self._hooks: dict[int, Callable[[], None]] = {}
        self.exports = Exports()
        self._inbox: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._handler = threading.Thread(
            target=self._handle, name=f"sitbreak-dbus-{self.label}", daemon=True
        )
        self._handler.start()
        self._connection = Connection(
            self.address,
            self.label,
            self._on_message,
            partial(self._inbox.put, self._restore),
            reconnect=reconnect,
            timeout=timeout,
        )

    @property
    def connected(self) -> bool:
        """Whether the connection is up now."""
        return self._connection.up

    @property
    def why_not_connected(self) -> str:
        """Why there is no connection (meaningful while ``connected`` is false)."""
        return self._connection.why

    # --- calling

    def call(
        self,
        target: Target,
        member: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
        *,
        auto_start: bool = True,
    ) -> tuple[Any, ...]:
        """Call ``member`` and return the reply's body; BusError says what went wrong.

        ``auto_start=False`` never lets D-Bus start a service to answer (for reading a
        desktop's state, which must not start programs the desktop does not run).
        """
        address = DBusAddress(target.path, bus_name=target.bus_name, interface=target.interface)
        message = new_method_call(address, member, signature, body)
        if not auto_start:
            message.header.flags |= MessageFlag.no_auto_start
        where = f"{target.bus_name} {member}"
        reply = self._connection.send_and_wait(message, where)
        if reply.header.message_type is MessageType.error:
            name = str(reply.header.fields.get(HeaderFields.error_name, "an error"))
            text = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
            raise BusError(f"{where}: {name}" + (f": {text}" if text else ""), name)
        return tuple(reply.body)

    def get_property(self, target: Target, name: str, *, auto_start: bool = True) -> Any:
        """The value of one property of ``target`` (the variant unwrapped)."""
        where = Target(target.bus_name, target.path, PROPERTIES)
        (variant,) = self.call(where, "Get", "ss", (target.interface, name), auto_start=auto_start)
        _signature, value = variant
        return value

    def name_owner(self, name: str) -> str:
        """The unique name owning ``name`` now, "" when nobody does (never starts a service)."""
        try:
            (owner,) = self.call(DRIVER, "GetNameOwner", "s", (name,))
        except BusError as error:
            if error.name == NAME_HAS_NO_OWNER:
                return ""
            raise
        return str(owner)

    # --- listening

    def subscribe(self, match: Match, handler: Callable[[Signal], None]) -> Subscription:
        """Run ``handler`` on the handler thread for each signal that ``match`` wants."""
        key = next(self._ids)
        with self._lock:
            self._subscribers[key] = (match, handler)
        sender = match.sender if match.names_sender else None
        if sender is not None:
            self._follow_owner(sender)
        self._add_match(match.rule())

        def cancel() -> None:
            with self._lock:
                self._subscribers.pop(key, None)
            self._remove_match(match.rule())
            if sender is not None:
                self._unfollow_owner(sender)

        return Subscription(cancel)

    def watch_name(self, name: str, on_owner: Callable[[str], None]) -> Subscription:
        """Tell ``on_owner`` each new owner of ``name`` ("" when it leaves), on the handler thread.

        Also after a reconnect, when the owner differs from the one before.
        """
        key = next(self._ids)
        self._follow_owner(name)
        with self._lock:
            self._owners[name].watchers[key] = on_owner

        def cancel() -> None:
            with self._lock:
                self._owners[name].watchers.pop(key, None)
            self._unfollow_owner(name)

        return Subscription(cancel)

    def on_reconnect(self, hook: Callable[[], None]) -> Subscription:
        """Run ``hook`` on the handler thread each time the connection is back after a loss."""
        key = next(self._ids)
        with self._lock:
            self._hooks[key] = hook

        def cancel() -> None:
            with self._lock:
                self._hooks.pop(key, None)

        return Subscription(cancel)

    def post(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the handler thread, after every signal received so far."""
        self._inbox.put(job)

    # --- serving

    def export(self, path: str, *interfaces: Interface) -> Subscription:
        """Serve ``interfaces`` at ``path`` to callers on the bus."""
        self.exports.add(path, interfaces)
        return Subscription(partial(self.exports.remove, path))

    def emit(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
        *,
        destination: str | None = None,
    ) -> None:
        """Send a signal from ``path``: to everyone listening, or to ``destination`` only."""
        signal = new_signal(DBusAddress(path, interface=interface), member, signature, body)
        if destination is not None:
            signal.header.fields[HeaderFields.destination] = destination
        self._connection.send(signal, f"signal {member}")

    def emit_properties_changed(self, path: str, interface: str, names: Sequence[str]) -> None:
        """Announce the current values of properties ``names`` of an exported interface."""
        signal = self.exports.properties_changed(path, interface, names)
        self._connection.send(signal, "PropertiesChanged")

    def request_name(self, name: str) -> bool:
        """Own ``name`` (now, and again after each reconnect); False while another owns it."""
        with self._lock:
            self._names.add(name)
        (result,) = self.call(DRIVER, "RequestName", "su", (name, _DO_NOT_QUEUE))
        return int(result) in _OWNED

    def release_name(self, name: str) -> None:
        with self._lock:
            self._names.discard(name)
        self.call(DRIVER, "ReleaseName", "s", (name,))

    # --- names followed, match rules

    def _follow_owner(self, name: str) -> None:
        """Keep the owner of ``name`` up to date (from NameOwnerChanged), counting users."""
        with self._lock:
            followed = self._owners.setdefault(name, _Owner())
            followed.users += 1
            if followed.users > 1:
                return
        self._add_match(_owner_match(name).rule())
        self._refresh_owner(name)

    def _unfollow_owner(self, name: str) -> None:
        """One user fewer; the last one stops following."""
        with self._lock:
            followed = self._owners.get(name)
            if followed is None:
                return
            followed.users -= 1
            if followed.users > 0:
                return
            del self._owners[name]
        self._remove_match(_owner_match(name).rule())

    def _refresh_owner(self, name: str, *, tell: bool = False) -> None:
        """Ask who owns ``name``; with ``tell``, report a change to its watchers."""
        with self._lock:
            followed = self._owners.get(name)
            if followed is None:
                return
            seen = followed.changes
        try:
            owner = self.name_owner(name)
        except BusError as error:
            log.debug("cannot tell who owns %s: %s", name, error)
            return
        with self._lock:
            if followed.changes != seen:  # a NameOwnerChanged came meanwhile: it is newer
                return
            before, followed.owner = followed.owner, owner
            watchers = list(followed.watchers.values())
        if tell and owner != before:
            for watcher in watchers:
                _run(watcher, owner)

    def _add_match(self, rule: str) -> None:
        """AddMatch; while disconnected, the restore after reconnecting adds it."""
        if self.connected:
            try:
                self.call(DRIVER, "AddMatch", "s", (rule,))
            except BusError as error:
                log.warning("cannot listen for D-Bus signals (%s): %s", rule, error)

    def _remove_match(self, rule: str) -> None:
        """RemoveMatch, best effort."""
        if self.connected:
            try:
                self.call(DRIVER, "RemoveMatch", "s", (rule,))
            except BusError as error:
                log.debug("RemoveMatch %s: %s", rule, error)

    def _restore(self) -> None:
        """On the handler thread, after reconnecting: rules, names, owners, then the hooks."""
        with self._lock:
            rules = [match.rule() for match, _handler in self._subscribers.values()]
            rules += [_owner_match(name).rule() for name in self._owners]
            names, followed = sorted(self._names), list(self._owners)
            hooks = list(self._hooks.values())
        for rule in rules:
            self._add_match(rule)
        for name in names:
            try:
                self.call(DRIVER, "RequestName", "su", (name, _DO_NOT_QUEUE))
            except BusError as error:
                log.warning("cannot own %s again: %s", name, error)
        for name in followed:
            self._refresh_owner(name, tell=True)
        for hook in hooks:
            _run(hook)

    # --- messages in, on the receiver thread; their handlers, on the handler thread

    def _on_message(self, message: Message) -> None:
        """A signal to the handlers that want it; a call to the exported objects."""
        kind = message.header.message_type
        if kind is MessageType.signal:
            self._dispatch_signal(message)
        elif kind is MessageType.method_call:
            self._inbox.put(partial(self._answer, message))

    def _dispatch_signal(self, message: Message) -> None:
        """Queue the handlers that want this signal (an owner change is noted first, here)."""
        fields = message.header.fields
        signal = Signal(
            sender=str(fields.get(HeaderFields.sender, "")),
            path=str(fields.get(HeaderFields.path, "")),
            interface=str(fields.get(HeaderFields.interface, "")),
            member=str(fields.get(HeaderFields.member, "")),
            body=tuple(message.body),
        )
        jobs: list[Callable[[], None]] = []
        with self._lock:
            if signal.sender == DRIVER.bus_name and signal.member == "NameOwnerChanged":
                jobs += self._note_owner(signal)
            for match, handler in self._subscribers.values():
                if match.matches(signal, self._owner_of(match.sender)):
                    jobs.append(partial(handler, signal))
        for job in jobs:
            self._inbox.put(job)

    def _note_owner(self, signal: Signal) -> list[Callable[[], None]]:
        """Follow a name's new owner before any later message is matched (lock held)."""
        name, _old, new = signal.body
        followed = self._owners.get(name)
        if followed is None:
            return []
        followed.owner, followed.changes = new, followed.changes + 1
        return [partial(watcher, new) for watcher in followed.watchers.values()]

    def _owner_of(self, sender: str | None) -> str | None:
        """The owner of a followed well-known sender (lock held)."""
        followed = self._owners.get(sender) if sender is not None else None
        return (followed.owner or None) if followed is not None else None

    def _answer(self, call: Message) -> None:
        """On the handler thread: answer one incoming call."""
        reply = self.exports.answer(call)
        if reply is not None:
            try:
                self._connection.send(reply, "a reply")
            except BusError as error:
                log.debug("could not answer a call: %s", error)

    def _handle(self) -> None:
        """The handler thread: run each queued job in order until ``close``."""
        while (job := self._inbox.get()) is not None:
            _run(job)

    def close(self) -> None:
        """Close the connection and stop both threads; idempotent."""
        self._connection.close()
        self._inbox.put(None)
        if self._handler is not threading.current_thread():
            self._handler.join(timeout=10)


def _run(job: Callable[..., None], *args: Any) -> None:
    """Run one handler; a failure is logged and the thread carries on."""
    try:
        job(*args)
    except Exception:
        log.exception("a D-Bus handler failed; carrying on")


def _owner_match(name: str) -> Match:
    """The bus driver's NameOwnerChanged for ``name``."""
    return Match(
        sender=DRIVER.bus_name,
        path=DRIVER.path,
        interface=DRIVER.interface,
        member="NameOwnerChanged",
        args=(name,),
    )
