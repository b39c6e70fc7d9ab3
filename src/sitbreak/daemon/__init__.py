"""The thin shell around the core: one lock, one dispatch, one timer."""
