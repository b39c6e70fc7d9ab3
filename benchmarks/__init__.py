"""Benchmarks of sitbreak against a real desktop session; run them from the repository root."""
