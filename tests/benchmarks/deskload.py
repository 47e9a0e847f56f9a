"""Many editors at once: N desk users against gunicorn (4 workers), each with an account, a token, a signed-in
admin session and a claim of their own in review, for a fixed time.

Each user works as a person does, with a pause between steps (0.5 to 1.5 s): the queue page, their claim's
page, a draft save (``PUT /api/v1/claims/<id>/verdict/`` with the version they hold), the API claim list. Every
answer that is not a 2xx (or a transport error) is an error; after the run each draft in the database must be
the last one its user was told was saved ("every write kept").
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

THINK = (0.5, 1.5)  # seconds between a user's steps


@dataclass
class DeskUser:
    username: str
    token: str
    session_cookie: str
    claim_id: int


@dataclass
class DeskResult:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # step -> seconds
    errors: list[str] = field(default_factory=list)
    last_saved: dict[int, str] = field(default_factory=dict)  # claim id -> summary last acknowledged
    loops: int = 0  # user loops run to their end (queue, claim page, draft, API list)

    def merge(self, other: DeskResult) -> None:
        for step, values in other.latencies.items():
            self.latencies.setdefault(step, []).extend(values)
        self.errors += other.errors
        self.last_saved.update(other.last_saved)
        self.loops += other.loops


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it (gunicorn's master and its workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


class WebCpu:
    """CPU (user + system) the web server's processes spend from now on: read from /proc/<pid>/stat for the
    master and each worker, before and after. A worker that started meanwhile counts from zero; one that
    ended is lost (gunicorn restarts a worker only on a timeout, itself an error of the run)."""

    def __init__(self, master: int):
        from tests.procs import cpu_seconds

        self.master, self._cpu = master, cpu_seconds
        self.before = {pid: cpu_seconds([pid]) for pid in process_tree(master)}

    def spent(self) -> float:
        now = {pid: self._cpu([pid]) for pid in process_tree(self.master)}
        return sum(max(0.0, cpu - self.before.get(pid, 0.0)) for pid, cpu in now.items())


def prepare_users(count: int, log=print) -> list[DeskUser]:
    """``count`` reviewers, each given one claim in review (assignment and draft moved to them), a token and
    a signed-in session. Fewer when the desk has fewer claims in review."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from factcheck.claims.models import Assignment, Claim
    from factcheck.roles import REVIEWER
    from factcheck.verdicts.models import Verdict
    from tests.factories import api_token

    claims = list(
        Claim.objects.filter(state="in_review", verdict__isnull=False)
        .order_by("id")
        .values_list("pk", flat=True)[:count]
    )
    if len(claims) < count:
        log(f"  only {len(claims)} claims in review: {len(claims)} desk users instead of {count}")
    group = Group.objects.get(name=REVIEWER)
    backend = "django.contrib.auth.backends.ModelBackend"
    users = []
    with transaction.atomic():
        for n, claim_id in enumerate(claims, start=1):
            # A run on a reused load (``--reuse-load``) finds the last run's users: they are taken again.
            user, _ = get_user_model().objects.update_or_create(
                username=f"desk-user{n}", defaults={"is_staff": True, "email": f"desk-user{n}@example.org"}
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
            Assignment.objects.filter(claim_id=claim_id, state=Assignment.State.ACTIVE).update(reviewer=user)
            Verdict.objects.filter(claim_id=claim_id).update(author=user)
            session = SessionStore()
            session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.save()
            users.append(
                DeskUser(
                    user.username, api_token(user), f"{settings.SESSION_COOKIE_NAME}={session.session_key}", claim_id
                )
            )
    return users


def _request(port: int, method: str, path: str, headers: dict, body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _user_loop(port: int, user: DeskUser, deadline: float, seed: int, out: DeskResult, lock: threading.Lock):
    rng = random.Random(seed)
    token = {"Authorization": f"Token {user.token}", "Accept": "application/json"}
    session = {"Cookie": user.session_cookie, "Accept": "text/html"}
    mine = DeskResult()
    version = None
    saves = 0
    time.sleep(rng.uniform(0, THINK[1]))  # users arrive spread out, as a morning shift does

    def step(name: str, method: str, path: str, headers: dict, body: bytes | None = None) -> bytes | None:
        started = time.perf_counter()
        try:
            status, content = _request(port, method, path, headers, body)
        except OSError as error:
            mine.errors.append(f"{name}: {error.__class__.__name__}: {error}")
            return None
        if not 200 <= status < 300:
            mine.errors.append(f"{name}: HTTP {status}: {content[:200]!r}")
            return None
        mine.latencies.setdefault(name, []).append(time.perf_counter() - started)
        return content

    while time.perf_counter() < deadline:
        step("queue", "GET", "/admin/claims/claim/", session)
        time.sleep(rng.uniform(*THINK))
        step("claim_page", "GET", f"/admin/claims/claim/{user.claim_id}/change/", session)
        time.sleep(rng.uniform(*THINK))
        if version is None:
            loaded = step("draft_load", "GET", f"/api/v1/claims/{user.claim_id}/verdict/", token)
            version = json.loads(loaded)["version"] if loaded else None
        if version is not None:
            saves += 1
            summary = f"{user.username} save {saves}: the figures do not match the registry."
            body = json.dumps(
                {
                    "rating": None,
                    "headline": f"{user.username} checked",
                    "summary": summary,
                    "explanation": f"<p>{summary}</p>",
                    "version": version,
                }
            ).encode()
            saved = step(
                "draft_save",
                "PUT",
                f"/api/v1/claims/{user.claim_id}/verdict/",
                {**token, "Content-Type": "application/json"},
                body,
            )
            if saved:
                version = json.loads(saved)["version"]
                mine.last_saved[user.claim_id] = summary
            else:
                version = None  # reload before the next save
        time.sleep(rng.uniform(*THINK))
        step("api_list", "GET", "/api/v1/claims/?state=in_review&page_size=50", token)
        mine.loops += 1
        time.sleep(rng.uniform(*THINK))
    with lock:
        out.merge(mine)


def warm_up(port: int, users: list[DeskUser], rounds: int) -> None:
    """Each page once per round, unmeasured, so no worker's first render (templates, query plans) counts."""
    for user in users[:rounds]:
        session = {"Cookie": user.session_cookie, "Accept": "text/html"}
        token = {"Authorization": f"Token {user.token}", "Accept": "application/json"}
        _request(port, "GET", "/admin/claims/claim/", session)
        _request(port, "GET", f"/admin/claims/claim/{user.claim_id}/change/", session)
        _request(port, "GET", f"/api/v1/claims/{user.claim_id}/verdict/", token)
        _request(port, "GET", "/api/v1/claims/?state=in_review&page_size=50", token)


def _process(port: int, users: list[DeskUser], duration: float, seed: int, queue) -> None:
    out, lock = DeskResult(), threading.Lock()
    deadline = time.perf_counter() + duration
    threads = [
        threading.Thread(target=_user_loop, args=(port, user, deadline, seed * 1009 + i, out, lock))
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


def run(port: int, users: list[DeskUser], duration: float, processes: int = 5) -> DeskResult:
    """Every user works until ``duration`` seconds are up (spread over ``processes`` client processes)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    shares = [users[i::processes] for i in range(processes)]
    procs = [
        ctx.Process(target=_process, args=(port, share, duration, p, queue)) for p, share in enumerate(shares) if share
    ]
    for proc in procs:
        proc.start()
    total = DeskResult()
    for _ in procs:
        total.merge(queue.get(timeout=duration + 300))
    for proc in procs:
        proc.join()
    return total


def lost_writes(result: DeskResult) -> list[int]:
    """Claims whose draft in the database is not the last save its user was told succeeded."""
    from factcheck.verdicts.models import Verdict

    stored = dict(Verdict.objects.filter(claim_id__in=list(result.last_saved)).values_list("claim_id", "summary"))
    return sorted(claim for claim, summary in result.last_saved.items() if stored.get(claim) != summary)
