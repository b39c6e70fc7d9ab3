"""Helpers shared by the tests: real desktop sessions and the processes behind them."""

__all__: list[str] = []
