"""`spacekg serve`: a read-only SPARQL 1.1 endpoint and a web page over the store."""
