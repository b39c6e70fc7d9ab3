"""The settings schema: what a user may write in config.toml, with defaults and checks, and the
sources one ``load_settings`` call reads it from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from sitbreak.core.limits import MAX_CADENCE, MAX_SNOOZE
from sitbreak.durations import compact
from sitbreak.printable import quoted
from sitbreak.settings.fields import (
    ActiveDays,
    ActiveHoursText,
    Count,
    Duration,
    Flag,
    PositiveDuration,
    PromptId,
    TextList,
    TimezoneName,
    longest,
    most,
)
from sitbreak.vocabulary import Kind

if TYPE_CHECKING:
    from sitbreak.guidance import Step

__all__ = [
    "CustomPrompt",
    "GuidanceSettings",
    "HistorySettings",
    "HooksSettings",
    "IdleSettings",
    "MicroReminder",
    "NotificationSettings",
    "PostureReminder",
    "QuietSettings",
    "ReminderSettings",
    "RemindersSettings",
    "ScheduleSettings",
    "Settings",
    "SnoozeSettings",
    "StretchReminder",
    "chosen_sources",
    "reading_from",
]


_HOUR = timedelta(hours=1)

Cadence = Annotated[PositiveDuration, longest(MAX_CADENCE)]
"""How often something comes back: one second to a day."""

Wait = Annotated[PositiveDuration, longest(_HOUR)]
"""How long the daemon waits for something: one second to an hour."""

SmallCount = Annotated[Count, most(100)]
"""A count of repeats: 0 to 100."""


class _Section(BaseModel):
    """A table of the config file: unknown keys are errors and values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ReminderSettings(_Section):
    """One reminder kind: sitting time between reminders, and time away that counts as the break."""

    kind: ClassVar[Kind]
    enabled: Flag = True
    every: Cadence
    break_length: Cadence

    @model_validator(mode="after")
    def _break_shorter_than_interval(self) -> Self:
        """A break as long as the interval would count every pause as the break and never remind."""
        if self.break_length >= self.every:
            raise ValueError(
                f"{self.kind.label}: break_length {compact(self.break_length)} must be shorter"
                f" than every {compact(self.every)}"
            )
        return self


class PostureReminder(ReminderSettings):
    """The posture check: a few seconds to sit tall, every 20 minutes by default."""

    kind: ClassVar[Kind] = Kind.POSTURE
    every: Cadence = timedelta(minutes=20)
    break_length: Cadence = timedelta(minutes=1)


class MicroReminder(ReminderSettings):
    """The micro-break: stand up and move for a minute, every 30 minutes by default."""

    kind: ClassVar[Kind] = Kind.MICRO
    every: Cadence = timedelta(minutes=30)
    break_length: Cadence = timedelta(minutes=1)


class StretchReminder(ReminderSettings):
    """The stretch break: a standing stretch of a few minutes, every hour by default."""

    kind: ClassVar[Kind] = Kind.STRETCH
    every: Cadence = timedelta(minutes=60)
    break_length: Cadence = timedelta(minutes=3)


WaitForPause = Annotated[Duration, longest(timedelta(minutes=10))]
PauseLength = Annotated[PositiveDuration, longest(timedelta(seconds=30))]


class RemindersSettings(_Section):
    """``[reminders]``: waiting for a pause in typing; then one table per kind."""

    wait_for_pause: WaitForPause = timedelta(seconds=90)
    pause_length: PauseLength = timedelta(seconds=3)
    posture: PostureReminder = Field(default_factory=PostureReminder)
    micro: MicroReminder = Field(default_factory=MicroReminder)
    stretch: StretchReminder = Field(default_factory=StretchReminder)

    def for_kind(self, kind: Kind) -> ReminderSettings:
        """The settings of one kind."""
        by_kind: dict[Kind, ReminderSettings] = {
            Kind.POSTURE: self.posture,
            Kind.MICRO: self.micro,
            Kind.STRETCH: self.stretch,
        }
        return by_kind[kind]


class SnoozeSettings(_Section):
    """``[snooze]``: how long a snooze lasts and how many may follow one another."""

    default: Annotated[PositiveDuration, longest(MAX_SNOOZE)] = timedelta(minutes=10)
    max_in_a_row: SmallCount = 3


class ScheduleSettings(_Section):
    """``[schedule]``: the hours and days reminders run, and the zone those hours are in."""

    active_hours: ActiveHoursText = ""
    active_days: ActiveDays = Field(default_factory=lambda: ["mon-sun"])
    timezone: TimezoneName = ""


