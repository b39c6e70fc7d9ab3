"""``[hooks]``: the user's commands, run without a shell when reminders and breaks happen."""

__all__: list[str] = []
