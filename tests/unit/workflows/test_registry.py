"""The one registry of desk actions: every action the table and the activities know has exactly one entry,
every entry names a real service whose keywords it lists, every audit event a service writes has a
sentence, and the admin forms and API inputs take the fields the registry says."""

import inspect
import re
from pathlib import Path

import pytest

from workflows import registry, services
from workflows.actions import Action, DeskAction
from workflows.transitions import ACTIVITIES, TABLE

SERVICES_DIR = Path(services.__file__).parent


def written_event_names() -> set[str]:
    """Every audit event name the services write: the table's events plus each ``action="..."`` literal."""
    names = {t.event for t in TABLE.values()}
    for source in SERVICES_DIR.glob("*.py"):
        names |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', source.read_text()))
    return names


def test_every_action_of_the_table_and_the_activities_has_one_entry():
    expected = {action for _, action in TABLE} | set(ACTIVITIES)
    assert set(registry.ACTIONS) == {str(a) for a in expected}
    assert set(registry.ACTIONS) == {a.value for a in Action} - {Action.VIEW_VERDICT}
    assert set(registry.DESK_ACTIONS) == {a.value for a in DeskAction}


@pytest.mark.parametrize("name", sorted({*registry.ACTIONS, *registry.DESK_ACTIONS}))
def test_each_entry_names_a_service_and_exactly_its_keywords(name):
    spec = registry.ACTIONS.get(name) or registry.DESK_ACTIONS[name]
    assert spec.label and spec.label[0].isupper()
    assert getattr(services, spec.service.__name__) is spec.service, "the service is exported by workflows.services"
    keywords = set(inspect.signature(spec.service).parameters) - {"claim_id", "actor"}
    assert {p.name for p in spec.params} == keywords


def test_each_transition_writes_an_event_of_its_entry():
    for (_, action), transition in TABLE.items():
        assert transition.event in registry.ACTIONS[action].event_names


def test_every_event_the_services_write_has_a_sentence():
    missing = written_event_names() - set(registry.EVENTS)
    assert not missing, f"add a sentence for {sorted(missing)} to workflows.registry"


def test_an_event_belongs_to_one_entry():
    owners = [
        name for spec in (*registry.ACTIONS.values(), *registry.DESK_ACTIONS.values()) for name in spec.event_names
    ]
    assert len(owners) == len(set(owners)), "one sentence per event, kept by the entry whose service writes it"
    # Readers' events (a tip, an error report and its resolution) have no desk button: their own small table.
    assert not set(owners) & set(registry.READER_EVENTS)
    assert set(owners) | set(registry.READER_EVENTS) == set(registry.EVENTS)


def test_the_api_inputs_take_the_registry_fields():
    from factcheck.api import actions as api_actions
    from factcheck.api.urls import CLAIM_ACTIONS

    offered = {view.action: view for view in CLAIM_ACTIONS.values()}
    for name, spec in registry.ACTIONS.items():
        if spec.api_path is None or spec.api_method != "POST" or name == Action.EVIDENCE:
            continue
        view = offered[name]
        assert issubclass(view, api_actions.ClaimAction)
        fields = set(view.Input().fields)
        assert fields == {p.api_name for p in spec.params} | set(spec.api_aliases), name


def test_the_draft_and_evidence_inputs_take_the_registry_fields():
    from factcheck.api.evidence import EvidenceAddInput
    from factcheck.api.verdicts import DraftInput

    assert set(DraftInput().fields) == {p.api_name for p in registry.ACTIONS[Action.DRAFT].params}
    assert set(EvidenceAddInput().fields) == {p.api_name for p in registry.ACTIONS[Action.EVIDENCE].params}


def test_the_api_links_and_urls_come_from_the_registry():
    from django.urls import reverse

    for name, spec in registry.ACTIONS.items():
        assert spec.api_path, name
        reverse(f"api:claim-{spec.api_path}", kwargs={"pk": 1})


@pytest.mark.django_db
def test_the_admin_buttons_pass_only_registry_fields(users, ratings):
    from workflows.desk.buttons import BUTTONS

    assert set(BUTTONS) == set(registry.ACTIONS)
    sample = {
        "reason": "other",
        "note": "n",
        "lead": users["reviewer"].pk,
        "priority": "2",
        "claim_type": "quantity",
        "speaker": "S",
        "rating": ratings["false"].pk,
        "kind": "correction",
        "what_changed": "w",
        "new_rating": ratings["true"].pk,
        "headline": "H",
        "summary": "S",
        "explanation": "E",
        "version": "3",
        "url": "https://example.org/",
        "title": "T",
        "stance": "refutes",
    }
    for name, button in BUTTONS.items():
        form = button.form(sample)
        assert form.is_valid(), (name, form.errors)
        params = {p.name: p for p in registry.ACTIONS[name].params}
        given = form.service_kwargs()
        assert set(given) <= set(params), (name, set(given) - set(params))
        required = {n for n, p in params.items() if p.required}
        assert required <= set(given), (name, required - set(given))
