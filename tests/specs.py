"""Test specifications several test files check the code against: one copy, imported, never redefined.

The permission matrix and the action list are written out here independently of the code's own
(``workflows.permissions``, ``workflows.registry``), so a change to who may do what is made deliberately
in two places; the API, admin and bad-input tests all read these same cells. The XSS payloads are the
public site's corpus, which the desk's own XSS test extends.
"""

from __future__ import annotations

#: The permission matrix: may this caller do the action, on a claim in the state it needs?
Y, N = True, False
# Columns: the reviewer assigned to the claim (and author of its draft), another reviewer, an editor, an admin.
EXPECTED = {
    "dismiss": (N, N, Y, Y),
    "reopen": (N, N, Y, Y),
    "assign": (N, N, Y, Y),
    "unassign": (N, N, Y, Y),
    "reassign": (N, N, Y, Y),
    "set_priority": (N, N, Y, Y),
    "edit": (Y, N, Y, Y),  # the assigned reviewer restates the claim too, until submission
    "start": (Y, N, N, Y),
    "evidence": (Y, N, N, Y),
    "draft": (Y, N, N, Y),
    "submit": (Y, N, N, Y),
    "approve": (N, N, Y, Y),
    "vote": (N, N, Y, Y),
    "return": (N, N, Y, Y),
    "publish": (N, N, Y, Y),
    "correct": (N, N, Y, Y),
    "retract": (N, N, Y, Y),
    "dismiss_match": (N, N, Y, Y),  # marking an "already checked" or cluster match as wrong
}
ACTORS = ("reviewer", "reviewer2", "editor", "admin")

STATE_FOR = {  # the state each action needs: the claim each matrix cell is tried on
    "dismiss": "new",
    "reopen": "dismissed",
    "assign": "new",
    "unassign": "assigned",
    "reassign": "assigned",
    "set_priority": "new",
    "edit": "assigned",
    "start": "assigned",
    "evidence": "in_review",
    "draft": "in_review",
    "submit": "in_review",
    "approve": "submitted",
    "vote": "submitted",
    "return": "submitted",
    "publish": "approved",
    "correct": "published",
    "retract": "published",
    "dismiss_match": "new",
}


def claim_for(action, make_claim):
    """The claim a matrix cell is tried on: in the state the action needs, with what it acts on (a match to
    mark as wrong, for ``dismiss_match``)."""
    claim = make_claim(STATE_FOR[action])
    if action == "dismiss_match":
        from factcheck.claims.models import ArchivedFactCheck

        claim.archived_match = ArchivedFactCheck.objects.create(
            claim_text="All patients recovered fully.", url=f"https://factcheck.example.org/{claim.pk}"
        )
        claim.match_score = 0.7
        claim.save(update_fields=["archived_match", "match_score"])
    return claim


def form_data(action, claim, users, ratings) -> dict:
    """The admin form a valid request for ``action`` posts (the bad-input test breaks it field by field)."""
    from factcheck.verdicts.models import Verdict

    data = {"version": claim.version}
    data.update(
        {
            "dismiss": {"reason": "not_check_worthy", "note": "Opinion."},
            "reopen": {"note": "Worth a look after all."},
            "assign": {"lead": users["reviewer2"].pk, "priority": "2"},
            "unassign": {"note": "Back to the queue."},
            "reassign": {"lead": users["reviewer2"].pk},
            "set_priority": {"priority": "1"},
            "edit": {"claim_type": "quantity", "speaker": "The minister"},
            "evidence": {"url": "https://example.org/report", "title": "Report", "stance": "refutes"},
            "vote": {"rating": ratings["false"].pk},
            "return": {"note": "Check the second source."},
            "correct": {
                "kind": "correction",
                "what_changed": "A figure",
                "note": "We fixed a figure.",
                "speaker": "The minister",
            },
            "retract": {"reason": "The source was fabricated."},
            "dismiss_match": {"archived": claim.archived_match_id, "reason": "Another treatment."},
        }.get(action, {})
    )
    if action in ("publish", "retract", "dismiss_match"):
        data["confirm"] = "yes"  # irreversible: the confirmed POST of their confirmation step
    if action == "draft":
        data = {
            "version": Verdict.objects.get(claim=claim).version,
            "rating": ratings["false"].pk,
            "headline": "H",
            "summary": "S",
            "explanation": "<p>E</p>",
        }
    return data


def snapshot(claim) -> dict:
    """Everything a workflow action could change: a refused or forged request must leave all of it as it was."""
    from factcheck.audit.models import AuditEvent
    from factcheck.verdicts.models import Correction, EvidenceLink, Verdict
    from workflows.models import PanelVote

    claim.refresh_from_db()
    verdict = (
        Verdict.objects.filter(claim=claim)
        .values("version", "headline", "rating_id", "editor_id", "slug", "published_at", "retracted_at")
        .first()
    )
    return {
        "claim": (
            claim.state,
            claim.version,
            claim.priority,
            claim.due_at,
            claim.speaker,
            claim.claim_type,
            claim.dismiss_reason,
        ),
        "verdict": verdict,
        "evidence": list(EvidenceLink.objects.filter(verdict__claim=claim).values_list("pk", "updated_at")),
        "assignments": list(claim.assignments.order_by("pk").values_list("pk", "reviewer_id", "state")),
        "corrections": Correction.objects.filter(verdict__claim=claim).count(),
        "votes": PanelVote.objects.filter(verdict__claim=claim).count(),
        "audit": AuditEvent.objects.filter(claim=claim).count(),
    }


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'\"><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>-->alert(1)<!--</script>-->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\x00<script>alert(1)</script>\x0b",
    "<p onclick=alert(1)>text</p>",
    "Tax < 5% & rising > inflation",
    "</script x <!-- <script>",
    '<a href="https://ok.example/" onmouseover="alert(1)">hover</a>',
    "{{ request }}{% debug %}",
]
