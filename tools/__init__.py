"""Build helpers for `make setup`."""
