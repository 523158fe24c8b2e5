from ces_nlp.text import asserted, char_view, fold, mark_scopes, scoped_tokens, views


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
    for text, word in [("hopefully I won't have to call again", "hyp_call"),
                       ("falls ich nochmal anrufen muss", "hyp_anrufen"),
                       ("hopelijk hoef ik niet opnieuw te bellen", "hyp_bellen"),
                       ("loodan, et ei pea uuesti helistama", "hyp_helistama"),
                       ("ei pea uuesti helistama", "neg_helistama"),
                       ("Hab Angst, dass ich wieder weitergeleitet werde", "hyp_weitergeleitet"),
                       ("ik ben bang dat ik weer moet bellen", "hyp_bellen"),
                       ("kardan et pean jälle helistama", "hyp_helistama")]:
        assert word in mark_scopes(text).split(), text


def test_hypothetical_scope_runs_to_the_end_of_the_clause():
    marked = mark_scopes("If this goes to the complaints team I assume they want the whole story").split()
    assert "hyp_story" in marked and "story" not in marked


def test_negation_after_the_verb_negates_the_clause():
    marked = mark_scopes("Weiterverbunden wurde ich nicht, aber die Warteschleife war lang").split()
    assert "neg_weiterverbunden" in marked and "warteschleife" in marked
    assert "neg_doorverbonden" in mark_scopes("doorverbonden werd ik niet").split()
    # a negation early in a long clause does not reach back
    assert "called" in mark_scopes("I called and nobody ever called me back").split()


def test_german_noch_is_not_a_negation():
    assert "anrufen" in mark_scopes("Ich musste noch einmal anrufen").split()


def test_char_view_upper_cases_scoped_words_only():
    marked, chars = views("Ich wurde nicht weitergeleitet. Dann dreimal angerufen")
    assert chars.split() == ["ICH", "WURDE", "nicht", "WEITERGELEITET", "dann", "dreimal", "angerufen"]
    assert char_view("kein Rückruf") == "kein RUCKRUF"
    assert [tok for tok, _ in scoped_tokens("kein Rückruf")] == marked_tokens("kein Rückruf")


def marked_tokens(text):
    return [t.split("_", 1)[-1] for t in mark_scopes(text).split()]


def test_negation_scope_runs_to_the_end_of_its_clause():
    marked = mark_scopes("Not once was I asked to start from the beginning, but the wait was long").split()
    assert "neg_beginning" in marked and "beginning" not in marked
    assert "wait" in marked and "neg_wait" not in marked


def _each_in_marked_view(pairs):
    for text, word in pairs:
        assert word in mark_scopes(text).split(), text


def _rules_scope(lang: str, text: str, word: str) -> bool:
    """Whether the rules' scope check puts ``word`` of ``text`` inside a negated or hypothetical clause."""
    from ces_nlp.rules.engine import blank_pipeline, in_negated_or_hypothetical_scope

    doc = blank_pipeline(lang)(text)
    return in_negated_or_hypothetical_scope(doc, [t.text for t in doc].index(word))


def test_cue_words_that_are_nouns_or_idioms_open_no_scope():
    # "case" is a noun unless it follows "in"; "een hoop" is "a lot"; "May" after "in"/"since" is the month
    _each_in_marked_view([("Reopened the case for the third time", "third"),
                          ("den Case nochmal komplett schildern", "schildern"),
                          ("ik heb er vier mails en een hoop geduld in moeten steken", "steken"),
                          ("Since May I called five times", "called"),
                          ("I rang in May three times", "three")])
    # the same words still open a scope where they are cues
    _each_in_marked_view([("just in case they call again", "hyp_call"),
                          ("in de hoop dat ze terugbellen", "hyp_terugbellen"),
                          ("they may call me back", "hyp_call")])


def test_rules_read_cue_words_in_context_like_the_model():
    assert not _rules_scope("en", "I had to explain my case again", "again")
    assert _rules_scope("en", "just in case I have to explain it again", "again")


def test_als_kui_wenn_after_comparatives_and_words_of_time_open_no_scope():
    # "than"/"as" after a comparative, "when(ever)" after words of time: the clause tells what happened
    _each_in_marked_view([("iga kord kui helistan saan uue inimese", "helistan"),
                          ("enne kui keegi aitas pidin kolm korda helistama", "aitas"),
                          ("arve oli palju suurem kui lubati", "lubati"),
                          ("elke keer als ik bel moet ik alles herhalen", "bel"),
                          ("Das Porto war teurer als angegeben", "angegeben"),
                          ("Es hat viel mehr als einmal gedauert", "einmal"),
                          ("Jedes Mal wenn ich anrufe, lande ich woanders", "anrufe")])
    # the same words still open a scope where they mean "if"
    _each_in_marked_view([("als ze me weer bellen ga ik gillen", "hyp_bellen"),
                          ("kui ma oleksin teadnud", "hyp_teadnud"),
                          ("wenn ich nochmal anrufen muss", "hyp_anrufen")])


def test_rules_read_a_comparative_before_kui_like_the_model():
    assert not _rules_scope("et", "ootasin kauem kui eelmine kord uuesti", "uuesti")
    assert _rules_scope("et", "kui pean uuesti helistama", "uuesti")


def test_als_before_a_german_pronoun_or_article_opens_no_scope():
    # German "als" is never "if": "als ich anrief" is "when I called"; Dutch "als ik ..." stays a condition
    _each_in_marked_view([("Als ich zum dritten Mal anrief, war es wieder jemand anderes", "anrief"),
                          ("als ik weer moet bellen ga ik gillen", "hyp_bellen")])
    assert not _rules_scope("de", "als ich wieder anrief", "wieder")
    assert _rules_scope("nl", "als ik weer moet bellen", "weer")
