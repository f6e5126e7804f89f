"""Verdict reports on a real desk: every format read back and checked, hostile text in each,
scopes, atomic writes, and the `workbench export` command end to end."""

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from pypdf import PdfReader

from workbench.errors import NotFoundError, WorkbenchError
from workbench.ingest.readers import read_pasted
from workbench.reports.model import PageSize, ReportFormat, ReportOptions, ReportScope, context
from workbench.reports.templates import markdown_escape
from workbench.services import Desk, Verdict
from workbench.store.models import Source, Status
from workbench.store.queries import ClaimFilter

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "seeds" / "000_0a75df98240e711f.txt"
SCHEMA = json.loads((REPO / "tests" / "data" / "claimreview.schema.json").read_text())
SCRIPT = "<script>alert(1)</script>"
BUDGET = "The city council approved a budget"
JOBS = "Unemployment in Riverton fell"
EXPORTS = "Exports of wheat rose"
PORT = "The port handled 2 million containers"
ROADS = "Councillor Ruiz said the city spent"
TAXES = "Taxes rose by 40 percent"


def claim_id(desk: Desk, fragment: str) -> int:
    return next(row.id for row in desk.claims(ClaimFilter()) if fragment in row.text)


def hostile_article():
    return read_pasted(
        f"Councillor Ruiz said the city spent $5 million on {SCRIPT} roads in 2023, up 12 percent. "
        'Taxes rose by 40 percent in 2022, =HYPERLINK("http://evil.example") officials told '
        "the Ledger.",
        title=f'{SCRIPT} Roads & "taxes" in Zürich',
        outlet="=Evil+Outlet",
        url="javascript:alert(1)",
        published=date(2024, 5, 6),
    )


@pytest.fixture
def rated(desk, two_articles):
    """Three articles, one hostile; verdicts of every kind; an unsafe source put in directly."""
    desk.settings = replace(
        desk.settings,
        organisation="Riverton Fact Desk",
        organisation_url="https://factdesk.example.org/",
    )
    desk.import_documents([*two_articles, hostile_article()])
    desk.rate(
        claim_id(desk, BUDGET),
        Verdict(
            status="checked",
            rating="Mostly True",
            conclusion="The adopted budget is $4.1 million.\n\nSee the minutes.",
            sources=("https://example.org/minutes?year=2024&page=2",),
        ),
    )
    desk.rate(claim_id(desk, JOBS), Verdict(status="published", rating="False", conclusion="-3"))
    desk.rate(claim_id(desk, EXPORTS), Verdict(status="in_progress", conclusion="+1 call"))
    desk.rate(
        claim_id(desk, ROADS),
        Verdict(status="checked", rating="Pants on Fire", conclusion=f"=1+1 {SCRIPT}"),
    )
    desk.rate(claim_id(desk, TAXES), Verdict(rating="Half True", conclusion="@everyone\tlook"))
    roads = desk.claim(claim_id(desk, ROADS))
    with desk.store.transaction() as session:
        for url in ("javascript:alert(1)", "data:text/html,<script>alert(2)</script>"):
            session.add(Source(group_id=roads.group_id, url=url, title=SCRIPT, publisher="@x"))
    return desk


