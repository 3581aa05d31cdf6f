"""Per-row counts and sums for list pages as correlated subqueries.

`annotate(n=Count("children"))` joins and GROUPs BY over every row of the (scoped, filtered) list
before the page is cut, and makes the page's count(*) group too: at ten years of data that is the
cost of the page (issue 9). A correlated subquery is computed only for the 25 rows shown, and the
count(*) of the list drops it (Django strips unused annotations from count queries).
"""

from django.db.models import DecimalField, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def _aggregate(queryset, link, function, expression, output_field):
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by()
    # A plain function, not a Django aggregate, so that the inner query has no GROUP BY: one row.
    value = rows.annotate(_value=Func(expression, function=function, output_field=output_field)).values("_value")
    return Coalesce(Subquery(value[:1], output_field=output_field), Value(0, output_field=output_field))


def count_of(queryset, link):
    """Rows of `queryset` whose `link` is the outer row, e.g. count_of(Contact.objects, "form")."""
    return _aggregate(queryset, link, "COUNT", F("pk"), IntegerField())


def sum_of(queryset, link, field, max_digits=9, decimal_places=2):
    output = DecimalField(max_digits=max_digits, decimal_places=decimal_places)
    return _aggregate(queryset, link, "SUM", F(field), output)
