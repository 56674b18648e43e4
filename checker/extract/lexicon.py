"""Word lists the rule-based extractors share, French then English. Lemmas, lower case."""

from __future__ import annotations

# Verbs that introduce reported speech or a stance: their subject is the claim's speaker.
REPORTING = {
    "fr": {
        "déclarer", "dire", "affirmer", "souligner", "préciser", "ajouter", "indiquer", "annoncer",
        "expliquer", "estimer", "juger", "assurer", "insister", "mentionner", "noter", "confirmer",
        "lancer", "répondre", "rappeler", "reconnaître", "nier", "démentir", "commenter", "réitérer",
        "prévenir", "avertir", "qualifier", "accuser", "critiquer", "dévoiler", "révéler", "admettre",
        "observer", "relever", "constater", "conclure", "promettre", "menacer", "démentir", "saluer",
        "regretter", "dénoncer", "avancer", "marteler", "soutenir", "prétendre", "confier", "écrire",
        "tweeter", "évoquer", "faire", "mettre", "signaler", "rapporter", "rétorquer", "plaider",
    },
    "en": {
        "say", "tell", "state", "add", "announce", "claim", "stress", "note", "confirm", "deny",
        "explain", "insist", "warn", "argue", "report", "accuse", "call", "describe", "reveal",
        "admit", "acknowledge", "declare", "write", "tweet", "comment", "suggest",
    },
}
# « faire savoir », « mettre en garde »: only with these next words.
REPORTING_NEEDS = {"faire": ("savoir",), "mettre": ("garde",), "call": ("it",)}

NEGATION_WORDS = {"pas", "jamais", "guère", "point", "aucun", "aucune", "rien", "nullement", "not", "n't", "never", "neither", "nor"}
# Verbs whose complement is denied: « a refusé de signer », "declined to sign".
REFUSAL = {
    "refuser", "décliner", "rejeter", "opposer", "nier", "démentir", "renoncer", "exclure",
    "refuse", "decline", "reject", "oppose", "deny", "rule",
}
HEDGES = {
    "fr": ("peu probable", "probablement", "devrait", "devraient", "pourrait", "pourraient", "semble", "sembl",
           "selon des sources", "aurait", "auraient", "éventuel", "possible", "rumeur"),
    "en": ("likely", "unlikely", "may ", "might", "could", "reportedly", "would", "appears", "seems", "rumour", "rumor"),
}

# Cross-language canonical predicates, so "sign" and « signer » meet.
PREDICATE_CANON = {
    "sign": "signer", "decline": "décliner", "announce": "annoncer", "adopt": "adopter", "hold": "tenir",
    "meet": "rencontrer", "say": "dire", "end": "achever", "host": "organiser", "organize": "organiser",
    "organise": "organiser", "agree": "accepter", "refuse": "refuser", "reject": "rejeter", "attend": "participer",
    "invest": "investir", "flow": "investir", "call": "appeler", "approve": "approuver", "launch": "lancer",
    "accueillir": "organiser", "conclure": "achever", "clore": "achever", "terminer": "achever",
    "acquérir": "racheter", "acheter": "racheter", "buy": "racheter", "acquire": "racheter", "purchase": "racheter",
    "absorb": "absorber", "win": "remporter", "gagner": "remporter", "beat": "battre", "defeat": "battre",
    "vaincre": "battre", "sentence": "condamner", "convict": "condamner", "elect": "élire",
    "deliver": "livrer", "receive": "recevoir", "confirm": "confirmer", "build": "construire", "lead": "diriger",
    "pay": "payer", "verser": "payer", "award": "accorder", "grant": "accorder", "visit": "visiter", "sue": "poursuivre",
    "kill": "tuer", "injure": "blesser", "evacuate": "évacuer", "open": "ouvrir", "close": "fermer", "finish": "achever",
    "postpone": "reporter", "delay": "reporter", "cancel": "annuler", "arrest": "arrêter", "rule": "statuer",
}

EVENT_TYPES = (  # first match in this order wins: the more specific events first
    ("ceasefire", {"cessez-le-feu", "trêve", "ceasefire", "truce"}),
    ("call", {"appel", "téléphone", "téléphonique", "call", "phone"}),
    ("summit", {"sommet", "summit", "édition"}),
    ("declaration", {"déclaration", "declaration"}),
    ("signing", {"signer", "signature", "accord", "traité", "sign", "agreement", "treaty"}),
    ("acquisition", {"rachat", "racheter", "acquisition", "acquérir", "offre", "takeover", "buy",
                     "acquire", "merger", "transaction"}),
    ("disaster", {"crue", "inondation", "tempête", "séisme", "incendie", "ouragan", "cyclone", "intempérie",
                  "épisode", "catastrophe", "flood", "storm", "earthquake", "wildfire", "hurricane"}),
    ("alert", {"vigilance", "alerte", "alert", "warning", "évacuation", "evacuation", "confinement", "lockdown"}),
    ("match", {"match", "classique", "derby", "finale", "score", "victoire", "défaite", "battre", "game", "goal",
               "victory", "defeat", "beat"}),
    ("vote", {"vote", "voter", "scrutin", "motion", "amendement", "adopter", "approuver", "ballot", "adopt",
              "approve", "referendum", "référendum"}),
    ("meeting", {"rencontre", "réunion", "entretien", "pourparlers", "consultation", "discussion", "négociation",
                 "dialogue", "talks", "meeting", "negotiation", "round", "rendez-vous", "conférence", "visite", "visit"}),
    ("investment", {"investissement", "investir", "milliard", "investment", "billion"}),
    ("announcement", {"annonce", "annoncer", "announcement", "announce"}),
    ("sanctions", {"sanction", "sanctions"}),
    ("election", {"élection", "scrutin", "election", "vote"}),
)

