"""Template tags of the desk's admin pages: the queue's rows drawn in one pass (``workflows.desk.rows``), and
the admin's navigation sidebar drawn once per app list (``desk_nav_sidebar``)."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template.defaultfilters import urlencode
from django.utils import translation

from workflows.desk import rows

register = template.Library()


@register.tag(name="claim_queue_results")
def claim_queue_results(parser, token):
    """``{% claim_queue_results cl %}``: the admin's ``{% result_list cl %}``, same template, same HTML."""
    return InclusionAdminNode(
        parser, token, func=rows.result_list, template_name="change_list_results.html", takes_context=False
    )


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
