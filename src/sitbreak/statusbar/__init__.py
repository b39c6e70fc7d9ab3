"""Status bars: what a bar shows (``view``), how each bar wants it (``formats``), ``--follow``."""

__all__: list[str] = []
