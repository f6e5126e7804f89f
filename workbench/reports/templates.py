"""The Jinja2 templates reports are written with, from `resources/templates/`.

HTML templates escape every value (autoescape); the Markdown environment
escapes every value as Markdown instead, unless a filter here already made it
Markdown. A desk restyles its reports by editing the templates, or by putting
its own copies in the folder `WORKBENCH_TEMPLATES` names.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from workbench import config
from workbench.errors import WorkbenchError
from workbench.reports.model import plural, safe_url


class MarkdownText(str):
    """Text that is Markdown already: the Markdown environment writes it as it is."""


def render_html(name: str, **values: Any) -> str:
    return _render(_html_environment(tuple(config.template_dirs())), name, values)


def render_markdown(name: str, **values: Any) -> str:
    return _render(_markdown_environment(tuple(config.template_dirs())), name, values)


def _render(environment: Environment, name: str, values: dict[str, Any]) -> str:
    """Render a template; a missing or broken one is an error naming it."""
    try:
        return environment.get_template(name).render(**values)
    except TemplateNotFound:
        folders = ", ".join(str(folder) for folder in config.template_dirs())
        raise WorkbenchError(f"the report template {name} is in none of: {folders}") from None
    except TemplateSyntaxError as exc:
        raise WorkbenchError(
            f"the report template {exc.filename or name}, line {exc.lineno}: {exc.message}"
        ) from None
    except TemplateError as exc:
        raise WorkbenchError(f"the report template {name} failed: {exc}") from None


@cache
def _html_environment(folders: tuple[Path, ...]) -> Environment:
    environment = _environment(folders)
    environment.autoescape = select_autoescape(enabled_extensions=("html", "html.j2", "svg"))
    environment.filters["lines"] = html_lines
    return environment


@cache
def _markdown_environment(folders: tuple[Path, ...]) -> Environment:
    environment = _environment(folders, finalize=_markdown_value)
    environment.filters["lines"] = markdown_lines
    environment.filters["link"] = markdown_link
    return environment


def _environment(folders: tuple[Path, ...], **options: Any) -> Environment:
    environment = Environment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    environment.filters["long_date"] = long_date
    environment.filters["link_target"] = safe_url
    environment.filters["plural"] = plural
    return environment


def long_date(value: date | datetime | None) -> str:
    """5 March 2024, the same in every locale."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


MONTHS = (
    "January February March April May June July August September October November December"
).split()


def html_lines(text: str) -> Markup:
    """Text with its line breaks kept, escaped."""
    return Markup("<br>\n").join(escape(line) for line in text.strip().splitlines())


# --- Markdown --------------------------------------------------------------------------

#: Characters that can start Markdown or HTML anywhere in a line (CommonMark and the
#: common extensions: tables, strikethrough, math).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>()#|~&$!])")
#: What makes a line a heading, a list item, a quote, a rule or a setext underline.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def markdown_escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text, on one line."""
    one_line = re.sub(r"\s+", " ", text)
    escaped = _INLINE_SPECIAL.sub(r"\\\1", one_line)
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    space, marker = match.groups()
    if marker[0].isdigit():
        return space + marker + "\\"
    return space + "\\" + marker


def markdown_lines(text: str) -> MarkdownText:
    """Text with its paragraphs and line breaks kept, each line escaped."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return MarkdownText(
        "\n\n".join(
            "  \n".join(markdown_escape(line) for line in paragraph.splitlines() if line.strip())
            for paragraph in paragraphs
        )
    )


def markdown_link(text: str, url: str | None) -> MarkdownText:
    """A link when the address is http(s); otherwise the text, and the address as text."""
    target = safe_url(url)
    label = markdown_escape(text or url or "")
    if target is None:
        if url and url != text:
            return MarkdownText(f"{label} ({markdown_escape(url)})")
        return MarkdownText(label)
    return MarkdownText(f"[{label}]({_link_destination(target)})")


def _link_destination(url: str) -> str:
    """An address that cannot end the link early: brackets and spaces are percent-encoded."""
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return url


def _markdown_value(value: Any) -> str:
    """Every value a Markdown template writes is escaped, unless it is Markdown already."""
    if isinstance(value, MarkdownText):
        return value
    if value is None:
        return ""
    return markdown_escape(str(value))
