"""The pure sitting core: no clock, no I/O, every call takes ``now``."""
