#!/usr/bin/env python3
"""Paired comparison of one load-test variant with every other, from bench/load/run.sh's results.tsv.

Each round runs every variant back to back, so the ratio of two variants within a round is the least disturbed by
the machine's drift. Per pair this prints the median of the per-round ratios, a distribution-free 95% confidence
interval of that median (order statistics of the binomial sign test) and in how many rounds the variant did
better. A difference counts as measured only when its interval excludes 1.
"""
import csv
import math
import statistics
import sys


def median_interval(values):
    """95% interval of the median: the k-th smallest and k-th largest of n values (normal approximation)."""
    ordered = sorted(values)
    n = len(ordered)
    k = max(0, math.floor(n / 2 - 0.98 * math.sqrt(n)))
    return ordered[k], ordered[n - 1 - k]


def main(path, subject):
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    by_round = {}
    for row in rows:
        by_round.setdefault(int(row["round"]), {})[row["variant"]] = row
    variants = list(dict.fromkeys(row["variant"] for row in rows))
    if subject not in variants:
        print(f"paired.py: no variant {subject} in {path}", file=sys.stderr)
        return 1

    measures = [
        ("CPU per request", "cpu_us_per_request", "lower"),
        ("user-mode CPU per request", "user_cpu_us_per_request", "lower"),
        ("requests/s", "requests_per_second", "higher"),
    ]
    print(f"| {subject} against | Rounds | Measure | Median ratio | 95% interval | Rounds {subject} did better | Measured difference |")
    print("|---|---:|---|---:|---:|---:|---|")
    for other in variants:
        if other == subject:
            continue
        rounds = [r for r in by_round.values() if subject in r and other in r]
        for label, column, better in measures:
            if column not in rows[0]:
                continue  # results of an older harness
            pairs = [(float(r[subject][column]), float(r[other][column])) for r in rounds]
            ratios = [a / b for a, b in pairs if b > 0]
            if not ratios:
                continue
            low, high = median_interval(ratios)
            wins = sum(1 for x in ratios if (x < 1 if better == "lower" else x > 1))
            if low <= 1 <= high:
                verdict = "none (interval includes 1)"
            else:
                verdict = f"{subject} better" if (high < 1) == (better == "lower") else f"{subject} worse"
            print(f"| {other} | {len(ratios)} | {label} | {statistics.median(ratios):.3f} | {low:.3f}-{high:.3f} | {wins}/{len(ratios)} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "otelkpi"))
