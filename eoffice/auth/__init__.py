"""Accounts, sessions, API tokens and the one permission module (`eoffice.auth.permissions`)."""
