"""The frame every document shares: A4, header and footer with "page X of Y",
PDF metadata, and byte-identical output for the same data (reportlab invariant)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from tracker.domain.alerts import Alert
from tracker.export.styles import (
    BAND,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    WIDTH,
    fonts,
    styles,
    text,
)
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.alerts import severity_word


def fit(value: str, font: str, size: float, width: float) -> str:
    """``value`` cut with an ellipsis so that it is at most ``width`` points wide."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value + "…"


def numbered_canvas(header: str, footer: str) -> type[Canvas]:
    """A canvas that writes the header and "page X of Y" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = PAGE
            f = fonts()
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(
                MARGIN,
                height - MARGIN + 4 * mm,
                width - MARGIN,
                height - MARGIN + 4 * mm,
            )
            self.line(MARGIN, MARGIN - 6 * mm, width - MARGIN, MARGIN - 6 * mm)
            self.setFillColor(MUTED)
            self.setFont(f.regular, 7.5)
            self.drawString(
                MARGIN,
                height - MARGIN + 6 * mm,
                fit(header, f.regular, 7.5, width - 2 * MARGIN),
            )
            self.drawString(MARGIN, MARGIN - 10 * mm, footer)
            page = _("page {number} of {total}").format(
                number=self.getPageNumber(), total=total
            )
            self.drawRightString(width - MARGIN, MARGIN - 10 * mm, page)
            self.restoreState()

    return NumberedCanvas


def write_pdf(
    out: BinaryIO,
    story: Sequence[Flowable],
    *,
    title: str,
    subject: str,
    author: str,
    header: str,
    footer: str,
) -> None:
    """Lay ``story`` out on A4 pages and write the PDF to ``out``."""
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN,
        title=title,
        subject=subject,
        author=author,
        creator="appalti",
        invariant=1,
    )
    document.build(list(story), canvasmaker=numbered_canvas(header, footer))


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    bold_last: bool = False,
) -> Table:
    """A table that splits across pages with its header repeated; long text wraps."""
    s = styles()

    def cell(value: str | Flowable, column: int, bold: bool = False) -> Flowable:
        if not isinstance(value, str):
            return value
        # a right-aligned column keeps its header and its bold total aligned with
        # its figures, and every cell of it ("not known" too) on the same edge
        name = ("cell_bold" if bold else "cell") + ("_right" if column in right else "")
        return Paragraph(text(value), s[name])

    body = [[cell(h, i, bold=True) for i, h in enumerate(header)]]
    for index, row in enumerate(rows):
        last = bold_last and index == len(rows) - 1
        body.append([cell(v, i, bold=last) for i, v in enumerate(row)])
    result = Table(body, colWidths=list(widths), repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return result


def para(value: str, style: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(text(value), styles()[style])


def heading(value: str, level: int = 1) -> Paragraph:
    return Paragraph(text(value), styles()["h1" if level == 1 else "h2"])


def alerts_table(alerts: Sequence[Alert], fmt: Formatter) -> Table:
    """Alerts by severity (in words), due day and message, across the page."""
    return table(
        [_("Severity"), _("Due"), _("Message")],
        [
            [severity_word(a.severity.value), fmt.day(a.due, missing=""), a.message]
            for a in alerts
        ],
        [24 * mm, 22 * mm, WIDTH - 46 * mm],
    )
