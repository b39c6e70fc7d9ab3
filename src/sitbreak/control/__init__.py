"""The control endpoint: CLI commands reach the daemon over a user-only local socket or pipe."""

__all__: list[str] = []
