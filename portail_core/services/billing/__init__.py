"""Billing: invoice runs, invoices and their numbers, ledgers, statements, exports, PDFs, and
the import of a commune's history.

May import: models, the framework's helpers and ``services.bookings`` (what is billed, at
which tariff). Never ``services.payments``: payments import billing.
"""
