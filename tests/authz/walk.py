"""Making the walk's requests and reading their answers: each response is named in
the table's vocabulary (tests/authz/expect.py), and every answer with a body (not a
redirect) is searched for the name and e-mail of each learner the role may not see."""

from __future__ import annotations

import html
import io
import json
import zipfile
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import translation

from .expect import Case
from .world import World

# Who may see each learner anywhere (but on the pages that show a certificate's
# holder to anyone: Case.holder_public): the learner of `region` themselves, its
# mentor and regional admin, the national admin; the learner of the other region
# (the mirror world's), its regional admin and the national admin.
SEE_LEARNER = {"learner", "mentor", "regional_admin", "national_admin"}
SEE_MIRROR = {"other_regional_admin", "national_admin"}


def leaks(response, role: str, world: World) -> list[str]:
    """The learners an answer shows to a role that may not see them."""
    if 300 <= response.status_code < 400:
        return []
    found = []
    text = None
    for who, marks, seers in (
        ("the learner", world.learner_marks, SEE_LEARNER),
        ("the other region's learner", world.mirror.learner_marks, SEE_MIRROR),
    ):
        if role in seers:
            continue
        text = body_text(response) if text is None else text
        if any(mark in text for mark in marks):
            found.append(who)
    return found


def login_paths() -> dict[str, str]:
    with translation.override("ru"):
        site = reverse("account_login")
    return {
        site: "login",
        reverse("wagtailadmin_login"): "admin-login",
        reverse("wagtailadmin_home"): "admin-denied",
        reverse("admin:login"): "django-admin-login",
    }


def answer_of(response, logins: dict[str, str]) -> str:
    """The response in the table's words: "404", "login", "redirect:/ru/...", ..."""
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        return logins.get(path, f"redirect:{path}")
    return str(response.status_code)


def matches(expected: str, actual: str, aliases: dict[str, str]) -> bool:
    if expected == actual:
        return True
    if expected == "redirect":
        return actual.startswith("redirect:")
    if expected.startswith("redirect:") and expected[9:] in aliases:
        return actual == f"redirect:{aliases[expected[9:]]}"
    return False


def body_text(response) -> str:
    """What a person reads in the response: HTML, text and JSON decoded, a
    spreadsheet's cells (its XML, unzipped); a PDF is not searched."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if response.get("Content-Encoding") == "gzip":
        import gzip

        content = gzip.decompress(content)
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            content = b"".join(
                book.read(name) for name in book.namelist() if name.endswith(".xml")
            )
    elif "pdf" in kind:
        return ""
    text = content.decode("utf-8", errors="replace")
    if "json" in kind:
        # Escaped as \uXXXX in JSON (an admin chooser's modal, say): read as text.
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return html.unescape(text)


# Requests made by the walk, for its summary line (conftest.pytest_terminal_summary).
REQUESTS = {"count": 0}


def request(client: Client, method: str, path: str, data=None):
    """One request; an exception in the view is an answer too ("error: ...")."""
    REQUESTS["count"] += 1
    try:
        if method == "GET":
            return client.get(path)
        return client.post(path, data or {})
    except Exception as exc:  # noqa: BLE001 (reported as the answer)
        return exc


# The mirror world (the learner of the other region): the two regional admins trade
# places, each getting what the other gets in the learner's world.
MIRRORED = {
    "regional_admin": "other_regional_admin",
    "other_regional_admin": "regional_admin",
}


def walk_case(
    clients: dict[str, Client],
    world: World,
    case: Case,
    aliases: dict[str, str],
    *,
    mirror: bool = False,
) -> list[tuple]:
    """Every role's GET (and POST) of the case's URL: the answers that differ from
    the table. In the mirror world, the two regional admins only, traded."""
    logins = login_paths()
    where = world.mirror if mirror else world
    roles = list(MIRRORED) if mirror else list(clients)
    with translation.override("ru"):
        path = case.url(where)
    problems = []
    plan = [("GET", case.get)]
    if case.post is not None:
        plan.append(("POST", case.post))
    for method, table in plan:
        for role in roles:
            expected = table[MIRRORED[role]] if mirror else table[role]
            # Read for each request: data that makes something (a person) is new
            # each time, so that one role's POST does not decide the next one's.
            data = case.post_data(where) if case.post_data else None
            cookies = clients[role].cookies.copy() if case.restore_cookies else None
            response = request(clients[role], method, path, data)
            if cookies is not None:
                clients[role].cookies = cookies
            if isinstance(response, Exception):
                actual = f"error: {type(response).__name__}: {response}"[:200]
            else:
                actual = answer_of(response, logins)
            if not matches(expected, actual, aliases):
                problems.append((method, path, role, expected, actual))
            elif not case.holder_public:
                problems += [
                    (method, path, role, f"{actual} without {who}", f"showing {who}")
                    for who in leaks(response, role, world)
                ]
    return problems


def walk_rule(clients, world: World, cases, aliases) -> list[tuple]:
    """Every case of a rule; and again in the mirror world for each case whose URL
    names the learner's objects (it differs there), or whose POST sends data (which
    names them, or their region)."""
    problems = []
    for case in cases:
        problems += walk_case(clients, world, case, aliases)
        with translation.override("ru"):
            mirrored = (
                case.url(world.mirror) != case.url(world) or case.post_data is not None
            )
        if mirrored:
            problems += walk_case(clients, world, case, aliases, mirror=True)
    return problems


def report(problems: list[tuple]) -> str:
    lines = [f"{len(problems)} answers differ from the table:"]
    lines += [
        f"  {method:4} {path}  {role}: expected {expected}, got {actual}"
        for method, path, role, expected, actual in problems
    ]
    return "\n".join(lines)
