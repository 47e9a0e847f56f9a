"""The desk's whole day in a real browser, through the UI only, timed step by step.

An editor pastes an article and uploads another; selects a sentence extraction missed in the article's
text and adds it; restates it (wording, speaker, date, where it appeared); triages the article's claims
in the queue (dismiss lands on the next claim) and assigns the new one. The reviewer drafts the verdict in
one form and a refused evidence URL loses nothing; the admin edits the same draft at the same time and the
reviewer merges the two versions by hand. The reviewer submits (the editors get a mail), the editor returns
it (the note on top of the claim, "Returned" in My claims), the reviewer resubmits, the editor approves,
previews the public page and confirms publication, corrects the text and rating, and retracts.

Nothing is done through the API or the ORM: every move is a click or a keystroke; the server's SQLite file
and its log (the console mail backend) are only read, to check what the pages say. Each desk page is
photographed at 1366×900 and 390×844, must not scroll sideways on the phone and must have no serious or
critical axe violation. The time each move takes is written to ``test-artifacts/desk-day/timings.json``.
"""

from __future__ import annotations

import email
import json
import re
import time
from email.header import decode_header, make_header

import pytest

from .conftest import DESKTOP, PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = REPO / "test-artifacts" / "desk-day"
TITLE = "Riverside council promises cleaner tap water by 2027"
PASTED = (
    f"{TITLE}\n\n"
    "The council will spend 84 million euros on new filters at the Riverside waterworks, the council's "
    "finance office said on Monday. Lead levels in 12% of the city's homes exceeded the legal limit last "
    "year, according to the regional health authority.\n\n"
    "Councillor Mara Lind said the new filters will rid the water of microplastics for good. "
    "She added that boiling tap water for ten minutes makes it safe for infants in every district.\n\n"
    "The works will close two swimming pools for the summer, and the council expects water bills to rise "
    "by 9% in 2026."
)
# A sentence extraction does not make a claim of (no figure, a loose promise), yet a desk would check it: the
# kind of miss an editor has to be able to mend by hand.
MISSED = "the new filters will rid the water of microplastics for good."
RESTATED = "Riverside's new waterworks filters will remove all microplastics from the city's tap water."
SPEAKER = "Mara Lind"
CLAIM_DATE = "2026-11-30"
APPEARANCE = "https://radio.example.org/riverside/morning-news-2026-11-30"
UPLOADED = (
    "# Ferry operator adds night crossings\n\n"
    "The ferry operator will add 14 night crossings a week from May, its spokesperson said on Friday.\n\n"
    "Ticket prices rose 6% in January, according to the operator's annual report.\n"
)
BAD_URL = "ftp://files.example.org/microplastics-study.pdf"
GOOD_URL = "https://science.example.org/filters-and-microplastics"
EVIDENCE = {
    "title": "What drinking-water filters remove",
    "publisher": "Water Research Institute",
    "quote": "No filter in municipal use removes all microplastic particles.",
}
HEADLINE = "No filter removes every trace of microplastics"
SUMMARY = "Municipal filters remove most microplastics, but none removes all of them."
EXPLANATION = "The institute's survey of municipal filters found none that removes every particle."
ADMIN_HEADLINE = "Filters cut microplastics, but cannot remove every trace"
MERGED_HEADLINE = "Filters cut microplastics but cannot remove every trace, experts say"
REVIEWER_SUMMARY = "The new filters remove most microplastics; no filter in use removes all of them."
RETURN_NOTE = "Say which filters the institute tested, and link the council's tender."
RESUBMITTED_SUMMARY = (
    "The membrane filters the council is buying remove most microplastics; the institute "
    "found none that removes all of them."
)
CORRECTED_HEADLINE = "The new filters will remove most, not all, microplastics"
CORRECTED_SUMMARY = "The tender's filters remove about 90% of microplastic particles, not every trace."
CORRECTION_NOTE = "The council published its tender: the filters are rated for 90% removal."
RETRACT_REASON = "The councillor's words were misquoted by the radio station; the claim was never made."


