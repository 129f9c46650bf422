"""Regenerate asteroid-mining-market-brief.pdf (a devset document with a real text layer).

Not run by the tests: the PDF itself is committed. Needs `pip install reportlab`.
"""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer

HERE = Path(__file__).parent
S = getSampleStyleSheet()

CONTENT = [
    ("h1", "Asteroid Mining Market Brief 2025"),
    ("p", "Deep Horizon Analytics | Industry Brief | June 2025"),
    ("h2", "1. Executive Summary"),
    ("p", "The asteroid mining market stood at USD 890 million in 2025 and is forecast to climb to USD 3.4 billion "
          "by 2032, a compound annual growth rate (CAGR) of 21.1% between 2025 and 2032. Spending is still dominated "
          "by prospecting missions, but the first extraction demonstrations are expected before the end of the decade."),
    ("h2", "2. Market Drivers"),
    ("p", "Metal-rich asteroids contain iron, nickel and platinum group metals in concentrations far above those of "
          "terrestrial ores. Carbonaceous asteroids hold water that can be turned into propellant for spacecraft "
          "already in orbit. Cheaper launches and small spacecraft have cut the cost of a prospecting mission to a "
          "few tens of millions of dollars."),
    ("h2", "3. Key Players"),
    ("p", "The key players profiled in this brief include Vesta Minerals Corp., Celerity Orbital, Metallon Space, "
          "Pallas Survey Systems and Juno Extraction Ltd."),
    ("pb", ""),
    ("h2", "4. Company Developments"),
    ("p", "In May 2025, Metallon Space completed ground tests of its optical mining system, which uses concentrated "
          "sunlight to drill into water-rich carbonaceous asteroids and capture the released volatiles."),
    ("p", "Pallas Survey Systems and Celerity Orbital announced a partnership to launch a constellation of "
          "prospecting smallsats that will survey near-Earth asteroids for platinum group metals by 2028."),
    ("p", "Vesta Minerals Corp. is developing an inflatable capture bag that can enclose a small asteroid of up to "
          "ten meters across, so that its material can be processed without anchoring to the surface."),
    ("h2", "5. Outlook"),
    ("p", "Investors expect consolidation once the first prospecting results are published. Companies that combine "
          "survey data with extraction hardware will be best placed to win government contracts."),
    ("list", ["Prospecting will remain the largest phase by spending through 2028.",
              "Water is likely to be the first asteroid resource sold, as propellant in orbit."]),
]


def build(path: Path = HERE / "asteroid-mining-market-brief.pdf") -> None:
    story = []
    for kind, text in CONTENT:
        if kind == "h1":
            story.append(Paragraph(text, S["Title"]))
        elif kind == "h2":
            story.append(Paragraph(text, S["Heading2"]))
        elif kind == "pb":
            story.append(PageBreak())
        elif kind == "list":
            story.append(ListFlowable([ListItem(Paragraph(t, S["BodyText"])) for t in text], bulletType="bullet"))
        else:
            story.append(Paragraph(text, S["BodyText"]))
        story.append(Spacer(1, 6))

    def footer(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(40, 20, f"Deep Horizon Analytics - Asteroid Mining Market Brief - page {doc.page}")

    SimpleDocTemplate(str(path), pagesize=A4, title="Asteroid Mining Market Brief 2025",
                      invariant=1).build(story, onFirstPage=footer, onLaterPages=footer)


if __name__ == "__main__":
    build()
