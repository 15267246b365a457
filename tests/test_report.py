"""The text table: both options, every default it used (with source and range), units shown."""
import re

import pytest

import basaltcalc as bc
from basaltcalc.model.tables import assumptions, format_quantity, results_table


@pytest.fixture(scope="module")
def res():
    return bc.evaluate(bc.load_scenario(__import__("pathlib").Path(__file__).parent.parent
                                        / "scenarios" / "ilrs-south-pole-outpost.yaml"))


def test_table_lists_every_default_with_its_source(res):
    text = results_table(res)
    defaults = [a for a in assumptions(res) if a["origin"] == "default" and a["source"]]
    assert len(defaults) > 30
    lines = text.split("\nAssumptions: ", 1)[1].splitlines()
    for a in defaults:
        line = next(ln for ln in lines if f" {a['path']} " in ln)
        assert a["source"] in line and (line.lstrip().startswith("*") == a["weak"])
    assert f"Assumptions: {len(defaults)} defaults" in text


def test_table_header_carries_the_scenario_hash(res):
    assert res.scenario.sha256[:16] in results_table(res)


@pytest.mark.parametrize("value, unit, text", [
    (1.2e9, "USD", "1,200 MUSD"),            # USD shown in MUSD with thousands separators
    (41375.1, "USD/kg", "41.38 kUSD/kg"),
    (2 * 365.25 * 86400, "s", "2 year"),
    (3.0 * 86400, "s", "0.008214 year"),      # one unit per metric (basaltcalc.display): years
    (float("inf"), "", "never (inf)"),
])
def test_format_quantity(value, unit, text):
    assert format_quantity(value, unit) == text


# --------------------------------------------------------------------------------------------
# basaltcalc report: one HTML (figures inline as SVG) or Markdown document

ILRS = __import__("pathlib").Path(__file__).parent.parent / "scenarios" / "ilrs-south-pole-outpost.yaml"


class _Collect(__import__("html.parser").parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.open = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("br", "meta", "img", "path", "use", "rect", "stop", "circle", "ellipse", "line",
                       "polyline", "polygon"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def html_report(tmp_path_factory):
    from basaltcalc.cli import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(ILRS), "-o", str(out), "--samples", "1024"]) == 0
    return out.read_text(encoding="utf-8")


def test_report_parses_as_html_with_inline_svg_figures(html_report):
    p = _Collect()
    p.feed(html_report)
    p.close()
    assert p.tags[0] == "html" and not p.open  # every element closed
    assert p.tags.count("svg") >= 6  # breakdown, landed cost, scale, tornado, sweep, distribution, sobol
    assert "http" not in "".join(t for t in html_report.split("<svg")[0:1])  # no external stylesheet
    assert "<img src=" not in html_report  # nothing outside the file


def test_report_holds_every_metric_and_every_assumption(html_report):
    import html as h

    from basaltcalc.metrics import METRICS, comparator_names

    sc = bc.load_scenario(ILRS)
    res = bc.evaluate(sc)
    text = h.unescape(html_report)
    for name in [*METRICS, *comparator_names(sc)]:
        assert f"<td>{name}</td>" in text, name
    for a in assumptions(res):
        assert f"<td>{a['path']}</td>" in text, a["path"]
        if a["source"]:
            assert a["source"] in text
    assert sc.sha256 in text and bc.__version__ in text
    assert "seed (uncertainty)" in text and "P(in-situ cheaper)" in text
    assert "Against Earth (al-2219)" in text and "Against Earth (natural-basalt)" in text  # every comparator
    assert "Sweep" in text and "points where in-situ is cheaper" in text


def test_report_markdown_and_a_file_without_blocks(tmp_path):
    from basaltcalc.cli import main

    out = tmp_path / "report.md"
    path = ILRS.parent / "habitat-tubes-al2219.yaml"
    assert main(["report", str(path), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Pressurised habitat tubes")
    assert "## Answer" in text and "## Every assumption" in text and "## Provenance" in text
    # figures as SVG files beside the report, linked by relative paths (not base64 in the text)
    assert "base64" not in text
    links = re.findall(r"!\[[^]]*\]\((report_figures/[^)]+\.svg)\)", text)
    assert links and all((tmp_path / link).read_text(encoding="utf-8").lstrip().startswith("<svg") for link in links)
    assert "no uncertainty: block" in text and "no sweep: block" in text  # says what is left out
    assert main(["report", str(path), "-o", str(tmp_path / "report.pdf")]) == 2
    assert not (tmp_path / "report.pdf").exists()


def test_results_html_is_a_table_with_every_comparator(res):
    import html.parser

    text = res._repr_html_()
    assert "<pre>" not in text and text.count("<table>") >= 2
    html.parser.HTMLParser().feed(text)
    labels = [c["label"] for c in res.scenario.comparators]
    for label in labels:
        assert f"Earth ({label})" in text
    assert format_quantity(res["insitu.total_cost"].m_as("USD"), "USD") in text


def test_report_carries_the_run_cash_flow_table(tmp_path, res):
    # the report's cash-flow table is the one `basaltcalc run` prints (model.tables.cash_flow_rows):
    # the same title and rows; its "total" row is each option's undiscounted total in MUSD and
    # its "NPV" row the NPVs (ILRS outpost: in-situ 2,856.9 MUSD in all, 2,613.1 at 2 %; the
    # crates of its 183.0 kg of packaging at 113 kUSD/kg are 20.7 MUSD of it)
    from basaltcalc.cli import main
    from basaltcalc.model.tables import cash_flow_rows, cash_flow_table

    path = ILRS.parent / "habitat-tubes-al2219.yaml"
    out = tmp_path / "report.md"
    assert main(["report", str(path), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    title, header, rows = cash_flow_rows(bc.evaluate(bc.load_scenario(path)))
    assert f"## {title}" in text
    for row in rows:
        assert "| " + " | ".join(row) + " |" in text
    title, header, rows = cash_flow_rows(res)
    by = {r[0]: r for r in rows}
    # four significant digits (basaltcalc.display.number): whole MUSD above 1,000
    assert float(by["total"][1].replace(",", "")) == pytest.approx(res["insitu.total_cost"].m / 1e6, abs=0.5)
    assert float(by["NPV"][1].replace(",", "")) == pytest.approx(res["insitu.npv"].m / 1e6, abs=0.5)
    assert by["total"][1] == "2,857" and by["NPV"][1] == "2,613"
    lines = cash_flow_table(res).splitlines()
    assert lines[0] == title
    # every printed header stands apart from the next, however long a comparator's name
    assert "cum. savings" in lines[1] and "vs Earth (natural-basalt)" in lines[2]
    assert "in-situ " in lines[2] and "Earth (natural-basalt) " in lines[2]


def test_the_answer_reads_as_sentences():
    """Issue 30: a sentence of the answer started in lower case ('... cheaper. in-situ (...) costs');
    a breakeven of 0 read 'both cost the same ... at any landed cost'."""
    from basaltcalc.outputs.report import headline

    path = ILRS.parent / "landing-pad-pavers.yaml"  # a breakeven landed cost of 0 and a finite one
    lines = headline(bc.evaluate(bc.load_scenario(path)))
    for line in lines:
        assert not re.search(r"[.:] [a-z]", line), line  # every sentence starts with a capital
    assert any("in-situ is cheaper at any landed cost" in line for line in lines)
    assert not any("same" in line.split(";")[-1] and "any landed cost" in line for line in lines)
