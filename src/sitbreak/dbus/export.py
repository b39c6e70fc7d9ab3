"""Objects this process serves on the bus: methods, read-only properties and signals.

What a tray icon (StatusNotifierItem, com.canonical.dbusmenu) needs from a server: answer
method calls, ``Get``/``GetAll`` of ``org.freedesktop.DBus.Properties``, ``Introspect`` and
``Ping``, each call answered with a reply or a D-Bus error, never left hanging.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from jeepney import DBusAddress, HeaderFields, Message, MessageFlag, new_error, new_method_return
from jeepney import new_signal as jeepney_signal

from sitbreak.dbus.addressing import BusError

__all__ = ["PROPERTIES", "Exports", "Interface", "Method", "Property", "split_signature"]

log = logging.getLogger(__name__)

PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
_ERROR = "org.freedesktop.DBus.Error."
_DOCTYPE = (
    '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"\n'
    ' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n'
)
_STANDARD = f"""\
  <interface name="{PROPERTIES}">
    <method name="Get"><arg type="s" direction="in"/><arg type="s" direction="in"/>\
<arg type="v" direction="out"/></method>
    <method name="GetAll"><arg type="s" direction="in"/><arg type="a{{sv}}" direction="out"/>\
</method>
    <method name="Set"><arg type="s" direction="in"/><arg type="s" direction="in"/>\
<arg type="v" direction="in"/></method>
    <signal name="PropertiesChanged"><arg type="s"/><arg type="a{{sv}}"/><arg type="as"/>\
</signal>
  </interface>
  <interface name="{INTROSPECTABLE}">
    <method name="Introspect"><arg type="s" direction="out"/></method>
  </interface>
  <interface name="{PEER}">
    <method name="Ping"/>
  </interface>
