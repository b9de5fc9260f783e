"""The one search box: matter number, ID number (full or last digits), phone, or any fragment of a name or summary.

SQLite's trigram tokenizer finds nothing for 1–2 character queries, and Chinese names are 2–3 characters.  So the
storage layer writes its own tokens into an FTS5 table: every character (unigram) and every pair of adjacent
characters (bigram) of the names, summary and location.  A query of one character is one unigram lookup, two
characters one bigram lookup, and a longer query the AND of its bigrams; every candidate is then verified against
the text with ``instr`` so a hit always really contains the fragment.  detail=none stores no positions, which keeps
the index small since verification does what positions would.

检举控告 (条例 art 30, :mod:`reception.domain.confidentiality`): a confidential matter's row holds the plain tokens of
its facts only — summary and location with the complainant's name, ID and phone blacked out — and the tokens of the
whole text (names included) behind the :data:`PRIVATE` mark.  A search below supervisor asks for plain tokens, so
the complainant's name, ID or phone never finds the matter; a supervisor's search asks for either.  The mark is a
private-use character, which the query side treats as a separator: no typed query can ask for a marked token.

On PostgreSQL the same tokens are a ``TEXT[]`` column under a GIN index, and a query is ``tokens @> ARRAY[…]`` of
:func:`query_tokens`: exact like FTS5 with tokenize='ascii' (a tsvector would drop symbols such as ×).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from reception.domain.confidentiality import COMPLAINT, CONFIDENTIAL_COLUMNS, is_confidential, redact_identity

#: Prefix of the tokens only a search allowed to match a complainant asks for (a private-use character).
PRIVATE = "\ue000"

# Characters that split tokens: whitespace, control characters and punctuation of both widths.  Not 々〆〇
# (U+3005-3007): they sit in the CJK punctuation block but are written inside words (二〇二六年).
_SPLIT = re.compile(
    r"[\s\x00-\x1f\x7f\u3000-\u3004\u3008-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40"
    r"\uff5b-\uff65!-/:-@\[-`{-~\u2010-\u206f·•\ue000-\uf8ff]+"
)
# FTS5 query syntax characters we never pass through.
_UNSAFE = re.compile(r'["*^:()+\-{}\[\]]')

MAX_QUERY = 50


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width) and lower case, the same for indexing and querying."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _runs(text: str) -> list[str]:
    return [run for run in _SPLIT.split(normalize_text(text)) if run]


def tokens(texts: Iterable[str]) -> str:
    """The space-separated unigrams and bigrams of ``texts`` for the FTS row (each token once)."""
    seen: set[str] = set()
    for text in texts:
        if not text:
            continue
        for run in _runs(text):
            seen.update(run)
            seen.update(map(str.__add__, run, run[1:]))
    return " ".join(seen)


def public_text(text: str, names: Iterable[str], id_numbers: Iterable[str] = (), phones: Iterable[str] = ()) -> str:
    """A confidential matter's ``text`` as anyone may search it: the complainant's identity blacked out."""
    return redact_identity(text, names=names, id_numbers=id_numbers, phones=phones, mark=" ")


def matter_tokens(
    summary: str,
    names: Sequence[str],
    location: str,
    *,
    confidential: bool,
    id_numbers: Sequence[str] = (),
    phones: Sequence[str] = (),
) -> str:
    """The FTS row of one matter: its tokens, a confidential one's split into plain facts and marked whole text."""
    whole = tokens([summary, *names, location])
    if not confidential:
        return whole
    facts = tokens([public_text(t, names, id_numbers, phones) for t in (summary, location)])
    marked = " ".join(PRIVATE + t for t in whole.split())
    return f"{facts} {marked}".strip()


def row_tokens(
    summary: str,
    party_names: str,
    location: str,
    category: str,
    purpose: str,
    petitioner_id: str | None,
    petitioner_phone: str | None,
) -> str:
    """:func:`matter_tokens` from a stored matter row (rebuilding the index: a migration, a move to PostgreSQL)."""
    return matter_tokens(
        summary,
        party_names.split(),
        location,
        confidential=is_confidential(category, purpose),
        id_numbers=[petitioner_id] if petitioner_id else [],
        phones=[petitioner_phone] if petitioner_phone else [],
    )


def query_tokens(query: str, *, private: bool = False) -> list[str]:
    """The tokens every hit's row must hold: each 1-character run, else each bigram of the run (each once).

    ``private``: the marked tokens (a confidential matter's whole text, names included)."""
    parts: list[str] = []
    for raw in _runs(query[:MAX_QUERY]):
        run = _UNSAFE.sub("", raw)
        if not run:
            continue
        if len(run) == 1:
            parts.append(run)
        else:
            parts.extend(run[i : i + 2] for i in range(len(run) - 1))
    unique = list(dict.fromkeys(parts))
    return [PRIVATE + p for p in unique] if private else unique


def match_expression(query: str, *, complainants: bool = False) -> str | None:
    """The FTS5 MATCH expression for a free-text fragment, or None when nothing searchable is left.

    ``complainants``: also match confidential matters by their whole text (a supervisor's search)."""
    unique = query_tokens(query)
    if not unique:
        return None
    plain = " AND ".join(f'"{p}"' for p in unique)
    if not complainants:
        return plain
    marked = " AND ".join(f'"{p}"' for p in query_tokens(query, private=True))
    return f"({plain}) OR ({marked})"


def verify_terms(query: str) -> list[str]:
    """The fragments every hit must contain literally (the query split at spaces and punctuation)."""
    return [run for run in _runs(query[:MAX_QUERY]) if _UNSAFE.sub("", run)]


def confidential_sql(alias: str = "m") -> str:
    """:func:`reception.domain.confidentiality.is_confidential` as SQL over the matter table's columns."""
    assert CONFIDENTIAL_COLUMNS == ("category", "purpose")
    return f"({alias}.category = '{COMPLAINT}' OR {alias}.purpose = '{COMPLAINT}')"


def haystack(
    summary: str,
    names: str,
    location: str,
    *,
    public: bool,
    id_number: str = "",
    phone: str = "",
) -> str:
    """The text a long fragment is verified against; ``public``: a confidential matter searched below supervisor,
    the same text its plain tokens came from (:func:`matter_tokens`)."""
    if not public:
        return normalize_text(f"{summary}\n{names}\n{location}")
    who = names.split()
    return normalize_text(
        f"{public_text(summary, who, [id_number], [phone])}\n{public_text(location, who, [id_number], [phone])}"
    )
