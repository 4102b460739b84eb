"""E-mail delivery: the settings, the SMTP conversation, sending one invoice or a batch."""
