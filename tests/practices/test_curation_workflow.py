"""Curation: roles × transitions, history with revert, no lost updates, freshness, duplicates."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from practices.models import Practice
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION
from tests.conftest import client_for, make_practice

pytestmark = pytest.mark.django_db
State = Practice.PublicationState
CHANGELIST = reverse("admin:practices_practice_changelist")


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def transition_url(practice, name):
    return reverse("admin:practices_practice_transition", args=[practice.pk, name])


def test_setup_roles_is_idempotent():
    call_command("setup_roles", verbosity=0)
    counts = {g.name: g.permissions.count() for g in Group.objects.all()}
    call_command("setup_roles", verbosity=0)
    assert {g.name: g.permissions.count() for g in Group.objects.all()} == counts
    assert set(counts) >= {REDAKTION, FREIGABE, ADMINISTRATION}


# (transition, start state, end state, roles allowed)
MATRIX = [
    ("einreichen", State.ENTWURF, State.IN_PRUEFUNG, {REDAKTION, FREIGABE, ADMINISTRATION}),
    ("veroeffentlichen", State.IN_PRUEFUNG, State.VEROEFFENTLICHT, {FREIGABE, ADMINISTRATION}),
    ("zurueckweisen", State.IN_PRUEFUNG, State.ENTWURF, {FREIGABE, ADMINISTRATION}),
    ("zurueckziehen", State.VEROEFFENTLICHT, State.ENTWURF, {FREIGABE, ADMINISTRATION}),
    ("archivieren", State.VEROEFFENTLICHT, State.ARCHIVIERT, {FREIGABE, ADMINISTRATION}),
    ("reaktivieren", State.ARCHIVIERT, State.ENTWURF, {FREIGABE, ADMINISTRATION}),
]
ROLES = ["anonym", REDAKTION, FREIGABE, ADMINISTRATION]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, start, end, allowed", MATRIX, ids=[m[0] for m in MATRIX])
def test_direct_post_to_a_transition_respects_the_role(
    users, forum, role, name, start, end, allowed
):
    practice = make_practice(forum, publication_state=start)
    response = client_for(users[role]).post(transition_url(practice, name))
    practice.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302
        assert practice.publication_state == end
        assert practice.state_changed_by == users[role]
        assert practice.state_changed_at is not None
    else:
        assert response.status_code in (302, 403)
        assert practice.publication_state == start
        if role == "anonym":
            assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, start, end, allowed", MATRIX, ids=[m[0] for m in MATRIX])
def test_bulk_action_respects_the_role(users, forum, role, name, start, end, allowed):
    practices = [make_practice(forum, publication_state=start) for _ in range(2)]
    response = client_for(users[role]).post(
        CHANGELIST, {"action": f"transition_{name}", "_selected_action": [p.pk for p in practices]}
    )
    states = set(
        Practice.objects.filter(pk__in=[p.pk for p in practices]).values_list(
            "publication_state", flat=True
        )
    )
    assert states == ({end} if role in allowed else {start})
    if role == "anonym":
        assert response.status_code == 302


def test_a_transition_from_the_wrong_state_changes_nothing(users, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    client_for(users[FREIGABE]).post(transition_url(practice, "veroeffentlichen"))
    practice.refresh_from_db()
    assert practice.publication_state == State.ENTWURF


def test_transition_view_refuses_get(users, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    assert (
        client_for(users[FREIGABE]).get(transition_url(practice, "einreichen")).status_code == 405
    )


def test_buttons_show_only_allowed_transitions(users, forum):
    practice = make_practice(forum, publication_state=State.IN_PRUEFUNG)
    redaktion = client_for(users[REDAKTION]).get(change_url(practice)).content.decode()
    freigabe = client_for(users[FREIGABE]).get(change_url(practice)).content.decode()
    assert "Veröffentlichen" not in redaktion
    assert "Veröffentlichen" in freigabe and "Zurück an die Redaktion" in freigabe


def test_redaktion_cannot_set_the_state_through_the_form(users, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    client = client_for(users[REDAKTION])
    form = client.get(change_url(practice)).context["adminform"].form
    data = _form_data(form)
    data["publication_state"] = State.VEROEFFENTLICHT
    client.post(change_url(practice), data)
    practice.refresh_from_db()
    assert practice.publication_state == State.ENTWURF


@pytest.mark.parametrize(
    "role, allowed", [(REDAKTION, False), (FREIGABE, False), (ADMINISTRATION, True)]
)
def test_only_administrators_delete(users, forum, role, allowed):
    practice = make_practice(forum)
    client = client_for(users[role])
    response = client.post(
        reverse("admin:practices_practice_delete", args=[practice.pk]), {"post": "yes"}
    )
    assert Practice.objects.filter(pk=practice.pk).exists() is not allowed
    if not allowed:
        assert response.status_code == 403


def test_admin_posts_require_a_csrf_token(superuser, forum):
    practice = make_practice(forum, publication_state=State.ENTWURF)
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert client.post(transition_url(practice, "einreichen")).status_code == 403
    practice.refresh_from_db()
    assert practice.publication_state == State.ENTWURF


def _form_data(form, **changes):
    """The POST a browser would send for an admin change form, including inlines."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif hasattr(field, "queryset") and hasattr(value, "pk"):
            data[name] = value.pk
        else:
            data[name] = value
    if "tags" in data and not isinstance(data["tags"], str):
        data["tags"] = ", ".join(t.name for t in form.instance.tags.all())
    for prefix in ("hurdles", "attributions"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _edit_form(client, practice):
    response = client.get(change_url(practice))
    form = response.context["adminform"].form
    data = _form_data(form)
    hurdles = list(practice.hurdles.all())
    data.update({"hurdles-TOTAL_FORMS": len(hurdles), "hurdles-INITIAL_FORMS": len(hurdles)})
    for i, hurdle in enumerate(hurdles):
        data.update(
            {
                f"hurdles-{i}-id": hurdle.pk,
                f"hurdles-{i}-practice": practice.pk,
                f"hurdles-{i}-text": hurdle.text,
                f"hurdles-{i}-position": hurdle.position,
            }
        )
    return data


def test_two_researchers_editing_at_once_the_second_save_is_refused_and_keeps_input(users, forum):
    practice = make_practice(
        forum, title="Ausgangstitel", description="Ausgangstext", publication_state=State.ENTWURF
    )
    alice, bob = client_for(users[REDAKTION]), client_for(users[FREIGABE])
    alice_data = _edit_form(alice, practice)
    bob_data = _edit_form(bob, practice)

    alice_data["title"] = "Titel von Alice"
    assert alice.post(change_url(practice), alice_data).status_code == 302

    bob_data["description"] = "Bobs sorgfältig getippter Text"
    response = bob.post(change_url(practice), bob_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "während Sie ihn bearbeitet haben" in html
    assert "Titel von Alice" in html  # what changed is shown
    assert "Bobs sorgfältig getippter Text" in html  # nothing typed is lost
    practice.refresh_from_db()
    assert practice.title == "Titel von Alice"
    assert practice.description == "Ausgangstext"

    # After reading the message, Bob saves again from the re-rendered form: accepted.
    retry = _form_data(response.context["adminform"].form)
    retry.update({"hurdles-TOTAL_FORMS": 0, "hurdles-INITIAL_FORMS": 0})
    assert bob.post(change_url(practice), retry).status_code == 302
    practice.refresh_from_db()
    assert practice.description == "Bobs sorgfältig getippter Text"


def test_a_bulk_action_on_a_practice_changed_meanwhile_is_refused(users, forum):
    practice = make_practice(forum, publication_state=State.IN_PRUEFUNG)
    stale = Practice.objects.get(pk=practice.pk)
    practice.title = "Zwischendurch geändert"
    practice.save()
    from practices.models import StaleEditError
    from practices.workflow import apply_transition

    with pytest.raises(StaleEditError):
        apply_transition(
            stale, "veroeffentlichen", users[FREIGABE], expected_token=stale.edit_token
        )


def test_history_records_create_change_bulk_action_and_revert(users, forum):
    client = client_for(users[FREIGABE])
    add = client.get(reverse("admin:practices_practice_add"))
    assert add.status_code == 200
    response = client.post(
        reverse("admin:practices_practice_add"),
        {
            "title": "Neue Praxis aus der Redaktion",
            "slug": "neue-praxis-aus-der-redaktion",
            "description": "Erste Fassung",
            "category": "sonstiges",
            "status": "geplant",
            "entry_type": "praxisbeispiel",
            "forum": forum.pk,
            "source_section": "Redaktion",
            "tags": "Coaching",
            "hurdles-TOTAL_FORMS": 1,
            "hurdles-INITIAL_FORMS": 0,
            "hurdles-0-text": "Aber: knappe Mittel",
            "hurdles-0-position": 1,
            "attributions-TOTAL_FORMS": 0,
            "attributions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    practice = Practice.objects.get(slug="neue-praxis-aus-der-redaktion")
    assert practice.created_by == users[FREIGABE]
    assert practice.publication_state == State.ENTWURF

    data = _edit_form(client, practice)
    data["description"] = "Zweite Fassung"
    assert client.post(change_url(practice), data).status_code == 302
    client.post(CHANGELIST, {"action": "transition_einreichen", "_selected_action": [practice.pk]})

    versions = Version.objects.get_for_object(practice)
    assert versions.count() == 3
    assert versions[0].revision.user == users[FREIGABE]
    assert "Zur Prüfung einreichen" in versions[0].revision.comment
    assert "Beschreibung" in versions[1].revision.get_comment()
    history = client.get(reverse("admin:practices_practice_history", args=[practice.pk]))
    assert history.status_code == 200

    first = versions.last()
    revert_url = reverse("admin:practices_practice_revision", args=[practice.pk, first.pk])
    confirm = client.get(revert_url)
    assert confirm.status_code == 200
    assert "<del>Zweite</del>" in confirm.content.decode()  # the diff is shown first
    hurdles = practice.hurdles.all()
    reverted_response = client.post(
        revert_url, {"expected_token": confirm.context["expected_token"]}
    )
    assert reverted_response.status_code == 302
    practice.refresh_from_db()
    assert practice.description == "Erste Fassung"
    assert list(hurdles.values_list("text", flat=True)) == ["Aber: knappe Mittel"]
    assert practice.publication_state == State.IN_PRUEFUNG  # content only, not the state


def test_deleting_is_recorded_and_can_be_recovered(users, forum):
    admin_client = client_for(users[ADMINISTRATION])
    practice = make_practice(forum, title="Wird gelöscht")
    data = _edit_form(admin_client, practice)
    admin_client.post(change_url(practice), data)
    admin_client.post(
        reverse("admin:practices_practice_delete", args=[practice.pk]), {"post": "yes"}
    )
    assert not Practice.objects.filter(pk=practice.pk).exists()
    recover = admin_client.get(reverse("admin:practices_practice_recoverlist"))
    assert "Wird gelöscht" in recover.content.decode()


def test_marking_reviewed_records_date_and_person_and_shows_publicly(users, forum, client):
    practice = make_practice(forum, last_reviewed_at=datetime.date(2020, 1, 1))
    due = client_for(users[REDAKTION]).get(CHANGELIST, {"pruefung": "faellig"})
    assert practice in due.context["cl"].result_list
    client_for(users[REDAKTION]).post(
        CHANGELIST, {"action": "mark_selected_reviewed", "_selected_action": [practice.pk]}
    )
    practice.refresh_from_db()
    assert practice.last_reviewed_by == users[REDAKTION]
    assert practice.last_reviewed_at == datetime.date.today()
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Zuletzt geprüft" in html
    not_due = client_for(users[REDAKTION]).get(CHANGELIST, {"pruefung": "faellig"})
    assert practice not in not_due.context["cl"].result_list


def test_admin_start_page_lists_the_work_lists(users, forum):
    make_practice(forum, publication_state=State.IN_PRUEFUNG)
    html = client_for(users[FREIGABE]).get(reverse("admin:index")).content.decode()
    assert "zur Prüfung" in html and "Prüfung überfällig" in html and "meine Entwürfe" in html
    assert "noch nie geprüft" in html


def test_my_drafts_list_shows_only_my_drafts(users, forum):
    mine = make_practice(forum, publication_state=State.ENTWURF, created_by=users[REDAKTION])
    other = make_practice(forum, publication_state=State.ENTWURF, created_by=users[FREIGABE])
    listed = (
        client_for(users[REDAKTION])
        .get(CHANGELIST, {"liste": "meine-entwuerfe"})
        .context["cl"]
        .result_list
    )
    assert mine in listed and other not in listed


def test_a_near_duplicate_title_in_the_same_forum_warns_before_saving(users, forum):
    make_practice(forum, title="Netzwerkkarte aus aktueller Tätigkeit entwickeln")
    client = client_for(users[REDAKTION])
    data = {
        "title": "Netzwerkkarte aus aktueller Tätigkeit entwickelt",
        "slug": "netzwerkkarte-dublette",
        "description": "x",
        "category": "sonstiges",
        "status": "geplant",
        "entry_type": "praxisbeispiel",
        "forum": forum.pk,
        "source_section": "x",
        "hurdles-TOTAL_FORMS": 0,
        "hurdles-INITIAL_FORMS": 0,
        "attributions-TOTAL_FORMS": 0,
        "attributions-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 200
    assert "ähnliche Titel" in response.content.decode()
    assert not Practice.objects.filter(slug="netzwerkkarte-dublette").exists()
    response = client.post(
        reverse("admin:practices_practice_add"), {**data, "confirm_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Practice.objects.filter(slug="netzwerkkarte-dublette").exists()


# role -> expected status for (changelist, add, change, history, delete confirmation)
ADMIN_VIEW_MATRIX = {
    "anonym": (302, 302, 302, 302, 302),
    REDAKTION: (200, 200, 200, 200, 403),
    FREIGABE: (200, 200, 200, 200, 403),
    ADMINISTRATION: (200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_admin_views_per_role(users, forum, role):
    practice = make_practice(forum)
    urls = (
        CHANGELIST,
        reverse("admin:practices_practice_add"),
        change_url(practice),
        reverse("admin:practices_practice_history", args=[practice.pk]),
        reverse("admin:practices_practice_delete", args=[practice.pk]),
    )
    client = client_for(users[role])
    assert tuple(client.get(url).status_code for url in urls) == ADMIN_VIEW_MATRIX[role]
