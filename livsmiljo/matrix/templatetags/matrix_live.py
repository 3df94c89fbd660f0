"""Template tags for live scoring: the groups a matrix block's pairs are shared among (matrix/live.py)."""

from django import template

from livsmiljo.matrix import live
from livsmiljo.workshops.models import Group, Meeting

register = template.Library()


@register.simple_tag
def matrix_share_groups(meeting: Meeting) -> list[Group]:
    """The block's own groups, else those of the latest block with groups: who shares the pairs."""
    groups = live.meeting_groups(meeting, meeting.current_block)
    return sorted(groups, key=lambda g: (g.number, g.pk))
