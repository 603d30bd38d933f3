"""Speed and memory of the statement analyser.

Usage: .venv/bin/python bench/analysis_speed.py [--rounds 3]

Prints, in process and warm: the time for a 2,000-word and a 20,000-word text (made of the
development corpus's articles) and the rate in words per second over the corpus; then the cold
start of ``python -m quiz.analysis FILE`` (median of 5 runs), the peak memory of such a run, and
the resident memory of a fresh process before and after its first ``analyse()``.
"""

from __future__ import annotations

import argparse
import json
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
RSS_PROBE = """
import json, sys
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import quiz.analysis
before = rss()
quiz.analysis.analyse(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({"before": before, "after": rss()}))
"""


def texts() -> list[str]:
    """The corpus articles and the first article."""
    paths = sorted((SHARED / "corpus" / "dev" / "articles").glob("*.txt"))
    paths.append(SHARED / "articles" / "pyongyang-tribute.txt")
    return [p.read_text(encoding="utf-8") for p in paths]


def of_words(corpus: list[str], words: int) -> str:
    """A text of about ``words`` words: corpus articles, one after another, as paragraphs."""
    parts: list[str] = []
    count = 0
    while count < words:
        for text in corpus:
            parts.append(text.strip())
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(parts)


def timed(text: str, rounds: int) -> float:
    """Median seconds to analyse a text, warm."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        analyse(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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


def first_analysis_rss(path: Path) -> dict[str, float]:
    """Resident memory (MiB) of a fresh process before and after its first analysis."""
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    corpus = texts()
    first = SHARED / "articles" / "pyongyang-tribute.txt"
    rss = first_analysis_rss(first)
    analyse(corpus[0])  # load the parser
    short, long = of_words(corpus, 2_000), of_words(corpus, 20_000)
    short_s, long_s = timed(short, args.rounds), timed(long, args.rounds)
    words = sum(len(text.split()) for text in corpus)
    started = time.perf_counter()
    for _ in range(args.rounds):
        for text in corpus:
            analyse(text)
    rate = words * args.rounds / (time.perf_counter() - started)
    seconds, peak = cold_start(first)
    print(
        f"2,000 words ({len(short.split())}): {short_s:.2f} s; "
        f"20,000 words ({len(long.split())}): {long_s:.2f} s"
    )
    print(
        f"RSS of a fresh process: {rss['before']:.0f} MiB before its first analyse(), "
        f"{rss['after']:.0f} MiB after"
    )
    print(
        f"words/s={rate:.0f} cold_start_s={seconds:.2f} peak_rss_mib={peak:.1f} "
        f"s_2000_words={short_s:.2f} s_20000_words={long_s:.2f}"
    )


if __name__ == "__main__":
    main()
