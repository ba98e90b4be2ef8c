"""The regions tax and shipping zones are keyed by: US states and Canadian provinces.

Oscar's address form takes the state as free text, so "ma", "Mass" and "Massachusetts"
all arrive. Tax and shipping zones need one spelling, the two-letter postal code; a
country without regions here (the UK) is taxed and zoned as a whole.
"""
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
    "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}
REGIONS = {"US": US_STATES, "CA": CA_PROVINCES}
REGION_WORD = {"US": "state", "CA": "province"}


class UnknownRegion(ValueError):
    """The address names a state or province that doesn't exist in its country."""


def _key(text):
    return " ".join(str(text or "").replace(".", " ").split()).upper()


def region_code(country_code, state):
    """The two-letter code of `state` in `country_code`; "" for a country taxed as a whole.

    Raises UnknownRegion with a message fit to show the shopper.
    """
    regions = REGIONS.get(country_code)
    if regions is None:
        return ""
    key = _key(state)
    if key in regions:
        return key
    for code, name in regions.items():
        if key == name.upper():
            return code
    word = REGION_WORD[country_code]
    if not key:
        raise UnknownRegion(f"Please enter the {word} of the delivery address, so we can work out the tax.")
    raise UnknownRegion(f"We don't recognise the {word} \"{state}\". Please enter its two-letter code "
                        f"(for example {next(iter(regions))}).")


def region_name(country_code, code):
    return REGIONS.get(country_code, {}).get(code, code)
