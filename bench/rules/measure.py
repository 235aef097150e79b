"""Samples a running Prometheus' rule evaluation for a while and prints a Markdown report.

Every evaluation interval it reads /api/v1/rules (the last evaluation time of every group and rule) and a
few of Prometheus' own metrics. Each group evaluation is counted once, by its lastEvaluation timestamp.

Usage: measure.py --url http://127.0.0.1:9090 --minutes 10 --interval 30 --out results.json
"""
import argparse
import json
import statistics
import time
import urllib.parse
import urllib.request


def get(url, path, **params):
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"{url}{path}{query}", timeout=60) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body}")
    return body["data"]


def scalar(url, expr):
    result = get(url, "/api/v1/query", query=expr)["result"]
    return float(result[0]["value"][1]) if result else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--interval", type=float, default=30)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    groups, rules, seen = {}, {}, set()
    deadline = time.time() + args.minutes * 60
    while time.time() < deadline:
        for group in get(args.url, "/api/v1/rules")["groups"]:
            key = (group["name"], group["lastEvaluation"])
            if key in seen or group["lastEvaluation"].startswith("0001"):
                continue
            seen.add(key)
            groups.setdefault(group["name"], []).append(group["evaluationTime"])
            for rule in group["rules"]:
                rules.setdefault((group["name"], rule["name"]), []).append(rule["evaluationTime"])
        time.sleep(args.interval / 3)

    snapshot = {
        "head_series": scalar(args.url, "prometheus_tsdb_head_series"),
        "recorded_series": scalar(args.url, 'count({__name__=~".+:.+"})'),
        "raw_http_series": scalar(args.url, 'count({__name__=~"http_server_request_duration_seconds_.+"})'),
        "targets_up": scalar(args.url, "sum(up)"),
        "scrape_seconds_p50": scalar(args.url, "quantile(0.5, scrape_duration_seconds)"),
        "missed_iterations": scalar(args.url, "sum(prometheus_rule_group_iterations_missed_total)"),
        "failed_evaluations": scalar(args.url, "sum(prometheus_rule_evaluation_failures_total)"),
        "firing_alerts": scalar(args.url, 'count(ALERTS{alertstate="firing"})'),
        "prometheus_cpu_cores_5m": scalar(args.url, 'rate(process_cpu_seconds_total{job="prometheus"}[5m])'),
        "prometheus_resident_bytes": scalar(args.url, 'process_resident_memory_bytes{job="prometheus"}'),
    }
    summary = {
        name: {"evaluations": len(times), "median": statistics.median(times), "max": max(times)}
        for name, times in sorted(groups.items())
    }
    heaviest = sorted(
        ({"group": g, "rule": r, "median": statistics.median(t), "max": max(t)} for (g, r), t in rules.items()),
        key=lambda x: -x["median"])[:8]
    with open(args.out, "w") as f:
        json.dump({"snapshot": snapshot, "groups": summary, "heaviest_rules": heaviest}, f, indent=2)

    total_median = sum(s["median"] for s in summary.values())
    print("| Group | Evaluations | Median | Max |")
    print("|---|---|---|---|")
    for name, s in summary.items():
        print(f"| `{name}` | {s['evaluations']} | {s['median'] * 1000:.0f} ms | {s['max'] * 1000:.0f} ms |")
    print(f"| all groups, one evaluation each (sum of medians) | | {total_median * 1000:.0f} ms | |")
    print()
    print(f"The whole rule set takes {total_median / args.interval:.1%} of the {args.interval:g} s evaluation interval.")
    print()
    print("| Heaviest rules | Group | Median | Max |")
    print("|---|---|---|---|")
    for r in heaviest:
        print(f"| `{r['rule']}` | `{r['group']}` | {r['median'] * 1000:.0f} ms | {r['max'] * 1000:.0f} ms |")
    print()
    for key, value in snapshot.items():
        print(f"- {key}: {value:.6g}")


if __name__ == "__main__":
    main()
