"""Channel features: which contact channels an answer names, and how many contacts it tells.

A bag of words sees "mail" and "Anruf" as two unrelated words; whether an answer names two
*different* channels ("Dritte Mail, zweiter Anruf") or tells several contacts is a property of the
answer as a whole. :func:`channel_features` turns the asserted tokens of the marked view
(:func:`ces_nlp.text.views`; words in negated or hypothetical scopes carry a prefix and never match)
into a few extra word features:

* ``\\tch=<channel>`` for each channel named (phone, email, chat, web, letter, in_person, social, sms);
* ``\\tchn>=2`` and ``\\tchn>=3`` when two or three different channels are named;
* ``\\tchp=<a>+<b>`` for each pair of channels named;
* ``\\tev>=2``, ``\\tev>=3``, ``\\tev>=4`` when that many channel words or contact verbs occur.

The lexicon is data (``resources/channels.yaml``, per channel and language); its forms are matched
against every token whatever the answer's language. A leading tab keeps these features apart from
words, n-grams and skip pairs, which never start with whitespace.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml

CHANNELS_FILE = "resources/channels.yaml"
CONTACT = "contact"  # a contact verb that names no channel


@cache
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    data = yaml.safe_load(resources.files("ces_nlp").joinpath(CHANNELS_FILE).read_text(encoding="utf-8"))
    out = [(name, re.compile("|".join(f for forms in langs.values() for f in forms)))
           for name, langs in data["channels"].items()]
    out.append((CONTACT, re.compile("|".join(f for forms in data["contact_verbs"].values() for f in forms))))
    return tuple(out)


@lru_cache(maxsize=200_000)
def token_channel(token: str) -> str | None:
    """The channel a token names, :data:`CONTACT` for a contact verb without one, else ``None``."""
    return next((name for name, pattern in _patterns() if pattern.fullmatch(token)), None)


def channel_features(tokens: list[str]) -> list[str]:
    """The channel features of one answer's marked-view tokens (see the module docstring)."""
    named: set[str] = set()
    contacts = 0
    for t in tokens:
        c = token_channel(t)
        if c is not None:
            contacts += 1
            if c != CONTACT:
                named.add(c)
    chans = sorted(named)
    out = [f"\tch={c}" for c in chans]
    out += [f"\tchn>={k}" for k in (2, 3) if len(chans) >= k]
    out += [f"\tchp={a}+{b}" for i, a in enumerate(chans) for b in chans[i + 1:]]
    out += [f"\tev>={k}" for k in (2, 3, 4) if contacts >= k]
    return out
