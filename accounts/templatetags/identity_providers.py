from django import template

from accounts.oidc_providers import providers

register = template.Library()


@register.simple_tag
def identity_providers():
    """The configured identity providers, for the sign-in page's buttons."""
    return list(providers().values())
