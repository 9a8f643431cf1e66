from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_list, name="list"),
    path("<slug:slug>/", views.forum_detail, name="detail"),
    path("<slug:forum_slug>/<slug:slug>/", views.thementisch_detail, name="thementisch"),
]
