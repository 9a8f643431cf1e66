"""The start page and the site's error pages."""

from django.db.models import Count
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from forums.models import Forum
from practices.models import Practice, Project


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


def server_error(request):
    """Render the German 500 page with the request id, without touching the database."""
    template = loader.get_template("500.html")
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(template.render(context))
