"""The floor of a main list: the same page of rows fetched by one plain SQL query, served through the
same middleware (session, login) inside the same page layout (base.html: navigation, styles) as a
plain table. What a list page cannot do without; bench-only (mounted by bench.urls).
The run also reports the bare SQL time of that query (`sql_ms`)."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.template import engines

TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1 class="h3">{{ key }}</h1><table class="table table-striped">'
    "{% for row in rows %}<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}</tr>{% endfor %}"
    "</table>{% endblock %}"
)


def floor_sql(page, user):
    """(sql, params) of the page's floor for the user."""
    built = page.floor(user)
    if isinstance(built, tuple):
        return built
    return built.query.sql_with_params()


@login_required
def floor_view(request, key):
    from bench.pages import PAGES

    page = next((p for p in PAGES if p.key == key and p.floor), None)
    if page is None:
        raise Http404
    sql, params = floor_sql(page, request.user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return HttpResponse(TEMPLATE.render({"key": key, "rows": rows}, request))
