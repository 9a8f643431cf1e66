"""Indexes that keep the site-wide search's cost bounded for common words (PostgreSQL).

A GIN index per kind (partial), so a kind's count stops after the first matches instead
of scanning the table; a GIN index on the title vector, for the title hits listed first;
(kind, id) on both databases, for one kind's hits in id order.
SQLite's FTS5 table serves both already (the title is its own column).
"""

from django.db import migrations, models

KINDS = ("praxis", "huerde", "ergebnis", "thementisch", "forum", "projekt")

FORWARD = [
    f"CREATE INDEX searchdocument_{kind}_gin ON sitesearch_searchdocument "
    f"USING gin (search_vector) WHERE kind = '{kind}'"
    for kind in KINDS
] + [
    "CREATE INDEX searchdocument_title_gin ON sitesearch_searchdocument USING gin (title_vector)"
]
BACKWARD = [f"DROP INDEX IF EXISTS searchdocument_{kind}_gin" for kind in KINDS] + [
    "DROP INDEX IF EXISTS searchdocument_title_gin"
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0002_search_index")]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["kind", "id"], name="searchdocument_kind_id"),
        ),
    ]
