"""Collecting the content's links, and keeping them in step after an edit (no HTTP there)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from forums.models import Document, Study
from linkcheck.models import Link, LinkUse
from linkcheck.signals import _Pending
from linkcheck.sources import check_links_of, collect_links
from linkcheck.text_urls import find_urls
from practices.models import Project
from tests.conftest import make_forum, make_practice

pytestmark = pytest.mark.django_db


def uses():
    return {
        (u.content_type.model, u.object_id, u.field, u.link.url)
        for u in LinkUse.objects.select_related("content_type", "link")
    }


@pytest.mark.parametrize(
    "text, urls",
    [
        ("Siehe https://example.org/a.", ["https://example.org/a"]),
        (
            "(mehr: https://de.wikipedia.org/wiki/SGB_(II))",
            ["https://de.wikipedia.org/wiki/SGB_(II)"],
        ),
        ("„https://example.org/?a=1&b=2“, dann", ["https://example.org/?a=1&b=2"]),
        ("javascript:alert(1) www.example.org ftp://x.org", []),
        ("zwei: http://a.example http://b.example/x;", ["http://a.example", "http://b.example/x"]),
    ],
)
def test_urls_are_found_in_text_without_trailing_punctuation(text, urls):
    assert [url for _s, _e, url in find_urls(text)] == urls


def test_collect_finds_links_in_every_kind_of_content():
    LinkUse.objects.all().delete()
    Link.objects.all().delete()
    forum = make_forum(documentation_url="https://forum.example/doku", summary="")
    practice = make_practice(forum, description="Mehr unter https://praxis.example/info.")
    study = Study.objects.create(forum=forum, title="S", doi="10.1/x", url="https://s.example")
    public = Document.objects.create(
        forum=forum, title="D", url="https://d.example", is_public=True
    )
    Document.objects.create(forum=forum, title="Liste", url="https://secret.example/t0k3n")
    project = Project.objects.create(
        short_name="P",
        slug="p-links",
        website="https://p.example",
        partners="be https://be.example",
    )
    collect_links()
    created = {
        ("forum", forum.pk),
        ("practice", practice.pk),
        ("study", study.pk),
        ("document", public.pk),
        ("project", project.pk),
    }
    mine = {u for u in uses() if u[:2] in created}
    assert mine == {
        ("forum", forum.pk, "documentation_url", "https://forum.example/doku"),
        ("practice", practice.pk, "description", "https://praxis.example/info"),
        ("study", study.pk, "url", "https://s.example"),
        ("study", study.pk, "doi", "https://doi.org/10.1/x"),
        ("document", public.pk, "url", "https://d.example"),
        ("project", project.pk, "website", "https://p.example"),
        ("project", project.pk, "partners", "https://be.example"),
    }
    assert not Link.objects.filter(url__contains="secret").exists()


def test_collect_drops_links_nothing_cites_any_more():
    project = Project.objects.create(short_name="P", slug="p-gone", website="https://old.example")
    collect_links()
    Project.objects.filter(pk=project.pk).update(website="https://new.example")
    collect_links()
    assert not Link.objects.filter(url="https://old.example").exists()
    assert Link.objects.filter(url="https://new.example").exists()


def test_saving_content_marks_its_links_due_after_commit(django_capture_on_commit_callbacks):
    project = Project.objects.create(short_name="P", slug="p-due", website="https://due.example")
    check_links_of(project)
    Link.objects.filter(url="https://due.example").update(
        due_at=timezone.now() + datetime.timedelta(days=5)
    )
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        project.summary = "Neu: https://neu.example/seite"
        project.save()
    assert len(callbacks) >= 1
    due = dict(Link.objects.filter(host__endswith=".example").values_list("url", "due_at"))
    assert due["https://due.example"] >= before
    assert due["https://neu.example/seite"] >= before
    # Only marked: the HTTP check is the worker's job.
    assert Link.objects.get(url="https://neu.example/seite").last_checked_at is None


def test_deleting_content_forgets_its_links(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = Project.objects.create(
            short_name="P", slug="p-del", website="https://del.example"
        )
    assert Link.objects.filter(url="https://del.example").exists()
    content_type = ContentType.objects.get_for_model(Project)
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert not LinkUse.objects.filter(content_type=content_type, object_id=project.pk).exists()
    assert not Link.objects.filter(url="https://del.example").exists()


def test_a_transaction_handles_its_changed_links_in_one_pass_at_commit(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for n in range(30):
            Project.objects.create(
                short_name=f"P{n}", slug=f"p-many-{n}", website=f"https://{n}.example"
            )
    pending = {id(c) for c in callbacks if isinstance(c, _Pending)}
    assert len(pending) == 1
    callback = next(c for c in callbacks if isinstance(c, _Pending))
    # A constant number of queries, however many rows the transaction saved.
    with django_assert_max_num_queries(12):
        callback()
    assert (
        Link.objects.filter(url__endswith=".example", host__regex=r"^\d+\.example$").count() == 30
    )


def test_a_rolled_back_save_leaves_no_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Project.objects.create(
                    short_name="R", slug="p-rolled", website="https://rolled.example"
                )
                raise RuntimeError
        except RuntimeError:
            pass
        Project.objects.create(short_name="S", slug="p-kept", website="https://kept.example")
    assert not Link.objects.filter(url="https://rolled.example").exists()
    assert Link.objects.filter(url="https://kept.example").exists()


def test_a_rolled_back_save_does_not_ride_along_with_the_next_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        try:
            with transaction.atomic():
                Project.objects.create(pk=999_999, short_name="R", slug="p-gone")
                raise RuntimeError
        except RuntimeError:
            pass
        kept = Project.objects.create(short_name="K", slug="p-stays")
    keys = set().union(*(c.keys[Project] for c in callbacks if isinstance(c, _Pending)))
    assert keys == {kept.pk}


def test_a_migrations_historical_model_marks_no_links(django_capture_on_commit_callbacks):
    # A migration's model matches the label but not the current columns; reading it
    # back with the current model at the commit would fail mid-migration.
    historical = MigrationExecutor(connection).loader.project_state().apps
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        historical.get_model("practices", "Project").objects.create(
            short_name="H", slug="p-historical"
        )
    assert not [c for c in callbacks if isinstance(c, _Pending)]
