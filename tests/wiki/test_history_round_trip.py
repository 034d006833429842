"""A guide saved through the admin without changes to its text has no changes in its history."""

import json

from django.core.management import call_command
from django.urls import reverse

from wagtail import blocks
from wagtail.test.utils.form_data import querydict_from_html

from wiki.models import GuidePage

GUIDE_BODY = (
    "## Forberedelser\n\nDette må være på plass:\n\n"
    "- Avklar roller\n- Bestill tilgang\n- Les avtalen\n- Meld inn kontaktperson\n- Sett opp arkiv\n"
    "- Test med én sak\n- Lær opp saksbehandlere\n- Informer innbyggerne\n- Evaluer etter en måned\n\n"
    "## Gjennomføring\n\n1. Send første brev\n2. Følg opp svar\n\n- [ ] Avtale signert\n\n> Husk **arkivet**."
)


def _block_post_data(block, state, prefix, data):
    """What the admin's JavaScript posts for a block, from the state Wagtail renders it with."""
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for n, child in enumerate(state):
            data.update({f"{prefix}-{n}-type": child["type"], f"{prefix}-{n}-id": child["id"] or ""})
            data.update({f"{prefix}-{n}-deleted": "", f"{prefix}-{n}-order": str(n)})
            _block_post_data(block.child_blocks[child["type"]], child["value"], f"{prefix}-{n}-value", data)
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for n, child in enumerate(state):
            data.update(
                {f"{prefix}-{n}-id": child["id"] or "", f"{prefix}-{n}-deleted": "", f"{prefix}-{n}-order": str(n)}
            )
            _block_post_data(block.child_block, child["value"], f"{prefix}-{n}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            _block_post_data(child_block, state[name], f"{prefix}-{name}", data)
    else:
        # Select widgets hold a list of chosen values; rich text holds its editor state as JSON.
        data[prefix] = "" if state is None else state if isinstance(state, (str, list)) else json.dumps(state)
    return data


def save_in_admin(client, editor, page, **changes):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data = {key: values for key, values in form.lists() if "__prefix__" not in key and not key.startswith("body-")}
    body_block = GuidePage._meta.get_field("body").stream_block
    data.update(_block_post_data(body_block, body_block.get_form_state(page.body), "body", {}))
    data.update(changes)
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors


def test_editing_only_the_summary_of_an_imported_guide_shows_only_the_summary_changed(
    client, english, wiki_index, tmp_path, django_user_model
):
    record = {
        "external_id": "svarut-guide", "type": "guide", "parent": None, "title": "Slik innfører du SvarUt",
        "language": "nb", "topics": [], "tags": [], "summary": "Trinn for trinn.", "body": GUIDE_BODY,
        "published": "2024-01-05", "status": None,
    }  # fmt: skip
    path = tmp_path / "guides.jsonl"
    path.write_text(json.dumps(record) + "\n")
    call_command("import_content", str(path))
    guide = GuidePage.objects.get(external_id="svarut-guide")
    editor = django_user_model.objects.create_superuser("redaktor", "redaktor@example.no", "pw-redaktor-123")

    save_in_admin(client, editor, guide, summary="Trinn for trinn, med sjekkliste.")

    client.logout()
    english.cookies["erfa_language"] = "en"  # logging out drops the client's cookies
    guide.refresh_from_db()
    versions = english.get(f"{guide.url}historikk/").context["versions"]
    assert len(versions) == 2
    assert versions[0].changed_fields == ["summary"]
    comparison = english.get(f"{guide.url}historikk/{versions[1].revision_id}/{versions[0].revision_id}/").context[
        "comparison"
    ]
    assert comparison["removed"] == 1 and comparison["added"] == 1
    changed = [(kind, line) for kind, line in comparison["rows"] if kind != "same"]
    assert changed == [("removed", "Trinn for trinn."), ("added", "Trinn for trinn, med sjekkliste.")]
    assert ("same", "• Evaluer etter en måned") in comparison["rows"]
