"""Change a few keys of a text's front matter (or of publication.yml) and nothing else.

A person wrote the file: her comments, her key order, her quoting and above all her words must survive an
editor's click. So the YAML goes through ruamel.yaml's round trip (which keeps comments, order and quoting),
the Markdown body is never decoded or re-encoded (its bytes are copied), and a post-condition compares the
old and new YAML line by line: a line may change only if it belongs to a key this edit changes. Anything
else (an unusual indentation ruamel would re-flow, mixed ``null`` styles) is refused with the exact edit to
make by hand, rather than written.

This module only turns bytes into bytes; actions.py decides what to change, checks it, writes and logs it.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import itertools
from dataclasses import dataclass
from datetime import date

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from ..intake import schema

MESSAGES: dict[str, tuple[str, str]] = {
    "desk.needs-fix": (
        "Fila er ikke lagret som ren UTF-8 med vanlige linjeskift ({problem}). Kjør `hefte fix {file}` først, "
        "så kan endringen gjøres.",
        "The file is not saved as plain UTF-8 with ordinary line ends ({problem}). Run `hefte fix {file}` first, "
        "then make the change.",
    ),
    "desk.no-front-matter": (
        "Fila har ingen innledning (front matter) mellom to `---`-linjer, så feltene kan ikke endres. Rett fila "
        "(se `hefte check`) og prøv igjen.",
        "The file has no front matter between two `---` lines, so its fields cannot be changed. Repair the file "
        "(see `hefte check`) and try again.",
    ),
    "desk.unreadable-yaml": (
        "Innledningen kan ikke leses ({problem}). Rett fila (se `hefte check`) og prøv igjen.",
        "The front matter cannot be read ({problem}). Repair the file (see `hefte check`) and try again.",
    ),
    "desk.not-a-map": (
        "«{key}» er ikke en gruppe med felt, så «{child}» kan ikke settes der. Rett fila for hånd.",
        "«{key}» is not a group of fields, so «{child}» cannot be set in it. Repair the file by hand.",
    ),
    "desk.would-reformat": (
        "Endringen ville også ha endret linje {at} («{text}»), som ikke har med saken å gjøre, fordi fila er "
        "formatert på en uvanlig måte. Ingenting er endret. Gjør endringen for hånd: {wanted}.",
        "The change would also have altered line {at} («{text}»), which has nothing to do with it, because the "
        "file is formatted in an unusual way. Nothing was changed. Make the change by hand: {wanted}.",
    ),
}


class EditRefused(Exception):
    """Raised by :func:`edit_yaml` / :func:`edit_front_matter`: a message code, the 1-based line, parameters."""

    def __init__(self, code: str, line: int = 0, **params):
        self.code, self.line, self.params = code, line, params
        super().__init__(code, line, params)


@dataclass(frozen=True)
class Set:
    """Set a dotted key (``review.status``) to a value; missing keys (and groups) are added in schema order."""

    key: str
    value: object

    def describe(self) -> str:
        return f"{self.key}: {plain(self.value)}"


@dataclass(frozen=True)
class Delete:
    """Remove a dotted key if it is there."""

    key: str

    def describe(self) -> str:
        return f"fjern {self.key}"


Edit = Set | Delete

BOM = b"\xef\xbb\xbf"


def sha256(data: bytes) -> str:
    """The hash callers read with a file and hand back to prove it has not changed since (hex)."""
    return hashlib.sha256(data).hexdigest()


def current(data: bytes, key: str, *, front_matter: bool = True):
    """The value at a dotted key as it is now (None when absent or unreadable): for the log's before/after."""
    try:
        yaml_text = _split(data)[1] if front_matter else _decode(data)
        node = yaml.safe_load(yaml_text) or {}
    except (EditRefused, yaml.YAMLError):
        return None  # the edit itself then says what is wrong with the file
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def edit_front_matter(data: bytes, edits: list[Edit], fields: dict | None = None) -> bytes:
    """A Markdown file with front matter, with ``edits`` applied; everything after the closing ``---`` is
    copied byte for byte. ``fields``: the schema that orders new keys (default: a text's)."""
    head, yaml_text, tail = _split(data)
    return head + edit_yaml(yaml_text, edits, fields or schema.TEXT, first_line=2).encode("utf-8") + tail


