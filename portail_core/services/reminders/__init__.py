"""Reminders e-mailed to families: what each commune sets (:mod:`.settings`), what is due
(:mod:`.candidates`), the daily run (:mod:`.service`), the parents' opt-outs
(:mod:`.preferences`)."""
