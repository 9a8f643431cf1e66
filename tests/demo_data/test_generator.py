"""The demo data generator: deterministic, complete, careful with real content, usable."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from demo_data.generator import PREFIX, Generator, RealContentError, Vocabulary, generate
from forums.models import Forum, Thementisch
from practices import search
from practices.models import Hurdle, Practice, Project, ProjectAttribution, TaggedPractice

pytestmark = pytest.mark.django_db
SIZE = 200


def demo_practices():
    return Practice.objects.filter(slug__startswith=PREFIX)


def titles():
    return list(demo_practices().order_by("id").values_list("title", flat=True))


def remove_real_content():
    """Empty the database of the curated content (rolled back after the test)."""
    Practice.objects.all().delete()
    Forum.objects.all().delete()
    Project.objects.all().delete()


def test_same_seed_gives_the_same_practices():
    generate(SIZE, seed=7, force=True)
    first = titles()
    generate(SIZE, seed=7, force=True)
    assert titles() == first
    generate(SIZE, seed=8, force=True)
    assert titles() != first


def test_seed_1_still_gives_the_same_text():
    """The benchmark reuses a database built by an earlier run: the words must not drift."""
    curated = Vocabulary(
        titles=["Kuratierter Titel"],
        descriptions=["Kuratierte Beschreibung."],
        aspects=["Aspekt"],
        hurdles=["Kuratierte Hürde"],
        table_titles=["Thementisch"],
        sentences=["Ein Satz."],
        tags={"tag": "Tag"},
    )
    generator = Generator(10, seed=1, vocabulary=curated)
    assert [generator.title() for _ in range(4)] == [
        "Kuratierter Titel (Freiburg)",
        "Kuratierter Titel (Landkreis Vorpommern-Greifswald)",
        "Kennzahlenbericht für junge Erwachsene verankern",
        "Ergotherapie für Berufsrückkehrende evaluieren",
    ]
    assert generator.description() == (
        "Das Gesundheitsamt dokumentiert Methodenkoffer gemeinsam mit den Sportvereinen in "
        "München. So entstehen kurze Wege zwischen den Rechtskreisen."
    )
    assert [generator.hurdle() for _ in range(3)] == [
        "Kuratierte Hürde",
        "Aber: Die Finanzierung nach dem Ende der Förderung ist offen.",
        "Aber: Die Geschäftsführung muss erst überzeugt werden.",
    ]


def test_generates_the_requested_rows_with_hurdles_tags_and_projects():
    summary = generate(SIZE, seed=1, force=True)
    practices = demo_practices()
    assert practices.count() == SIZE == summary.practices
    assert Forum.objects.filter(slug__startswith=PREFIX).count() == summary.forums >= 2
    assert Thementisch.objects.filter(forum__slug__startswith=PREFIX).count() >= 4 * 2
    waves = set(
        Project.objects.filter(slug__startswith=PREFIX).values_list("funding_wave", flat=True)
    )
    assert waves <= {1, 2, 3}
    assert Hurdle.objects.filter(practice__in=practices).count() == summary.hurdles
    per_practice = (
        practices.annotate(
            tags_n=Count("tagged_items", distinct=True), hurdles_n=Count("hurdles", distinct=True)
        )
        .values_list("tags_n", "hurdles_n")
        .order_by()
    )
    assert {tags_n for tags_n, _h in per_practice} <= {1, 2, 3, 4}
    assert {hurdles_n for _t, hurdles_n in per_practice} <= {0, 1, 2, 3}
    assert TaggedPractice.objects.filter(content_object__in=practices).count() == summary.tag_links
    assert ProjectAttribution.objects.filter(practice__in=practices).count() > 0
    # Curated tags plus synthetic ones, so the tag facet has a long tail.
    links = TaggedPractice.objects.filter(content_object__in=practices)
    assert links.values("tag").distinct().count() > 50
    states = dict(practices.values_list("publication_state").annotate(n=Count("pk")).order_by())
    assert states[Practice.PublicationState.VEROEFFENTLICHT] > 0.8 * SIZE
    assert len(states) == 4
    assert len(set(practices.values_list("slug", flat=True))) == SIZE


def test_refuses_to_run_next_to_the_curated_content():
    assert Forum.objects.filter(slug="fachforum-2023").exists()
    with pytest.raises(RealContentError):
        generate(SIZE, seed=1)
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_demo_data", "--practices", "10")
    assert not demo_practices().exists()


def test_refuses_when_a_practice_was_not_generated():
    remove_real_content()
    generate(20, seed=1)
    Practice.objects.create(
        forum=Forum.objects.first(), title="Echt", slug="echt", description="x", source_section="x"
    )
    with pytest.raises(RealContentError):
        generate(20, seed=1)


def test_runs_on_an_empty_database_and_replaces_earlier_demo_data():
    remove_real_content()
    call_command("generate_demo_data", "--practices", str(SIZE), "--seed", "3")
    call_command("generate_demo_data", "--practices", "50", "--seed", "3")
    assert Practice.objects.count() == 50


def test_force_keeps_the_curated_content():
    curated = Practice.objects.exclude(slug__startswith=PREFIX).count()
    assert curated > 0
    call_command("generate_demo_data", "--practices", "30", "--force")
    assert Practice.objects.exclude(slug__startswith=PREFIX).count() == curated
    assert demo_practices().count() == 30


def test_search_finds_generated_practices():
    generate(SIZE, seed=1, force=True)
    practice = demo_practices().published().order_by("id").first()
    word = max(practice.title.split(), key=len).strip("()–,.")
    found = search.apply_search(Practice.objects.published(), word)
    assert found.filter(pk=practice.pk).exists()
    assert found.count() < Practice.objects.published().count()


def test_list_page_renders_generated_data_with_few_queries(client, django_assert_max_num_queries):
    generate(SIZE, seed=1, force=True)
    url = reverse("practices:list")
    # One query per facet and per relation of the rows (tags, hurdle texts, projects).
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["total"] == Practice.objects.published().count()
    assert len(response.context["practices"]) == 20
    first = demo_practices().published().order_by("id").first()
    word = max(first.title.split(), key=len).strip("()–,.")
    query = {"q": word, "kategorie": first.category, "status": first.status}
    with django_assert_max_num_queries(11):
        response = client.get(url, query)
    assert response.status_code == 200
    assert first in response.context["practices"] or response.context["total"] > 20


def test_generated_forum_page_and_exports_render(client):
    generate(SIZE, seed=1, force=True)
    forum = Forum.objects.filter(slug__startswith=PREFIX).first()
    response = client.get(forum.get_absolute_url())
    assert response.status_code == 200
    assert response.context["practice_count"] == forum.practices.published().count()
    response = client.get(reverse("practices:export_csv"), {"kategorie": "finanzierung"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    expected = Practice.objects.published().filter(category="finanzierung").count()
    assert len(rows) == expected + 1
    assert {row[3] for row in rows[1:]} == {"Finanzierung"}
