"""Seeded generator of a realistic demo CES survey export.

``generate_export()`` returns a :class:`pandas.DataFrame` that looks like the
raw export of a Customer Effort Score survey ("How much effort did you have to
make to get your issue handled?", 1 = very little ... 7 = a great deal, so
HIGHER = MORE EFFORT) with the free-text answer to the follow-up question
"What made it hard?".  It needs only numpy and pandas, is deterministic for a
given ``seed`` and arguments, and is vectorised (one million rows take a few
seconds).

Columns
-------
``response_id``   "R000001", "R000002", ... in order of ``submitted_at``
``submitted_at``  ISO date "YYYY-MM-DD" within ``days`` days from ``start``
``channel``       phone, chat, email, web, app, shop
``team``          Billing, Technical Support, Sales, Onboarding, Retention
``ces``           int 1..7, higher = more effort
``comment``       free text; ~15 % are "" or whitespace only
``true_lang``     (``with_truth=True`` only) en, de, nl, et, other; "" if empty
``true_drivers``  (``with_truth=True`` only) driver ids joined by ";" in the
                  fixed order repeating_problem;channel_switching;transfers;
                  repeat_contacts, "" for none and for empty comments

Generative story (what a report on this data should find)
----------------------------------------------------------
1. **Date.**  Each response gets a day in ``[start, start + days)``; weekdays
   are about twice as likely as Sundays (weights Mon-Fri 1.0, Sat 0.6,
   Sun 0.45).  Rows are sorted by date and numbered.  ``t`` = position of the
   day in the period, 0 .. 1.
2. **Channel and team.**  Channel shares: phone 34 %, chat 22 %, email 15 %,
   web 12 %, app 11 %, shop 6 %.  The team depends mildly on the channel
   (e.g. shop -> mostly Sales, app -> mostly Technical Support, email -> more
   Billing).
3. **Drivers (latent, multi-label).**  Each of the four drivers of the
   annotation guidelines is a Bernoulli draw with a logistic probability
   ``base + team effect + channel effect + trend + z``, where ``z ~ N(0, 0.5)``
   is one shared "bad episode" factor per row (it makes drivers mildly
   positively correlated, otherwise they are independent).  Shares below are
   of non-empty comments (slightly richer in drivers than all rows):

   * ``repeating_problem`` (~18 %): more in Technical Support and on the phone.
   * ``channel_switching`` (~17 %): more for chat, web and app (the digital
     channel "could not do it"), more in Onboarding; no trend.
   * ``transfers``: more on the phone, in Retention, Technical Support and
     Billing; **rises in the second half of the period** (a smooth step
     centred on mid-period, +1.0 on the logit scale: roughly 13 % in the
     first months, about 27 % in the last months).
   * ``repeat_contacts``: more for email, Billing and Technical Support;
     **falls slowly and linearly** over the period (about 22 % -> 14 %).

   Channel, team and date influence CES **only through the drivers**.
4. **CES.**  ``ces = round(2.5 + 0.9*repeating_problem + 0.6*channel_switching
   + 1.2*transfers + 1.5*repeat_contacts + N(0, 0.85))`` clipped to 1..7.
   The per-driver effects are additive, so a regression of CES on the four
   (true) driver indicators should recover roughly these coefficients (a bit
   attenuated by rounding and clipping at 1 and 7).  Rows without a driver
   average about 2.5-2.6, all rows about 3.2-3.3.  Over the period the mean
   CES rises only slightly (about +0.05): the growing transfers (+1.2 each)
   are mostly offset by the falling repeat contacts (+1.5 each), so a flat
   CES line hides a real shift in *why* customers struggle.
5. **Empty comments.**  Whether the respondent wrote anything depends on the
   CES only: P(empty) falls from 24 % at CES 1 to 7 % at CES 7 (~15 %
   overall).  Empty answers are "" (most) or whitespace.  Their drivers stay
   latent: they raised the CES but are not observable, so their truth is "".
6. **Language.**  Non-empty comments are 42 % English, 25 % German, 18 %
   Dutch, 12 % Estonian and 3 % "other" (French, Spanish, Finnish, Swedish in
   equal parts), independent of everything else.
7. **Text.**  A comment with drivers has one clause per driver (order random
   or the usual narrative order channel switch -> transfer -> re-explaining ->
   coming back), and with probability 0.3 one extra clause at the start or end
   that carries no label: another complaint (hold time, prices, rude staff,
   delivery, defects), a vague remark, or a *negated* mention of a driver that
   is absent ("at least I wasn't passed around").  A comment without drivers
   has one or two clauses chosen by tone from CES: praise of low effort at low
   CES, complaints and vague remarks at high CES, neutral remarks ("meh",
   "see above") and negated/hypothetical driver mentions at any CES.  So some
   comments without a driver still complain, and some low-CES comments name
   a driver only to deny it -- keyword rules will over-fire on them.
   Clauses are joined with language-specific connectors ("and" between
   clauses of the same tone, mostly "but" between a complaint and a positive
   clause); sometimes an opener ("Honestly, ") is added; 15 % of comments are
   fully lower-cased and about a fifth lose their final punctuation.  About
   45-48 % of non-empty comments carry no driver; the text never depends on
   channel or team (a phone respondent may write "the chat told me to call").

Every clause in the phrase banks below is labelled by the project's
annotation guidelines: a driver clause carries exactly its own driver and no
other (e.g. a transfer clause never says the story had to be retold), and
negated, hypothetical, praising, vague and other-complaint clauses carry none.
Hence ``true_drivers`` is the exact label set of the written text.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

__all__ = ["generate_export", "DRIVERS", "CHANNELS", "TEAMS", "LANGUAGES"]

DRIVERS = ("repeating_problem", "channel_switching", "transfers", "repeat_contacts")
CHANNELS = ("phone", "chat", "email", "web", "app", "shop")
TEAMS = ("Billing", "Technical Support", "Sales", "Onboarding", "Retention")
LANGUAGES = ("en", "de", "nl", "et", "other")

# ---------------------------------------------------------------------------
# Generative parameters
# ---------------------------------------------------------------------------
CHANNEL_SHARES = (0.34, 0.22, 0.15, 0.12, 0.11, 0.06)
# P(team | channel); rows follow CHANNELS, columns follow TEAMS.
TEAM_GIVEN_CHANNEL = (
    (0.26, 0.34, 0.12, 0.10, 0.18),  # phone
    (0.28, 0.38, 0.14, 0.10, 0.10),  # chat
    (0.36, 0.26, 0.10, 0.12, 0.16),  # email
    (0.24, 0.30, 0.24, 0.14, 0.08),  # web
    (0.22, 0.42, 0.12, 0.16, 0.08),  # app
    (0.14, 0.22, 0.42, 0.12, 0.10),  # shop
)
WEEKDAY_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.45)  # Mon .. Sun

# Driver logits (rows follow DRIVERS).
DRIVER_BASE_LOGIT = (-1.9, -2.0, -2.35, -1.55)
DRIVER_TEAM_EFFECT = (  # Billing, Technical Support, Sales, Onboarding, Retention
    (0.10, 0.45, -0.30, 0.20, -0.10),
    (0.00, 0.20, 0.10, 0.35, -0.20),
    (0.25, 0.30, -0.25, -0.10, 0.40),
    (0.30, 0.30, -0.40, 0.10, 0.00),
)
DRIVER_CHANNEL_EFFECT = (  # phone, chat, email, web, app, shop
    (0.30, 0.20, 0.00, -0.30, -0.20, -0.10),
    (-0.30, 0.50, 0.10, 0.40, 0.45, 0.20),
    (0.50, 0.10, -0.20, -0.50, -0.60, 0.00),
    (0.10, -0.10, 0.50, -0.10, 0.00, -0.40),
)
LATENT_SD = 0.5                 # shared "bad episode" factor, added to all logits
TRANSFER_STEP = 1.0             # logit increase of transfers, smooth step at t=0.5
TRANSFER_STEP_STEEPNESS = 12.0
REPEAT_CONTACT_SLOPE = -0.7     # logit change of repeat_contacts from t=0 to t=1

CES_BASE = 2.5
CES_DRIVER_EFFECT = (0.9, 0.6, 1.2, 1.5)  # follows DRIVERS
CES_NOISE_SD = 0.85

P_EMPTY_BY_CES = (0.24, 0.20, 0.16, 0.13, 0.10, 0.08, 0.07)  # CES 1..7
EMPTY_VARIANTS = ("", "", "", "", "", "", " ", "  ", "\n", " \n", "\t")

LANGUAGE_SHARES = (0.42, 0.25, 0.18, 0.12, 0.03)  # follows LANGUAGES
OTHER_SUBLANGS = ("fr", "es", "fi", "sv")          # equal parts of "other"

P_EXTRA_CLAUSE = 0.30        # driver comments: one extra unlabelled clause
EXTRA_KIND_PROBS = (0.45, 0.25, 0.30)  # complaint, vague, negated absent driver
P_NARRATIVE_ORDER = 0.5      # else clause order is a random permutation
NARRATIVE_RANK = (2, 0, 1, 3)  # cs -> transfers -> repeating -> repeat contacts
P_TWO_NONE_CLAUSES = 0.4
# Tone of clauses in comments without drivers:
# praise, complaint, vague (negative), neutral ("meh"), negated driver
NONE_TONE_BY_CES = (
    (0.50, 0.04, 0.03, 0.13, 0.30),  # CES 1-2
    (0.18, 0.28, 0.14, 0.15, 0.25),  # CES 3-4
    (0.03, 0.45, 0.30, 0.10, 0.12),  # CES 5-7
)
P_OPENER = 0.07
P_LOWERCASE = 0.15
P_BREAK_CONNECTOR = 0.20      # force a plain full stop between clauses
P_CONTRAST_CONNECTOR = 0.8    # "but" between a negative and a positive clause

# ---------------------------------------------------------------------------
# Phrase banks
# ---------------------------------------------------------------------------
# Clauses are written in "mid-sentence" form: they start lower case unless the
# first word is always capitalised (English "I", German nouns, names), carry no
# final punctuation, and are capitalised automatically at sentence starts.
# Keys: the four driver ids, "praise" (low effort), "complaint" (a complaint
# that is none of the drivers), "vague", and "neg_<driver>" (negated or
# hypothetical mention of that driver; written so that it can stand next to
# any *other* driver clause without contradiction).

_BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "repeating_problem": (
            "I had to explain the whole thing again from the start",
            "nobody had read the notes so I told my story all over again",
            "gave my account number at least four times",
            "the second person asked me exactly the same questions as the first",
            "had to spell out my address and order number all over again",
            "I've repeated my story so often I could recite it in my sleep",
            "loved explaining my issue yet again, real fun",
            "had to repeat my customer number, date of birth and the whole saga again",
            "they kept asking for info I had already given",
            "at every step I had to start from scratch with the explanation",
            "had to describe the fault in detail again even tho it was all in the ticket",
            "they asked me to send the photos again that I'd already uploaded",
            "the details I gave at the beginning just got lost and I had to repeat them",
            "why do I have to keep repeating my order number",
            "had to go through the entire history of the problem once more",
            "had to read out the meter numbers a second time because they were 'not in the system'",
            "spelled my IBAN three times and still had to give it once more at the end",
        ),
        "channel_switching": (
            "the chat told me to call instead",
            "the app couldn't do it so I had to go to the store",
            "the chatbot just told me to ring the hotline",
            "website said to send an email, the email reply said to phone",
            "ended up going into the shop because nothing worked online",
            "you can't change it in the app, I had to phone for it",
            "the online form errored out so I had to ring you",
            "got an email saying I had to come to a branch in person",
            "the chat agent said they can't do that in chat and I need to call",
            "had to print a form and post it, in this day and age",
            "the app sent me to the website and the website sent me to the phone line",
            "the guy in the shop said they can't help and to do it online",
            "couldn't upload the document in the app so I emailed it instead",
            "messaged you on Facebook and got told to call the service number",
            "had to drive to the shop just to show my ID",
            "went from the website to the chat to the phone",
            "started in the chat and ended up having to call anyway",
        ),
        "transfers": (
            "I was transferred three times",
            "got passed around between departments",
            "put through to the wrong department twice",
            "bounced between billing and tech support for half an hour",
            "the first agent couldn't help and handed me to a colleague",
            "got escalated to second line",
            "was put on hold and then forwarded to yet another team",
            "every person just passed me on to someone else",
            "they transferred me to sales, who transferred me straight back",
            "ended up in the wrong queue and had to be put through again",
            "I spoke to four different people in one call",
            "the call got forwarded to the technical team",
            "was handed to a 'specialist' who sent me back to general customer service",
            "went from customer service to billing to some supervisor",
            "the chat agent moved me to another department's queue",
            "nobody took ownership, they just kept passing me along",
            "got redirected to a different team halfway through",
        ),
        "repeat_contacts": (
            "this is the third time I'm calling about the same issue",
            "had to chase you up twice by email",
            "the promised callback never came",
            "I've written in again and again about this invoice",
            "had to ring back the next day because nothing had happened",
            "it wasn't solved the first time so I had to contact you again",
            "they said they'd call me back within 24 hours, nobody called",
            "took four calls to get it sorted",
            "sent three emails before anyone reacted",
            "I keep having to follow up myself",
            "fourth contact about the same refund",
            "my ticket was closed without a fix and I had to open a new one",
            "had to call again a week later, same problem",
            "was told it was fixed, it wasn't, so back on the phone I went",
            "nobody got back to me so I wrote again",
            "spent two weeks phoning you about one wrong charge",
            "needed several contacts for something that should be simple",
        ),
        "praise": (
            "sorted in one call",
            "quick and easy, the agent knew exactly what to do",
            "first contact, done",
            "really smooth, took five minutes",
            "the lady on the phone fixed it straight away",
            "super easy in the app",
            "everything was handled in one go",
            "no hassle at all, thanks",
            "clear instructions and it just worked",
            "Mark from billing was brilliant and solved it on the spot",
        ),
        "complaint": (
            "waited 40 minutes on hold",
            "your prices keep going up",
            "the agent was quite rude",
            "delivery took almost three weeks",
            "the hold music is unbearable",
            "replies by email are really slow",
            "the router you sent was faulty out of the box",
            "the invoice is impossible to understand",
            "staff in the shop seemed totally uninterested",
            "the website is painfully slow in the evening",
            "the phone queue was ridiculous",
        ),
        "vague": (
            "terrible service",
            "it took ages",
            "the whole thing was a hassle",
            "too complicated for what it is",
            "expected more from a company this size",
            "what a faff",
            "way too much effort for something so basic",
        ),
        "neutral": (
            "could be better",
            "not great, not terrible",
            "meh",
            "nothing to add",
            "it was ok I guess",
            "see above",
        ),
        "neg_repeating_problem": (
            "I didn't have to repeat anything",
            "they already had all my details, no need to explain twice",
            "at least nobody asked for my account number twice",
        ),
        "neg_channel_switching": (
            "at least I didn't have to go to the shop",
            "didn't have to jump between app and hotline",
            "no need to print or post anything",
        ),
        "neg_transfers": (
            "no transfer needed",
            "at least I wasn't passed around",
            "the person who picked up dealt with it herself instead of passing me on",
        ),
        "neg_repeat_contacts": (
            "I hope I won't have to call again",
            "hopefully I won't need to chase this",
            "fingers crossed I don't have to write in again",
        ),
    },
    "de": {
        "repeating_problem": (
            "ich musste alles nochmal von vorne erklären",
            "keiner hatte die Notizen gelesen, also hab ich alles wiederholt",
            "meine Kundennummer hab ich gefühlt zehnmal genannt",
            "die zweite Mitarbeiterin stellte exakt dieselben Fragen wie der erste",
            "musste Adresse und Bestellnummer erneut durchgeben",
            "die Geschichte hab ich so oft erzählt, ich kann sie auswendig",
            "dieselben Sicherheitsfragen nochmal, obwohl ich die schon beantwortet hatte",
            "man fängt mit der Erklärung immer wieder bei null an",
            "hat echt Spaß gemacht, das Problem nochmal zu schildern",
            "die Fotos vom Schaden sollte ich nochmal schicken, obwohl sie längst hochgeladen waren",
            "niemand wusste, was ich vorher schon gesagt hatte",
            "ich musste den ganzen Sachverhalt erneut darlegen",
            "Zählerstand und Vertragsnummer sollte ich ein zweites Mal angeben",
            "alle Angaben wurden nochmal abgefragt, obwohl sie längst vorlagen",
            "die IBAN musste ich dreimal buchstabieren",
            "ständig musste ich mich wiederholen",
            "das Problem Schritt für Schritt nochmal beschreiben, obwohl alles im Ticket stand",
        ),
        "channel_switching": (
            "der Chat hat mich ans Telefon verwiesen",
            "in der App ging es nicht, also musste ich in die Filiale",
            "der Chatbot meinte nur, ich soll die Hotline anrufen",
            "online war das nicht möglich, ich musste extra in den Shop fahren",
            "per Mail hieß es, ich solle lieber anrufen",
            "die Kündigung ging nur per Brief, online keine Chance",
            "auf der Website stand, ich soll eine Mail schreiben, und die Antwort war: bitte anrufen",
            "über die App konnte ich das Dokument nicht hochladen, musste es per Post schicken",
            "im Laden sagte man mir, das geht nur online",
            "die Kollegin im Chat konnte das nicht, ich musste telefonisch weitermachen",
            "von der Website zur App zum Telefon, was für ein Zirkus",
            "musste das Formular ausdrucken und per Post schicken",
            "die Hotline hat mich aufs Kundenportal verwiesen",
            "auf Facebook bekam ich nur die Servicenummer zum Anrufen",
            "für die Identifizierung musste ich persönlich in die Filiale",
            "hab im Chat angefangen und musste dann doch anrufen",
            "das Kontaktformular hat nicht funktioniert, also blieb nur das Telefon",
        ),
        "transfers": (
            "ich wurde dreimal weiterverbunden",
            "von einer Abteilung zur nächsten geschickt",
            "zweimal in der falschen Abteilung gelandet",
            "zwischen Buchhaltung und Technik hin und her geschoben",
            "der erste Mitarbeiter hat mich an einen Kollegen weitergegeben",
            "wurde an den Second Level weitergeleitet",
            "nach der Warteschleife wurde ich nochmal weiterverbunden",
            "jeder hat mich nur an den Nächsten weitergereicht",
            "vom Vertrieb zur Technik und wieder zurück",
            "man hat mich zur zuständigen Stelle durchgestellt, die war aber nicht zuständig",
            "ich hatte in einem einzigen Anruf vier verschiedene Ansprechpartner",
            "der Anruf wurde ans Technik-Team übergeben",
            "landete bei einer Fachabteilung, die mich wieder an die Zentrale zurückgab",
            "keiner fühlte sich zuständig, ich wurde immer weitergereicht",
            "im Chat wurde ich an eine andere Abteilung übergeben",
            "Weiterleitung über Weiterleitung",
            "wurde an eine Teamleiterin weitergegeben",
        ),
        "repeat_contacts": (
            "das ist schon mein dritter Anruf wegen derselben Sache",
            "musste zweimal per Mail nachhaken",
            "der versprochene Rückruf kam nie",
            "ich habe mehrmals angerufen, bis sich was bewegt hat",
            "am nächsten Tag musste ich wieder anrufen, weil nichts passiert war",
            "beim ersten Kontakt wurde nichts gelöst, also nochmal melden",
            "angeblich Rückruf innerhalb von 24 Stunden, kam nix",
            "hat vier Telefonate gebraucht",
            "erst auf meine dritte Mail hat überhaupt jemand reagiert",
            "ich muss ständig selbst hinterhertelefonieren",
            "vierter Kontakt wegen derselben Gutschrift",
            "das Ticket wurde einfach geschlossen und ich musste ein neues aufmachen",
            "eine Woche später wieder angerufen, gleiches Problem",
            "man sagte mir, es sei erledigt, war es nicht, also wieder ans Telefon",
            "kein Rückruf, keine Antwort, ich musste erneut schreiben",
            "seit zwei Wochen telefoniere ich Ihnen wegen einer falschen Abbuchung hinterher",
            "musste mich mehrfach melden, bevor das erledigt war",
        ),
        "praise": (
            "mit einem Anruf erledigt",
            "schnell und unkompliziert, die Mitarbeiterin wusste sofort Bescheid",
            "erster Kontakt, Problem gelöst",
            "ging super fix, keine fünf Minuten",
            "der Herr am Telefon hat das direkt erledigt",
            "über die App total einfach",
            "alles in einem Rutsch geklärt",
            "völlig stressfrei, danke",
            "klare Anleitung und es hat sofort funktioniert",
            "Frau Becker war top und hat alles sofort gelöst",
        ),
        "complaint": (
            "45 Minuten in der Warteschleife",
            "die Preise steigen ständig",
            "der Mitarbeiter war ziemlich unfreundlich",
            "die Lieferung hat fast drei Wochen gedauert",
            "die Wartemusik ist unerträglich",
            "Antworten per Mail dauern ewig",
            "das gelieferte Gerät war von Anfang an defekt",
            "die Rechnung versteht kein Mensch",
            "im Laden hatte niemand Lust zu helfen",
            "die Website lädt abends ewig",
            "viel zu lange Wartezeit am Telefon",
        ),
        "vague": (
            "katastrophaler Service",
            "hat ewig gedauert",
            "nerviger Prozess insgesamt",
            "viel zu kompliziert",
            "von so einer großen Firma erwarte ich mehr",
            "alles sehr umständlich",
            "ein Riesenaufwand für so eine Kleinigkeit",
        ),
        "neutral": (
            "geht besser",
            "war ok",
            "naja",
            "nichts hinzuzufügen",
            "passt schon",
            "siehe oben",
        ),
        "neg_repeating_problem": (
            "ich musste nichts wiederholen",
            "meine Daten waren schon da, nichts doppelt erklären müssen",
            "immerhin musste ich meine Kundennummer nicht nochmal nennen",
        ),
        "neg_channel_switching": (
            "zum Glück musste ich nicht in die Filiale",
            "immerhin musste ich nicht zwischen App und Hotline hin und her",
            "ich musste nichts ausdrucken oder per Post schicken",
        ),
        "neg_transfers": (
            "keine Weiterleitung nötig",
            "immerhin wurde ich nicht weiterverbunden",
            "die Mitarbeiterin hat es selbst gemacht, ohne mich weiterzureichen",
        ),
        "neg_repeat_contacts": (
            "hoffentlich muss ich nicht nochmal anrufen",
            "ich hoffe, ich muss nicht hinterhertelefonieren",
            "hoffe, ich muss mich nicht nochmal melden",
        ),
    },
    "nl": {
        "repeating_problem": (
            "ik moest alles opnieuw uitleggen",
            "niemand had de notities gelezen, dus weer het hele verhaal verteld",
            "mijn klantnummer heb ik wel vijf keer moeten noemen",
            "de tweede medewerker stelde precies dezelfde vragen als de eerste",
            "adres en ordernummer moest ik nog een keer doorgeven",
            "ik kan mijn verhaal inmiddels dromen, zo vaak herhaald",
            "steeds maar weer hetzelfde herhalen",
            "weer van voor af aan beginnen met uitleggen",
            "heerlijk hoor, mijn probleem nog maar eens uitleggen",
            "de foto's moest ik opnieuw sturen terwijl ze al geüpload waren",
            "niemand wist wat ik eerder al had gezegd",
            "de hele situatie opnieuw moeten toelichten",
            "meterstanden en contractnummer nog een keer opgeven",
            "ze vroegen naar gegevens die ik allang had gegeven",
            "mijn IBAN drie keer moeten spellen",
            "alles wat in het ticket stond moest ik tóch weer vertellen",
            "bij elke stap weer mijn geboortedatum en postcode opnoemen",
        ),
        "channel_switching": (
            "via de chat werd ik naar de telefoon verwezen",
            "in de app lukte het niet, dus naar de winkel",
            "de chatbot zei alleen dat ik moest bellen",
            "online kon het niet, moest speciaal naar een winkel rijden",
            "per mail kreeg ik te horen dat ik beter kon bellen",
            "opzeggen kon alleen per brief, online ging niet",
            "de website zei mailen, de mail zei bellen",
            "document uploaden in de app werkte niet, dus per post opgestuurd",
            "in de winkel zeiden ze dat ik het online moest regelen",
            "de medewerker in de chat kon het niet, ik moest telefonisch verder",
            "van website naar app naar telefoon, wat een gedoe",
            "formulier printen en opsturen, echt in deze tijd",
            "de klantenservice aan de telefoon verwees me naar het online portaal",
            "via Facebook kreeg ik alleen het nummer om te bellen",
            "voor de identificatie moest ik persoonlijk langs in de winkel",
            "begonnen in de chat, uiteindelijk toch moeten bellen",
            "het contactformulier deed het niet dus moest ik wel bellen",
        ),
        "transfers": (
            "ik ben drie keer doorverbonden",
            "van afdeling naar afdeling gestuurd",
            "twee keer bij de verkeerde afdeling uitgekomen",
            "heen en weer gekaatst tussen facturatie en de technische dienst",
            "de eerste medewerker gaf me door aan een collega",
            "doorgezet naar de tweede lijn",
            "na de wachtrij wéér doorverbonden",
            "iedereen schoof me door naar de volgende",
            "van verkoop naar techniek en weer terug",
            "ze verbonden me door naar de juiste afdeling, alleen was het niet de juiste",
            "vier verschillende mensen gesproken in één gesprek",
            "het gesprek werd overgezet naar het technische team",
            "bij een specialist beland die me terugstuurde naar de algemene klantenservice",
            "niemand voelde zich verantwoordelijk, ik werd steeds doorgeschoven",
            "in de chat overgedragen aan een andere afdeling",
            "doorverbonden, in de wacht, weer doorverbonden",
            "uiteindelijk bij een teamleider terechtgekomen na twee keer doorverbinden",
        ),
        "repeat_contacts": (
            "dit is al de derde keer dat ik bel over hetzelfde",
            "twee keer moeten nabellen",
            "beloofd terug te bellen, nooit gebeurd",
            "ik heb meerdere keren gebeld voordat er iets gebeurde",
            "de volgende dag weer bellen want er was niks gedaan",
            "bij het eerste contact niet opgelost, dus nog een keer contact opnemen",
            "ze zouden binnen 24 uur terugbellen, niemand belde",
            "vier telefoontjes nodig gehad",
            "pas na mijn derde mail kwam er reactie",
            "ik moet er steeds zelf achteraan",
            "vierde keer contact over dezelfde terugbetaling",
            "ticket werd gewoon gesloten, ik moest een nieuwe aanmaken",
            "een week later opnieuw gebeld, zelfde probleem",
            "ze zeiden dat het opgelost was, niet dus, weer bellen",
            "niet teruggebeld en geen antwoord, dus maar weer mailen",
            "al twee weken bel ik jullie achterna voor één verkeerde afschrijving",
            "meerdere keren contact moeten opnemen voor iets simpels",
        ),
        "praise": (
            "in één telefoontje geregeld",
            "snel en makkelijk, de medewerker wist meteen wat te doen",
            "eerste contact, meteen opgelost",
            "ging heel vlot, binnen vijf minuten klaar",
            "de meneer aan de telefoon regelde het direct",
            "via de app super simpel",
            "alles in één keer afgehandeld",
            "geen gedoe, top",
            "duidelijke uitleg en het werkte meteen",
            "Sanne van de klantenservice was geweldig, alles gelijk opgelost",
        ),
        "complaint": (
            "40 minuten in de wacht gestaan",
            "de prijzen gaan steeds omhoog",
            "de medewerker was behoorlijk onbeleefd",
            "de levering duurde bijna drie weken",
            "die wachtmuziek is niet te harden",
            "reactie per mail duurt eeuwen",
            "het apparaat was bij levering al kapot",
            "de factuur is onleesbaar",
            "in de winkel had niemand zin om te helpen",
            "de site is zo traag als dikke stroop",
            "wachttijd aan de telefoon veel te lang",
        ),
        "vague": (
            "slechte service",
            "duurde eeuwig",
            "gedoe van begin tot eind",
            "veel te ingewikkeld",
            "van zo'n groot bedrijf verwacht ik meer",
            "allemaal erg omslachtig",
            "wat een gedoe voor zoiets kleins",
        ),
        "neutral": (
            "kan beter",
            "was wel ok",
            "tja",
            "niks aan toe te voegen",
            "prima verder",
            "zie boven",
        ),
        "neg_repeating_problem": (
            "ik hoefde niks te herhalen",
            "ze hadden mijn gegevens al, dus niks dubbel uitleggen",
            "gelukkig hoefde ik mijn klantnummer niet nog eens te geven",
        ),
        "neg_channel_switching": (
            "gelukkig hoefde ik niet naar de winkel",
            "ik hoefde niet heen en weer tussen app en telefoon",
            "niks printen of opsturen",
        ),
        "neg_transfers": (
            "geen doorverbinding nodig",
            "ik werd tenminste niet doorverbonden",
            "de medewerker deed het zelf zonder me door te sturen",
        ),
        "neg_repeat_contacts": (
            "hopelijk hoef ik niet nog een keer te bellen",
            "hoop dat ik er niet achteraan hoef te zitten",
            "hoop dat ik niet opnieuw hoef te mailen",
        ),
    },
    "et": {
        "repeating_problem": (
            "pidin kõik uuesti selgitama",
            "keegi polnud märkmeid lugenud, nii et rääkisin kogu loo uuesti",
            "oma kliendinumbrit pidin ütlema vähemalt neli korda",
            "teine töötaja küsis täpselt samu küsimusi mis esimene",
            "aadressi ja tellimuse numbrit pidin uuesti dikteerima",
            "olen oma lugu nii palju kordi kordanud, et oskan seda peast",
            "pidin kogu aeg ennast kordama",
            "kõik tuli otsast peale rääkida",
            "nii tore oli oma muret veel kord selgitada",
            "kahjustuse pilte küsiti uuesti, kuigi olin need juba üles laadinud",
            "keegi ei teadnud, mida ma varem juba öelnud olin",
            "pidin kogu olukorra uuesti lahti seletama",
            "näidu ja lepingu numbri pidin teist korda esitama",
            "küsiti andmeid, mis olin ammu juba andnud",
            "pidin oma isikukoodi kolm korda ütlema",
            "kõik, mis pöördumises kirjas oli, pidin ikkagi uuesti rääkima",
            "iga sammu juures jälle isikukood ja aadress",
        ),
        "channel_switching": (
            "vestlusest suunati mind helistama",
            "äpis see ei õnnestunud, pidin poodi minema",
            "juturobot ütles ainult, et helistage klienditeenindusse",
            "veebis polnud see võimalik, pidin spetsiaalselt esindusse sõitma",
            "meili teel vastati, et parem helistage",
            "lepingu lõpetamiseks pidin paberkirja saatma",
            "kodulehel kästi e-kiri saata, e-kirjas kästi helistada",
            "dokumenti ei saanud äppi üles laadida, saatsin selle lõpuks postiga",
            "poes öeldi, et see käib ainult internetis",
            "chatis olnud töötaja ei saanud seda teha, pidin telefoni teel jätkama",
            "kodulehelt äppi, äpist telefoni, täielik tsirkus",
            "pidin vormi välja printima ja posti panema",
            "telefonis suunati mind iseteenindusse",
            "Facebookis anti mulle lihtsalt number, et helistaksin",
            "isikusamasuse tuvastamiseks pidin ise esindusse kohale minema",
            "alustasin vestluses, aga lõpuks pidin ikka helistama",
            "kontaktivorm ei töötanud, nii et jäi üle ainult helistada",
        ),
        "transfers": (
            "mind suunati kolm korda ümber",
            "saadeti ühest osakonnast teise",
            "kaks korda sattusin vale osakonna juurde",
            "mind loobiti arveldusosakonna ja tehnilise toe vahel",
            "esimene töötaja andis mu kolleegile üle",
            "mind ühendati edasi teise liini toele",
            "pärast ootejärjekorda ühendati mind jälle edasi",
            "igaüks saatis mind lihtsalt järgmise juurde",
            "müügist tehnikasse ja jälle tagasi",
            "mind ühendati õigesse osakonda, mis polnud üldse õige",
            "ühe kõne jooksul rääkisin nelja erineva inimesega",
            "kõne suunati tehnilisele meeskonnale",
            "spetsialist saatis mu tagasi üldisesse klienditeenindusse",
            "keegi ei tundnud end vastutavana, mind aina suunati edasi",
            "vestluses anti mind üle teisele osakonnale",
            "ümbersuunamine ümbersuunamise otsa",
            "lõpuks jõudsin pärast kahte ümbersuunamist meeskonnajuhini",
        ),
        "repeat_contacts": (
            "helistan juba kolmandat korda sama asja pärast",
            "pidin kaks korda e-kirjaga meelde tuletama",
            "lubatud tagasihelistamist ei tulnud kunagi",
            "helistasin mitu korda, enne kui midagi liikuma hakkas",
            "järgmisel päeval pidin uuesti helistama, sest midagi polnud tehtud",
            "esimese pöördumisega ei lahendatud midagi, pidin uuesti ühendust võtma",
            "lubati 24 tunni jooksul tagasi helistada, keegi ei helistanud",
            "vaja läks nelja kõnet",
            "alles kolmandale kirjale vastati",
            "pean kogu aeg ise järele küsima",
            "juba neljas pöördumine sama tagasimakse pärast",
            "pöördumine suleti lihtsalt ära ja pidin uue tegema",
            "nädal hiljem helistasin uuesti, sama probleem",
            "öeldi, et on korras, aga ei olnud, seega pidin jälle helistama",
            "tagasi ei helistatud, pidin uuesti kirjutama",
            "juba kaks nädalat helistan teile ühe vale makse pärast",
            "pidin mitu korda ühendust võtma millegi nii lihtsa pärast",
        ),
        "praise": (
            "lahendati ühe kõnega",
            "kiire ja lihtne, töötaja teadis kohe, mida teha",
            "esimene pöördumine ja asi korras",
            "läks väga kiiresti, viie minutiga tehtud",
            "telefonis olnud härra lahendas kohe ära",
            "äpis täiesti lihtne",
            "kõik sai korraga aetud",
            "mingit jama polnud, aitäh",
            "selge juhend ja kohe töötas",
            "Kadri klienditeenindusest oli super, lahendas kõik kohe",
        ),
        "complaint": (
            "ootasin liinil 40 minutit",
            "hinnad tõusevad pidevalt",
            "klienditeenindaja oli üsna ebaviisakas",
            "tarne võttis peaaegu kolm nädalat",
            "ootemuusika on talumatu",
            "e-kirjadele vastatakse väga aeglaselt",
            "saadetud seade oli kohe algusest katki",
            "arvest ei saa mitte midagi aru",
            "poes polnud kellelgi tahtmist aidata",
            "koduleht on õhtuti kohutavalt aeglane",
            "telefonijärjekord oli naeruväärselt pikk",
        ),
        "vague": (
            "kohutav teenindus",
            "võttis igavesti aega",
            "üks suur jama",
            "liiga keeruline",
            "nii suurelt firmalt ootaks rohkem",
            "kõik väga tülikas",
            "nii palju vaeva nii lihtsa asja pärast",
        ),
        "neutral": (
            "võiks parem olla",
            "oli ok",
            "noh",
            "pole midagi lisada",
            "enam-vähem",
            "vt eespool",
        ),
        "neg_repeating_problem": (
            "ei pidanud midagi kordama",
            "andmed olid neil juba olemas, ei pidanud midagi kaks korda selgitama",
            "vähemalt ei pidanud kliendinumbrit uuesti ütlema",
        ),
        "neg_channel_switching": (
            "õnneks ei pidanud poodi minema",
            "ei pidanud äpi ja telefoni vahet jooksma",
            "midagi ei pidanud välja printima ega posti panema",
        ),
        "neg_transfers": (
            "ümbersuunamist polnud vaja",
            "vähemalt mind ei suunatud edasi",
            "töötaja tegi ise ära, ilma et oleks mind edasi saatnud",
        ),
        "neg_repeat_contacts": (
            "loodan, et ei pea uuesti helistama",
            "loodetavasti ei pea järele küsima",
            "loodan, et ei pea enam kirjutama",
        ),
    },
    # The "other" languages: a few sentences each (true_lang == "other").
    "fr": {
        "repeating_problem": (
            "j'ai dû tout réexpliquer depuis le début",
            "on m'a redemandé mon numéro client trois fois",
            "personne n'avait lu mon dossier, j'ai tout raconté à nouveau",
        ),
        "channel_switching": (
            "le chat m'a dit d'appeler",
            "impossible dans l'appli, j'ai dû aller en boutique",
            "on m'a demandé d'envoyer un courrier papier",
        ),
        "transfers": (
            "j'ai été transféré trois fois",
            "on m'a baladé de service en service",
            "je suis tombé sur le mauvais service et on m'a transféré ailleurs",
        ),
        "repeat_contacts": (
            "c'est la troisième fois que j'appelle pour le même problème",
            "on devait me rappeler, personne ne l'a fait",
            "j'ai dû relancer deux fois par mail",
        ),
        "praise": ("réglé en un seul appel", "rapide et simple", "conseillère très efficace, tout réglé tout de suite"),
        "complaint": ("40 minutes d'attente au téléphone", "les prix augmentent sans arrêt", "livraison beaucoup trop lente"),
        "vague": ("service nul", "beaucoup trop compliqué"),
        "neutral": ("bof", "rien à ajouter"),
        "neg_repeating_problem": ("je n'ai rien eu à répéter",),
        "neg_channel_switching": ("pas besoin d'aller en boutique",),
        "neg_transfers": ("aucun transfert",),
        "neg_repeat_contacts": ("j'espère ne pas devoir rappeler",),
    },
    "es": {
        "repeating_problem": (
            "tuve que explicar todo otra vez desde el principio",
            "me pidieron el número de cliente tres veces",
            "nadie había leído mi caso y lo conté de nuevo",
        ),
        "channel_switching": (
            "el chat me dijo que llamara por teléfono",
            "en la app no se podía, tuve que ir a la tienda",
            "me pidieron mandar una carta por correo",
        ),
        "transfers": (
            "me transfirieron tres veces",
            "me pasaron de un departamento a otro",
            "acabé en el departamento equivocado y me volvieron a pasar",
        ),
        "repeat_contacts": (
            "es la tercera vez que llamo por lo mismo",
            "dijeron que me llamarían y nadie llamó",
            "tuve que escribir dos veces más por email",
        ),
        "praise": ("resuelto en una sola llamada", "rápido y fácil", "la agente lo solucionó al momento"),
        "complaint": ("40 minutos esperando al teléfono", "los precios no paran de subir", "el envío tardó muchísimo"),
        "vague": ("pésimo servicio", "demasiado complicado"),
        "neutral": ("regular", "nada que añadir"),
        "neg_repeating_problem": ("no tuve que repetir nada",),
        "neg_channel_switching": ("no hizo falta ir a la tienda",),
        "neg_transfers": ("sin transferencias",),
        "neg_repeat_contacts": ("espero no tener que volver a llamar",),
    },
    "fi": {
        "repeating_problem": (
            "jouduin selittämään kaiken uudestaan alusta",
            "asiakasnumeroani kysyttiin kolme kertaa",
            "kukaan ei ollut lukenut muistiinpanoja, joten kerroin kaiken uudelleen",
        ),
        "channel_switching": (
            "chatissa käskettiin soittaa",
            "sovelluksessa se ei onnistunut, joten jouduin menemään myymälään",
            "piti lähettää paperinen kirje",
        ),
        "transfers": (
            "minut siirrettiin kolme kertaa",
            "minua pompoteltiin osastolta toiselle",
            "päädyin väärälle osastolle ja minut yhdistettiin taas eteenpäin",
        ),
        "repeat_contacts": (
            "soitan jo kolmatta kertaa samasta asiasta",
            "luvattua takaisinsoittoa ei koskaan tullut",
            "jouduin kirjoittamaan uudestaan, kun kukaan ei vastannut",
        ),
        "praise": ("hoitui yhdellä puhelulla", "nopeaa ja helppoa", "asiakaspalvelija ratkaisi asian heti"),
        "complaint": ("jonotin puhelimessa 40 minuuttia", "hinnat nousevat koko ajan", "toimitus kesti aivan liian kauan"),
        "vague": ("surkeaa palvelua", "aivan liian monimutkaista"),
        "neutral": ("ihan ok", "ei muuta lisättävää"),
        "neg_repeating_problem": ("ei tarvinnut toistaa mitään",),
        "neg_channel_switching": ("ei tarvinnut mennä myymälään",),
        "neg_transfers": ("ei siirtoja",),
        "neg_repeat_contacts": ("toivottavasti ei tarvitse soittaa uudestaan",),
    },
    "sv": {
        "repeating_problem": (
            "jag fick förklara allt igen från början",
            "de frågade efter mitt kundnummer tre gånger",
            "ingen hade läst anteckningarna så jag berättade allt igen",
        ),
        "channel_switching": (
            "chatten sa åt mig att ringa istället",
            "det gick inte i appen så jag fick åka till butiken",
            "jag var tvungen att skicka ett brev",
        ),
        "transfers": (
            "jag blev kopplad vidare tre gånger",
            "skickades runt mellan olika avdelningar",
            "hamnade på fel avdelning och blev vidarekopplad igen",
        ),
        "repeat_contacts": (
            "det är tredje gången jag ringer om samma sak",
            "de skulle ringa tillbaka men ingen ringde",
            "fick mejla två gånger till innan något hände",
        ),
        "praise": ("löst på ett samtal", "snabbt och smidigt", "handläggaren fixade det direkt"),
        "complaint": ("40 minuters väntetid i telefon", "priserna går upp hela tiden", "leveransen tog alldeles för lång tid"),
        "vague": ("dålig service", "alldeles för krångligt"),
        "neutral": ("helt ok", "inget att tillägga"),
        "neg_repeating_problem": ("behövde inte upprepa något",),
        "neg_channel_switching": ("slapp åka till butiken",),
        "neg_transfers": ("ingen vidarekoppling",),
        "neg_repeat_contacts": ("hoppas jag slipper ringa igen",),
    },
}

# Connectors between clauses: (text, next clause capitalised?).  "neutral"
# ones fit any pair of clauses, "additive" ones ("and", "plus") only two
# clauses of the same tone, "contrast" ones ("but") a negative clause (driver,
# complaint, vague) next to a positive one (praise, negated driver).
# Repeated entries are more likely.
_CONNECTORS: dict[str, dict[str, tuple[tuple[str, bool], ...]]] = {
    "en": {
        "neutral": ((", ", False), (", ", False), (" - ", False), (". ", True), (". ", True),
                    ("! ", True), ("... ", True)),
        "additive": ((" and ", False), (", and ", False), (", plus ", False), (". Also ", False),
                     (". And ", False), (" and on top of that ", False)),
        "contrast": ((", but ", False), (", but ", False), (" but ", False), (". But ", False)),
    },
    "de": {
        "neutral": ((", ", False), (", ", False), (" - ", False), ("; ", False), (". ", True),
                    (". ", True), ("! ", True), ("... ", True)),
        "additive": ((" und ", False), (", und ", False), (". Und ", False), (". Dazu: ", False),
                     (", und dann noch: ", False)),
        "contrast": ((", aber ", False), (", aber ", False), (" aber ", False), (". Aber ", False)),
    },
    "nl": {
        "neutral": ((", ", False), (", ", False), (" - ", False), (". ", True), (". ", True),
                    ("! ", True), ("... ", True)),
        "additive": ((" en ", False), (", en ", False), (", plus ", False), (". En ", False),
                     (". Ook: ", False)),
        "contrast": ((", maar ", False), (", maar ", False), (" maar ", False), (". Maar ", False)),
    },
    "et": {
        "neutral": ((", ", False), (", ", False), (" - ", False), (". ", True), (". ", True),
                    ("! ", True), ("... ", True)),
        "additive": ((" ja ", False), (", ning ", False), (", pealegi ", False), (". Ja ", False),
                     (". Lisaks: ", False)),
        "contrast": ((", aga ", False), (", aga ", False), (" aga ", False), (". Aga ", False)),
    },
    "fr": {"neutral": ((", ", False), (". ", True)), "additive": ((" et ", False),),
           "contrast": ((", mais ", False),)},
    "es": {"neutral": ((", ", False), (". ", True)), "additive": ((" y ", False),),
           "contrast": ((", pero ", False),)},
    "fi": {"neutral": ((", ", False), (". ", True)), "additive": ((" ja ", False),),
           "contrast": ((", mutta ", False),)},
    "sv": {"neutral": ((", ", False), (". ", True)), "additive": ((" och ", False),),
           "contrast": ((", men ", False),)},
}
# Openers (followed by a clause in mid-sentence form); none for "other".
_OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("Honestly, ", "Well, ", "Tbh ", "So "),
    "de": ("Ehrlich gesagt: ", "Also, ", "Naja, "),
    "nl": ("Eerlijk gezegd, ", "Nou, ", "Nouja, "),
    "et": ("Ausalt öeldes, ", "Nojah, ", "Ühesõnaga, "),
    "fr": (), "es": (), "fi": (), "sv": (),
}
# Final punctuation and its probabilities; ":(" becomes ":)" at CES <= 3.
_FINAL_PUNCT = ("", ".", "!", "!!", "...", " :(", " :)")
_FINAL_PUNCT_P = (0.20, 0.55, 0.12, 0.03, 0.06, 0.04, 0.0)

_SUBLANGS = ("en", "de", "nl", "et") + OTHER_SUBLANGS
_CATEGORIES = DRIVERS + ("praise", "complaint", "vague", "neutral") + tuple("neg_" + d for d in DRIVERS)
_CAT_PRAISE, _CAT_COMPLAINT, _CAT_VAGUE, _CAT_NEUTRAL, _CAT_NEG0 = 4, 5, 6, 7, 8
_CAT_NEG_ANY = 12  # pseudo category: the four contiguous negated banks together
# tone of a category: -1 negative (drivers, complaint, vague), +1 positive
# (praise, negated drivers), 0 neutral; index -1 (unused slot) -> 0
_CAT_TONE = np.array([-1, -1, -1, -1, 1, -1, -1, 0, 1, 1, 1, 1, 1, 0], dtype=np.int8)


@functools.lru_cache(maxsize=1)
def _tables() -> dict:
    """Flatten the phrase banks into one string table plus index arrays.

    Table layout: ``[""]``, clauses (mid form), clauses (capitalised),
    connectors, openers, final punctuation.  Built on first use only.
    """
    mid: list[str] = []
    n_lang, n_cat = len(_SUBLANGS), len(_CATEGORIES) + 1
    start = np.zeros((n_lang, n_cat), dtype=np.int64)
    length = np.zeros((n_lang, n_cat), dtype=np.int64)
    for li, lang in enumerate(_SUBLANGS):
        for ci, cat in enumerate(_CATEGORIES):
            bank = _BANKS[lang][cat]
            start[li, ci] = 1 + len(mid)
            length[li, ci] = len(bank)
            mid.extend(bank)
        negs = length[li, _CAT_NEG0:_CAT_NEG0 + 4]
        if len(set(negs.tolist())) != 1:
            raise ValueError(f"negated banks of {lang!r} must have equal length")
        start[li, _CAT_NEG_ANY] = start[li, _CAT_NEG0]
        length[li, _CAT_NEG_ANY] = negs.sum()
    n_clauses = len(mid)
    cap = [x[:1].upper() + x[1:] for x in mid]
    table: list[str] = [""] + mid + cap
    next_cap: list[bool] = [False] * len(table)

    # connectors: per language one block  neutral | additive | contrast
    conn = {key: np.zeros(n_lang, dtype=np.int64)
            for key in ("start", "n_neutral", "n_additive", "n_contrast", "full_stop")}
    for li, lang in enumerate(_SUBLANGS):
        c = _CONNECTORS[lang]
        conn["start"][li] = len(table)
        conn["full_stop"][li] = len(table) + c["neutral"].index((". ", True))
        for key in ("neutral", "additive", "contrast"):
            conn["n_" + key][li] = len(c[key])
            for text, nxt in c[key]:
                table.append(text)
                next_cap.append(nxt)
    open_start = np.zeros(n_lang, dtype=np.int64)
    open_len = np.zeros(n_lang, dtype=np.int64)
    for li, lang in enumerate(_SUBLANGS):
        open_start[li] = len(table)
        open_len[li] = len(_OPENERS[lang])
        table.extend(_OPENERS[lang])
    punct_start = len(table)
    table.extend(_FINAL_PUNCT)
    next_cap.extend([False] * (len(table) - len(next_cap)))
    return {
        "table": np.array(table, dtype=object),
        "n_clauses": n_clauses,
        "start": start,
        "length": length,
        "conn": conn,
        "next_cap": np.array(next_cap, dtype=bool),
        "open_start": open_start,
        "open_len": open_len,
        "punct_start": punct_start,
    }


def _pick(rng: np.random.Generator, probs, size: int) -> np.ndarray:
    """Vectorised categorical draw with fixed probabilities."""
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _pick_rows(rng: np.random.Generator, prob_rows: np.ndarray) -> np.ndarray:
    """Vectorised categorical draw with one probability row per sample."""
    cum = np.cumsum(prob_rows / prob_rows.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(prob_rows))
    return np.minimum((u[:, None] > cum).sum(axis=1), prob_rows.shape[1] - 1)


def _compose(rng: np.random.Generator, lang: np.ndarray, drv: np.ndarray, ces: np.ndarray) -> list[str]:
    """Write one comment per row from sub-language ids, driver matrix and CES."""
    T = _tables()
    n = len(lang)
    start, length, n_cl = T["start"], T["length"], T["n_clauses"]
    k = drv.sum(axis=1)
    has = k > 0
    rows = np.arange(n)

    # --- clause categories, up to 5 slots (4 drivers + 1 extra) -------------
    rank = np.asarray(NARRATIVE_RANK, dtype=float)
    narrative = rng.random(n) < P_NARRATIVE_ORDER
    keys = np.where(narrative[:, None], rank[None, :], rng.random((n, 4)) * 4)
    order = np.argsort(keys + (~drv) * 10.0, axis=1, kind="stable")
    dcat = np.where(np.arange(4)[None, :] < k[:, None], order, -1)

    extra = has & (rng.random(n) < P_EXTRA_CLAUSE)
    front = rng.random(n) < 0.5
    kind = _pick(rng, EXTRA_KIND_PROBS, n)
    absent = np.argmin(rng.random((n, 4)) + drv * 10.0, axis=1)
    extra_cat = np.select([kind == 0, kind == 1], [_CAT_COMPLAINT, _CAT_VAGUE], _CAT_NEG0 + absent)
    extra_cat = np.where((kind == 2) & (k == 4), _CAT_COMPLAINT, extra_cat)

    cat = np.full((n, 5), -1, dtype=np.int64)
    shift = (extra & front).astype(np.int64)
    for j in range(4):
        cat[rows, j + shift] = dcat[:, j]
    pos = np.where(front, 0, k)
    cat[rows[extra], pos[extra]] = extra_cat[extra]
    m = k + extra

    # comments without drivers: 1-2 clauses, tone depends on CES
    tone_group = np.where(ces <= 2, 0, np.where(ces <= 4, 1, 2))
    tone_probs = np.asarray(NONE_TONE_BY_CES)[tone_group]
    tone_cat = np.array([_CAT_PRAISE, _CAT_COMPLAINT, _CAT_VAGUE, _CAT_NEUTRAL, _CAT_NEG_ANY])
    t0 = tone_cat[_pick_rows(rng, tone_probs)]
    t1 = tone_cat[_pick_rows(rng, tone_probs)]
    two = rng.random(n) < P_TWO_NONE_CLAUSES
    # "it took ages" next to "sorted in one call" reads as a contradiction:
    # the vague clause becomes a concrete complaint instead
    t0 = np.where((t0 == _CAT_VAGUE) & (t1 == _CAT_PRAISE) & two, _CAT_COMPLAINT, t0)
    t1 = np.where((t1 == _CAT_VAGUE) & (t0 == _CAT_PRAISE), _CAT_COMPLAINT, t1)
    cat[~has, 0] = t0[~has]
    cat[~has, 1] = np.where(two, t1, -1)[~has]
    m = np.where(has, m, 1 + two)

    # --- clause indices (mid form, 1-based into the table) ------------------
    used = cat >= 0
    c = np.where(used, cat, 0)
    s = start[lang[:, None], c]
    ln = length[lang[:, None], c]
    off = (rng.random((n, 5)) * ln).astype(np.int64)
    # no repeated clause; two negated clauses negate different drivers
    same = used[:, 1] & (cat[:, 1] == cat[:, 0])
    step = np.where(cat[:, 0] == _CAT_NEG_ANY, length[lang, _CAT_NEG0], 1)
    clash = same & ((off[:, 1] == off[:, 0]) | ((cat[:, 0] == _CAT_NEG_ANY) & (off[:, 1] // step == off[:, 0] // step)))
    off[clash, 1] = (off[clash, 0] + step[clash]) % ln[clash, 1]
    clause = np.where(used, s + off, 0)

    # --- connectors, by the tones of the two clauses they join -------------
    tone = _CAT_TONE[cat]  # cat == -1 picks the last entry (0)
    left, right = tone[:, :4], tone[:, 1:]
    C = T["conn"]
    cs, nn, na, nc = (C[x][lang][:, None] for x in ("start", "n_neutral", "n_additive", "n_contrast"))
    u = rng.random((n, 4))
    contrast = (left * right == -1) & (rng.random((n, 4)) < P_CONTRAST_CONNECTOR)
    additive_ok = (left == right) & (left != 0)
    conn = np.where(
        contrast,
        cs + nn + na + (u * nc).astype(np.int64),
        cs + (u * np.where(additive_ok, nn + na, nn)).astype(np.int64),
    )
    brk = ~contrast & (rng.random((n, 4)) < P_BREAK_CONNECTOR)
    conn = np.where(brk, C["full_stop"][lang][:, None], conn)
    gap_used = np.arange(1, 5)[None, :] < m[:, None]
    conn = np.where(gap_used, conn, 0)

    # --- openers, capitalisation, final punctuation -------------------------
    olen = T["open_len"][lang]
    opener_on = (olen > 0) & (rng.random(n) < P_OPENER)
    opener = np.where(opener_on, T["open_start"][lang] + (rng.random(n) * np.maximum(olen, 1)).astype(np.int64), 0)
    capital = np.empty((n, 5), dtype=bool)
    capital[:, 0] = ~opener_on
    capital[:, 1:] = T["next_cap"][conn]
    clause = np.where(used & capital, clause + n_cl, clause)

    punct = _pick(rng, _FINAL_PUNCT_P, n)
    punct = np.where((punct == 5) & (ces <= 3), 6, punct)
    punct = T["punct_start"] + punct

    pieces = np.empty((n, 11), dtype=np.int64)
    pieces[:, 0] = opener
    pieces[:, 1] = clause[:, 0]
    for j in range(1, 5):
        pieces[:, 2 * j] = conn[:, j - 1]
        pieces[:, 2 * j + 1] = clause[:, j]
    pieces[:, 10] = punct
    out = ["".join(r) for r in T["table"][pieces].tolist()]

    for i in np.flatnonzero(rng.random(n) < P_LOWERCASE).tolist():
        out[i] = out[i].lower()
    return out


def generate_export(
    n_rows: int = 5000,
    seed: int = 42,
    start: str = "2025-01-01",
    days: int = 365,
    with_truth: bool = False,
) -> pd.DataFrame:
    """Generate a demo CES survey export (see the module docstring).

    Parameters
    ----------
    n_rows:
        Number of responses (>= 0).
    seed:
        Seed for :func:`numpy.random.default_rng`; same seed and arguments
        give an identical DataFrame.
    start:
        First possible submission date, ISO "YYYY-MM-DD".
    days:
        Length of the period in days (>= 1); dates are ``start`` ..
        ``start + days - 1``.
    with_truth:
        Also return ``true_lang`` and ``true_drivers`` (ground truth).

    Returns
    -------
    pandas.DataFrame with columns response_id, submitted_at, channel, team,
    ces, comment[, true_lang, true_drivers]; one row per response, sorted by
    date.
    """
    n = int(n_rows)
    if n < 0:
        raise ValueError("n_rows must be >= 0")
    if int(days) < 1:
        raise ValueError("days must be >= 1")
    days = int(days)
    rng = np.random.default_rng(seed)

    # 1. dates (weekday-weighted), sorted; t in [0, 1]
    day0 = np.datetime64(start, "D")
    all_days = day0 + np.arange(days)
    weekday = (all_days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    w = np.asarray(WEEKDAY_WEIGHTS)[weekday]
    day_idx = np.sort(rng.choice(days, size=n, p=w / w.sum()))
    t = day_idx / max(days - 1, 1)
    date_str = np.datetime_as_string(all_days, unit="D").astype(object)[day_idx]

    # 2. channel and team
    ch = _pick(rng, CHANNEL_SHARES, n)
    team = _pick_rows(rng, np.asarray(TEAM_GIVEN_CHANNEL)[ch])

    # 3. latent drivers
    logit = (np.asarray(DRIVER_BASE_LOGIT)[None, :]
             + np.asarray(DRIVER_TEAM_EFFECT).T[team]
             + np.asarray(DRIVER_CHANNEL_EFFECT).T[ch]
             + rng.normal(0.0, LATENT_SD, size=(n, 1)))
    logit[:, 2] += TRANSFER_STEP / (1.0 + np.exp(-TRANSFER_STEP_STEEPNESS * (t - 0.5)))
    logit[:, 3] += REPEAT_CONTACT_SLOPE * t
    drv = rng.random((n, 4)) < 1.0 / (1.0 + np.exp(-logit))

    # 4. CES from drivers
    mu = CES_BASE + drv @ np.asarray(CES_DRIVER_EFFECT)
    ces = np.clip(np.rint(mu + rng.normal(0.0, CES_NOISE_SD, n)), 1, 7).astype(np.int64)

    # 5. empty comments, 6. language
    empty = rng.random(n) < np.asarray(P_EMPTY_BY_CES)[ces - 1]
    lang5 = _pick(rng, LANGUAGE_SHARES, n)
    sub = np.where(lang5 < 4, lang5, 4 + rng.integers(0, len(OTHER_SUBLANGS), n))

    # 7. text
    comment = np.empty(n, dtype=object)
    ne = np.flatnonzero(~empty)
    comment[ne] = _compose(rng, sub[ne], drv[ne], ces[ne])
    comment[empty] = np.asarray(EMPTY_VARIANTS, dtype=object)[rng.integers(0, len(EMPTY_VARIANTS), int(empty.sum()))]

    data = {
        "response_id": np.array([f"R{i:06d}" for i in range(1, n + 1)], dtype=object),
        "submitted_at": date_str,
        "channel": np.asarray(CHANNELS, dtype=object)[ch],
        "team": np.asarray(TEAMS, dtype=object)[team],
        "ces": ces,
        "comment": comment,
    }
    if with_truth:
        lang_names = np.asarray(LANGUAGES, dtype=object)[lang5]
        lang_names[empty] = ""
        combos = np.array([";".join(d for b, d in enumerate(DRIVERS) if code >> b & 1)
                           for code in range(16)], dtype=object)
        code = drv.astype(np.int64) @ (1 << np.arange(4))
        code[empty] = 0
        data["true_lang"] = lang_names
        data["true_drivers"] = combos[code]
    return pd.DataFrame(data)
