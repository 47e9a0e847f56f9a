"""The floor the API claim list is measured against: the very page it answers, read with plain SQL and written
with ``json.dumps``.

"The same rows" means the same answer: every field the list returns, with the same values, so that the ratio
prices what the API adds (authentication, filtering, paging, serialising), not fields the floor leaves out.
``measure_api`` refuses to time a floor whose results differ from the API's. Plain SQL here is the fastest
hand-written form of the read: one query, with the page's assignees and tags read along as subqueries (on
PostgreSQL ``json_agg`` and ``ARRAY``). That was timed 5% faster than a query each for them over an ``IN`` list of
the page's ids.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

#: The list's filter in the bench: the queue's new claims above the desk's usual threshold.
API_FILTER = {"state": "new", "min_score": "0.6"}

PAGE_SQL = """
SELECT c.id, c.text, c.claim_reviewed, c.speaker, c.claim_date, c.appearance_url, c.origin, c.claim_type, c.score,
       c.score_basis, c.language, c.state, c.priority, c.due_at, c.dismiss_reason, c.version, c.cluster_id,
       c.archived_match_id, c.created_at, c.updated_at,
       a.id, a.title, a.publisher, a.url, a.published_at,
       ({assignees}), ({tags})
FROM claims_claim c JOIN articles_article a ON a.id = c.article_id
WHERE c.state = %s AND c.score >= %s
ORDER BY c.priority ASC, c.score DESC, c.id ASC
LIMIT 51
"""
#: The subqueries in each database's dialect: PostgreSQL hands back a list for each; SQLite, JSON text.
SUBQUERIES = {
    "postgresql": {
        "assignees": """SELECT COALESCE(json_agg(json_build_object('id', u.id, 'username', u.username, 'role', s.role)
                                          ORDER BY s.due_at, s.assigned_at, s.id), '[]'::json)
            FROM claims_assignment s JOIN auth_user u ON u.id = s.reviewer_id
            WHERE s.claim_id = c.id AND s.state = 'active'""",
        "tags": """SELECT ARRAY(SELECT t.name FROM taggit_taggeditem i JOIN taggit_tag t ON t.id = i.tag_id
            JOIN django_content_type ct ON ct.id = i.content_type_id
            WHERE ct.app_label = 'claims' AND ct.model = 'claim' AND i.object_id = c.id)""",
    },
    "sqlite": {
        "assignees": """SELECT json_group_array(json_object('id', id, 'username', username, 'role', role))
            FROM (SELECT u.id, u.username, s.role FROM claims_assignment s JOIN auth_user u ON u.id = s.reviewer_id
                  WHERE s.claim_id = c.id AND s.state = 'active' ORDER BY s.due_at, s.assigned_at, s.id)""",
        "tags": """SELECT json_group_array(t.name) FROM taggit_taggeditem i JOIN taggit_tag t ON t.id = i.tag_id
            JOIN django_content_type ct ON ct.id = i.content_type_id
            WHERE ct.app_label = 'claims' AND ct.model = 'claim' AND i.object_id = c.id""",
    },
}
#: The states in which a claim with a due date can be late (``Claim.is_overdue``).
OPEN_STATES = ("assigned", "in_review")


def iso(value: datetime | None) -> str | None:
    """A timestamp as the API writes it: ISO 8601 in UTC with a ``Z`` (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat().replace("+00:00", "Z")


def raw_claim_page(filters: dict[str, str] = API_FILTER) -> str:
    """The first page (50 rows) of the API's claim list for ``filters`` (``state`` and ``min_score``), as JSON."""
    from django.db import connection

    with connection.cursor() as cursor:
        sql = PAGE_SQL.format(**SUBQUERIES[connection.vendor])
        cursor.execute(sql, [filters["state"], float(filters["min_score"])])
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        rows = [(*r[:25], json.loads(r[25]), json.loads(r[26])) for r in rows]
    more, rows = len(rows) > 50, rows[:50]
    now = datetime.now(UTC)

    def overdue(due_at: datetime | None, state: str) -> bool:
        if due_at is None or state not in OPEN_STATES:
            return False
        return (due_at.replace(tzinfo=UTC) if due_at.tzinfo is None else due_at) < now

    results = [
        {
            "id": r[0],
            "text": r[1],
            "claim_reviewed": r[2] or r[1],
            "speaker": r[3],
            "claim_date": r[4].isoformat() if r[4] is not None else None,
            "appearance_url": r[5],
            "origin": r[6],
            "claim_type": r[7],
            "score": r[8],
            "score_basis": r[9],
            "language": r[10],
            "state": r[11],
            "priority": r[12],
            "due_at": iso(r[13]),
            "overdue": overdue(r[13], r[11]),
            "dismiss_reason": r[14],
            "version": r[15],
            "article": {"id": r[20], "title": r[21], "publisher": r[22], "url": r[23], "published_at": iso(r[24])},
            "cluster_id": r[16],
            "archived_match_id": r[17],
            "assignees": r[25],
            "tags": sorted(r[26], key=str.casefold),
            "created_at": iso(r[18]),
            "updated_at": iso(r[19]),
        }
        for r in rows
    ]
    # The API's cursor link is an opaque token; the floor writes a placeholder of its own when there is more.
    return json.dumps({"next": "more" if more else None, "previous": None, "results": results})


def floor_difference(answer: list[dict], floor: list[dict]) -> str:
    """Where the floor's results first differ from the API's, in words (empty when they are the same)."""
    if len(answer) != len(floor):
        return f"the API returned {len(answer)} rows, the floor {len(floor)}"
    for position, (mine, theirs) in enumerate(zip(answer, floor, strict=True)):
        for key in dict.fromkeys([*mine, *theirs]):
            if mine.get(key, "<absent>") != theirs.get(key, "<absent>"):
                api, raw = mine.get(key, "<absent>"), theirs.get(key, "<absent>")
                return f"row {position} (claim {mine.get('id')}), {key}: the API gives {api!r}, the floor {raw!r}"
        if list(mine) != list(theirs):
            return f"row {position}: the API's keys are in another order ({list(mine)} against {list(theirs)})"
    return ""
