"""A select box drawn without a template per option.

Django renders each <option> through its own template include; a filter with every Parent Partner of
the state (600 options at ten years of data) spent most of a list page's time there (issue 9). The
markup is the same as Django's Select; list filter forms use it (viewmixins.FilteredListMixin).
Values and labels are escaped with the standard library's html.escape, which is what
django.utils.html.escape calls, without its lazy-string wrapper (1,200 calls a page on the statewide
supervision list: about 1 ms, issue 9); labels are plain strings here (str() below).
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django_filters.widgets import BaseCSVWidget


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
                yield f'<optgroup label="{escape(str(option_value))}">{inner}</optgroup>'
                continue
            value = "" if option_value is None else str(option_value)
            chosen = " selected" if value in selected else ""
            yield f'<option value="{escape(value)}"{chosen}>{escape(str(label))}</option>'


class _OneValueCSVSelect(Select):
    """django-filter's ordering select (its CSVSelect: BaseCSVWidget over Select) drawn by Select when
    it holds at most one value, as django-filter itself does through Django's Select; several values
    (only a hand-written address) keep django-filter's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        values = value if self._isiterable(value) else [value]
        if len(values) <= 1:
            return super().render(name, values[0] if values else "", attrs, renderer)
        return super(Select, self).render(name, value, attrs, renderer)


def speed_up_selects(form):
    """Swap the plain single selects of a form for this Select (same markup, no per-option template),
    and django-filter's ordering select for one drawn the same way (issue 9: the screening list)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = Select(attrs=widget.attrs, choices=widget.choices)
            fast.is_required = widget.is_required
            field.widget = fast
        elif isinstance(widget, BaseCSVWidget) and isinstance(widget, forms.Select):
            # Same class name: crispy derives the CSS class from it.
            widget.__class__ = type(type(widget).__name__, (_OneValueCSVSelect, type(widget)), {})
