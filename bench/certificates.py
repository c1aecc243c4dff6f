"""Certificates benchmark (issue 4): issuing 10 and 500 certificates through a real
Celery worker.

`python bench/certificates.py` (PostgreSQL and Redis required; "skipped: ..." and exit
status 0 when either does not answer).

The database (BENCH_CERTIFICATES_DATABASE_URL; default: BENCH_DATABASE_URL's server,
database birgemiz_bench_certificates) is dropped and created from a template database
that manage.py migrate keeps up to date (bench/common.py). In it: a program and a
course of two lessons with a CertificateRule (valid 24 months), the default
CertificateTemplate with a signatory, and 556 learners (full names with Kazakh
letters) whose enrolments are completed: rows written with bulk_create, so no
"course completed" event fires and nothing is issued yet.

One `celery worker` (prefork, --concurrency=2, as docker-compose.yml runs it on a
2-core machine; BENCH_CONCURRENCY=1 runs the solo pool) listens on a queue of its own
on Redis (BENCH_CELERY_BROKER_URL, default redis://127.0.0.1:6379/14), with
lms.settings.test, LMS_CELERY_EAGER=0, files in a temporary directory. A run enqueues
certificates.tasks.certificate_issue_for_enrolment for N completed enrolments at once
(each issue task enqueues the PDF render and the e-mail, as in production) and polls
the database every 50 ms until all N certificates exist with pdf_rendered_at set: that
is the run's time. Then it waits until every task of the run has finished (the e-mails
too, from the worker's log) so that runs do not overlap. After a warm-up (not counted;
until each pool process has rendered a PDF), three runs of 10 (their median is the
10-figure: a run of 10 takes about a second, which other work on the machine moves by
tens of percent), one of 500, and one more of 10 that is not counted (it tells drift
of the machine's load from growth with the data), each with learners of its own.

Reported: total and per-certificate time of each run, the ratio per-certificate(500) /
per-certificate(10) (target <= 1.2; exit status 1 above it, or when a run fails), the
worker's CPU time per certificate and the cores the other processes on the machine
used during each run (/proc: the noise in the wall times), PDF file sizes, and the
worker's own task times ("succeeded in Xs" lines) per task kind. The worker's log,
the summary and one PDF are kept in bench/results/certificates/. Linux only (/proc).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_database_url,
    database_from_template,
    interrupt_on_sigterm,
    percentile,
    pg_params,
    services_missing,
    site_build,
)

DATABASE_URL = bench_database_url(
    "BENCH_CERTIFICATES_DATABASE_URL", "birgemiz_bench_certificates"
)
BROKER_URL = os.environ.get("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
SMALL = int(os.environ.get("BENCH_SMALL", "10"))
SMALL_RUNS = int(os.environ.get("BENCH_SMALL_RUNS", "3"))
LARGE = int(os.environ.get("BENCH_LARGE", "500"))
WARM_UP = 4  # certificates per warm-up round
WARM_UP_ROUNDS = 4
# Plus one run of SMALL after the large one: not in the figures, it tells drift of
# the machine (other work) from growth with the data.
LEARNERS = WARM_UP * WARM_UP_ROUNDS + SMALL * (SMALL_RUNS + 1) + LARGE  # 556
TARGET = 1.2
POLL = 0.05  # seconds
RESULTS = ROOT / "bench" / "results" / "certificates"
CELERY = Path(sys.executable).with_name("celery")
TASK_KINDS = (
    "certificate_issue_for_enrolment",
    "certificate_pdf_render",
    "certificate_issued_notify",
)
SUCCEEDED = re.compile(
    r"/(?P<process>[\w-]+)\] Task certificates\.tasks\.(?P<task>\w+)"
    r"\[[^\]]+\] succeeded in (?P<seconds>[0-9.e+-]+)s"
)
FAILED = re.compile(r"Task certificates\.tasks\.\w+\[[^\]]+\] (?:raised|retry)")

# Names with the letters of the Kazakh alphabet that Russian lacks: ә ғ қ ң ө ұ ү һ і.
FIRST_NAMES = (
    "Айгерім",
    "Нұрлан",
    "Әсел",
    "Ерғали",
    "Мөлдір",
    "Қанат",
    "Гүлнұр",
    "Іңкәр",
    "Дәурен",
    "Ақбота",
    "Шаһизада",
    "Ұлжан",
)
SURNAMES = (
    "Сұлтанқызы Өтегенова",
    "Қайратұлы Нұрғалиев",
    "Әбілқасымова",
    "Жұмабеков",
    "Төлеуова",
    "Үсенов",
    "Іскақова",
    "Шәріпов",
    "Ғабдуллина",
    "Оңғарбаев",
    "Бекмұхамбетова",
)


class Failed(Exception):
    """A run did not finish: the worker died, a task failed or the time ran out."""


# Content
# ------------------------------------------------------------------------------


def content_build(learners: int) -> tuple[object, list[tuple[int, int]]]:
    """The certified course and `learners` completed enrolments, written directly
    (bulk_create sends no signals: nothing is issued). Returns the course and the
    (enrolment id, learner id) pairs in order."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.models import Enrolment, ItemProgress
    from people.models import User
    from tests.factories import (
        CertificateRuleFactory,
        CertificateTemplateFactory,
        SignatoryFactory,
        course_with_lessons,
        region_by_code,
    )

    program = site_build(hostname="testserver", port=80)
    template = CertificateTemplateFactory(is_default=True, name="Основной")
    SignatoryFactory(template=template)
    course, lessons = course_with_lessons(
        program, 2, slug="palliative-care", title="Паллиативная помощь", hours=6
    )
    course.refresh_from_db()
    CertificateRuleFactory(page=course, validity_months=24)

    home_region = region_by_code("KZ-75")
    password = make_password(None)  # unusable: nobody logs in
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"bench-learner-{n}@example.kz",
            full_name=(
                f"{FIRST_NAMES[n % len(FIRST_NAMES)]} "
                f"{SURNAMES[(n // len(FIRST_NAMES)) % len(SURNAMES)]}"
            ),
            region=home_region,
            preferred_language="kk" if n % 2 else "ru",
            password=password,
        )
        for n in range(learners)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            learner=user,
            course_key=course.translation_key,
            status=Enrolment.Status.COMPLETED,
            completed_at=now,
            last_item_key=lessons[-1].translation_key,
            last_activity_at=now,
        )
        for user in users
    )
    ItemProgress.objects.bulk_create(
        ItemProgress(enrolment=e, item_key=lesson.translation_key, completed_at=now)
        for e in enrolments
        for lesson in lessons
    )
    return course, [(e.pk, e.learner_id) for e in enrolments]


