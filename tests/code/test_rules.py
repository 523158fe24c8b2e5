import numpy as np
import pytest

from ces_nlp.rules.analysis import rule_report
from ces_nlp.rules.engine import ABSTAIN, compile_pattern
from ces_nlp.rules.labeler import LabelModel, RuleSet, negated_rule_name


def test_pattern_syntax_compiles_to_matcher_patterns():
    assert compile_pattern("wrong department") == [{"NORM": "wrong"}, {"NORM": "department"}]
    toks = compile_pattern("call*|rang _{0,2} # @transfer?")
    assert toks[0] == {"NORM": {"REGEX": "^(?:call|rang$)"}}
    assert toks[1] == {"OP": "{0,2}"}
    assert toks[2]["NORM"]["REGEX"] == r"^(?:\d+x?$)"
    assert toks[3] == {"LEMMA": {"IN": ["transfer"]}, "OP": "?"}


def test_rule_names_are_unique_and_versioned(taxonomy):
    rs = RuleSet.for_taxonomy(taxonomy)
    names = [r.name for r in rs.rules]
    assert len(names) == len(set(names))
    assert all(n.rsplit("_v", 1)[-1].isdigit() for n in names)


@pytest.fixture(scope="module")
def ruleset(taxonomy):
    return RuleSet.for_taxonomy(taxonomy)


def _voted(ruleset, text, lang):
    v = ruleset.votes([text], [lang])[0]
    return {(ruleset.columns[c][0], ruleset.columns[c][1]): int(v[c]) for c in np.flatnonzero(v != ABSTAIN)}


@pytest.mark.parametrize("text,lang,driver", [
    ("I was transferred three times", "en", "transfers"),
    ("Ich wurde ständig weitergeleitet", "de", "transfers"),
    ("ik werd van het kastje naar de muur gestuurd", "nl", "transfers"),
    ("mind suunati ümber teise osakonda", "et", "transfers"),
    ("the chat told me to call the hotline", "en", "channel_switching"),
    ("kein Rückruf, wie versprochen", "de", "repeat_contacts"),
    ("ik moest alles opnieuw uitleggen", "nl", "repeating_problem"),
])
def test_positive_rules_fire(ruleset, text, lang, driver):
    votes = _voted(ruleset, text, lang)
    assert any(d == driver and v == 1 for (_, d), v in votes.items()), votes


@pytest.mark.parametrize("text,lang,driver", [
    ("I was not transferred at all", "en", "transfers"),
    ("hopefully I won't be transferred again", "en", "transfers"),
    ("Ich wurde nicht weitergeleitet", "de", "transfers"),
])
def test_negated_mentions_vote_against(ruleset, text, lang, driver):
    votes = _voted(ruleset, text, lang)
    assert votes.get((negated_rule_name(driver), driver)) == 0
    assert not any(d == driver and v == 1 for (_, d), v in votes.items())


def test_label_model_weights_votes_by_accuracy():
    cols = [("good", "a"), ("bad", "a")]
    votes = np.array([[1, -1], [1, -1], [-1, 1], [-1, 1], [1, 1], [-1, -1]])
    Y = np.array([[1], [1], [0], [0], [1], [0]])
    lm = LabelModel(["a"], cols).fit(votes, Y)
    assert lm.accuracy("good", "a") == pytest.approx((3 + 1) / (3 + 2))
    assert lm.accuracy("bad", "a") == pytest.approx((1 + 1) / (3 + 2))
    p = lm.predict_proba(np.array([[1, -1], [-1, 1], [-1, -1]]))[:, 0]
    assert p[0] > 0.5
    assert p[1] == pytest.approx(p[2])  # a worse-than-chance rule carries no weight
    assert p[2] == pytest.approx(0.5)   # prior: base rate 3/6


def test_rule_report_counts(ruleset, taxonomy):
    texts = ["I was transferred three times", "I was not transferred", "nice staff"]
    Y = np.array([[0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    table = rule_report(ruleset, ruleset.votes(texts, ["en"] * 3), Y).set_index("rule")
    row = table.loc["transfers.en.transferred_v1"]
    assert row["coverage"] == pytest.approx(1 / 3, abs=1e-4) and row["accuracy"] == 1.0 and row["votes"] == 1
    assert table.loc[negated_rule_name("transfers"), "accuracy"] == 1.0
    assert set(table.columns) >= {"coverage", "overlap", "conflict", "accuracy"}


def test_one_vote_alone_gives_the_rules_accuracy():
    """A single vote of a rule right 80% of the time means 80%, even for a rare driver (base rate 10%)."""
    import numpy as np

    from ces_nlp.rules.labeler import LabelModel

    lm = LabelModel(["d"], [("d.en.rule_v1", "d")])
    votes = np.full((100, 1), -1, dtype=np.int8)
    Y = np.zeros((100, 1), dtype=int)
    Y[:10] = 1
    votes[:8] = 1         # fires on 8 positives ...
    votes[10:12] = 1      # ... and on 2 negatives
    lm.fit(votes, Y)
    p = lm.predict_proba(np.array([[1], [-1]], dtype=np.int8))[:, 0]
    acc = lm.accuracy("d.en.rule_v1", "d")
    assert abs(p[0] - acc) < 1e-9 and p[0] > 0.5
    assert abs(p[1] - lm.priors_["d"]) < 1e-9
