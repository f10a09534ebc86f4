"""Demonstration data: the builder commune plugins fill from ``portail_demo_data``, and the
helpers for their families, bookings, content and history (``commune`` for the shared parts).

Only ``portail-demo``, the commune plugins' demo modules and tests import this package.
May import everything below it: models, services, the framework.
"""
