"""Job pages, served inside the admin under /admin/aufgaben/."""

from django.contrib import admin
from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", admin.site.admin_view(views.progress_view), name="progress"),
]
