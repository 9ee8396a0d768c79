"""年报检查器: checks Chinese government information-disclosure annual reports."""

from app.core.resources import read_version

__version__ = read_version()
APP_NAME = "年报检查器"
