"""The synthetic fleet of the rule benchmark: jobs, routes, instances and their traffic.

Deterministic (seeded), so every run measures the same fleet. Shared by targets.py (the live scrape
targets) and history.py (the backfilled history of the recorded series).
"""
import math
import random

BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]


class Route:
    def __init__(self, rng, index):
        self.template = f"/api/r{index:02d}/{{id}}" if index % 3 == 0 else f"/api/r{index:02d}"
        self.method = "POST" if index % 4 == 0 else "GET"
        self.weight = rng.uniform(0.2, 3.0)             # share of the job's traffic, before normalising
        self.median = rng.choice([0.005, 0.01, 0.02, 0.04, 0.08, 0.15])
        self.sigma = rng.uniform(0.3, 0.6)               # spread of the log-normal latency
        self.error_ratio = rng.choice([0.0001, 0.0002, 0.0005])
        self.has_5xx = rng.random() < 0.7                # a 5xx series exists (the route has failed once)
        self.has_404 = rng.random() < 0.25

    def cdf(self, le):
        return 0.5 * (1 + math.erf(math.log(le / self.median) / (self.sigma * math.sqrt(2))))

    def mean(self):
        return self.median * math.exp(self.sigma ** 2 / 2)


class Job:
    def __init__(self, index, routes, instances):
        rng = random.Random(index)
        self.name = f"svc-{index:03d}"
        self.rps = rng.choice([2, 5, 10, 20, 50, 100, 200])
        self.phase = rng.uniform(0, 2 * math.pi)
        self.routes = [Route(rng, r) for r in range(routes)]
        total = sum(r.weight for r in self.routes)
        for route in self.routes:
            route.weight /= total
        # A few jobs are in trouble (4 of 200), so alerts fire and render their annotations as in real life.
        if index % 50 == 7:
            for route in self.routes:
                route.error_ratio = 0.08
                route.has_5xx = True
        self.instances = [f"{self.name}-{i}" for i in range(1, instances + 1)]

    def diurnal(self, t):
        """Traffic multiplier at unix time t: a day-long wave between 0.4 and 1.6."""
        return 1 + 0.6 * math.sin(2 * math.pi * t / 86400 + self.phase)

    def traffic_seconds(self, start, t):
        """The integral of diurnal() from start to t: seconds of traffic at the base rate."""
        w = 2 * math.pi / 86400
        return (t - start) + 0.6 / w * (math.cos(w * start + self.phase) - math.cos(w * t + self.phase))


def fleet(jobs, routes, instances):
    return [Job(j, routes, instances) for j in range(jobs)]
