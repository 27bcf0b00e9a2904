"""Organisations and the ATI/RTI consortia they form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlmodel import Session

from tracker import models
from tracker.domain.consortium import MemberShare, check_members
from tracker.domain.identifiers import check_codice_fiscale, check_partita_iva
from tracker.drafts import ConsortiumDraft, OrganisationDraft
from tracker.errors import ValidationError
from tracker.services.refs import ensure_ref_free, record_id, resolve


def add_organisation(session: Session, draft: OrganisationDraft) -> models.Organisation:
    """Add an organisation; its partita IVA and codice fiscale must be valid."""
    ensure_ref_free(session, draft.ref)
    partita_iva = (
        None if not draft.partita_iva else check_partita_iva(draft.partita_iva)
    )
    codice_fiscale = (
        None if not draft.codice_fiscale else check_codice_fiscale(draft.codice_fiscale)
    )
    record = models.Organisation(
        ref=draft.ref,
        name=draft.name,
        kind=None if draft.kind is None else draft.kind.value,
        legal_form=draft.legal_form,
        partita_iva=partita_iva,
        codice_fiscale=codice_fiscale,
        address=draft.address,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def parse_share(text: str | None, *, field: str) -> Decimal | None:
    if text is None:
        return None
    try:
        share = Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, text, "is not a percentage") from None
    if not share.is_finite():
        raise ValidationError(field, text, "is not a percentage")
    if share != share.quantize(Decimal("0.01")):
        raise ValidationError(field, text, "a share has at most two decimals")
    return share


def add_consortium(session: Session, draft: ConsortiumDraft) -> models.Consortium:
    """Add a consortium; one mandataria, and shares all stated and adding up to 100."""
    ensure_ref_free(session, draft.ref)
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
    record = models.Consortium(
        ref=draft.ref, name=draft.name, kind=draft.kind.value, note=draft.note
    )
    session.add(record)
    session.flush()
    for position, (member, organisation, share) in enumerate(
        zip(draft.members, organisations, shares, strict=True)
    ):
        session.add(
            models.ConsortiumMember(
                consortium_id=record_id(record),
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
    return record
