# English for a Nordic audience: day before month, month written out ("6 December 2026"),
# 24-hour clock; Django's "en" is the American "Dec. 6, 2026, 2:30 p.m.".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
