"""Load from wrk (https://github.com/wg/wrk, Debian package `wrk`): one run against one
URL, read back through a Lua script that counts every response whose status is not
200 (wrk's own "Non-2xx or 3xx" line counts a redirect to the login page as fine) and
prints one machine-readable line at the end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CONNECTIONS = 50
THREADS = 2

# Each wrk thread runs its own Lua state: response() counts in the thread's state,
# done() (in the main state) adds the threads' counts up.
LUA = r"""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_200 = not_200 + 1
  end
end

function done(summary, latency, requests)
  local not_200 = 0
  for _, thread in ipairs(threads) do
    not_200 = not_200 + thread:get("not_200")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %d, "duration_us": %d, "not_200": %d, '
    .. '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, not_200,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50.0), latency:percentile(99.0)))
end
"""


def wrk_path() -> str | None:
    """wrk's path; installed with apt-get when missing and this process is root (as
    .ci/run installs packages), else None."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing: apt-get install -y wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    quiet = {"stdout": subprocess.DEVNULL, "env": env}
    if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet).returncode:
        subprocess.run(["apt-get", "update", "-q"], **quiet)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet)
    return shutil.which("wrk")


def wrk_version(wrk: str) -> str:
    """The first line wrk prints about itself ("wrk debian/4.1.0-3 [epoll] ...")."""
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True)
    line = (result.stdout or result.stderr).strip().splitlines()[0]
    return line.split(" Copyright")[0]


class Wrk:
    """Runs wrk with the counting script (kept in a temporary file)."""

    def __init__(self, wrk: str):
        self.wrk = wrk
        self.script = Path(tempfile.mkstemp(prefix="pages-bench-", suffix=".lua")[1])
        self.script.write_text(LUA)

    def run(self, url: str, *, seconds: float, cookie: str = "") -> dict:
        """One run: requests/s, p50 and p99 in ms, responses other than 200, socket
        errors and timeouts (wrk's timeout is 30 s: a slow page is measured, not
        dropped)."""
        command = [
            self.wrk,
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(self.script),
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=seconds + 90
        )
        lines = [
            line
            for line in result.stdout.splitlines()
            if line.startswith("BENCH-RESULT")
        ]
        if result.returncode or not lines:
            raise RuntimeError(
                f"wrk failed on {url} (exit {result.returncode}): "
                f"{(result.stderr or result.stdout).strip()[-500:]}"
            )
        raw = json.loads(lines[-1].split(" ", 1)[1])
        return {
            "rps": raw["requests"] / (raw["duration_us"] / 1e6),
            "requests": raw["requests"],
            "p50": raw["p50_us"] / 1000,
            "p99": raw["p99_us"] / 1000,
            "not_200": raw["not_200"],
            "errors": raw["socket_errors"] + raw["timeouts"],
        }

    def close(self) -> None:
        self.script.unlink(missing_ok=True)
