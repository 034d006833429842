import pytest

from experiences.factories import ExperiencePageFactory, MunicipalityFactory


@pytest.fixture
def reports(experience_index):
    return [
        ExperiencePageFactory(
            parent=experience_index,
            title=f"SvarUt i {name}",
            municipalities=[MunicipalityFactory(name=name)],
            what_worked=f"<p>I {name} fungerte opplæringen.</p>",
            effort="medium",
        )
        for name in ("Malvik", "Steinkjer", "Levanger", "Ørland", "Indre Fosen", "Åfjord")
    ]


def compare_url(index, pages):
    return f"{index.url}sammenlign/?" + "&".join(f"ids={page.pk}" for page in pages)


def test_comparison_shows_each_report_field_by_field(client, experience_index, reports):
    response = client.get(compare_url(experience_index, reports[:3]))
    assert response.status_code == 200
    html = response.content.decode()
    for page in reports[:3]:
        assert page.title in html
    assert "I Steinkjer fungerte opplæringen." in html
    rows = response.context["rows"]
    assert all(len(row["cells"]) == 3 for row in rows)
    assert [row["cells"] for row in rows if row["kind"] == "text"][0] == ["Malvik", "Steinkjer", "Levanger"]


def test_comparison_keeps_the_chosen_order(client, experience_index, reports):
    chosen = [reports[2], reports[0]]
    response = client.get(compare_url(experience_index, chosen))
    assert [page.pk for page in response.context["experiences"]] == [reports[2].pk, reports[0].pk]


def test_comparison_accepts_comma_separated_ids(client, experience_index, reports):
    response = client.get(f"{experience_index.url}sammenlign/?ids={reports[0].pk},{reports[1].pk}")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [0, 1, 6])
def test_comparison_needs_two_to_five_reports(client, experience_index, reports, count):
    response = client.get(compare_url(experience_index, reports[:count]))
    assert response.status_code == 400
    assert "2" in response.context["compare_error"] and "5" in response.context["compare_error"]


def test_comparison_refuses_ids_that_are_not_numbers(client, experience_index, reports):
    response = client.get(f"{experience_index.url}sammenlign/?ids={reports[0].pk}&ids=<script>")
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()


def test_comparison_refuses_drafts(client, experience_index, reports):
    draft = ExperiencePageFactory(parent=experience_index, title="Utkast", live=False)
    response = client.get(compare_url(experience_index, [reports[0], draft]))
    assert response.status_code == 400
    assert "Utkast" not in response.content.decode()


def test_choosing_one_report_shows_the_index_with_a_message_by_the_compare_button(client, experience_index, reports):
    response = client.get(compare_url(experience_index, reports[:1]))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="compare-form"' in html and 'role="alert"' in html
    assert response.context["compare_error"] in html
    assert f'id="compare-{reports[0].pk}" name="ids" value="{reports[0].pk}" form="compare-form" checked' in html


def test_reports_chosen_on_one_page_are_kept_on_the_next(client, experience_index, reports, monkeypatch):
    from experiences import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    chosen_first = reports[-1]  # the newest report, on page 1
    response = client.get(f"{experience_index.url}?ids={chosen_first.pk}&page=2")
    html = response.content.decode()
    assert chosen_first not in response.context["experiences"]
    assert f'<input type="hidden" name="ids" value="{chosen_first.pk}" data-chosen-elsewhere>' in html
    assert f'href="?ids={chosen_first.pk}&page=3"' in html  # the next page link carries the choice


def test_compare_row_headers_do_not_break_inside_words_on_small_screens():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/erfa.css").read_text()
    rule = css[css.index('.compare-table tbody th[scope="row"]', css.index("@media (max-width: 40rem)")) :]
    rule = rule[: rule.index("}")]
    assert "overflow-wrap: normal" in rule and "max-width" not in rule


def test_page_links_on_the_comparison_error_page_browse_the_index_without_repeating_the_error(
    client, experience_index, reports, monkeypatch
):
    from experiences import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    response = client.get(f"{experience_index.url}sammenlign/?ids={reports[0].pk}&page=2")
    assert response.status_code == 200
    assert response.context["compare_error"] is None
    assert response.context["page_obj"].number == 2
