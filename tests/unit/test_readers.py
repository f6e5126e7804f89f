"""The readers turn real files and web pages into clean `Document`s, or say why not."""

from __future__ import annotations

import ssl
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
import pytest
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter, QTextDocument

from workbench import config
from workbench.errors import ReadError
from workbench.ingest.readers import expand_paths, read_file, read_pasted, read_url, tls_context
from workbench.store.models import OriginKind

# --- helpers ----------------------------------------------------------------------------


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def read_error(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert str(path) in str(caught.value)
    return caught.value


def make_pdf(path: Path, text: str | None, *, title: str = "") -> Path:
    """A real PDF written by Qt: `text` laid out as a page, or one empty page if None."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(title)
    if text is None:
        painter = QPainter(writer)
        painter.end()
    else:
        document = QTextDocument()
        document.setPlainText(text)
        document.print_(writer)
    del writer  # the file is complete once the writer is gone
    return path


# --- plain text -------------------------------------------------------------------------

ARTICLE = (
    "Council approves new licence rules\n"
    "\n"
    "The city council voted on Tuesday to change how cafés on the market square are "
    "licensed. “We have waited three years for this,” said Hélène Dubois, who runs a "
    "crêperie near the market.\n"
    "\n"
    "The council’s report says 42 per cent of licences were renewed late in 2023, "
    "costing owners an average of €1,200 in fines.\n"
)


def test_utf8_text_is_read_with_title_from_short_first_line(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "council.txt", ARTICLE))

    assert document.title == "Council approves new licence rules"
    assert "“We have waited three years for this,” said Hélène Dubois" in document.text
    assert document.origin == str(tmp_path / "council.txt")
    assert document.origin_kind is OriginKind.FILE


@pytest.mark.parametrize(
    "text",
    [
        "José Álvarez, the ministry’s spokesman, said the naïve estimate “ignored reality”.\n"
        "\n"
        "Exports rose 4 per cent — to €2bn — in the year to March.",
        "Zoë Brontë wrote that the café’s façade was “a déjà vu of 1920s Montréal”.",
    ],
    ids=["two-paragraphs", "one-sentence"],
)
def test_cp1252_text_with_accents_and_curly_quotes_is_decoded(tmp_path: Path, text: str) -> None:
    document = read_file(write(tmp_path, "windows.txt", text, encoding="cp1252"))

    assert document.text == text


def test_cp1252_article_is_decoded(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "windows.txt", ARTICLE, encoding="cp1252"))

    assert document.text == ARTICLE.strip()


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = "Señor Muñoz said the año ended with a déficit of 3 per cent, «as forecast»."
    document = read_file(write(tmp_path, "latin.txt", text, encoding="latin-1"))

    assert document.text == text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1250",
            "Vlada je rekla da će cijene porasti za pet posto, što je izazvalo kritike građana. "
            "Ministar financija rekao je da će se porez na dodanu vrijednost smanjiti za hranu. "
            "Gradonačelnik Zagreba kaže da će grad pomoći obiteljima s djecom.",
        ),
        ("cp1251", "Министр заявил, что инфляция снизилась до трёх процентов за год."),
    ],
    ids=["croatian-cp1250", "russian-cp1251"],
)
def test_other_legacy_encodings_are_not_taken_for_cp1252(
    tmp_path: Path, encoding: str, text: str
) -> None:
    document = read_file(write(tmp_path, "foreign.txt", text, encoding=encoding))

    assert document.text == text


def test_utf16_text_with_bom_is_decoded(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "wide.txt", ARTICLE, encoding="utf-16"))

    assert document.text == ARTICLE.strip()
    assert document.title == "Council approves new licence rules"


def test_crlf_line_endings_become_newlines(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "dos.txt", ARTICLE.replace("\n", "\r\n")))

    assert "\r" not in document.text
    assert document.text == ARTICLE.strip()


def test_long_first_sentence_is_not_a_title_so_file_name_is_used(tmp_path: Path) -> None:
    text = "The council voted on Tuesday to change how cafés are licensed.\n\nMore follows."
    document = read_file(write(tmp_path, "cafe_licences.txt", text))

    assert document.title == "cafe licences"


# --- Markdown ---------------------------------------------------------------------------

MARKDOWN = """\
---
title: "Riverton budget passes"
outlet: Riverton Gazette
author: Dana Whitfield
date: 2024-03-05
url: https://gazette.example/riverton-budget
---

# Budget vote

The council passed the budget *by seven votes to two*, a **record** margin.
Read the [full report](https://gazette.example/report) and the `appendix`.

```python
print("this code is not article text")
```

## Reaction

Residents said the tax rise was "modest".
"""


def test_markdown_front_matter_becomes_document_fields(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "budget.md", MARKDOWN))

    assert document.title == "Riverton budget passes"
    assert document.outlet == "Riverton Gazette"
    assert document.byline == "Dana Whitfield"
    assert document.url == "https://gazette.example/riverton-budget"
    assert document.published == date(2024, 3, 5)


def test_markdown_markup_is_stripped_and_code_blocks_dropped(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "budget.md", MARKDOWN))

    assert document.text == (
        "Budget vote\n"
        "\n"
        "The council passed the budget by seven votes to two, a record margin. "
        "Read the full report and the appendix.\n"
        "\n"
        "Reaction\n"
        "\n"
        'Residents said the tax rise was "modest".'
    )
    assert "print" not in document.text
    assert "title:" not in document.text


def test_markdown_without_front_matter_takes_title_from_first_heading(tmp_path: Path) -> None:
    source = MARKDOWN.split("---\n", 2)[2]
    document = read_file(write(tmp_path, "budget.md", source))

    assert document.title == "Budget vote"
    assert document.published is None


# --- saved web pages --------------------------------------------------------------------

HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Port expansion will double cargo capacity | Harbour Herald</title>
  <meta property="og:title" content="Port expansion will double cargo capacity">
  <meta property="og:site_name" content="Harbour Herald">
  <meta name="author" content="Priya Natarajan">
  <meta property="article:published_time" content="2024-06-12T08:30:00Z">
  {canonical}
  <style>body { font-family: serif; } .hidden-style-marker { color: red; }</style>
  <script>window.trackingMarker = "SCRIPT-MARKER-42";</script>
</head>
<body>
  <nav class="site-nav">
    <ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
    <li><a href="/weather">NAV-MARKER weather and traffic</a></li></ul>
  </nav>
  <div class="advertisement ad-banner">
    <p>ADVERT-MARKER: Buy one subscription, get the second free today only!</p>
  </div>
  <main>
    <article>
      <h1>Port expansion will double cargo capacity</h1>
      <p>The harbour authority approved a 400 million euro expansion of the container
      terminal on Wednesday, saying it would double the port's cargo capacity by 2030.</p>
      <p>Chief executive Marta Ruiz told reporters that the new berths would allow ships
      of up to 24,000 containers to dock, up from 14,000 today.</p>
      <p>Environmental groups said dredging the channel would damage seagrass beds, and
      promised to challenge the decision in court before construction begins next spring.</p>
      <p>The authority said 1,200 construction jobs would be created over four years.</p>
    </article>
  </main>
  <footer class="site-footer">
    <p>FOOTER-MARKER Copyright 2024 Harbour Herald. All rights reserved.</p>
  </footer>
  <script>console.log("SCRIPT-MARKER-43");</script>
</body>
</html>
"""
CANONICAL_LINK = '<link rel="canonical" href="https://herald.example/news/port-expansion">'
HTML_PAGE = HTML_PAGE.replace("{canonical}", CANONICAL_LINK)


def test_html_page_keeps_article_text_and_drops_page_furniture(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "port.html", HTML_PAGE))

    assert "approved a 400 million euro expansion of the container terminal" in document.text
    assert "1,200 construction jobs would be created" in document.text
    for marker in ("SCRIPT-MARKER", "font-family", "NAV-MARKER", "ADVERT-MARKER", "FOOTER"):
        assert marker not in document.text


def test_html_page_paragraphs_are_separated_by_blank_lines(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "port.html", HTML_PAGE))

    paragraphs = document.text.split("\n\n")
    assert any(p.startswith("Chief executive Marta Ruiz") for p in paragraphs)
    assert any(p.startswith("Environmental groups said") for p in paragraphs)


