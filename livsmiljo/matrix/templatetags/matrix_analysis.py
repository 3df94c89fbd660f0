"""Template filters for the matrix analysis: scores and sums written with their sign and a real minus."""

from django import template

register = template.Library()


@register.filter
def signed(value: int | float | None) -> str:
    """+2, 0 or −2; an empty string for a missing value."""
    if value is None:
        return ""
    number = int(value) if float(value).is_integer() else value
    if number > 0:
        return f"+{number}"
    return f"−{-number}" if number < 0 else "0"
