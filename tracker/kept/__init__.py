"""The kept facts: stored, kept up to date with every write, checked.

``store`` reads and replaces the facts of some scopes, ``upkeep`` works out which
scopes a write makes stale and rebuilds them before the transaction commits,
``check`` compares the kept facts with a build from scratch. The facts themselves
are the rule families' (tracker.queries.kept).
"""