class Day:
    """The day's bookkeeping: timings of each move, and each desk page's pictures, overflow and axe result."""

    def __init__(self):
        self.timings: dict[str, float] = {}
        self.problems: list[str] = []
        self.pages = 0
        self.paused = 0.0  # seconds spent photographing and running axe
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob("*.png"):
            old.unlink()

    def timed(self, name: str):
        day = self

        class _Timer:
            def __enter__(self):
                self.start, self.paused = time.perf_counter(), day.paused

            def __exit__(self, kind, value, trace):
                if kind is None:  # the move alone: photographs and axe taken meanwhile do not count
                    spent = time.perf_counter() - self.start - (day.paused - self.paused)
                    day.timings[name] = round(spent, 3)
                return False

        return _Timer()

    def desk_page(self, page, name: str) -> None:
        """Photograph the page at desk and phone size (same page, same state), check the phone's width and
        run axe; problems are collected so one bad page does not hide the rest of the day."""
        began = time.perf_counter()
        try:
            self._desk_page(page, name)
        finally:
            self.paused += time.perf_counter() - began

    def _desk_page(self, page, name: str) -> None:
        self.pages += 1
        stem = f"{self.pages:02d}-{name}"
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=SHOTS / f"{stem}-desktop.png", full_page=True)
        violations = run_axe(page, f"desk-day-{name}")
        if violations:
            self.problems.append(f"axe on {name} ({page.url}):\n{describe_violations(violations)}")
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(150)  # let the layout settle at the new width
        page.screenshot(path=SHOTS / f"{stem}-phone.png", full_page=True)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            # The innermost elements that stick out: the ones to fix (their containers only follow them).
            culprits = page.evaluate("""() => {
                const out = e => e.getBoundingClientRect().right > window.innerWidth + 1;
                return [...document.querySelectorAll('body *')].filter(e => out(e) && ![...e.children].some(out))
                    .slice(0, 6).map(e => `<${e.tagName.toLowerCase()} name="${e.getAttribute('name') || ''}"`
                        + ` class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)}`);
            }""")
            self.problems.append(f"{name}: {width}px wide in a {inner}px phone window ({page.url}): {culprits}")
        page.set_viewport_size(DESKTOP)

    def write(self) -> None:
        (SHOTS / "timings.json").write_text(json.dumps(self.timings, indent=1, ensure_ascii=False))
        print("\nThe desk's day, seconds per move:")
        for name, seconds in self.timings.items():
            print(f"  {seconds:7.2f}  {name}")
        print(f"  {sum(self.timings.values()):7.2f}  in all")


def success(page):
    return page.locator("ul.messagelist li.success")


def state_label(page):
    return page.locator("#source .fd-state")


def open_details(page, action: str):
    """Open a claim page's <details> for ``action`` and return it."""
    details = page.locator(f'details[data-action="{action}"]').first
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def press(page, action: str) -> None:
    page.locator(f'form[data-action="{action}"] button[type=submit]').click()


def claim_id_of(page) -> int:
    match = re.search(r"/admin/claims/claim/(\d+)/change/", page.url)
    assert match, f"not on a claim page: {page.url}"
    return int(match.group(1))


def select_with_mouse(page, container: str, passage: str) -> None:
    """Drag the mouse over ``passage`` in the text of ``container``, as an editor selects it."""
    box = page.evaluate(
        """([selector, passage]) => {
        const el = document.querySelector(selector);
        el.scrollIntoView({block: "center"});
        const node = el.firstChild;
        const start = node.data.indexOf(passage);
        if (start < 0) return null;
        const rect = (from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to);
                                     return r.getClientRects()[0]; };
        const first = rect(start, start + 1), last = rect(start + passage.length - 1, start + passage.length);
        return {x1: first.left + 1, y1: first.top + first.height / 2,
                x2: last.right - 1, y2: last.top + last.height / 2};
    }""",
        [container, passage],
    )
    assert box, f"“{passage}” is not in {container}"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def draft_form(page):
    return page.locator('form[data-action="draft"]')


def explanation_box(page):
    return draft_form(page).get_by_role("textbox", name="Explanation")


