"""Impressum, Datenschutz, Barrierefreiheit and the contact form."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from site_pages.content import legal_page
from site_pages.forms import FeedbackForm, start_token
from site_pages.notify import notify_feedback
from site_pages.ratelimit import allow_feedback


def page(request, kind):
    """Show one legal page."""
    title, body, updated = legal_page(kind)
    context = {"title": title, "body": body, "updated": updated, "kind": kind}
    return render(request, "site_pages/page.html", context)


@require_http_methods(["GET", "POST"])
def kontakt(request):
    """Show the contact text and form; store what is sent."""
    title, body, updated = legal_page("kontakt")
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if not allow_feedback(request):
            messages.error(
                request,
                _(
                    "Von Ihrer Adresse kamen in der letzten Stunde zu viele Nachrichten. "
                    "Bitte versuchen Sie es später noch einmal."
                ),
            )
            status = 429
        elif form.is_spam():
            return redirect("site_pages:kontakt_danke")
        elif form.is_valid():
            feedback = form.save()
            notify_feedback(feedback, request)
            return redirect("site_pages:kontakt_danke")
        else:
            status = 400
    else:
        form = FeedbackForm(initial={"page_url": request.GET.get("seite", "")[:500]})
    form.initial["started"] = start_token()
    if form.is_bound:
        data = form.data.copy()
        data["started"] = start_token()
        form.data = data
    context = {"title": title, "body": body, "updated": updated, "form": form}
    return render(request, "site_pages/kontakt.html", context, status=status)


def kontakt_danke(request):
    """Confirm that the message arrived."""
    return render(request, "site_pages/kontakt_danke.html")


def robots_txt(request):
    """Let crawlers index the public pages, not the admin, exports or search result pages."""
    sitemap = request.build_absolute_uri(reverse("site_pages:sitemap"))
    if settings.SITE_URL:
        sitemap = settings.SITE_URL + reverse("site_pages:sitemap")
    lines = ["User-agent: *", f"Disallow: {reverse('admin:index')}"]
    # The same rules for the German pages at the root and the English ones under /en/.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines += [
                f"Disallow: {reverse('practices:export_csv')}",
                f"Disallow: {reverse('practices:export_xlsx')}",
                f"Disallow: {reverse('practices:export_json')}",
                f"Disallow: {reverse('site_pages:kontakt_danke')}",
                f"Disallow: {reverse('practices:list')}?",
            ]
    lines += [
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    """Send /favicon.ico to the hashed static file (looked up per request, after collectstatic)."""
    return redirect(static("img/favicon.ico"), permanent=True)
