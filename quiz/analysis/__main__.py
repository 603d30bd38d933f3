"""``python -m quiz.analysis [--select] FILE`` (or ``-`` for standard input): one JSON object per
sentence; ``--select`` adds ``"selected": true|false`` (the preselection of quiz statements)."""

from __future__ import annotations

import json
import sys

from quiz.analysis import analyse
from quiz.analysis.selection import preselect

USAGE = "usage: python -m quiz.analysis [--select] FILE  (or - to read standard input)"


def read_input(name: str) -> str:
    """The text of a file or of standard input; raises ValueError with a clear message."""
    try:
        raw = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()  # noqa: SIM115
    except OSError as error:
        raise ValueError(f"cannot read {name}: {error.strerror or error}") from None
    if b"\x00" in raw:
        raise ValueError(f"{name} is not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{name} is not UTF-8 text") from None
    if not text.strip():
        raise ValueError(f"{name} is empty")
    return text


def main(argv: list[str]) -> int:
    """Print the analysis of one article as JSON lines; exit 1 on bad input, 2 on bad usage."""
    select = "--select" in argv
    names = [a for a in argv if a != "--select"]
    if len(names) != 1 or names[0] in {"-h", "--help"} or names[0].startswith("--"):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        text = read_input(names[0])
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    rows = [sentence.as_dict() for sentence in analyse(text)]
    chosen = set(preselect(rows, text)) if select else set()
    out = sys.stdout
    for index, row in enumerate(rows):
        if select:
            row["selected"] = index in chosen
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
