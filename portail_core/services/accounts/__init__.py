"""Accounts: creation by agents, activation, login, reset, e-mail and password changes, throttling.

May import: models, the framework's helpers (passwords, calendar, formatting). No other area.
"""
