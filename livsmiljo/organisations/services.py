from typing import Any

from django.db.models import Model
from django.utils.text import slugify

from livsmiljo.organisations.models import AuditEntry, Organisation, User


def audit_log(*, action: str, user: User | None = None, obj: Model | None = None, **data: Any) -> AuditEntry:
    """Write an audit entry; every service that changes data calls this."""
    return AuditEntry.objects.create(
        action=action,
        user=user if user is not None and user.pk else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )


def organisation_find(*, name_or_slug: str) -> Organisation | None:
    """Look an organisation up by slug or name, forgiving case and the word 'Region'."""
    text = name_or_slug.strip()
    candidates = [text, text.removeprefix("Region ").removeprefix("region ")]
    for candidate in candidates:
        found = (
            Organisation.objects.filter(slug=slugify(candidate)).first()
            or Organisation.objects.filter(name__iexact=candidate).first()
        )
        if found:
            return found
    return None


def user_create(
    *,
    username: str,
    password: str,
    organisation: Organisation | None,
    facilitator: bool = False,
    **extra: Any,
) -> User:
    user = User.objects.create_user(
        username=username, password=password, organisation=organisation, is_staff=facilitator, **extra
    )
    audit_log(action="user.create", obj=user, organisation=organisation.slug if organisation else None)
    return user


def organisation_profile_publish(*, organisation: Organisation, user: User, publish: bool) -> Organisation:
    """The organisation's choice whether its strategy profile goes on the project's public website.
    The caller checks that the user belongs to the organisation (or is a facilitator)."""
    organisation.publish_profile = publish
    organisation.save(update_fields=["publish_profile"])
    audit_log(action="organisation.publish_profile", user=user, obj=organisation, publish=publish)
    return organisation
