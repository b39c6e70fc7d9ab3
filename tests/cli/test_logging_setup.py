"""Where `sitbreak run` logs: a private, size-bounded, rotated file, or the systemd journal."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitbreak.cli.logging_setup import (
    LOG_BACKUPS,
    LOG_MAX_BYTES,
    configure_logging,
    stderr_is_journal,
)


@pytest.fixture(autouse=True)
def restore_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put the root logger back as pytest had it, and run outside any journal."""
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


def test_the_log_file_is_private_and_rotates_at_its_size(tmp_path: Path) -> None:
    """3 MB of records leave at most 1 MB per file, three old files and nothing more, all 0600."""
    log_file = tmp_path / "state" / "log" / "sitbreak.log"
    place = configure_logging(log_file=log_file)
    assert place.to == "file"
    assert place.file == log_file
    log = logging.getLogger("sitbreak.test")
    for number in range(3000):
        log.info("record %d %s", number, "x" * 1000)
    names = sorted(path.name for path in log_file.parent.iterdir())
    assert names == ["sitbreak.log", *(f"sitbreak.log.{n}" for n in range(1, LOG_BACKUPS + 1))]
    for path in log_file.parent.iterdir():
        assert path.stat().st_size <= LOG_MAX_BYTES
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    assert "record 2999" in log_file.read_text(encoding="utf-8")


def test_a_symlink_at_the_log_file_is_never_written_through(tmp_path: Path) -> None:
    """A planted link: stderr only, with a warning naming it; the target stays untouched."""
    target = tmp_path / "elsewhere.txt"
    target.write_text("mine\n", encoding="utf-8")
    log_file = tmp_path / "log" / "sitbreak.log"
    log_file.parent.mkdir()
    log_file.symlink_to(target)
    place = configure_logging(log_file=log_file)
    logging.getLogger("sitbreak.test").warning("hello")
    assert place.to == "stderr"
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_journal_stream_counts_only_when_it_names_this_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JOURNAL_STREAM inherited by a process whose stderr is elsewhere does not count."""
    with (tmp_path / "stream").open("w") as stream:
        info = os.fstat(stream.fileno())
        monkeypatch.setenv("JOURNAL_STREAM", f"{info.st_dev}:{info.st_ino}")
        assert stderr_is_journal(stream)
        assert not stderr_is_journal(sys.__stdout__)
        monkeypatch.setenv("JOURNAL_STREAM", "garbage")
        assert not stderr_is_journal(stream)


def test_under_the_journal_no_file_is_written_and_lines_carry_priorities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run by systemd: stderr only, each line with the <N> priority journald reads."""
    log_file = tmp_path / "log" / "sitbreak.log"
    with capsys.disabled(), (tmp_path / "journal").open("w+") as stream:
        info = os.fstat(stream.fileno())
        monkeypatch.setenv("JOURNAL_STREAM", f"{info.st_dev}:{info.st_ino}")
        monkeypatch.setattr(sys, "stderr", stream)
        place = configure_logging(log_file=log_file)
        logging.getLogger("sitbreak.test").warning("careful")
        logging.getLogger("sitbreak.test").info("fine")
        stream.seek(0)
        written = stream.read()
    assert place.to == "journal"
    assert not log_file.exists()
    assert written.splitlines() == ["<4>sitbreak.test: careful", "<6>sitbreak.test: fine"]
