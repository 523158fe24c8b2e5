"""Labeling rules: named spaCy Matcher patterns that vote for or against a driver.

A :class:`Rule` has a stable name (``<driver>.<lang>.<what>_v<N>``), the drivers
it speaks for, a language, token patterns, and its vote: ``1`` (the driver is
present) or ``0`` (it is absent). A rule that does not match abstains.

Patterns are written in a small token syntax, one pattern per string, tokens
separated by spaces, matched against each token's folded lower-case form
(accents stripped, see :func:`ces_nlp.text.fold`):

``word``      exactly that word
``word*``     any word starting with ``word``
``a|b*|c``    one of several (each may end in ``*``)
``@lemma``    a lemma (English, German and Dutch, from spaCy's lookup tables)
``_``         any one word; ``_{0,3}`` up to three words (spaCy's ``{n,m}`` operator)
``a?``        optional word (``?`` after any of the above)
``#``         any number (``#`` alone also matches "3x"; ``#rd`` matches "3rd")

Positive rules check the clause they match in: when a negation cue ("not",
"kein", "niet", "ei") or a hypothetical cue ("hope", "falls", "hopelijk",
"loodan") stands before the match in the same clause, the rule does not vote
for the driver; the engine's ``<driver>.<lang>.negated_mention`` vote against
it is recorded instead. This is what keeps "I did not have to repeat anything"
from counting as ``repeating_problem``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..text import CLAUSE_BREAKS, HYPOTHETICAL_CUES, NEGATION_CUES, cue_before, cue_in_context, fold

ABSTAIN = -1
ALL_DRIVERS = "*"
LEMMA_LANGS = ("en", "de", "nl")
SCOPE_WINDOW = 6


@dataclass(frozen=True)
class Rule:
    name: str
    drivers: tuple[str, ...]          # driver ids, or (ALL_DRIVERS,) for every driver of the taxonomy
    lang: str                          # en, de, nl, et
    patterns: tuple[str, ...]
    vote: int = 1                      # 1 = driver present, 0 = driver absent
    check_scope: bool = True           # positive rules: abstain inside negated/hypothetical clauses

    def applies_to(self, driver: str) -> bool:
        return ALL_DRIVERS in self.drivers or driver in self.drivers


_PIECE = re.compile(r"^(?P<body>.+?)(?P<op>\?|\{\d*,\d*\})?$")


def compile_pattern(spec: str) -> list[dict]:
    """Turn one pattern string of the rule syntax into a spaCy Matcher pattern."""
    tokens: list[dict] = []
    for piece in spec.split():
        m = _PIECE.match(piece)
        if not m:
            raise ValueError(f"bad pattern piece {piece!r} in {spec!r}")
        body, op = m.group("body"), m.group("op")
        if body == "_":
            tok: dict = {}
        elif body.startswith("@"):
            tok = {"LEMMA": {"IN": [fold(x) for x in body[1:].split("|")]}}
        else:
            alts = [fold(a) for a in body.split("|")]
            if any(a.endswith("*") or "#" in a for a in alts):
                tok = {"NORM": {"REGEX": "^(?:" + "|".join(_alt_regex(a) for a in alts) + ")"}}
            elif len(alts) == 1:
                tok = {"NORM": alts[0]}
            else:
                tok = {"NORM": {"IN": alts}}
        if op:
            tok["OP"] = op
        tokens.append(tok)
    if not tokens:
        raise ValueError(f"empty pattern {spec!r}")
    return tokens


def _alt_regex(alt: str) -> str:
    prefix = alt.endswith("*")
    body = alt[:-1] if prefix else alt
    rx = re.escape(body).replace(r"\#", r"\d+")
    if body == "#":
        rx += "x?"
    return rx if prefix else rx + "$"


def phrase_pattern(phrase: str) -> str:
    """A taxonomy cue phrase as a pattern: each word exact, the last one as a prefix."""
    words = fold(phrase).split()
    words[-1] = words[-1] + "*" if len(words[-1]) > 3 else words[-1]
    return " ".join(w.replace("|", "") for w in words)


@cache
def blank_pipeline(lang: str):
    """A blank spaCy pipeline for ``lang`` whose tokens carry folded NORMs (and lemmas where lookups exist)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("ces_fold_norm"):
        @Language.component("ces_fold_norm")
        def _fold_norm(doc):
            for tok in doc:
                tok.norm_ = fold(tok.lower_) or tok.lower_
            return doc

    nlp = spacy.blank(lang if lang in ("en", "de", "nl", "et") else "xx")
    if lang in LEMMA_LANGS:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("ces_fold_norm")
    nlp.initialize()
    return nlp


def _word_before(doc, i: int) -> str | None:
    """The folded word before token ``i``, None at the start or after punctuation (as in ``scoped_tokens``)."""
    return None if i == 0 or doc[i - 1].is_punct else doc[i - 1].norm_


def in_negated_or_hypothetical_scope(doc, start: int) -> bool:
    """True when a negation or hypothetical cue precedes token ``start`` in the same clause."""
    seen = 0
    for i in range(start - 1, -1, -1):
        tok = doc[i]
        if tok.is_punct and tok.text in ".;:!?,":
            return False
        norm = tok.norm_
        if norm in CLAUSE_BREAKS:
            return False
        if norm in NEGATION_CUES or tok.lower_.endswith("n't"):
            return True
        if (tok.lower_ in HYPOTHETICAL_CUES and cue_in_context(tok.lower_, _word_before(doc, i))
                and cue_before(tok.lower_, doc[i + 1].norm_)):
            return True
        seen += 1
        if seen >= SCOPE_WINDOW:
            return False
    return False
