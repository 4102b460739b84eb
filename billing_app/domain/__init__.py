"""Pure billing rules: no database, no Reflex, nothing else of the app."""
