"""The commune's outbox as agents see it (« Courriels »): every e-mail with its state and
error, and sending a failed one again.

May import: models, the framework's mail package. No other area.
"""
