"""Who belongs where, and the approval step that respects it.

A ``Membership`` ties a user to the municipalities they contribute for and, for editors, to
the networks they are limited to. ``ScopedGroupApprovalTask`` is Wagtail's group approval
task, except that a network-scoped editor can only act on reports from that network's
members. ``Account`` and ``Role`` are proxies, so that sign-in and group-change entries in
Wagtail's audit log get content types editors may be allowed to read (Wagtail shows a log
entry to whoever holds any permission on its content type) without any right over users
and groups themselves.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask

from experiences.models import Municipality, Network


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership"
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities"),
        blank=True,
        related_name="memberships",
        help_text=_("Contributors write and edit experience reports for these municipalities only."),
    )
    networks = models.ManyToManyField(
        Network,
        verbose_name=_("limited to networks"),
        blank=True,
        related_name="editor_memberships",
        help_text=_(
            "Editors only: leave empty to review for every municipality, "
            "or choose networks to review only for their members."
        ),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return str(self.user)

    @admin.display(description=_("municipalities"))
    def municipality_list(self):
        return ", ".join(m.name for m in self.municipalities.all())

    @admin.display(description=_("limited to networks"))
    def network_list(self):
        return ", ".join(n.name for n in self.networks.all())


class Account(User):
    class Meta:
        proxy = True
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class Role(Group):
    class Meta:
        proxy = True
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class ScopedGroupApprovalTask(AbstractGroupApprovalTask):
    def _in_scope(self, obj, user):
        from .scope import can_act_on

        return can_act_on(user, obj)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and self._in_scope(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or not self._in_scope(obj, user)

    def user_can_lock(self, obj, user):
        return super().user_can_lock(obj, user) and self._in_scope(obj, user)

    def get_actions(self, obj, user):
        if not self._in_scope(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # The dashboard's "awaiting your review" panel lists these by the page's draft title.
        from django.db.models import CharField
        from django.db.models.functions import Cast

        from wagtail.models import Page

        from .scope import pages_in_scope

        in_scope = pages_in_scope(Page.objects.all(), user).values_list(Cast("pk", output_field=CharField()))
        return super().get_task_states_user_can_moderate(user, **kwargs).filter(workflow_state__object_id__in=in_scope)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, each within the municipalities they review for")

    class Meta:
        verbose_name = _("Group approval task, limited to the reviewer's municipalities")
        verbose_name_plural = _("Group approval tasks, limited to the reviewers' municipalities")
