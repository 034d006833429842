from experiences.factories import ExperiencePageFactory, TopicFactory, published_on
from wiki.factories import GuidePageFactory, ThemePageFactory
from wiki.models import ThemeExperience, ThemeGuide


def test_theme_shows_hand_picked_and_newest_matching_content(client, experience_index, wiki_index, theme_index):
    welfare = TopicFactory(name="Velferdsteknologi")
    picked = ExperiencePageFactory(parent=experience_index, title="Digitalt tilsyn i Levanger", topics=[welfare])
    by_topic = ExperiencePageFactory(
        parent=experience_index, title="Medisindispensere", topics=[welfare], first_published_at=published_on(2024)
    )
    by_tag = GuidePageFactory(parent=wiki_index, title="Trygghetsalarm steg for steg", tags=["trygghetsalarm"])
    unrelated = ExperiencePageFactory(parent=experience_index, title="Byggesak digitalt")
    draft = ExperiencePageFactory(parent=experience_index, title="Utkast velferd", topics=[welfare], live=False)
    guide = GuidePageFactory(parent=wiki_index, title="Innføring av velferdsteknologi")

    theme = ThemePageFactory(parent=theme_index, title="Velferdsteknologi", topics=[welfare], tags=["trygghetsalarm"])
    theme.picked_experiences = [ThemeExperience(page=picked)]
    theme.picked_guides = [ThemeGuide(page=guide)]
    theme.save_revision().publish()

    response = client.get(theme.url)
    assert response.status_code == 200
    newest = [page.title for page in response.context["newest"]]
    assert set(newest) == {by_topic.title, by_tag.title}
    assert picked.title not in newest  # already shown among the picks
    html = response.content.decode()
    assert picked.title in html and guide.title in html
    assert unrelated.title not in html
    assert draft.title not in html


def test_theme_index_lists_themes(client, theme_index):
    ThemePageFactory(parent=theme_index, title="Digital post")
    assert "Digital post" in client.get(theme_index.url).content.decode()
