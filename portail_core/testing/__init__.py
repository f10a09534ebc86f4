"""Testing kit for the core and for plugin authors: pytest fixtures and conformance suites.

Installed as the pytest plugin ``portail`` (entry point ``pytest11``), so a plugin's tests
get the fixtures without importing anything.
"""
