"""A scale-out stack on one machine, on 127.0.0.1 only (``make stack``; the fault test drives it).

- PostgreSQL: a primary, and a streaming replica initialised from it with ``pg_basebackup``,
  with the PostgreSQL binaries of the embedded package (run as its system user under root);
- an S3-compatible server (moto in server mode) with the files' bucket;
- two gunicorn web processes on two ports, and two job workers, all with production settings
  (``DATABASE_URL``, ``DATABASE_REPLICA_URL``, ``S3_BUCKET``), as they run on separate machines.

Everything lives under one folder (``.stack/`` by default) and is stopped by ``stop()``.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from cddfund import embedded_pg

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "cddfund-files"


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise TimeoutError(f"nothing answers on 127.0.0.1:{port}")


@dataclass
class Stack:
    folder: Path = ROOT / ".stack"
    # The primary's port; then the replica, S3, web 1 and web 2. Below the kernel's ephemeral range
    # (32768-60999), so no outgoing connection of the machine can be holding one of them.
    port: int = 25430
    say: object = print
    processes: dict = field(default_factory=dict)

    # --- addresses ---------------------------------------------------------------------------

    @property
    def primary_port(self) -> int:
        return self.port

    @property
    def replica_port(self) -> int:
        return self.port + 1

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.port + 2}"

    @property
    def web_ports(self) -> list[int]:
        return [self.port + 3, self.port + 4]

    def database_url(self, port: int | None = None) -> str:
        return f"postgres://postgres@127.0.0.1:{port or self.primary_port}/cddfund"

    def env(self) -> dict:
        """The environment of a web process or a worker: production settings on this stack."""
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "S3_"))},
            "DJANGO_SETTINGS_MODULE": "cddfund.settings.production",
            "SECRET_KEY": "stack-only-secret-key-not-for-any-server-5b1d9e4c7a2f8e6d",
            "DATABASE_URL": self.database_url(),
            "DATABASE_REPLICA_URL": self.database_url(self.replica_port),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.s3_url,
            "S3_ACCESS_KEY_ID": "stack",
            "S3_SECRET_ACCESS_KEY": "stack-secret",
        }

    # --- PostgreSQL --------------------------------------------------------------------------

    def _user(self) -> dict:
        return {"user": embedded_pg.SYSTEM_USER} if os.geteuid() == 0 else {}

    def _pg(self, command: str, *args, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(embedded_pg.bin_dir() / command), *args],
            check=True,
            capture_output=True,
            text=True,
            **self._user(),
            **kwargs,
        )

    def _folder(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = embedded_pg.system_user(path)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            os.chown(path, user.pw_uid, user.pw_gid)
            path.chmod(0o700)
        return path

    def pg_ctl(self, name: str, action: str, *args) -> None:
        data = self.folder / name
        self._pg("pg_ctl", action, "-D", str(data), "-w", "-l", str(data / "server.log"), *args)

    def _primary(self) -> None:
        data = self._folder("primary")
        self._pg("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=utf8")
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{data}'\nwal_level = replica\n"
                "max_wal_senders = 5\nhot_standby = on\nfsync = off\n"
            )
        with open(data / "pg_hba.conf", "a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        self.pg_ctl("primary", "start")
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                 "cddfund")  # fmt: skip

    def _replica(self) -> None:
        data = self._folder("replica")
        self._pg(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
            "-D", str(data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {self.replica_port}\nunix_socket_directories = '{data}'\n")
        self.pg_ctl("replica", "start")

    # --- the rest ----------------------------------------------------------------------------

    def _spawn(self, name: str, *command: str) -> None:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (kept open for the process)
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def _s3(self) -> None:
        port = self.port + 2
        self._spawn("s3", sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port))
        _wait_for_port(port)
        env = self.env()
        boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=env["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
            region_name="us-east-1",
        ).create_bucket(Bucket=BUCKET)

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), check=True)

    def start_web(self, index: int) -> None:
        port = self.web_ports[index]
        self._spawn(
            f"web{index + 1}", sys.executable, "-m", "gunicorn", "cddfund.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
        )  # fmt: skip
        _wait_for_port(port)

    def start_worker(self, index: int) -> None:
        self._spawn(f"worker{index + 1}", sys.executable, "manage.py", "procrastinate", "worker")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(30)

    def _ports_free(self) -> None:
        ports = [self.primary_port, self.replica_port, self.port + 2, *self.web_ports]
        for port in ports:
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    raise RuntimeError(
                        f"port {port} of 127.0.0.1 is in use: stop what holds it, or give "
                        f"another first port (--port; the stack takes {ports[0]}-{ports[-1]})"
                    ) from None

    def start(self, *, seed_scale: float = 0.02) -> None:
        if self.folder.exists():
            self.stop()
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self._ports_free()
        self.say("S3 server, PostgreSQL primary …")
        self._s3()  # first: the demo stores its forum photos there
        self._primary()
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("load_areas")
        self.manage("load_indicator_set")
        self.manage("collectstatic", "--no-input", "-v", "0")
        self.manage("seed_demo", "--force")  # loopback only: the fault test logs in as them
        self.manage("seed_national", "--scale", str(seed_scale), "--force")
        self.say("streaming replica (pg_basebackup) …")
        self._replica()
        self.say("two web processes, two workers …")
        for index in (0, 1):
            self.start_web(index)
            self.start_worker(index)
        self.say(
            f"primary 127.0.0.1:{self.primary_port}, replica 127.0.0.1:{self.replica_port}, "
            f"S3 {self.s3_url}, web " + ", ".join(f"http://127.0.0.1:{p}" for p in self.web_ports)
        )

    def stop(self) -> None:
        for name in list(self.processes):
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                self.kill(name, signal.SIGTERM)
        for name in ("replica", "primary"):
            if (self.folder / name / "postmaster.pid").exists():
                with contextlib.suppress(subprocess.CalledProcessError):
                    self.pg_ctl(name, "stop", "-m", "fast")

    def ready(self, port: int, seconds: float = 120) -> dict:
        """What ``/readyz`` of the web process on ``port`` says, once it answers at all."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as r:
                    return json.loads(r.read())
            except urllib.error.HTTPError as refused:  # 503: it answers, and says what is down
                return json.loads(refused.read())
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
