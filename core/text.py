from django.utils.text import slugify

# slugify() drops letters it cannot decompose, turning "Ørland" into "rland".
NORDIC_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ð": "d", "þ": "th"})


def nordic_slugify(value):
    return slugify(str(value).lower().translate(NORDIC_LETTERS))
