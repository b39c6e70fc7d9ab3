"""Entry point for ``python -m sitbreak``."""

from sitbreak.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
