"""Model rules: choices, uniqueness, protection on delete, the one visibility rule."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from forums.models import Document, Thementisch
from practices.models import Practice, Project
from tests.conftest import NON_PUBLISHED_STATES, make_forum, make_practice, make_thementisch

pytestmark = pytest.mark.django_db


def test_category_and_status_are_stored_as_their_url_slugs():
    assert Practice.Category.values == [
        "angebote-traeger",
        "finanzierung",
        "strukturen-organisationsentwicklung",
        "sonstiges",
    ]
    assert Practice.Status.values == ["geplant", "umgesetzt"]
    assert Practice.PublicationState.values == [
        "entwurf",
        "in_pruefung",
        "veroeffentlicht",
        "archiviert",
    ]


def test_a_new_practice_is_a_draft():
    practice = Practice(title="x", description="x", category="sonstiges", status="geplant")
    assert practice.publication_state == Practice.PublicationState.ENTWURF


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_published_excludes_every_other_state(state):
    practice = make_practice(publication_state=state)
    assert practice not in Practice.objects.published()
    assert practice in Practice.objects.all()


def test_published_includes_published_practices():
    practice = make_practice()
    assert practice in Practice.objects.published()


def test_thementisch_slug_is_unique_per_forum_but_may_repeat_across_forums(forum):
    make_thementisch(forum, slug="ag-1")
    make_thementisch(make_forum(), slug="ag-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Thementisch.objects.create(forum=forum, title="Doppelt", slug="ag-1")


def test_deleting_a_forum_with_practices_is_refused(forum):
    make_practice(forum)
    with pytest.raises(ProtectedError):
        forum.delete()


def test_deleting_a_thementisch_with_practices_is_refused(forum):
    table = make_thementisch(forum)
    make_practice(forum, thementisch=table)
    with pytest.raises(ProtectedError):
        table.delete()


def test_funding_wave_four_is_rejected_with_a_german_message():
    project = Project(short_name="X", slug="x", funding_wave=4)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "Die Förderwelle muss 1, 2 oder 3 sein." in error.value.message_dict["funding_wave"]


def test_empty_title_is_rejected_with_a_german_message(forum):
    practice = Practice(
        forum=forum,
        slug="leer",
        title="",
        description="x",
        category="sonstiges",
        status="geplant",
        source_section="x",
    )
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert error.value.message_dict["title"] == ["Dieses Feld darf nicht leer sein."]


def test_unknown_category_is_rejected(forum):
    practice = make_practice(forum)
    practice.category = "unbekannt"
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "ist keine gültige Option" in str(error.value.message_dict["category"])


def test_a_participant_list_cannot_be_made_public(forum):
    document = Document(forum=forum, title="TN", kind="teilnehmendenliste", is_public=True)
    with pytest.raises(ValidationError):
        document.full_clean()
    document.save()
    assert document not in Document.objects.public()


def test_every_model_has_a_readable_name_and_a_url(forum):
    practice = make_practice(forum, title="Netzwerkatlas")
    assert str(practice) == "Netzwerkatlas"
    assert practice.get_absolute_url() == f"/praxis/{practice.slug}/"
    assert forum.get_absolute_url() == f"/foren/{forum.slug}/"
