from django import template

register = template.Library()


HEAT_STEPS = 20
DARK_FROM = 16  # from this step on the background is dark enough for white text (WCAG AA, 4.5:1)


@register.simple_tag
def heat_class(value: float, top: float) -> str:
    """CSS classes for a heatmap cell (`heat-0`…`heat-20` in site.css): classes, not an inline style,
    which the Content-Security-Policy blocks."""
    level = max(0.0, min(1.0, value / top)) if top else 0.0
    step = round(HEAT_STEPS * level)
    return f"heat-{step} heat-dark" if step >= DARK_FROM else f"heat-{step}"


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
