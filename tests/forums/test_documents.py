"""Participant lists never become public: whatever their kind becomes, whoever edits, however."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from forums.models import Document
from practices.roles import REDAKTION, setup_roles

pytestmark = pytest.mark.django_db
Kind = Document.Kind


@pytest.fixture
def redaktion(django_user_model):
    setup_roles()
    user = django_user_model.objects.create_user("redaktion-doku", is_staff=True)
    user.groups.add(Group.objects.get(name=REDAKTION))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def participant_list(forum):
    return Document.objects.create(
        forum=forum, title="Liste der Anwesenden", kind=Kind.TEILNEHMENDENLISTE
    )


def admin_post_data(response):
    """What a browser posts back from an admin change form, its inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value in (None, False, "") or isinstance(value, FieldFile):
                continue
            data[form[name].html_name] = "on" if value is True else value
    return data


def is_on_the_forum_page(client, document):
    html = client.get(document.forum.get_absolute_url()).content.decode()
    return document.title in html


def assert_still_private(document, client):
    document.refresh_from_db()
    assert document.is_public is False
    assert document.contains_personal_data is True
    assert document not in Document.objects.public()
    assert not is_on_the_forum_page(client, document)


def test_a_participant_list_is_marked_as_personal_data_when_saved(participant_list):
    assert participant_list.contains_personal_data is True


def test_the_loaded_participant_lists_are_marked(content):
    lists = Document.objects.filter(kind=Kind.TEILNEHMENDENLISTE)
    assert lists.count() == 2
    assert not lists.filter(contains_personal_data=False).exists()


def test_redaktion_changing_the_kind_and_ticking_public_in_the_document_admin_stays_private(
    redaktion, participant_list, client
):
    url = reverse("admin:forums_document_change", args=[participant_list.pk])
    data = admin_post_data(redaktion.get(url))
    data.update(kind=Kind.SONSTIGES, is_public="on", contains_personal_data="")
    response = redaktion.post(url, data)
    assert response.status_code == 302
    participant_list.refresh_from_db()
    assert participant_list.kind == Kind.SONSTIGES  # the kind may change ...
    assert_still_private(participant_list, client)  # ... the privacy may not


def test_redaktion_changing_the_kind_and_ticking_public_in_the_forum_admin_is_refused(
    redaktion, participant_list, client
):
    url = reverse("admin:forums_forum_change", args=[participant_list.forum.pk])
    data = admin_post_data(redaktion.get(url))
    data.update({"documents-0-kind": Kind.SONSTIGES, "documents-0-is_public": "on"})
    response = redaktion.post(url, data)
    assert response.status_code == 200
    assert "darf nicht öffentlich sein" in response.content.decode()
    participant_list.refresh_from_db()
    assert participant_list.kind == Kind.TEILNEHMENDENLISTE
    assert_still_private(participant_list, client)


def test_the_model_refuses_in_clean_and_keeps_it_private_in_save(participant_list, client):
    participant_list.kind = Kind.SONSTIGES
    participant_list.is_public = True
    with pytest.raises(ValidationError) as error:
        participant_list.full_clean()
    assert "is_public" in error.value.message_dict
    participant_list.save()
    assert_still_private(participant_list, client)


def test_the_database_refuses_a_public_document_with_personal_data(participant_list):
    documents = Document.objects.filter(pk=participant_list.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        documents.update(kind=Kind.SONSTIGES, is_public=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        documents.update(contains_personal_data=False)


def test_reverting_to_a_version_from_before_it_was_a_participant_list_stays_private(forum, client):
    with reversion.create_revision():
        document = Document.objects.create(forum=forum, title="Anwesende", is_public=True)
    assert is_on_the_forum_page(client, document)
    with reversion.create_revision():
        document.kind = Kind.TEILNEHMENDENLISTE
        document.save()
    Version.objects.get_for_object(document).last().revert()
    document.refresh_from_db()
    assert document.kind == Kind.SONSTIGES
    assert_still_private(document, client)


def test_other_documents_can_be_marked_as_personal_data_and_then_never_be_public(forum, client):
    document = Document.objects.create(
        forum=forum, title="Fotoprotokoll", kind=Kind.SONSTIGES, contains_personal_data=True
    )
    document.contains_personal_data = False
    document.is_public = True
    document.save()
    assert_still_private(document, client)
