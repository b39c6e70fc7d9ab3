"""The pure sitting core: no clock, no I/O, every call takes ``now``."""

from sitbreak.core.effects import (
    Away,
    Effect,
    Notify,
    NotifyReason,
    Outcome,
    OutcomeKind,
    Persist,
    Record,
    Rejected,
    ReminderShown,
    SittingStretch,
)
from sitbreak.core.events import (
    BusyChanged,
    ConfigChanged,
    Dismissed,
    Done,
    Event,
    IdleSample,
    Locked,
    Pause,
    Resume,
    Resumed,
    Skip,
    Snooze,
    Tick,
    Unlocked,
)
from sitbreak.core.forecast import Activity, StatusView, describe, forecast
from sitbreak.core.kinds import Kind
from sitbreak.core.machine import step
from sitbreak.core.policy import ActiveHours, KindPolicy, Policy, Schedule
from sitbreak.core.state import Pending, Presence, State
from sitbreak.core.wakeup import next_wakeup

__all__ = [
    "ActiveHours",
    "Activity",
    "Away",
    "BusyChanged",
    "ConfigChanged",
    "Dismissed",
    "Done",
    "Effect",
    "Event",
    "IdleSample",
    "Kind",
    "KindPolicy",
    "Locked",
    "Notify",
    "NotifyReason",
    "Outcome",
    "OutcomeKind",
    "Pause",
    "Pending",
    "Persist",
    "Policy",
    "Presence",
    "Record",
    "Rejected",
    "ReminderShown",
    "Resume",
    "Resumed",
    "Schedule",
    "SittingStretch",
    "Skip",
    "Snooze",
    "State",
    "StatusView",
    "Tick",
    "Unlocked",
    "describe",
    "forecast",
    "next_wakeup",
    "step",
]
