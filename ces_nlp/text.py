"""Text normalisation shared by the classifier's features.

Two views of an answer feed the model:

* ``fold``: lower case, accents and umlauts stripped (``ä`` -> ``a``, ``ß`` -> ``ss``),
  white space collapsed. Answers typed without diacritics (common in Estonian
  and German) then look like those typed with them.
* ``asserted``: the folded words outside negated/hypothetical clauses, for the
  character n-grams, so "nicht weitergeleitet" adds no "weitergeleitet" n-grams.
* ``mark_scopes``: word tokens of the folded text, where the words that follow a
  negation cue ("not", "kein", "niet", "ei") or a hypothetical cue ("hope",
  "falls", "hopelijk", "loodan") inside the same clause get a ``neg_``/``hyp_``
  prefix. "I did not have to repeat anything" then yields ``neg_repeat`` rather
  than ``repeat``, so a linear model can tell the two apart. A clause ends at
  punctuation or a joining word ("but", "and", "aber", "maar", "aga") or after
  ``SCOPE_MAX_TOKENS`` words. Digit runs become ``num`` ("called 3 times" and
  "called 4 times" share features).

Cue lists cover all supported languages at once, since a comment's language is
not known inside the model and answers mix languages.
"""

from __future__ import annotations

import re
import unicodedata

NEGATION_CUES = frozenset("""
not no never none nothing without nor neither cannot cant dont didnt doesnt wasnt werent havent hasnt hadnt
wont wouldnt couldnt shouldnt isnt arent nobody noone
nicht kein keine keinen keinem keiner keines nie niemals ohne weder nichts niemand
niet geen nooit zonder niets noch niemand
ei pole polnud mitte ilma ega
""".split())

# Checked before folding: folding would merge "würde" (would) with "wurde" (was).
HYPOTHETICAL_CUES = frozenset("""
if whether hope hopefully would might may afraid worried fear should unless wish will i'll we'll ill gonna
wenn wen falls ob hoffe hoffentlich würde würden müsste sollte sollten möchte befürchte
als indien mocht hoop hopelijk zou zouden bang benieuwd
kui kas loodan loodetavasti äkki kardan peaks oleks
""".split())

CLAUSE_BREAKS = frozenset("""
but however although though and then so because
aber doch jedoch sondern obwohl und dann weil
maar echter toch hoewel en dus omdat
aga kuid ent ja siis sest
""".split())

SCOPE_MAX_TOKENS = 6
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[.,;:!?()]")
_PUNCT = frozenset(".,;:!?()")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and umlauts, collapse white space."""
    text = unicodedata.normalize("NFKD", str(text).lower().replace("ß", "ss"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip()


def _fold_token(tok: str) -> str:
    if tok.isascii():
        return tok
    return fold(tok)


def scoped_tokens(text: str) -> list[tuple[str, str]]:
    """(folded token, scope) pairs; scope is "", "neg_" or "hyp_" (cue words themselves are unscoped)."""
    out: list[tuple[str, str]] = []
    scope = ""
    left = 0
    for raw in _TOKEN.findall(str(text).lower()):
        if raw in _PUNCT:
            scope, left = "", 0
            continue
        folded = _DIGITS.sub("num", _fold_token(raw.replace("'", "")))
        if raw in HYPOTHETICAL_CUES:
            out.append((folded, ""))
            scope, left = "hyp_", SCOPE_MAX_TOKENS
        elif folded in NEGATION_CUES or raw.endswith("n't"):
            out.append((folded, ""))
            scope, left = "neg_", SCOPE_MAX_TOKENS
        elif folded in CLAUSE_BREAKS:
            scope, left = "", 0
            out.append((folded, ""))
        elif left > 0:
            out.append((folded, scope))
            left -= 1
            if left == 0:
                scope = ""
        else:
            out.append((folded, ""))
    return out


def mark_scopes(text: str) -> str:
    """Folded word tokens with ``neg_``/``hyp_`` prefixes inside negated or hypothetical clauses."""
    return " ".join(scope + tok for tok, scope in scoped_tokens(text))


def asserted(text: str) -> str:
    """Folded words outside negated or hypothetical clauses: what the answer says did happen."""
    return " ".join(tok for tok, scope in scoped_tokens(text) if not scope)
