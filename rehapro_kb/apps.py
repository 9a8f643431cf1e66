from django.apps import AppConfig


class RehaproKbConfig(AppConfig):
    name = "rehapro_kb"
    verbose_name = "rehapro-kb"

    def ready(self):
        from rehapro_kb import page_cache  # noqa: F401  (connects the content version signals)
