"""Every integer parameter of every page is parsed strictly (issue 15): digits of every Unicode class
and mixed strings, sent to every integer parameter of every URL of the permission matrix as the
narrowest role allowed to open it, never cause a server error.

The parameters are found, not listed by hand:
- URL parts: the `<int:...>` converters of the page's route, and the numbers inside the quarterly
  report's `area-N` / `site-N` scope and its `YYYY-Qn` quarter;
- query parameters: the number filters of the view's FilterSet (`ModelChoiceFilter`,
  `ModelMultipleChoiceFilter`, `NumberFilter`), `page` of a paginated list, the number fields of a
  form bound to `request.GET`, and every name the view's own code reads from the query
  (`query_number(request, "x")`, `request.GET.get("x")`, `request.GET["x"]`, `"x" in request.GET`);
- `test_every_query_parameter_read_in_the_code_is_fuzzed` fails when code reads a query parameter that
  the discovery above does not reach, and `test_numbers_are_read_only_through_parentpartner_params`
  when code tests digits with `str.isdigit()` and the like again.

Decision: only ASCII 0-9 are digits (parentpartner.params). "١٢" (Arabic-Indic) and "１２" (fullwidth)
are not 12: they are no choice, a 404 or a form message, like "²", which `str.isdigit()` accepts and
`int()` refuses.
"""

import inspect
import pathlib
import re
import sys
import unicodedata
from urllib.parse import quote, urlencode, urlsplit

import django_filters
import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from parentpartner.params import whole_number
from tests.proofs import FORM_PAGES, NARROWEST_FIRST, PAGES, expected_status, own_post, target_object, url_for
from tests.proofs.test_fuzz import post_and_check

pytestmark = pytest.mark.fuzz

APPS = ("parentpartner", "mentoring", "training", "eligibility", "reporting")
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _one_of(zero):
    return chr(ord(zero) + 1)


# Decimal digits (Nd) of several scripts: Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali,
# Thai, Myanmar, NKo, fullwidth, mathematical bold, Adlam. Every other script's digits are refused by
# the same check, proved over all of Unicode in tests/core/test_params.py.
ND = [_one_of(zero) for zero in "٠۰०০๐၀߀０𝟎𞥐"]
# Other numbers (No): superscript, subscript, circled, parenthesized, dingbat digits and a fraction;
# letter numbers (Nl): a Roman numeral, the ideographic zero, a rune.
NO = ["²", "₂", "①", "⑴", "➊", "½"]
NL = ["Ⅻ", "〇", "ᛮ"]
MIXED = [
    "1²",
    "١٢",  # Arabic-Indic: int() reads 12
    "１２",  # fullwidth: int() reads 12
    "1٣",
    " 12",
    "+12",
    "1_2",  # int() reads 12
    "1e3",
    "​12",
    "9" * 19,  # past PostgreSQL's bigint
    "9" * 5000,  # past Python's int() limit for text
    "",
]
SAMPLES = [*ND, *NO, *NL, *MIXED]

NUMBER_FIELDS = (forms.ModelChoiceField, forms.ModelMultipleChoiceField, forms.IntegerField, forms.DecimalField)
ROUTE_INT = re.compile(r"<int:(\w+)>")
READS = [
    re.compile(r"query_number\(\s*(?:self\.)?request,\s*\"(\w+)\""),
    re.compile(r"GET\.get(?:list)?\(\s*\"(\w+)\""),
    re.compile(r"GET\[\"(\w+)\"\]"),
    re.compile(r"\"(\w+)\" in (?:self\.)?request\.GET"),
]
# Query parameters read in the code that never carry a number, with why.
NOT_NUMBERS = {"next": "the page to return to after the second login step (parentpartner.views.two_factor)"}
BOUND_TO_QUERY = re.compile(r"(\w+)\((?:self\.)?request\.GET\b")


def _view_of(callback):
    func = inspect.unwrap(callback)
    return getattr(func, "view_class", None), func


def _own_sources(view_class, func):
    """The source of the view and of its bases in the project (its mixins), with their modules."""
    if view_class is None:
        # A function view, or a callable object (the quarterly download): its own code.
        code = func if inspect.isfunction(func) else type(func)
        if code.__module__.split(".")[0] not in APPS:
            return []
        return [(inspect.getsource(code), sys.modules[code.__module__])]
    return [
        (inspect.getsource(klass), sys.modules[klass.__module__])
        for klass in view_class.__mro__
        if klass.__module__.split(".")[0] in APPS
    ]


def _number_fields(fields):
    return {name for name, field in fields.items() if isinstance(field, NUMBER_FIELDS)}


def query_parameters(callback):
    """The query parameters the view `callback` (as the URLconf holds it) reads that may carry a number."""
    view_class, func = _view_of(callback)
    names = set()
    filterset = getattr(view_class, "filterset_class", None)
    if filterset is not None:
        for name, field in filterset.base_filters.items():
            number = (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)
            if isinstance(field, number) or issubclass(field.field_class, NUMBER_FIELDS):
                names.add(name)
    if getattr(view_class, "paginate_by", None):
        names.add("page")
    for source, module in _own_sources(view_class, func):
        for pattern in READS:
            names.update(pattern.findall(source))
        for form_name in BOUND_TO_QUERY.findall(source):
            form_class = getattr(module, form_name, None)
            if inspect.isclass(form_class) and issubclass(form_class, forms.BaseForm):
                names.update(_number_fields(form_class.base_fields))
    return names


