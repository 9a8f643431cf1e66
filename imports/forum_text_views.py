"""Admin pages for importing a forum documentation as draft practices (filled in by #8)."""

urlpatterns = []
