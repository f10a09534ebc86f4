"""Campaigns: the parents' « Inscriptions » and waiting room, the agents' campaigns."""
