"""The ``sitbreak`` command line; the parser is light, each command imports what it needs."""
