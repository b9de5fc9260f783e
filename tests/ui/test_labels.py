"""Every label the domain and services hand to the desk is marked for translation in reception.ui.labels, so the
English desk shows no Chinese status, level, clock, channel or role; without a translator the Chinese is unchanged."""

from __future__ import annotations

from reception.domain import clocks, codes, identity, roles, workflow
from reception.services import statistics, supervision
from reception.ui.labels import MARKED, label


def test_every_domain_and_service_label_is_marked() -> None:
    tables = (
        codes.STATUS_LABELS,
        clocks.WARNING_LABELS,
        clocks.CLOCK_LABELS,
        clocks.CLOCK_ARTICLES,
        codes.CHANNEL_LABELS,
        codes.SOURCE_LABELS,
        codes.PURPOSE_LABELS,
        codes.CATEGORY_LABELS,
        codes.ROLE_LABELS,
        codes.OUTCOME_LABELS,
        codes.SATISFACTION_LABELS,
        identity.DOC_TYPE_LABELS,
        roles.ROLE_LABELS,
        statistics.DIMENSION_LABELS,
        statistics.PRESETS,
        supervision.SECTIONS,
    )
    wanted = {text for table in tables for text in table.values()}
    wanted |= {text for pair in codes.REJECTION_REASONS.values() for text in pair}
    wanted |= {spec.label for spec in workflow.ACTIONS.values()}
    assert wanted - set(MARKED) == set()


def test_label_without_a_translator_is_the_chinese() -> None:
    assert label("已登记") == "已登记"
    assert label("") == ""
