"""Pure rules of the procurement domain: no database, no I/O."""
