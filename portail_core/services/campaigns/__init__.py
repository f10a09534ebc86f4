"""Campaigns: registration campaigns of a commune. The waiting room of a first-come
opening (tickets, admission cursor), lottery requests, priorities from
``portail_campaign_priorities``, the seeded draw and its replay, offers and their expiry.

Every service takes ``(dbsession, tenant)`` and scopes its queries on the tenant.
May import: models, the framework's helpers and ``bookings`` (enrolments). No other area.
"""
