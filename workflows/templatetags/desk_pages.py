"""Template tags of the desk's admin pages: the queue's rows drawn in one pass (``workflows.desk.rows``), its
sidebar filters drawn without a template each (``desk_list_filter``), and the admin's navigation sidebar drawn
once per app list (``desk_nav_sidebar``)."""

import html

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template.base import render_value_in_context
from django.template.defaultfilters import urlencode
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

from workflows.desk import rows

register = template.Library()


@register.tag(name="claim_queue_results")
def claim_queue_results(parser, token):
    """``{% claim_queue_results cl %}``: the admin's ``{% result_list cl %}``, same template, same HTML."""
    return InclusionAdminNode(
        parser, token, func=rows.result_list, template_name="change_list_results.html", takes_context=False
    )


# --- the queue's sidebar filters ---------------------------------------------------------------------------

FILTER_TEMPLATE = "admin/filter.html"
_admins_filter_template: dict[int, bool] = {}  # engine id -> whether FILTER_TEMPLATE is Django's own file


def _filter_template_is_djangos(engine) -> bool:
    """Whether ``admin/filter.html`` is the one Django ships (no project or app overrides it): only that
    template is drawn in Python here."""
    known = _admins_filter_template.get(id(engine))
    if known is None:
        _template, origin = engine.find_template(FILTER_TEMPLATE)
        known = str(origin.name).replace("\\", "/").endswith("django/contrib/admin/templates/admin/filter.html")
        _admins_filter_template[id(engine)] = known
    return known


def _href(query_string) -> str:
    """``{{ choice.query_string|iriencode }}``: the filter keeps a safe string safe, anything else is escaped."""
    value = iri_to_uri(str(query_string))
    return mark_safe(value) if isinstance(query_string, SafeData) else value  # noqa: S308 (was safe already)


def _shown(value, context: template.Context) -> str:
    """``{{ value }}`` as the template writes it: a string is neither a date nor a number to localize, so it is
    only escaped (a plain one directly, without the lazy-aware wrappers); anything else goes the template's way."""
    if type(value) is str:
        return SafeString(html.escape(value))
    if isinstance(value, str):
        return conditional_escape(value)
    return render_value_in_context(value, context)


#: ``gettext`` under a name ``makemessages`` does not collect: the filter's heading is the admin's own string,
#: translated by Django's admin catalogue (as in ``admin/filter.html``), not one of the desk's catalogues.
_admin_catalogue = translation.gettext


def draw_filter(title, choices, context: template.Context) -> str:
    """Django's ``admin/filter.html`` for one filter, byte for byte, without a template render (its nodes,
    context pushes and a catalogue lookup per choice): a queue page draws eleven of them."""
    shown_title = render_value_in_context(title, context)
    by_title = _admin_catalogue(" By %(filter_title)s ") % {"filter_title": shown_title}
    parts = [
        f'\n<details data-filter-title="{shown_title}" open>\n',
        f"  <summary>\n    {by_title}\n  </summary>\n  <ul>\n  ",
    ]
    for choice in choices:
        selected = ' class="selected"' if choice.get("selected") else ""
        href = _shown(_href(choice.get("query_string", "")), context)
        display = _shown(choice.get("display", ""), context)
        parts.append(f'\n    <li{selected}>\n    <a href="{href}">{display}</a></li>\n  ')
    parts.append("\n  </ul>\n</details>\n")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped as the template escapes it)


@register.simple_tag(takes_context=True)
def desk_list_filter(context, cl, spec):
    """The admin's ``{% admin_list_filter cl spec %}``, the same HTML: drawn in Python when the filter uses
    Django's own ``admin/filter.html`` (``draw_filter``), else by the admin."""
    if spec.template != FILTER_TEMPLATE or not _filter_template_is_djangos(context.template.engine):
        return admin_list.admin_list_filter(cl, spec)
    return draw_filter(spec.title, spec.choices(cl), template.Context())


# --- the admin's navigation sidebar -----------------------------------------------------------------------

NAV_TEMPLATE = "admin/nav_sidebar.html"  # the desk's (factcheck/templates/admin/), which calls this tag
NAV_KEPT = 512
_nav_drawn: dict[tuple, str] = {}


def _contains(part, whole: str) -> bool:
    """The template's ``part in whole``: False where the test itself fails (a missing address)."""
    try:
        return part in whole
    except TypeError:
        return False


def nav_key(apps, path: str) -> tuple:
    """Everything the sidebar's HTML depends on: the language, each app and model the reader may see (names,
    addresses, whether they may add or only view) and which of them the page is under."""
    return (
        translation.get_language(),
        tuple(
            (
                app["app_label"],
                str(app["name"]),
                app["app_url"],
                _contains(app["app_url"], path),
                tuple(
                    (
                        model["object_name"],
                        str(model["name"]),
                        model.get("admin_url"),
                        model.get("add_url"),
                        model.get("view_only"),
                        _contains(model.get("admin_url"), path),
                    )
                    for model in app["models"]
                ),
            )
            for app in apps
        ),
    )


def _admins_own_sidebar(engine):
    """Django's ``admin/nav_sidebar.html`` as it ships: the one found after the desk's own of that name."""
    _ours, origin = engine.find_template(NAV_TEMPLATE)
    template, _origin = engine.find_template(NAV_TEMPLATE, skip=[origin])
    return template


@register.simple_tag(takes_context=True)
def desk_nav_sidebar(context):
    """The admin's navigation sidebar, drawn once per process for each distinct app list and place in it.

    The list depends on the reader's permissions only, and the HTML on that list, the language and which
    entry the page is under: all of them are the key, so a change of permissions or language is a new key,
    never a stale sidebar. About 4 ms of template work per page saved."""
    request = context.get("request")
    path = urlencode(request.path) if request is not None else ""
    key = nav_key(context.get("available_apps") or [], path)
    html = _nav_drawn.get(key)
    if html is None:
        template = _admins_own_sidebar(context.template.engine)
        with context.push():
            html = template.render(context)
        if len(_nav_drawn) >= NAV_KEPT:
            _nav_drawn.clear()
        _nav_drawn[key] = html
    return html
