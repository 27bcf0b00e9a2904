"""Programmes, neighbourhoods, sites and the services that must not stop."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker import models
from tracker.domain.periods import check_period
from tracker.drafts import NeighbourhoodDraft, ProgrammeDraft, ServiceDraft, SiteDraft
from tracker.errors import N_, ValidationError
from tracker.services.refs import (
    ensure_ref_free,
    new_record,
    record_id,
    resolve,
    resolve_optional,
)


def _non_negative(value: int | None, *, field: str) -> int | None:
    if value is not None and value < 0:
        raise ValidationError(field, value, N_("must not be negative"))
    return value


def add_programme(session: Session, draft: ProgrammeDraft) -> models.Programme:
    """Add an urban-renewal or funding programme."""
    ensure_ref_free(session, draft.ref)
    check_period(draft.start, draft.end, field="period")
    record = new_record(
        session,
        models.Programme,
        ref=draft.ref,
        name=draft.name,
        start=draft.start,
        start_precision=draft.start_precision.value,
        end=draft.end,
        end_precision=draft.end_precision.value,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def add_neighbourhood(
    session: Session, draft: NeighbourhoodDraft
) -> models.Neighbourhood:
    """Add a neighbourhood with its figures and the programmes it belongs to."""
    ensure_ref_free(session, draft.ref)
    if draft.municipio is not None and draft.municipio < 1:
        raise ValidationError(
            "municipio", draft.municipio, N_("a municipio number is 1 or more")
        )
    record = new_record(
        session,
        models.Neighbourhood,
        ref=draft.ref,
        name=draft.name,
        municipio=draft.municipio,
        inhabitants=_non_negative(draft.inhabitants, field="inhabitants"),
        inhabitants_approximate=draft.inhabitants_approximate,
        households=_non_negative(draft.households, field="households"),
        erp_dwellings=_non_negative(draft.erp_dwellings, field="erp_dwellings"),
        figures_as_of=draft.figures_as_of,
        figures_basis=draft.figures_basis,
        note=draft.note,
    )
    programmes = [
        resolve(session, models.Programme, ref, field=f"programmes[{i}]")
        for i, ref in enumerate(draft.programmes)
    ]
    for i, ref in enumerate(draft.programmes):
        if draft.programmes.index(ref) != i:
            raise ValidationError(
                f"programmes[{i}]", ref, N_("the programme is listed twice")
            )
    session.add(record)
    session.flush()
    for programme in programmes:
        session.add(
            new_record(
                session,
                models.NeighbourhoodProgramme,
                neighbourhood_id=record_id(record),
                programme_id=record_id(programme),
            )
        )
    session.flush()
    return record


def add_site(session: Session, draft: SiteDraft) -> models.Site:
    """Add the premises of a service."""
    ensure_ref_free(session, draft.ref)
    neighbourhood = resolve_optional(
        session, models.Neighbourhood, draft.neighbourhood, field="neighbourhood"
    )
    record = new_record(
        session,
        models.Site,
        ref=draft.ref,
        name=draft.name,
        neighbourhood_id=None if neighbourhood is None else neighbourhood.id,
        address=draft.address,
        owner=draft.owner.value,
        space_kind=draft.space_kind,
        floor=draft.floor,
        condition_notes=draft.condition_notes,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def add_service(session: Session, draft: ServiceDraft) -> models.Service:
    """Add a continuing service and the window in which it is required."""
    ensure_ref_free(session, draft.ref)
    check_period(draft.required_from, draft.required_until, field="required")
    neighbourhood = resolve(
        session, models.Neighbourhood, draft.neighbourhood, field="neighbourhood"
    )
    site = resolve_optional(session, models.Site, draft.site, field="site")
    programme = resolve_optional(
        session, models.Programme, draft.programme, field="programme"
    )
    record = new_record(
        session,
        models.Service,
        ref=draft.ref,
        name=draft.name,
        neighbourhood_id=record_id(neighbourhood),
        site_id=None if site is None else site.id,
        programme_id=None if programme is None else programme.id,
        required_from=draft.required_from,
        required_from_precision=draft.required_from_precision.value,
        required_until=draft.required_until,
        required_until_precision=draft.required_until_precision.value,
        note=draft.note,
    )
    session.add(record)
    session.flush()
    return record


def add_service_in(
    session: Session,
    draft: ServiceDraft,
    neighbourhood: NeighbourhoodDraft | None = None,
) -> models.Service:
    """Add a service; ``neighbourhood`` (the one the service names) is recorded
    with it when no neighbourhood has its reference yet: the first service of a
    new database has no neighbourhood to point to."""
    recorded = session.exec(
        select(models.Neighbourhood).where(
            models.Neighbourhood.ref == draft.neighbourhood
        )
    ).first()
    if recorded is None:
        if neighbourhood is None:
            raise ValidationError(
                "neighbourhood",
                draft.neighbourhood,
                N_(
                    "no neighbourhood has this reference: give the name of the new "
                    "neighbourhood to record it with the service"
                ),
            )
        add_neighbourhood(session, neighbourhood)
    return add_service(session, draft)
