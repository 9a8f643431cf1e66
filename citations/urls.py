from django.urls import path

from citations import views

app_name = "citations"

urlpatterns = []
for kind, prefix, name in (
    ("praxis", "p/", "practice"),
    ("fachforum", "p/fachforum/", "fachforum"),
    ("thementisch", "p/thementisch/", "thementisch"),
):
    urlpatterns += [
        path(f"{prefix}<int:pk>/", views.permalink, {"kind": kind}, name=name),
        path(
            f"{prefix}<int:pk>/zitat.<str:extension>",
            views.citation_file,
            {"kind": kind},
            name=f"{name}_file",
        ),
    ]
