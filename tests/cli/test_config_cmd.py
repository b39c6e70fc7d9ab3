"""``sitbreak config path|init|show|check|set`` in a private home, without a daemon."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitbreak.guidance import SAFETY_NOTE, SAFETY_TITLE
from sitbreak.settings.keys import leaf_paths
from tests.support.user_env import UserEnvironment

REPO_EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
COMMENTED = """\
# Work laptop settings. Keep micro-breaks frequent.

[reminders.micro]
every = "30m"  # agreed with the physio
break_length = "1m"

# -----------------------------------------------------------------
[snooze]
# Short snoozes only.
default = "5m"
"""


def _shown(stdout: str) -> dict[str, str]:
    """``config show`` output as dotted key -> its line, following the table headers."""
    table, lines = "", {}
    for line in stdout.splitlines():
        if line.startswith("["):
            table = line.strip("[]")
        elif "=" in line and not line.startswith("#"):
            lines[f"{table}.{line.split('=')[0].strip()}"] = line
    return lines


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_path_says_which_file_and_whether_it_exists(user: UserEnvironment) -> None:
    """Default location first; then $SITBREAK_CONFIG and --config, each named as the reason."""
    done = user.run("config", "path")
    assert done.returncode == 0
    first, second = done.stdout.splitlines()
    assert first == str(user.config_file)
    assert second.startswith("does not exist (the default location): defaults apply")
    named = _write(user.root / "named.toml", "")
    done = user.run("config", "path", env={"SITBREAK_CONFIG": str(named)})
    assert done.stdout.splitlines() == [str(named), "exists (named by $SITBREAK_CONFIG)"]
    done = user.run("config", "path", "--config", str(user.root / "nope.toml"))
    assert done.stdout.splitlines()[1].startswith("does not exist (given explicitly)")


def test_init_writes_the_commented_example_and_never_overwrites(user: UserEnvironment) -> None:
    """init copies config.example.toml; again it refuses; --force keeps the old file beside."""
    done = user.run("config", "init")
    assert done.returncode == 0, done.stderr
    example = REPO_EXAMPLE.read_text(encoding="utf-8")
    assert user.config_file.read_text(encoding="utf-8") == example
    user.config_file.write_text(COMMENTED, encoding="utf-8")
    done = user.run("config", "init")
    assert done.returncode == 1
    assert f"{user.config_file} already exists; not replaced" in done.stderr
    assert user.config_file.read_text(encoding="utf-8") == COMMENTED
    done = user.run("config", "init", "--force")
    assert done.returncode == 0
    kept = list(user.config_file.parent.glob("config.toml.old-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == COMMENTED
    assert f"The old file is now {kept[0]}." in done.stdout
    assert user.config_file.read_text(encoding="utf-8") == example


def test_init_shows_the_safety_note(user: UserEnvironment) -> None:
    """Writing a new config ends with the seeds' safety note, said once, in full."""
    done = user.run("config", "init")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"{SAFETY_TITLE}: {SAFETY_NOTE}")


def test_show_names_where_each_setting_came_from(user: UserEnvironment) -> None:
    """default, file, environment and flag each appear against the right key."""
    _write(user.config_file, COMMENTED)
    done = user.run(
        "config",
        "show",
        "--set",
        "notifications.urgency=low",
        env={"SITBREAK_QUIET__APPS": "zoom,obs"},
    )
    assert done.returncode == 0, done.stderr
    lines = _shown(done.stdout)
    assert len(lines) == len(list(leaf_paths())), "every setting is shown"
    assert lines["reminders.posture.every"] == 'every = "20m"                # default'
    assert lines["reminders.micro.every"] == 'every = "30m"                # file'
    assert lines["snooze.default"] == 'default = "5m"               # file'
    assert lines["quiet.apps"] == 'apps = ["zoom", "obs"]       # environment'
    assert lines["notifications.urgency"] == 'urgency = "low"              # flag'
    assert done.stdout.splitlines()[0] == f"# settings file: {user.config_file} (exists)"
    assert "[reminders.micro]" in done.stdout


