"""Reusable widgets: they display what screens give them and post messages up."""
