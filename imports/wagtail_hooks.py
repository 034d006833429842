"""Old WordPress links of the form ``/?p=<id>`` (imports.wordpress).

Wagtail's redirect middleware acts only on a 404, and ``/`` is the home page: a shortlink to
the site root would show the home page instead of the post. So the home page itself looks
the id up among the redirects the import made.
"""

from django.http import HttpResponsePermanentRedirect

from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect

from core.params import ascii_int


@hooks.register("before_serve_page")
def redirect_wordpress_shortlinks(page, request, serve_args, serve_kwargs):
    post_id = ascii_int(request.GET.get("p", ""))
    if post_id is None or page.depth > 2:
        return None
    redirect = (
        Redirect.objects.filter(old_path=Redirect.normalise_path(f"/?p={post_id}"), site=None)
        .select_related("redirect_page")
        .first()
    )
    if redirect is None or redirect.redirect_page is None or not redirect.redirect_page.live:
        return None
    return HttpResponsePermanentRedirect(redirect.redirect_page.url)
