"""Norwegian identity and organisation numbers, checked with python-stdnum.

No Django imports: these are pure helpers used by model validators and importers.
"""

from __future__ import annotations

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer, orgnr


def clean_orgnr(value: str) -> str:
    """Return the compact 9-digit organisation number or raise ValueError."""
    try:
        return str(orgnr.validate(value))
    except StdnumError as exc:
        raise ValueError(str(exc)) from exc


def clean_national_id(value: str) -> str:
    """Return the compact 11-digit fødselsnummer or D-number or raise ValueError.

    python-stdnum understands D-numbers (first digit + 4) and the checksums.
    """
    try:
        return str(fodselsnummer.validate(value))
    except StdnumError as exc:
        raise ValueError(str(exc)) from exc


def mask_national_id(value: str) -> str:
    """Show only the birth date part: 010190*****."""
    return value[:6] + "*****" if value else ""
