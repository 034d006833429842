from django.utils.text import slugify

# slugify() drops letters it cannot decompose, turning "Ørland" into "rland".
NORDIC_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ð": "d", "þ": "th"})


def nordic_slugify(value):
    return slugify(str(value).lower().translate(NORDIC_LETTERS))


def single_line(value):
    """``value`` on one line: line breaks (CR, LF and Unicode's others) and runs of white space
    become one space. For page titles and every mail subject: a header holding CR or LF is
    refused by Django (BadHeaderError), and would otherwise be a header injection."""
    return " ".join(str(value).split())
