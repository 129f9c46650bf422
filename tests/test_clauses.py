"""Who a clause is about (spacekg/extract/clauses.py): references back to a player and the players
a clause credits, on small invented texts."""
from spacekg.extract.reader import read_text


def extract(extractor, text, name="text.txt"):
    return extractor.extract(read_text(text, name=name))


def test_opening_possessive_is_the_last_player(extractor):
    ex = extract(extractor, "Rookery Space builds orbital tugs. Its first tug, Kestrel, will haul a refueling "
                            "payload built by Tamsin Energy to lunar orbit in 2029.")
    assert {frozenset(c.players) for c in ex.collaborations} == {frozenset({"Rookery Space", "Tamsin Energy"})}
    ex = extract(extractor, "Rookery Space builds orbital tugs. Its customers include the Varne Space Agency.")
    assert {frozenset(c.players) for c in ex.collaborations} == {frozenset({"Rookery Space", "Varne Space Agency"})}


def test_a_beneficiary_does_not_build_and_a_conjoined_verb_shares_its_subject(extractor):
    ex = extract(extractor, "Rookery Space builds autonomous haul trucks and won a contract from the Varne Space "
                            "Agency to deliver two of them to the Moon in 2029.")
    assert {(t.player, tuple(t.platforms)) for t in ex.targets} >= {("Rookery Space", ("Moon",))}
    ex = extract(extractor, "Rookery Space builds drills for Tamsin Energy's lunar rover.")
    found = {(t.player, t.technology) for t in ex.technologies}
    assert ("Rookery Space", "drills") in found and ("Tamsin Energy", "drills") not in found


def test_the_company_after_a_heading_is_the_page_subject(extractor):
    text = ("# Corran Lunar Industries\n\nCorran Lunar Industries builds landers for the lunar south pole.\n\n"
            "## History\n\nIn 2021 the company won a contract from the Andean Space Agency to study a polar "
            "ice prospecting mission.\n")
    ex = extract(extractor, text, "corran.md")
    assert frozenset({"Corran Lunar Industries", "Andean Space Agency"}) in {frozenset(c.players)
                                                                              for c in ex.collaborations}


def test_their_beside_we_is_the_partner(extractor):
    text = ("Maya Chen\nFounder & CEO at Quarrel Robotics | Building the robots that will mine the Moon\n2d\n\n"
            "We've signed a partnership with Arbor Space to put our ice-mining rover on their lander in 2028.\n")
    ex = extract(extractor, text, "post.txt")
    assert {frozenset(c.players) for c in ex.collaborations} == {frozenset({"Quarrel Robotics", "Arbor Space"})}
    found = {(t.player, t.technology) for t in ex.technologies}
    assert ("Quarrel Robotics", "ice-mining rover") in found and ("Arbor Space", "lander") in found


def test_it_in_what_an_agency_says_is_that_agency(extractor):
    text = ("Rookery Space builds orbital tugs. The Varne Space Agency said that it had signed a letter of intent "
            "with Rookery Space and Tamsin Energy.")
    ex = extract(extractor, text)
    pairs = {frozenset(c.players) for c in ex.collaborations}
    assert frozenset({"Varne Space Agency", "Tamsin Energy"}) in pairs
    assert frozenset({"Rookery Space", "Tamsin Energy"}) in pairs          # the parties of one letter


def test_suppliers_of_its_lander_do_not_get_its_target(extractor):
    ex = extract(extractor, "The Varne Space Agency announced that cameras for its lunar lander had been shipped "
                            "from Tamsin Optics to Rookery Space.")
    assert {t.player for t in ex.targets} <= {"Varne Space Agency"}
    assert {t.player for t in ex.technologies} <= {"Varne Space Agency"}
