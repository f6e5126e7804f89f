"""One reader per input format, each returning a `Document` or raising `ReadError`.

The HTML, PDF and Word libraries are imported by their readers, so that commands
which read nothing do not pay for loading them.

Readers only turn bytes into clean text and metadata; they know nothing of the
database or of claims. Parsers of untrusted files fail in many library-specific
ways, so each reader turns any parser failure into one `ReadError` that names
the input and the reason.
"""

from __future__ import annotations

import http.client
import io
import itertools
import re
import ssl
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import certifi
import charset_normalizer
from markdown_it import MarkdownIt

from workbench import __version__, config
from workbench.errors import ReadError
from workbench.ingest.clean import blocks_to_text, join_hyphenated_lines, normalize_text
from workbench.store.models import OriginKind

MIN_TEXT_CHARS = 20


@dataclass
class Document:
    """An article as read from its origin, before any claims are extracted."""

    text: str
    title: str
    origin: str
    origin_kind: OriginKind
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published: date | None = None
    warnings: list[str] = field(default_factory=list)


def read_file(path: Path) -> Document:
    """Read one file of a supported format."""
    origin = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(
            origin, f"unsupported file type {path.suffix or '(none)'!r}; {_supported()}"
        )
    data = _read_bytes(path)
    document = reader(data, origin)
    document.origin_kind = OriginKind.FILE
    if not document.title:
        document.title = path.stem.replace("_", " ")
    return _finish(document)


def read_pasted(
    text: str,
    origin: str = "pasted text",
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: date | None = None,
) -> Document:
    """Text typed, pasted or piped in, with whatever metadata the user gave."""
    document = _plain_text_document(text, origin)
    document.origin_kind = OriginKind.PASTED
    document.title = title or document.title or "Untitled"
    document.outlet, document.url, document.published = outlet, url, published
    return _finish(document)


def read_url(url: str) -> Document:
    """Fetch a web address (with a timeout and a size limit) and read it like a file."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise ReadError(url, "only http:// and https:// addresses can be imported")
    data, content_type = _download(url)
    if "pdf" in content_type:
        document = read_pdf(data, url)
    elif "html" in content_type or "xml" in content_type or not content_type:
        document = read_html(data, url)
    elif content_type.startswith("text/"):
        document = read_text(data, url)
    else:
        raise ReadError(url, f"the server sent {content_type!r}, not a web page, text or PDF")
    document.origin_kind = OriginKind.URL
    document.url = document.url or url
    document.title = document.title or url
    return _finish(document)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | ReadError]:
    """Every file to import: files as given, folders searched for supported files."""
    for path in paths:
        if path.is_dir():
            yield from _supported_files_in(path)
        elif path.exists():
            yield path
        else:
            yield ReadError(str(path), "no such file or folder")


def _supported_files_in(folder: Path) -> Iterator[Path]:
    for candidate in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in candidate.relative_to(folder).parts)
        if candidate.is_file() and not hidden and candidate.suffix.lower() in READERS:
            yield candidate


def _finish(document: Document) -> Document:
    document.text = normalize_text(document.text)
    if len(document.text) < MIN_TEXT_CHARS:
        raise ReadError(document.origin, "no article text found")
    document.title = " ".join(document.title.split())[:500]
    return document


def _supported() -> str:
    return "supported: " + ", ".join(sorted(READERS))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > config.MAX_FILE_BYTES:
            raise _too_large(str(path), "file", config.MAX_FILE_BYTES)
        data = path.read_bytes()
    except PermissionError as exc:
        raise ReadError(str(path), "permission denied") from exc
    except OSError as exc:
        raise ReadError(str(path), exc.strerror or "cannot be read") from exc
    if not data.strip():
        raise ReadError(str(path), "the file is empty")
    return data


def _too_large(origin: str, what: str, limit: int) -> ReadError:
    return ReadError(origin, f"the {what} is larger than the {limit / 2**20:g} MB limit")


# --- plain text and Markdown ------------------------------------------------------------

_UTF_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: Windows' encoding for English and Western Europe, the likeliest one for text that is not UTF-8.
_WESTERN = "cp1252"
#: How much messier than the detector's best guess cp1252 may read and still be chosen, if it
#: reads as coherent. A short text reads about as well in every single-byte Latin code page, and
#: the detector then picks one (cp1250, cp1257) that turns "naïve" into "naďve", "año" into "ańo".
_WESTERN_MARGIN = 0.1


def decode_text(data: bytes, origin: str) -> str:
    """Decode text of any common encoding; binary data is refused."""
    if data.startswith(_UTF_BOMS):
        return str(charset_normalizer.from_bytes(data).best() or data.decode("utf-8", "replace"))
    if b"\x00" in data:
        raise ReadError(origin, "this is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError(origin, "the text encoding could not be recognised")
    western = next((m for m in matches if _WESTERN in m.could_be_from_charset), None)
    if (
        western is not None
        and western.chaos <= best.chaos + _WESTERN_MARGIN
        and western.coherence >= best.coherence
    ):
        return str(western)
    return str(best)


def read_text(data: bytes, origin: str) -> Document:
    return _plain_text_document(decode_text(data, origin), origin)


def _plain_text_document(text: str, origin: str) -> Document:
    text = normalize_text(text)
    first_line = text.split("\n", 1)[0].strip()
    title = first_line if _looks_like_title(first_line) else ""
    return Document(text=text, title=title, origin=origin, origin_kind=OriginKind.FILE)


def _looks_like_title(line: str) -> bool:
    return 0 < len(line.split()) <= 25 and not line.endswith((".", ",", ";"))


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MARKDOWN = MarkdownIt("commonmark")
_MARKDOWN_BLOCKS = {"paragraph_open", "heading_open"}


def read_markdown(data: bytes, origin: str) -> Document:
    source = normalize_text(decode_text(data, origin))
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(source + "\n")
    if front:
        meta = _parse_front_matter(front.group(1))
        source = source[front.end() :]
    blocks, first_heading = _markdown_blocks(source)
    return Document(
        text=blocks_to_text(blocks),
        title=meta.get("title") or first_heading,
        origin=origin,
        origin_kind=OriginKind.FILE,
        outlet=meta.get("outlet") or meta.get("publisher") or meta.get("source"),
        byline=meta.get("author") or meta.get("byline"),
        url=meta.get("url") or meta.get("canonical_url"),
        published=_parse_date(meta.get("date") or meta.get("published")),
    )


def _parse_front_matter(block: str) -> dict[str, str]:
    meta = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and value.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta


def _markdown_blocks(source: str) -> tuple[list[str], str]:
    """Paragraphs, headings and list items as plain text; code and markup dropped."""
    tokens = _MARKDOWN.parse(source)
    blocks: list[str] = []
    first_heading = ""
    for opening, inline in itertools.pairwise(tokens):
        if opening.type not in _MARKDOWN_BLOCKS or inline.type != "inline":
            continue
        text = "".join(_inline_text(child) for child in inline.children or [])
        if opening.type == "heading_open" and not first_heading:
            first_heading = text.strip()
        blocks.append(text)
    return blocks, first_heading


def _inline_text(token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return ""


# --- web pages --------------------------------------------------------------------------


def read_html(data: bytes, origin: str) -> Document:
    """Main text and metadata of a saved or fetched page; scripts, menus and ads dropped."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            data,
            url=origin if origin.startswith("http") else None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup
        raise ReadError(origin, f"the page could not be parsed ({exc})") from exc
    if extracted is None or not (extracted.text or "").strip():
        raise ReadError(origin, "no article text found in the page")
    return Document(
        text=blocks_to_text(extracted.text.split("\n")),
        title=extracted.title or "",
        origin=origin,
        origin_kind=OriginKind.FILE,
        outlet=extracted.sitename or extracted.hostname,
        byline=extracted.author,
        url=extracted.url,
        published=_parse_date(extracted.date),
    )


def tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, or certifi's where the system has none where
    OpenSSL looks.

    The standalone app carries the build machine's OpenSSL, which looks where
    Debian keeps certificates (/usr/lib/ssl); Fedora, Arch or macOS keep them
    elsewhere, and every https address would then fail to verify.
    """
    paths = ssl.get_default_verify_paths()
    cafile = Path(paths.cafile) if paths.cafile else None
    capath = Path(paths.capath) if paths.capath else None
    if (cafile and cafile.is_file()) or (capath and capath.is_dir() and any(capath.iterdir())):
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


def _download(url: str) -> tuple[bytes, str]:
    request = urllib.request.Request(
        url, headers={"User-Agent": f"fact-check-workbench/{__version__}"}
    )
    limit = config.MAX_DOWNLOAD_BYTES
    try:
        with urllib.request.urlopen(
            request, timeout=config.DOWNLOAD_TIMEOUT, context=tls_context()
        ) as response:
            declared = response.headers.get("Content-Length", "")
            expected = int(declared) if declared.isdigit() else None
            if expected is not None and expected > limit:
                raise _too_large(url, "page", limit)
            data = response.read(limit + 1)
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise ReadError(url, f"the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise ReadError(url, f"could not be fetched ({exc.reason})") from exc
    except TimeoutError as exc:
        raise ReadError(url, f"no answer within {config.DOWNLOAD_TIMEOUT:g} seconds") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise ReadError(url, f"the download failed ({exc.__class__.__name__}: {exc})") from exc
    if len(data) > limit:
        raise _too_large(url, "page", limit)
    if expected is not None and len(data) < expected:
        raise ReadError(url, f"the download was cut short ({len(data)} of {expected} bytes)")
    if not data.strip():
        raise ReadError(url, "the server sent an empty page")
    return data, content_type


# --- PDF and Word -----------------------------------------------------------------------


def read_pdf(data: bytes, origin: str) -> Document:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(origin, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ReadError(origin, f"not a readable PDF ({exc})") from exc
    text = join_hyphenated_lines(blocks_to_text(pages))
    if not text.strip():
        raise ReadError(origin, "the PDF has no text layer (a scanned image?)")
    return Document(
        text=text,
        title=(info.title if info else None) or "",
        origin=origin,
        origin_kind=OriginKind.FILE,
        byline=info.author if info else None,
    )


def read_docx(data: bytes, origin: str) -> Document:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
        properties = document.core_properties
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(origin, "not a readable Word document (.docx)") from exc
    except Exception as exc:  # python-docx and lxml raise many types on damaged files
        raise ReadError(origin, f"not a readable Word document ({exc})") from exc
    headings = [text for style, text in paragraphs if style.startswith(("Title", "Heading"))]
    return Document(
        text=blocks_to_text([text for _, text in paragraphs]),
        title=properties.title or (headings[0] if headings else ""),
        origin=origin,
        origin_kind=OriginKind.FILE,
        byline=properties.author or None,
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


READERS: dict[str, Callable[[bytes, str], Document]] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
