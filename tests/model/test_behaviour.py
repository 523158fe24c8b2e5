"""Behaviour of the shipped model: per language, case and typo invariance, negation, paraphrase."""

import pytest

POSITIVE = [
    ("en", "I got transferred four times before anyone could help", "transfers"),
    ("en", "Had to explain the whole problem again to every new agent", "repeating_problem"),
    ("en", "The chat told me to call the hotline instead", "channel_switching"),
    ("en", "This is the third time I am calling about the same bill", "repeat_contacts"),
    ("de", "Ich wurde viermal weiterverbunden, bis mir jemand helfen konnte", "transfers"),
    ("de", "Ich musste jedem neuen Mitarbeiter alles nochmal erklären", "repeating_problem"),
    ("de", "Der Chat hat mich an die Telefonhotline verwiesen", "channel_switching"),
    ("de", "Ich rufe jetzt zum dritten Mal wegen derselben Rechnung an", "repeat_contacts"),
    ("nl", "Ik werd vier keer doorverbonden voordat iemand me kon helpen", "transfers"),
    ("nl", "Ik moest aan elke nieuwe medewerker alles opnieuw uitleggen", "repeating_problem"),
    ("nl", "Via de chat werd ik naar de telefoon verwezen", "channel_switching"),
    ("nl", "Dit is al de derde keer dat ik bel over dezelfde rekening", "repeat_contacts"),
    ("et", "Mind ühendati neli korda edasi, enne kui keegi aidata sai", "transfers"),
    ("et", "Pidin igale uuele töötajale kõike uuesti selgitama", "repeating_problem"),
    ("et", "Vestlusest suunati mind helistama klienditeenindusse", "channel_switching"),
    ("et", "Helistan juba kolmandat korda sama arve pärast", "repeat_contacts"),
]

NEGATED = [
    ("en", "I was not transferred at all, the first agent fixed it", "transfers"),
    ("en", "I did not have to explain anything again", "repeating_problem"),
    ("de", "Ich wurde nicht weiterverbunden, die erste Mitarbeiterin hat alles gelöst", "transfers"),
    ("nl", "Ik werd niet doorverbonden, de eerste medewerker loste alles op", "transfers"),
    ("et", "Mind ei ühendatud edasi, esimene töötaja lahendas kõik", "transfers"),
]

PRAISE = ["One call and everything was sorted, thank you",
          "Ein Anruf und alles war erledigt, super",
          "Eén telefoontje en alles was geregeld",
          "Üks kõne ja kõik oli korras"]


@pytest.mark.parametrize("lang,text,driver", POSITIVE)
def test_clear_cases_per_language(shipped_model, lang, text, driver):
    assert driver in shipped_model.predict([text])[0]


@pytest.mark.parametrize("lang,text,driver", POSITIVE)
def test_case_invariance(shipped_model, lang, text, driver):
    got = shipped_model.predict([text, text.lower(), text.upper()])
    assert driver in got[1] and driver in got[2]


@pytest.mark.parametrize("text,typo,driver", [
    ("I got transferred four times", "i got transfered 4 times", "transfers"),
    ("Ich wurde dreimal weiterverbunden", "ich wurde dreimal weiterverbunen", "transfers"),
    ("Ik moest alles opnieuw uitleggen", "ik moest alles opnieuw uitleggn", "repeating_problem"),
    ("Mind suunati ümber teise osakonda", "mind suunati umber teise osakonda", "transfers"),
])
def test_typo_invariance(shipped_model, text, typo, driver):
    a, b = shipped_model.predict([text, typo])
    assert driver in a and driver in b


@pytest.mark.parametrize("lang,text,driver", NEGATED)
def test_negation_switches_the_driver_off(shipped_model, lang, text, driver):
    assert driver not in shipped_model.predict([text])[0]


@pytest.mark.parametrize("text", PRAISE)
def test_praise_of_low_effort_is_no_driver(shipped_model, text):
    assert shipped_model.predict([text])[0] == []


@pytest.mark.parametrize("a,b,driver", [
    ("They kept passing me from one department to the next", "I was bounced between departments", "transfers"),
    ("Ich wurde von Abteilung zu Abteilung geschickt", "I was sent from department to department", "transfers"),
    ("Ik moest mijn verhaal steeds opnieuw vertellen", "I had to tell my story again and again", "repeating_problem"),
])
def test_paraphrase_and_translation_keep_the_driver(shipped_model, a, b, driver):
    pa, pb = shipped_model.predict([a, b])
    assert driver in pa and driver in pb


def test_probabilities_are_calibrated_scores(shipped_model):
    p = shipped_model.predict_proba(["I was transferred five times", "great service"])
    j = shipped_model.drivers.index("transfers")
    assert p.shape == (2, len(shipped_model.drivers))
    assert p[0, j] > 0.5 > p[1, j]
