"""Project-wide test configuration. Fixtures come from the ``portail`` pytest plugin
(:mod:`portail_core.testing`); this file adds CI's strictness.

With ``PORTAIL_STRICT=1`` (set by ``.ci/run``) a skipped test fails the run: CI must run
every part of the suite, browser journeys and PostgreSQL included.
"""

import os


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("PORTAIL_STRICT") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(
            f"PORTAIL_STRICT: {skipped} test(s) skipped — CI requires all.", red=True
        )
        session.exitstatus = 1
