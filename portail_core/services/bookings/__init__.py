"""Bookings: establishments, units and their tariffs, booking policies, and the rules and
queries behind periods, plannings, reservations and processing.

Each module holds one concern; every service takes ``(dbsession, tenant)`` and scopes its
queries on the tenant. Views import from the modules directly.
May import: models and the framework's helpers. No other area.
"""
