"""How the pictures look, shared by the HTML page and the static drawing: colours and short labels."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from ..queries.network import UNNAMED

# One colour per node type (Okabe-Ito, and dark grey for events). Developments were vermillion
# beside the orange of resources: in a deuteranopia simulation (Machado 2009) the two were 18
# CIELAB units apart; dark grey is 58 from orange under every simulated deficiency, and no pair of
# these colours comes closer than 17 (player blue and platform green under tritanopia).
# Developments are also drawn as squares, so shape tells them apart without colour. Unnamed
# counterparties ("a consortium in China") are sky blue, a lighter player, and drawn as diamonds:
# sky blue is at least 16 units from every other colour under each simulated deficiency.
TYPE_COLOURS = {
    "player": "#0072B2",
    "counterparty": "#56B4E9",
    "resource": "#E69F00",
    "platform": "#009E73",
    "technology": "#CC79A7",
    "development": "#555555",
    "region": "#8C6D31",
}
SQUARE_TYPES = {"development"}
DIAMOND_TYPES = {"counterparty"}
TYPE_NAMES = {"player": "Player", "counterparty": "Unnamed counterparty", "resource": "Resource",
              "platform": "Platform", "technology": "Technology", "development": "Development", "region": "Region"}
# Soft colours for the clusters drawn behind the nodes.
COMMUNITY_COLOURS = ["#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948",
                     "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC", "#86BCB6", "#D37295"]
# How an edge reads from its subject, and from its object.
RELATION_NAMES = {"targets": ("targets", "targeted by"),
                  "collaborates": ("collaborates with", "collaborates with"),
                  "develops": ("develops", "developed by"),
                  "works_with": ("works with", "works with"),
                  "based_in": ("based in", "home of"),
                  "participant": ("involves", "takes part in"),
                  "concerns": ("concerns", "concerned by")}
# Line styles: what the solid, dashed and dotted lines mean (legends of the page and the pictures).
LINE_STYLES = [("solid", "a player's link: targets, collaborates with, works with, develops, takes part in"),
               ("dashed", "what a development concerns"),
               ("dotted", "where a player is based")]
RELATION_LINES = {"concerns": "dashed", "based_in": "dotted"}     # any other relation: solid
MAX_LABEL = 28
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def short_label(label: str, limit: int = MAX_LABEL) -> str:
    """A label cut to fit beside a node ("Selenara Robotics began prototyping…")."""
    text = " ".join(label.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def community_colour(index: int | None) -> str:
    return COMMUNITY_COLOURS[(index or 0) % len(COMMUNITY_COLOURS)]


@lru_cache(maxsize=1)
def _development_kinds() -> list[tuple[str, tuple[str, ...]]]:
    text = resources.files("spacekg.viz").joinpath("development_kinds.yaml").read_text("utf-8")
    return [(kind, tuple(w.lower() for w in words)) for kind, words in yaml.safe_load(text)["kinds"]]


def development_kind(text: str) -> str:
    """What happened, in one word ("collaboration", "funding", ...) from the development's text."""
    lowered = " " + " ".join(text.lower().split())
    for kind, words in _development_kinds():
        if any(f" {w}" in lowered or f"-{w}" in lowered or f"({w}" in lowered for w in words):
            return kind
    return "development"


def development_label(text: str, date: str | None = None, expected: str | None = None) -> str:
    """A development's name in a picture: what happened and when ("collaboration, 2029"), not the
    first words of its sentence. The date is the stored one (sm:date), else the date it is
    expected by ("launch, expected 2029", sm:expectedDate), else the first year the text names."""
    if date:
        when = str(date)
    elif expected:
        when = f"expected {expected}"
    else:
        when = m.group(0) if (m := _YEAR.search(text)) else ""
    kind = development_kind(text)
    return f"{kind}, {when}" if when else kind


def line_style(relation: str) -> str:
    """"solid", "dashed" or "dotted": how an edge of this relation is drawn."""
    return RELATION_LINES.get(relation, "solid")


def node_short_label(data: dict, limit: int = MAX_LABEL) -> str:
    """The label drawn beside a node: a development's kind and date, an unnamed counterparty's
    name cut short but always with its "(unnamed)", anything else its cut label."""
    if data.get("type") == "development":
        return development_label(data.get("text") or data.get("label", ""), data.get("date"),
                                 data.get("expected"))
    label = data["label"]
    if data.get("type") == "counterparty" and label.endswith(UNNAMED):
        # "consortium in Brazil (unnamed)": its place is most of what is known of it, so it gets
        # the room of a whole label besides its mark
        return short_label(label[: -len(UNNAMED)], limit + 4) + UNNAMED
    return short_label(label, limit)
