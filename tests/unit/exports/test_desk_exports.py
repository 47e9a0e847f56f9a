"""Exports from the desk's lists: the file holds exactly the filtered list (every page, its filters and
search, in its order), read back with a real CSV parser and openpyxl; only editors and admins may export,
and every export leaves an audit record."""

import pytest
from django.urls import reverse

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from factcheck.verdicts.models import Correction
from tests.factories import ArticleFactory, ClaimFactory, claim_in_state

from .conftest import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

QUEUE = "admin:claims_claim_changelist"


def export_url(fmt: str, query: str = "", name: str = "admin:claims_claim_export") -> str:
    url = reverse(name, args=[fmt])
    return f"{url}?{query}" if query else url


@pytest.fixture
def desk(users, rating_scale):
    """A queue with claims in Cyrillic and Greek, one that looks like a formula, and a page's worth more
    than the queue shows (so "all pages" means something), plus claims the default view leaves out."""
    article = ArticleFactory(title="Здравоохранение: отчёт", publisher="Новости")
    claims = {
        "cyrillic": ClaimFactory(article=article, text="Министр сказал, что 40% больниц закрыты.", speaker="Министр"),
        "greek": ClaimFactory(text="Ο υπουργός είπε ότι 12 νοσοκομεία έκλεισαν.", claim_type="quantity"),
        "formula": ClaimFactory(text='=HYPERLINK("http://evil.example","click") costs 3%', speaker="@someone"),
        "minus": ClaimFactory(text="-5% is what the ministry said unemployment fell by", claim_type="other"),
    }
    many = ClaimFactory.create_batch(55, claim_type="quantity")  # more than one page of the queue (50)
    dismissed = claim_in_state("dismissed", reviewer=users["reviewer"])
    published = claim_in_state(
        "published", reviewer=users["reviewer"], editor=users["editor2"], rating=rating_scale.ratings.first()
    )
    return {**claims, "many": many, "dismissed": dismissed, "published": published}


def test_the_queue_exports_every_page_of_its_default_view_as_csv(as_user, desk):
    client = as_user("editor")
    response = client.get(export_url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "factdesk-claims-" in disposition and ".csv" in disposition
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["ID", "Claim", "As it appeared"]
    ids = [int(r[0]) for r in body]
    open_ids = set(Claim.objects.filter(state__in=["new", "assigned", "in_review"]).values_list("pk", flat=True))
    assert set(ids) == open_ids and len(ids) == len(open_ids) == 59  # all pages, open work only
    assert desk["dismissed"].pk not in ids and desk["published"].pk not in ids
    # The queue's own order: the page's rows come first, in the same order.
    page = client.get(reverse(QUEUE)).context["cl"].result_list
    assert ids[: len(page)] == [c.pk for c in page]
    assert int(response["X-Export-Rows"]) == len(ids)


def test_cyrillic_and_greek_arrive_intact_and_formulas_are_inert(as_user, desk):
    rows = read_csv(as_user("editor").get(export_url("csv", "state=all")))
    by_id = {int(r[0]): r for r in rows[1:]}
    cyrillic = by_id[desk["cyrillic"].pk]
    assert cyrillic[1] == "Министр сказал, что 40% больниц закрыты." and cyrillic[3] == "Министр"
    assert "Здравоохранение: отчёт" in cyrillic and "Новости" in cyrillic
    assert by_id[desk["greek"].pk][1] == "Ο υπουργός είπε ότι 12 νοσοκομεία έκλεισαν."
    formula = by_id[desk["formula"].pk]
    assert formula[1] == '\'=HYPERLINK("http://evil.example","click") costs 3%'
    assert formula[3] == "'@someone"
    assert by_id[desk["minus"].pk][1].startswith("'-5%")
    # Numbers stay numbers (no apostrophe): ids and scores can be sorted and summed.
    assert cyrillic[7] == "80.0"


def test_the_csv_export_follows_filters_and_search(as_user, desk):
    client = as_user("editor")
    rows = read_csv(client.get(export_url("csv", "state=all&claim_type__exact=quantity&q=больниц")))
    assert [int(r[0]) for r in rows[1:]] == [desk["cyrillic"].pk]
    rows = read_csv(client.get(export_url("csv", "claim_type__exact=other")))
    assert {int(r[0]) for r in rows[1:]} == {desk["minus"].pk}
    rows = read_csv(client.get(export_url("csv", "state=dismissed")))
    assert [int(r[0]) for r in rows[1:]] == [desk["dismissed"].pk]
    assert rows[1][19]  # why it was dismissed


def test_the_xlsx_export_holds_the_same_rows_typed(as_user, desk):
    client = as_user("editor")
    query = "state=all&claim_type__exact=quantity"
    csv_rows = read_csv(client.get(export_url("csv", query)))
    response = client.get(export_url("xlsx", query))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    rows = read_xlsx(response)
    assert rows[0] == csv_rows[0]
    assert [r[0] for r in rows[1:]] == [int(r[0]) for r in csv_rows[1:]]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[desk["cyrillic"].pk][1] == "Министр сказал, что 40% больниц закрыты."
    assert by_id[desk["cyrillic"].pk][7] == 80.0  # a number cell
    published = by_id[desk["published"].pk]
    assert published[5] == "Published" and published[9] is None  # no active reviewer: an empty cell


def test_a_formula_stays_text_in_xlsx(as_user, desk):
    response = as_user("editor").get(export_url("xlsx", "state=all&claim_type__exact=quantity"))
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2) for r in range(2, sheet.max_row + 1)}
    cell = cells[desk["formula"].pk]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # a string, never a formula
    assert sheet.freeze_panes == "A2"


