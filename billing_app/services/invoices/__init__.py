"""Invoice use-cases: one verb a module (issue, status, listing...)."""
