"""Every workflow email takes its words from templates (``workflows/email/<kind>.txt`` and its subject), so a
newsroom can reword them, and translators find them; plain text, never HTML-escaped."""

import ast
import datetime

import pytest
from django.core import mail
from django.template.loader import get_template
from django.utils import timezone

from factcheck.claims.models import Assignment
from tests.conftest import REPO
from tests.factories import AssignmentFactory, ClaimFactory
from workflows import notifications

pytestmark = pytest.mark.django_db

KINDS = [*notifications.SENDERS, "reminder"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_body_and_a_subject_template(kind):
    get_template(f"workflows/email/{kind}.txt")
    get_template(f"workflows/email/{kind}_subject.txt")


def test_no_message_text_is_written_in_python():
    """Only ``_send`` sends, and it renders templates: no other function calls send_mail or builds lines."""
    tree = ast.parse((REPO / "workflows" / "notifications.py").read_text())
    senders = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "send_mail"
    }
    assert senders == {"_send"}


def test_a_reworded_template_changes_the_email(users, settings, tmp_path):
    folder = tmp_path / "workflows" / "email"
    folder.mkdir(parents=True)
    (folder / "assigned.txt").write_text("Bonjour! {{ claim.reviewed_text }} <{{ claim_url }}>\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    claim = ClaimFactory(text='Prices rose "50%" & more in 2024.')
    assert notifications.notify_assigned(claim.pk, [users["reviewer"].pk]) == 1
    (message,) = mail.outbox
    assert message.body.startswith('Bonjour! Prices rose "50%" & more in 2024. <http')
    assert message.subject.startswith("[Factdesk] Assigned: Prices rose")


def test_text_is_never_html_escaped(users):
    claim = ClaimFactory(text='The "new" plan costs <£5m> & more.')
    notifications.notify_approved(claim.pk)  # nobody to tell: no verdict author, no reviewer
    AssignmentFactory(claim=claim, reviewer=users["reviewer"], due_at=timezone.now() + datetime.timedelta(hours=2))
    notifications.notify_approved(claim.pk)
    (message,) = mail.outbox
    assert 'Claim: "The "new" plan costs <£5m> & more."' in message.body
    assert "&quot;" not in message.body + message.subject and "&amp;" not in message.body


def test_the_reminder_lists_each_claim_with_its_flag(users):
    now = timezone.now()
    overdue = ClaimFactory(due_at=now - datetime.timedelta(hours=1))
    soon = ClaimFactory(due_at=now + datetime.timedelta(hours=3))
    assignments = [
        AssignmentFactory(claim=c, reviewer=users["reviewer"], due_at=c.due_at, state=Assignment.State.ACTIVE)
        for c in (overdue, soon)
    ]
    notifications.send_reminder(users["reviewer"].pk, assignments, now)
    (message,) = mail.outbox
    assert message.subject == "[Factdesk] 2 claim(s) due soon or overdue"
    lines = message.body.splitlines()
    assert lines[0] == "These claims assigned to you are due within 24 hours or overdue:"
    assert lines[2].startswith("- [OVERDUE, ") and lines[4].startswith("- [due soon, ")
    assert message.body.rstrip().endswith("-- \nFactdesk")
