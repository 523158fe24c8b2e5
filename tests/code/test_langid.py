"""Language detection: the four survey languages, other languages, empty text, both passes."""

import pytest

from ces_nlp import langid
from ces_nlp.langid import detect_language, detect_languages

CASES = [
    ("I had to call three times before anyone listened to me", "en"),
    ("Ich musste dreimal anrufen, bevor mir jemand zugehört hat", "de"),
    ("Ik moest drie keer bellen voordat iemand naar me luisterde", "nl"),
    ("Pidin kolm korda helistama, enne kui keegi mind kuulas", "et"),
    ("J'ai dû appeler trois fois avant que quelqu'un m'écoute", "other"),
    ("Jouduin soittamaan kolme kertaa ennen kuin kukaan kuunteli", "other"),
    ("Мне пришлось звонить три раза, прежде чем меня выслушали", "other"),
]


@pytest.mark.parametrize("text,lang", CASES)
def test_each_language(text, lang):
    assert detect_language(text) == lang


def test_short_answers_take_the_careful_path_and_still_work():
    assert len("zu kompliziert") < langid.FAST_MIN_CHARS
    assert detect_languages(["zu kompliziert", "veel te ingewikkeld", "liiga keeruline"]) == ["de", "nl", "et"]


def test_empty_and_missing_text_get_no_language():
    assert detect_languages(["", "   ", None]) == ["", "", ""]
    assert detect_languages([]) == []


def test_parallel_and_sequential_agree_and_duplicates_are_consistent():
    texts = [t for t, _ in CASES] * 3 + ["kein Problem", ""]
    par, seq = detect_languages(texts), detect_languages(texts, parallel=False)
    assert par == seq
    assert par[: len(CASES)] == par[len(CASES): 2 * len(CASES)] == [lang for _, lang in CASES]


def test_gold_languages_mostly_right(gold):
    got = detect_languages(gold.texts)
    right = sum(g == w for g, w in zip(got, gold.langs))
    assert right / len(gold.texts) >= 0.97
