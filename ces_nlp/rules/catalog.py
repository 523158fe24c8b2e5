"""The hand-written labeling rules for the default drivers, per language.

Names are stable: ``<driver>.<lang>.<what>_v<N>``; change a rule's meaning and
its version goes up. Rules for a driver that a taxonomy does not have are left
out; drivers without rules here get the generic cue rules built from the
taxonomy's cue hints (see :mod:`ces_nlp.rules.labeler`). Pattern syntax: see
:mod:`ces_nlp.rules.engine`; ``#`` is any number ("3", "3x").
"""

from __future__ import annotations

from .engine import ALL_DRIVERS, Rule

RP, CS, TR, RC = "repeating_problem", "channel_switching", "transfers", "repeat_contacts"

_CONTACT_EN = "call*|rang|ring*|phon*|email*|e-mail*|mail*|wrote|writ*|contact*|messag*|chas*|tried|try*|reach*"
_CONTACT_DE = "angerufen|anrufen|rief|telefoniert|geschrieben|schreiben|schrieb|gemailt|kontaktiert|gemeldet|nachgefragt|versucht"
_CONTACT_NL = "gebeld|bellen|belde|gemaild|mailen|mailde|geschreven|schrijven|schreef|contact|geprobeerd|gereageerd"
_CONTACT_ET = "helista*|kirjuta*|poordu*|proovi*|uhendust|meili*"

