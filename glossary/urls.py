from django.urls import path

from glossary import views
from rehapro_kb.page_cache import cache_public_page

app_name = "glossary"

urlpatterns = [
    path("", cache_public_page(views.glossary), name="index"),
]
