"""The guidance catalog: built-in prompts from package data merged with the person's own."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from importlib import resources
from pathlib import Path

from sitbreak.durations import compact, parse_duration
from sitbreak.guidance.prompt import (
    ID_PATTERN,
    MAX_CAUTION,
    MAX_ID,
    MAX_TEXT,
    MAX_TITLE,
    GuidanceError,
    Prompt,
    Step,
    check_shown_length,
)
from sitbreak.guidance.steps import parse_steps
from sitbreak.vocabulary import Kind

__all__ = [
    "BUILTIN_DURATIONS",
    "PICTURES",
    "Catalog",
    "build_catalog",
    "check_custom",
    "fallback_prompt",
    "load_builtin",
    "parse_prompt",
    "pictures_folder",
]

# What each kind may ask of a built-in prompt: (shortest, longest) duration. A micro-break or
# stretch lasts at least its default break_length, so doing it away from the keyboard counts.
BUILTIN_DURATIONS: Mapping[Kind, tuple[timedelta, timedelta]] = {
    Kind.POSTURE: (timedelta(seconds=5), timedelta(seconds=30)),
    Kind.MICRO: (timedelta(minutes=1), timedelta(minutes=2)),
    Kind.STRETCH: (timedelta(minutes=3), timedelta(minutes=4)),
}

PICTURES = "pictures"  # the folder inside this package that holds the built-in pictograms
_BUILTIN_PACKAGE = "sitbreak.guidance"
_BUILTIN_FILE = "prompts.toml"
_FIELDS = (
    "id",
    "kind",
    "title",
    "text",
    "caution",
    "duration",
    "source",
    "image",
    "steps",
    "rounds",
)
_REQUIRED = frozenset({"id", "kind", "title", "text"})
_REQUIRED_BUILTIN = _REQUIRED | {"duration", "source"}
_MAX_SOURCE = 120


_FALLBACKS: Mapping[Kind, Prompt] = {
    Kind.POSTURE: Prompt(
        id="fallback-posture",
        kind=Kind.POSTURE,
        title="Check your posture",
        text="Check how you sit: feet flat, lower back supported, shoulders relaxed.",
        duration=timedelta(seconds=10),
    ),
    Kind.MICRO: Prompt(
        id="fallback-micro",
        kind=Kind.MICRO,
        title="Time to stand up",
        text="Stand up and move around for a minute or two.",
        duration=timedelta(minutes=1),
        steps=(Step("Stand up and move around", timedelta(minutes=1)),),
    ),
    Kind.STRETCH: Prompt(
        id="fallback-stretch",
        kind=Kind.STRETCH,
        title="Time for a stretch",
        text="Stand up, walk a little and stretch gently for a few minutes.",
        caution="Stop at sharp or radiating pain.",
        duration=timedelta(minutes=3),
        steps=(
            Step("Stand up and walk a little", timedelta(minutes=1)),
            Step("Stretch gently: legs, hips and back", timedelta(minutes=2)),
        ),
    ),
}


def fallback_prompt(kind: Kind) -> Prompt:
    """The plain prompt shown for ``kind`` when the person has disabled every other one."""
    return _FALLBACKS[kind]


@dataclass(frozen=True)
class Catalog:
    """Every known prompt, which are switched off, and which disabled ids matched nothing."""

    prompts: tuple[Prompt, ...]
    disabled: frozenset[str] = frozenset()
    unknown_disabled: tuple[str, ...] = ()

    def enabled(self, kind: Kind) -> tuple[Prompt, ...]:
        """The prompts of ``kind`` that are switched on, in catalog order (may be empty)."""
        return tuple(p for p in self.prompts if p.kind is kind and p.id not in self.disabled)

    def choices(self, kind: Kind) -> tuple[Prompt, ...]:
        """The prompts to rotate through for ``kind``; never empty thanks to the fallback."""
        return self.enabled(kind) or (fallback_prompt(kind),)

    def get(self, prompt_id: str) -> Prompt | None:
        """The prompt with this id (a fallback id too), enabled or not; None if unknown."""
        for prompt in (*self.prompts, *_FALLBACKS.values()):
            if prompt.id == prompt_id:
                return prompt
        return None


def build_catalog(
    builtin: Iterable[Prompt], custom: Iterable[Prompt], disabled: Iterable[str]
) -> Catalog:
    """Join the person's prompts to the built-in ones and switch off the ``disabled`` ids."""
    builtin_prompts = tuple(builtin)
    custom_prompts = tuple(replace(p, builtin=False) if p.builtin else p for p in custom)
    taken = {p.id for p in builtin_prompts} | {p.id for p in _FALLBACKS.values()}
    seen_custom: set[str] = set()
    for prompt in custom_prompts:
        if prompt.id in taken:
            raise GuidanceError(
                f"custom prompt {prompt.id!r}: field 'id' clashes with a built-in prompt;"
                " give yours another id (disable the built-in one by id if you mean to replace it)"
            )
        if prompt.id in seen_custom:
            raise GuidanceError(f"custom prompt {prompt.id!r}: field 'id' is used twice")
        seen_custom.add(prompt.id)
        check_custom(prompt)
    everything = builtin_prompts + custom_prompts
    known = {p.id for p in everything}
    disabled_ids = tuple(dict.fromkeys(disabled))
    return Catalog(
        prompts=everything,
        disabled=frozenset(disabled_ids),
        unknown_disabled=tuple(i for i in disabled_ids if i not in known),
    )


