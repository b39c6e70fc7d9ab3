"""config.example.toml documents every setting with its real default, so docs cannot drift."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from sitbreak.settings.keys import dotted, find_key_line, leaf_paths, model_at
from sitbreak.settings.loading import load_settings
from sitbreak.settings.model import CustomPrompt, Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def example_text() -> str:
    """The example file at the repository root."""
    return EXAMPLE.read_text(encoding="utf-8")


def test_example_equals_the_built_in_defaults() -> None:
    """Loading the example file gives exactly the defaults."""
    loaded = load_settings(EXAMPLE, environ={})
    assert loaded.settings == Settings()
    assert loaded.file_exists


def test_example_sets_every_setting_itself() -> None:
    """Every value setting of the model is written (uncommented) in the example."""
    loaded = load_settings(EXAMPLE, environ={})
    written = {key for key, origin in loaded.origins.items() if origin == "file"}
    optional_lists = {"guidance.custom"}  # empty by default; shown commented out instead
    assert written == set(loaded.origins) - optional_lists


def test_every_field_has_a_line_and_a_comment_above_it() -> None:
    """Walking the model, each key is found in the file with a comment line right above it."""
    lines = example_text().splitlines()
    for leaf in leaf_paths():
        key = dotted(leaf)
        if key == "guidance.custom":
            continue
        number = find_key_line(example_text(), key)
        assert number is not None, key
        assert lines[number - 1].startswith(f"{leaf[-1]} = "), key
        assert lines[number - 2].startswith("# "), key


def _fields(model: type[BaseModel]) -> list[str]:
    """Field names of a model."""
    return list(model.model_fields)


def test_custom_prompt_example_is_commented_and_complete() -> None:
    """The [[guidance.custom]] example is commented out and shows every field of a prompt."""
    assert model_at(("guidance", "custom")) is CustomPrompt
    text = example_text()
    assert "\n# [[guidance.custom]]\n" in text
    assert not re.search(r"^\[\[guidance\.custom\]\]", text, flags=re.MULTILINE)
    for name in _fields(CustomPrompt):
        assert re.search(rf"^# {name} = ", text, flags=re.MULTILINE), name


def test_uncommented_custom_prompt_example_is_valid(tmp_path: Path) -> None:
    """Uncommenting the custom prompt example gives a valid config with one prompt."""
    text = re.sub(
        r"^# (\[\[guidance|id|kind|title|text|caution)", r"\1", example_text(), flags=re.M
    )
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    custom = load_settings(config, environ={}).settings.guidance.custom
    assert [prompt.id for prompt in custom] == ["walk-over"]
    assert custom[0].caution


def test_packaged_copy_is_the_example() -> None:
    """sitbreak/data/config.example.toml (for `config init`) has the same text as the root file."""
    packaged = resources.files("sitbreak") / "data" / "config.example.toml"
    assert packaged.read_text(encoding="utf-8") == example_text()
