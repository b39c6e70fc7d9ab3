"""Reminders through plyer: the desktop's own notifications on Linux, macOS and Windows."""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

from sitbreak.notify.base import APP_NAME, NotifyError, Reminder

__all__ = ["PlyerNotifier", "plyer_arguments"]

log = logging.getLogger(__name__)

# Windows' balloon (NOTIFYICONDATAW) holds a title of 63 and a message of 255 UTF-16 units;
# plyer fills it in a thread of its own, where a longer text raises unseen and nothing shows.
_WINDOWS_TITLE = 63
_WINDOWS_MESSAGE = 255


def plyer_arguments(
    reminder: Reminder, icon: Path | None, platform: str = sys.platform
) -> dict[str, str]:
    """Title, message and icon for plyer on ``platform``.

    Windows loads ``app_icon`` with LoadImageW(IMAGE_ICON), which reads only .ico files, so it
    gets no SVG (the pictogram or our icon) and its texts are kept within the balloon's limits.
    Elsewhere the prompt's picture stands in for the icon, since plyer sends no image hint.
    """
    if platform == "win32":
        usable = icon if icon is not None and icon.suffix.lower() == ".ico" else None
        return {
            "title": _fit(reminder.title, _WINDOWS_TITLE),
            "message": _fit(reminder.body, _WINDOWS_MESSAGE),
            "app_icon": str(usable) if usable else "",
        }
    picture = reminder.image or icon
    return {"title": reminder.title, "message": reminder.body, "app_icon": str(picture or "")}


def _fit(text: str, limit: int) -> str:
    """``text`` within ``limit`` UTF-16 units, its end cut off with "…" when it is longer."""
    if _units(text) <= limit:
        return text
    while _units(text) > limit - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def _units(text: str) -> int:
    """The UTF-16 code units Windows counts (characters beyond the BMP take two)."""
    return len(text.encode("utf-16-le")) // 2


class PlyerNotifier:
    """Sends through plyer (on Linux only once a notification server is known to answer)."""

    name = "plyer"
    detail = "the desktop's notifications, through plyer"

    def __init__(self, icon: Path | None = None) -> None:
        self._icon = icon

    def send(self, reminder: Reminder) -> None:
        """Show the reminder; raise NotifyError when plyer has no way to."""
        with warnings.catch_warnings():
            # plyer warns on every import that dbus-python is missing; notify-send serves instead
            warnings.simplefilter("ignore")
            from plyer import notification

            try:
                notification.notify(
                    app_name=APP_NAME,
                    timeout=max(1, round(reminder.timeout.total_seconds())),
                    **plyer_arguments(reminder, self._icon),
                )
            except NotImplementedError as error:
                raise NotifyError("plyer has no notification backend on this system") from error
            except (OSError, ValueError) as error:
                raise NotifyError(f"plyer could not show the notification: {error}") from error

    def withdraw(self) -> None:
        """plyer cannot take a notification down."""

    def close(self) -> None:
        """Nothing to release."""