# Markers that an event is not the one reported elsewhere, or which one of a series it is.
EVENT_MARKERS = {
    "autre": "other", "another": "other", "other": "other",
    "prochain": "next", "prochaine": "next", "next": "next", "nouveau": "new", "nouvelle": "new", "new": "new",
    "premier": "first", "première": "first", "first": "first",
    "deuxième": "second", "second": "second", "seconde": "second",
    "troisième": "third", "third": "third",
    "précédent": "previous", "précédente": "previous", "previous": "previous", "dernier": "last", "last": "last",
}

# Order cues between two event anchors in a sentence: (cue, anchors in text order are (earlier, later)?)
ORDER_CUES = {
    "avant": True, "before": True, "puis": True, "ensuite": True, "then": True, "suivi": True, "followed": True,
    "après": False, "after": False, "following": False,
}

# Demonyms and metonyms -> the country they stand for (participants of an event).
PARTICIPANTS = {
    "russe": "RU", "russes": "RU", "russie": "RU", "moscou": "RU", "kremlin": "RU", "russo": "RU", "russian": "RU",
    "russia": "RU", "moscow": "RU",
    "américain": "US", "américaine": "US", "américains": "US", "américaines": "US", "états-unis": "US",
    "washington": "US", "maison blanche": "US", "american": "US", "united states": "US", "us": "US",
    "ukraine": "UA", "ukrainien": "UA", "ukrainienne": "UA", "ukrainiens": "UA", "kiev": "UA", "kyiv": "UA",
    "ukrainian": "UA",
    "français": "FR", "française": "FR", "france": "FR", "élysée": "FR", "french": "FR",
    "britannique": "GB", "royaume-uni": "GB", "london": "GB", "londres": "GB", "british": "GB", "united kingdom": "GB",
    "chinois": "CN", "chine": "CN", "pékin": "CN", "chinese": "CN", "china": "CN",
    "indien": "IN", "inde": "IN", "india": "IN", "indian": "IN",
    "saoudien": "SA", "saoudienne": "SA", "saudi": "SA",
    "européen": "EU", "européens": "EU", "européenne": "EU", "ue": "EU", "europe": "EU", "eu": "EU",
    "serbe": "RS", "serbie": "RS", "syrien": "SY", "syriennes": "SY", "syrie": "SY",
}

# Head nouns of titles: « le porte-parole » resolves to the person the article gave that title.
TITLE_HEADS = {
    "porte-parole", "président", "présidente", "ministre", "ambassadeur", "ambassadrice", "conseiller",
    "conseillère", "envoyé", "envoyée", "secrétaire", "chef", "vice-président", "directeur", "directrice",
    "dirigeant", "chancelier", "chancelière", "premier", "gouverneur", "maire", "locataire", "spokesman",
    "spokeswoman", "spokesperson", "president", "minister", "ambassador", "adviser", "advisor", "envoy",
}

STOPWORDS = {
    "fr": set(
        "le la les l un une des du de d au aux à a et ou en dans sur pour par avec sans sous entre vers chez "
        "ce cet cette ces se sa son ses leur leurs nos notre vos votre il elle ils elles on nous vous je tu "
        "qui que qu quoi dont où ne n pas plus très être avoir été est sont était ont fait faire comme mais "
        "donc or ni car si tout tous toute toutes aussi ainsi alors y lui eux même selon après avant depuis "
        "lors cela ça ceci celui celle ceux celles déjà encore toujours".split()
    ),
    "en": set(
        "the a an and or of to in on at for by with from as is are was were be been has have had it its "
        "this that these those he she they we you i not no but so if then than also which who whom whose "
        "will would can could should may might".split()
    ),
}

# Words of time: they name when, not what, so two claims do not share an event by sharing them.
TIME_WORDS = set(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche matin soir nuit journée semaine mois année an heure "
    "aujourd'hui hier demain january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday morning evening night week month year "
    "today yesterday".split()
)

# « a démenti X » is « n'a pas confirmé X »: antonyms mapped to (predicate, negated).
ANTONYMS = {
    "démentir": ("confirmer", True), "nier": ("confirmer", True), "deny": ("confirmer", True),
    "infirmer": ("confirmer", True), "rejeter": ("adopter", True), "reject": ("adopter", True),
    "refuser": ("accepter", True), "decline": ("accepter", True), "échouer": ("réussir", True),
    "perdre": ("gagner", True), "lose": ("gagner", True), "win": ("gagner", False),
    "approve": ("approuver", False), "confirm": ("confirmer", False), "adopt": ("adopter", False),
}
