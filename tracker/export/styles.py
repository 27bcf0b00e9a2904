"""Page, fonts, colours and paragraph styles of every document, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PAGE = A4
MARGIN = 18 * mm
WIDTH = PAGE[0] - 2 * MARGIN
"""The width of the text between the margins."""
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
RULE = colors.HexColor("#d1d5db")
BAND = colors.HexColor("#f3f4f6")
CONTRACT = colors.HexColor("#2563eb")
IN_HOUSE = colors.HexColor("#059669")
GAP = colors.HexColor("#dc2626")
UNCERTAIN = colors.HexColor("#7c3aed")
"""Days a contract known by one end may cover: hatched, never a bar or a gap."""
AS_OF = colors.HexColor("#111827")
CRITICAL = colors.HexColor("#b91c1c")
WARNING = colors.HexColor("#b45309")


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    embedded: bool


@lru_cache(maxsize=2)
def fonts(directory: Path = DEJAVU) -> Fonts:
    """DejaVu Sans, embedded, when the system has it (it covers Ł, ő...); else Helvetica."""
    regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdfmetrics.registerFont(TTFont("AppaltiSans", str(regular)))
        pdfmetrics.registerFont(TTFont("AppaltiSans-Bold", str(bold)))
        pdfmetrics.registerFontFamily(
            "AppaltiSans", normal="AppaltiSans", bold="AppaltiSans-Bold"
        )
        return Fonts("AppaltiSans", "AppaltiSans-Bold", True)
    return Fonts("Helvetica", "Helvetica-Bold", False)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    f = fonts()
    base = ParagraphStyle(
        "body",
        fontName=f.regular,
        fontSize=9,
        leading=12,
        textColor=INK,
        alignment=TA_LEFT,
    )

    def style(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    def heading(name: str, **changes: Any) -> ParagraphStyle:
        return style(name, fontName=f.bold, keepWithNext=1, **changes)

    return {
        "body": base,
        "small": style("small", fontSize=7.5, leading=9.5, textColor=MUTED),
        "cell": style("cell", fontSize=8, leading=10),
        "cell_bold": style("cell_bold", fontSize=8, leading=10, fontName=f.bold),
        "cell_right": style("cell_right", fontSize=8, leading=10, alignment=2),
        "cell_bold_right": style(
            "cell_bold_right", fontSize=8, leading=10, fontName=f.bold, alignment=2
        ),
        "h1": heading("h1", fontSize=13, leading=17, spaceBefore=10, spaceAfter=6),
        "h2": heading("h2", fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=4),
        "title": style(
            "title", fontName=f.bold, fontSize=20, leading=25, spaceAfter=10
        ),
        "subtitle": style(
            "subtitle", fontSize=11, leading=15, textColor=MUTED, spaceAfter=14
        ),
    }


def text(value: object) -> str:
    """User text made safe for a Paragraph: ``<`` and ``&`` print as typed."""
    return escape(str(value))