# The worker
# ------------------------------------------------------------------------------


class Worker:
    """One `celery worker` process on a queue of its own, logging to a file."""

    def __init__(self, *, env: dict[str, str], queue: str, log_path: Path):
        self.queue = queue
        self.name = f"{queue}@localhost"
        self.log_path = log_path
        pool = (
            ["--pool=solo", "--concurrency=1"]
            if CONCURRENCY == 1
            else ["--pool=prefork", f"--concurrency={CONCURRENCY}"]
        )
        self.command = [
            str(CELERY),
            "-A",
            "lms",
            "worker",
            *pool,
            "-Q",
            queue,
            "-n",
            self.name,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        with open(log_path, "w") as log_file:
            log_file.write(f"$ {' '.join(self.command)}\n")
            log_file.flush()
            # A session of its own: Ctrl+C reaches the bench only, which then stops
            # the worker (warm shutdown) in its `finally`.
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def fail_if_exited(self) -> None:
        if self.process.poll() is not None:
            raise Failed(
                f"the Celery worker exited with code {self.process.returncode}"
            )

    def wait_until_ready(self, timeout: float = 90) -> None:
        from lms.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.fail_if_exited()
            if app.control.ping(destination=[self.name], timeout=1):
                return
        raise Failed(f"the Celery worker did not answer a ping within {timeout:.0f} s")

    def _pids(self) -> list[int]:
        """The worker and its pool processes (children)."""
        pids = [self.process.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # ppid
                pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the worker and its pool processes have used."""
        return sum(_ticks(pid) for pid in self._pids()) / os.sysconf("SC_CLK_TCK")

    def pool_rss_mb(self) -> list[float]:
        """Resident memory of the pool processes (the worker itself for solo), MB."""
        pids = self._pids()
        sizes = []
        for pid in pids[1:] or pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match[1]) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm: finish current tasks
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session
                self.process.wait(timeout=10)


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


class CpuUse:
    """Where the machine's CPU time goes during a run (Linux /proc): the worker, the
    PostgreSQL backends of the bench database, this process, and everything else
    (other work on a shared machine: the noise in the wall times)."""

    def __init__(self, worker: Worker, database: str):
        self.worker = worker
        self.database = database
        self.hz = os.sysconf("SC_CLK_TCK")
        self.start = self._snapshot()

    def _machine_busy(self) -> int:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        return sum(values[:8]) - values[3] - values[4]  # minus idle, iowait

    def _postgres(self) -> dict[int, int]:
        """CPU ticks of the backends connected to the bench database (their process
        title names it: "postgres: user database host(port) state")."""
        backends = {}
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                title = cmdline.read_bytes()
            except OSError:
                continue
            if title.startswith(b"postgres: ") and (
                f" {self.database} ".encode() in title
            ):
                pid = int(cmdline.parent.name)
                backends[pid] = _ticks(pid)
        return backends

    def _snapshot(self) -> dict:
        return {
            "machine": self._machine_busy(),
            "worker": self.worker.cpu_seconds(),
            "worker_main": _ticks(self.worker.process.pid) / self.hz,
            "postgres": self._postgres(),
            "bench": time.process_time(),
        }

    def since_start(self) -> dict[str, float]:
        """CPU seconds used since the start: machine, worker, postgres, bench,
        others."""
        end = self._snapshot()
        used = {
            "machine": (end["machine"] - self.start["machine"]) / self.hz,
            "worker": end["worker"] - self.start["worker"],
            "worker_main": end["worker_main"] - self.start["worker_main"],
            "postgres": sum(
                ticks - self.start["postgres"].get(pid, 0)
                for pid, ticks in end["postgres"].items()
            )
            / self.hz,
            "bench": end["bench"] - self.start["bench"],
        }
        used["others"] = max(
            0.0,
            used["machine"] - used["worker"] - used["postgres"] - used["bench"],
        )
        return used


def queue_forget(queue: str) -> None:
    """Remove the keys kombu left in Redis for the bench's queue."""
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    finally:
        client.close()


def queue_length(queue: str) -> int:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        return client.llen(queue)
    finally:
        client.close()


# A run
# ------------------------------------------------------------------------------


class LogTail:
    """The worker's log from now on, read as it grows (whole lines only, each once,
    so polling costs the same late in a long run as early): the "succeeded in Xs"
    lines by task kind, as (process, seconds) in order, and whether a task failed."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = path.stat().st_size
        self.times: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self.failed = False

    def read(self) -> None:
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            chunk = handle.read()
        end = chunk.rfind(b"\n") + 1
        if not end:
            return
        self.offset += end
        text = chunk[:end].decode(errors="replace")
        for match in SUCCEEDED.finditer(text):
            self.times[match["task"]].append(
                (match["process"], float(match["seconds"]))
            )
        self.failed |= bool(FAILED.search(text))


def run_batch(worker: Worker, batch: list[tuple[int, int]]) -> dict:
    """Enqueue the issue task for every enrolment of `batch` at once and time it
    until every certificate exists with its PDF rendered; then wait for the rest of
    the run's tasks (the e-mails) so that the next run starts on an idle worker."""
    from django.db.models import Count, Q

    from certificates.models import Certificate
    from certificates.tasks import certificate_issue_for_enrolment

    n = len(batch)
    learner_ids = [learner_id for _enrolment_id, learner_id in batch]
    # The run's learners have consecutive ids (one bulk_create): a range keeps the
    # poll query as cheap for 500 as for 10.
    first, last = min(learner_ids), max(learner_ids)
    of_run = (
        Q(learner_id__gte=first, learner_id__lte=last)
        if last - first + 1 == n
        else Q(learner_id__in=learner_ids)
    )
    log = LogTail(worker.log_path)
    cpu = CpuUse(worker, pg_params(DATABASE_URL)["dbname"])
    deadline = time.monotonic() + 120 + 3 * n
    started = time.perf_counter()
    for enrolment_id, _learner_id in batch:
        certificate_issue_for_enrolment.delay(enrolment_id=enrolment_id)
    enqueued = time.perf_counter()
    issued = rendered = None
    while rendered is None:
        counts = Certificate.objects.filter(of_run).aggregate(
            issued=Count("pk"),
            rendered=Count("pk", filter=Q(pdf_rendered_at__isnull=False)),
        )
        now = time.perf_counter()
        if issued is None and counts["issued"] >= n:
            issued = now
        if counts["rendered"] >= n:
            rendered = now
            break
        worker.fail_if_exited()
        log.read()
        if log.failed:
            raise Failed("a task failed or was retried (see the worker's log)")
        if time.monotonic() > deadline:
            raise Failed(
                f"{counts['rendered']} of {n} certificates rendered in time "
                f"({counts['issued']} issued)"
            )
        time.sleep(POLL)
    # Quiet: every task of the run logged as succeeded, the queue empty.
    while True:
        log.read()
        if all(len(log.times[kind]) >= n for kind in TASK_KINDS) and not queue_length(
            worker.queue
        ):
            break
        worker.fail_if_exited()
        if log.failed:
            raise Failed("a task failed or was retried (see the worker's log)")
        if time.monotonic() > deadline:
            raise Failed("the run's e-mail tasks did not finish in time")
        time.sleep(POLL)
    quiet = time.perf_counter()
    cpu = cpu.since_start()
    return {
        "n": n,
        "learner_ids": learner_ids,
        "enqueue": enqueued - started,
        "issued": issued - started,
        "total": rendered - started,
        "all_tasks": quiet - started,
        "per": (rendered - started) / n,
        "cpu_per": cpu["worker"] / n,
        "cpu": cpu,
        "times": log.times,
    }


def warm_up(worker: Worker, learners: list[tuple[int, int]]) -> int:
    """Issue certificates until each pool process has rendered a PDF (imports,
    templates, fonts). Returns how many were issued."""
    used = 0
    processes: set[str] = set()
    for _round in range(WARM_UP_ROUNDS):
        result = run_batch(worker, learners[used : used + WARM_UP])
        used += WARM_UP
        processes |= {p for p, _s in result["times"]["certificate_pdf_render"]}
        if len(processes) >= CONCURRENCY:
            break
    return used


# Report
# ------------------------------------------------------------------------------


def pdf_facts(learner_ids: list[int]) -> dict:
    from certificates.models import Certificate

    storage = Certificate._meta.get_field("pdf").storage
    rows = list(
        Certificate.objects.filter(learner_id__in=learner_ids)
        .order_by("pk")
        .values_list("pdf", "holder_name")
    )
    sizes = [os.path.getsize(storage.path(name)) for name, _holder in rows]
    sample_name, holder = rows[-1]
    sample = Path(storage.path(sample_name))
    RESULTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample, RESULTS / "sample.pdf")
    text = ""
    try:
        from pypdf import PdfReader

        text = " ".join(PdfReader(sample).pages[0].extract_text().split())
    except ImportError:  # pypdf is a dev dependency
        pass
    kazakh = sorted(set("әғқңөұүһі") & set(holder.lower()))
    return {
        "count": len(sizes),
        "median": statistics.median(sizes),
        "min": min(sizes),
        "max": max(sizes),
        "pdf_header": sample.read_bytes()[:5] == b"%PDF-",
        "holder": holder,
        "holder_in_text": bool(text) and holder in text,
        "kazakh_letters": "".join(kazakh),
        "text_checked": bool(text),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(
    *,
    setup: str,
    build_seconds: float,
    warmed: int,
    smalls: list[dict],
    large: dict,
    after: dict,
    pdf: dict,
    rss: dict[str, list[float]],
    load: tuple[float, float],
) -> tuple[list[str], float]:
    per_small = statistics.median(r["per"] for r in smalls)
    ratio = large["per"] / per_small
    pool = "solo pool" if CONCURRENCY == 1 else f"prefork --concurrency={CONCURRENCY}"
    lines = [
        f"## Certificates: {SMALL} and {LARGE} through a real Celery worker ({pool})",
        "",
        f"PostgreSQL database {setup}; content ({LEARNERS} learners with completed "
        f"enrolments) {build_seconds:.0f} s; warm-up {warmed} certificates (not "
        f"counted). Load average (1 min) before / after the runs: {load[0]:.1f} / "
        f"{load[1]:.1f} on {os.cpu_count()} cores.",
        "",
        "| run | certificates | enqueue ms | all issued ms | all PDFs rendered ms "
        "| per certificate ms | all tasks done (e-mails too) ms "
        "| worker CPU per certificate ms (of it the main process) | cores used: worker / PostgreSQL / "
        "others |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, result in [
        *((f"{SMALL} #{i + 1}", r) for i, r in enumerate(smalls)),
        (f"{LARGE}", large),
        (f"{SMALL} after the {LARGE} (not in the figures)", after),
    ]:
        lines.append(
            f"| {label} | {result['n']} | {ms(result['enqueue'])} | "
            f"{ms(result['issued'])} | {ms(result['total'])} | "
            f"{ms(result['per'])} | {ms(result['all_tasks'])} | "
            f"{ms(result['cpu_per'])} "
            f"(main {ms(result['cpu']['worker_main'] / result['n'])}) | "
            + " / ".join(
                f"{result['cpu'][k] / result['all_tasks']:.2f}"
                for k in ("worker", "postgres", "others")
            )
            + " |"
        )
    verdict = "ok" if ratio <= TARGET else "FAILED"
    cpu_small = statistics.median(r["cpu_per"] for r in smalls)
    lines += [
        "",
        f"Per certificate: {SMALL} = {ms(per_small)} ms (median of {len(smalls)} "
        f"runs), {LARGE} = {ms(large['per'])} ms; ratio {LARGE}/{SMALL} = "
        f"**{ratio:.2f}** (target <= {TARGET}: {verdict}). The worker's CPU time per "
        "certificate (all three tasks; less affected than wall time by other load "
        f"on the machine): {ms(cpu_small)} vs {ms(large['cpu_per'])} ms, ratio "
        f"{large['cpu_per'] / cpu_small:.2f}.",
        "",
        f"PDF files ({pdf['count']} certificates of the counted runs): median "
        f"{pdf['median'] / 1024:.1f} KB ({pdf['median']:.0f} bytes), min "
        f"{pdf['min']} bytes, max {pdf['max']} bytes. Sample "
        f"(bench/results/certificates/sample.pdf): starts with %PDF- "
        f"{'yes' if pdf['pdf_header'] else 'NO'}; holder {pdf['holder']!r} (Kazakh "
        f"letters {pdf['kazakh_letters']}) found in its text: "
        + (
            ("yes" if pdf["holder_in_text"] else "NO")
            if pdf["text_checked"]
            else "not checked (no pypdf)"
        )
        + ".",
        "",
        'Worker\'s own time per task (its "succeeded in" log lines), ms:',
        "",
        "| run | " + " | ".join(f"{k} median / p95" for k in TASK_KINDS) + " |",
        "|---|" + "---|" * len(TASK_KINDS),
    ]
    for label, result in [
        (f"{SMALL} (all {len(smalls)} runs)", None),
        (f"{LARGE}", large),
    ]:
        cells = []
        for kind in TASK_KINDS:
            if result is None:
                values = [s for r in smalls for _p, s in r["times"][kind]]
            else:
                values = [s for _p, s in result["times"][kind]]
            cells.append(
                f"{ms(statistics.median(values))} / {ms(percentile(values, 95))}"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    # Does a task get slower as the run goes on? First and last fifth of the 500.
    fifth = max(1, LARGE // 5)
    drift = []
    for kind in TASK_KINDS:
        values = [s for _p, s in large["times"][kind]]
        drift.append(
            f"{kind}: {ms(statistics.median(values[:fifth]))} -> "
            f"{ms(statistics.median(values[-fifth:]))} ms"
        )
    busy = sum(s for kind in TASK_KINDS for _p, s in large["times"][kind])
    lines += [
        "",
        f"In the {LARGE} run, median of the first vs the last {fifth} tasks of each "
        "kind: " + "; ".join(drift) + ".",
        f"Worker busy time in the {LARGE} run: {busy:.1f} s of task time over "
        f"{CONCURRENCY} process(es) in {large['all_tasks']:.1f} s wall.",
        "Pool processes' resident memory, MB: "
        + "; ".join(
            f"{when}: {', '.join(f'{v:.0f}' for v in values) or '-'}"
            for when, values in rss.items()
        )
        + ".",
    ]
    return lines, ratio


# Main
# ------------------------------------------------------------------------------


def main() -> int:
    missing = services_missing(database_url=DATABASE_URL, redis_url=BROKER_URL)
    if missing:
        print(missing)
        return 0

    interrupt_on_sigterm()  # a `kill` cleans up like Ctrl+C
    RESULTS.mkdir(parents=True, exist_ok=True)
    files = Path(tempfile.mkdtemp(prefix="certificates-bench-"))
    queue = f"bench-certificates-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "LMS_CELERY_EAGER": "0",
        "LMS_CELERY_QUEUE": queue,
        "DJANGO_MEDIA_ROOT": str(files / "media"),
        "LMS_PRIVATE_MEDIA_ROOT": str(files / "private"),
        "LMS_CREDENTIAL_KEY_FILE": str(files / "credential-ed25519.pem"),
        "PYTHONUNBUFFERED": "1",
    }
    worker = None
    try:
        setup = database_from_template(
            DATABASE_URL, label="certificates-bench", env=env
        )
        # This process is the "web" side: it builds the content and enqueues the
        # tasks on the worker's queue (LMS_CELERY_QUEUE), through Redis.
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        started = time.perf_counter()
        _course, learners = content_build(LEARNERS)
        connection.close()
        build_seconds = time.perf_counter() - started

        worker = Worker(env=env, queue=queue, log_path=RESULTS / "worker.log")
        worker.wait_until_ready()
        rss = {}
        load_before = os.getloadavg()[0]
        used = warmed = warm_up(worker, learners)
        rss["after the warm-up"] = worker.pool_rss_mb()
        smalls = []
        for _run in range(SMALL_RUNS):
            smalls.append(run_batch(worker, learners[used : used + SMALL]))
            used += SMALL
        large = run_batch(worker, learners[used : used + LARGE])
        used += LARGE
        after = run_batch(worker, learners[used : used + SMALL])
        rss[f"after the {LARGE} run"] = worker.pool_rss_mb()
        load = (load_before, os.getloadavg()[0])
        worker.stop()
        pdf = pdf_facts([i for r in [*smalls, large] for i in r["learner_ids"]])
        lines, ratio = report(
            setup=setup,
            build_seconds=build_seconds,
            warmed=warmed,
            smalls=smalls,
            large=large,
            after=after,
            pdf=pdf,
            rss=rss,
            load=load,
        )
        lines.append("")
        lines.append(
            "Logs: bench/results/certificates/worker.log (the worker), summary.md."
        )
        (RESULTS / "summary.md").write_text("\n".join(lines) + "\n")
        print("\n".join(lines))
        return 1 if ratio > TARGET else 0
    except Failed as exc:
        print(f"## Certificates bench failed: {exc}")
        if worker is not None:
            print(f"(worker's log: {worker.log_path.relative_to(ROOT)})")
            log = worker.log_path.read_text(errors="replace")
            first = log.find("Traceback")
            if first >= 0:
                print(log[first : first + 4000])
        return 1
    except KeyboardInterrupt:
        print("interrupted: stopping the worker")
        return 130
    finally:
        if worker is not None:
            worker.stop()
            queue_forget(queue)
        shutil.rmtree(files, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
