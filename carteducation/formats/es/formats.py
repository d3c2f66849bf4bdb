"""Spanish for readers in the United States: numbers with a decimal point, as their
thermometers, medicine labels and care teams write them ("100.4 °F (38.0 °C)"), never a
decimal comma beside English-format numbers on the same screen (issue 28, item 4).
Temperatures typed with a comma are still read (journeys/log/temperature.py).
Everything not set here (dates, input formats) is Django's own Spanish."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
