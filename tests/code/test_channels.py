"""Channel features: the lexicon per language, scopes, counts and the feature names."""

import re

import pytest
import yaml

from ces_nlp.channels import CHANNELS_FILE, CONTACT, channel_features, token_channel
from ces_nlp.text import views

LANGS = {"en", "de", "nl", "et"}


def feats(text: str) -> set[str]:
    return set(channel_features(views(text)[0].split()))


def test_lexicon_names_every_channel_in_every_language_and_compiles():
    from importlib import resources

    data = yaml.safe_load(resources.files("ces_nlp").joinpath(CHANNELS_FILE).read_text(encoding="utf-8"))
    assert data["version"] == 1 and set(data["contact_verbs"]) == LANGS
    for name, langs in data["channels"].items():
        assert set(langs) == LANGS, name
        for forms in langs.values():
            for form in forms:
                re.compile(form)
                assert form == form.lower() and not re.search(r"[äöüõ]", form), (name, form)


@pytest.mark.parametrize("text, expected", [
    ("Called twice, then sent an email", {"phone", "email"}),
    ("Erst der Chat, dann ein Anruf und am Ende ein Brief", {"chat", "phone", "letter"}),
    ("Eerst gebeld, daarna naar de winkel", {"phone", "in_person"}),
    ("Helistasin ja siis saatsin e-kirja", {"phone", "email"}),
    ("KÕNE ja MEILISIN", {"phone", "email"}),  # case and diacritics are folded
    ("Rückruf versprochen, dann per WhatsApp", {"phone", "social"}),
    ("the website told me to phone", {"web", "phone"}),
])
def test_channels_named_per_language(text, expected):
    f = feats(text)
    assert {x.split("=", 1)[1] for x in f if x.startswith("\tch=")} == expected
    assert ("\tchn>=2" in f) == (len(expected) >= 2) and ("\tchn>=3" in f) == (len(expected) >= 3)


def test_negated_and_hypothetical_channels_do_not_count():
    assert feats("I did not have to call or email anyone") == set()
    assert feats("Ik hoefde niet te bellen") == set()
    assert "\tchn>=2" not in feats("Sent an email. If they had asked me to phone I would have been furious")


def test_contacts_count_with_or_without_a_channel():
    f = feats("kirjutasin, helistasin, kirjutasin uuesti")
    assert {"\tch=phone", "\tev>=2", "\tev>=3"} <= f and "\tev>=4" not in f and "\tchn>=2" not in f
    assert token_channel("kirjutasin") == CONTACT and token_channel("table") is None
    assert feats("My bill is wrong") == set()


def test_pairs_are_sorted_and_features_never_equal_a_word():
    f = channel_features(["phone", "chat", "mail"])
    assert [x for x in f if x.startswith("\tchp=")] == ["\tchp=chat+email", "\tchp=chat+phone", "\tchp=email+phone"]
    assert all(x.startswith("\t") and not x[1:].startswith(" ") for x in f)
