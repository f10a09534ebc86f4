"""The payment gateway contract: backends registered by plugins, chosen per régie."""