def url_parameters(url):
    """(name, function from a sample to the URL with the sample in that part) for each number in it."""
    path = urlsplit(url).path
    match = resolve(path)
    segments = path.split("/")
    found = []
    for name in ROUTE_INT.findall(match.route):
        index = segments.index(str(match.kwargs[name]))
        found.append((name, index, "{}"))
    if "scope" in match.kwargs and match.kwargs["scope"] != "state":
        kind = match.kwargs["scope"].split("-")[0]
        found.append(("scope", segments.index(match.kwargs["scope"]), kind + "-{}"))
    if "quarter" in match.kwargs:
        found.append(("quarter", segments.index(match.kwargs["quarter"]), "202{}-Q3"))
    return [
        (
            name,
            lambda sample, i=index, shape=shape: "/".join(
                [*segments[:i], quote(shape.format(sample)), *segments[i + 1 :]]
            ),
        )
        for name, index, shape in found
    ]


def _viewer(page):
    return next((role for role in NARROWEST_FIRST if expected_status(page, role, "own") == 200), None)


GET_PAGES = [page for page in PAGES if not page.post_only and _viewer(page) is not None]


@pytest.mark.parametrize("page", GET_PAGES, ids=lambda p: p.name)
def test_every_unicode_digit_in_every_integer_parameter_is_never_a_server_error(login, world, page):
    client = login(world.users[_viewer(page)])
    obj = target_object(world, page, "own") if page.target else None
    url = url_for(page, obj)
    assert client.get(url).status_code == 200, page.name
    tried = []
    for name, with_sample in url_parameters(url):
        for sample in SAMPLES:
            response = client.get(with_sample(sample))
            assert response.status_code < 500, (page.name, name, sample)
            tried.append(name)
    for name in sorted(query_parameters(resolve(urlsplit(url).path).func)):
        for sample in SAMPLES:
            response = client.get(f"{url}?{urlencode({name: sample})}")
            assert response.status_code < 500, (page.name, name, sample)
            tried.append(name)
    if page.name.startswith("reporting:quarterly-") and page.name != "reporting:quarterly-choose":
        assert {"scope", "quarter"} <= set(tried), page.name


def test_the_samples_cover_every_class_of_digits():
    assert [unicodedata.digit(c) for c in ND] == [1] * len(ND)
    assert {unicodedata.category(c) for c in ND} == {"Nd"} and len({unicodedata.name(c).split()[0] for c in ND}) >= 8
    assert {unicodedata.category(c) for c in NO} == {"No"} and {unicodedata.category(c) for c in NL} == {"Nl"}
    assert {"١", "१", "߁", "１", "𝟏"} <= set(ND)  # Arabic-Indic, Devanagari, NKo, fullwidth, mathematical


def _app_modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and "demo" not in path.parts and path.name != "demo.py":
                yield path


def _views(patterns=None):
    """Every view of the URLconf but the admin's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.name, pattern.callback


def test_every_query_parameter_read_in_the_code_is_fuzzed():
    """A new `request.GET.get("x")` or `query_number(request, "x")` anywhere in the apps must be in a
    view's own code or its mixins, where the discovery above finds it, so that it is fuzzed."""
    read = set()
    for path in _app_modules():
        source = path.read_text()
        for pattern in READS:
            read.update(pattern.findall(source))
    found = set()
    for _name, callback in _views():
        found |= query_parameters(callback)
    assert read - found - set(NOT_NUMBERS) == set()


def test_numbers_are_read_only_through_parentpartner_params():
    """No `.isdigit()`, `.isdecimal()`, `.isnumeric()` or `\\d` on text from outside: they accept far more
    than 0-9. Numbers from a request go through parentpartner.params.whole_number."""
    lenient = re.compile(r"\.is(digit|decimal|numeric)\(|\\d")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _app_modules()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if lenient.search(line) and not line.lstrip().startswith("#") and path.name != "params.py"
    ]
    assert offenders == []


def test_the_discovery_finds_the_parameters_that_were_server_errors():
    """The parameters of issue 15's report are among those found and fuzzed."""
    found = {name: query_parameters(callback) for name, callback in _views()}
    assert "site" in found["overview"]
    assert {"service_area", "coordinator"} <= found["meeting-create"]
    assert {"case", "contact"} <= found["safety-concern-create"]
    assert "parent_partner" in found["supervision-create"]
    assert "coordinator" in found["certification-create"]
    assert "family" in found["access-log"]
    assert {"site", "page"} <= found["family-list"]


# The POST half: every field of every form whose valid value is a number (the ids of selects and hidden
# values, counts, minutes, miles) gets the worst of each class.
FORM_SAMPLES = ["²", "١٢", "Ⅻ", "9" * 19]  # No, Nd of another script, Nl, past bigint


@pytest.mark.parametrize("page", FORM_PAGES, ids=lambda p: p.name)
def test_every_number_field_of_every_form_survives_every_class_of_digits(login, world, page):
    """Never a 500; a refusal says why and writes nothing (`post_and_check` of the form fuzzing)."""
    user, url, data = own_post(world, page)
    client = login(user)
    numbers = [name for name, value in data.items() if whole_number(str(value)) is not None]
    for name in numbers:
        for sample in FORM_SAMPLES:
            post_and_check(client, page, url, data, name, sample)
