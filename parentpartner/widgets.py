"""A select box drawn without a template per option.

Django renders each <option> through its own template include; a filter with every Parent Partner of
the state (600 options at ten years of data) spent most of a list page's time there (issue 9). The
markup is the same as Django's Select; list filter forms use it (viewmixins.FilteredListMixin).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class Select(forms.Select):
    """Named Select so that crispy gives it the same CSS class (`select`) as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {"" if v is None else str(v) for v in self.format_value(value)}
        final = {**self.build_attrs(self.attrs, attrs), "name": name}
        options = "".join(self._options(self.choices, selected))
        # Safe: flatatt escapes the attributes and _options escapes every value and label.
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308 # nosec B308 B703

    def _options(self, choices, selected):
        for option_value, label in choices:
            if isinstance(label, list | tuple):  # an optgroup
                inner = "".join(self._options(label, selected))
                yield f'<optgroup label="{escape(option_value)}">{inner}</optgroup>'
                continue
            value = "" if option_value is None else str(option_value)
            chosen = " selected" if value in selected else ""
            yield f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'


def speed_up_selects(form):
    """Swap the plain single selects of a form for this Select (same markup, no per-option template)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = Select(attrs=field.widget.attrs, choices=field.widget.choices)
            fast.is_required = field.widget.is_required
            field.widget = fast
