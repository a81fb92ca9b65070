"""bench/extraction_eval.py on a small slice of CoNLL-2003: it runs, prints, and ours (before and
after the archive-wide resolution pass) beats raw spaCy."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_extraction_eval_prints_figures_and_ours_beats_raw():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "extraction_eval.py"), "--limit", "30"],
                            capture_output=True, text=True, timeout=300, check=True)
    figures = {}
    for line in result.stdout.splitlines():
        match = re.match(r"^((?:persons|places|orgs) [PRF1]+|date accuracy)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", line)
        if match:
            figures[match.group(1)] = (float(match.group(2)), float(match.group(3)), float(match.group(4)))
    assert set(figures) == {f"{kind} {m}" for kind in ("persons", "places", "orgs") for m in ("P", "R", "F1")} | {
        "date accuracy"}, result.stdout
    for key in ("persons F1", "places F1", "orgs F1"):
        raw, ours, resolved = figures[key]
        assert ours > raw and resolved > raw, (key, result.stdout)
    raw_dates, our_dates, _ = figures["date accuracy"]
    assert our_dates >= max(raw_dates, 0.99), result.stdout
