"""Display filters: every number reaches the page in the user's units."""

from django import template

from .. import units as u

register = template.Library()


def _unit(context, kind):
    return context.get("units", {}).get(kind, "kg" if kind == "weight" else "km")


@register.simple_tag(takes_context=True)
def weight(context, value_kg, places=1):
    return u.format_weight(value_kg, _unit(context, "weight"), places)


@register.simple_tag(takes_context=True)
def weight_value(context, value_kg, places=1):
    """The bare number in the user's unit, for prefilling inputs."""
    return "" if value_kg is None else u.tidy(u.kg_to(value_kg, _unit(context, "weight")), places)


@register.simple_tag(takes_context=True)
def distance(context, value_m, places=2):
    return u.format_distance(value_m, _unit(context, "distance"), places)


@register.simple_tag(takes_context=True)
def distance_value(context, value_m, places=2):
    if value_m is None:
        return ""
    return u.tidy(u.metres_to(value_m, _unit(context, "distance")), places)


@register.simple_tag(takes_context=True)
def pace(context, seconds_per_metre):
    return u.format_pace(seconds_per_metre, _unit(context, "distance"))


@register.filter
def duration(seconds):
    return u.format_duration(seconds)


@register.filter
def tidy(number, places=1):
    return u.tidy(number, places)


@register.filter
def style_class(style):
    return {"natural": "theme-natural", "high_tech": "theme-drago"}.get(style, "theme-both")
