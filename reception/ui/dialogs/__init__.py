"""Dialogs: the matter's actions, backup, login and unlock, settings and accounts, print preview."""
