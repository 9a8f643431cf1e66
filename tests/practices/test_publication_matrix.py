"""Role × path × starting state: only the publish right changes the public site, always recorded."""

import json

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from imports.models import ImportBatch
from imports.spreadsheet.apply import PlanHasErrors, apply_plan
from practices.models import Hurdle, Practice
from practices.roles import FREIGABE, REDAKTION, setup_roles
from practices.workflow import TRANSITIONS
from tests.conftest import client_for, make_practice
from tests.imports.spreadsheets import HEADERS, csv_bytes, existing_row, new_row, plan_for
from tests.imports.test_forum_text_admin import CONFIRM_URL, SMALL, confirm_data, preview
from tests.practices.test_curation_workflow import CHANGELIST, _edit_form
from tests.practices.test_pending_changes import change_url, confirm, revision_url

pytestmark = pytest.mark.django_db
State = Practice.PublicationState
STATE_COLUMN = "Veröffentlichungsstatus"

PATHS = [
    "change_form",
    *(f"button:{name}" for name in TRANSITIONS),
    *(f"bulk:{name}" for name in TRANSITIONS),
    "bulk:mark_selected_reviewed",
    "revert",
    "recover",
    "spreadsheet",
    "forum_text",
    "undo",
]


@pytest.fixture
def users(django_user_model):
    setup_roles()
    result = {}
    for role in (REDAKTION, FREIGABE):
        user = django_user_model.objects.create_user(
            f"{role.lower()}-matrix", password="pw-123456789", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        result[role] = user
    result["admin"] = django_user_model.objects.create_superuser(
        "admin-matrix", "admin@example.org", "pw-123456789"
    )
    return result


def public_view(url):
    """The published ids and a public detail page, as an anonymous visitor sees them now."""
    cache.clear()  # The page cache would hide a change.
    detail = Client().get(url)
    published = set(Practice.objects.published().values_list("pk", flat=True))
    # The hurdle catalogue shows the hurdles of published entries only.
    export = Client().get(reverse("practices:hurdle_export_json"))
    hurdles = {row["id"] for row in json.loads(export.content)["results"]}
    return published, (detail.status_code, detail.content.decode()), hurdles


def other_state(start):
    return State.ENTWURF if start == State.VEROEFFENTLICHT else State.VEROEFFENTLICHT


def state_target(start):
    return State.ARCHIVIERT if start == State.VEROEFFENTLICHT else State.VEROEFFENTLICHT


def prepare(path, forum, start, users):
    """The practice in its starting state, plus whatever the path needs beforehand."""
    if path == "undo":
        row = new_row(forum, Titel="Aus dem Import")
        batch = apply_plan(plan_for(csv_bytes([row]), users[FREIGABE]), users[FREIGABE])
        practice = Practice.objects.get(import_batch=batch)
        Practice.objects.filter(pk=practice.pk).update(publication_state=start)
        return practice, {"batch": batch}
    if path == "revert":
        practice = make_practice(forum, publication_state=other_state(start))
        with reversion.create_revision():
            practice.description = "Ältere Fassung"
            practice.save()
        older = Version.objects.get_for_object(practice).first()
        with reversion.create_revision():
            practice.description = "Neuere Fassung"
            practice.publication_state = start
            practice.save()
        return practice, {"version": older}
    practice = make_practice(forum, publication_state=start, hurdles=["Aber: Matrixhürde"])
    if path == "recover":
        with reversion.create_revision():  # Only a practice with a history can be recovered.
            practice.save()
        client_for(users["admin"]).post(
            reverse("admin:practices_practice_delete", args=[practice.pk]), {"post": "yes"}
        )
        assert not Practice.objects.filter(pk=practice.pk).exists()
    return practice, {}


def attempt(path, client, user, practice, forum, extra):
    """Try to change the practice (or the public site) along one path."""
    if path == "change_form":
        data = _edit_form(client, practice)
        data["title"] = "Geänderter Titel"
        client.post(change_url(practice), data)
    elif path.startswith("button:"):
        data = _edit_form(client, practice)
        data["_workflow"] = path.removeprefix("button:")
        client.post(change_url(practice), data)
    elif path.startswith("bulk:"):
        name = path.removeprefix("bulk:")
        action = name if name == "mark_selected_reviewed" else f"transition_{name}"
        client.post(CHANGELIST, {"action": action, "_selected_action": [practice.pk]})
    elif path == "revert":
        confirm(client, revision_url(practice, extra["version"]))
    elif path == "recover":
        deleted = Version.objects.get_deleted(Practice).get(object_id=str(practice.pk))
        url = reverse("admin:practices_practice_recover", args=[deleted.pk])
        client.post(url, {"expected_token": ""})
    elif path == "spreadsheet":
        headers = [*HEADERS, STATE_COLUMN]
        rows = [
            existing_row(
                practice, **{STATE_COLUMN: state_target(practice.publication_state).label}
            ),
            new_row(forum, Titel="Neu und gleich öffentlich", **{STATE_COLUMN: "veröffentlicht"}),
        ]
        plan = plan_for(csv_bytes(rows, headers=headers), user)
        try:
            apply_plan(plan, user)
        except PlanHasErrors:
            assert user.username.startswith(REDAKTION.lower())
    elif path == "forum_text":
        page = preview(client, forum, text=SMALL)
        client.post(CONFIRM_URL, confirm_data(page))
    elif path == "undo":
        client.post(reverse("admin:imports_importbatch_undo", args=[extra["batch"].pk]))


def assert_took_effect(path, practice, start):
    """With the publish right the path did what it says, so the matrix checks a real change."""
    current = Practice.objects.filter(pk=practice.pk).first()
    name = path.partition(":")[2]
    if name in TRANSITIONS:
        transition = TRANSITIONS[name]
        expected = transition.target if start in transition.sources else start
        assert current.publication_state == expected
    elif path == "change_form":
        assert current.title == "Geänderter Titel"
    elif path == "revert":
        assert (current.description, current.publication_state) == ("Ältere Fassung", start)
    elif path == "recover":
        assert current.publication_state == State.ENTWURF
    elif path == "spreadsheet":
        assert current.publication_state == state_target(start)
        assert Practice.objects.published().filter(title="Neu und gleich öffentlich").exists()
    elif path == "forum_text":
        assert Practice.objects.filter(import_batch__kind=ImportBatch.Kind.FORUM_TEXT).exists()
    elif path == "undo":
        gone = start in (State.ENTWURF, State.IN_PRUEFUNG)
        assert (current is None) is gone
        if start == State.VEROEFFENTLICHT:
            assert current.publication_state == State.ARCHIVIERT


def states():
    return dict(Practice.objects.values_list("pk", "publication_state"))


@pytest.mark.parametrize("start", State.values)
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("role", [REDAKTION, FREIGABE])
def test_only_the_publish_right_changes_the_public_site_and_every_change_is_recorded(
    users, forum, role, path, start
):
    user = users[role]
    practice, extra = prepare(path, forum, start, users)
    client = client_for(user)
    url = practice.get_absolute_url()
    before_states = states()
    before_public = public_view(url)
    began = timezone.now()

    attempt(path, client, user, practice, forum, extra)

    after_public = public_view(url)
    if role == REDAKTION or path == "forum_text":
        assert after_public[0] == before_public[0]
        assert after_public[2] == before_public[2]
    visible = Q(practice__in=after_public[0]) | Q(practice__isnull=True)
    assert after_public[2] == set(Hurdle.objects.filter(visible).values_list("pk", flat=True))
    # Marking reviewed is no publication change: the public page shows the new review date.
    if role == REDAKTION and path != "bulk:mark_selected_reviewed":
        assert after_public[1] == before_public[1]
    if role == FREIGABE:
        assert_took_effect(path, practice, start)
    # Every practice whose state changed (or that is new) says who and when.
    for pk, state in states().items():
        if before_states.get(pk) == state:
            continue
        changed = Practice.objects.get(pk=pk)
        if role == REDAKTION:
            assert state in (State.ENTWURF, State.IN_PRUEFUNG)
        if pk in before_states or state != State.ENTWURF:
            assert changed.state_changed_by == user, (pk, before_states.get(pk), state)
            assert changed.state_changed_at >= began
        versions = Version.objects.get_for_object(changed).filter(
            revision__user=user, revision__date_created__gte=began
        )
        assert versions.exists(), (pk, before_states.get(pk), state)
