"""Stored values shown to people (statuses, kinds, roles), marked for translation.

The values are stored in English (``planned``, ``renewal``...); front ends show
``_(value)``. Listing them here lets the message extractor find them.
"""

from __future__ import annotations

from tracker.i18n import _, language


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark a message for extraction without translating it here."""
    return message


VOCABULARY = (
    # tender status
    N_("proposed"),
    N_("planned"),
    N_("published"),
    N_("awarded"),
    N_("unsuccessful"),
    N_("cancelled"),
    # procedure types
    N_("aperta"),
    N_("ristretta"),
    N_("negoziata"),
    N_("competitiva_con_negoziazione"),
    N_("dialogo_competitivo"),
    N_("affidamento_diretto"),
    N_("co_progettazione"),
    N_("adesione_accordo_quadro"),
    N_("adesione_convenzione"),
    # main categories
    N_("works"),
    N_("services"),
    N_("goods"),
    # option kinds and states
    N_("renewal"),
    N_("extension_option"),
    N_("proroga_tecnica"),
    N_("quinto_variation"),
    N_("variante"),
    N_("revisione_prezzi"),
    N_("adeguamento_ccnl"),
    N_("other_modification"),
    N_("exercised"),
    N_("lapsed"),
    # funding status
    N_("pending_confirmation"),
    N_("confirmed"),
    # consortium roles
    N_("mandataria"),
    N_("mandante"),
    N_("associata"),
    N_("capogruppo"),
    N_("consorziata"),
    N_("unstated"),
    # acts
    N_("delibera_gc"),
    N_("delibera_cc"),
    N_("determina_dirigenziale"),
    N_("decreto"),
    N_("other"),
    # deadline states
    N_("open"),
    N_("done"),
    N_("acknowledged"),
    # site owners
    N_("aler"),
    N_("comune"),
    # organisation kinds
    N_("company"),
    N_("social_cooperative"),
    N_("cooperative"),
    N_("association"),
    N_("public_body"),
    N_("individual"),
    # funding kinds
    N_("eu"),
    N_("national"),
    N_("regional"),
    N_("municipal"),
    # in-house kinds
    N_("internal_staff"),
    N_("individual_professionals"),
    # recurrences
    N_("none"),
    N_("monthly"),
    N_("quarterly"),
    N_("yearly"),
    # amounts: the half stated, an unknown VAT rate
    N_("net"),
    N_("gross"),
    N_("unknown"),
    N_("exempt"),
    # how far a date is known
    N_("day"),
    N_("month"),
    N_("year"),
    # history actions
    N_("create"),
    N_("update"),
    N_("delete"),
    N_("restore"),
    N_("generate"),
)


ENGLISH = {
    "aperta": "open procedure",
    "ristretta": "restricted procedure",
    "negoziata": "negotiated procedure",
    "competitiva_con_negoziazione": "competitive procedure with negotiation",
    "dialogo_competitivo": "competitive dialogue",
    "affidamento_diretto": "direct award",
    "co_progettazione": "co-design (co-progettazione)",
    "adesione_accordo_quadro": "adhesion to a framework agreement",
    "adesione_convenzione": "adhesion to a convention",
    "variante": "variation (variante)",
    "revisione_prezzi": "price revision",
    "adeguamento_ccnl": "labour agreement (CCNL) adjustment",
    "other_modification": "other modification",
    "associata": "associated member (associata)",
    "capogruppo": "lead member (capogruppo)",
    "consorziata": "consortium member (consorziata)",
    "unstated": "role not stated",
    "extension_option": "extension option",
    "proroga_tecnica": "technical extension (proroga tecnica)",
    "quinto_variation": "variation within one fifth (quinto d'obbligo)",
    "pending_confirmation": "pending confirmation",
    "delibera_gc": "Giunta resolution (delibera)",
    "delibera_cc": "Council resolution (delibera)",
    "determina_dirigenziale": "executive decision (determina)",
    "decreto": "decree",
    "aler": "owned by ALER",
    "comune": "owned by the Comune",
    "social_cooperative": "social cooperative",
    "public_body": "public body",
    "eu": "EU",
    "internal_staff": "internal staff",
    "individual_professionals": "individual professionals",
    "none": "does not recur",
}
"""English wording of stored values that are Italian terms or identifiers."""


def continuity_word(status: str) -> str:
    """A continuity status in words, lower case: uncovered, at risk, uncertain,
    covered, not required (for tables, the app and the documents; never colour alone)."""
    return {
        "gap": _("uncovered"),
        "at_risk": _("at risk"),
        "uncertain": _("uncertain"),
        "ok": _("covered"),
        "not_required": _("not required"),
    }[status]


def term(value: str) -> str:
    """A stored value (status, kind, role) as people read it in the active language."""
    if value in KEY_PARTS:  # an alert's kind, as its key names it
        return _(KEY_PARTS[value])
    translated = _(value)
    if translated != value:
        return translated
    # an Italian term is its own Italian word ("capogruppo"): English glosses it
    return ENGLISH.get(value, value) if language() == "en" else value


# What a history entry with no reference of its own wrote: a part of the record it
# belongs to (a member of a consortium, a link, a team) or a note about it.
RECORD_PARTS = {
    "consortium_member": N_("consortium member"),
    "contract_service": N_("service of the contract"),
    "lot_service": N_("service of the lot"),
    "in_house_service": N_("service of the in-house period"),
    "neighbourhood_programme": N_("programme of the neighbourhood"),
    "staffing": N_("team"),
    "payment": N_("payment"),
    "published_source": N_("origin of an imported record"),
    "note": N_("note"),
    "acknowledgement": N_("acknowledgement"),
    "snooze": N_("snoozed alert"),
    "sent_digest": N_("digest sent by e-mail"),
}


def record_part(entity: str) -> str:
    """A history entry's table, for an entry with no reference, in words."""
    return _(RECORD_PARTS[entity]) if entity in RECORD_PARTS else term(entity)


