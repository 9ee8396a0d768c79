"""The desktop window: Qt adapters over the core (models, workers) and the widgets on top.

Nothing here runs at import time; `app.ui.main.run_window` creates the application, the settings and
the window.
"""
