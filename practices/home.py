"""The start page: how many practices there are, by category and status."""

from django.db.models import Count
from django.shortcuts import render
from django.urls import path

from forums.models import Forum
from practices.models import Practice, Project
from rehapro_kb.page_cache import cache_public_page


def home(request):
    published = Practice.objects.published()
    counts = {
        (row["category"], row["status"]): row["n"]
        for row in published.order_by().values("category", "status").annotate(n=Count("pk"))
    }
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
    context = {
        "total": sum(counts.values()),
        "matrix": matrix,
        "status_choices": Practice.Status.choices,
        "latest_forum": Forum.objects.first(),
        "forum_count": Forum.objects.count(),
        "project_count": Project.objects.count(),
    }
    return render(request, "home.html", context)


# Included without a namespace by rehapro_kb/urls.py: every template links to {% url 'home' %}.
urlpatterns = [path("", cache_public_page(home), name="home")]
