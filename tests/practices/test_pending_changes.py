"""Changes to published practices are proposals: only the publish right makes them live.

Also the history: a revert restores content only, a recovery comes back as a draft, and any
two versions can be compared.
"""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version
from taggit.utils import edit_string_for_tags

from practices.models import PendingChange, Practice
from practices.roles import ADMINISTRATION, FREIGABE, REDAKTION, setup_roles
from practices.workflow import apply_transition
from tests.conftest import client_for, make_practice

pytestmark = pytest.mark.django_db
State = Practice.PublicationState


@pytest.fixture
def users(django_user_model):
    setup_roles()
    result = {}
    for name, role in (
        ("redakteurin", REDAKTION),
        ("redakteur", REDAKTION),
        ("freigeberin", FREIGABE),
        ("verwalter", ADMINISTRATION),
    ):
        user = django_user_model.objects.create_user(name, password="pw-123456789", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        result[name] = user
    return result


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def review_url(pending):
    return reverse("admin:practices_pendingchange_change", args=[pending.pk])


def post_data(response, **changes):
    """The POST a browser sends for the change form as rendered, inlines included."""
    data = {}
    forms = [("", response.context["adminform"].form)]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        forms += [("", form) for form in formset.forms]
    for _prefix, form in forms:
        for name in form.fields:
            value = form[name].value()
            if value in (None, False, ""):
                continue
            if name == "tags" and not isinstance(value, str):
                value = edit_string_for_tags(value)
            data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


def public_html(practice):
    """The practice's public detail page and the public list, as an anonymous visitor sees them."""
    anonymous = Client()
    detail = anonymous.get(practice.get_absolute_url())
    listing = anonymous.get(reverse("practices:list"))
    return detail.status_code, detail.content.decode() + listing.content.decode()


@pytest.fixture
def published(forum):
    return make_practice(
        forum,
        title="Lotsen im Jobcenter",
        description="Ein Lotse begleitet die Teilnehmenden.",
        tags=["Coaching"],
        hurdles=["Aber: knappe Zeit"],
    )


def propose(client, practice, **changes):
    form = client.get(change_url(practice))
    data = post_data(form, **changes)
    return client.post(change_url(practice), data)


def test_redaktion_saving_a_published_practice_changes_nothing_public_and_stores_a_proposal(
    users, published
):
    versions_before = Version.objects.get_for_object(published).count()
    response = propose(
        client_for(users["redakteurin"]),
        published,
        title="Lotsen im Jobcenter GEÄNDERT",
        tags="Coaching, Lotsen",
        **{"hurdles-0-text": "Aber: sehr knappe Zeit"},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Lotsen im Jobcenter"
    assert list(published.hurdles.values_list("text", flat=True)) == ["Aber: knappe Zeit"]
    assert [t.name for t in published.tags.all()] == ["Coaching"]
    status, html = public_html(published)
    assert status == 200 and "GEÄNDERT" not in html and "sehr knappe" not in html
    assert Version.objects.get_for_object(published).count() == versions_before

    pending = PendingChange.objects.get(practice=published)
    assert pending.is_open and pending.created_by == users["redakteurin"]
    assert pending.proposal["title"] == "Lotsen im Jobcenter GEÄNDERT"
    assert pending.proposal["hurdles"] == ["Aber: sehr knappe Zeit"]
    assert pending.proposal["tags"] == ["Coaching", "Lotsen"]
    assert pending.base_token == published.edit_token


def test_a_proposal_that_only_changes_a_hurdles_kind_and_source_is_kept_and_applied(
    users, published
):
    propose(
        client_for(users["redakteurin"]),
        published,
        **{"hurdles-0-kind": "personal", "hurdles-0-source": "Dokumentation 2025, Zeile 108"},
    )
    pending = PendingChange.objects.get(practice=published)
    assert pending.proposal["hurdles"] == ["Aber: knappe Zeit"]
    assert pending.proposal["hurdle_details"] == [["personal", "Dokumentation 2025, Zeile 108"]]
    review = client_for(users["freigeberin"]).get(review_url(pending))
    assert "Art und Quelle der Hürden" in review.content.decode()
    assert "Personal &amp; Kontinuität" in review.content.decode()
    client_for(users["freigeberin"]).post(review_url(pending), {"_approve": "1"})
    hurdle = published.hurdles.get()
    assert (hurdle.kind, hurdle.source) == ("personal", "Dokumentation 2025, Zeile 108")


def test_the_editor_sees_their_proposal_when_reopening_and_saving_again_keeps_it(users, published):
    client = client_for(users["redakteurin"])
    propose(
        client,
        published,
        description="Neue Beschreibung",
        **{"hurdles-0-text": "Aber: neue Hürde"},
    )
    reopened = client.get(change_url(published))
    html = reopened.content.decode()
    assert "Neue Beschreibung" in html and "Aber: neue Hürde" in html
    assert "Ihren Änderungsvorschlag" in html

    assert (
        client.post(change_url(published), post_data(reopened, title="Noch neuer")).status_code
        == 302
    )
    pending = PendingChange.objects.get(practice=published)
    assert pending.proposal["title"] == "Noch neuer"
    assert pending.proposal["description"] == "Neue Beschreibung"
    assert pending.proposal["hurdles"] == ["Aber: neue Hürde"]
    assert pending.proposal["tags"] == ["Coaching"]


def test_freigabe_approves_and_the_public_page_shows_it_in_one_revision_naming_both(
    users, published
):
    propose(
        client_for(users["redakteurin"]),
        published,
        title="Lotsen im Jobcenter, überarbeitet",
        **{"hurdles-0-text": "Aber: sehr knappe Zeit"},
    )
    pending = PendingChange.objects.get()
    freigabe = client_for(users["freigeberin"])
    page = freigabe.get(review_url(pending)).content.decode()
    assert "<ins>, überarbeitet</ins>" in page
    assert "<ins> sehr</ins>" in page

    versions_before = Version.objects.get_for_object(published).count()
    assert freigabe.post(review_url(pending), {"_approve": "1"}).status_code == 302
    status, html = public_html(published)
    assert status == 200
    assert "Lotsen im Jobcenter, überarbeitet" in html and "Aber: sehr knappe Zeit" in html
    pending.refresh_from_db()
    assert pending.state == PendingChange.State.APPROVED
    assert pending.decided_by == users["freigeberin"]
    versions = Version.objects.get_for_object(published)
    assert versions.count() == versions_before + 1
    revision = versions.first().revision
    assert revision.user == users["freigeberin"]
    assert "redakteurin" in revision.comment and "freigeberin" in revision.comment
    published.refresh_from_db()
    assert published.publication_state == State.VEROEFFENTLICHT


def test_sending_back_needs_a_comment_keeps_the_live_version_and_tells_the_editor(users, published):
    editor = client_for(users["redakteurin"])
    propose(editor, published, title="Abgelehnter Titel")
    pending = PendingChange.objects.get()
    freigabe = client_for(users["freigeberin"])
    freigabe.post(review_url(pending), {"_send_back": "1", "comment": "  "})
    pending.refresh_from_db()
    assert pending.is_open

    freigabe.post(review_url(pending), {"_send_back": "1", "comment": "Quelle fehlt"})
    pending.refresh_from_db()
    assert pending.state == PendingChange.State.REJECTED
    assert pending.comment == "Quelle fehlt"
    published.refresh_from_db()
    assert published.title == "Lotsen im Jobcenter"
    assert "Abgelehnter Titel" not in public_html(published)[1]
    reopened = client_for(users["redakteurin"]).get(change_url(published)).content.decode()
    assert "Quelle fehlt" in reopened and "Abgelehnter Titel" not in reopened


def test_a_second_proposal_by_someone_else_is_refused_with_the_input_kept(users, published):
    propose(client_for(users["redakteurin"]), published, title="Erster Vorschlag")
    response = propose(
        client_for(users["redakteur"]), published, description="Sorgfältig getippter Text"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "schon ein offener Änderungsvorschlag" in html and "redakteurin" in html
    assert "Sorgfältig getippter Text" in html
    pending = PendingChange.objects.get()
    assert pending.created_by == users["redakteurin"]
    assert pending.proposal["title"] == "Erster Vorschlag"


@pytest.mark.parametrize("action", ["_approve", "_send_back"])
def test_deciding_a_proposal_needs_the_publish_right(users, published, action):
    propose(client_for(users["redakteurin"]), published, title="Selbst freigegeben?")
    pending = PendingChange.objects.get()
    for name in ("redakteurin", "redakteur"):
        response = client_for(users[name]).post(review_url(pending), {action: "1", "comment": "ok"})
        assert response.status_code == 403
    assert Client().post(review_url(pending), {action: "1"}).status_code == 302  # to login
    pending.refresh_from_db()
    assert pending.is_open
    assert "Selbst freigegeben?" not in public_html(published)[1]
    page = client_for(users["redakteurin"]).get(review_url(pending)).content.decode()
    assert "_approve" not in page


def test_approving_is_refused_when_the_practice_changed_since_the_proposal(users, published):
    propose(client_for(users["redakteurin"]), published, title="Veralteter Vorschlag")
    pending = PendingChange.objects.get()
    freigabe = client_for(users["freigeberin"])
    freigabe.post(
        change_url(published), post_data(freigabe.get(change_url(published)), aspect="Neu")
    )
    published.refresh_from_db()
    assert published.aspect == "Neu"

    freigabe.post(review_url(pending), {"_approve": "1"})
    pending.refresh_from_db()
    published.refresh_from_db()
    assert pending.is_open
    assert published.title == "Lotsen im Jobcenter" and published.aspect == "Neu"


def test_freigabe_edits_a_published_practice_directly(users, published):
    freigabe = client_for(users["freigeberin"])
    propose(freigabe, published, title="Direkt geändert")
    published.refresh_from_db()
    assert published.title == "Direkt geändert"
    assert not PendingChange.objects.exists()


def test_redaktion_edits_a_draft_directly(users, forum):
    draft = make_practice(forum, publication_state=State.ENTWURF)
    propose(client_for(users["redakteurin"]), draft, title="Entwurf geändert")
    draft.refresh_from_db()
    assert draft.title == "Entwurf geändert"
    assert not PendingChange.objects.exists()


def test_open_proposals_are_a_work_list_with_a_count_on_the_start_page(users, published, forum):
    propose(client_for(users["redakteurin"]), published, title="Offen")
    other = make_practice(forum)
    propose(client_for(users["redakteur"]), other, title="Zurückgegeben")
    client_for(users["freigeberin"]).post(
        review_url(PendingChange.objects.get(practice=other)),
        {"_send_back": "1", "comment": "nein"},
    )
    freigabe = client_for(users["freigeberin"])
    changelist = freigabe.get(reverse("admin:practices_pendingchange_changelist"))
    assert [p.practice for p in changelist.context["cl"].result_list] == [published]
    index = freigabe.get(reverse("admin:index")).content.decode()
    assert "Änderungsvorschläge" in index
    assert freigabe.get(reverse("admin:index")).context["count"] == 1
    everything = freigabe.get(
        reverse("admin:practices_pendingchange_changelist"), {"stand": "alle"}
    )
    assert len(everything.context["cl"].result_list) == 2


def test_public_pages_never_read_pending_changes(users, published, client):
    propose(client_for(users["redakteurin"]), published, title="Geheim")
    for url in (published.get_absolute_url(), reverse("practices:list")):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("pendingchange" in q["sql"].lower() for q in queries.captured_queries)


# The history: revert content only, recover as a draft, compare.


def revision_url(practice, version):
    return reverse("admin:practices_practice_revision", args=[practice.pk, version.pk])


def confirm(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {"expected_token": page.context.get("expected_token", "")})


def published_version(practice, users):
    """Publish the practice through the workflow; return the version that is published."""
    practice.publication_state = State.ENTWURF
    practice.save()
    apply_transition(practice, "einreichen", users["redakteurin"])
    apply_transition(practice, "veroeffentlichen", users["freigeberin"])
    return Version.objects.get_for_object(practice).first()


def test_a_redaktion_revert_of_a_withdrawn_practice_to_a_published_version_stays_non_public(
    users, published
):
    version = published_version(published, users)
    apply_transition(published, "zurueckziehen", users["freigeberin"])
    published.description = "Nach dem Zurückziehen überarbeitet"
    with reversion.create_revision():
        published.save()
    assert public_html(published)[0] == 404

    response = confirm(client_for(users["redakteurin"]), revision_url(published, version))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.description == "Ein Lotse begleitet die Teilnehmenden."
    assert published.publication_state == State.ENTWURF
    status, html = public_html(published)
    # No link to it (the 404 page's language switch names the path the visitor asked for).
    assert status == 404 and f'href="{published.get_absolute_url()}"' not in html
    revision = Version.objects.get_for_object(published).first().revision
    assert revision.user == users["redakteurin"]
    assert "Status unverändert" in revision.comment


def test_a_redaktion_revert_of_a_published_practice_becomes_a_proposal(users, published):
    version = published_version(published, users)
    published.description = "Aktuelle Beschreibung"
    published.tags.add("Neu")
    with reversion.create_revision():
        published.save()
    page = client_for(users["redakteurin"]).get(revision_url(published, version))
    assert "Als Vorschlag zurücksetzen" in page.content.decode()
    assert (
        confirm(client_for(users["redakteurin"]), revision_url(published, version)).status_code
        == 302
    )
    published.refresh_from_db()
    assert published.description == "Aktuelle Beschreibung"
    assert "Aktuelle Beschreibung" in public_html(published)[1]
    pending = PendingChange.objects.get(practice=published)
    assert pending.proposal["description"] == "Ein Lotse begleitet die Teilnehmenden."
    assert pending.proposal["tags"] == ["Coaching"]


def test_the_revert_page_shows_the_diff_first_and_refuses_a_stale_confirmation(users, published):
    version = published_version(published, users)
    published.title = "Später geändert"
    with reversion.create_revision():
        published.save()
    freigabe = client_for(users["freigeberin"])
    url = revision_url(published, version)
    page = freigabe.get(url)
    assert "<del>Später geändert</del>" in page.content.decode()
    published.refresh_from_db()
    assert published.title == "Später geändert"  # showing changed nothing

    published.aspect = "Zwischendurch"
    published.save()
    freigabe.post(url, {"expected_token": page.context["expected_token"]})
    freigabe.post(url, {"expected_token": "kaputt"})
    freigabe.post(url, {})
    published.refresh_from_db()
    assert published.title == "Später geändert"


def test_reverting_one_practice_never_touches_another_in_the_same_revision(users, published, forum):
    other = make_practice(forum, description="Stand der Kollegin", hurdles=["Alte Hürde"])
    with reversion.create_revision():
        published.save()
        other.save()
    shared = Version.objects.get_for_object(published).first()
    other.description = "Neuer Stand der Kollegin"
    other.save()
    other.hurdles.create(text="Neue Hürde der Kollegin", position=2)
    published.title = "Geändert"
    published.save()

    confirm(client_for(users["freigeberin"]), revision_url(published, shared))
    published.refresh_from_db()
    other.refresh_from_db()
    assert published.title == "Lotsen im Jobcenter"
    assert other.description == "Neuer Stand der Kollegin"
    assert other.hurdles.count() == 2


@pytest.mark.parametrize("name", ["redakteurin", "freigeberin"])
def test_a_recovered_practice_comes_back_as_a_draft_with_its_parts(users, published, name):
    pk = published.pk
    published_version(published, users)
    client_for(users["verwalter"]).post(
        reverse("admin:practices_practice_delete", args=[pk]), {"post": "yes"}
    )
    deleted = Version.objects.get_deleted(Practice).get(object_id=str(pk))
    url = reverse("admin:practices_practice_recover", args=[deleted.pk])
    assert "Lotsen im Jobcenter" in client_for(users[name]).get(url).content.decode()
    assert confirm(client_for(users[name]), url).status_code == 302
    recovered = Practice.objects.get(pk=pk)
    assert recovered.publication_state == State.ENTWURF
    assert list(recovered.hurdles.values_list("text", flat=True)) == ["Aber: knappe Zeit"]
    assert [t.name for t in recovered.tags.all()] == ["Coaching"]
    assert public_html(recovered)[0] == 404


def test_any_two_versions_can_be_compared_from_the_history(users, published):
    first = published_version(published, users)
    published.description = "Ein Lotse begleitet alle Teilnehmenden."
    with reversion.create_revision():
        published.save()
    second = Version.objects.get_for_object(published).first()
    client = client_for(users["redakteurin"])
    history = client.get(reverse("admin:practices_practice_history", args=[published.pk]))
    assert "Vergleichen" in history.content.decode()
    compare = reverse("admin:practices_practice_compare", args=[published.pk])
    html = client.get(compare, {"von": second.pk, "bis": first.pk}).content.decode()
    assert "<del>die</del><ins>alle</ins>" in html and "Beschreibung" in html
    assert client.get(compare, {"von": first.pk, "bis": "x"}).status_code == 302
    foreign = make_practice(published.forum)
    with reversion.create_revision():
        foreign.save()
    stranger = Version.objects.get_for_object(foreign).first()
    assert client.get(compare, {"von": first.pk, "bis": stranger.pk}).status_code == 302


def test_redaktion_cannot_change_a_published_practice_through_the_hurdle_admin(users, published):
    hurdle = published.hurdles.get()
    client = client_for(users["redakteurin"])
    url = reverse("admin:practices_hurdle_change", args=[hurdle.pk])
    data = {"practice": published.pk, "text": "Heimlich geändert", "position": 1}
    assert client.post(url, data).status_code == 403
    added = client.post(reverse("admin:practices_hurdle_add"), data)
    assert added.status_code == 200 and "Änderungsvorschlag" in added.content.decode()
    assert list(published.hurdles.values_list("text", flat=True)) == ["Aber: knappe Zeit"]

    freigabe = client_for(users["freigeberin"])
    assert freigabe.post(url, data).status_code == 302
    hurdle.refresh_from_db()
    assert hurdle.text == "Heimlich geändert"


def test_a_hurdle_revert_never_reverts_its_practice_revision(users, published):
    version = published_version(published, users)
    apply_transition(published, "zurueckziehen", users["freigeberin"])
    hurdle_version = Version.objects.get_for_object(published.hurdles.get()).get(
        revision=version.revision
    )
    url = reverse(
        "admin:practices_hurdle_revision", args=[hurdle_version.object_id, hurdle_version.pk]
    )
    response = client_for(users["redakteurin"]).post(
        url, {"practice": published.pk, "text": "x", "position": 1}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.publication_state == State.ENTWURF
    assert public_html(published)[0] == 404


def test_a_crafted_workflow_step_with_a_proposal_changes_nothing_public(users, published):
    response = propose(
        client_for(users["redakteurin"]),
        published,
        title="Mit Schritt",
        _workflow="zurueckziehen",
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.publication_state == State.VEROEFFENTLICHT
    assert published.title == "Lotsen im Jobcenter"
    assert PendingChange.objects.get().proposal["title"] == "Mit Schritt"


def test_a_colleagues_proposal_stored_while_saving_refuses_ours_with_the_input_kept(
    users, published, monkeypatch
):
    from practices import admin, admin_pending
    from practices.snapshots import snapshot

    client = client_for(users["redakteur"])
    data = post_data(client.get(change_url(published)), description="Sorgfältig getippt")
    PendingChange.objects.create(
        practice=published,
        proposal={**snapshot(published), "title": "Vorschlag der Kollegin"},
        base_token=published.edit_token,
        created_by=users["redakteurin"],
    )
    # The colleague's proposal arrives after our form's check, before our proposal is stored.
    stored = []
    real_open, real_propose = admin_pending.open_proposal, admin.propose
    monkeypatch.setattr(
        admin_pending, "open_proposal", lambda practice: real_open(practice) if stored else None
    )
    monkeypatch.setattr(
        admin, "propose", lambda *args, **kwargs: stored.append(1) or real_propose(*args, **kwargs)
    )

    response = client.post(change_url(published), data)

    assert stored and response.status_code == 200
    html = response.content.decode()
    assert "schon ein offener Änderungsvorschlag" in html and "Sorgfältig getippt" in html
    assert PendingChange.objects.get().created_by == users["redakteurin"]
