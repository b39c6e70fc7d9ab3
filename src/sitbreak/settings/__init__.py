"""User settings: the schema, loading with precedence and precise errors, and the core's Policy."""
