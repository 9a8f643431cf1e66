"""Remove every row the generator made, found by the slug prefix it gives them all."""

from django.db import connection

PREFIX = "demo-"


def remove_demo_data():
    """Delete every generated row with plain SQL (no per-row signals, no collector)."""
    practice_ids = "SELECT id FROM practices_practice WHERE slug LIKE %s"
    like = [PREFIX + "%"]
    statements = [
        (f"DELETE FROM practices_taggedpractice WHERE content_object_id IN ({practice_ids})", like),
        (f"DELETE FROM practices_hurdle WHERE practice_id IN ({practice_ids})", like),
        (f"DELETE FROM practices_projectattribution WHERE practice_id IN ({practice_ids})", like),
        (f"DELETE FROM practices_practiceexportlists WHERE practice_id IN ({practice_ids})", like),
        ("DELETE FROM practices_practice WHERE slug LIKE %s", like),
        (
            "DELETE FROM practices_projectattribution WHERE project_id IN "
            "(SELECT id FROM practices_project WHERE slug LIKE %s)",
            like,
        ),
        (
            "DELETE FROM forums_thementisch_projects WHERE project_id IN "
            "(SELECT id FROM practices_project WHERE slug LIKE %s)",
            like,
        ),
        ("DELETE FROM practices_project WHERE slug LIKE %s", like),
        (
            "DELETE FROM forums_study WHERE forum_id IN "
            "(SELECT id FROM forums_forum WHERE slug LIKE %s)",
            like,
        ),
        (
            "DELETE FROM forums_document WHERE forum_id IN "
            "(SELECT id FROM forums_forum WHERE slug LIKE %s)",
            like,
        ),
        (
            "DELETE FROM forums_thementisch_projects WHERE thementisch_id IN (SELECT t.id FROM "
            "forums_thementisch t JOIN forums_forum f ON f.id = t.forum_id WHERE f.slug LIKE %s)",
            like,
        ),
        (
            "DELETE FROM forums_thementisch WHERE forum_id IN "
            "(SELECT id FROM forums_forum WHERE slug LIKE %s)",
            like,
        ),
        ("DELETE FROM forums_forum WHERE slug LIKE %s", like),
        (
            "DELETE FROM taggit_tag WHERE slug LIKE %s AND NOT EXISTS "
            "(SELECT 1 FROM taggit_taggeditem ti WHERE ti.tag_id = taggit_tag.id) AND NOT EXISTS "
            "(SELECT 1 FROM practices_taggedpractice tp WHERE tp.tag_id = taggit_tag.id)",
            like,
        ),
    ]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
