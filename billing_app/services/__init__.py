"""Use-cases: each takes a Session, does one thing in one transaction, returns plain data."""
