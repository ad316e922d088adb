"""How each figure grows with the data (`make bench`): the same synthetic country seeded at two
or more scales, each in a database of its own, `bench` run on each, and every figure of the
largest scale set beside the smallest's with the ratio between them.

The pages are timed last, the scales in turn: one process a scale serves them (``bench
--serve-pages``), and each page is asked of each process a slice of its requests at a time,
taking turns, so that both figures of a ratio share the same minutes of a shared machine (a
whole bench at one scale, then at the other, set ratios against whatever else ran in between).

Each scale's database is the current one's name with the scale after it (``cddfund_bench`` →
``cddfund_bench_0_1``, ``cddfund_bench_1_0``) on the same server: the embedded one, or the
server of DATABASE_URL. A database already seeded at its scale is used as it is (seeding the
whole country takes minutes); ``--reseed`` drops it first.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scale.management.commands.bench import median_p95, page_figure
from scale.national import DEFAULT_FISCAL_YEAR

ROOT = Path(settings.BASE_DIR)
# What each kind of figure may grow by when the data grows tenfold (BENCHMARKS.md, "Growth").
# Pages, searches and closed-period reports: index-backed, no scan of the country.
PAGE_TARGET = 1.5
# Reports of a running period computed live over a whole area (the country, a province or a
# district): they read every row of their year in the area, and each row of the area is in them.
# A district or a province sees its own figures at once; the country's are counted by a job.
LIVE_TARGET = 3.0
LIVE_REPORTS = ("report: levels summary", "report: debt results", "report: directory of centres")


def database_name(base: str, scale: float) -> str:
    return f"{base}_{str(scale).replace('.', '_')}"


def growth_target(name: str) -> float | None:
    """The most a figure of this name may grow when the data grows tenfold (None: exports and
    throughput, which are judged by their rows and memory instead)."""
    if name.startswith(("closing", "job:", "centre page under", "centre page throughput")):
        return None
    if "PDF" in name or "Excel" in name:
        return None
    if name.startswith(LIVE_REPORTS) and " of closed " not in name:
        return LIVE_TARGET
    return PAGE_TARGET


def ratio(large, small) -> float | None:
    if not isinstance(large, int | float) or not isinstance(small, int | float) or not small:
        return None
    return round(large / small, 2)


# The measures of a figure compared between the scales.
SHOWN = ("median_ms", "p95_ms", "seconds", "request_ms", "job_seconds", "peak_mb", "rows", "pages")


def compare(small: dict, large: dict) -> list[dict]:
    """Each figure of ``large`` with the same figure of ``small`` and their ratios."""
    before = {f["name"]: f for f in small["figures"]}
    rows = []
    for figure in large["figures"]:
        other = before.get(figure["name"])
        if other is None:
            continue
        row = {"name": figure["name"], "load": [other.get("load"), figure.get("load")]}
        for key in (*SHOWN, "queries"):
            if key in figure and key in other:
                row[key] = [other[key], figure[key]]
                row[f"{key}_ratio"] = ratio(figure[key], other[key])
        target = growth_target(figure["name"])
        if target is not None and row.get("p95_ms_ratio") is not None:
            row["target"] = target
            row["met"] = row["p95_ms_ratio"] <= target or figure["p95_ms"] <= 20
        rows.append(row)
    return rows


class Command(BaseCommand):
    help = "Seed and benchmark at two or more scales and print how each figure grows."

    def add_arguments(self, parser):
        parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
        parser.add_argument("--fiscal-year", type=int, default=DEFAULT_FISCAL_YEAR)
        parser.add_argument("--seed", type=int, default=2568)
        parser.add_argument("--reseed", action="store_true")
        parser.add_argument("--out", default="bench-growth.json")
        parser.add_argument(
            "--requests", type=int, default=60, help="requests of each page at each scale"
        )
        parser.add_argument(
            "--turns", type=int, default=6, help="slices of a page's requests, scales in turn"
        )
        parser.add_argument(
            "bench_args", nargs="*", help="passed to bench (after --), e.g. -- --skip-throughput"
        )

    def handle(
        self, *args, scales, fiscal_year, seed, reseed, out, requests, turns, bench_args, **options
    ):
        if len(scales) < 2:
            raise CommandError("give at least two scales, e.g. --scales 0.1 1.0")
        scales = sorted(scales)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        results, envs = {}, {}
        for scale in scales:
            env = self.environment(scale)
            if reseed:
                self.empty(env)
            self.run(["manage.py", "migrate", "--no-input", "-v", "0"], env)
            self.run(
                ["manage.py", "seed_national", "--scale", str(scale), "--seed", str(seed),
                 "--fiscal-year", str(fiscal_year), "--unless-seeded"],
                env,
            )  # fmt: skip
            path = Path(out).with_suffix(f".{str(scale).replace('.', '_')}.json")
            self.stdout.write(f"== bench at scale {scale}")
            envs[scale] = {**env, "DJANGO_SETTINGS_MODULE": "scale.settings"}
            bench = ["manage.py", "bench", "--out", str(path), "--skip-pages", *bench_args]
            self.run(bench, envs[scale])
            results[scale] = json.loads(path.read_text())
        if "--skip-pages" not in bench_args:
            self.stdout.write(f"== pages, the scales in turn: {requests} requests, {turns} turns")
            workers = []
            try:
                # One after the other: the first may start the embedded server for both.
                workers += [PageWorker(scale, envs[scale]) for scale in scales]
                for scale, figures in interleaved(workers, requests, turns, self.stdout).items():
                    results[scale]["figures"] += figures
            finally:
                for worker in workers:
                    worker.stop()
        small, large = scales[0], scales[-1]
        rows = compare(results[small], results[large])
        self.report(rows, small, large)
        Path(out).write_text(
            json.dumps(
                {"scales": [small, large], "growth": rows, "runs": results},
                ensure_ascii=False,
                indent=1,
            )
        )
        self.stdout.write(f"growth written to {out}")
        missed = [r["name"] for r in rows if r.get("met") is False]
        if missed:
            self.stdout.write(self.style.WARNING(f"{len(missed)} figures grow past their target"))

    def environment(self, scale: float) -> dict:
        env = dict(os.environ)
        url = env.get("DATABASE_URL")
        if url:
            parts = urlsplit(url)
            base = parts.path.lstrip("/") or "cddfund"
            name = database_name(base, scale)
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
            self.create(env["DATABASE_URL"], name)
        else:
            base = env.get("EMBEDDED_POSTGRES_DB", "cddfund_bench")
            env["EMBEDDED_POSTGRES_DB"] = database_name(base, scale)  # created on first use
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return env

    @staticmethod
    def create(url: str, name: str) -> None:
        import psycopg2
        from psycopg2 import sql

        parts = urlsplit(url)
        connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        connection.close()

    def empty(self, env: dict) -> None:
        self.run(["manage.py", "flush", "--no-input", "-v", "0"], env)

    def run(self, args: list[str], env: dict) -> None:
        subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)

    def report(self, rows: list[dict], small: float, large: float) -> None:
        self.stdout.write(f"\n== growth from scale {small} to {large} (load: small, large)")
        for row in rows:
            parts = []
            for key in SHOWN:
                if key in row:
                    a, b = row[key]
                    parts.append(f"{key}={a}→{b} (×{row[f'{key}_ratio']})")
            if "target" in row:
                parts.append(f"target ×{row['target']} {'met' if row['met'] else 'MISSED'}")
            parts.append(f"load={row['load'][0]},{row['load'][1]}")
            self.stdout.write(f"{row['name']:<58} " + "  ".join(parts))


class PageWorker:
    """``bench --serve-pages`` on one scale's database: asked for a page, it times it there."""

    def __init__(self, scale: float, env: dict):
        self.scale = scale
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "bench", "--serve-pages"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pages = self.read()["pages"]

    def read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise CommandError(f"the page process of scale {self.scale} stopped")
        return json.loads(line)

    def ask(self, **question) -> dict:
        self.process.stdin.write(json.dumps(question, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        return self.read()

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def interleaved(workers, requests: int, turns: int, stdout=None) -> dict[float, list[dict]]:
    """Each page that every worker serves, timed ``requests`` times at each scale in ``turns``
    slices, the workers taking turns (the first of one turn is the last of the next): each
    scale's figures of the pages, as ``bench`` writes them."""
    per_turn = -(-requests // turns)
    figures = {worker.scale: [] for worker in workers}
    for page in [p for p in workers[0].pages if all(p in w.pages for w in workers[1:])]:
        times = {worker.scale: [] for worker in workers}
        for turn in range(turns):
            for worker in workers if turn % 2 == 0 else workers[::-1]:
                times[worker.scale] += worker.ask(page=page, requests=per_turn)["ms"]
        load = round(os.getloadavg()[0], 2)
        for worker in workers:
            median, p95 = median_p95(times[worker.scale])
            figures[worker.scale].append(
                {
                    "name": page,
                    **page_figure(median, p95, worker.ask(page=page, describe=True)),
                    "requests": len(times[worker.scale]),
                    "turns": turns,
                    "load": load,
                }
            )
        if stdout is not None:
            shown = "  ".join(f"{f[-1]['median_ms']}/{f[-1]['p95_ms']}" for f in figures.values())
            stdout.write(f"{page:<58} median/p95 ms {shown}  load={load}")
    return figures