def test_html_page_metadata_is_read(tmp_path: Path) -> None:
    document = read_file(write(tmp_path, "port.html", HTML_PAGE))

    assert document.title == "Port expansion will double cargo capacity"
    assert document.outlet == "Harbour Herald"
    assert document.byline == "Priya Natarajan"
    assert document.published == date(2024, 6, 12)
    assert document.url == "https://herald.example/news/port-expansion"


# --- PDF --------------------------------------------------------------------------------

PDF_TEXT = (
    "The harbour authority approved the expansion of the container terminal.\n"
    "Environmental groups promised to challenge the decision in court."
)


def test_pdf_text_and_title_are_read(qapp, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "report.pdf", PDF_TEXT, title="Harbour Authority Annual Report")

    document = read_file(path)

    assert document.title == "Harbour Authority Annual Report"
    assert "approved the expansion of the container terminal" in document.text
    assert "promised to challenge the decision in court" in document.text


def test_pdf_without_title_is_named_after_the_file(qapp, tmp_path: Path) -> None:
    document = read_file(make_pdf(tmp_path / "annual_report.pdf", PDF_TEXT))

    assert document.title == "annual report"


def test_pdf_without_text_layer_is_refused(qapp, tmp_path: Path) -> None:
    error = read_error(make_pdf(tmp_path / "scan.pdf", None))

    assert "no text layer" in error.reason


