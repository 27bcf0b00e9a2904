"""Write use cases: check the rules, then add to the caller's session."""
