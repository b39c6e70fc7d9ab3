"""The history of reminders, breaks and sitting: a SQLite store and the statistics made from it."""
