"""Split a text into YAML front matter and Markdown body, and parse the YAML safely with line numbers.

Why not ``yaml.safe_load``: we need the line of every key (messages point at file:line), duplicate keys
must be an error rather than "last one wins" (a second ``web: true`` could silently overrule a ``false``),
and aliases/custom tags have no business in a consent form (alias bombs, object construction).

Two parsers, one outcome. PyYAML's own scanner and parser are pure Python and took most of a rebuild's load
stage (0.7 s for 200 texts); where PyYAML has LibYAML (``yaml.__with_libyaml__``), the events come from it
instead, and the same Python composer and conversion below turn them into the same values and lines. The two
word their errors differently and LibYAML takes a few things PyYAML refuses (a tab after a value), so a front
matter with a tab or a BOM goes to PyYAML's parser, and so does any front matter LibYAML's path fails on: every
message and its line stay PyYAML's, as before (tests/test_frontmatter.py holds both parsers to the same answers).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

MAX_FRONT_MATTER_BYTES = 64_000
MAX_DEPTH = 8
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class FrontMatterError(Exception):
    """Raised by parse/split with a message code and a 1-based line in the file."""

    def __init__(self, code: str, line: int, **params):
        self.code = code
        self.line = line
        self.params = params
        super().__init__(code, line, params)


@dataclass
class Parsed:
    data: dict
    """The front matter as plain Python values (str, int, bool, None, date, list, dict)."""
    lines: dict[str, int]
    """Dotted key -> 1-based line in the file."""
    body: str
    body_line: int
    """1-based line where the body starts."""


class _NoAliases:
    """Refuses aliases while composing: consent forms never need them, and they enable alias bombs."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise FrontMatterError("frontmatter.alias", event.start_mark.line + 1)
        return super().compose_node(parent, index)


class _Loader(_NoAliases, yaml.SafeLoader):
    """PyYAML's own parser: the reference, whose errors and lines are the ones users see."""


if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(_NoAliases, Composer, Resolver, yaml.cyaml.CParser):
        """LibYAML's scanner and parser under PyYAML's composer and resolver: the same nodes, made faster."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML wheels ship LibYAML
    _FastLoader = None


def split(text: str) -> tuple[str, str, int]:
    """Return (yaml_text, body, body_line). The YAML starts on line 2 of the file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError("frontmatter.missing", 1)
    budget = 0
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1 : number - 1])
            body = "\n".join(lines[number:])
            return yaml_text, body, number + 1
        budget += len(line.encode("utf-8")) + 1
        if budget > MAX_FRONT_MATTER_BYTES:
            raise FrontMatterError("frontmatter.too-large", 1, limit=MAX_FRONT_MATTER_BYTES // 1000)
    raise FrontMatterError("frontmatter.unclosed", 1)


def parse_yaml(yaml_text: str, first_line: int = 1) -> tuple[dict, dict[str, int]]:
    """Parse a YAML mapping; lines are offset so that line 1 of yaml_text is ``first_line`` of the file."""
    for number, line in enumerate(yaml_text.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise FrontMatterError("frontmatter.tab", number)
    if _FastLoader is not None and not _UNLIKE.intersection(yaml_text):
        try:
            return _mapping(yaml.compose(yaml_text, Loader=_FastLoader), first_line)
        except (yaml.YAMLError, FrontMatterError, ValueError):
            pass  # refused: PyYAML's parser below says why, in its own words and at its own line
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except FrontMatterError as exc:
        exc.line += first_line - 1
        raise
    except yaml.MarkedYAMLError as exc:
        # A key without its colon is found only on the next line; PyYAML's context is the line that lacks it.
        lacks_colon = exc.context == "while scanning a simple key" and exc.context_mark is not None
        mark = exc.context_mark if lacks_colon else (exc.problem_mark or exc.context_mark)
        line = (mark.line + first_line) if mark else first_line
        raise FrontMatterError("frontmatter.syntax", line, problem=exc.problem or str(exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises Marked errors for text input
        raise FrontMatterError("frontmatter.syntax", first_line, problem=str(exc)) from None
    return _mapping(node, first_line)


_UNLIKE = frozenset("\t\ufeff")
"""Characters LibYAML and PyYAML read differently (a tab after a value, a BOM starting a line): left to PyYAML."""


def _mapping(node, first_line: int) -> tuple[dict, dict[str, int]]:
    if node is None:
        return {}, {}
    if not isinstance(node, MappingNode):
        raise FrontMatterError("frontmatter.not-mapping", node.start_mark.line + first_line)
    lines: dict[str, int] = {}
    data = _convert(node, "", lines, first_line, 0, SafeConstructor())
    return data, lines


def parse(text: str) -> Parsed:
    """Split and parse a whole text file (already decoded, LF line ends)."""
    yaml_text, body, body_line = split(text)
    data, lines = parse_yaml(yaml_text, first_line=2)
    return Parsed(data, lines, body, body_line)


def _convert(node, prefix: str, lines: dict[str, int], offset: int, depth: int, constructor: SafeConstructor):
    line = node.start_mark.line + offset
    if depth > MAX_DEPTH:
        raise FrontMatterError("frontmatter.too-deep", line)
    if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in _COLLECTION_TAGS:
        raise FrontMatterError("frontmatter.tag", line, tag=node.tag)
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + offset
            if not isinstance(key_node, ScalarNode):
                raise FrontMatterError("frontmatter.bad-key", key_line)
            key = str(key_node.value)
            if key in result:
                raise FrontMatterError("frontmatter.duplicate-key", key_line, key=key, first=lines[_join(prefix, key)])
            dotted = _join(prefix, key)
            lines[dotted] = key_line
            result[key] = _convert(value_node, dotted, lines, offset, depth + 1, constructor)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            dotted = _join(prefix, str(index))
            lines[dotted] = item.start_mark.line + offset
            items.append(_convert(item, dotted, lines, offset, depth + 1, constructor))
        return items
    if node.tag not in _PLAIN_TAGS:
        raise FrontMatterError("frontmatter.tag", line, tag=node.tag)
    try:
        return constructor.construct_object(node)
    except (yaml.YAMLError, ValueError, IndexError):
        # e.g. a timestamp-looking value that is not a real date (2026-02-30); IndexError: PyYAML's int and float
        # constructors read the first character of an empty value with an explicit tag (`year: !!int`)
        return str(node.value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
