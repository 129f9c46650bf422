"""How the pictures look, shared by the HTML page and the static drawing: colours and short labels."""
from __future__ import annotations

# One colour per node type (Okabe-Ito: tells apart for most colour-blind readers too).
TYPE_COLOURS = {
    "player": "#0072B2",
    "resource": "#E69F00",
    "platform": "#009E73",
    "technology": "#CC79A7",
    "development": "#D55E00",
    "region": "#8C6D31",
}
TYPE_NAMES = {"player": "Player", "resource": "Resource", "platform": "Platform",
              "technology": "Technology", "development": "Development", "region": "Region"}
# Soft colours for the clusters drawn behind the nodes.
COMMUNITY_COLOURS = ["#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948",
                     "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC", "#86BCB6", "#D37295"]
# How an edge reads from its subject, and from its object.
RELATION_NAMES = {"targets": ("targets", "targeted by"),
                  "collaborates": ("collaborates with", "collaborates with"),
                  "develops": ("develops", "developed by"),
                  "participant": ("involves", "takes part in"),
                  "concerns": ("concerns", "concerned by")}
MAX_LABEL = 28


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
