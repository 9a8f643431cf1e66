"""A non-published practice is absent from every public surface, in every non-published state."""

import pytest
from django.urls import reverse

from practices.models import Project, ProjectAttribution
from tests.conftest import NON_PUBLISHED_STATES, make_practice, make_thementisch

pytestmark = pytest.mark.django_db
SECRET = "Zwergpinguinkolonie"


def public_surfaces(forum, table, project):
    list_url = reverse("practices:list")
    return {
        "start": reverse("home"),
        "list": list_url,
        "list facets (all)": f"{list_url}?pro_seite=100",
        "search": f"{list_url}?q={SECRET}",
        "search by tag": f"{list_url}?tag=geheimschlagwort",
        "csv": reverse("practices:export_csv"),
        "csv search": f"{reverse('practices:export_csv')}?q={SECRET}",
        "json": reverse("practices:export_json"),
        "xlsx": reverse("practices:export_xlsx"),
        "hurdles": reverse("practices:hurdle_list"),
        "hurdles search": f"{reverse('practices:hurdle_list')}?q={SECRET}",
        "hurdles csv": reverse("practices:hurdle_export_csv"),
        "hurdles json": reverse("practices:hurdle_export_json"),
        "hurdles xlsx": reverse("practices:hurdle_export_xlsx"),
        "forum list": reverse("forums:list"),
        "forum": forum.get_absolute_url(),
        "thementisch": table.get_absolute_url(),
        "project list": reverse("practices:project_list"),
        "project": project.get_absolute_url(),
        "glossary": reverse("glossary:index"),
    }


def body_of(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"PK"):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        return " ".join(
            str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
        )
    return content.decode("utf-8")


@pytest.mark.parametrize("state", NON_PUBLISHED_STATES)
def test_non_published_practice_leaks_nowhere(client, forum, state):
    table = make_thementisch(forum, title="Öffentlicher Thementisch")
    project = Project.objects.create(
        short_name="Geheimprojekt", slug="geheimprojekt", funding_wave=3
    )
    draft = make_practice(
        forum,
        title=f"{SECRET} Entwurf",
        description=f"Nur intern: {SECRET}",
        thementisch=table,
        publication_state=state,
        tags=["Geheimschlagwort"],
        hurdles=[f"Hürde {SECRET}"],
        category="finanzierung",
    )
    ProjectAttribution.objects.create(practice=draft, project=project, is_public=True)
    leaks = []
    for surface, url in public_surfaces(forum, table, project).items():
        response = client.get(url)
        assert response.status_code == 200, surface
        text = body_of(response)
        context = getattr(response, "context", None)
        if surface == "hurdles search":
            if context["total"] or list(context["hurdles"]):
                leaks.append(surface)
        elif surface == "search":
            # The page repeats the search term the visitor typed; what matters is the result.
            if context["total"] or context["practices"] or context["suggestions"]:
                leaks.append(surface)
        elif SECRET in text or "Geheimschlagwort" in text:
            leaks.append(surface)
        if context and "facets" in context:
            for facet in context["facets"]:
                for option in facet.options:
                    if option.value == "geheimschlagwort" or (
                        facet.name == "foerderwelle" and option.value == "3" and option.count
                    ):
                        leaks.append(f"{surface}: facet {facet.name}")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert leaks == []