_SPECS: list[tuple[str, str, str, list[str], int]] = [
    # ----------------------------------------------------------------- English
    ("en", RP, "explain_again", [
        "explain*|re-explain*|describ*|tell|told|telling|give|gave|giving|provid*|repeat*|spell* _{0,4} again|twice|over|anew",
        "explain*|describ*|tell|told _{0,3} every|each time",
        "repeat* myself|everything|it|all|my|our|the|that _{0,2} story|problem|issue|details|info*|account|number|everything|again?",
        "repeat* myself|everything",
    ], 1),
    ("en", RP, "from_scratch", ["from scratch", "square one", "start* over|again", "all over again",
                                "from the beginning|start"], 1),
    ("en", RP, "same_info", ["same questions|details|information|info|story|security", "same _{0,2} questions|story|details"], 1),
    ("en", RP, "no_record", ["no|n't|not|never|nobody|none _{0,4} note*|record*|history|idea _{0,2} of|about|what?",
                             "nobody|no-one|noone _{0,3} read"], 1),
    ("en", CS, "told_to_use_other_channel", [
        "told|asked|advised|instructed|directed|referred|sent|redirected|pointed _{0,2} to call|phone|ring|email|e-mail|visit|use|go|write|contact",
        "redirected|referred|sent|pushed _{0,3} to the? website|app|chat|phone|hotline|store|shop|branch|email|e-mail|counter|desk|office",
    ], 1),
    ("en", CS, "had_to_go_in_person", [
        "had|have|needed|forced _{0,2} to go|drive|walk|visit|pop _{0,2} store|shop|branch|office|counter|desk|in",
        "went|drove|walked _{0,2} to|into the? store|shop|branch|office|counter",
        "in person", "in-store|instore"], 1),
    ("en", CS, "switch_channel", ["switch* _{0,2} to the? phone|chat|email|e-mail|app|store|shop|branch",
                                  "instead _{0,2} of the? online|app|chat|website|email",
                                  "call|phone|ring|email _{0,2} instead"], 1),
    ("en", TR, "transferred", ["@transfer", "transfered|tranferred|transferd|trasnferred|xfer*"], 1),
    ("en", TR, "passed_around", [
        "put|passed|handed|bounced|shunted|shuffled|tossed|kicked|pinged|ping-ponged|juggled _{0,2} through|around|between|over|along|about",
        "passed|handed _{0,2} on|off _{0,2} to",
        "from one _{0,2} to another|the next", "one department|team|agent|person after another",
        "department|dept|team|desk|agent to department|dept|team|desk|agent"], 1),
    ("en", TR, "wrong_department", ["wrong department|dept|team|person|line|desk|number|queue"], 1),
    ("en", TR, "escalated_or_connected", ["escalat*", "second|2nd|third|3rd line",
                                          "connected|forwarded|rerouted|routed _{0,3} another|other|different|someone|colleague"], 1),
    ("en", TR, "money_transfer", ["money|funds|bank|balance|payment|points|miles|data|number|credit _{0,1} transfer*",
                                  "transfer* _{0,3} money|funds|balance|payment|miles|points|data|ownership|contract|number|credit"], 0),
    ("en", RC, "contacted_many_times", [
        f"{_CONTACT_EN} _{{0,4}} #|twice|two|three|four|five|six|several|multiple|many|numerous|countless|again|repeatedly|back",
        "#|two|three|four|five|six|several|multiple|many|numerous|countless|few _{0,1} calls|emails|e-mails|mails|messages|attempts|tickets",
        "keep|kept|keeps _{0,1} calling|ringing|emailing|writing|chasing|trying",
        "follow* up|chase|chasing|chased"], 1),
    ("en", RC, "nth_time", ["second|third|fourth|fifth|sixth|nth|umpteenth|tenth|#rd|#th|#nd time",
                            "yet again", "once again"], 1),
    ("en", RC, "no_callback", ["no|never|nobody|noone|n't|not _{0,3} call*|ring*|phon*|got _{0,1} back",
                               "callback|call-back _{0,3} never|not|n't", "promised _{0,4} call*|ring* back",
                               "promised _{0,2} callback|call-back"], 1),
    ("en", ALL_DRIVERS, "first_contact_fix", ["first|one|single|1st call|contact|attempt|go",
                                              "right|straight|immediately _{0,1} away|first _{0,3} solved|fixed|sorted|resolved"], 0),
    # ----------------------------------------------------------------- German
    ("de", RP, "explain_again", [
        "nochmal|nochmals|erneut|wieder|zweimal|dreimal|mehrfach|mehrmals|jedes|immer _{0,4} erklar*|schilder*|erzahl*|wiederhol*|nennen|angeben|durchgeben|beschreib*|buchstabier*|darlegen",
        "wiederhol*|wiederholt", "neu erklar*|schilder*|erzahl*"], 1),
    ("de", RP, "from_scratch", ["von vorne|vorn|neuem", "bei null", "wieder von"], 1),
    ("de", RP, "nobody_knew", ["wusste|wussten _{0,3} nichts|nix", "keine|keiner|niemand _{0,3} notiz*|vermerk*|akte|historie|unterlagen|gelesen",
                               "kundennummer|vertragsnummer|auftragsnummer|daten|geburtsdatum|adresse _{0,4} nochmal|erneut|wieder|dreimal|zweimal|mehrmals|jedes"], 1),
    ("de", CS, "referred_to_channel", [
        "verwies|verwiesen|verweist|schickte|geschickt|umgeleitet _{0,4} telefon*|hotline|filiale|shop|laden|mail|e-mail|formular|website|webseite|app|post|brief|schalter|reisezentrum|kundencenter|chat",
        "telefon*|hotline|filiale|shop|laden|e-mail|formular|website|webseite|app|brief|schalter|reisezentrum|chat _{0,2} verwies*|verweist|geschickt|umgeleitet",
        "statt|anstatt _{0,2} online|app|chat|telefon|e-mail|mail|website|webseite"], 1),
    ("de", CS, "had_to_go_in_person", [
        "musste|mussten|muss|sollte|sollten _{0,3} in|zur|zum|zu|ins _{0,2} filiale|shop|laden|geschaft|reisezentrum|schalter|kundencenter|buro|amt|servicecenter",
        "vor ort|personlich _{0,3} vorbei*|hin*|gehen|kommen|erscheinen", "musste|mussten _{0,3} doch|trotzdem|dann _{0,2} anrufen|hingehen|schreiben"], 1),
    ("de", TR, "forwarded", ["weitergeleitet|weitergereicht|weitergegeben|weiterverbunden|weiterverwiesen|weitervermittelt|durchgestellt|herumgereicht|rumgereicht|umgestellt|verbunden|weiterverbinden|weiterleiten",
                             "hin und her _{0,1} verbunden|gereicht|geschickt|geleitet|verwiesen"], 1),
    ("de", TR, "wrong_department", ["falsche|falschen|anderen|andere _{0,1} abteilung|stelle|ansprechpartner|hotline|team|kollegin|kollegen",
                                    "abteilung zu abteilung", "von einem|einer _{0,2} zum|zur _{0,1} nachsten|anderen",
                                    "fachabteilung|eskaliert|second level|zweite ebene"], 1),
    ("de", RC, "contacted_many_times", [
        f"mehrmals|mehrfach|zigmal|x-mal|zweimal|dreimal|viermal|funfmal|wiederholt|immer|#x|#mal _{{0,4}} {_CONTACT_DE}",
        "#|zwei|drei|vier|funf|mehrere|etliche|unzahlige|viele|zig _{0,1} anrufe|mails|e-mails|emails|nachrichten|versuche|telefonate|briefe|tickets|anfragen|mal",
        f"erneut|nochmal|nochmals|wieder _{{0,2}} {_CONTACT_DE}|melden|kontaktieren|nachhaken",
        "nachhaken|hinterher*", "zum|zweite|dritte|vierte _{0,1} mal|dritten|vierten|x-ten|zigsten|mail|e-mail|anruf|nachricht"], 1),
    ("de", RC, "no_callback", ["kein|keinen|nie _{0,2} ruckruf", "ruckruf _{0,4} nie|nicht|ausgeblieben|aus",
                               "nicht|niemand|keiner|nie _{0,2} zuruckgerufen|zuruck|gemeldet", "versprochene|versprochenen ruckruf"], 1),
    ("de", ALL_DRIVERS, "first_contact_fix", ["beim|ersten _{0,1} ersten|anruf|versuch|kontakt", "ein anruf _{0,2} und|genugte|reichte",
                                              "sofort|direkt|gleich _{0,3} gelost|geholfen|erledigt"], 0),
    # ----------------------------------------------------------------- Dutch
    ("nl", RP, "explain_again", [
        "opnieuw|weer|nogmaals|telkens|steeds|elke|iedere|wederom|keer _{0,4} uitleg*|uitgeleg*|vertel*|verteld|herhal*|doorgeven|opgeven|noemen",
        "herhal*|herhaald", "van voren _{0,1} af", "vanaf het begin", "bij nul"], 1),
    ("nl", RP, "nobody_knew", ["wist|wisten|wisten _{0,3} van niets|niks", "geen notitie*|dossier|aantekening*",
                               "klantnummer|klantnr|ordernummer|gegevens|geboortedatum|postcode _{0,4} opnieuw|weer|nogmaals|steeds|elke"], 1),
    ("nl", CS, "referred_to_channel", [
        "verwezen|verwees|doorverwezen|gestuurd|stuurde _{0,4} naar _{0,2} telefoon|winkel|website|site|app|chat|mail|e-mail|balie|formulier|filiaal|kantoor",
        "naar de winkel|balie|filiaal|kantoor|servicepunt", "moest|moesten _{0,3} toch|alsnog|maar _{0,2} bellen|mailen|langs|langskomen",
        "in plaats van|ipv _{0,2} online|app|chat|website|telefoon|mail"], 1),
    ("nl", TR, "passed_on", ["doorverbonden|doorgeschakeld|doorgestuurd|doorgezet|overgedragen|doorgeverbonden|overgezet",
                             "doorverwezen naar _{0,2} afdeling|collega|team|andere", "kastje naar de muur",
                             "verkeerde afdeling|collega|persoon|lijn|team", "afdeling naar afdeling",
                             "van de ene _{0,2} naar de andere", "tweede|2e lijn", "escal*"], 1),
    ("nl", RC, "contacted_many_times", [
        "meerdere|verschillende|vaak|meermaals|talloze|#|twee|drie|vier|vijf|zoveel _{0,1} keer|keren|malen|x",
        f"{_CONTACT_NL} _{{0,3}} meerdere|#|twee|drie|vier|vijf|vaak|talloze",
        f"weer|opnieuw|nogmaals|wederom _{{0,2}} {_CONTACT_NL}",
        "derde|vierde|vijfde|zoveelste|tweede keer|mail|telefoontje", "achteraan|achterna"], 1),
    ("nl", RC, "no_callback", ["niet|nooit|niemand _{0,2} teruggebeld|terug|teruggekoppeld",
                               "terugbelverzoek|terugbelafspraak|beloofde", "geen|nooit _{0,1} terugbel*"], 1),
    ("nl", ALL_DRIVERS, "first_contact_fix", ["eerste|een _{0,1} keer|telefoontje|poging|contact",
                                              "meteen|direct|gelijk _{0,3} opgelost|geholpen|geregeld"], 0),
    # ----------------------------------------------------------------- Estonian
    ("et", RP, "explain_again", [
        "uuesti|jalle|taas|veelkord|korduvalt|iga|mitu _{0,3} selgita*|seleta*|raaki*|kirjelda*|utle*|andma|andsin|esitama",
        "kordama|kordasin|kordan|korrata|kordamine|kordama", "otsast|algusest _{0,1} peale|alata|alustama|alustada",
        "keegi ei _{0,1} teadnud", "ei teadnud _{0,1} midagi"], 1),
    ("et", CS, "referred_to_channel", [
        "suunati|suunas|soovitati|kasiti|oeldi|saadeti _{0,3} helista*|poodi|kauplusesse|esindusse|kontorisse|e-posti*|meili*|kirjutama|veebi*|lehele|rakendusse|appi|vestlus*|chati*",
        "pidin|pidime|tuli|pidi _{0,3} poodi|esindusse|kontorisse|kauplusesse|kohale|kohapeale",
        "pidin|pidime|tuli _{0,2} hoopis|ikkagi|lopuks _{0,2} helista*|kirjuta*|minema"], 1),
    ("et", TR, "passed_on", ["umber _{0,1} suuna*", "suunati|suunas _{0,1} umber|edasi", "edasi _{0,1} uhenda*|suuna*|saade*",
                             "uhendati|uhendas _{0,3} edasi|teise*|kolleeg*|osakon*|kellegi*",
                             "vale|valesse _{0,1} osakon*|inimese*|numbri*", "osakonnast osakonda", "uhelt _{0,2} teisele",
                             "uhest _{0,2} teise"], 1),
    ("et", RC, "contacted_many_times", [
        f"{_CONTACT_ET} _{{0,3}} mitu|kolm|neli|viis|kaks|korduvalt|mitmel|uuesti|jalle|taas|#",
        f"mitu|kaks|kolm|neli|viis|kuus|mitmeid|korduvalt|# _{{0,1}} korda|kone*|kirja*|meili* _{{0,3}} {_CONTACT_ET}",
        "juba _{0,1} kolmandat|neljandat|viiendat|teist|mitmendat korda", "kolmas|neljas|viies|mitmes kord"], 1),
    ("et", RC, "no_callback", ["ei _{0,2} helista* tagasi", "tagasi _{0,1} ei helista*", "tagasihelista* _{0,4} ei",
                               "lubati|lubasid|lubas _{0,2} tagasi helista*"], 1),
    ("et", ALL_DRIVERS, "first_contact_fix", ["esimese|uhe _{0,1} kone*|korraga|kontakti*",
                                              "kohe|kiiresti _{0,3} lahendati|lahendatud|aidati|korda"], 0),
]


def default_rules() -> list[Rule]:
    """The catalog as :class:`Rule` objects."""
    rules = []
    for lang, driver, what, patterns, vote in _SPECS:
        prefix = "none" if driver == ALL_DRIVERS else driver
        rules.append(Rule(name=f"{prefix}.{lang}.{what}_v1", drivers=(driver,), lang=lang,
                          patterns=tuple(patterns), vote=vote, check_scope=vote == 1))
    return rules
