"""Tabular inlines whose fields name themselves, for screen readers and axe."""

from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext


class LabelledRows:
    """Formset mixin: give each visible field of a row an aria-label like "Hürde 2: Text"."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = capfirst(self.model._meta.verbose_name)
        row = gettext("neu") if index is None else index + 1
        for field in form.fields.values():
            if field.widget.is_hidden:
                continue
            # The admin wraps related widgets; the inner one renders the input.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["aria-label"] = f"{name} {row}: {capfirst(field.label)}"


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry labels: the column headers label no input."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledRows, formset), {})
