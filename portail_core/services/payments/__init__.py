"""Payments: counter payments, online payments (start, attempts, gateway results,
reconciliation) and what agents read about them.

The gateway contract plugins implement is ``portail_core.payments``; this area applies it.
May import: models, the framework's helpers, ``portail_core.payments``, ``services.billing``.
"""