def check_custom(prompt: Prompt) -> None:
    """A person's prompt must fit a notification as shown, and its picture must exist."""
    label = f"custom prompt {prompt.id!r}"
    check_shown_length(prompt, label)
    if prompt.image is not None and not prompt.image.is_file():
        raise GuidanceError(f"{label}: field 'image': no such file {prompt.image}")


def pictures_folder() -> Path | None:
    """The folder of built-in pictograms, when the package lives on a real file system."""
    folder = Path(str(resources.files(_BUILTIN_PACKAGE) / PICTURES))
    return folder if folder.is_dir() else None


def load_builtin() -> tuple[Prompt, ...]:
    """Read and check the prompts shipped in the package; raise GuidanceError if any is wrong."""
    text = resources.files(_BUILTIN_PACKAGE).joinpath(_BUILTIN_FILE).read_text(encoding="utf-8")
    return _load_text(text, where=f"{_BUILTIN_PACKAGE}/{_BUILTIN_FILE}", pictures=pictures_folder())


def _load_text(text: str, *, where: str, pictures: Path | None = None) -> tuple[Prompt, ...]:
    """Parse built-in prompt TOML ``text``; ``where`` names the file in error messages.

    ``image`` names a file in ``pictures``; without that folder (a zipped package) prompts
    load without pictures.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise GuidanceError(f"{where}: not valid TOML: {error}") from error
    extra = sorted(set(data) - {"prompt"})
    if extra:
        raise GuidanceError(f"{where}: unknown top-level key(s) {', '.join(extra)}; use [[prompt]]")
    entries = data.get("prompt", [])
    if not isinstance(entries, list):
        raise GuidanceError(f"{where}: 'prompt' must be an array of tables written [[prompt]]")
    prompts: list[Prompt] = []
    first_entry: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        place = f"{where}, prompt #{number}"
        if not isinstance(entry, dict):
            raise GuidanceError(f"{place}: must be a table written [[prompt]]")
        prompt = parse_prompt(entry, where=place, builtin=True, pictures=pictures)
        if prompt.id in first_entry:
            raise GuidanceError(
                f"{place}, prompt {prompt.id!r}: field 'id' repeats prompt"
                f" #{first_entry[prompt.id]}; ids must be unique"
            )
        first_entry[prompt.id] = number
        prompts.append(prompt)
    return tuple(prompts)


def parse_prompt(
    data: Mapping[str, object],
    *,
    where: str,
    builtin: bool = False,
    pictures: Path | None = None,
) -> Prompt:
    """Check one prompt table and build it; ``where`` says where it came from, for errors.

    ``image`` is a file name in ``pictures`` (no pictures without that folder).
    """
    prompt_id = _required_text(data, "id", where, MAX_ID)
    if not ID_PATTERN.fullmatch(prompt_id):
        raise GuidanceError(
            f"{where}: field 'id' is {prompt_id!r}; use lower-case words joined by hyphens,"
            " like 'chair-height'"
        )
    label = f"{where}, prompt {prompt_id!r}"
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise GuidanceError(
            f"{label}: unknown field(s) {', '.join(map(repr, unknown))};"
            f" the fields are {', '.join(_FIELDS)}"
        )
    missing = sorted((_REQUIRED_BUILTIN if builtin else _REQUIRED) - set(data))
    if missing:
        raise GuidanceError(f"{label}: field(s) {', '.join(map(repr, missing))} missing")
    kind = _kind(data["kind"], label)
    duration = _duration(data.get("duration"), label)
    if builtin and duration is not None:
        _check_builtin_duration(kind, duration, label)
    steps, rounds = parse_steps(data, label, kind=kind, duration=duration, required=builtin)
    prompt = Prompt(
        id=prompt_id,
        kind=kind,
        title=_required_text(data, "title", label, MAX_TITLE),
        text=_required_text(data, "text", label, MAX_TEXT),
        caution=_optional_text(data, "caution", label, MAX_CAUTION),
        sources=_sources(data.get("source"), label, builtin=builtin),
        duration=duration,
        image=_image(data, label, pictures),
        builtin=builtin,
        steps=steps,
        rounds=rounds,
    )
    check_shown_length(prompt, label)
    return prompt


def _sources(value: object, label: str, *, builtin: bool) -> tuple[str, ...]:
    """The field ``source``: one ``file#Heading`` or a list of them (built-in prompts need one)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise GuidanceError(f"{label}: field 'source' must be text or a list of text")
    sources = tuple(item.strip() for item in items)
    for source in sources:
        seed, _, heading = source.partition("#")
        if builtin and not (seed.strip() and heading.strip()):
            raise GuidanceError(
                f"{label}: field 'source' is {source!r}; write the seed file and the section"
                " heading as 'file.txt#Heading'"
            )
        if not source or len(source) > _MAX_SOURCE:
            raise GuidanceError(
                f"{label}: field 'source' must be 1 to {_MAX_SOURCE} characters, not {len(source)}"
            )
    return sources