def _lower(value: object) -> object:
    """Lower-case text so ``Critical`` and ``critical`` both work."""
    return value.strip().lower() if isinstance(value, str) else value


Urgency = Annotated[Literal["low", "normal", "critical"], BeforeValidator(_lower)]


class NotificationSettings(_Section):
    """``[notifications]``: how long a notification stays, how urgent it is, how it repeats."""

    timeout: Annotated[Duration, longest(_HOUR)] = timedelta(seconds=30)
    urgency: Urgency = "normal"
    repeat_ignored_after: Annotated[Duration, longest(MAX_CADENCE)] = timedelta(minutes=5)
    max_repeats: SmallCount = 1
    actions: Flag = True
    daily_summary: Flag = True


class CustomPrompt(_Section):
    """A prompt the user adds in ``[[guidance.custom]]``, shown like the built-in ones."""

    id: PromptId
    kind: Kind
    title: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1, max_length=220)
    caution: str | None = Field(default=None, min_length=1, max_length=220)
    image: str | None = Field(default=None, min_length=1)
    # a guided break's steps, [{ do = "...", for = "30s" }, ...], checked by guidance.steps
    steps: list[dict[str, object]] | None = None
    rounds: int | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: object, info: ValidationInfo) -> object:
        """Accept a kind name in any case; otherwise name the entry and the kinds that exist."""
        if isinstance(value, str) and value.strip().lower() in {kind.value for kind in Kind}:
            return Kind(value.strip().lower())
        if isinstance(value, Kind):
            return value
        entry = f"custom prompt {quoted(info.data['id'])}: " if "id" in info.data else ""
        raise ValueError(f"{entry}{quoted(value)} is not a kind; use posture, micro or stretch")

    @model_validator(mode="after")
    def _fits_a_notification(self) -> Self:
        """Caution, text and a held reminder's 'After … sitting.' line fit one notification."""
        from sitbreak.guidance import GuidanceError, Prompt, check_shown_length

        prompt = Prompt(self.id, self.kind, self.title, self.text, self.caution, builtin=False)
        try:
            check_shown_length(prompt, f"custom prompt {self.id!r}")
            self.guide_steps()
        except GuidanceError as error:
            raise ValueError(str(error)) from None
        return self

    def guide_steps(self) -> tuple[tuple[Step, ...], int]:
        """The checked steps and rounds of its guided break (none: its title, one step)."""
        from sitbreak.guidance.steps import parse_steps

        fields: dict[str, object] = {}
        if self.steps is not None:
            fields["steps"] = self.steps
        if self.rounds is not None:
            fields["rounds"] = self.rounds
        label = f"custom prompt {self.id!r}"
        return parse_steps(fields, label, kind=self.kind, duration=None, required=False)


class GuidanceSettings(_Section):
    """``[guidance]``: built-in prompts switched off, and the user's own prompts."""

    disabled: TextList[PromptId] = Field(default_factory=list)
    custom: list[CustomPrompt] = Field(default_factory=list)

    @field_validator("custom")
    @classmethod
    def _unique_custom_ids(cls, custom: list[CustomPrompt]) -> list[CustomPrompt]:
        """Two custom prompts with one id could not be told apart (or disabled) by id."""
        first_at: dict[str, int] = {}
        for position, prompt in enumerate(custom):
            if prompt.id in first_at:
                raise ValueError(
                    f"custom prompt id {prompt.id!r} is used more than once"
                    f" (entries [{first_at[prompt.id]}] and [{position}])"
                )
            first_at[prompt.id] = position
        return custom


IdleBackendName = Literal[
    "auto", "x11", "mutter", "ext-idle-notify", "kwin-idle", "macos", "windows"
]


class IdleSettings(_Section):
    """``[idle]``: noticing when the person is away, so breaks taken count and chairs stay empty."""

    enabled: Flag = True
    poll_every: Wait = timedelta(seconds=30)
    backend: IdleBackendName = "auto"


def _check_app_name(name: str) -> str:
    """A process name to match: not empty, no path separators."""
    if not name.strip() or "/" in name:
        raise ValueError(
            f"{quoted(name)} is not a process name; write it as ps shows it, e.g. zoom"
        )
    return name.strip()


