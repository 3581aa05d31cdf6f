"""The floor of a main list: the same page of rows fetched by one plain SQL query, served through the
same middleware (session, login) and written out as a bare HTML table. What a list page cannot do
without; bench-only (mounted by bench.urls)."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.utils.html import escape


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
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return HttpResponse(f"<!doctype html><title>{escape(key)}</title><table>{body}</table>")
