"""One invented report with geography (home regions, unnamed counterparties, developments that
concern regions, stored and expected dates), as hand-written facts for the network, picture and
map tests. Every company here is invented."""
from __future__ import annotations

from pathlib import Path

from handmade import store_of_facts
from spacekg.extract.facts import Collaboration, Development, Evidence, Extraction, Player, Target, TechnologyUse
from spacekg.graph.store import Store


def ev(text: str, start: int) -> Evidence:
    return Evidence(text, start, start + len(text), "test")


def geography_extraction() -> Extraction:
    ex = Extraction("geo-lunar.txt", title="Lunar Mining Market in Asia")
    ex.players = [Player("Pellucid Regolith", based_in=["Japan"]), Player("Varrow Astrometals", based_in=["Luxembourg"]),
                  Player("Ombra Excavation", based_in=["Japan"]), Player("Quillfeather Orbital")]
    ex.counterparties = [Player("consortium in Brazil", kind="generic", based_in=["Brazil"], generic=True),
                         Player("aerospace suppliers in Brazil", kind="generic", based_in=["Brazil"], generic=True)]
    ex.targets = [
        Target("Pellucid Regolith", ["Water/Ice"], ["Moon"], ev("Pellucid Regolith wants lunar ice.", 100)),
        Target("Varrow Astrometals", ["Platinum Group Metals"], ["Asteroids"],
               ev("Varrow Astrometals prospects asteroid platinum.", 200)),
        Target("Ombra Excavation", ["Regolith"], ["Moon"], ev("Ombra Excavation digs lunar regolith.", 300)),
        Target("Quillfeather Orbital", ["Water/Ice"], ["Asteroids"], ev("Quillfeather Orbital eyes asteroid water.", 400)),
    ]
    ex.collaborations = [Collaboration(("Pellucid Regolith", "Ombra Excavation"),
                                       ev("Pellucid Regolith teamed up with Ombra Excavation.", 500))]
    ex.counterparty_links = [Collaboration(("Varrow Astrometals", "consortium in Brazil"),
                                           ev("Varrow Astrometals partnered with a consortium in Brazil.", 600))]
    ex.technologies = [TechnologyUse("Ombra Excavation", "excavation robots",
                                     ev("Ombra Excavation builds excavation robots.", 700))]
    ex.developments = [
        # the stored date (2027) differs from the first year the text names (2031): the label uses the stored one
        Development(["Varrow Astrometals"], "Varrow Astrometals partnered with a consortium in Brazil for a 2031 survey.",
                    "2027", ev("Varrow Astrometals partnered with a consortium in Brazil for a 2031 survey.", 600),
                    {"platform": ["Asteroids"], "region": ["Brazil"]}, counterparties=["consortium in Brazil"]),
        Development(["Pellucid Regolith"], "Pellucid Regolith will launch a lunar prospector, expected by 2030.", None,
                    ev("Pellucid Regolith will launch a lunar prospector, expected by 2030.", 800),
                    {"platform": ["Moon"], "region": ["Japan"]}, expected_date="2030"),
        Development(["Ombra Excavation"], "Ombra Excavation raised funding from aerospace suppliers in Brazil.", "2026-05",
                    ev("Ombra Excavation raised funding from aerospace suppliers in Brazil.", 900),
                    {"region": ["Brazil"]}, counterparties=["aerospace suppliers in Brazil"]),
    ]
    ex.regions = ["Japan"]
    return ex


def geography_store(path: Path) -> Store:
    return store_of_facts(path, [geography_extraction()])
