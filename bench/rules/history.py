"""Writes the history of the recorded series that the long windows and the anomaly bands read, in
OpenMetrics, for promtool tsdb create-blocks-from openmetrics.

In a Prometheus that has run the rules for days, avg_over_time(...[3d]) and avg_over_time(...[26h]) read
days of recorded samples. The benchmark cannot wait days, so it backfills those samples: one per
evaluation interval, per job, up to the moment the benchmark starts. Their values follow the same fleet
as the live targets (rates with a daily wave); the cost of reading them does not depend on the values.

Usage: history.py --jobs 200 --routes 20 --instances 3 --step 30 --end <unix time> > history.om
"""
import argparse
import math
import sys

from fleet import fleet

HOUR = 3600


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--routes", type=int, default=20)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--step", type=int, default=30)
    parser.add_argument("--end", type=int, required=True)
    args = parser.parse_args()

    jobs = fleet(args.jobs, args.routes, args.instances)
    end = args.end - args.end % args.step
    out = sys.stdout

    def family(name, span_hours, value):
        out.write(f"# TYPE {name} gauge\n")
        start = end - int(span_hours * HOUR)
        for job in jobs:
            prefix = f'{name}{{job="{job.name}"}} '
            for t in range(start, end, args.step):
                # A little deterministic jitter, so the samples compress like real ones.
                jitter = 1 + 0.03 * math.sin(t * 0.0137 + sum(map(ord, job.name)))
                out.write(f"{prefix}{value(job, t) * jitter:.6g} {t}\n")

    def error_share(job):
        return sum(r.weight * r.error_ratio for r in job.routes if r.has_5xx)

    def slow_share(job):
        return sum(r.weight * (1 - r.cdf(0.5)) for r in job.routes)

    def mean(job):
        return sum(r.weight * r.mean() for r in job.routes)

    long_window = 72 + 1      # the 3d windows, plus a margin
    band_window = 26 + 1      # the 26h averages of the bands
    short = 1.2               # the 1h windows that read 5m series

    family("job:http_server_requests:rate5m", long_window, lambda j, t: j.rps * j.diurnal(t))
    family("job:http_server_errors:rate5m", long_window, lambda j, t: j.rps * j.diurnal(t) * error_share(j))
    family("job:http_server_slow_requests:rate5m", long_window, lambda j, t: j.rps * j.diurnal(t) * slow_share(j))
    family("job:http_server_request_duration_seconds_sum:rate5m", short, lambda j, t: j.rps * j.diurnal(t) * mean(j))
    family("job:http_server_request_duration_seconds:mean5m", short, lambda j, t: mean(j))
    family("job:http_server_requests:rate5m_stddev1h", band_window, lambda j, t: 0.05 * j.rps)
    family("job:http_server_request_duration_seconds:mean5m_stddev1h", band_window, lambda j, t: 0.04 * mean(j))
    out.write("# EOF\n")


if __name__ == "__main__":
    main()
