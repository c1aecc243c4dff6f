# Kazakh date and number formats (CLDR kk). Django ships none, so dates would fall back
# to US style with Sunday as the first day of the week.
# https://docs.djangoproject.com/en/5.2/ref/settings/#format-module-path
# CLDR long date: "2026 ж. 15 наурыз"; short: "15.03.26"; numbers: "1 234 567,5".
# Inside a date the month is CLDR's format form (MMMM, lower case: "наурыз"), which
# Django spells "E" (the "alt. month" catalogue entries); "F" is the stand-alone form
# (LLLL, "Наурыз") for headings. Django's ru formats do the same for "марта".
DATE_FORMAT = "Y ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y ж. j E, H:i"
YEAR_MONTH_FORMAT = "Y ж. E"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.y"
SHORT_DATETIME_FORMAT = "d.m.y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
