from django.http import HttpRequest

from livsmiljo.organisations.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind @login_required, typed as the project's User."""
    user = request.user
    assert isinstance(user, User)
    return user