"""

Reply = tuple[str, tuple[Any, ...]]  # the reply's signature ("" for none) and body


@dataclass(frozen=True)
class Method:
    """A method the object answers: ``handler`` gets the call's arguments, returns the reply's."""

    name: str
    handler: Callable[..., tuple[Any, ...]]
    in_signature: str = ""
    out_signature: str = ""


@dataclass(frozen=True)
class Property:
    """A read-only property; ``read`` gives its value whenever asked."""

    name: str
    signature: str
    read: Callable[[], Any]


@dataclass(frozen=True)
class Interface:
    """What one interface of an exported object offers; ``signals`` are (name, signature)."""

    name: str
    methods: tuple[Method, ...] = ()
    properties: tuple[Property, ...] = ()
    signals: tuple[tuple[str, str], ...] = ()

    def method(self, name: str) -> Method | None:
        """The method called ``name``, if there is one."""
        return next((method for method in self.methods if method.name == name), None)

    def property(self, name: str) -> Property:
        """The property called ``name``; BusError UnknownProperty when there is none."""
        found = next((prop for prop in self.properties if prop.name == name), None)
        if found is None:
            raise BusError(f"no property {name} in {self.name}", _ERROR + "UnknownProperty")
        return found

    def values(self, names: Sequence[str] | None = None) -> dict[str, tuple[str, Any]]:
        """Properties as variants ({name: (signature, value)}); all of them without ``names``."""
        chosen = self.properties if names is None else [self.property(name) for name in names]
        return {prop.name: (prop.signature, prop.read()) for prop in chosen}


class Exports:
    """The objects one connection serves, by path, and the answer to each call on them."""

    def __init__(self) -> None:
        """Nothing exported yet."""
        self._lock = threading.Lock()
        self._objects: dict[str, dict[str, Interface]] = {}

    def add(self, path: str, interfaces: Sequence[Interface]) -> None:
        """Serve ``interfaces`` at ``path``; ValueError if something is there already."""
        with self._lock:
            if path in self._objects:
                raise ValueError(f"an object is already exported at {path}")
            self._objects[path] = {interface.name: interface for interface in interfaces}

    def remove(self, path: str) -> None:
        """Stop serving ``path``."""
        with self._lock:
            self._objects.pop(path, None)

    def interface(self, path: str, name: str) -> Interface:
        """The exported interface ``name`` at ``path``; BusError when there is none."""
        with self._lock:
            found = self._objects.get(path, {}).get(name)
        if found is None:
            raise BusError(f"no interface {name} at {path}", _ERROR + "UnknownInterface")
        return found

    def properties_changed(self, path: str, interface: str, names: Sequence[str]) -> Message:
        """The PropertiesChanged signal announcing the current values of ``names``."""
        changed = self.interface(path, interface).values(names)
        return jeepney_signal(
            DBusAddress(path, interface=PROPERTIES),
            "PropertiesChanged",
            "sa{sv}as",
            (interface, changed, []),
        )

    def answer(self, call: Message) -> Message | None:
        """The reply or error for an incoming call; None when the caller wants no reply."""
        fields = call.header.fields
        path = str(fields.get(HeaderFields.path, "/"))
        interface = fields.get(HeaderFields.interface)
        member = str(fields.get(HeaderFields.member, ""))
        signature = str(fields.get(HeaderFields.signature, ""))
        try:
            reply_signature, body = self._dispatch(path, interface, member, signature, call.body)
            reply = new_method_return(call, reply_signature or None, body)
            reply.serialise(
                serial=1
            )  # a body that does not fit the signature fails here, not later
        except BusError as error:
            reply = new_error(call, error.name or _ERROR + "Failed", "s", (str(error),))
        except Exception as error:
            log.exception("answering %s.%s at %s failed", interface, member, path)
            reply = new_error(call, _ERROR + "Failed", "s", (f"{member} failed: {error!r}",))
        if call.header.flags & MessageFlag.no_reply_expected:
            return None
        return reply

    def _dispatch(
        self, path: str, interface: str | None, member: str, signature: str, body: tuple[Any, ...]
    ) -> Reply:
        """Route one call to the standard interfaces or to an exported method."""
        if interface == PEER or (interface is None and member == "Ping"):
            if member == "Ping":
                return "", ()
            raise BusError(f"no method {member} in {PEER}", _ERROR + "UnknownMethod")
        if member == "Introspect" and interface in (INTROSPECTABLE, None):
            return "s", (self.introspect(path),)
        with self._lock:
            interfaces = self._objects.get(path)
        if interfaces is None:
            raise BusError(f"no object at {path}", _ERROR + "UnknownObject")
        if interface == PROPERTIES:
            return self._properties(path, member, signature, body)
        candidates = [interfaces.get(interface)] if interface else list(interfaces.values())
        for candidate in candidates:
            method = candidate.method(member) if candidate is not None else None
            if method is None:
                continue
            if signature != method.in_signature:
                raise BusError(
                    f"{member} takes ({method.in_signature}), not ({signature})",
                    _ERROR + "InvalidArgs",
                )
            return method.out_signature, tuple(method.handler(*body))
        raise BusError(
            f"no method {member} in {interface or 'any interface'} at {path}",
            _ERROR + "UnknownMethod",
        )

    def _properties(self, path: str, member: str, signature: str, body: tuple[Any, ...]) -> Reply:
        """Get and GetAll; every property is read-only."""
        expected = {"Get": "ss", "GetAll": "s", "Set": "ssv"}.get(member)
        if expected is None:
            raise BusError(f"no method {member} in {PROPERTIES}", _ERROR + "UnknownMethod")
        if signature != expected:
            raise BusError(f"{member} takes ({expected})", _ERROR + "InvalidArgs")
        interface = self.interface(path, body[0])
        if member == "GetAll":
            return "a{sv}", (interface.values(),)
        prop = interface.property(body[1])
        if member == "Set":
            raise BusError(f"{prop.name} is read-only", _ERROR + "PropertyReadOnly")
        return "v", ((prop.signature, prop.read()),)

    def introspect(self, path: str) -> str:
        """The introspection XML of ``path``: its interfaces and the nodes below it."""
        with self._lock:
            interfaces = list(self._objects.get(path, {}).values())
            paths = list(self._objects)
        prefix = path.rstrip("/") + "/"
        children = sorted({p[len(prefix) :].split("/")[0] for p in paths if p.startswith(prefix)})
        parts = [_DOCTYPE, "<node>\n"]
        parts += [_interface_xml(interface) for interface in interfaces]
        if interfaces:
            parts.append(_STANDARD)
        parts += [f"  <node name={quoteattr(child)}/>\n" for child in children]
        parts.append("</node>\n")
        return "".join(parts)


def _interface_xml(interface: Interface) -> str:
    """One <interface> element."""
    lines = [f"  <interface name={quoteattr(interface.name)}>"]
    for method in interface.methods:
        args = [
            f'<arg type={quoteattr(t)} direction="in"/>'
            for t in split_signature(method.in_signature)
        ]
        args += [
            f'<arg type={quoteattr(t)} direction="out"/>'
            for t in split_signature(method.out_signature)
        ]
        lines.append(f"    <method name={quoteattr(method.name)}>{''.join(args)}</method>")
    for prop in interface.properties:
        name, kind = quoteattr(prop.name), quoteattr(prop.signature)
        lines.append(f'    <property name={name} type={kind} access="read"/>')
    for name, signature in interface.signals:
        args = [f"<arg type={quoteattr(t)}/>" for t in split_signature(signature)]
        lines.append(f"    <signal name={quoteattr(name)}>{''.join(args)}</signal>")
    lines.append("  </interface>\n")
    return "\n".join(lines)


def split_signature(signature: str) -> list[str]:
    """The single complete types of ``signature``: "sa{sv}(ii)" -> ["s", "a{sv}", "(ii)"]."""
    return list(_complete_types(signature))


def _complete_types(signature: str) -> Iterator[str]:
    """Yield each complete type in turn."""
    start = depth = 0
    for index, char in enumerate(signature):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if depth == 0 and char != "a":
            yield signature[start : index + 1]
            start = index + 1
