"""Serializer fields for the public API (Wagtail API v2)."""

from rest_framework import serializers


class NamesField(serializers.Field):
    """A relation as a plain list of names (or one name for a foreign key)."""

    def to_representation(self, value):
        if value is None:
            return None
        if hasattr(value, "all"):
            return [str(item) for item in value.all()]
        return str(value)


class ContactField(serializers.Field):
    """The contact person, for signed-in callers only: anonymous callers get null."""

    def to_representation(self, page):
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated or not page.contact_name:
            return None
        return {"name": page.contact_name, "role": page.contact_role, "email": page.contact_email}
