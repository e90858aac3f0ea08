"""Template filters for the shared model's pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """37.50 -> "37.5", 30.00 -> "30", 18.75 -> "18.75": hours as people write them."""
    if value in (None, ""):
        return ""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
