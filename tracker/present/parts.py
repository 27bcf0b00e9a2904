"""Each consortium member's part of a contract's total, worded the same in the
dossier, the app and ``show``: parts that add up to the printed total exactly."""

from __future__ import annotations

from decimal import Decimal

from tracker.domain.consortium import member_parts
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.queries.rows import SupplierRow, TotalsRow


def parts_of(supplier: SupplierRow, total: TotalsRow | None) -> list[Decimal] | None:
    """Each member's part of the base and the exercised options VAT included, in
    the members' order; None when the gross of the total or a share is not known.
    Of a total that leaves out an option's unstated amount ("at least") the parts
    are of what it states, adding up to the figure printed."""
    if total is None or total.gross is None:
        return None
    return member_parts(total.gross, [m.share for m in supplier.members])


def member_part_words(
    supplier: SupplierRow, total: TotalsRow | None, fmt: Formatter
) -> list[str]:
    """One text per member: its part (``parts_of``), or why it is not known."""
    split = parts_of(supplier, total)
    if split is not None:
        return [fmt.euro(part) for part in split]
    known = total is not None and total.gross is not None
    reason = _("share not stated") if known else _("not known")
    return [reason] * len(supplier.members)
