from ces_nlp.text import asserted, fold, mark_scopes


def test_fold_strips_diacritics_and_case():
    assert fold("  Rückruf   ÄÖÜ ß õ ") == "ruckruf aou ss o"


def test_negated_clause_is_marked_and_left_out_of_asserted_view():
    text = "I did not have to repeat anything, but I was transferred 3 times"
    marked = mark_scopes(text).split()
    assert "neg_repeat" in marked and "repeat" not in marked
    assert "transferred" in marked and "num" in marked
    assert "repeat" not in asserted(text).split() and "transferred" in asserted(text).split()


def test_scope_ends_at_joining_word_and_punctuation():
    assert "weitergeleitet" in mark_scopes("Nicht schlimm. Ich wurde weitergeleitet").split()
    assert "uitleggen" in mark_scopes("niet fijn maar ik moest alles uitleggen").split()


def test_hypothetical_cues_in_each_language():
    for text, word in [("hopefully I won't have to call again", "neg_call"),
                       ("falls ich nochmal anrufen muss", "hyp_anrufen"),
                       ("hopelijk hoef ik niet opnieuw te bellen", "hyp_hoef"),
                       ("loodan, et ei pea uuesti helistama", "neg_pea")]:
        assert word in mark_scopes(text).split(), text
