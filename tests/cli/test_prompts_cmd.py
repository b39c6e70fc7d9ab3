"""`sitbreak prompts` lists the ids `[guidance] disabled` takes; settings that cannot work warn."""

from __future__ import annotations

import json

from sitbreak.core import Kind
from sitbreak.guidance import load_builtin
from tests.support.user_env import UserEnvironment


def test_prompts_lists_ids_by_kind_and_marks_the_switched_off(user: UserEnvironment) -> None:
    """Text: a heading per kind, each id with its title, 'off' beside a disabled one."""
    user.config_file.parent.mkdir(parents=True)
    user.config_file.write_text('[guidance]\ndisabled = ["lumbar-roll"]\n', encoding="utf-8")
    done = user.run("prompts")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    postures = sum(1 for prompt in load_builtin() if prompt.kind is Kind.POSTURE)
    assert lines[0] == f"posture check ({postures} prompts, 1 switched off)"
    lumbar = next(line for line in lines if line.strip().startswith("lumbar-roll "))
    assert lumbar.endswith("[off]")
    assert any(line.startswith("micro-break (") for line in lines)
    assert any(line.startswith("stretch break (") for line in lines)


def test_prompts_kind_and_json(user: UserEnvironment) -> None:
    """--kind stretch --json: only stretch prompts, each with its fields and whether enabled."""
    done = user.run("prompts", "--kind", "stretch", "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert listed["unknown_disabled"] == []
    assert listed["prompts"]
    for prompt in listed["prompts"]:
        assert prompt["kind"] == "stretch"
        assert set(prompt) == {
            "id", "kind", "title", "text", "caution", "duration_seconds", "builtin", "enabled"
        }  # fmt: skip
        assert prompt["enabled"] is True


def test_config_set_warns_about_unknown_prompt_ids(user: UserEnvironment) -> None:
    """A typo in guidance.disabled is written (it is valid) but named, with the likely id."""
    done = user.run("config", "set", "guidance.disabled", '["lumbar-rol", "no-such"]')
    assert done.returncode == 0, done.stderr
    assert (
        "warning: [guidance] disabled names unknown prompt ids: lumbar-rol (did you mean"
        " lumbar-roll?), no-such; 'sitbreak prompts' lists them"
    ) in done.stdout


def test_config_check_warns_about_hook_programs_that_do_not_exist(user: UserEnvironment) -> None:
    """A hook naming a missing program or path is a warning in config check and doctor."""
    user.config_file.parent.mkdir(parents=True)
    user.config_file.write_text(
        '[hooks]\non_reminder = ["no-such-program-xyz", "--flag"]\n'
        'on_break_taken = ["/nowhere/bin/log-break"]\non_pause = ["sh", "-c", "true"]\n',
        encoding="utf-8",
    )
    done = user.run("config", "check")
    assert done.returncode == 0, done.stderr
    assert (
        "warning: hooks.on_reminder: the program 'no-such-program-xyz' is not found on PATH;"
        " the hook would fail"
    ) in done.stdout
    assert (
        "warning: hooks.on_break_taken: the program '/nowhere/bin/log-break' is not an"
        " executable file; the hook would fail"
    ) in done.stdout
    assert "on_pause" not in done.stdout
    doctor = user.run("doctor")
    assert "WARN  settings: hooks.on_reminder: the program 'no-such-program-xyz'" in doctor.stdout
