"""Reports as plain data, written once and rendered to every format (HTML, PDF, DOCX, Markdown).

A report is a title and a list of blocks; every claim that comes from the meeting or the library carries its
sources, so each format can link or cite them. No Django here: the Django side (livsmiljo/reports) builds a
`Report` from the database, already translated; the renderers only lay it out.
"""

from livsmiljo.engine.report.model import (
    Block,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Report,
    Source,
    Table,
)

__all__ = ["Block", "BulletList", "Figure", "Heading", "Paragraph", "Quote", "Report", "Source", "Table"]
