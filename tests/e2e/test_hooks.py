"""End to end: ``[hooks]`` commands run by a real daemon on a real desktop."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sitbreak.guidance import load_builtin
from tests.support.daemon import FAST_POSTURE, SitbreakDaemon, write_config
from tests.support.desktop import DesktopSession
from tests.support.waiting import eventually

WAIT = 30.0

DUMP_ENV = """
import json, os, sys
target = os.path.join(sys.argv[1], f"{os.getpid()}.json")
values = {k: v for k, v in os.environ.items() if k.startswith("SITBREAK_")}
with open(target + ".tmp", "w", encoding="utf-8") as out:
    json.dump({"argv": sys.argv[2:], "env": values}, out)
os.replace(target + ".tmp", target)
"""


def dump_hook(tmp_path: Path, *extra: str) -> tuple[str, Path]:
    """A TOML argv for a hook that writes its SITBREAK_* environment to a new file in a dir."""
    script, out = tmp_path / "dump_env.py", tmp_path / "hook-out"
    script.write_text(DUMP_ENV, encoding="utf-8")
    out.mkdir()
    return json.dumps([sys.executable, str(script), str(out), *extra]), out


def dumps(out: Path) -> list[dict[str, dict[str, str]]]:
    """Every environment the hook wrote so far."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(out.glob("*.json"))]


def test_reminder_hook_gets_what_dunst_showed(desktop: DesktopSession, tmp_path: Path) -> None:
    """The on_reminder hook's title and text are those of the notification dunst received."""
    argv, out = dump_hook(tmp_path)
    config = FAST_POSTURE + f"[hooks]\non_reminder = {argv}\n"
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", config))
    try:
        received = desktop.wait_for_notifications(2, timeout=WAIT)
        assert eventually(lambda: len(dumps(out)) >= 2, WAIT), daemon.log()
    finally:
        assert daemon.terminate() == 0
    prompts = {p.id: p for p in load_builtin()}
    shown = {(n.summary, n.body) for n in received}
    for dump in dumps(out):
        env = dump["env"]
        assert env["SITBREAK_EVENT"] == "reminder"
        assert env["SITBREAK_KIND"] == "posture"
        assert env["SITBREAK_TITLE"] == f"Posture check: {prompts[env['SITBREAK_PROMPT_ID']].title}"
        assert int(env["SITBREAK_SITTING_SECONDS"]) >= 2
        if (env["SITBREAK_TITLE"], env["SITBREAK_TEXT"]) in shown:
            break
    else:
        raise AssertionError(f"no hook run matches a notification: {dumps(out)} vs {shown}")


def test_hanging_hook_is_killed_while_reminders_and_status_carry_on(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """A hook that never ends is stopped at the timeout; reminders and status go on meanwhile."""
    pids = tmp_path / "pids"
    pids.mkdir()
    hang = json.dumps(["sh", "-c", f'echo $$ > "{pids}/$$"; exec sleep 300'])
    config = FAST_POSTURE + f'[hooks]\non_reminder = {hang}\ntimeout = "3s"\n'
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", config))
    try:
        assert eventually(lambda: any(pids.iterdir()), WAIT), daemon.log()
        assert daemon.status()["running"] is True  # answered while the hook hangs
        desktop.wait_for_notifications(3, timeout=WAIT)  # reminders keep coming
        daemon.wait_for_log("hook on_reminder ('sh') still running after 3 s; stopped it")
        first = int(min(pids.iterdir(), key=lambda p: p.stat().st_mtime).name)
        assert eventually(lambda: not Path(f"/proc/{first}").exists(), WAIT)
        assert daemon.status()["running"] is True
    finally:
        assert daemon.terminate() == 0
    assert "Traceback" not in daemon.log()


def test_prompt_text_with_shell_metacharacters_reaches_the_hook_verbatim(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    """A custom prompt full of shell syntax arrives in SITBREAK_TEXT exactly, running nothing."""
    nasty = "Stand $(touch pwned) `touch pwned2`; rm -rf ~ && echo \"$HOME\" | cat > x 'q' \\ *"
    builtin_posture = [p.id for p in load_builtin() if p.kind.value == "posture"]
    argv, out = dump_hook(tmp_path, "$SITBREAK_TEXT", "*")
    config = (
        FAST_POSTURE
        + f"[guidance]\ndisabled = {json.dumps(builtin_posture)}\n"
        + '[[guidance.custom]]\nid = "shell-soup"\nkind = "posture"\n'
        + f'title = "Soup; $(id)"\ntext = {json.dumps(nasty)}\n'
        + f"[hooks]\non_reminder = {argv}\n"
    )
    daemon = SitbreakDaemon(desktop, write_config(tmp_path / "c.toml", config))
    try:
        assert eventually(lambda: len(dumps(out)) >= 1, WAIT), daemon.log()
    finally:
        assert daemon.terminate() == 0
    dump = dumps(out)[0]
    assert dump["argv"] == ["$SITBREAK_TEXT", "*"]
    assert dump["env"]["SITBREAK_TITLE"] == "Posture check: Soup; $(id)"
    assert dump["env"]["SITBREAK_TEXT"] == nasty
    assert dump["env"]["SITBREAK_PROMPT_ID"] == "shell-soup"
    time.sleep(0.5)
    for folder in (tmp_path, Path(desktop.env["HOME"]), Path.cwd()):
        assert not list(folder.glob("pwned*"))