def test_show_json_gives_value_and_origin_per_key(user: UserEnvironment) -> None:
    """--json maps every dotted key to its value and origin."""
    _write(user.config_file, COMMENTED)
    done = user.run("config", "show", "--json", env={"SITBREAK_SNOOZE__MAX_IN_A_ROW": "7"})
    payload = json.loads(done.stdout)
    assert payload["config_file"] == str(user.config_file)
    assert payload["file_exists"] is True
    settings = payload["settings"]
    assert settings["reminders.micro.every"] == {"value": "30m", "origin": "file"}
    assert settings["snooze.max_in_a_row"] == {"value": 7, "origin": "environment"}
    assert settings["history.keep_days"] == {"value": 365, "origin": "default"}


def test_check_names_key_and_line_and_exits_2(user: UserEnvironment) -> None:
    """Each bad value is reported as file:line: key: problem; the exit status is 2."""
    bad = _write(
        user.root / "bad.toml",
        '[reminders.micro]\nevery = "soon"\n\n[snooze]\nmax_in_a_row = true\nlength = "5m"\n',
    )
    done = user.run("config", "check", str(bad))
    assert done.returncode == 2
    assert f"{bad}:2: reminders.micro.every: 'soon' is not a duration" in done.stderr
    assert f"{bad}:5: snooze.max_in_a_row: true is not a count" in done.stderr
    assert f"{bad}:6: snooze.length: unknown setting" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_accepts_good_files_and_the_defaults(user: UserEnvironment) -> None:
    """A valid file and an absent default file both pass; a missing named file does not."""
    done = user.run("config", "check")
    assert done.returncode == 0
    assert f"No settings file at {user.config_file}: the built-in defaults apply." in done.stdout
    good = _write(user.root / "good.toml", COMMENTED)
    done = user.run("config", "check", str(good))
    assert done.returncode == 0
    assert done.stdout.startswith(f"{good} is valid (3 settings set there")
    done = user.run("config", "check", str(user.root / "missing.toml"))
    assert done.returncode == 2
    assert "no such file (given explicitly)" in done.stderr


def test_set_keeps_comments_and_layout(user: UserEnvironment) -> None:
    """Only the changed value differs; comments, blank lines and the rest stay byte for byte."""
    _write(user.config_file, COMMENTED)
    done = user.run("config", "set", "reminders.micro.every", "45m")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f'Set reminders.micro.every = "45m" in {user.config_file}.',
        "sitbreak is not running; the change applies when it next starts.",
    ]
    assert user.config_file.read_text(encoding="utf-8") == COMMENTED.replace(
        'every = "30m"  # agreed', 'every = "45m"  # agreed'
    )
    done = user.run("config", "set", "schedule.active_days", '["mon-fri"]')
    assert done.returncode == 0
    text = user.config_file.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.replace('"30m"', '"45m"'))
    assert text.endswith('[schedule]\nactive_days = ["mon-fri"]\n')


def test_set_refuses_bad_values_and_leaves_the_file(user: UserEnvironment) -> None:
    """A value the daemon would refuse exits 2, names key and line, and changes nothing."""
    _write(user.config_file, COMMENTED)
    before = (user.config_file.read_bytes(), user.config_file.stat().st_mtime_ns)
    done = user.run("config", "set", "reminders.micro.every", "45")
    assert done.returncode == 2
    assert "reminders.micro.every not changed; the result has problems:" in done.stderr
    assert f"{user.config_file}:4: reminders.micro.every: '45' has no unit" in done.stderr
    done = user.run("config", "set", "reminders.micro.every", "30s")
    assert done.returncode == 2
    assert "break_length 1m must be shorter than every 30s" in done.stderr
    done = user.run("config", "set", "reminders.micro.evry", "45m")
    assert done.returncode == 2
    assert "did you mean reminders.micro.every?" in done.stderr
    assert (user.config_file.read_bytes(), user.config_file.stat().st_mtime_ns) == before


def test_set_refuses_a_file_with_a_syntax_error(user: UserEnvironment) -> None:
    """A file that is not TOML is not touched; the error points at its line."""
    broken = "[snooze]\ndefault = \n"
    _write(user.config_file, broken)
    done = user.run("config", "set", "snooze.default", "5m")
    assert done.returncode == 2
    assert f"{user.config_file}:2: invalid TOML" in done.stderr
    assert user.config_file.read_text(encoding="utf-8") == broken


