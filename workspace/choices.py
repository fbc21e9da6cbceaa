"""Choice lists shared by forms: languages, time zones, currencies."""

from functools import cache
from zoneinfo import available_timezones

from wtforms import SelectChoice

CURRENCIES = ("USD", "EUR", "GBP", "MXN", "ARS", "CLP", "COP", "PEN", "BRL", "UYU", "CAD",
              "AUD", "CHF", "JPY")


@cache
def timezone_choices() -> list[SelectChoice]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(
        ("Etc/", "SystemV/", "US/", "posix", "right")))
    return [SelectChoice("UTC", "UTC")] + [SelectChoice(z, z.replace("_", " ")) for z in zones]