@pytest.fixture
def out(tmp_path) -> Path:
    """A folder for the reports alone (the desk's database is beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def export(desk: Desk, tmp_path: Path, kind: ReportFormat, **scope) -> Path:
    size = scope.pop("page_size", PageSize.A4)
    path = tmp_path / f"report-{size}{kind.suffix}"
    result = desk.export(ReportOptions(kind, path, ReportScope(**scope), size))
    assert result.path == path and not result.cancelled
    return path


# --- HTML -------------------------------------------------------------------------------


def test_html_has_the_header_summary_chart_and_every_claim(rated, tmp_path):
    page = lxml_html.parse(str(export(rated, tmp_path, ReportFormat.HTML))).getroot()
    assert page.findtext(".//h1") == "Verdict report"
    assert "Riverton Fact Desk" in page.find_class("organisation")[0].text_content()
    assert page.find_class("reviewer")[0].text_content() == "tester"
    assert page.find_class("scope")[0].text_content() == "The whole desk"
    assert f"{date.today().day} " in page.find_class("date")[0].text_content()
    claims = rated.claims(ClaimFilter(min_score=0.3))
    cards = {card.get("id"): card for card in page.find_class("claim")}
    assert set(cards) == {f"claim-{claim.id}" for claim in claims}
    for claim in claims:
        card = cards[f"claim-{claim.id}"]
        assert card.find_class("claim-text")[0].text_content() == claim.text
        assert (claim.speaker or "not named") in card.find_class("speaker")[0].text_content()
    bars = {bar.get("data-label"): int(bar.get("data-count")) for bar in page.iter("{*}g", "g")}
    assert bars["Mostly True"] == 1 and bars["False"] == 1 and bars["Half True"] == 1
    assert bars["Not rated"] == 2 and bars["True"] == 0
    statuses = {
        row.find("th").text_content().strip(): int(row.findtext("td"))
        for row in page.find_class("statuses")[0].iter("tr")
    }
    assert statuses == {
        "Published": 1,
        "Checked": 2,
        "Needs review": 0,
        "In progress": 1,
        "Unchecked": 2,
        "Not check-worthy": 0,
    }


def test_html_shows_outlet_context_conclusion_sources_and_badges(rated, tmp_path):
    page = lxml_html.parse(str(export(rated, tmp_path, ReportFormat.HTML))).getroot()
    heads = [head.text_content() for head in page.find_class("article-head")]
    assert any("Riverton Ledger" in head and "4 March 2024" in head for head in heads)
    budget = page.get_element_by_id(f"claim-{claim_id(rated, BUDGET)}")
    assert budget.find_class("badge")[0].text_content() == "Mostly True"
    assert "Checked" in budget.find_class("status")[0].text_content()
    assert budget.find_class("conclusion")[0].text_content().count("minutes") == 1
    assert budget.xpath(".//a/@href") == ["https://example.org/minutes?year=2024&page=2"]
    jobs = page.get_element_by_id(f"claim-{claim_id(rated, JOBS)}")
    sentence = jobs.find_class("sentence")[0].text_content()
    assert sentence.startswith("The city council approved") and sentence.endswith("office.")


def test_html_escapes_hostile_text_and_links_only_web_addresses(rated, tmp_path):
    path = export(rated, tmp_path, ReportFormat.HTML)
    page = lxml_html.parse(str(path)).getroot()
    assert page.xpath("//script") == [] and page.xpath("//@src") == []
    assert "Content-Security-Policy" in page.xpath("//meta/@http-equiv")
    hrefs = page.xpath("//a/@href")
    assert hrefs and all(href.startswith(("https://", "http://", "#")) for href in hrefs)
    roads = page.get_element_by_id(f"claim-{claim_id(rated, ROADS)}")
    assert SCRIPT in roads.find_class("claim-text")[0].text_content()
    assert SCRIPT in roads.find_class("conclusion")[0].text_content()
    sources = roads.find_class("sources")[0]
    assert sources.xpath(".//a") == []
    assert "javascript:alert(1)" in sources.text_content()
    assert "data:text/html" in sources.text_content()
    assert f"{SCRIPT} Roads" in page.find_class("article-head")[-1].text_content()
    assert "<script>" not in path.read_text(encoding="utf-8").split("<body>", 1)[1]


# --- PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "points"), [(PageSize.A4, (595.3, 841.9)), (PageSize.LETTER, (612.0, 792.0))]
)
def test_pdf_has_real_text_page_numbers_and_its_page_size(qapp, rated, tmp_path, size, points):
    rated.import_paths([SEED_ARTICLE])
    reader = PdfReader(export(rated, tmp_path, ReportFormat.PDF, page_size=size))
    pages = reader.pages
    assert len(pages) >= 2
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            points, abs=0.5
        )
    texts = [" ".join(page.extract_text().split()) for page in pages]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(pages)}" in text
    everything = " ".join(texts)
    assert "Verdict report" in everything and "Riverton Fact Desk" in everything
    assert "Mostly True" in everything and "Pants on Fire" in everything
    for claim in rated.claims(ClaimFilter(min_score=0.3)):
        assert " ".join(claim.text.split()[:6]) in everything
    assert SCRIPT in everything
    assert reader.metadata.title.startswith("Verdict report")


def test_pdf_keeps_each_claim_on_one_page(qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from workbench.reports.pdf import keep_claims_whole

    page = 400.0
    document = QTextDocument()
    document.setHtml(
        "".join(
            f"<p>Heading {n}</p><table border='1' width='100%'><tr><td>"
            + "words " * (40 * n)
            + "</td></tr></table>"
            for n in range(1, 9)
        )
    )
    document.setTextWidth(300)
    document.setPageSize(QSizeF(300, page))
    keep_claims_whole(document, page)
    layout = document.documentLayout()
    tables = document.rootFrame().childFrames()
    assert len(tables) == 8
    for table in tables:
        rect = layout.frameBoundingRect(table)
        if rect.height() < page:
            assert int(rect.top() // page) == int((rect.bottom() - 1) // page)


# --- CSV, JSON, Markdown ----------------------------------------------------------------


def test_csv_has_a_row_per_claim_utf8_with_bom_and_no_live_formulas(rated, tmp_path):
    path = export(rated, tmp_path, ReportFormat.CSV)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(rated.claims(ClaimFilter(min_score=0.3)))
    by_claim = {row["claim"][:20]: row for row in rows}
    roads = by_claim[ROADS[:20]]
    assert roads["conclusion"] == f"'=1+1 {SCRIPT}"
    assert roads["outlet"] == "'=Evil+Outlet"
    assert roads["article_title"].endswith("in Zürich")
    assert roads["sources"].splitlines()[0] == "javascript:alert(1)"
    assert roads["rating"] == "Pants on Fire" and roads["rating_value"] == "0"
    assert by_claim[JOBS[:20]]["conclusion"] == "'-3"
    assert by_claim[EXPORTS[:20]]["conclusion"] == "'+1 call"
    assert by_claim[TAXES[:20]]["conclusion"] == "'@everyone\tlook"
    taxes = by_claim[TAXES[:20]]["claim"]
    assert taxes.startswith("Taxes") and '=HYPERLINK("http://evil.example")' in taxes
    assert by_claim[BUDGET[:20]]["sources"] == "https://example.org/minutes?year=2024&page=2"


def test_json_has_version_sources_audit_and_summary(rated, tmp_path):
    data = json.loads(export(rated, tmp_path, ReportFormat.JSON).read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["organisation"] == {
        "name": "Riverton Fact Desk",
        "url": "https://factdesk.example.org/",
    }
    assert data["summary"]["claims"] == len(data["claims"]) == 6
    assert data["summary"]["rated"] == 4
    budget = next(claim for claim in data["claims"] if claim["text"].startswith(BUDGET))
    assert budget["sources"][0]["url"] == "https://example.org/minutes?year=2024&page=2"
    assert budget["audit"]["events"] == 4 and budget["audit"]["actors"] == ["tester"]
    assert budget["verdict_date"] == budget["audit"]["verdict_at"][:10]
    assert budget["rating_detail"] == {"name": "Mostly True", "value": 4, "best": 5, "worst": 0}
    assert {article["title"] for article in data["articles"]} >= {"Budget passes", "Trade figures"}


def test_markdown_escapes_hostile_text_and_links_only_web_addresses(rated, tmp_path):
    text = export(rated, tmp_path, ReportFormat.MARKDOWN).read_text(encoding="utf-8")
    rendered = lxml_html.fromstring(MarkdownIt("commonmark").enable("table").render(text))
    assert rendered.xpath("//script") == [] and rendered.xpath("//img") == []
    hrefs = rendered.xpath("//a/@href")
    assert "https://example.org/minutes?year=2024&page=2" in hrefs
    assert all(href.startswith("https://") for href in hrefs)
    shown = rendered.text_content()
    assert f"$5 million on {SCRIPT} roads" in shown
    assert "javascript:alert(1)" in shown
    assert "Mostly True · Checked" in shown
    headings = [heading.text_content() for heading in rendered.xpath("//h3")]
    assert headings[-1] == f'{SCRIPT} Roads & "taxes" in Zürich (javascript:alert(1))'


def test_markdown_escape_keeps_plain_text_plain():
    md = MarkdownIt("commonmark")
    for text in (
        "- not a list",
        "1. not a list",
        "# no heading",
        "*a* _b_ `c` [d](e) <f>",
        "a & b",
    ):
        rendered = lxml_html.fromstring(f"<div>{md.render(markdown_escape(text))}</div>")
        assert rendered.text_content().strip() == text
        assert rendered.xpath("//p/*") == []


# --- ClaimReview ------------------------------------------------------------------------


def test_claimreview_validates_and_publishes_only_reviewed_fact_checks(rated, tmp_path):
    path = export(rated, tmp_path, ReportFormat.CLAIMREVIEW)
    reviews = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(reviews, SCHEMA)
    reviewed = {review["claimReviewed"][:20]: review for review in reviews}
    assert set(reviewed) == {BUDGET[:20], JOBS[:20], ROADS[:20]}
    budget = reviewed[BUDGET[:20]]
    rating = budget["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("Mostly True", 4)
    assert (rating["worstRating"], rating["bestRating"]) == (0, 5)
    assert budget["author"]["name"] == "Riverton Fact Desk"
    budget_group = rated.claim(claim_id(rated, BUDGET)).group_id
    assert budget["url"] == f"https://factdesk.example.org/#fact-check-{budget_group}"
    claim = budget["itemReviewed"]
    assert claim["author"] == {"@type": "Person", "name": "Mayor Ana Ruiz"}
    assert claim["datePublished"] == "2024-03-04"
    assert claim["appearance"][0]["publisher"]["name"] == "Riverton Ledger"
    roads = reviewed[ROADS[:20]]["itemReviewed"]
    assert "url" not in roads["appearance"][0]
    jobs = reviewed[JOBS[:20]]["itemReviewed"]
    assert jobs["author"]["@type"] == "Organization"


def test_claimreview_needs_the_organisation_and_something_reviewed(rated, out):
    target = out / "reviews.jsonld"
    target.write_text("[]", encoding="utf-8")
    unchecked = ReportScope(claim_ids=(claim_id(rated, PORT),))
    with pytest.raises(WorkbenchError, match="nothing to publish"):
        rated.export(ReportOptions(ReportFormat.CLAIMREVIEW, target, unchecked))
    rated.settings = replace(rated.settings, organisation_url="")
    with pytest.raises(WorkbenchError, match="organisation's name and web address"):
        rated.export(ReportOptions(ReportFormat.CLAIMREVIEW, target))
    assert target.read_text(encoding="utf-8") == "[]"
    assert [path.name for path in out.iterdir()] == ["reviews.jsonld"]


# --- scope, errors, atomic writes -------------------------------------------------------


def test_scopes_narrow_by_article_claims_status_and_dates(rated, tmp_path):
    def claims(**scope) -> set[str]:
        data = json.loads(export(rated, tmp_path, ReportFormat.JSON, **scope).read_text())
        return {claim["text"][:20] for claim in data["claims"]}

    budget_article = rated.claim(claim_id(rated, BUDGET)).article_id
    assert claims(article_id=budget_article) == {BUDGET[:20], JOBS[:20]}
    assert claims(claim_ids=(claim_id(rated, PORT),)) == {PORT[:20]}
    assert claims(min_status=Status.CHECKED) == {BUDGET[:20], JOBS[:20], ROADS[:20]}
    assert claims(min_status=Status.PUBLISHED) == {JOBS[:20]}
    assert claims(since=date(2023, 1, 1), until=date(2023, 12, 31)) == {EXPORTS[:20], PORT[:20]}
    assert claims(since=date(2024, 5, 1)) == {ROADS[:20], TAXES[:20]}


def test_scope_errors_are_clear(rated, out):
    target = out / "r.html"
    with pytest.raises(NotFoundError, match="there is no article 99"):
        rated.export(ReportOptions(ReportFormat.HTML, target, ReportScope(article_id=99)))
    with pytest.raises(NotFoundError, match="there is no claim 999"):
        rated.export(ReportOptions(ReportFormat.HTML, target, ReportScope(claim_ids=(1, 999))))
    late = ReportScope(since=date(2030, 1, 1))
    with pytest.raises(WorkbenchError, match=r"nothing to export.*2030-01-01"):
        rated.export(ReportOptions(ReportFormat.HTML, target, late))
    with pytest.raises(WorkbenchError, match="does not exist"):
        rated.export(ReportOptions(ReportFormat.HTML, out / "missing" / "r.html"))
    with pytest.raises(WorkbenchError, match="is a folder"):
        rated.export(ReportOptions(ReportFormat.HTML, out))
    assert list(out.iterdir()) == []


def test_a_cancelled_export_writes_nothing_and_keeps_the_old_file(qapp, rated, out):
    for kind in (ReportFormat.HTML, ReportFormat.PDF):
        target = out / f"old{kind.suffix}"
        target.write_text("the good old report", encoding="utf-8")
        result = rated.export(ReportOptions(kind, target), cancelled=lambda: True)
        assert result.cancelled and "cancelled" in result.describe()
        assert target.read_text(encoding="utf-8") == "the good old report"
    assert sorted(path.name for path in out.iterdir()) == ["old.html", "old.pdf"]


def test_an_export_replaces_the_old_file_and_reports_progress(rated, out):
    target = out / "report.html"
    target.write_text("old", encoding="utf-8")
    steps = []
    result = rated.export(
        ReportOptions(ReportFormat.HTML, target), progress=lambda *step: steps.append(step)
    )
    assert result.claims == 6 and result.fact_checks == 6
    assert steps[0][:2] == (0, 3) and steps[-1][:2] == (3, 3)
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [path.name for path in out.iterdir()] == ["report.html"]


def test_context_stays_in_the_paragraph_and_cuts_at_words():
    text = "First paragraph ends.\n\nOne two three four five. The claim here. Six seven\neight."
    start = text.index("The claim")
    before, after = context(text, start, start + len("The claim here."), room=12)
    assert before == "… four five. "
    assert after == " Six seven …"
    whole_before, whole_after = context(text, start, start + len("The claim here."))
    assert whole_before == "One two three four five. "
    assert whole_after == " Six seven eight."


# --- the command line -------------------------------------------------------------------


@pytest.fixture
def cli_env(cli_env, tmp_path):
    """The command line's environment with the organisation set, and no display at all."""
    config = tmp_path / "config" / "fact-check-workbench"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(
        json.dumps({"organisation": "CLI Desk", "organisation_url": "https://cli.example.org"}),
        encoding="utf-8",
    )
    cli_env.pop("QT_QPA_PLATFORM", None)
    cli_env.pop("DISPLAY", None)
    return cli_env