# --- Word -------------------------------------------------------------------------------


def test_docx_paragraphs_title_and_author_are_read(tmp_path: Path) -> None:
    word = docx.Document()
    word.core_properties.title = "Budget briefing"
    word.core_properties.author = "Sam Okafor"
    word.add_heading("Council budget", level=1)
    word.add_paragraph("The council passed the budget by seven votes to two.")
    word.add_paragraph("")
    word.add_paragraph("Residents said the tax rise was modest.")
    path = tmp_path / "briefing.docx"
    word.save(str(path))

    document = read_file(path)

    assert document.title == "Budget briefing"
    assert document.byline == "Sam Okafor"
    assert document.text == (
        "Council budget\n\n"
        "The council passed the budget by seven votes to two.\n\n"
        "Residents said the tax rise was modest."
    )


def test_docx_without_title_property_takes_first_heading(tmp_path: Path) -> None:
    word = docx.Document()
    word.core_properties.title = ""
    word.add_heading("Council budget", level=1)
    word.add_paragraph("The council passed the budget by seven votes to two.")
    path = tmp_path / "briefing.docx"
    word.save(str(path))

    assert read_file(path).title == "Council budget"


# --- web addresses ----------------------------------------------------------------------


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    send_length: bool = True
    #: A Content-Length to claim instead of the true one.
    declared_length: int | None = None


