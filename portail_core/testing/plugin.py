"""The ``portail`` pytest plugin: every fixture of the testing kit."""

pytest_plugins = [
    "portail_core.testing.fixtures",
    "portail_core.testing.browser",
    "portail_core.testing.family",
    "portail_core.testing.payments_live",
    "portail_core.testing.smtp",
]