def edit_yaml_file(data: bytes, edits: list[Edit], fields: dict) -> bytes:
    """A whole-YAML file (publication.yml) with ``edits`` applied."""
    return edit_yaml(_decode(data), edits, fields).encode("utf-8")


def edit_yaml(yaml_text: str, edits: list[Edit], fields: dict, *, first_line: int = 1) -> str:
    """A whole YAML mapping (publication.yml, or the inside of a front matter) with ``edits`` applied.

    ``first_line``: the file line of the YAML's first line, for messages."""
    if "\r" in yaml_text:
        raise EditRefused("desk.needs-fix", first_line, problem="CRLF")
    spans = _spans(yaml_text, first_line)
    best = None
    for settings in _CANDIDATES:
        # Pick the indentation and null style this file was written in: the one that gives it back unchanged.
        loader = _yaml(*settings)
        try:
            data = loader.load(yaml_text)
        except YAMLError as exc:
            raise EditRefused("desk.unreadable-yaml", first_line, problem=str(exc).split("\n")[0]) from None
        changed = len(_changed_lines(yaml_text, _dump(loader, data, yaml_text)))
        if best is None or changed < best[0]:
            best = changed, settings
        if changed == 0:
            break
    loader = _yaml(*best[1])
    data = loader.load(yaml_text)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise EditRefused("desk.unreadable-yaml", first_line, problem="not a mapping")
    allowed: set[int] = set()
    for change in edits:
        allowed |= _allowed_lines(change.key, spans)
        _apply(data, change, fields)
    new_text = _dump(loader, data, yaml_text)
    stray = sorted(set(_changed_lines(yaml_text, new_text)) - allowed)
    if stray:
        line = stray[0]
        raise EditRefused("desk.would-reformat", first_line + line, at=first_line + line,
                          text=yaml_text.split("\n")[line].strip()[:60],
                          wanted="; ".join(change.describe() for change in edits))
    return new_text