class QuietSettings(_Section):
    """``[quiet]``: when the person is busy, hold the due reminder and give it right after."""

    respect_dnd: Flag = True
    fullscreen: Flag = True
    in_call: Flag = True
    apps: TextList[Annotated[str, AfterValidator(_check_app_name)]] = Field(default_factory=list)
    grace: Wait = timedelta(seconds=30)


def _check_argv(argv: list[str]) -> list[str]:
    """A hook is a program and its arguments, run without a shell; [] means no hook."""
    if argv and not argv[0].strip():
        raise ValueError("the first item of a hook must name a program")
    return argv


HookCommand = Annotated[list[str], AfterValidator(_check_argv)]


class HooksSettings(_Section):
    """``[hooks]``: commands run (never through a shell) when things happen."""

    on_reminder: HookCommand = Field(default_factory=list)
    on_break_taken: HookCommand = Field(default_factory=list)
    on_snooze: HookCommand = Field(default_factory=list)
    on_pause: HookCommand = Field(default_factory=list)
    on_resume: HookCommand = Field(default_factory=list)
    timeout: Wait = timedelta(seconds=10)


BoutLength = Annotated[PositiveDuration, longest(timedelta(hours=8))]


class HistorySettings(_Section):
    """``[history]``: how long the record is kept, and what counts as long sitting in stats."""

    keep_days: Annotated[Count, Field(ge=1), most(36500)] = 365
    long_bout: BoutLength = timedelta(minutes=30)
    streak_limit: BoutLength = timedelta(minutes=60)


class TraySettings(_Section):
    """``[tray]``: the icon in the desktop's tray (StatusNotifierItem), where there is a tray."""

    enabled: Flag = True


class Settings(BaseSettings):
    """All settings. ``Settings()`` is the built-in defaults; ``load_settings`` adds the rest.

    The environment convention (prefix ``SITBREAK_``, nested delimiter ``__``, e.g.
    ``SITBREAK_REMINDERS__MICRO__EVERY=45m``) is declared here and read by pydantic-settings'
    ``EnvSettingsSource`` when ``load_settings`` asks for it.
    """

    model_config = SettingsConfigDict(
        env_prefix="SITBREAK_",
        env_nested_delimiter="__",
        case_sensitive=True,  # file keys as TOML has them; variable names are read in any case
        extra="forbid",
        frozen=True,
    )

    reminders: RemindersSettings = Field(default_factory=RemindersSettings)
    snooze: SnoozeSettings = Field(default_factory=SnoozeSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    guidance: GuidanceSettings = Field(default_factory=GuidanceSettings)
    idle: IdleSettings = Field(default_factory=IdleSettings)
    quiet: QuietSettings = Field(default_factory=QuietSettings)
    hooks: HooksSettings = Field(default_factory=HooksSettings)
    history: HistorySettings = Field(default_factory=HistorySettings)
    tray: TraySettings = Field(default_factory=TraySettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],  # noqa: ARG003 - required by the override
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        dotenv_settings: PydanticBaseSettingsSource,  # noqa: ARG003
        file_secret_settings: PydanticBaseSettingsSource,  # noqa: ARG003
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments, then the sources of the load in progress (flags, environment, file).

        pydantic-settings calls this classmethod from inside ``Settings()``, so the sources of
        one load reach it through ``load_context``, a context variable ``load_settings`` sets
        around that one call (safe across threads). It builds them first to gather every
        problem before validating, and keeps them to trace origins. Outside a load the context
        is empty: ``Settings()`` is the defaults, reading no environment and no file.
        """
        return (init_settings, *chosen_sources())


_CHOSEN: ContextVar[tuple[PydanticBaseSettingsSource, ...]] = ContextVar(
    "sitbreak_settings_sources", default=()
)


@contextmanager
def reading_from(sources: Sequence[PydanticBaseSettingsSource]) -> Iterator[None]:
    """Within the block, building a Settings reads ``sources`` (strongest first).

    ``settings_customise_sources`` is the documented place to choose sources, but it is a
    classmethod with a fixed signature, so the sources of one load come to it this way.
    (``Settings(_build_sources=...)`` would skip that hook and pydantic-settings' defaults.)
    """
    token = _CHOSEN.set(tuple(sources))
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def chosen_sources() -> tuple[PydanticBaseSettingsSource, ...]:
    """The sources of the load in progress in this thread or task; () outside one."""
    return _CHOSEN.get()
