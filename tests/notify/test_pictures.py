"""A reminder's picture: the image-path hint on freedesktop servers, and what plyer is given."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sitbreak.core import Kind
from sitbreak.dbus import Bus
from sitbreak.guidance import load_builtin
from sitbreak.notify import Reminder, icon_path
from sitbreak.notify.freedesktop import FreedesktopNotifier
from sitbreak.notify.plyer_backend import plyer_arguments
from tests.support.desktop import DesktopSession

ICON = icon_path()


def _picture() -> Path:
    """A built-in pictogram (an SVG in the package)."""
    pictures = [p.image for p in load_builtin() if p.image is not None]
    return pictures[0]


def _reminder(**changes: object) -> Reminder:
    """A stretch reminder as the daemon composes it."""
    reminder = Reminder(
        Kind.STRETCH,
        "outer-hip-stretch",
        "Outer-hip stretch",
        "Stop at sharp or radiating pain.\nCross your outer leg behind the other.",
        timeout=timedelta(seconds=30),
    )
    return replace(reminder, **changes)  # type: ignore[arg-type]


def test_the_picture_reaches_dunst_as_image_path(desktop: DesktopSession) -> None:
    """dunst gets the pictogram as the image-path hint, a file:// URI, and shows it."""
    picture = _picture()
    notifier = FreedesktopNotifier(Bus(desktop.bus_address), owns_bus=True, icon=ICON)
    try:
        notifier.send(_reminder(image=picture))
    finally:
        notifier.close()
    [(_, call)] = desktop.wait_for_notify_calls(1)
    assert call.hints["image-path"] == picture.resolve().as_uri()
    assert call.app_icon.endswith("/sitbreak.svg")
    [shown] = desktop.wait_for_notifications(1)
    assert shown.raw["icon_path"] == str(picture.resolve())


def test_no_picture_no_image_hint(desktop: DesktopSession) -> None:
    """A reminder without a picture (a custom prompt) sends no image-path at all."""
    notifier = FreedesktopNotifier(Bus(desktop.bus_address), owns_bus=True, icon=ICON)
    try:
        notifier.send(_reminder())
    finally:
        notifier.close()
    [(_, call)] = desktop.wait_for_notify_calls(1)
    assert "image-path" not in call.hints


def test_windows_gets_no_svg_as_its_icon() -> None:
    """plyer's Windows balloon loads app_icon as an .ico: neither picture nor SVG icon go there."""
    assert ICON is not None
    assert ICON.suffix == ".svg"
    arguments = plyer_arguments(_reminder(image=_picture()), ICON, platform="win32")
    assert arguments["app_icon"] == ""
    ico = Path("C:/sitbreak/sitbreak.ico")
    assert plyer_arguments(_reminder(), ico, platform="win32")["app_icon"] == str(ico)


def test_windows_texts_fit_the_balloon() -> None:
    """The message keeps within 255 UTF-16 units and the title 63; shorter texts are untouched."""
    body = "Stop at sharp or radiating pain.\n" + "Hold your desk. " * 20
    long = _reminder(title="T" * 70, body=body)
    arguments = plyer_arguments(long, None, platform="win32")
    assert len(arguments["message"]) == 255
    assert arguments["message"].endswith("…")
    assert arguments["message"].startswith("Stop at sharp or radiating pain.\n")
    assert len(arguments["title"]) == 63
    ordinary = plyer_arguments(_reminder(), None, platform="win32")
    assert (ordinary["title"], ordinary["message"]) == (_reminder().title, _reminder().body)


def test_windows_counts_utf16_units() -> None:
    """A character beyond the BMP takes two of the balloon's 255 units."""
    message = plyer_arguments(_reminder(body="🙂" * 200), None, platform="win32")["message"]
    assert len(message.encode("utf-16-le")) // 2 <= 255


def test_elsewhere_the_picture_stands_in_for_the_icon() -> None:
    """On Linux and macOS plyer gets the pictogram as its icon, or our icon without one."""
    picture = _picture()
    assert plyer_arguments(_reminder(image=picture), ICON, platform="linux")["app_icon"] == str(
        picture
    )
    assert plyer_arguments(_reminder(), ICON, platform="darwin")["app_icon"] == str(ICON)
    assert plyer_arguments(_reminder(), None, platform="linux")["app_icon"] == ""
