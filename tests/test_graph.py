"""Facts -> RDF: the vocabulary, the ontology, SKOS schemes, IRIs."""
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from spacekg.graph import iri as iri_strings
from spacekg.graph.rdf import SM
from spacekg.graph.ontology import ontology_graph
from spacekg.graph.rdf import document_graph


class iri:
    """The IRIs of graph.iri as rdflib terms, to look them up in rdflib graphs."""

    def __getattr__(self, name):
        return lambda *args: URIRef(getattr(iri_strings, name)(*args))


iri = iri()


def test_every_class_and_property_has_label_and_comment():
    g = ontology_graph()
    terms = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty)) | \
        set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 30
    for t in terms:
        assert g.value(t, RDFS.label) is not None, t
        assert g.value(t, RDFS.comment) is not None, t
    for cls in ("Player", "Resource", "Platform", "Application", "Phase", "Technology", "Development",
                "MarketFigure", "Trend", "Driver", "Challenge", "Region", "Report", "TargetClaim", "Evidence"):
        assert (SM[cls], RDF.type, OWL.Class) in g


def test_segment_schemes_hold_canonical_concepts():
    g = ontology_graph()
    water = iri.concept("resource_type", "Water/Ice")
    assert (water, SKOS.inScheme, iri.scheme("resource_type")) in g
    assert (water, SKOS.prefLabel, Literal("Water/Ice")) in g
    assert (iri.concept("platform", "Asteroids"), SKOS.altLabel, Literal("NEAs")) in g


def test_document_graph_vocabulary(sample_extraction):
    g = document_graph(sample_extraction)
    moon_express = iri.player("Moon Express")
    assert (moon_express, RDF.type, SM.Player) in g
    assert (moon_express, SKOS.altLabel, Literal("Moon Express, Inc.")) in g
    assert (moon_express, SM.targetsResource, iri.concept("resource_type", "Water/Ice")) in g
    assert (moon_express, SM.targetsPlatform, iri.concept("platform", "Moon")) in g
    claims = [c for c in g.subjects(SM.player, moon_express) if (c, RDF.type, SM.TargetClaim) in g]
    assert any((c, SM.resource, iri.concept("resource_type", "Water/Ice")) in g and
               (c, SM.platform, iri.concept("platform", "Moon")) in g for c in claims)
    for claim in claims:
        ev = next(g.subjects(SM.about, claim))
        assert (ev, RDF.type, SM.Evidence) in g
        assert g.value(ev, SM.sentence) and g.value(ev, SM.charStart) is not None


def test_segment_wording_becomes_alt_label(sample_extraction):
    g = document_graph(sample_extraction)
    assert (iri.concept("platform", "Asteroids"), SKOS.altLabel, Literal("Asteroids (NEAs)")) in g


def test_hostile_names_make_valid_iris():
    for name in ['Quote "Co"', "<script>alert(1)</script>", "back\\slash", "new\nline", "🚀 Rocket",
                 "شركة الفضاء", "", "   ", "{}|^`"]:
        node = iri.player(name)
        g = Graph()
        g.add((node, RDFS.label, Literal(name)))
        data = g.serialize(format="nt")
        assert len(Graph().parse(data=data, format="nt")) == 1


def test_a_claim_names_each_resource_on_each_platform():
    from spacekg.extract.facts import Extraction, Target
    g = document_graph(Extraction("t.txt", targets=[Target("Orbit Kiln", ["Water/Ice", "Helium-3"], ["Moon"]),
                                                    Target("Orbit Kiln", ["Regolith"], [])]))
    water, helium, moon = (iri.concept("resource_type", "Water/Ice"), iri.concept("resource_type", "Helium-3"),
                           iri.concept("platform", "Moon"))
    assert set(g.objects(iri.player("Orbit Kiln"), SM.targetsResourceOnPlatform)) == \
        {iri.target(water, moon), iri.target(helium, moon)}
    lunar_ice = iri.target(water, moon)
    assert str(lunar_ice).endswith("/target/water-ice/moon")
    assert (lunar_ice, RDF.type, SM.Target) not in g             # the vocabulary's: in the ontology graph
    onto = ontology_graph()
    assert (lunar_ice, RDF.type, SM.Target) in onto and (lunar_ice, RDFS.label, Literal("Water/Ice on Moon")) in onto
    assert (lunar_ice, SM.targetResource, water) in onto and (lunar_ice, SM.targetPlatform, moon) in onto
    g = document_graph(Extraction("t.txt", targets=[Target("Orbit Kiln", ["Lunar Basalt Fibre"], ["Moon"])]))
    basalt = iri.target(iri.concept("resource_type", "Lunar Basalt Fibre"), moon)
    assert (basalt, RDFS.label, Literal("Lunar Basalt Fibre on Moon")) in g      # outside the vocabulary: here


def test_nquads_are_the_bytes_pyoxigraph_writes():
    """A build writes each document's N-Quads itself (convert.nquads): byte for byte what pyoxigraph's
    serialiser writes for the same triples, escapes, languages and datatypes included."""
    import pyoxigraph as ox
    from decimal import Decimal

    from spacekg.graph import convert

    s, p = URIRef("https://w3id.org/spacekg/id/x"), URIRef("https://w3id.org/spacekg/ontology#p")
    odd = ['q"uote', "back\\slash", "tab\tline\nreturn\r", "bell\x07 del\x7f ff\x0c bs\x08", "é ü 😀 \u200f", ""]
    ts = [(s, p, Literal(v)) for v in odd] + [
        (s, p, Literal("x", lang="en-GB")), (s, p, Literal(True)), (s, p, Literal(7)),
        (s, p, Literal(Decimal("0.125"))), (s, p, Literal("x", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"))),
        (s, RDF.type, SM.Player)]
    graph = "https://w3id.org/spacekg/id/report/g-txt"
    assert convert.nquads(ts, graph) == ox.serialize(convert.triple_quads(ts, graph), format=ox.RdfFormat.N_QUADS)


def test_nquads_refuse_an_invalid_iri():
    import pytest

    from spacekg.graph import convert
    with pytest.raises(ValueError):
        convert.nquads([(URIRef("not an iri"), RDF.type, SM.Player)], "urn:g")
