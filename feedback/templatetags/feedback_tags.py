from django import template

from ..forms import QuestionForm, ReuseForm, UsefulForm, member_municipalities
from ..views import has_voted, pop_notice

register = template.Library()


@register.simple_tag(takes_context=True)
def useful_state(context, page):
    """What the "Was this useful?" section needs: the form (with errors after a bad post) or the thank-you."""
    request = context["request"]
    return {"voted": has_voted(request, page), "form": context.get("useful_form") or UsefulForm()}


@register.simple_tag(takes_context=True)
def reuse_state(context, page):
    request = context["request"]
    reuses = list(page.reuses.select_related("municipality").order_by("municipality__name"))
    state = {
        "count": len(reuses),
        "municipalities": [reuse.municipality for reuse in reuses],
        "notice": pop_notice(request, page, "reuse"),
    }
    if request.user.is_authenticated:
        if not member_municipalities(request.user).exists():
            state["not_member"] = True
        else:
            form = context.get("reuse_form") or ReuseForm(page=page, user=request.user)
            if form.fields["municipality"].queryset.exists() or form.errors:
                state["form"] = form
            else:
                state["own_report"] = True
    return state


@register.simple_tag(takes_context=True)
def question_state(context, page):
    request = context["request"]
    state = {"notice": pop_notice(request, page, "ask")}
    if request.user.is_authenticated:
        state["form"] = context.get("question_form") or QuestionForm()
    return state
