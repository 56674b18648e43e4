"""Which stage of a changing count a sentence gives its figures as (``count_stage``), and that the claim carries it."""

from __future__ import annotations

import pytest

from checker.extract import extract_article
from checker.extract.events import count_stage
from checker.models import Article


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Selon un premier bilan, au moins 1 800 appels d'urgence n'ont pas abouti.", ["provisional"]),
        ("Le bilan s’est alourdi à quatorze morts.", ["updated"]),  # a typographic apostrophe too
        ("Le bilan a été revu à la hausse : 2 750 hectares ont été touchés.", ["updated"]),
        ("Revu à la hausse par rapport au premier bilan, il atteint 14 morts.", ["updated"]),  # both: the update
        ("The latest toll stands at 12 dead, officials said.", ["updated"]),
        ("La direction a réévalué jeudi le coût de la grève à 1,5 million d'euros.", ["updated"]),
        ("An initial count put the number of flights cancelled at 60.", ["provisional"]),
        ("Le Premier ministre a rendu visite aux blessés.", []),
        ("Le dernier train est parti à 22 heures.", []),  # « dernier » without a count
        ("Deux marins ont été blessés, dont un grièvement.", []),
        # a figure set against an earlier one
        ("Le ministère dénombre 4 300 appels, contre 1 800 annoncés mardi en fin d'après-midi.", ["updated"]),
        ("Le groupe a relevé jeudi son offre à 340 millions d'euros, au lieu des 310 millions annoncés.", ["updated"]),
        ("La station a enregistré 44,3 °C, et non 44,1 °C comme annoncé provisoirement.", ["updated"]),
        ("The toll reached 4,300, up from 1,800.", ["updated"]),
        ("Une valeur encore provisoire de 44,1 °C a été relevée.", ["provisional"]),
        # a count said to be where it now stands
        ("Quatorze enfants ont désormais été hospitalisés après avoir pris le sirop.", ["updated"]),
        ("Quatorze personnes, dont quatre salariés du site, ont finalement été hospitalisées.", ["updated"]),
        ("Fourteen children have now been treated in hospital.", ["updated"]),
        # « contre » of a vote, a score or a stance sets no figure against an earlier one
        ("Le texte a été adopté par 25 voix contre 12.", []),
        ("Le club s'est imposé 3 buts contre 1 samedi.", []),
        ("Ils protestent contre la fermeture de 3 classes annoncée mardi.", []),
    ],
)
def test_extract_events_count_stage(text, stage):
    assert count_stage(text) == stage


def test_extract_events_claim_carries_its_count_stage():
    text = "Selon le dernier bilan de la préfecture, trois marins ont été blessés."
    (claim,) = extract_article(Article(id="a.txt", text=text, content_hash=Article.hash_text(text), language="fr"))
    assert "updated" in claim.event_markers
