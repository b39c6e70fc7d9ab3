"""sitbreak: a sitting-reminder daemon with a pure core and a thin shell."""

__all__ = ["__version__"]

__version__ = "0.1.0"
