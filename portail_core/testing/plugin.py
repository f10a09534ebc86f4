"""The ``portail`` pytest plugin: every fixture of the testing kit."""

pytest_plugins = ["portail_core.testing.fixtures", "portail_core.testing.browser"]
