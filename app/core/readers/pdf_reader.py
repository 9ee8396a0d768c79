"""The PDF reader's entry point where the reader registry looks for it; the reader is `readers/pdf/`."""

from app.core.readers.pdf import read_pdf

__all__ = ["read_pdf"]