def _image(data: Mapping[str, object], label: str, pictures: Path | None) -> Path | None:
    """The field ``image``: a picture file in ``pictures`` that must exist."""
    name = _optional_text(data, "image", label, MAX_ID)
    if name is None or pictures is None:
        return None
    path = pictures / name
    if Path(name).name != name or not path.is_file():
        raise GuidanceError(f"{label}: field 'image': no picture {name!r} in {pictures}")
    return path


def _required_text(data: Mapping[str, object], name: str, label: str, limit: int) -> str:
    """The field ``name`` as stripped, non-empty text of at most ``limit`` characters."""
    text = _optional_text(data, name, label, limit)
    if text is None:
        raise GuidanceError(f"{label}: field {name!r} is missing")
    return text


def _optional_text(data: Mapping[str, object], name: str, label: str, limit: int) -> str | None:
    """The field ``name`` as stripped text of at most ``limit`` characters, or None if absent."""
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise GuidanceError(f"{label}: field {name!r} must be text, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise GuidanceError(f"{label}: field {name!r} is empty")
    if len(text) > limit:
        raise GuidanceError(
            f"{label}: field {name!r} is {len(text)} characters long; the limit is {limit}"
        )
    return text


def _kind(value: object, label: str) -> Kind:
    """The field ``kind`` as a Kind."""
    names = ", ".join(kind.value for kind in Kind.by_size())
    if isinstance(value, str) and value in {kind.value for kind in Kind}:
        return Kind(value)
    raise GuidanceError(f"{label}: field 'kind' is {value!r}; use one of {names}")


def _duration(value: object, label: str) -> timedelta | None:
    """The field ``duration`` (``"10s"``, ``"2m"`` or a timedelta) as a positive timedelta."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        duration = value
    elif not isinstance(value, str):
        raise GuidanceError(
            f"{label}: field 'duration' must be text such as 30s or 2m, not {type(value).__name__}"
        )
    else:
        try:
            duration = parse_duration(value)
        except ValueError as error:
            raise GuidanceError(f"{label}: field 'duration': {error}") from error
    if duration <= timedelta(0):
        raise GuidanceError(f"{label}: field 'duration' must be longer than zero")
    return duration


def _check_builtin_duration(kind: Kind, duration: timedelta, label: str) -> None:
    """A built-in prompt must fit the time its kind allows."""
    shortest, longest = BUILTIN_DURATIONS[kind]
    if not shortest <= duration <= longest:
        raise GuidanceError(
            f"{label}: field 'duration' is {compact(duration)}; a {kind.label} takes"
            f" {compact(shortest)} to {compact(longest)}"
        )