def test_cli_exports_every_format_and_says_what_went_wrong(run, tmp_path):
    assert run("import", "seeds/").returncode == 0
    claims = json.loads(run("claims", "--json", "--article", "1").stdout)
    jets = next(claim for claim in claims if claim["text"].startswith("Russian jets"))
    rated = run("rate", str(jets["id"]), "--rating", "Mostly True", "--status", "checked")
    assert rated.returncode == 0, rated.stderr
    out = tmp_path / "out"
    out.mkdir()
    for kind in ReportFormat:
        target = out / f"report{kind.suffix}"
        result = run("export", "--format", kind.value, "--article", "1", "--output", str(target))
        assert result.returncode == 0, result.stderr
        assert f"wrote {target}" in result.stdout
    reviews = json.loads((out / "report.jsonld").read_text(encoding="utf-8"))
    jsonschema.validate(reviews, SCHEMA)
    assert [review["claimReviewed"] for review in reviews] == [jets["text"]]
    letter = out / "letter.pdf"
    result = run("export", "--format", "pdf", "--status", "checked", "--page-size", "letter",
                 "-o", str(letter))  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = PdfReader(letter).pages[0]
    assert float(page.mediabox.width) == pytest.approx(612, abs=0.5)
    assert "Russian jets used an air base" in " ".join(page.extract_text().split())

    missing = run("export", "--format", "html", "-o", str(tmp_path / "nowhere" / "r.html"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"workbench: {tmp_path / 'nowhere'}: the folder does not exist"
    empty = run("export", "--format", "csv", "--since", "2030-01-01", "-o", str(out / "x.csv"))
    assert empty.returncode == 1 and "nothing to export" in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1
    assert not (out / "x.csv").exists()
    bad = run("export", "--format", "html", "--status", "done", "-o", str(out / "x.html"))
    assert bad.returncode == 1 and "'done' is not a status" in bad.stderr