class LocalServer:
    """An HTTP server on 127.0.0.1 answering from `routes`; anything else is a 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.send_length:
                    length = route.declared_length or len(route.body)
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    local = LocalServer()
    thread = threading.Thread(target=local.httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()
    thread.join()


def test_url_html_page_is_read_and_address_recorded(server: LocalServer) -> None:
    page = HTML_PAGE.replace(CANONICAL_LINK, "")
    server.routes["/news/port"] = Route(page.encode())

    document = read_url(server.url("/news/port"))

    assert document.origin_kind is OriginKind.URL
    assert document.origin == server.url("/news/port")
    assert document.url == server.url("/news/port")
    assert document.title == "Port expansion will double cargo capacity"
    assert "double the port's cargo capacity by 2030" in document.text
    assert "SCRIPT-MARKER" not in document.text


def test_url_plain_text_page_is_read(server: LocalServer) -> None:
    server.routes["/story.txt"] = Route(ARTICLE.encode(), content_type="text/plain")

    document = read_url(server.url("/story.txt"))

    assert document.text == ARTICLE.strip()
    assert document.title == "Council approves new licence rules"
    assert document.origin_kind is OriginKind.URL
    assert document.url == server.url("/story.txt")


def test_url_not_found_is_refused(server: LocalServer) -> None:
    with pytest.raises(ReadError, match="404") as caught:
        read_url(server.url("/missing"))

    assert caught.value.origin == server.url("/missing")


@pytest.mark.parametrize("url", ["ftp://files.example/story.txt", "file:///etc/passwd"])
def test_url_other_than_http_is_refused(url: str) -> None:
    with pytest.raises(ReadError, match="only http:// and https://") as caught:
        read_url(url)

    assert caught.value.origin == url


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "undeclared"])
def test_url_page_over_size_limit_is_refused(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, send_length: bool
) -> None:
    monkeypatch.setattr(config, "MAX_DOWNLOAD_BYTES", 1000)
    server.routes["/big"] = Route(HTML_PAGE.encode() * 2, send_length=send_length)

    with pytest.raises(ReadError, match="larger than") as caught:
        read_url(server.url("/big"))

    assert caught.value.origin == server.url("/big")


def test_url_download_cut_short_is_refused(server: LocalServer) -> None:
    server.routes["/cut"] = Route(HTML_PAGE.encode()[:200], declared_length=50_000)
    with pytest.raises(ReadError, match=r"/cut: the download was cut short \(200 of 50000 bytes\)"):
        read_url(server.url("/cut"))


def test_url_image_is_refused(server: LocalServer) -> None:
    server.routes["/photo.png"] = Route(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")

    with pytest.raises(ReadError, match="image/png"):
        read_url(server.url("/photo.png"))


# --- bad input --------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "empty" in read_error(write(tmp_path, "empty.txt", b"")).reason


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    assert "empty" in read_error(write(tmp_path, "blank.txt", " \n\t\r\n  \n")).reason


def test_binary_file_with_txt_extension_is_refused(tmp_path: Path) -> None:
    data = bytes(range(256)) * 8
    assert "binary" in read_error(write(tmp_path, "photo.txt", data)).reason


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 16
    assert "not a readable PDF" in read_error(write(tmp_path, "broken.pdf", data)).reason


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.docx", b"This was never a Word document.\n" * 10)
    assert "not a readable Word document" in read_error(path).reason


def test_zip_without_word_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "Just a zipped text file.")
    assert "not a readable Word document" in read_error(path).reason


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "story.xyz", ARTICLE))

    assert "unsupported file type '.xyz'" in error.reason
    assert ".txt" in error.reason


def test_file_over_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "MAX_FILE_BYTES", 100)
    assert "larger than" in read_error(write(tmp_path, "long.txt", ARTICLE)).reason


def test_html_page_without_article_text_is_refused(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Home</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    )
    assert "no article text" in read_error(write(tmp_path, "menu.html", page)).reason


def test_text_too_short_to_be_an_article_is_refused(tmp_path: Path) -> None:
    assert "no article text" in read_error(write(tmp_path, "short.txt", "Hello.")).reason


# --- finding files ----------------------------------------------------------------------


def test_expand_paths_finds_supported_files_in_folders_sorted(tmp_path: Path) -> None:
    for name in (
        "b.md",
        "a.txt",
        "photo.png",
        "notes.xyz",
        ".hidden.txt",
        ".git/config.txt",
        "sub/d.pdf",
        "sub/c.HTML",
        "sub/.cache/e.docx",
    ):
        write(tmp_path, name, ARTICLE)

    found = list(expand_paths([tmp_path]))

    assert found == [
        tmp_path / "a.txt",
        tmp_path / "b.md",
        tmp_path / "sub" / "c.HTML",
        tmp_path / "sub" / "d.pdf",
    ]


def test_expand_paths_passes_files_through_and_reports_missing_ones(tmp_path: Path) -> None:
    present = write(tmp_path, "story.txt", ARTICLE)
    missing = tmp_path / "gone.txt"

    found = list(expand_paths([present, missing]))

    assert found[0] == present
    assert isinstance(found[1], ReadError)
    assert str(missing) in str(found[1])
    assert "no such file" in found[1].reason


# --- pasted text ------------------------------------------------------------------------


def test_read_pasted_records_the_given_metadata() -> None:
    document = read_pasted(
        ARTICLE,
        title="Licence rules",
        outlet="City Desk",
        url="https://city.example/licences",
        published=date(2024, 1, 31),
    )

    assert document.origin_kind is OriginKind.PASTED
    assert document.origin == "pasted text"
    assert document.title == "Licence rules"
    assert document.outlet == "City Desk"
    assert document.url == "https://city.example/licences"
    assert document.published == date(2024, 1, 31)
    assert document.text == ARTICLE.strip()


def test_read_pasted_without_title_uses_first_line() -> None:
    assert read_pasted(ARTICLE).title == "Council approves new licence rules"


def test_https_trusts_certifi_where_the_system_keeps_no_certificates_where_openssl_looks(
    monkeypatch, tmp_path
):
    nowhere = ssl.DefaultVerifyPaths(
        str(tmp_path / "cert.pem"), str(tmp_path / "certs"), "", "", "", ""
    )
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: nowhere)

    context = tls_context()

    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 100