def test_selected_rows_export_through_the_admin_action(as_user, desk):
    client = as_user("editor")
    chosen = [desk["greek"].pk, desk["cyrillic"].pk]
    response = client.post(
        reverse(QUEUE) + "?state=all",
        {"action": "export_selected_csv", "_selected_action": chosen, "index": 0},
    )
    assert response.status_code == 200
    assert "factdesk-claims-selected-" in response["Content-Disposition"]
    assert sorted(int(r[0]) for r in read_csv(response)[1:]) == sorted(chosen)
    response = client.post(reverse(QUEUE), {"action": "export_selected_xlsx", "_selected_action": chosen, "index": 0})
    assert sorted(r[0] for r in read_xlsx(response)[1:]) == sorted(chosen)
    event = AuditEvent.objects.filter(action="export.claims").latest("id")
    assert event.data["selected"] is True and event.data["rows"] == 2 and event.data["format"] == "xlsx"


def test_every_export_is_recorded_with_who_what_filters_and_rows(as_user, users, desk):
    as_user("editor").get(export_url("csv", "state=all&claim_type__exact=other&p=2"))
    event = AuditEvent.objects.get(action="export.claims")
    assert event.actor == users["editor"]
    assert event.data == {
        "format": "csv",
        "rows": 1,
        "filters": {"state": "all", "claim_type__exact": "other"},
        "source": "queue",
        "selected": False,
    }


def test_reviewers_may_not_export_and_see_no_control(as_user, desk):
    client = as_user("reviewer")
    page = client.get(reverse(QUEUE))
    assert page.status_code == 200
    assert b"Export CSV" not in page.content
    response = client.get(export_url("csv"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(QUEUE))
    follow = client.get(response["Location"])
    assert "Only editors and admins may export" in follow.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()
    form = page.context["action_form"]  # a reviewer has no bulk action at all
    assert form is None or "export_selected_csv" not in [c[0] for c in form.fields["action"].choices]


def test_editors_see_the_control_carrying_the_queue_view(as_user, desk):
    page = as_user("editor").get(reverse(QUEUE) + "?state=all&q=клиника&p=2")
    html = page.content.decode()
    assert "Export CSV" in html and "Export Excel" in html
    control = page.context["export"]
    assert control["csv_url"].endswith("/export/csv/?state=all&q=%D0%BA%D0%BB%D0%B8%D0%BD%D0%B8%D0%BA%D0%B0")
    assert "p=2" not in control["xlsx_url"]


def test_a_bad_filter_or_format_is_refused_with_a_reason_and_nothing_recorded(as_user, desk):
    client = as_user("editor")
    response = client.get(export_url("csv", "no_such_field=1"), follow=True)
    assert "filters are not valid" in response.content.decode()
    response = client.get(export_url("pdf", "state=all"), follow=True)
    assert "Choose CSV or XLSX" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


def test_verdicts_and_the_corrections_log_export_from_their_lists(as_user, users, desk, rating_scale):
    rating = rating_scale.ratings.first()
    other = claim_in_state("in_review", reviewer=users["reviewer"], rating=rating)
    Correction.objects.create(
        verdict=desk["published"].verdict,
        what_changed="Изменена цифра",
        note="=1+1 corrected",
        decided_by=users["editor"],
    )
    client = as_user("editor")
    page = client.get(reverse("admin:verdicts_verdict_changelist"))
    assert "Export CSV" in page.content.decode()
    rows = read_csv(client.get(export_url("csv", "", "admin:verdicts_verdict_export")))
    assert rows[0][:3] == ["Verdict ID", "Claim ID", "Claim"]
    by_claim = {int(r[1]): r for r in rows[1:]}
    assert set(by_claim) == {desk["published"].pk, other.pk}
    published = by_claim[desk["published"].pk]
    assert published[5] == rating.label and published[10].startswith("/fact-checks/") and published[13] == "1"
    rows = read_xlsx(client.get(export_url("xlsx", "claim__state__exact=in_review", "admin:verdicts_verdict_export")))
    assert [r[1] for r in rows[1:]] == [other.pk]

    page = client.get(reverse("admin:verdicts_correction_changelist"))
    assert "Export Excel" in page.content.decode()
    rows = read_csv(client.get(export_url("csv", "kind__exact=correction", "admin:verdicts_correction_export")))
    assert rows[1][6] == "Изменена цифра" and rows[1][9] == "'=1+1 corrected" and rows[1][10] == "editor"
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="export.").order_by("id")] == [
        "export.verdicts",
        "export.verdicts",
        "export.corrections",
    ]


def test_an_xlsx_too_big_to_build_while_waiting_is_refused_with_the_way_out(as_user, desk, settings):
    settings.FACTDESK = {**settings.FACTDESK, "EXPORT_XLSX_MAX_ROWS": 10}
    client = as_user("editor")
    response = client.get(export_url("xlsx", "state=all"), follow=True)
    text = response.content.decode()
    assert "Nothing was exported" in text and "export CSV, which opens in Excel too" in text
    assert response.redirect_chain[-1][0].endswith("?state=all")  # back on the same view of the queue
    assert read_csv(client.get(export_url("csv", "state=all")))  # CSV has no such limit
    assert [e.data["format"] for e in AuditEvent.objects.filter(action="export.claims")] == ["csv"]


def test_reviewers_column_lists_the_lead_first(as_user, users, desk):
    from tests.factories import AssignmentFactory

    claim = desk["greek"]
    AssignmentFactory(claim=claim, reviewer=users["reviewer2"], role="second")
    AssignmentFactory(claim=claim, reviewer=users["editor2"], role="lead")
    AssignmentFactory(claim=claim, reviewer=users["reviewer"], role="second", state="completed")
    rows = read_csv(as_user("editor").get(export_url("csv", "state=all")))
    assert {int(r[0]): r[9] for r in rows[1:]}[claim.pk] == "editor2, reviewer2"
