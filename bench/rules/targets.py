"""Serves the synthetic fleet as scrape targets: one /metrics/<job>/<instance> per instance, in the
Prometheus text format a default OtelKpi service exposes (the families and labels of docs/metrics.md),
with counters that grow from the moment the server starts: HTTP counters at the job's rate times its daily
wave (the same wave as the backfilled history), resource counters at a constant rate.

Usage: targets.py --port P --jobs 200 --routes 20 --instances 3 --sd-file targets.json
Writes the file_sd target list Prometheus reads, then serves until killed.
"""
import argparse
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fleet import BUCKETS, fleet

H = "http_server_request_duration_seconds"


def build(job, instance_index):
    """The lines of one target as (text before the value, per-second rate, constant, follows the wave)."""
    share = 1 / len(job.instances)
    lines = []
    for route in job.routes:
        rps = job.rps * route.weight * share
        series = [("200", {}, rps * (1 - route.error_ratio))]
        if route.has_5xx:
            series.append(("500", {"error_type": "500"}, rps * route.error_ratio))
        if route.has_404:
            series.append(("404", {}, rps * 0.01))
        for code, extra, r in series:
            labels = {"http_request_method": route.method, "http_response_status_code": code, "http_route": route.template, **extra}
            text = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
            for le in BUCKETS:
                lines.append((f'{H}_bucket{{{text},le="{le:g}"}} ', r * route.cdf(le), None, True))
            lines.append((f'{H}_bucket{{{text},le="+Inf"}} ', r, None, True))
            lines.append((f"{H}_sum{{{text}}} ", r * route.mean(), None, True))
            lines.append((f"{H}_count{{{text}}} ", r, None, True))
    # Requests that matched no endpoint: no http_route.
    unmatched = job.rps * 0.002 * share
    text = 'http_request_method="GET",http_response_status_code="404"'
    for le in BUCKETS:
        lines.append((f'{H}_bucket{{{text},le="{le:g}"}} ', unmatched * (1 if le >= 0.005 else 0), None, True))
    lines.append((f'{H}_bucket{{{text},le="+Inf"}} ', unmatched, None, True))
    lines.append((f"{H}_sum{{{text}}} ", unmatched * 0.002, None, True))
    lines.append((f"{H}_count{{{text}}} ", unmatched, None, True))
    cores = 2.0
    lines += [
        ('http_server_active_requests{http_request_method="GET"} ', None, 3, False),
        ('http_server_active_requests{http_request_method="POST"} ', None, 1, False),
        ("process_cpu_seconds_total ", 0.3, None, False),
        ("process_resident_memory_bytes ", None, 180e6, False),
        ("process_virtual_memory_bytes ", None, 2.7e11, False),
        ("process_open_fds ", None, 240, False),
        ("process_start_time_seconds ", None, START, False),
        ("otelkpi_container_cpu_limit_cores ", None, cores, False),
        ("otelkpi_container_cpu_usage_seconds_total ", 0.35, None, False),
        ("otelkpi_container_cpu_periods_total ", 10, None, False),
        ("otelkpi_container_cpu_throttled_periods_total ", 0.4, None, False),
        ("otelkpi_container_cpu_throttled_seconds_total ", 0.02, None, False),
        ("otelkpi_container_memory_working_set_bytes ", None, 210e6 + instance_index * 1e6, False),
        ("otelkpi_container_memory_limit_bytes ", None, 512 * 2**20, False),
        ("otelkpi_container_disk_read_bytes_total ", 2e3, None, False),
        ("otelkpi_container_disk_write_bytes_total ", 8e3, None, False),
        ("otelkpi_filesystem_used_bytes ", None, 3.1e9, False),
        ("otelkpi_filesystem_capacity_bytes ", None, 10e9, False),
        ("otelkpi_network_receive_bytes_total ", 4e5, None, False),
        ("otelkpi_network_transmit_bytes_total ", 9e5, None, False),
        (f'target_info{{service_name="{job.name}",service_version="1.0.0",service_instance_id="{job.name}-{instance_index}",deployment_environment="bench",telemetry_sdk_name="opentelemetry",telemetry_sdk_language="dotnet",telemetry_sdk_version="1.20.1"}} ', None, 1, False),
    ]
    return lines


START = time.time()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--routes", type=int, default=20)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--sd-file", required=True)
    args = parser.parse_args()

    targets = {}
    sd = []
    for job in fleet(args.jobs, args.routes, args.instances):
        for i, instance in enumerate(job.instances, start=1):
            path = f"/metrics/{job.name}/{i}"
            targets[path] = (job, build(job, i))
            sd.append({"targets": [f"127.0.0.1:{args.port}"], "labels": {"job": job.name, "instance": instance, "__metrics_path__": path}})
    with open(args.sd_file, "w") as f:
        json.dump(sd, f)
    series = sum(len(lines) for _, lines in targets.values())
    print(f"{len(targets)} targets, {series} series", flush=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            target = targets.get(self.path)
            if target is None:
                self.send_error(404)
                return
            job, lines = target
            now = time.time()
            elapsed, traffic = now - START, job.traffic_seconds(START, now)
            body = "".join(
                f"{p}{c if r is None else r * (traffic if wave else elapsed):.6f}\n" for p, r, c, wave in lines).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
