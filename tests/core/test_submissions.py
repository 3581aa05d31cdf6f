"""Creations are safe to retry (issue 15, "saved but told it failed"): every creation page's form
carries a one-time token, and a second POST with the same token creates nothing and leads to what the
first made. Run over every creation page of the permission matrix."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver

from parentpartner import submissions
from parentpartner.models import HistoryEntry, Role, Submission
from parentpartner.viewmixins import CreatesOnceMixin
from tests.matrix.test_permissions import url_for
from tests.proofs import FORM_PAGES, allowed_role, target_object

TOKEN = re.compile(r'<input type="hidden" name="submission_token" value="([A-Za-z0-9_-]{32})">')


def view_classes():
    """Each URL name -> its view class."""
    found = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name:
                found[namespace + pattern.name] = getattr(pattern.callback, "view_class", None)

    walk(get_resolver().url_patterns, "")
    return found


VIEWS = view_classes()


def creates_once(page):
    view = VIEWS.get(page.name)
    return view is not None and issubclass(view, CreatesOnceMixin)


# The family page serves both creation and edit; its edit is not a creation.
CREATION_PAGES = [page for page in FORM_PAGES if creates_once(page) and not page.name.endswith("-update")]

# Where the form of a page that answers POST only is drawn: the family page's "Enter month".
FORM_SHOWN_ON = {
    "mentoring:activity-form-start": lambda assignment: assignment.case.family.get_absolute_url(),
    "training:trainer-train-the-trainer": lambda trainer: trainer.get_absolute_url(),
}


def history_count():
    return HistoryEntry.objects.count()


def own_creation(world, page):
    """(user, the page's row, its URL, valid data) of an allowed POST on the page's own row."""
    user = world.users[allowed_role(page)]
    obj = target_object(world, page, "own") if page.target else None
    return user, obj, url_for(page, obj), page.post(world, obj, user)


def shown_token(client, page, obj):
    url = FORM_SHOWN_ON[page.name](obj) if page.name in FORM_SHOWN_ON else url_for(page, obj)
    response = client.get(url)
    assert response.status_code == 200, page.name
    tokens = TOKEN.findall(response.content.decode())
    assert tokens, f"{page.name}: the form carries no submission token"
    return tokens[0]


def test_every_creation_page_of_every_app_is_covered():
    """The list the retry proof runs over: a creation page that loses its mixin drops out of it and
    fails here (families, referrals, assignments, activity and outreach forms, safety concerns,
    supervision notes, clinical sessions, meetings, eligibility records and review cases, training
    sessions, Parent Partners, sites, Lead cases...)."""
    names = {page.name for page in CREATION_PAGES}
    expected = {
        "mentoring:family-create",
        "mentoring:referral-create",
        "mentoring:case-match",
        "mentoring:activity-form-start",
        "mentoring:outreach-form-create",
        "mentoring:safety-concern-create",
        "mentoring:supervision-create",
        "mentoring:clinical-support-create",
        "mentoring:pay-rate-create",
        "parentpartner:site-create",
        "parentpartner:parent-partner-create",
        "parentpartner:parent-partner-record-from-paper",
        "parentpartner:approval-form-create",
        "parentpartner:lead-case-create",
        "parentpartner:lead-letter-create",
        "parentpartner:certification-create",
        "reporting:meeting-create",
        "reporting:reentry-create",
        "reporting:audit-draw-create",
        "training:session-create",
        "training:completion-create",
        "training:shadowing-create",
        "training:trainer-create",
        "training:trainer-train-the-trainer",
        "eligibility:record-create",
        "eligibility:disqualifier-create",
        "eligibility:case-create",
        "eligibility:team-member-create",
        "eligibility:plan-item-create",
    }
    assert expected <= names, sorted(expected - names)


@pytest.mark.parametrize("page", CREATION_PAGES, ids=lambda p: p.name)
def test_a_retried_creation_with_the_same_token_makes_no_duplicate(login, world, page):
    """The first POST creates and records its token; the same POST again (a browser resending after
    the answer was lost) writes nothing and leads to the same page, saying it was already saved."""
    user, obj, url, data = own_creation(world, page)
    client = login(user)
    token = shown_token(client, page, obj)
    before = history_count()
    first = client.post(url, {**data, submissions.FIELD: token})
    assert first.status_code == 302, (page.name, first.content[:1500])
    after_first = history_count()
    assert after_first > before, page.name
    remembered = Submission.objects.get(user=user, token=token)
    assert remembered.url == first["Location"]

    again = client.post(url, {**data, submissions.FIELD: token})
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert history_count() == after_first, f"{page.name}: the retry wrote again"
    # The page it leads to says so, and only so (not the retry's own "Saved").
    shown = client.get(again["Location"])
    assert [str(m) for m in get_messages(shown.wsgi_request)] == [submissions.ALREADY_SAVED]


def test_a_new_token_is_drawn_for_each_form(login, world):
    """Two showings of a form, or two forms on one page, never share a token: each would otherwise
    count as a retry of the other."""
    page = next(p for p in CREATION_PAGES if p.name == "mentoring:family-create")
    client = login(world.users[Role.SITE_COORDINATOR])
    assert shown_token(client, page, None) != shown_token(client, page, None)


def test_a_refused_first_submission_leaves_its_token_free(login, world):
    """A POST that creates nothing (a form error) records nothing: the corrected form, sent with the
    same token, creates."""
    page = next(p for p in CREATION_PAGES if p.name == "mentoring:family-create")
    user, obj, url, data = own_creation(world, page)
    client = login(user)
    token = shown_token(client, page, obj)
    refused = client.post(url, {**data, "family-parent_last_name": "", submissions.FIELD: token})
    assert refused.status_code == 200
    assert not Submission.objects.filter(token=token).exists()
    before = history_count()
    saved = client.post(url, {**data, submissions.FIELD: token})
    assert saved.status_code == 302
    assert history_count() > before


def test_the_same_token_from_another_login_is_not_a_retry(login, world):
    """The token is the user's own: someone else's POST with it is a first submission of theirs."""
    page = next(p for p in CREATION_PAGES if p.name == "mentoring:family-create")
    user, obj, url, data = own_creation(world, page)
    token = shown_token(login(user), page, obj)
    assert login(user).post(url, {**data, submissions.FIELD: token}).status_code == 302
    other = world.users[Role.SERVICE_AREA_COORDINATOR]
    before = history_count()
    assert login(other).post(url, {**data, submissions.FIELD: token}).status_code == 302
    assert history_count() > before


def test_a_post_without_a_token_is_a_first_submission(login, world):
    """Non-browser clients and hand-made POSTs carry no token: each POST creates, as before."""
    page = next(p for p in CREATION_PAGES if p.name == "mentoring:safety-concern-create")
    user, _obj, url, data = own_creation(world, page)
    client = login(user)
    before = history_count()
    assert client.post(url, data).status_code == 302
    middle = history_count()
    assert client.post(url, data).status_code == 302
    assert history_count() > middle > before


def concerns_created():
    return HistoryEntry.objects.filter(action=HistoryEntry.Action.CREATE, content_type__model="safetyconcern").count()


@pytest.mark.django_db(transaction=True)
def test_two_submissions_racing_with_one_token_create_once(world):
    """A double click: two POSTs with the same token at the same moment, each on its own connection.
    The second waits on the token's unique index, finds the first's row and creates nothing."""
    page = next(p for p in CREATION_PAGES if p.name == "mentoring:safety-concern-create")
    user, _obj, url, data = own_creation(world, page)
    token = submissions.new_token()
    before = concerns_created()
    barrier = threading.Barrier(2)
    answers = []

    def submit():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            answers.append(client.post(url, {**data, submissions.FIELD: token}))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Submission.objects.filter(user=user, token=token).count() == 1
    assert concerns_created() == before + 1
