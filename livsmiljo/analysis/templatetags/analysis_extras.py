from django import template

register = template.Library()


@register.simple_tag
def heat_style(value: float, top: float) -> str:
    """Background for a heatmap cell; text switches to white on dark cells to keep contrast (WCAG AA)."""
    level = max(0.0, min(1.0, value / top)) if top else 0.0
    lightness = round(97 - 62 * level)
    colour = "#fff" if lightness < 55 else "#1a1a1a"
    return f"background-color: hsl(210, 60%, {lightness}%); color: {colour};"


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
