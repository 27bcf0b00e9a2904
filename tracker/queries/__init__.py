"""Read side: queries that return frozen rows, never ORM objects."""
