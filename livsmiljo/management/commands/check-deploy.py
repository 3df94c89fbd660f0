"""`livsmiljo check-deploy`, the name the guide uses; the command is in check_deploy.py."""

from livsmiljo.management.commands.check_deploy import Command

__all__ = ["Command"]
