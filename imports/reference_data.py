"""Finding or creating the municipalities, regions, networks, topics and national solutions
an import line names.

A name matches what is already there case-insensitively (topics and solutions also by slug,
topics in every language), so two spellings of one thing link it once; anything not found is
created, so an import never stops for a missing reference.
"""

from core.languages import COUNTRY_CODES
from imports.records import LineError, checked_name, max_length, model

# The country a municipality named only by name belongs to, from the report's language.
LANGUAGE_COUNTRY = {"nb": "NO", "nn": "NO", "sv": "SE", "da": "DK"}


def topics(values):
    Topic = model("experiences.Topic")
    found = []
    for value in values:
        topic = (
            Topic.objects.filter(slug=value).first()
            or Topic.objects.filter(name__iexact=value).first()
            or Topic.objects.filter(name_sv__iexact=value).first()
            or Topic.objects.filter(name_en__iexact=value).first()
        )
        if topic is None:
            topic = Topic.objects.create(name=value)
        found.append(topic)
    return list(dict.fromkeys(found))  # two spellings of one topic link it once


def municipalities(values, language):
    if not isinstance(values, list) or not values:
        raise LineError("“municipalities” must be a non-empty list for an experience.")
    return list(dict.fromkeys(municipality(value, language) for value in values))


def municipality(value, language):
    Municipality = model("experiences.Municipality")
    Region = model("experiences.Region")
    limit = max_length("experiences.Municipality", "name")
    if isinstance(value, str) and value.strip():
        value = checked_name(value, "municipalities", limit)
        matches = list(Municipality.objects.filter(name__iexact=value))
        if len(matches) > 1:
            raise LineError(f"“{value}” names municipalities in several countries: give {{name, country}}.")
        if matches:
            return matches[0]
        country = LANGUAGE_COUNTRY.get(language)
        if country is None:
            raise LineError(f"Unknown municipality “{value}”: give it as {{name, country, region}}.")
        return Municipality.objects.create(name=value, country=country)
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        raise LineError("Each municipality must be a name or an object with “name”.")
    name = checked_name(value["name"], "municipalities.name", limit)
    country = value.get("country") or LANGUAGE_COUNTRY.get(language)
    if not isinstance(country, str) or country not in COUNTRY_CODES:
        raise LineError(f"Municipality “{name}”: country must be one of {', '.join(COUNTRY_CODES)}.")
    found = Municipality.objects.filter(country=country, name__iexact=name).first()
    if found is not None:
        return found
    region = None
    if isinstance(value.get("region"), str) and value["region"].strip():
        region_name = checked_name(value["region"], "municipalities.region", max_length("experiences.Region", "name"))
        region = Region.objects.filter(country=country, name__iexact=region_name).first()
        if region is None:
            region = Region.objects.create(country=country, name=region_name)
    return Municipality.objects.create(name=name, country=country, region=region)


def network(value, municipalities):
    Network = model("experiences.Network")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise LineError("“network” must be a name or null.")
    name = checked_name(value, "network", max_length("experiences.Network", "name"))
    found = Network.objects.filter(name__iexact=name).first()
    if found is None:
        found = Network.objects.create(name=name, country=municipalities[0].country)
    return found


def national_solutions(values):
    NationalSolution = model("experiences.NationalSolution")
    if not isinstance(values, list) or not all(isinstance(item, str) and item.strip() for item in values):
        raise LineError("“national_solutions” must be a list of names.")
    limit = max_length("experiences.NationalSolution", "name")
    solutions = []
    for value in dict.fromkeys(checked_name(value, "national_solutions", limit) for value in values):
        solution = (
            NationalSolution.objects.filter(slug=value).first()
            or NationalSolution.objects.filter(name__iexact=value).first()
        )
        if solution is None:
            solution = NationalSolution.objects.create(name=value)
        solutions.append(solution)
    return list(dict.fromkeys(solutions))
