"""The registration document: the form's plain state (``RegistrationForm.state``) as the ``register`` JSON of
DESIGN.md, and the way back from a refusal's field name (``persons[2].phone``) to the table row it means.

No Qt here, so what is sent to the ledger can be read (and tested) without a widget.
"""

from __future__ import annotations

import re
from typing import Any

from reception.domain.codes import Channel, PartyRole, SourceKind
from reception.domain.identity import DocType

__all__ = ["PERSON_FIELD", "registration_document", "row_of_person"]

# A refusal's field for a person: "persons[0]" is the visitor in the left column, 1… the table's non-empty rows.
PERSON_FIELD = re.compile(r"^persons\[(\d+)\](?:\.(\w+))?$")


def _is_empty(extra: dict[str, str]) -> bool:
    return not any(extra[k].strip() for k in ("name", "id_number", "phone"))


def registration_document(state: dict[str, Any], *, clerk: str, window: str = "") -> dict[str, Any]:
    """``register``'s input for ``state``; ``window`` is this PC's window ("" records the ledger's default)."""
    doc_type = str(state["doc_type"])
    collective = bool(state["collective"])
    main = {
        "name": state["name"].strip(),
        "doc_type": doc_type,
        "id_number": state["id_number"].strip() if doc_type != DocType.NONE else "",
        "phone": state["phone"].strip(),
        "address": state["address"].strip(),
        "role": PartyRole.REPRESENTATIVE.value if collective else PartyRole.PETITIONER.value,
    }
    persons = [main]
    for extra in state["persons"]:
        if _is_empty(extra):
            continue  # an empty row added by mistake
        persons.append(
            {
                "name": extra["name"].strip(),
                "id_number": extra["id_number"].strip(),
                "doc_type": DocType.RESIDENT_ID.value if extra["id_number"].strip() else DocType.NONE.value,
                "phone": extra["phone"].strip(),
                "role": extra["role"],
            }
        )
    source_kind = str(state["source"])
    source: dict[str, Any] = {"kind": source_kind}
    if source_kind != SourceKind.OWN:
        source.update(
            {
                "agency": state["source_agency"].strip(),
                "document_number": state["document_number"].strip(),
                "due": state["source_due"].strip() or None,
            }
        )
    data: dict[str, Any] = {
        "channel": str(state["channel"]),
        "source": source,
        "persons": persons,
        "headcount": max(int(state["headcount"]), len(persons)),
        "collective": collective,
        "purpose": str(state["purpose"]),
        "category": str(state["category"]),
        "content_category": state["content_category"],
        "location": state["location"].strip(),
        "summary": state["summary"].strip(),
        "demands": state["demands"].strip(),
        "accused": state["accused"].strip(),
        "clerk": clerk,
        "link_to": state["link_to"],
    }
    if window:
        data["window"] = window
    if state["channel"] == Channel.LETTER and state["letter_date"].strip():
        data["letter_date"] = state["letter_date"].strip()
    return data


def row_of_person(extras: list[dict[str, str]], index: int) -> int | None:
    """Table row of registration person ``index`` (empty rows are skipped when the document is built)."""
    count = 0
    for row, extra in enumerate(extras):
        if _is_empty(extra):
            continue
        count += 1
        if count == index:
            return row
    return None
