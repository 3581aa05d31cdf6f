"""Per-row counts and sums for list pages as correlated subqueries.

`annotate(n=Count("children"))` joins and GROUPs BY over every row of the (scoped, filtered) list
before the page is cut, and makes the page's count(*) group too: at ten years of data that is the
cost of the page (issue 9). A correlated subquery is computed only for the 25 rows shown, and the
count(*) of the list drops it (Django strips unused annotations from count queries).
"""

from typing import Any

from django.db import connection
from django.db.models import DecimalField, F, Field, Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def _aggregate(queryset: QuerySet, link: str, function: str, expression: Any, output_field: Field) -> Coalesce:
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by()
    # A plain function, not a Django aggregate, so that the inner query has no GROUP BY: one row.
    value = rows.annotate(_value=Func(expression, function=function, output_field=output_field)).values("_value")
    return Coalesce(Subquery(value[:1], output_field=output_field), Value(0, output_field=output_field))


def count_of(queryset: QuerySet, link: str) -> Coalesce:
    """Rows of `queryset` whose `link` is the outer row, e.g. count_of(Contact.objects, "form")."""
    return _aggregate(queryset, link, "COUNT", F("pk"), IntegerField())


def count_in_query(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` as an expression of the outer query (no round trip of its own)."""
    value = queryset.order_by().annotate(_value=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Subquery(value.values("_value")[:1], output_field=IntegerField())


def sum_of(queryset: QuerySet, link: str, field: str, max_digits: int = 9, decimal_places: int = 2) -> Coalesce:
    output: DecimalField[Any, Any] = DecimalField(max_digits=max_digits, decimal_places=decimal_places)
    return _aggregate(queryset, link, "SUM", F(field), output)


def count_many(**querysets: QuerySet) -> dict[str, int]:
    """Several counts in one round trip: SELECT (SELECT COUNT(*) FROM (q1)), (SELECT COUNT(*) FROM (q2)).

    For pages that show many counts (the home page's panels): each count is still computed by the
    database, but one query instead of one per number keeps a page under its query budget (issue 9).
    """
    parts: list[str] = []
    params: list[Any] = []
    for queryset in querysets.values():
        sql, inner = queryset.order_by().values("pk").query.sql_with_params()
        # Not injectable: `sql` is compiled by the ORM and the values travel separately as `params`.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608 # nosec B608
        params.extend(inner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))
