"""Follow buttons, saved searches, the "My subscriptions" page and the signed unsubscribe link."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from search.params import BadSearchParameter, parse_search_params

from .follows import MODELS, ensure_settings, follow, followed_ids, set_follows, unfollow
from .forms import FOLLOW_FIELDS, FollowForm, SubscriptionForm
from .models import DigestSettings, SavedSearch
from .tokens import user_id_from_token


def _ui_language():
    return (get_language() or "nb")[:2]


@require_POST
@login_required
def follow_view(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The follow request was incomplete or malformed."))
    kind, slug = form.cleaned_data["kind"], form.cleaned_data["slug"]
    target = MODELS[kind].objects.filter(slug=slug).first()
    if target is None:
        raise Http404(_("There is nothing to follow with that name."))
    ensure_settings(request.user, _ui_language())
    if form.cleaned_data["action"] == "follow":
        follow(request.user, target)
    else:
        unfollow(request.user, target)
    next_url = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("subscriptions:manage")
    return HttpResponseRedirect(next_url)


MAX_SAVED_SEARCHES = 50


@require_POST
@login_required
def save_search(request):
    """Follow the search on the search page: its text and filters, checked as the search checks them."""
    try:
        params = parse_search_params(request.POST)
    except BadSearchParameter as error:
        return HttpResponseBadRequest(str(error))
    if not params.query:
        return HttpResponseBadRequest(_("Enter a search text to follow."))
    if request.user.saved_searches.count() >= MAX_SAVED_SEARCHES:
        return HttpResponseBadRequest(_("You follow as many searches as you can; remove one first."))
    ensure_settings(request.user, _ui_language())
    filters = {name: sorted(values) for name, values in params.filters.items()}
    SavedSearch.objects.get_or_create(user=request.user, query=params.query, filters=filters)
    return HttpResponseRedirect(reverse("subscriptions:manage") + "?saved=1")


@require_POST
@login_required
def delete_saved_search(request, pk):
    # Only the reader's own: another reader's id is as unknown as a missing one.
    deleted, _rows = SavedSearch.objects.filter(pk=pk, user=request.user).delete()
    if not deleted:
        raise Http404(_("There is no such saved search."))
    return HttpResponseRedirect(reverse("subscriptions:manage"))


@login_required
def manage(request):
    settings = ensure_settings(request.user, _ui_language())
    followed = followed_ids(request.user)
    initial = {"frequency": settings.frequency, "language": settings.language, **followed}
    saved = False
    if request.method == "POST":
        form = SubscriptionForm(request.POST, initial=initial)
        if form.is_valid():
            settings.frequency = form.cleaned_data["frequency"]
            settings.language = form.cleaned_data["language"]
            settings.save(update_fields=["frequency", "language"])
            for kind in FOLLOW_FIELDS:
                set_follows(request.user, kind, form.cleaned_data[kind])
            return HttpResponseRedirect(reverse("subscriptions:manage") + "?saved=1")
    else:
        form = SubscriptionForm(initial=initial)
        saved = request.GET.get("saved") == "1"
    status = 400 if form.is_bound and form.errors else 200
    groups = [(form[kind], followed[kind]) for kind in FOLLOW_FIELDS]
    return TemplateResponse(
        request,
        "subscriptions/manage.html",
        {
            "form": form,
            "groups": groups,
            "saved": saved,
            "settings": settings,
            "saved_searches": request.user.saved_searches.all(),
        },
        status=status,
    )


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is the
# credential, and all it can do is stop one user's digest.
@csrf_exempt
def unsubscribe(request, token):
    user_id = user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return TemplateResponse(request, "subscriptions/unsubscribe_invalid.html", {}, status=400)
    if request.method == "POST":
        DigestSettings.objects.update_or_create(user=user, defaults={"frequency": "off"})
        return TemplateResponse(request, "subscriptions/unsubscribed.html", {"email": user.email})
    # A GET only asks: mail scanners open links in emails, and must not unsubscribe anyone.
    return TemplateResponse(request, "subscriptions/unsubscribe_confirm.html", {"email": user.email, "token": token})
