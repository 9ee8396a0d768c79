"""PDF reports read through PDFium: text lines grouped into paragraphs, tables read from their rules.

The flow, one module per step: `text` (characters and lines), `geometry` (reading space, rules,
images), `grid` (table grids from rules), `tables` (cells, tables joined over pages), `margins` (page
numbers and print headers left out), `assemble` (paragraphs and blocks), `reader` (`read_pdf`).
"""

from app.core.readers.pdf.reader import read_pdf

__all__ = ["read_pdf"]
