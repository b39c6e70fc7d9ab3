"""The Windows pipe transport's platform-neutral parts: pipe names, the DACL, import safety."""

from __future__ import annotations

import pytest

from sitbreak.control.windows_pipe import PipeServer, pipe_name, user_sddl
from tests.support.control import sample_handler


def test_pipe_name_for_a_plain_user() -> None:
    """A plain user name goes into the pipe name unchanged."""
    assert pipe_name("alice") == r"\\.\pipe\sitbreak-alice"


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("CORP\\bob smith", r"\\.\pipe\sitbreak-CORP_bob_smith"),
        ("", r"\\.\pipe\sitbreak-user"),
        ("Zoë", r"\\.\pipe\sitbreak-Zo_"),
        ("x" * 300, "\\\\.\\pipe\\sitbreak-" + "x" * 64),
    ],
)
def test_pipe_name_is_sanitised(user: str, expected: str) -> None:
    """Backslashes, spaces and other odd characters cannot escape or break the pipe name."""
    assert pipe_name(user) == expected


def test_sddl_grants_only_the_user() -> None:
    """The security descriptor is a protected DACL with one allow entry: the user's SID."""
    sid = "S-1-5-21-3623811015-3361044348-30300820-1013"
    assert user_sddl(sid) == f"D:P(A;;GA;;;{sid})"


@pytest.mark.parametrize("sid", ["", "WD", "S-1-5-21)(A;;GA;;;WD", "S-1", "s-1-5-18 "])
def test_sddl_refuses_anything_but_a_sid(sid: str) -> None:
    """Something that is not a plain SID cannot smuggle extra entries into the DACL."""
    with pytest.raises(ValueError, match="not a string SID"):
        user_sddl(sid)


def test_pipe_server_fails_clearly_off_windows() -> None:
    """Off Windows, starting a pipe server raises OSError instead of crashing at import."""
    with pytest.raises(OSError, match="Windows"):
        PipeServer(pipe_name("alice"), sample_handler).start()
