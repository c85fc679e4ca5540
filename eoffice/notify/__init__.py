"""Notifications to users: in-app now; email/SMS channels plug in behind the same call."""
