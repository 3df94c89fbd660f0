from typing import Any

from django import template

from livsmiljo.network.access import can_view_network

register = template.Library()


@register.simple_tag
def shows_network(user: Any) -> bool:
    """Whether the site navigation links to the network (members of a learning project, facilitators)."""
    return can_view_network(user)
