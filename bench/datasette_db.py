"""Copy the published practices of a PostgreSQL database into a denormalised SQLite file.

The peer for the benchmark: Datasette serves this file with facets and full-text search
(FTS5 on title and description), which is what a generic tool gives for the same data.
"""

import json
import sqlite3

import psycopg

EXPORT_SQL = """
SELECT p.id, p.slug, p.title, p.description, p.category, p.status, p.aspect,
    f.title AS forum, f.slug AS forum_slug, f.date::text AS forum_date,
    t.title AS thementisch,
    (SELECT string_agg(h.text, ' | ' ORDER BY h.position, h.id)
        FROM practices_hurdle h WHERE h.practice_id = p.id) AS hurdles,
    (SELECT coalesce(json_agg(tag.name ORDER BY tag.name), '[]')
        FROM practices_taggedpractice tp JOIN taggit_tag tag ON tag.id = tp.tag_id
        WHERE tp.content_object_id = p.id) AS tags,
    (SELECT coalesce(json_agg(pr.short_name ORDER BY pr.short_name), '[]')
        FROM practices_projectattribution pa JOIN practices_project pr ON pr.id = pa.project_id
        WHERE pa.practice_id = p.id AND pa.is_public) AS projects,
    (SELECT coalesce(json_agg(DISTINCT pr.funding_wave::text), '[]')
        FROM practices_projectattribution pa JOIN practices_project pr ON pr.id = pa.project_id
        WHERE pa.practice_id = p.id AND pa.is_public AND pr.funding_wave IS NOT NULL)
        AS funding_waves,
    p.updated_at::text AS updated_at
FROM practices_practice p
JOIN forums_forum f ON f.id = p.forum_id
LEFT JOIN forums_thementisch t ON t.id = p.thementisch_id
WHERE p.publication_state = 'veroeffentlicht'
ORDER BY p.id
"""
COLUMNS = (
    "id",
    "slug",
    "title",
    "description",
    "category",
    "status",
    "aspect",
    "forum",
    "forum_slug",
    "forum_date",
    "thementisch",
    "hurdles",
    "tags",
    "projects",
    "funding_waves",
    "updated_at",
)


def build(pg_url, target):
    """Write the SQLite file; return the number of rows."""
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target)
    db.execute(
        "CREATE TABLE practices (id INTEGER PRIMARY KEY, slug TEXT, title TEXT, description TEXT, "
        "category TEXT, status TEXT, aspect TEXT, forum TEXT, forum_slug TEXT, forum_date TEXT, "
        "thementisch TEXT, hurdles TEXT, tags TEXT, projects TEXT, funding_waves TEXT, "
        "updated_at TEXT)"
    )
    marks = ", ".join("?" * len(COLUMNS))
    count = 0
    with psycopg.connect(pg_url) as pg, pg.cursor(name="export") as cursor:
        cursor.itersize = 5000
        cursor.execute(EXPORT_SQL)
        while rows := cursor.fetchmany(5000):
            db.executemany(
                f"INSERT INTO practices VALUES ({marks})",
                [
                    tuple(
                        json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in r
                    )
                    for r in rows
                ],
            )
            count += len(rows)
    for column in ("category", "status", "forum", "forum_slug"):
        db.execute(f"CREATE INDEX practices_{column} ON practices ({column})")
    # The layout Datasette detects as the table's full-text index (sqlite-utils' enable_fts).
    db.execute(
        'CREATE VIRTUAL TABLE "practices_fts" USING FTS5 (title, description, content="practices")'
    )
    db.execute(
        "INSERT INTO practices_fts (rowid, title, description) "
        "SELECT id, title, description FROM practices"
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return count
