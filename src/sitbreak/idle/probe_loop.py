"""The ``__main__`` probe loop every backend file shares: print idle seconds until Ctrl-C."""

from __future__ import annotations

import time

from sitbreak.idle.base import IdleBackend, IdleError

__all__ = ["print_idle_seconds"]


def print_idle_seconds(backend: IdleBackend, every: float = 1.0, threshold: float = 5.0) -> None:
    """Print the idle seconds each ``every`` seconds, for a manual check on a real desktop.

    An event-driven backend is armed at ``threshold`` seconds and also prints its transitions.
    """
    if not backend.polls:
        backend.watch(threshold, lambda seconds: print(f"-- reported {seconds:.1f} s idle"))
    print(f"{backend.name}: move the mouse, then leave it alone (Ctrl-C ends)", flush=True)
    try:
        while True:
            try:
                print(f"{backend.seconds_idle():8.1f} s idle", flush=True)
            except IdleError as error:
                print(f"cannot tell: {error}", flush=True)
            time.sleep(every)
    except KeyboardInterrupt:
        pass
    finally:
        backend.close()
