"""The fault test of the scale-out stack (``make faults``): faults a deployment meets, survived.

On a running :class:`scale.stack.Stack`, through its two web processes as browsers would use them:

1. **A worker killed mid-export.** A province's registers are exported as PDF; once a worker has
   started the job it is killed with SIGKILL. Nothing is offered for download meanwhile; the
   other worker picks the stalled job up and finishes it; the file is a whole PDF with as many
   pages as the same export made by ``manage.py export_report``.
2. **Reports read from the replica while the primary takes writes.** Share withdrawals go on
   through both web processes while report pages are read, and the replica's delay behind the
   primary is sampled (time for the replica to replay what the primary just wrote).
3. **The primary restarted during a burst of withdrawals** (``pg_ctl restart -m immediate``, as a
   crash would). Every answer is a saved withdrawal, the form with its message, or the Thai
   "try again" page: no 500, no dropped connection; afterwards each group's share balance is its
   balance before less the withdrawals the browsers were told were saved, and equals the sum of
   its lines.

Every check that fails is collected and reported; the figures go to BENCHMARKS.md.
"""

import contextlib
import http.client
import io
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import psycopg
from django.utils import timezone
from pypdf import PdfReader

from cddfund import thai
from scale.stack import ROOT, Stack

PASSWORD = "cddfund-demo"  # the demo accounts seed_demo made on the stack
PROVINCE_USER, PROVINCE = "chiangrai", "57"  # the demo province with the most register lines
DISTRICT_USER = "maesuai"
TRY_AGAIN = "ระบบฐานข้อมูลไม่พร้อมชั่วคราว"  # the 503 page's heading
TOP_UP = Decimal("1000000")
TRY_AGAIN_503 = "Thai try-again page (503)"