def test_set_without_a_file_starts_from_the_example(user: UserEnvironment) -> None:
    """No file yet: the commented example is written with the one value changed."""
    done = user.run("config", "set", "snooze.max_in_a_row", "5")
    assert done.returncode == 0, done.stderr
    assert "(a new file, from the commented example)" in done.stdout
    example = REPO_EXAMPLE.read_text(encoding="utf-8")
    expected = example.replace("max_in_a_row = 3", "max_in_a_row = 5")
    assert user.config_file.read_text(encoding="utf-8") == expected
    assert user.config_file.stat().st_mode & 0o777 == 0o600


def test_set_writes_through_a_symlink_and_keeps_the_mode(user: UserEnvironment) -> None:
    """A config kept in a dotfiles repo stays a symlink, and its permissions stay."""
    real = _write(user.root / "dotfiles" / "sitbreak.toml", COMMENTED)
    real.chmod(0o644)
    user.config_file.parent.mkdir(parents=True)
    user.config_file.symlink_to(real)
    done = user.run("config", "set", "snooze.default", "2m")
    assert done.returncode == 0, done.stderr
    assert user.config_file.is_symlink()
    assert 'default = "2m"' in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o644


def test_set_refuses_a_link_to_another_users_file(user: UserEnvironment) -> None:
    """Through a link to someone else's file nothing is written and the owner stays theirs."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give a file to another user")
    theirs = _write(user.root / "theirs.toml", COMMENTED)
    os.chown(theirs, 65534, 65534)
    user.config_file.parent.mkdir(parents=True)
    user.config_file.symlink_to(theirs)
    done = user.run("config", "set", "snooze.default", "2m")
    assert done.returncode == 1
    assert done.stderr == (
        f"sitbreak: snooze.default not changed: {user.config_file} is a link to {theirs}, which"
        " belongs to uid 65534, not to you; copy it to a file of your own (or point the link at"
        " one) and try again\n"
    )
    assert theirs.read_text(encoding="utf-8") == COMMENTED
    assert theirs.stat().st_uid == 65534


def test_set_same_value_changes_nothing_and_notes_environment(user: UserEnvironment) -> None:
    """Setting what is already there leaves the file; an overriding variable gets a note."""
    _write(user.config_file, COMMENTED)
    mtime = user.config_file.stat().st_mtime_ns
    done = user.run("config", "set", "snooze.default", "5m")
    assert (
        done.stdout.strip()
        == f'{user.config_file} already has snooze.default = "5m"; nothing changed.'
    )
    assert user.config_file.stat().st_mtime_ns == mtime
    done = user.run("config", "set", "snooze.default", "4m", env={"SITBREAK_SNOOZE__DEFAULT": "9m"})
    assert "Note: SITBREAK_SNOOZE__DEFAULT is set here and overrides the file" in done.stdout


def test_set_honours_config_and_sitbreak_config(user: UserEnvironment) -> None:
    """--config and $SITBREAK_CONFIG pick the file that is edited."""
    named = _write(user.root / "named.toml", COMMENTED)
    done = user.run("config", "set", "snooze.default", "3m", env={"SITBREAK_CONFIG": str(named)})
    assert done.returncode == 0
    assert 'default = "3m"' in named.read_text(encoding="utf-8")
    other = _write(user.root / "other.toml", "")
    assert user.run("config", "set", "--config", str(other), "snooze.default", "7m").returncode == 0
    assert other.read_text(encoding="utf-8") == '[snooze]\ndefault = "7m"\n'
    assert not user.config_file.exists()


def test_show_gives_the_schedule_the_settings_result_in(user: UserEnvironment) -> None:
    """Defaults: the micro-break really comes after 40 min, not 30, and show says why."""
    done = user.run("config", "show")
    assert done.returncode == 0, done.stderr
    assert "#   after 20 min of sitting: posture check" in done.stdout
    assert (
        "#   after 40 min of sitting: micro-break (due after 30 min; held 10 min so reminders"
        " stay at least 20 min apart)"
    ) in done.stdout
    assert "#   after 45 min of sitting: micro-break again, if unanswered" in done.stdout
    schedule = json.loads(user.run("config", "show", "--json").stdout)["schedule"]
    assert [(item["kind"], item["after_seconds"] // 60) for item in schedule][:4] == [
        ("posture", 20),
        ("micro", 40),
        ("micro", 45),
        ("stretch", 65),
    ]
    assert schedule[1]["moved"] == "spacing"
    assert schedule[1]["due_after_seconds"] == 30 * 60
