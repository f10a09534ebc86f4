"""Online payment pages: start and return, gateway notifications, payment e-mails."""
