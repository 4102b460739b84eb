"""Invoice batches: preview a billing run, save it (locking the work), delete it."""
