"""The errors spacekg reports to users: each carries one clear line of text.

The command line prints `spacekg: error: <message>` for these and exits non-zero; anything else
is a bug.
"""


class SpacekgError(Exception):
    """Base class: an error with a message meant for the user."""
    exit_code = 1


class InputError(SpacekgError):
    """A source document cannot be read (missing, empty, binary, unsupported format ...)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class StoreError(SpacekgError):
    """The store cannot be opened, read or written."""


class QueryError(SpacekgError):
    """A SPARQL query is malformed, refused, or ran out of time."""


class ModelError(SpacekgError):
    """The spaCy language model is not installed."""


class QueryTimeout(QueryError):
    """A query ran longer than its time limit and was stopped (`serve` answers HTTP 408)."""


class QueryMemoryError(QueryError):
    """A query needed more memory than its limit and was stopped (`serve` answers HTTP 507)."""


class RemoteError(SpacekgError):
    """A remote SPARQL or Graph Store server cannot be reached, or answered with an error status."""


class VizError(SpacekgError):
    """A network view cannot be made: an unknown entity, node type or output format."""


class QuestionError(SpacekgError):
    """A question that cannot be mapped onto the graph (exit code 2, like a usage error)."""
    exit_code = 2


class UnknownName(SpacekgError):
    """A parameter value that names nothing in the store (exit code 2, HTTP 400)."""
    exit_code = 2
