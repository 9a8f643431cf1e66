"""The start page: how many practices there are, by category and status."""

from django.db.models import Count
from django.shortcuts import render
from django.urls import path

from forums.models import Forum
from practices.models import Hurdle, Practice, Project
from rehapro_kb.page_cache import cache_public_page

# The figures count practice examples only; the other entry types are named beside them.
COUNTED_TYPE = Practice.EntryType.PRAXISBEISPIEL


def home(request):
    published = Practice.objects.published()
    counts, other_types = {}, {}
    rows = published.order_by().values("category", "status", "entry_type").annotate(n=Count("pk"))
    for row in rows:
        if row["entry_type"] == COUNTED_TYPE:
            key = (row["category"], row["status"])
            counts[key] = counts.get(key, 0) + row["n"]
        else:
            other_types[row["entry_type"]] = other_types.get(row["entry_type"], 0) + row["n"]
    matrix = [
        {
            "value": category,
            "label": label,
            "cells": [
                (status, status_label, counts.get((category, status), 0))
                for status, status_label in Practice.Status.choices
            ],
            "total": sum(counts.get((category, s), 0) for s in Practice.Status.values),
        }
        for category, label in Practice.Category.choices
    ]
    forums = list(Forum.objects.all())
    context = {
        "total": sum(counts.values()),
        "counted_type": COUNTED_TYPE,
        "other_types": [
            (value, label, other_types[value])
            for value, label in Practice.EntryType.choices
            if value in other_types
        ],
        "all_entries": sum(counts.values()) + sum(other_types.values()),
        "matrix": matrix,
        "status_choices": Practice.Status.choices,
        "latest_forum": forums[0] if forums else None,
        "forum_count": len(forums),
        "status_meanings": [f for f in forums if f.status_meaning_umgesetzt],
        "project_count": Project.objects.count(),
        "hurdle_count": Hurdle.objects.published().count(),
    }
    return render(request, "home.html", context)


# Included without a namespace by rehapro_kb/urls.py: every template links to {% url 'home' %}.
urlpatterns = [path("", cache_public_page(home), name="home")]
