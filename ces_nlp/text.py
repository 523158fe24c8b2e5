"""Text normalisation shared by the classifier's features.

Two views of an answer feed the model, both made in one pass by :func:`views`:

* ``fold``: lower case, accents and umlauts stripped (``ä`` -> ``a``, ``ß`` -> ``ss``),
  white space collapsed. Answers typed without diacritics (common in Estonian
  and German) then look like those typed with them.
* ``mark_scopes``: word tokens of the folded text, where the words inside a
  negated or hypothetical scope get a ``neg_``/``hyp_`` prefix. "I did not have
  to repeat anything" then yields ``neg_repeat`` rather than ``repeat``, so a
  linear model can tell the two apart. Digit runs become ``num`` ("called 3
  times" and "called 4 times" share features).
* ``char_view``: the same folded words for character n-grams, with the words
  inside a scope written in upper case. Their n-grams are then distinct from
  those of asserted words ("nicht weitergeleitet" adds no "weitergeleitet"
  n-grams), yet the model can still learn from them (a missing call-back is
  often said with a negation).

Scopes are clause-bound. A clause ends at punctuation or a joining word ("but",
"and", "aber", "maar", "aga"). Inside a clause

* a negation cue ("not", "kein", "niet", "ei") marks the rest of the clause
  ("Not once was I asked to start from the beginning");
* a negation cue at the end of its clause (German and Dutch put it after the
  verb: "Weiterverbunden wurde ich nicht") marks the words before it too;
* a hypothetical cue ("hope", "afraid", "falls", "Angst", "hopelijk", "bang",
  "loodan", "kardan") marks the rest of the clause: fears, wishes, expectations
  and conditions are not things that happened. When the cue ends its clause
  ("Ich habe Angst, dass ..."), the scope carries over a comma into the next one.
  A few cue words have a second sense and count as cues only where the word
  before them allows (``CUE_ONLY_AFTER``, ``NOT_CUE_AFTER``, ``COMPARATIVE_BEFORE``): "my case",
  "een hoop" (a lot), "in May", "mehr als", "elke keer als", "iga kord kui" (every time) and
  "suurem kui" (bigger than) open no scope, nor does "als" before a German pronoun or article
  ("als ich anrief": when I called, ``NOT_CUE_BEFORE``); "just in case", "in de hoop" and "als ze
  bellen" do.

Cue lists cover all supported languages at once, since a comment's language is
not known inside the model and answers mix languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NEGATION_CUES = frozenset("""
not no never none nothing without nor neither cannot cant dont didnt doesnt wasnt werent havent hasnt hadnt
wont wouldnt couldnt shouldnt isnt arent nobody noone nope nowhere hardly nada
nicht kein keine keinen keinem keiner keines nie niemals ohne weder nichts niemand nix nein keinerlei
niet geen nooit zonder niets niemand niks nergens nee gene
ei pole polnud mitte ilma ega
""".split())

# Checked before folding: folding would merge "würde" (would) with "wurde" (was).
HYPOTHETICAL_CUES = frozenset("""
if whether hope hopefully would might may afraid worried worry fear fearing dread dreading scared concerned
should unless wish will i'll we'll ill gonna expect expected expecting assume assuming suppose probably maybe
perhaps could case wondering wonder otherwise imagine
wenn wen falls ob hoffe hoffentlich würde würden müsste sollte sollten möchte befürchte befürchten angst sorge
graut gespannt erwartet erwarte hätte wäre könnte sonst vielleicht künftig zukünftig eventuell vermutlich
als indien mocht hoop hopen hopelijk zou zouden bang benieuwd misschien straks verwacht verwachtte vrees schrik
zal zullen wellicht
kui kas loodan loodetavasti äkki kardan peaks oleks ehk võib-olla võibolla muidu tulevikus edaspidi võiks
""".split())

# Cue words with a second sense, told apart by the (folded) word before them:
# "case" is a cue only in "(just) in case" ("my case", "case number" are nouns); "hoop" is not one in
# "een hoop" (Dutch: a lot); "may" is not one after words that name a month ("in May", "since May").
# "als" (German, Dutch) and "kui" (Estonian) mean "if" but also "than" or "as" after a comparative
# ("mehr als", "net als", "rohkem kui") and "when" after words of time ("elke keer als", "iga kord kui",
# "enne kui": before); "wenn" after "(jedes) Mal" or "immer" is "whenever". Such clauses tell what
# happened ("iga kord kui helistan, saan uue inimese": every time I call I get someone new).
CUE_ONLY_AFTER = {"case": frozenset({"in"})}
NOT_CUE_AFTER = {
    "hoop": frozenset({"een"}),
    "may": frozenset("in since until till of early mid late last next from end by".split()),
    "als": frozenset("mehr eher anders so genauso ebenso sowohl erst mal jedesmal nichts "
                     "meer net zo zowel keer telkens niets".split()),
    "kui": frozenset("enne kord nii sama samal siis ajal hetkel alles niipea kohe".split()),
    **dict.fromkeys(("wenn", "wen"), frozenset("mal jedesmal immer".split())),
}
# ... and after a comparative, known by its ending and a minimum length: German and Dutch "-er" ("teurer als",
# "eerder als"), Estonian "-m" ("suurem kui", "hiljem kui").
COMPARATIVE_BEFORE = {"als": ("er", 5), "kui": ("m", 4)}
# ... and by the word after them: German "als" is never "if" (that is "wenn", "falls"); followed by a
# German pronoun or article it is "when" or "as" ("als ich anrief", "als der Techniker kam").
NOT_CUE_BEFORE = {"als": frozenset("ich wir man mich mir der das dem den ein eine einen mein meine es sie du".split())}

CLAUSE_BREAKS = frozenset("""
but however although though and then so because
aber doch jedoch sondern obwohl und dann weil
maar echter toch hoewel en dus omdat
aga kuid ent ja siis sest
""".split())

# a negation cue with at most this many words after it in its clause also negates the words before it
TRAILING_NEGATION = 1
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*|[.,;:!?()]")
_PUNCT = frozenset(".,;:!?()")
_CARRY_PUNCT = frozenset(",:")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_WORD, _NEG, _HYP, _BREAK = 0, 1, 2, 3


def fold(text: str) -> str:
    """Lower-case, strip accents and umlauts, collapse white space."""
    text = unicodedata.normalize("NFKD", str(text).lower().replace("ß", "ss"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def _classify_token(raw: str) -> tuple[str, int]:
    """(folded form, kind) of one lower-case word; cached, since the vocabulary is small."""
    plain = raw.replace("'", "")
    folded = plain if plain.isascii() else fold(plain)
    folded = _DIGITS.sub("num", folded)
    if raw in HYPOTHETICAL_CUES or plain in HYPOTHETICAL_CUES:
        return folded, _HYP
    if folded in NEGATION_CUES or raw.endswith("n't"):
        return folded, _NEG
    if folded in CLAUSE_BREAKS:
        return folded, _BREAK
    return folded, _WORD


def _scope_clause(words: list[str], kinds: list[int], scopes: list[str], hypothetical: bool = False) -> bool:
    """Fill ``scopes`` (one entry per word of a clause) in place; ``hypothetical``: the clause starts inside
    a hypothetical scope. Returns True when a hypothetical cue ends the clause with at most one word after
    it ("afraid, that ...", "Angst, dass ..."): its scope then carries into the next clause."""
    n = len(words)
    current = "hyp_" if hypothetical else ""
    last_hyp = -2
    for i in range(n):
        kind = kinds[i]
        if kind == _HYP:
            current = "hyp_"
            last_hyp = i
        elif kind == _NEG:
            if current != "hyp_":
                current = "neg_"
            if i > 0 and n - 1 - i <= TRAILING_NEGATION:
                for q in range(i):
                    if kinds[q] == _WORD and not scopes[q]:
                        scopes[q] = "neg_"
        elif current:
            scopes[i] = current
    return last_hyp >= n - 2


def cue_in_context(word: str, previous: str | None) -> bool:
    """Whether a word classified as a hypothetical cue is one after ``previous``, the folded word before it
    in its clause (``CUE_ONLY_AFTER``, ``NOT_CUE_AFTER``, ``COMPARATIVE_BEFORE``)."""
    only = CUE_ONLY_AFTER.get(word)
    if only is not None:
        return previous in only
    if previous is None:
        return True
    comparative = COMPARATIVE_BEFORE.get(word)
    if comparative and len(previous) >= comparative[1] and previous.endswith(comparative[0]):
        return False
    return previous not in NOT_CUE_AFTER.get(word, ())


def cue_before(word: str, following: str | None) -> bool:
    """Whether a hypothetical cue stays one before ``following``, the folded word after it (``NOT_CUE_BEFORE``)."""
    return following not in NOT_CUE_BEFORE.get(word, ())


def scoped_tokens(text: str) -> list[tuple[str, str]]:
    """(folded token, scope) pairs; scope is "", "neg_" or "hyp_" (cue and joining words are unscoped)."""
    out: list[tuple[str, str]] = []
    words: list[str] = []
    kinds: list[int] = []
    carry = False

    def flush(hypothetical: bool) -> bool:
        if not words:
            return hypothetical
        scopes = [""] * len(words)
        open_cue = _scope_clause(words, kinds, scopes, hypothetical)
        out.extend(zip(words, scopes))
        words.clear()
        kinds.clear()
        return open_cue

    previous = None
    for raw in _TOKEN.findall(str(text).lower()):
        if raw in _PUNCT:
            open_cue = flush(carry)
            carry = open_cue and raw in _CARRY_PUNCT
            previous = None
            continue
        folded, kind = _classify_token(raw)
        if kind == _HYP and not cue_in_context(folded, previous):
            kind = _WORD
        if words and kinds[-1] == _HYP and not cue_before(words[-1], folded):
            kinds[-1] = _WORD
        previous = folded
        if kind == _BREAK:
            flush(carry)
            carry = False
            out.append((folded, ""))
            continue
        words.append(folded)
        kinds.append(kind)
    flush(carry)
    return out


def views(text: str) -> tuple[str, str]:
    """(``mark_scopes`` view, ``char_view``) of one text, tokenised once."""
    toks = scoped_tokens(text)
    marked = " ".join(scope + tok for tok, scope in toks)
    chars = " ".join(tok.upper() if scope else tok for tok, scope in toks)
    return marked, chars


def mark_scopes(text: str) -> str:
    """Folded word tokens with ``neg_``/``hyp_`` prefixes inside negated or hypothetical scopes."""
    return views(text)[0]


def char_view(text: str) -> str:
    """Folded words for character n-grams; words inside a negated/hypothetical scope in upper case."""
    return views(text)[1]


def asserted(text: str) -> str:
    """Folded words outside negated or hypothetical scopes: what the answer says did happen."""
    return " ".join(tok for tok, scope in scoped_tokens(text) if not scope)
