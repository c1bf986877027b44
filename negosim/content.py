"""Reading content files (YAML) the same way everywhere."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


def load_yaml(text: str) -> Any:
    """Plain Python data from YAML text, with YAML's safe loader (no object tags)."""
    return YAML(typ="safe", pure=True).load(text)


def digest(text: str) -> str:
    """The version of a content file: the SHA-256 of its exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MAX_SOURCE_BYTES = 256 * 1024


def N_(message: str) -> str:
    """Marks a loader's English message for the catalog; the workspace translates it when
    shown (``workspace.messages``), the CLI prints it as it is."""
    return message


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int | None
    path: str
    message: str
    code: str = ""  # the validator's error type (``missing``, ``int_parsing``…), if any
    params: tuple[tuple[str, str], ...] = ()  # its figures (``ge``, ``expected``…)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(file)'}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message}


class ContentInvalid(Exception):
    """Raised with every error found, not only the first."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# More values than a file of MAX_SOURCE_BYTES can hold without aliases: past it, anchors
# and aliases are multiplying the document ("billion laughs") and reading stops.
MAX_VALUES = 200_000
MAX_EXPANDED_CHARS = 4 * MAX_SOURCE_BYTES  # scalar text once aliases are expanded
MAX_MESSAGE_CHARS = 300  # a YAML error quotes the file: never more than this of it


def parse_yaml_tree(text: str, file: str) -> Any:
    """The round-trip tree of a content file, refused before it is built when it is too big,
    even once its aliases are expanded (anything built later, an error message included,
    may expand them)."""
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise ContentInvalid(
            [ContentError(file, None, "", f"file larger than {MAX_SOURCE_BYTES // 1024} KiB")]
        )
    try:
        refusal = alias_bomb(YAML(typ="rt", pure=True).compose(text))
        if refusal:
            raise ContentInvalid([ContentError(file, None, "", refusal)])
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentInvalid(
            [ContentError(file, line, "", f"not valid YAML: {_clip(exc.problem or exc.context)}")]
        ) from None
    except ContentInvalid:
        raise
    except Exception as exc:  # ruamel raises several unrelated types for odd input
        message = f"not valid YAML: {_clip(str(exc))}"
        raise ContentInvalid([ContentError(file, None, "", message)]) from None


def _clip(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + "…"


def alias_bomb(root: Node | None) -> str | None:
    """Why a composed document is refused, or None: the values and the scalar text it would
    hold with every alias expanded, counted on the node graph (an alias is the node it
    names, so each node is sized once) without expanding anything."""
    sizes: dict[int, tuple[int, int]] = {}  # node id -> values, characters
    open_ids: set[int] = set()

    def size(node: Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_ids:
            raise _Recursive
        open_ids.add(key)
        values, chars = 1, len(node.value) if isinstance(node, ScalarNode) else 0
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            v, c = size(child)
            values, chars = values + v, chars + c
            if values > MAX_VALUES or chars > MAX_EXPANDED_CHARS:
                break  # already too big: no need to size the rest
        open_ids.discard(key)
        sizes[key] = (values, chars)
        return values, chars

    if root is None:
        return None
    try:
        values, chars = size(root)
    except _Recursive:
        return "an alias refers to the node that contains it"
    if values > MAX_VALUES:
        return f"more than {MAX_VALUES} values once aliases are expanded"
    if chars > MAX_EXPANDED_CHARS:
        return f"more than {MAX_EXPANDED_CHARS // 1024} KiB of text once aliases are expanded"
    return None


class _Recursive(Exception):
    pass


class _TooManyValues(Exception):
    pass


def _plain(root: Any) -> Any:
    """Round-trip YAML nodes to plain data, so pydantic sees dicts, lists and scalars."""
    seen = 0

    def walk(node: Any) -> Any:
        nonlocal seen
        seen += 1
        if seen > MAX_VALUES:
            raise _TooManyValues
        if isinstance(node, CommentedMap):
            return {str(k): walk(v) for k, v in node.items()}
        if isinstance(node, CommentedSeq):
            return [walk(v) for v in node]
        if isinstance(node, bool | int | float | str) or node is None:
            return node if not isinstance(node, str) else str(node)
        return node

    return walk(root)


def locate(root: Any, loc: Sequence[Any]) -> tuple[int | None, str]:
    """The line and dotted path of a pydantic error location in the YAML tree."""
    node, line, parts = root, None, []
    for i, part in enumerate(loc):
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            parts.append(str(part))
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            parts.append(f"[{part}]")
            node = node[part]
        elif isinstance(node, CommentedMap) and isinstance(part, str) and i == len(loc) - 1:
            parts.append(str(part))  # a missing key: point at its parent
        # anything else is a union member's tag, not a place in the file
    path = ".".join(parts).replace(".[", "[")
    if line is None and isinstance(root, CommentedMap) and root.lc.line is not None:
        line = root.lc.line + 1
    return line, path


def validate_yaml(model: type[BaseModel], text: str, file: str) -> BaseModel:
    tree = parse_yaml_tree(text, file)
    if not isinstance(tree, CommentedMap):
        raise ContentInvalid([ContentError(file, 1, "", "expected a mapping of fields at the top")])
    try:
        data = _plain(tree)
    except _TooManyValues:
        message = f"more than {MAX_VALUES} values once aliases are expanded"
        raise ContentInvalid([ContentError(file, None, "", message)]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            line, path = locate(tree, err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown field (check its spelling against the documented format)"
            params = tuple((str(k), str(v)) for k, v in (err.get("ctx") or {}).items())
            errors.append(ContentError(file, line, path, message, err["type"], params))
        raise ContentInvalid(_dedupe(errors)) from None


def _dedupe(errors: list[ContentError]) -> list[ContentError]:
    seen, out = set(), []
    for e in errors:
        key = (e.line, e.path, e.message)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