# The sections of a dataset, as a load or a restore counts them.
SECTIONS = {
    "programmes": N_("programmes"),
    "neighbourhoods": N_("neighbourhoods"),
    "sites": N_("sites"),
    "services": N_("services"),
    "organisations": N_("organisations"),
    "consortia": N_("consortia"),
    "acts": N_("acts"),
    "funding_sources": N_("funding sources"),
    "tenders": N_("tenders"),
    "contracts": N_("contracts"),
    "in_house_periods": N_("in-house periods"),
    "allocations": N_("allocations"),
    "deadlines": N_("deadlines"),
    "notes": N_("notes"),
    "acknowledgements": N_("acknowledgements"),
    "snoozes": N_("snoozed alerts"),
    "funding": N_("funding"),
    "history": N_("history entries"),
}


def counted(counts: dict[str, int]) -> str:
    """What a load added, section by section, in words: 'tenders: 6, contracts: 11'."""
    return ", ".join(
        f"{_(SECTIONS.get(name, name))}: {count}"
        for name, count in counts.items()
        if count
    )


# What the part after the slash of an alert's or a derived deadline's key
# (``LOR-2023/funding_pending``, ``LDQ-2016/start``) is about.
KEY_PARTS = {
    "end": N_("end of the contract"),
    "decision": N_("decision on the option"),
    "eligibility": N_("end of the funding's eligibility"),
    "start": N_("start of the procedure"),
    "publication": N_("publication"),
    "offers": N_("offer deadline"),
    "award": N_("award"),
    "standstill": N_("end of standstill"),
    "signature": N_("contract signature"),
    "continuity_gap": N_("service uncovered"),
    "continuity_risk": N_("continuity at risk"),
    "planned_gap": N_("planned gap in the service"),
    "contract_overlap": N_("contracts overlapping"),
    "deadline_overdue": N_("deadline overdue"),
    "deadline_upcoming": N_("deadline coming up"),
    "funding_pending": N_("funding pending confirmation"),
    "funding_eligibility": N_("funding eligibility"),
    "funding_mismatch": N_("funding that does not match"),
    "funding_shortfall": N_("contract above its confirmed funds"),
    "paid_after_paid_by": N_("paid after the paid-by day"),
    "unpaid_at_paid_by": N_("not paid by the paid-by day"),
    "consortium_shares": N_("shares of the consortium"),
    "mandataria_share": N_("share of the mandataria"),
    "consortium_lead": N_("lead of the consortium"),
    "invalid_partita_iva": N_("partita IVA not valid"),
    "renewal_not_pro_rata": N_("renewal not in proportion"),
    "quinto_exceeded": N_("quinto d'obbligo exceeded"),
    "threshold_exceeded": N_("threshold exceeded"),
    "tender_stale": N_("still planned?"),
}


def alert_key(key: str) -> str:
    """An alert's or a deadline's key as people read it: "LOR-2023 (finanziamento
    in attesa di conferma)"; an explicit deadline's ref as it is."""
    ref, _slash, part = key.rpartition("/")
    if not ref or part not in KEY_PARTS:
        return key
    return _("{ref} ({what})").format(ref=ref, what=_(KEY_PARTS[part]))
