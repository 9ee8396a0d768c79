"""Limits the exported files put on what a reviewer types, in a module of their own: the window's
settings dialog and the command line check them without importing the exporters (python-docx)."""

MAX_REVIEWER = 255  # characters: what Word takes for a comment's author
