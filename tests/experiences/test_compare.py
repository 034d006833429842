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
    assert "2" in response.context["error_message"] and "5" in response.context["error_message"]


def test_comparison_refuses_ids_that_are_not_numbers(client, experience_index, reports):
    response = client.get(f"{experience_index.url}sammenlign/?ids={reports[0].pk}&ids=<script>")
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()


def test_comparison_refuses_drafts(client, experience_index, reports):
    draft = ExperiencePageFactory(parent=experience_index, title="Utkast", live=False)
    response = client.get(compare_url(experience_index, [reports[0], draft]))
    assert response.status_code == 400
    assert "Utkast" not in response.content.decode()
