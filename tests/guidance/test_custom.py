"""A person's own prompts: too long as shown, or a missing picture, is a settings error."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sitbreak.daemon.configuration import load_configuration
from sitbreak.settings.loading import ConfigError

ENTRY = """\
[guidance]
disabled = []

[[guidance.custom]]
id = "water-plants"
kind = "micro"
title = "Water the plants"
text = "Walk round and water your plants."

[[guidance.custom]]
id = "{id}"
kind = "stretch"
title = "My stretch"
text = "{text}"
caution = "Stop at sharp or radiating pain."
"""


def _error(config: Path) -> str:
    """The one error line loading ``config`` gives, the file's path written CONFIG."""
    with pytest.raises(ConfigError) as caught:
        load_configuration(config)
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value.problems[0]).replace(str(config), "CONFIG")


def _write(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


def test_a_custom_prompt_too_long_as_shown_names_its_entry_id_and_length(tmp_path: Path) -> None:
    """Text within its own 220 but too long with the caution and held line: id and length named."""
    config = _write(tmp_path, ENTRY.format(id="long-one", text="x" * 170))
    assert _error(config) == (
        "CONFIG:10: guidance.custom[1]: custom prompt 'long-one': is 230 characters as shown"
        " (caution, text and a held reminder's 'After … sitting.' line); the limit is 220,"
        " so shorten its text or caution"
    )


def test_a_custom_prompt_that_fits_loads(tmp_path: Path) -> None:
    """At exactly 220 characters as shown the prompt is taken."""
    config = _write(tmp_path, ENTRY.format(id="just-fits", text="x" * 160))
    assert load_configuration(config).catalog.get("just-fits") is not None


def test_a_custom_picture_is_found_beside_the_config(tmp_path: Path) -> None:
    """A relative image path is read from the config file's folder and sent with the prompt."""
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "mine.png").write_bytes(b"\x89PNG")
    text = ENTRY.format(id="mine", text="Reach up.") + 'image = "pics/mine.png"\n'
    prompt = load_configuration(_write(tmp_path, text)).catalog.get("mine")
    assert prompt is not None
    assert prompt.image == tmp_path / "pics" / "mine.png"


def test_a_missing_custom_picture_names_the_entry_line_and_path(tmp_path: Path) -> None:
    """An image that is not there stops the load at that entry's image line, naming the file."""
    text = ENTRY.format(id="mine", text="Reach up.") + 'image = "pics/gone.png"\n'
    config = _write(tmp_path, text)
    assert _error(config) == (
        f"CONFIG:16: guidance.custom[1].image: custom prompt 'mine': no such file"
        f" {tmp_path / 'pics' / 'gone.png'}"
    )


def test_a_custom_prompt_may_list_the_steps_of_its_guided_break(tmp_path: Path) -> None:
    """steps and rounds in [[guidance.custom]] become the guide's steps, every round spelled out."""
    text = ENTRY.format(id="mine", text="Left and right.") + (
        'steps = [{ do = "Left side", for = "20s" }, { do = "Right side", for = "20s" }]\n'
        "rounds = 2\n"
    )
    catalog = load_configuration(_write(tmp_path, text)).catalog
    prompt = catalog.get("mine")
    assert prompt is not None
    walked = prompt.walk(timedelta(minutes=3))
    assert [(step.text, step.length.seconds, step.round) for step in walked] == [
        ("Left side", 20, 1),
        ("Right side", 20, 1),
        ("Left side", 20, 2),
        ("Right side", 20, 2),
    ]
    plain = catalog.get("water-plants")
    assert plain is not None
    assert [step.text for step in plain.walk(timedelta(minutes=1))] == ["Water the plants"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ('steps = [{ do = "Left side", for = "2s" }]', "step 1: field 'for' is 2s"),
        ('steps = [{ do = "Left side", for = 20 }]', "field 'for' must be text such as 30s"),
        ("rounds = 3", "field 'rounds' needs a field 'steps'"),
        ('steps = [{ do = "Left side" }]', "field(s) 'for' missing"),
    ],
)
def test_bad_custom_steps_name_the_entry_and_the_step(
    tmp_path: Path, lines: str, expected: str
) -> None:
    """A custom prompt's bad steps are a settings error naming the entry, prompt and step."""
    config = _write(tmp_path, ENTRY.format(id="mine", text="Left and right.") + lines + "\n")
    message = _error(config)
    assert message.startswith("CONFIG:10: guidance.custom[1]: custom prompt 'mine'")
    assert expected in message
