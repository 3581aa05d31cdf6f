"""`{% submission_token %}`: the hidden one-time token of a creation form (parentpartner.submissions).
A new value each time a form is drawn, so two forms on one page never share one."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from parentpartner import submissions

register = template.Library()


@register.simple_tag
def submission_token() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', submissions.FIELD, submissions.new_token())
