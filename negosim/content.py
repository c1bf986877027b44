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


def load_yaml(text: str) -> Any:
    """Plain Python data from YAML text, with YAML's safe loader (no object tags)."""
    return YAML(typ="safe", pure=True).load(text)


def digest(text: str) -> str:
    """The version of a content file: the SHA-256 of its exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MAX_SOURCE_BYTES = 256 * 1024


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int | None
    path: str
    message: str

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


def parse_yaml_tree(text: str, file: str) -> Any:
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise ContentInvalid(
            [ContentError(file, None, "", f"file larger than {MAX_SOURCE_BYTES // 1024} KiB")]
        )
    try:
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentInvalid(
            [ContentError(file, line, "", f"not valid YAML: {exc.problem or exc.context}")]
        ) from None
    except Exception as exc:  # ruamel raises several unrelated types for odd input
        raise ContentInvalid([ContentError(file, None, "", f"not valid YAML: {exc}")]) from None


# More values than a file of MAX_SOURCE_BYTES can hold without aliases: past it, anchors
# and aliases are multiplying the document ("billion laughs") and reading stops.
MAX_VALUES = 200_000


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
            errors.append(ContentError(file, line, path, message))
        raise ContentInvalid(_dedupe(errors)) from None


def _dedupe(errors: list[ContentError]) -> list[ContentError]:
    seen, out = set(), []
    for e in errors:
        key = (e.line, e.path, e.message)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
