"""The family file: families, guardians, children, sheets, pick-up persons, documents, history,
and the commune's lists (vaccines, authorisations, document types…).

May import: models, the framework's helpers (storage, formatting, calendar). No other area.
"""