# --- the file around the YAML ------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(BOM):
        raise EditRefused("desk.needs-fix", 1, problem="BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise EditRefused("desk.needs-fix", 1, problem="not UTF-8") from None


def _split(data: bytes) -> tuple[bytes, str, bytes]:
    """(first ``---`` line, YAML text, closing line + body as the original bytes)."""
    _decode(data)  # the whole file must be UTF-8; only the YAML part is ever re-encoded
    lines = data.split(b"\n")
    if lines[0].strip() != b"---":
        raise EditRefused("desk.no-front-matter", 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (b"---", b"..."):
            yaml_bytes = b"\n".join(lines[1:index]) + (b"\n" if index > 1 else b"")
            return lines[0] + b"\n", yaml_bytes.decode("utf-8"), b"\n".join(lines[index:])
    raise EditRefused("desk.no-front-matter", 1)


# --- ruamel.yaml ------------------------------------------------------------------------------------------

_CANDIDATES = list(itertools.product(((2, 2, 0), (2, 4, 2), (4, 4, 0), (4, 6, 2)), ("null", "", "~")))
"""(mapping indent, sequence indent, dash offset) x how ``None`` is written. Width is unlimited: a long alt
text stays on its line, as a person wrote it."""


def _yaml(indent: tuple[int, int, int], null: str) -> YAML:
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    loader.width = 1_000_000
    loader.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    loader.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", null))
    loader.representer.add_representer(str, _represent_str)
    return loader


_PYYAML = yaml.resolver.Resolver()


def _represent_str(representer, value: str):
    """A new string value, quoted where the loader would read it as something else.

    ruamel writes YAML 1.2, where a bare ``yes``, ``no`` or ``on`` is text; the loader (PyYAML) reads YAML 1.1,
    where they are booleans. An editor's note «no» must come back as «no», not ``false``."""
    if _PYYAML.resolve(yaml.nodes.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return representer.represent_str(value)


def _dump(loader: YAML, data, original: str) -> str:
    out = io.StringIO()
    if data is not None and (data or original.strip()):
        loader.dump(data, out)
    text = out.getvalue()
    if text == "{}\n" and not original.strip():
        text = ""
    # A YAML without a final line break keeps it that way.
    return text if original.endswith("\n") or not text.endswith("\n") else text[:-1]


def _apply(data: CommentedMap, change: Edit, fields: dict) -> None:
    *parents, leaf = change.key.split(".")
    node, spec = data, fields
    for depth, part in enumerate(parents):
        child_spec = (spec.get(part).fields if spec and spec.get(part) is not None else None) or {}
        if node.get(part) is None:
            if isinstance(change, Delete):
                return
            if part in node:
                node[part] = CommentedMap()  # `review: null` becomes a group
            else:
                _insert(node, part, CommentedMap(), spec)
        if not isinstance(node[part], dict):
            raise EditRefused("desk.not-a-map", 0, key=".".join(parents[:depth + 1]), child=leaf)
        node, spec = node[part], child_spec
    if isinstance(change, Delete):
        node.pop(leaf, None)
    elif isinstance(node.get(leaf), CommentedSeq) and isinstance(change.value, list):
        node[leaf] = _reordered(node[leaf], change.value)
    elif leaf in node:
        node[leaf] = _value(change.value)
    else:
        _insert(node, leaf, _value(change.value), spec)


def _insert(node: CommentedMap, key: str, value, spec: dict | None) -> None:
    """Add ``key`` after the last present key that comes before it in the schema (else at the end)."""
    order = list(spec or {})
    if key in order:
        before = [k for k in order[:order.index(key)] if k in node]
        if before:
            node.insert(list(node).index(before[-1]) + 1, key, value)
            return
        after = [k for k in order[order.index(key) + 1:] if k in node]
        if after:
            node.insert(list(node).index(after[0]), key, value)
            return
    node[key] = value


def _value(value):
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)  # a note with line breaks stays readable, line by line
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq(value)
    return value


def _reordered(old: CommentedSeq, items: list) -> CommentedSeq:
    """A new list whose items keep the comments they had in ``old`` (``- natta.md  # anonym`` moves whole)."""
    new = CommentedSeq(items)
    first: dict = {}
    for index, item in enumerate(old):
        first.setdefault(item, index)
    for index, item in enumerate(items):
        if first.get(item) in old.ca.items:
            new.ca.items[index] = old.ca.items[first[item]]
    new.ca.comment = old.ca.comment
    if old.fa.flow_style():
        new.fa.set_flow_style()
    return new


def plain(value) -> str:
    """A value as it stands in YAML (``null``, ``true``, ``2026-11-22``), for messages and the CLI."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(map(plain, value)) + "]"
    return str(value)


# --- the post-condition ------------------------------------------------------------------------------------


def _changed_lines(old: str, new: str) -> list[int]:
    """0-based lines of ``old`` that are not kept, in order, in ``new`` (added lines do not count)."""
    a, b = old.split("\n"), new.split("\n")
    changed = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            changed.extend(range(i1, i2))
    return changed


@dataclass(frozen=True)
class _Span:
    first: int
    """0-based line of the key."""
    last: int
    """0-based last line of its value."""
    whole: bool
    """Adding a key inside rewrites the value's lines: a flow collection (``{a: 1}``) or a scalar (``null``)."""


def _spans(yaml_text: str, first_line: int) -> dict[str, _Span]:
    """Dotted key -> the lines its key and value occupy (PyYAML's marks are exact; ruamel's are per key)."""
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EditRefused("desk.unreadable-yaml", first_line + (mark.line if mark else 0),
                          problem=getattr(exc, "problem", None) or str(exc)) from None
    spans: dict[str, _Span] = {}

    def walk(node, prefix: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key_node, value_node in node.value:
            dotted = f"{prefix}{key_node.value}"
            end = value_node.end_mark
            last = end.line - 1 if end.column == 0 and end.line > key_node.start_mark.line else end.line
            whole = bool(getattr(value_node, "flow_style", False)) or not isinstance(value_node, yaml.MappingNode)
            spans[dotted] = _Span(key_node.start_mark.line, last, whole)
            walk(value_node, dotted + ".")

    walk(root, "")
    return spans


def _allowed_lines(key: str, spans: dict[str, _Span]) -> set[int]:
    """Lines an edit of ``key`` may rewrite: its own, and those of a flow-style group it sits in."""
    allowed: set[int] = set()
    parts = key.split(".")
    for depth in range(len(parts), 0, -1):
        span = spans.get(".".join(parts[:depth]))
        if span is None:
            continue
        if depth == len(parts) or span.whole:
            allowed |= set(range(span.first, span.last + 1))
    return allowed
