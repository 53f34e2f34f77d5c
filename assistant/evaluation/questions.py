"""The question-set format of DESIGN.md, read strictly.

One JSON object a line: ``{"id", "question" | "turns", "answers", "support",
"unanswerable"}``, plus an optional ``category`` used to group the results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from vectorstore.errors import InputError


@dataclass(frozen=True)
class Case:
    """One question (or conversation) and what a correct answer looks like."""

    id: str
    turns: tuple[str, ...]
    answers: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    unanswerable: bool = False
    category: str = field(default="")

    @property
    def question(self) -> str:
        """The question the gold answers apply to: the last turn."""
        return self.turns[-1]

    @property
    def group(self) -> str:
        """The category shown in reports (multi-turn and unanswerable when unnamed)."""
        if self.category:
            return self.category
        if self.unanswerable:
            return "unanswerable"
        return "multi-turn" if len(self.turns) > 1 else "single"


def load_cases(path: Path) -> list[Case]:
    """Reads a question set; a malformed line is a one-line error naming it.

    Raises:
        InputError: the file is missing, empty or has a line not in the format.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read question set {path}: {exc}") from None
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        case = _case(line, f"{path}:{number}")
        if case.id in seen:
            raise InputError(f"{path}:{number}: duplicate id {case.id!r}; ids must be unique")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise InputError(f"{path} has no questions; write one JSON object a line (see DESIGN.md)")
    return cases


def _case(line: str, where: str) -> Case:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg}); write one object a line") from None
    if not isinstance(row, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(row).__name__}")
    if "turns" in row:
        turns = row["turns"]
    elif "question" in row:
        turns = [row["question"]]
    else:
        raise InputError(f'{where}: needs "question" (or "turns" for a conversation)')
    unanswerable = row.get("unanswerable", False)
    answers, support = row.get("answers", []), row.get("support", [])
    if not _strings(turns) or not turns:
        raise InputError(f"{where}: the question/turns must be non-empty strings")
    if not (_strings(answers) and _strings(support)):
        raise InputError(f'{where}: "answers" and "support" must be lists of strings')
    if not isinstance(unanswerable, bool):
        raise InputError(f'{where}: "unanswerable" must be true or false')
    if not unanswerable and not answers:
        raise InputError(f"{where}: an answerable case needs at least one gold answer")
    return Case(
        id=str(row.get("id") or where.rsplit(":", 1)[-1]),
        turns=tuple(turns),
        answers=tuple(answers),
        support=tuple(support),
        unanswerable=unanswerable,
        category=str(row.get("category") or ""),
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
