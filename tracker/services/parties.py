"""Organisations and the ATI/RTI consortia they form."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, select

from tracker import models
from tracker.domain.anac import check_ausa
from tracker.domain.consortium import MemberShare, check_members
from tracker.domain.identifiers import check_codice_fiscale, check_vat_number
from tracker.drafts import ConsortiumDraft, OrganisationDraft
from tracker.errors import N_, Checks, ValidationError
from tracker.services.refs import add_new, is_new, new_record, record_id, resolve


def apply_organisation(
    _session: Session, record: models.Organisation, draft: OrganisationDraft
) -> None:
    """Check an organisation draft, naming every wrong identifier, and set the
    record's columns from it."""
    checks = Checks()
    partita_iva = draft.partita_iva and checks.run(check_vat_number, draft.partita_iva)
    codice_fiscale = draft.codice_fiscale and checks.run(
        check_codice_fiscale, draft.codice_fiscale
    )
    ausa = draft.ausa and checks.run(check_ausa, draft.ausa)
    checks.done()
    record.ref = draft.ref
    record.name = draft.name
    record.kind = None if draft.kind is None else draft.kind.value
    record.legal_form = draft.legal_form
    record.partita_iva = partita_iva or None
    record.codice_fiscale = codice_fiscale or None
    record.ausa = ausa or None
    record.address = draft.address
    record.note = draft.note


def add_organisation(session: Session, draft: OrganisationDraft) -> models.Organisation:
    """Add an organisation; its partita IVA and codice fiscale must be valid."""
    record = new_record(session, models.Organisation, ref=draft.ref, name=draft.name)
    return add_new(session, record, draft, apply_organisation)


def parse_share(text: str | None, *, field: str) -> Decimal | None:
    if text is None:
        return None
    try:
        share = Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, text, N_("is not a percentage")) from None
    if not share.is_finite():
        raise ValidationError(field, text, N_("is not a percentage"))
    if not 0 <= share <= 100:  # also keeps quantize within its precision
        raise ValidationError(field, text, N_("a share is from 0 to 100"))
    if share != share.quantize(Decimal("0.01")):
        raise ValidationError(field, text, N_("a share has at most two decimals"))
    return share


def apply_consortium(
    session: Session, record: models.Consortium, draft: ConsortiumDraft
) -> None:
    """Check a consortium draft (two members at least, each once; shares, where
    stated, that can add up to 100) and set the record's columns and its members
    from it. A missing lead or unknown shares are findings, not refusals."""
    organisations = [
        resolve(
            session,
            models.Organisation,
            m.organisation,
            field=f"members[{i}].organisation",
        )
        for i, m in enumerate(draft.members)
    ]
    shares = [
        MemberShare(
            organisation=m.organisation,
            role=m.role,
            share=parse_share(m.share, field=f"members[{m.organisation}].share"),
        )
        for m in draft.members
    ]
    check_members(shares)
    record.ref = draft.ref
    record.name = draft.name
    record.kind = draft.kind.value
    record.note = draft.note
    session.add(record)
    session.flush()
    consortium_id = record_id(record)
    # Members go first, in their own flush: the same organisation may come back.
    olds: Iterable[models.ConsortiumMember] = (
        []
        if is_new(session, record)
        else session.exec(
            select(models.ConsortiumMember).where(
                models.ConsortiumMember.consortium_id == consortium_id
            )
        )
    )
    for old in olds:
        session.delete(old)
    session.flush()
    for position, (member, organisation, share) in enumerate(
        zip(draft.members, organisations, shares, strict=True)
    ):
        session.add(
            new_record(
                session,
                models.ConsortiumMember,
                consortium_id=consortium_id,
                organisation_id=record_id(organisation),
                position=position,
                role=member.role.value,
                share_hundredths=None
                if share.share is None
                else int(share.share * 100),
                note=member.note,
            )
        )
    session.flush()


def add_consortium(session: Session, draft: ConsortiumDraft) -> models.Consortium:
    """Add a consortium; the shares, when all are stated, add up to 100."""
    record = new_record(
        session,
        models.Consortium,
        ref=draft.ref,
        name=draft.name,
        kind=draft.kind.value,
    )
    return add_new(session, record, draft, apply_consortium)
