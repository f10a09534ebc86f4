"""The audit trail: recording changes, and reading them back."""
