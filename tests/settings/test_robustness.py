"""Whatever the input, load_settings returns settings or raises ConfigError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitbreak.settings.keys import dotted, leaf_paths
from sitbreak.settings.loading import ConfigError, load_settings

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
KEYS = [dotted(leaf) for leaf in leaf_paths()] + ["reminders.micro", "snooze", "nope.x", "a..b"]
VALUES = st.one_of(
    st.sampled_from(
        [
            "5m",
            "abc",
            "",
            "[",
            "{}",
            "[1, 2]",
            '["mon"]',
            "true",
            "-1",
            "08:00-24:00",
            "9999999999999d",
        ]
    ),
    TEXT,
)
TOML_LINES = st.one_of(
    st.sampled_from(
        [
            "[reminders.micro]",
            "[[guidance.custom]]",
            "[schedule]",
            'every = "1s"',
            'break_length = "2s"',
            "enabled = 3",
            'kind = "yoga"',
            'active_days = ["sun-sat", "xyz"]',
            'text = """',
            "x = {a = 1}",
            "custom = [{id = 1}]",
        ]
    ),
    TEXT,
)


def load(text: str, environ: dict[str, str], overrides: dict[str, str]) -> None:
    """Load ``text`` as the config file with the given environment and overrides."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text(text, encoding="utf-8")
        problems = []
        try:
            load_settings(config, overrides=overrides, environ=environ)
        except ConfigError as error:
            problems = error.problems
            assert problems, "a ConfigError always lists its problems"
        assert all(str(problem).strip() for problem in problems)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(TOML_LINES, max_size=8),
    environ=st.dictionaries(
        st.sampled_from(KEYS).map(lambda key: "SITBREAK_" + key.upper().replace(".", "__")),
        VALUES,
        max_size=3,
    ),
    overrides=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=3),
)
def test_any_input_gives_settings_or_config_error(
    lines: list[str], environ: dict[str, str], overrides: dict[str, str]
) -> None:
    """Random files, variables and flags never raise anything but ConfigError."""
    load("\n".join(lines), environ, overrides)
