"""Unit tests of the twenty-first round of issue 22 (written from error classes of new private sets of
real pages, read after they were scored). Every sentence here is invented for the test, and so is every
name."""
from __future__ import annotations

from test_rules import covers, lex, parse, span_of  # noqa: F401  (fixtures and the registry check)
from test_rules_unseen import extract, players

from spacekg.extract import clauses as K
from spacekg.extract.vetoes import titled_role_before


def technologies(out) -> set[tuple[str, str]]:
    return {(t.player, t.technology) for t in out.technologies}


def collaborations(out) -> set[frozenset[str]]:
    return {frozenset(c.players) for c in out.collaborations}


AWARDS = ("Lunar news\n"
          "The Harbor Space Agency recently selected 4 proposals to develop technologies for lunar ice mining.\n\n"
          "Every grant is worth $80,000, and the work will take six months.\n\n"
          "Tarn Orbital Corporation of Lima will develop the Ice Collector, a cold trap for collecting water.\n\n"
          "Bluefen, LLC of Quito, is developing a reactor for heating lunar regolith.\n\n"
          "Korvel Labs and the University of Tarnfield have teamed up on propellant purity rules.\n\n"
          "Velmora Robotics, which sells drills, will supply parts to all of them.\n")


def test_a_counted_choice_is_read_from_digits_and_number_words(parse, lex):
    def count(text):
        return next((K.chosen_count(s, lex) for s in parse(text)[0][1].sents), None)
    assert count("The agency selected 10 proposals to develop drills.\n") == 10
    assert count("The agency has picked three companies to build landers.\n") == 3
    assert count("The agency selected several companies to build landers.\n") is None
    assert count("Tarn has chosen Velmora Lunar to deliver its drill, the two companies announced.\n") is None


@covers("collaboration_chosen_newcomer")
def test_an_award_announcements_winners_described_one_by_one_are_its_partners(extractor):
    out = extract(extractor, AWARDS)
    pairs = collaborations(out)
    for winner in ("Tarn Orbital", "Bluefen", "Korvel Labs", "University of Tarnfield"):
        assert frozenset({"Harbor Space Agency", winner}) in pairs, winner
    assert frozenset({"Harbor Space Agency", "Velmora Robotics"}) not in pairs    # the fifth: only four were chosen
    said = {c.evidence.rule for c in out.collaborations if "Bluefen" in c.players}
    assert said == {"collaboration_chosen_newcomer"}


def test_a_player_named_before_the_announcement_is_no_winner_of_it(extractor):
    out = extract(extractor, "Lunar news\nTarn Orbital builds drills for the Moon.\n\n"
                             "The Harbor Space Agency recently selected 4 proposals to develop ice mining tools.\n\n"
                             "Tarn Orbital will build a new drill for its own lander next year.\n")
    assert frozenset({"Harbor Space Agency", "Tarn Orbital"}) not in collaborations(out)


@covers("veto_commissioner_technology")
def test_the_agency_that_pays_an_unnamed_maker_is_not_credited_with_the_technology(extractor):
    out = extract(extractor, "Lunar news\nThe Harbor Space Agency awarded $90,000 to a small drilling firm to "
                             "build a prototype ice drill for asteroid samples.\n")
    assert not any(t.player == "Harbor Space Agency" for t in out.technologies)
    out = extract(extractor, "Lunar news\nThe Harbor Space Agency awarded Tarn Orbital a contract to build a "
                             "lunar ice drill.\n")
    assert ("Tarn Orbital", "lunar ice drill") in technologies(out)


@covers("veto_source_or_sponsor")
def test_the_giver_of_a_grant_and_the_customer_of_a_build_are_not_its_makers(extractor):
    out = extract(extractor, "Lunar news\nIn July, Tarn Orbital won a Harbor Agency research grant for its "
                             "regolith sintering printer, which will fly in 2028.\n")
    assert not any(t.player == "Harbor Agency" for t in out.technologies)
    out = extract(extractor, "Lunar news\nQuellmoor Robotics showed a drill developed for the Harbor Agency "
                             "at the fair.\n")
    assert not any(t.player == "Harbor Agency" for t in out.technologies)


@covers("veto_person")
def test_a_name_after_an_honorific_is_a_persons_wherever_else_it_stands(extractor):
    text = ("Lunar news\nTarn Mining plans a probe to visit a metallic asteroid in 2030 and to study its metals.\n\n"
            "image captionMr Brand-Tolley set up Tarn Mining in 2016 after a dissertation on asteroid mining.\n\n"
            "Mr Brand-Tolley's company has calculated that one metallic asteroid could be worth billions.\n")
    names = players(extractor, text)
    assert "Tarn Mining" in names and not any("Tolley" in n for n in names)


@covers("veto_person")
def test_a_person_from_an_institution_and_a_minister_with_a_portfolio_are_people(extractor, nlp, lex):
    text = ("Lunar news\nTarn Mining will be partnering with Lena Kovacs from the Velmora Institute of Technology "
            "to study the asteroid.\n")
    names = players(extractor, text)
    assert "Velmora Institute of Technology" in names and "Lena Kovacs" not in names
    doc = nlp("The deal was welcomed by the Minister of the Economy, Pieter Vandamme, in a statement.")
    name = doc[11:13]
    assert name.text == "Pieter Vandamme" and titled_role_before(name, lex)
    doc = nlp("The deal was welcomed by Tarn Mining, Velmora Labs and others.")
    assert not titled_role_before(doc[8:10], lex)       # a list, not a role's portfolio


@covers("product_head")
def test_an_agencys_acronym_before_a_device_noun_with_a_is_its_owner_not_its_name(extractor):
    names = players(extractor, "Lunar news\nTarn Robotics will fly its rover in 2027. The rover carries a JARA "
                               "instrument that will look for water ice.\n")
    assert "JARA" in names
    names = players(extractor, "Lunar news\nTarn Robotics will fly its rover in 2027. The rover carries the QUILL "
                               "instrument that will look for water ice.\n")
    assert "QUILL" not in names                 # a name takes "the": the instrument's own


@covers("lowercase_brand")
def test_a_lower_case_brand_owned_by_a_country_counts_as_a_name_slot(extractor):
    text = ("vexo and Tern Lunar set sights on Moon metals\n\n"
            "France's vexo will fly payloads for the mining startup Tern Lunar on later flights to the Moon.\n\n"
            "\"Tern Lunar is a great partner for us,\" said Jo Ames, founder and CEO of vexo.\n")
    assert "vexo" in players(extractor, text)
    text = "Lunar news\nFrance's economy will grow this year, the minister said of the space sector.\n"
    assert "economy" not in players(extractor, text)
