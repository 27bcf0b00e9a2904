"""Tables in the PDFs: a right-aligned column keeps every cell on its right edge,
the heading, "not known" and a bold total alike."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph

from tracker.export.document import table


def test_every_cell_of_a_right_aligned_column_is_right_aligned() -> None:
    built = table(
        ["Voce", "Imponibile", "Lordo"],
        [
            ["Base", "non noto", "828.415,20 €"],
            ["Totale", "non noto", "966.484,40 €"],
        ],
        [100, 60, 60],
        right=(1, 2),
        bold_last=True,
    )
    cells = vars(built)["_cellvalues"]  # reportlab keeps each cell's flowable here
    alignments = [
        [cell.style.alignment for cell in row if isinstance(cell, Paragraph)]
        for row in cells
    ]
    assert alignments == [[TA_LEFT, TA_RIGHT, TA_RIGHT]] * 3
    # the heading and the total are bold, on the same edge as the figures
    assert cells[0][1].style.fontName == cells[2][2].style.fontName
    assert cells[1][1].style.fontName != cells[2][1].style.fontName