def mails(server) -> list[dict]:
    """The mails the console backend wrote to the server's log, oldest first: subject (decoded), to, body."""
    found = []
    for chunk in re.split(r"\n-{79}\n", server.log_path.read_text(errors="replace")):
        start = chunk.find("Content-Type: text/plain")
        if start < 0 or "\nSubject: " not in chunk[start:]:
            continue
        message = email.message_from_string(chunk[start:])
        found.append(
            {
                "subject": str(make_header(decode_header(message["Subject"]))),
                "to": message["To"],
                "body": message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8"),
            }
        )
    return found


def wait_for_mail(server, seen: int, subject: str) -> dict:
    """The first mail after the ``seen`` earlier ones whose subject has ``subject`` (sent after commit)."""
    deadline = time.monotonic() + 10
    while True:
        found = [m for m in mails(server)[seen:] if subject in m["subject"]]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"no mail “{subject}” was sent:\n" + server.log_tail()
        time.sleep(0.2)


def test_the_desk_day(e2e_server, new_context, tmp_path):
    server, day = e2e_server, Day()
    try:
        _the_day(server, new_context, tmp_path, day)
    finally:
        day.write()
    assert not day.problems, "\n\n".join(day.problems)


def _the_day(server, new_context, tmp_path, day: Day) -> None:
    editor = login(new_context(), "editor", server.password, "/admin/articles/article/")

    # --- 1. Paste an article ---------------------------------------------------------------------------
    with day.timed("paste an article (Add → text → its claims listed)"):
        editor.get_by_role("link", name=re.compile("Add article", re.I)).click()
        editor.get_by_label("Title:", exact=True).fill(TITLE)
        editor.get_by_label("Paste the article's text").fill(PASTED)
        day.desk_page(editor, "article-add-filled")
        editor.get_by_role("button", name="Add the article").click()
        claims_list = editor.locator("#fd-article-progress .fd-claim-list")
        expect(claims_list).to_contain_text("84 million euros")
    article_url = editor.url
    article_id = int(re.search(r"/article/(\d+)/change/", article_url).group(1))
    extracted = [t for (t,) in server.query("SELECT text FROM claims_claim WHERE article_id = ?", (article_id,))]
    assert extracted and not any(MISSED in t for t in extracted), "the test's missed sentence became a claim"
    day.desk_page(editor, "article-pasted")

    # --- 2. Upload a file --------------------------------------------------------------------------------
    upload = tmp_path / "ferry-night-crossings.md"
    upload.write_text(UPLOADED)
    editor.goto("/admin/articles/article/")
    with day.timed("upload a file (Add → .md file → its claims listed)"):
        editor.get_by_role("link", name=re.compile("Add article", re.I)).click()
        editor.get_by_label("or upload a file").set_input_files(str(upload))
        editor.get_by_role("button", name="Add the article").click()
        expect(editor.locator("#fd-article-progress .fd-claim-list")).to_contain_text("14 night crossings")
    uploaded_id = int(re.search(r"/article/(\d+)/change/", editor.url).group(1))
    assert server.query("SELECT source, source_name FROM articles_article WHERE id = ?", (uploaded_id,)) == [
        ("file", upload.name)
    ]
    day.desk_page(editor, "article-uploaded")
    editor.goto("/admin/articles/article/add/")
    day.desk_page(editor, "article-add-form")

    # --- 3. Add the claim the model missed, by selecting it in the article's text ----------------------
    editor.goto(article_url)
    with day.timed("add a missed claim by selecting its words"):
        panel = editor.locator("#fd-add-claim")
        select_with_mouse(editor, "#fd-article-text", MISSED)
        expect(panel.locator("[data-role=selection]")).to_have_text(f"Selected: “{MISSED}”")
        day.desk_page(editor, "article-selection")
        panel.get_by_role("button", name="Add the selected claim").click()
        editor.wait_for_url(re.compile(r"/admin/claims/claim/\d+/change/"))
        expect(success(editor)).to_contain_text("Claim added to the queue.")
    manual_id = claim_id_of(editor)
    assert server.query("SELECT text, origin FROM claims_claim WHERE id = ?", (manual_id,)) == [(MISSED, "manual")]
    expect(editor.locator("#source mark")).to_have_text(MISSED)
    day.desk_page(editor, "claim-added")

    # --- 4. Restate it: self-contained wording, speaker, date, where it appeared -----------------------
    with day.timed("restate the claim (wording, speaker, date, appearance)"):
        restate = open_details(editor, "edit")
        restate.locator("[name=claim_reviewed]").fill(RESTATED)
        restate.locator("[name=speaker]").fill(SPEAKER)
        restate.locator("[name=claim_date]").fill(CLAIM_DATE)
        restate.locator("[name=appearance_url]").fill(APPEARANCE)
        restate.get_by_role("button", name="Save the claim's details").click()
        expect(success(editor)).to_contain_text("The claim's details are saved.")
    expect(editor.locator("#source .fd-reviewed")).to_contain_text(RESTATED)
    expect(editor.locator("#source")).to_contain_text("As it appeared:")
    expect(editor.locator("#source")).to_contain_text(f"speaker: {SPEAKER}")
    assert server.query(
        "SELECT claim_reviewed, speaker, claim_date, appearance_url FROM claims_claim WHERE id = ?", (manual_id,)
    ) == [(RESTATED, SPEAKER, CLAIM_DATE, APPEARANCE)]
    day.desk_page(editor, "claim-restated")

    # --- 5. Triage the article's claims in the queue: dismiss one, land on the next, assign ------------
    with day.timed("open the queue and find the article's claims"):
        editor.goto("/admin/claims/claim/")
        editor.locator("#searchbar").fill("Riverside")
        editor.locator("#searchbar").press("Enter")
        editor.wait_for_url(re.compile(r"q=Riverside"))
        rows = editor.locator("#result_list tbody tr")
        expect(rows.first).to_be_visible()
    shown = [int(v) for v in rows.locator("input.action-select").evaluate_all("els => els.map(e => e.value)")]
    assert manual_id in shown and len(shown) >= 3, shown
    day.desk_page(editor, "queue-search")
    # The pool closures are a timetable, not a claim to check: dismissed, and on to the next claim.
    pools = rows.filter(has_text="swimming pools")
    dismissed = int(pools.locator("input.action-select").get_attribute("value"))
    with day.timed("dismiss a claim (lands on the next claim)"):
        pools.locator(".field-claim_in_context a").first.click()
        editor.wait_for_url(re.compile(rf"/claim/{dismissed}/change/"))
        dismiss = open_details(editor, "dismiss")
        dismiss.locator("select[name=reason]").select_option("not_check_worthy")
        dismiss.locator("textarea[name=note]").fill("Works timetable, nothing to check.")
        dismiss.locator("button[type=submit]").click()
        editor.wait_for_url(re.compile(r"/change/\?_changelist_filters="))
        expect(success(editor)).to_contain_text("Dismissed. This is the next claim in your queue.")
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (dismissed,)) == [("dismissed",)]
    remaining = [i for i in shown if i != dismissed]
    assert claim_id_of(editor) == remaining[shown.index(dismissed)], "dismiss should land on the next claim"
    day.desk_page(editor, "claim-next-after-dismiss")
    with day.timed("next claim → … → the restated claim"):
        for _ in range(len(shown)):
            if claim_id_of(editor) == manual_id:
                break
            forward = remaining.index(claim_id_of(editor)) < remaining.index(manual_id)
            with editor.expect_navigation():
                editor.locator("#fd-next-claim" if forward else "#fd-previous-claim").click()
    assert claim_id_of(editor) == manual_id, "next/previous never reached the restated claim"
    with day.timed("assign the claim (lands on the next claim)"):
        assign = open_details(editor, "assign")
        assign.locator("select[name=lead]").select_option(label="Rafael Reviewer")
        day.desk_page(editor, "claim-assign-form")
        assign.locator("button[type=submit]").click()
        expect(success(editor)).to_contain_text("Assigned to Rafael Reviewer.")
    # On to the next claim of the view, or back to the queue when this was its last one.
    assert f"/claim/{manual_id}/change/" not in editor.url, "assigning should go on to the next claim"
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (manual_id,)) == [("assigned",)]
    claim_url = f"/admin/claims/claim/{manual_id}/change/"

    # --- 6. The reviewer drafts in one form; a refused evidence URL keeps everything -------------------
    reviewer = login(new_context(), "reviewer", server.password, "/admin/")
    with day.timed("reviewer: My claims → the claim → start"):
        reviewer.locator(".fd-links a", has_text="My claims").first.click()
        reviewer.locator(f'#my-claims tr[data-claim="{manual_id}"] td a').first.click()
        reviewer.wait_for_url(f"**{claim_url}")
        press(reviewer, "start")
        expect(success(reviewer)).to_contain_text("Review started")
    with day.timed("draft: rating, headline, summary, explanation, evidence (refused URL)"):
        form = draft_form(reviewer)
        form.locator("select[name=rating]").select_option(label="False")
        form.locator("input[name=headline]").fill(HEADLINE)
        form.locator("textarea[name=summary]").fill(SUMMARY)
        # Typed key by key into the editor (focused first, so no key is lost on a loaded machine), and seen
        # in the form field the editor writes into before anything else happens.
        explanation_box(reviewer).press_sequentially(EXPLANATION)
        expect(form.locator("textarea[name=explanation]")).to_have_value(re.compile(re.escape(EXPLANATION)))
        row = reviewer.locator('details[data-action="evidence"]')
        if row.get_attribute("open") is None:
            row.locator("summary").click()
        row.locator('input[name$="-url"]').fill(BAD_URL)
        for name, value in EVIDENCE.items():
            row.locator(f'[name$="-{name}"]').fill(value)
        row.locator('select[name$="-stance"]').select_option("refutes")
        form.get_by_role("button", name="Save draft").click()
        expect(reviewer.locator(".errornote, ul.messagelist li.error").first).to_contain_text("Nothing was saved")
    form, row = draft_form(reviewer), reviewer.locator('details[data-action="evidence"]')
    expect(form.locator("input[name=headline]")).to_have_value(HEADLINE)
    expect(form.locator("textarea[name=summary]")).to_have_value(SUMMARY)
    expect(explanation_box(reviewer)).to_contain_text(EXPLANATION)
    expect(form.locator("select[name=rating] option:checked")).to_have_text("False")
    expect(row.locator('input[name$="-url"]')).to_have_value(BAD_URL)
    for name, value in EVIDENCE.items():
        expect(row.locator(f'[name$="-{name}"]')).to_have_value(value)
    expect(row.locator(".errorlist")).to_be_visible()
    day.desk_page(reviewer, "draft-refused-url-kept")
    with day.timed("draft: correct the URL and save everything at once"):
        row.locator('input[name$="-url"]').fill(GOOD_URL)
        draft_form(reviewer).get_by_role("button", name="Save draft").click()
        expect(success(reviewer)).to_contain_text(re.compile(r"Draft saved \(version \d+\)"))
    assert server.query("SELECT headline, summary FROM verdicts_verdict WHERE claim_id = ?", (manual_id,)) == [
        (HEADLINE, SUMMARY)
    ]
    assert server.query(
        "SELECT l.url FROM verdicts_evidencelink l JOIN verdicts_verdict v ON v.id = l.verdict_id WHERE v.claim_id = ?",
        (manual_id,),
    ) == [(GOOD_URL,)]
    day.desk_page(reviewer, "draft-saved")

    # --- 7. Two people on one draft: the admin saves first, the reviewer merges by hand ----------------
    admin = login(new_context(), "admin", server.password, claim_url)
    reviewer.goto(claim_url)
    with day.timed("conflict: the admin saves a headline while the reviewer edits"):
        draft_form(admin).locator("input[name=headline]").fill(ADMIN_HEADLINE)
        draft_form(admin).get_by_role("button", name="Save draft").click()
        expect(success(admin)).to_contain_text("Draft saved")
        draft_form(reviewer).locator("input[name=headline]").fill(HEADLINE + " (checked)")
        draft_form(reviewer).locator("textarea[name=summary]").fill(REVIEWER_SUMMARY)
        draft_form(reviewer).get_by_role("button", name="Save draft").click()
        conflict = reviewer.locator(".fd-conflict")
        expect(conflict).to_be_visible()
    expect(reviewer.locator("#merge-headline .fd-theirs")).to_contain_text(ADMIN_HEADLINE)
    expect(reviewer.locator("#merge-headline .fd-mine")).to_contain_text(HEADLINE + " (checked)")
    expect(conflict).to_contain_text("Ada Admin")
    assert server.query("SELECT headline, summary FROM verdicts_verdict WHERE claim_id = ?", (manual_id,)) == [
        (ADMIN_HEADLINE, SUMMARY)
    ], "the admin's save was overwritten"
    day.desk_page(reviewer, "draft-conflict")
    with day.timed("conflict: merge the two by hand and save"):
        reviewer.locator("#merge-headline input[value=mine]").check()
        reviewer.locator("#merge-headline input[name=headline]").fill(MERGED_HEADLINE)
        if reviewer.locator("#merge-summary input[value=mine]").count():
            reviewer.locator("#merge-summary input[value=mine]").check()
        reviewer.get_by_role("button", name="Save the merged draft").click()
        expect(success(reviewer)).to_contain_text("Draft saved")
    assert server.query("SELECT headline, summary FROM verdicts_verdict WHERE claim_id = ?", (manual_id,)) == [
        (MERGED_HEADLINE, REVIEWER_SUMMARY)
    ]
    kept = {
        h
        for (h,) in server.query(
            "SELECT r.headline FROM verdicts_draftrevision r JOIN verdicts_verdict v ON v.id = r.verdict_id "
            "WHERE v.claim_id = ?",
            (manual_id,),
        )
    }
    assert {HEADLINE, ADMIN_HEADLINE, MERGED_HEADLINE} <= kept, f"draft history lost a version: {kept}"
    reviewer.locator("#verdict a", has_text="Draft history").click()
    expect(reviewer.locator(".fd-table tbody tr").first).to_be_visible()
    day.desk_page(reviewer, "draft-history")
    reviewer.goto(claim_url)

    # --- 8. Submit: the editors are told by mail --------------------------------------------------------
    before = len(mails(server))
    with day.timed("submit for sign-off"):
        press(reviewer, "submit")
        expect(success(reviewer)).to_contain_text("Submitted for sign-off.")
    expect(state_label(reviewer)).to_have_text("Submitted for sign-off")
    day.desk_page(reviewer, "claim-submitted")
    sent = wait_for_mail(server, before, "Ready for sign-off")
    assert "editor@example.org" in sent["to"], sent
    link = re.search(r"Open it: (\S+)", sent["body"]).group(1)
    before = len(mails(server))
    assert link == server.url(claim_url), link

    # --- 9. The editor opens the mail's link and returns the draft with a note -------------------------
    with day.timed("editor: open the mail's link, return with a note"):
        editor.goto(link)
        ret = open_details(editor, "return")
        ret.locator("textarea[name=note]").fill(RETURN_NOTE)
        ret.locator("button[type=submit]").click()
        expect(success(editor)).to_contain_text("Returned to the reviewer with your note.")
    day.desk_page(editor, "claim-returned-editor")
    returned = wait_for_mail(server, before, "Returned: ")
    assert "reviewer@example.org" in returned["to"], returned
    assert RETURN_NOTE in returned["body"], returned

    with day.timed("reviewer: My claims shows Returned; the note on top of the claim"):
        reviewer.goto("/admin/")
        reviewer.locator(".fd-links a", has_text="My claims").first.click()
        mine = reviewer.locator(f'#my-claims tr[data-claim="{manual_id}"]')
        expect(mine.locator(".fd-badge-returned")).to_have_text("Returned")
    day.desk_page(reviewer, "my-claims-returned")
    mine.locator("td a").first.click()
    note = reviewer.locator(".fd-returned")
    expect(note).to_contain_text(RETURN_NOTE)
    assert note.evaluate("b => b.getBoundingClientRect().top") < reviewer.locator("#source").evaluate(
        "s => s.getBoundingClientRect().top"
    ), "the return note should be above the claim"
    day.desk_page(reviewer, "claim-returned-note")

    # --- 10. Resubmit; approve; preview; publish ---------------------------------------------------------
    with day.timed("reviewer: revise the summary and resubmit"):
        draft_form(reviewer).locator("textarea[name=summary]").fill(RESUBMITTED_SUMMARY)
        draft_form(reviewer).get_by_role("button", name="Save draft").click()
        expect(success(reviewer)).to_contain_text("Draft saved")
        press(reviewer, "submit")
        expect(success(reviewer)).to_contain_text("Submitted for sign-off.")
    expect(reviewer.locator(".fd-returned")).to_have_count(0)

    with day.timed("editor: approve"):
        editor.goto(claim_url)
        expect(editor.locator("#verdict")).to_contain_text(RESUBMITTED_SUMMARY)
        press(editor, "approve")
        expect(success(editor)).to_contain_text("Approved: ready to publish.")
    day.desk_page(editor, "claim-approved")
    with day.timed("editor: preview the public page"):
        editor.locator('a[data-action="publish"]').click()
        expect(editor.locator(".fd-preview-banner h2")).to_have_text("Preview — not published")
    review = json.loads(editor.locator('script[type="application/ld+json"]').first.text_content())
    assert review["claimReviewed"] == RESTATED
    assert review["itemReviewed"]["author"]["name"] == SPEAKER
    assert review["itemReviewed"]["datePublished"] == CLAIM_DATE
    expect(editor.locator("h1")).to_have_text(MERGED_HEADLINE)
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (manual_id,)) == [("approved",)]
    day.desk_page(editor, "publish-preview")
    with day.timed("editor: confirm publish"):
        editor.locator('button[data-action="publish-now"]').click()
        expect(success(editor)).to_contain_text("Published at /fact-checks/")
    path = re.search(r"Published at (/fact-checks/[\w-]+/)", success(editor).inner_text()).group(1)
    expect(state_label(editor)).to_have_text("Published")
    day.desk_page(editor, "claim-published")

    # --- 11. Correct the text and the rating -----------------------------------------------------------
    with day.timed("editor: correct headline, summary and rating"):
        correct = open_details(editor, "correct")
        correct.locator("select[name=kind]").select_option("correction")
        correct.locator("select[name=rating]").select_option(label="Mostly false")
        correct.locator("input[name=headline]").fill(CORRECTED_HEADLINE)
        correct.locator("textarea[name=summary]").fill(CORRECTED_SUMMARY)
        correct.locator("textarea[name=note]").fill(CORRECTION_NOTE)
        day.desk_page(editor, "correction-form")
        correct.get_by_role("button", name="Publish a correction").click()
        expect(success(editor)).to_contain_text("Correction published.")
    day.desk_page(editor, "claim-corrected")
    reader = new_context().new_page()
    reader.goto(path)
    expect(reader.locator("h1")).to_have_text(CORRECTED_HEADLINE)
    expect(reader.locator(".summary")).to_have_text(CORRECTED_SUMMARY)
    expect(reader.locator(".rating-label")).to_have_text("Mostly false")
    log = reader.locator(".corrections-log li.correction")
    expect(log).to_have_count(1)
    expect(log.locator(".note")).to_have_text(CORRECTION_NOTE)
    assert log.inner_text().count("Mostly false") == 1, log.inner_text()
    reader.screenshot(path=SHOTS / "public-corrected.png", full_page=True)

    # --- 12. Retract, after its confirmation page ----------------------------------------------------------
    with day.timed("editor: retract (reason, confirmation page, retract now)"):
        retract = open_details(editor, "retract")
        retract.locator("textarea[name=reason]").fill(RETRACT_REASON)
        retract.locator("button[type=submit]").click()
        expect(editor.locator("#fd-confirm-heading")).to_have_text("Retract this fact-check?")
        day.desk_page(editor, "retract-confirm")
        editor.get_by_role("button", name="Retract now").click()
        expect(success(editor)).to_contain_text("Retracted")
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (manual_id,)) == [("retracted",)]
    day.desk_page(editor, "claim-retracted")
    reader.reload()
    expect(reader.locator("body")).to_contain_text(RETRACT_REASON)
    reader.screenshot(path=SHOTS / "public-retracted.png", full_page=True)
