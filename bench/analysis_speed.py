"""Speed and memory of the statement analyser.

Usage: .venv/bin/python bench/analysis_speed.py [--rounds 20]

Prints the in-process rate (words per second after warm-up, over the development corpus and the
first article), the cold start of ``python -m quiz.analysis FILE`` (median of 5 runs) and the
peak memory of one such run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.analysis import analyse  # noqa: E402

SHARED = ROOT.parent / "shared"


def texts() -> list[str]:
    """The corpus articles and the first article."""
    paths = sorted((SHARED / "corpus" / "dev" / "articles").glob("*.txt"))
    paths.append(SHARED / "articles" / "pyongyang-tribute.txt")
    return [p.read_text(encoding="utf-8") for p in paths]


def in_process_rate(corpus: list[str], rounds: int) -> float:
    """Words per second over the corpus, after one warm-up pass."""
    for text in corpus:
        analyse(text)
    words = sum(len(text.split()) for text in corpus) * rounds
    started = time.perf_counter()
    for _ in range(rounds):
        for text in corpus:
            analyse(text)
    return words / (time.perf_counter() - started)


def cold_start(path: Path) -> tuple[float, float]:
    """Median seconds of the command, and the peak memory (MiB) of one run."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "quiz.analysis", str(path)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    corpus = texts()
    rate = in_process_rate(corpus, args.rounds)
    seconds, peak = cold_start(SHARED / "articles" / "pyongyang-tribute.txt")
    words = sum(len(text.split()) for text in corpus)
    print(f"corpus: {len(corpus)} articles, {words} words, {args.rounds} rounds")
    print(f"words/s={rate:.0f} cold_start_s={seconds:.2f} peak_rss_mib={peak:.1f}")


if __name__ == "__main__":
    main()
