"""How the product words things for people, in the active language."""