class Browser:
    """One person's browser on one web process, as its requests arrive from the load balancer
    (``X-Forwarded-Proto: https``): it keeps its cookies, Secure ones included, and sends the
    CSRF token with every form."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, timeout: float = 60):
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def login(self, username: str) -> "Browser":
        self.get("/accounts/login/")
        status, _, _ = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"{username} could not log in on port {self.port} ({status})")
        return self


@dataclass
class Outcomes:
    """What the browsers were answered, counted by kind and by group (thread-safe)."""

    counts: dict = field(default_factory=dict)
    by_group: dict = field(default_factory=dict)  # kind -> {group id -> answers}
    samples: list = field(default_factory=list)  # unexpected answers, a few kept to show
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, group: int, sample: str = "") -> None:
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            per_group = self.by_group.setdefault(kind, {})
            per_group[group] = per_group.get(group, 0) + 1
            if sample and len(self.samples) < 5:
                self.samples.append(sample)

    def of(self, kind: str, group: int) -> int:
        return self.by_group.get(kind, {}).get(group, 0)


class FaultRun:
    def __init__(self, stack: Stack, say=print):
        self.stack = stack
        self.say = say
        self.figures: dict = {}
        self.failures: list[str] = []

    # --- helpers -----------------------------------------------------------------------------

    def sql(self, query: str, params=(), *, port: int | None = None) -> list[tuple]:
        url = self.stack.database_url(port)
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            return connection.execute(query, params).fetchall()

    def check(self, ok: bool, failure: str) -> None:
        if not ok:
            self.failures.append(failure)
            self.say(f"  FAILED: {failure}")

    def wait(self, what: str, until, seconds: float, every: float = 0.05):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = until()
            if result:
                return result
            time.sleep(every)
        raise TimeoutError(f"{what}: not within {seconds:.0f} s")

    # --- 1. a worker killed mid-export -------------------------------------------------------

    def export_job(self, export_id: int):
        rows = self.sql(
            "SELECT id, status, attempts FROM procrastinate_jobs "
            "WHERE task_name = 'reports.export_build' AND (args->>'export_id')::int = %s",
            [export_id],
        )
        return rows[0] if rows else None

    def worker_running(self, job_id: int) -> str | None:
        for name in ("worker1", "worker2"):
            log = (self.stack.folder / f"{name}.log").read_text(errors="replace")
            started = f"Starting job reports.export_build[{job_id}]" in log
            if started and name in self.stack.processes:
                return name
        return None

    def export_killed_mid_run(self) -> None:
        self.say("1. a worker killed with SIGKILL in the middle of a province's registers export")
        first, second = (Browser(p).login(PROVINCE_USER) for p in self.stack.web_ports)
        year = thai.fiscal_year(timezone.localdate())
        status, headers, _ = first.post(
            "/reports/registers/export/",
            {"register": "all", "province": PROVINCE, "extension": "pdf", "year": year},
        )
        self.check(status == 302, f"the export was not started ({status})")
        export_id = int(re.search(r"/exports/(\d+)/", headers["Location"]).group(1))
        job_id, _, _ = self.wait("the export's job", lambda: self.export_job(export_id), 10)
        victim = self.wait("a worker starting the export", lambda: self.worker_running(job_id), 60)
        time.sleep(2)  # well into the rendering (about 10 s in all)
        killed_at = time.monotonic()
        self.stack.kill(victim)
        state = self.sql("SELECT status, file FROM reports_export WHERE id = %s", [export_id])[0]
        self.say(f"  {victim} killed; the export stands at {state[0]!r}, file {state[1]!r}")
        self.check(state[0] != "done" and not state[1], "the export ended before the kill")
        _, _, body = second.get(f"/exports/{export_id}/file/")
        self.check(b"%PDF" not in body[:10], "a file was offered before the export was complete")

        def finished():
            _, _, body = second.get(f"/exports/{export_id}/status/")
            return b'"done"' in body or b'"failed"' in body

        self.wait("the export, finished by the other worker", finished, 180, every=0.5)
        recovered = time.monotonic() - killed_at
        index = int(victim[-1]) - 1
        self.stack.start_worker(index)  # back to two workers for the next faults
        _, _, attempts = self.export_job(export_id)
        status, headers, pdf = second.get(f"/exports/{export_id}/file/")
        self.check(status == 200, f"the finished export could not be downloaded ({status})")
        pages = len(PdfReader(io.BytesIO(pdf)).pages) if status == 200 else 0
        reference = self.reference_pages(year)
        self.check(pages == reference, f"the export has {pages} pages, a whole one {reference}")
        self.say(
            f"  done {recovered:.1f} s after the kill, on attempt {attempts}; "
            f"{pages} pages (a run without faults: {reference}), {len(pdf):,} bytes"
        )
        self.figures["export"] = {
            "killed": victim,
            "seconds_to_done_after_kill": round(recovered, 1),
            "attempts": attempts,
            "jobs_retried": attempts - 1,
            "pages": pages,
            "pages_without_faults": reference,
        }

    def reference_pages(self, year: int) -> int:
        out = self.stack.folder / "reference.pdf"
        subprocess.run(
            [sys.executable, "manage.py", "export_report", "registers", "--user", PROVINCE_USER,
             "--province", PROVINCE, "--year", str(year), "--out", str(out)],
            cwd=ROOT, env=self.stack.env(), check=True, capture_output=True,
        )  # fmt: skip
        return len(PdfReader(out).pages)

    # --- the withdrawals ---------------------------------------------------------------------

    def district_groups(self) -> list[tuple[int, int, Decimal]]:
        """(centre, group, one share's price) of the groups that are members today of the
        district officer's centres."""
        return [
            (centre, group, price or Decimal(100))
            for centre, group, price in self.sql(
                "SELECT c.id, m.group_id, c.share_price FROM institutes_centre c "
                "JOIN institutes_membership m ON m.centre_id = c.id "
                "JOIN cddfund_user u ON u.district_id = c.district_id "
                "WHERE u.username = %s AND m.left_on IS NULL AND m.joined_on <= CURRENT_DATE "
                "ORDER BY c.id, m.group_id",
                [DISTRICT_USER],
            )
        ]

    def balances(self, groups) -> dict[int, Decimal]:
        rows = self.sql(
            "SELECT group_id, coalesce(sum(CASE WHEN kind = 'purchase' THEN amount "
            "ELSE -amount END), 0) FROM institutes_sharetransaction "
            "WHERE group_id = ANY(%s) GROUP BY group_id",
            [[g for _, g, _ in groups]],
        )
        return {group: Decimal(0) for _, group, _ in groups} | dict(rows)

    def top_up(self, groups) -> None:
        """Each group buys shares enough for every withdrawal of the bursts."""
        browser = Browser(self.stack.web_ports[0]).login(DISTRICT_USER)
        for centre, group, price in groups:
            amount = (TOP_UP / price).to_integral_value() * price
            status, _, _ = browser.post(
                f"/centres/{centre}/shares/new/",
                {"kind": "purchase", "group": group, "made_on": self.today(), "amount": amount},
            )
            self.check(status == 302, f"the purchase for group {group} was not saved ({status})")

    def today(self) -> str:
        return thai.format_date(timezone.localdate())

    def withdraw(self, browser: Browser, outcomes: Outcomes, stop: threading.Event, groups):
        turn = 0
        while not stop.is_set():
            centre, group, price = groups[turn % len(groups)]
            turn += 1
            try:
                line = {"kind": "withdrawal", "group": group, "made_on": self.today()}
                status, headers, body = browser.post(
                    f"/centres/{centre}/shares/new/", {**line, "amount": price}, timeout=30
                )
            except OSError as error:
                outcomes.add("no answer", group, sample=repr(error))
                continue
            text = body.decode(errors="replace")
            if status == 302 and headers["Location"] == f"/centres/{centre}/shares/":
                outcomes.add("saved", group)
            elif status == 200:
                outcomes.add("form with its message", group)
            elif status == 503 and TRY_AGAIN in text:
                outcomes.add(TRY_AGAIN_503, group)
            elif status == 302:
                outcomes.add(f"sent to {headers['Location']}", group)
            else:
                outcomes.add(f"HTTP {status}", group, sample=f"{status}: {text[:300]}")
            if status != 302:
                time.sleep(0.2)  # as a person would, before trying again

    def burst(self, groups, seconds: float, *, during=None) -> Outcomes:
        """Four people withdrawing shares, two on each web process, for ``seconds``;
        ``during(stop)`` runs meanwhile in this thread."""
        outcomes, stop = Outcomes(), threading.Event()
        browsers = [Browser(p).login(DISTRICT_USER) for p in self.stack.web_ports * 2]
        threads = [
            threading.Thread(target=self.withdraw, args=(b, outcomes, stop, groups[i::4] or groups))
            for i, b in enumerate(browsers)
        ]
        for thread in threads:
            thread.start()
        try:
            started = time.monotonic()
            if during:
                during(stop)
            time.sleep(max(0, seconds - (time.monotonic() - started)))
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        return outcomes

    # --- 2. the replica under writes ---------------------------------------------------------

    def replica_lag(self, stop: threading.Event, lags: list) -> None:
        primary = psycopg.connect(self.stack.database_url(), autocommit=True)
        replica = psycopg.connect(self.stack.database_url(self.stack.replica_port), autocommit=True)
        with primary, replica:
            while not stop.is_set():
                (lsn,) = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
                written = time.monotonic()
                while not replica.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]
                ).fetchone()[0]:
                    time.sleep(0.001)
                lags.append((time.monotonic() - written) * 1000)
                time.sleep(0.1)

    def read_reports(self, stop: threading.Event, times: list, answers: dict) -> None:
        browser = Browser(self.stack.web_ports[1]).login("central")
        pages = ["/reports/levels/", "/reports/debts/", "/reports/directory/"]
        turn = 0
        while not stop.is_set():
            started = time.monotonic()
            status, _, _ = browser.get(pages[turn % len(pages)])
            times.append((time.monotonic() - started) * 1000)
            answers[status] = answers.get(status, 0) + 1
            turn += 1

    def replica_under_writes(self, groups) -> None:
        self.say("2. reports read from the replica while the primary takes withdrawals (20 s)")
        lags, times, answers = [], [], {}

        def during(stop):
            threads = [
                threading.Thread(target=self.replica_lag, args=(stop, lags)),
                threading.Thread(target=self.read_reports, args=(stop, times, answers)),
            ]
            for thread in threads:
                thread.start()
            time.sleep(20)
            stop.set()
            for thread in threads:
                thread.join(30)

        before, since = self.balances(groups), self.last_line()
        outcomes = self.burst(groups, 20, during=during)
        self.money(groups, before, since, outcomes, "2")
        self.check(set(answers) == {200}, f"report pages answered {answers}")
        lags.sort()
        self.figures["replica"] = {
            "writes": outcomes.counts,
            "report_pages": sum(answers.values()),
            "report_page_median_ms": round(statistics.median(times), 1) if times else None,
            "lag_samples": len(lags),
            "lag_median_ms": round(statistics.median(lags), 1) if lags else None,
            "lag_p95_ms": round(lags[int(len(lags) * 0.95)], 1) if lags else None,
            "lag_max_ms": round(lags[-1], 1) if lags else None,
        }
        self.say(f"  {self.figures['replica']}")

    # --- 3. the primary restarted during a burst ---------------------------------------------

    def primary_restarted(self, groups) -> None:
        self.say("3. the primary restarted (immediate) during a burst of share withdrawals")
        before, since, timing = self.balances(groups), self.last_line(), {}

        def during(stop):
            time.sleep(3)
            started = time.monotonic()
            self.stack.pg_ctl("primary", "restart", "-m", "immediate")
            timing["restart_seconds"] = round(time.monotonic() - started, 1)
            time.sleep(8)  # the burst goes on against the restarted primary

        outcomes = self.burst(groups, 14, during=during)
        for port in self.stack.web_ports:
            self.wait(f"web {port} ready again", lambda p=port: _ready(self.stack, p), 60, 0.5)
        self.money(groups, before, since, outcomes, "3")
        unexpected = {
            kind: n
            for kind, n in outcomes.counts.items()
            if kind not in {"saved", "form with its message", TRY_AGAIN_503}
        }
        self.check(not unexpected, f"answers other than saved/form/503: {unexpected}")
        for sample in outcomes.samples:
            self.say(f"  e.g. {sample}")
        self.figures["primary_restart"] = {**timing, "answers": outcomes.counts}
        self.say(f"  {self.figures['primary_restart']}")

    def last_line(self) -> int:
        return self.sql("SELECT coalesce(max(id), 0) FROM institutes_sharetransaction")[0][0]

    def money(self, groups, before: dict, since: int, outcomes: Outcomes, phase: str) -> None:
        """Every withdrawal answered as saved is saved, once; one answered with the try-again
        page ("may not have been saved, check") is saved or not; nothing else is. Each group's
        balance is its balance before less its new lines; every line has its audit event."""
        after = self.balances(groups)
        price = {group: p for _, group, p in groups}
        made = dict(
            self.sql(
                "SELECT group_id, count(*) FROM institutes_sharetransaction "
                "WHERE id > %s AND group_id = ANY(%s) AND kind = 'withdrawal' GROUP BY group_id",
                [since, list(after)],
            )
        )
        wrong, unsure_saved = [], 0
        for group in after:
            saved, lines = outcomes.of("saved", group), made.get(group, 0)
            unsure = outcomes.of(TRY_AGAIN_503, group) + outcomes.of("no answer", group)
            if not saved <= lines <= saved + unsure or after[group] != (
                before[group] - lines * price[group]
            ):
                wrong.append(group)
            unsure_saved += max(0, lines - saved)
        unaudited = self.sql(
            "SELECT count(*) FROM institutes_sharetransaction t WHERE t.group_id = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM institutes_sharetransactionevent e "
            "WHERE e.pgh_obj_id = t.id AND e.pgh_label = 'insert')",
            [list(after)],
        )[0][0]
        negative = [g for g, b in after.items() if b < 0]
        self.check(not wrong, f"{phase}: balances that do not match the answers: {wrong}")
        self.check(not unaudited, f"{phase}: {unaudited} share lines without their audit event")
        self.check(not negative, f"{phase}: negative balances: {negative}")
        self.figures.setdefault("money_mismatches", 0)
        self.figures["money_mismatches"] += len(wrong) + unaudited + len(negative)
        self.figures[f"try_again_but_saved_{phase}"] = unsure_saved

    # --- all ---------------------------------------------------------------------------------

    def run(self) -> dict:
        load = _load()
        self.export_killed_mid_run()
        groups = self.district_groups()
        self.check(bool(groups), f"{DISTRICT_USER} has no member groups to withdraw from")
        self.top_up(groups)
        self.replica_under_writes(groups)
        self.primary_restarted(groups)
        self.figures["load_before_after"] = [load, _load()]
        self.figures["failures"] = self.failures
        return self.figures


def _ready(stack: Stack, port: int) -> bool:
    with contextlib.suppress(OSError, ValueError):
        return stack.ready(port, seconds=1) == {"database": "ok", "queue": "ok", "replica": "ok"}
    return False


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
