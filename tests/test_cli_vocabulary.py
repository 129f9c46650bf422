"""One option vocabulary on the command line: the same name for the same idea on every command.

--format (and --json for --format json) wherever output has a format; -o/--output wherever a file
is written; --timeout wherever the graph is queried; --endpoint is always a query URL to read from
(push names its URLs --update-endpoint and --graph-store). Old spellings still work for one
release, hidden from --help, with a notice on stderr."""
import pytest
from click.testing import CliRunner

from spacekg.cli import cli

FORMATTED = ["ask", "players", "map", "market", "stats", "sparql", "query", "validate", "push", "eval", "build",
             "extract"]
WRITES_A_FILE = ["export", "map", "market", "viz"]
QUERIES = ["ask", "players", "map", "market", "stats", "sparql", "query", "validate", "viz", "serve"]
READS_AN_ENDPOINT = ["ask", "players", "map", "market", "stats", "sparql", "query", "validate", "viz"]


def help_of(command: str) -> str:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", FORMATTED)
def test_format_and_json_everywhere_output_has_a_format(command):
    text = help_of(command)
    assert "--format" in text and "--json" in text


@pytest.mark.parametrize("command", WRITES_A_FILE)
def test_output_file_is_always_o_output(command):
    text = help_of(command)
    assert "-o, --output" in text
    assert "--out " not in text and "--out," not in text        # the old spelling is hidden


@pytest.mark.parametrize("command", QUERIES)
def test_timeout_everywhere_the_graph_is_queried(command):
    assert "--timeout" in help_of(command)


@pytest.mark.parametrize("command", READS_AN_ENDPOINT)
def test_endpoint_is_a_query_url_to_read_from(command):
    assert "--endpoint URL" in help_of(command)


def test_push_names_what_each_url_is():
    text = help_of("push")
    assert "--update-endpoint URL" in text and "--graph-store URL" in text
    assert "--endpoint URL" not in text


def test_old_spellings_still_work_with_a_notice(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(tmp_path / "none"), "viz", "--out", str(tmp_path / "v.html")])
    assert "--out is deprecated" in result.output and "-o/--output" in result.output
    assert "give -o/--output" not in result.output          # the old spelling was taken as the output file
    pushed = runner.invoke(cli, ["--store", str(tmp_path / "none"), "push", "--endpoint", "http://127.0.0.1:9/u"])
    assert "--endpoint is deprecated" in pushed.output and "--update-endpoint" in pushed.output
    assert "give --update-endpoint" not in pushed.output


def test_json_is_format_json(tmp_path):
    runner = CliRunner()
    a = runner.invoke(cli, ["sparql", "--store", str(tmp_path / "s"), "ASK { }", "--json"])
    b = runner.invoke(cli, ["sparql", "--store", str(tmp_path / "s"), "ASK { }", "--format", "json"])
    assert a.output == b.output
