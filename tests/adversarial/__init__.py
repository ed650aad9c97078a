"""Hostile inputs, processes and requests (issue 21): a package, so that its test modules may share
names with tests/ (test_web.py) without clashing."""
