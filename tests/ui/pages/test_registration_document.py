"""The register document built from the form's plain state (no widgets): what the ledger is sent, and how a
refusal's person index finds its table row when the clerk left empty rows in the table."""

from __future__ import annotations

from typing import Any

from reception.ui.pages.registration.document import PERSON_FIELD, registration_document, row_of_person

EMPTY = {"name": "", "id_number": "", "phone": "", "role": "companion"}


def _state(**overrides: Any) -> dict[str, Any]:
    state: dict[str, Any] = {
        "doc_type": "resident_id",
        "id_number": " 420106198503150034 ",
        "name": " 王小明 ",
        "phone": "13807130001",
        "address": "",
        "collective": False,
        "headcount": 1,
        "persons": [],
        "channel": "visit",
        "source": "own",
        "source_agency": "",
        "document_number": "",
        "source_due": "",
        "letter_date": "2026-11-20",
        "purpose": "demand",
        "category": "grievance",
        "category_touched": False,
        "content_category": "政法/社会治安",
        "location": "",
        "summary": " 邻里纠纷 ",
        "demands": "",
        "accused": "",
        "link_to": [],
    }
    state.update(overrides)
    return state


def test_the_document_is_trimmed_and_skips_empty_rows() -> None:
    extras = [EMPTY, {"name": "李一", "id_number": "", "phone": "13900000001", "role": "companion"}]
    data = registration_document(_state(persons=extras), clerk="王警官", window="3")
    assert [p["name"] for p in data["persons"]] == ["王小明", "李一"]
    assert data["persons"][0]["id_number"] == "420106198503150034" and data["persons"][0]["role"] == "petitioner"
    assert data["persons"][1]["doc_type"] == "none"
    assert data["headcount"] == 2 and data["summary"] == "邻里纠纷" and data["window"] == "3"
    assert data["source"] == {"kind": "own"} and "letter_date" not in data  # a visit has no letter date


def test_a_collective_visit_is_registered_by_its_representative_and_a_letter_keeps_its_date() -> None:
    data = registration_document(_state(collective=True, channel="letter"), clerk="王警官")
    assert data["persons"][0]["role"] == "representative" and data["letter_date"] == "2026-11-20"
    assert "window" not in data


def test_a_refusal_for_person_two_finds_the_row_after_an_empty_one() -> None:
    extras = [EMPTY, {**EMPTY, "name": "李一"}, {**EMPTY, "name": "张二"}]
    match = PERSON_FIELD.match("persons[2].phone")
    assert match is not None and match.group(1) == "2" and match.group(2) == "phone"
    assert row_of_person(extras, 2) == 2
    assert row_of_person(extras, 1) == 1
    assert row_of_person(extras, 3) is None
