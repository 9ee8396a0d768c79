"""The recogniser: finds title, year, body, sections and tables 二/三/四 in a Document.

Tables are found row by row, wherever they are (under their headings, on their own sheets, split over
pages): each table row is classified by its label after normalisation and mapped onto a format's
canonical row by similarity, so drifting columns, typos, wrapped labels and split tables still land on
the right cells. Where it cannot place values it records why, and the parse rules say so.
"""

from __future__ import annotations

from app.core.formats import ReportFormat, all_formats, format_for_year
from app.core.model import Document, Report
from app.core.recognise.account import account_doubts
from app.core.recognise.layout import label_paragraphs, layout_scores
from app.core.recognise.lines import table_lines
from app.core.recognise.outline import choose_outline
from app.core.recognise.records import Recognition, RowMatch, RowProblem, TableLine
from app.core.recognise.spans import section_spans
from app.core.recognise.tables import recognise_tables
from app.core.recognise.title import body_from_title, find_title, find_year

__all__ = ["Recognition", "RowMatch", "RowProblem", "TableLine", "recognise"]


def recognise(document: Document) -> Recognition:
    """Map a Document onto the official formats."""
    formats = all_formats()
    default = formats[-1]
    outline = choose_outline(document, default)
    sections = outline.sections
    first_section = sections[0].block if sections else None
    title, title_block = find_title(document, first_section)
    year = find_year(document, title)
    lines = table_lines(document)
    attempts = {fmt.id: recognise_tables(lines, fmt) for fmt in formats}
    scores = layout_scores(
        lines, {key: value.matches for key, value in attempts.items()}, label_paragraphs(document)
    )
    chosen: ReportFormat | None = None
    if any(attempt.tables_seen for attempt in attempts.values()):
        by_year = format_for_year(year) if year else None
        chosen = max(formats, key=lambda f: (scores[f.id], f is by_year, f.first_year))
    recognition = attempts[chosen.id] if chosen else Recognition(report=Report(), format=None)
    recognition.layout_scores = scores
    report = recognition.report
    report.title, report.title_block, report.year = title, title_block, year
    report.body = body_from_title(title) if title else None
    report.layout = chosen.id if chosen and recognition.tables_seen else None
    report.sections = sections
    report.spans = section_spans(sections, document)
    if recognition.format is None:
        recognition.format = (format_for_year(year) if year else None) or default
    report.doubts = account_doubts(document, recognition) + outline.doubts
    return recognition
