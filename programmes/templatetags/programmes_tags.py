"""Template filters for the shared model's pages."""

from decimal import Decimal

from django import template

from programmes import nations
from programmes.sources import cite

register = template.Library()


@register.filter
def hours(value) -> str:
    """37.50 -> "37.5", 30.00 -> "30", 18.75 -> "18.75": hours as people write them."""
    if value in (None, ""):
        return ""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def css_string(value) -> str:
    """Text for inside a double-quoted CSS string in a <style> element (a PDF's running footer): printed as typed.

    Django's `escapejs` writes JavaScript escapes ("\\u002D"), which CSS reads as the letter u and digits (a
    reference "NS-PSW-01" printed as "NSu002DPSWu002D01"). CSS escapes are a backslash, the code point in hex and a
    space. Escaped: the backslash and quotes (which would end the string), line breaks and control characters,
    and < and > (which could end the <style> element)."""
    out = []
    for char in str(value):
        if char in "\\\"'<>&" or ord(char) < 0x20 or ord(char) == 0x7F or char in "\u2028\u2029":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)


@register.filter
def cited(value) -> str:
    """A reference item's source (or a passage quoted from one) citing its document by short title and section:
    "ImROC guide, Box 4", never the seed file's name (programmes.sources)."""
    return cite(value) if value else value


@register.filter
def vetting(trust) -> str:
    """The criminal-record check of a trust's nation, as a sentence names it: "DBS", "PVG", "AccessNI"."""
    return nations.vetting_name(trust)


@register.filter
def vetting_full(trust) -> str:
    """ "DBS (Disclosure and Barring Service)", "Disclosure Scotland / PVG scheme", "AccessNI"."""
    return nations.vetting_full_name(trust)


@register.filter
def vetting_guidance(trust) -> str:
    return nations.vetting(trust).guidance
