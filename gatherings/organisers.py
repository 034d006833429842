"""Who organises a gathering, for the list of participants: one who may edit the gathering's
page (Wagtail's page permissions) and acts for at least one of its organising municipalities
(``accounts.scope``, the one scope rule), or for every municipality."""

from accounts.scope import municipality_scope


def is_organiser(user, gathering):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not gathering.permissions_for_user(user).can_edit():
        return False
    scope = municipality_scope(user)
    if scope is None:
        return True
    return bool(scope & gathering.organiser_municipality_ids())
