"""The benchmark: `make bench` (python -m bench) measures the served app in Chromium."""
