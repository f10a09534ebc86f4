"""Reminders e-mailed to families: what each commune sets (:mod:`.settings`), what is due
(:mod:`.candidates`), the daily run (:mod:`.service`), the parents' opt-outs
(:mod:`.preferences`).

May import: models, the framework's mail package and helpers (formatting, calendar). No
other area: the booking deadline comes from the tenant's policy hook.
"""
