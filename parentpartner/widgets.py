"""A select box drawn without a template per option.

Django renders each <option> through its own template include; a filter with every Parent Partner of
the state (600 options at ten years of data) spent most of a list page's time there (issue 9). The
markup is the same as Django's Select; list filter forms use it (viewmixins.FilteredListMixin).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class Select(forms.Select):
    """Named Select so that crispy gives it the same CSS class (`select`) as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], " selected" if o["selected"] else "", o["label"]) for o in group_options),
            )
            options.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html)
        attributes = {**widget["attrs"], "name": widget["name"]}
        if widget.get("required") and "required" not in attributes:
            pass  # Django's Select adds `required` through attrs already
        return format_html(
            "<select{}>{}</select>", flatatt(attributes), format_html_join("", "{}", ((o,) for o in options))
        )


def speed_up_selects(form):
    """Swap the plain single selects of a form for this Select (same markup, no per-option template)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = Select(attrs=field.widget.attrs, choices=field.widget.choices)
            fast.is_required = field.widget.is_required
            field.widget = fast
