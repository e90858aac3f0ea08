"""The four nations of the UK a trust may work in, and what follows from a trust's nation (issue 17 item 6; every
phase): the name of the criminal-record vetting check, and the identifier the trust is known by.

One place says it: pages, refusals, reminders and PDFs call `vetting_name(trust)` and friends, never spell "DBS".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


@dataclass(frozen=True)
class Vetting:
    short: str  # in a sentence or a heading: "the DBS check", "DBS cleared"
    full: str  # the body that does it, said in full once on a page
    guidance: str  # what the applicant and HR need to know


# Local choice: the vetting body of each nation, as the nations' governments name them.
VETTING = {
    Nation.ENGLAND: Vetting(
        "DBS",
        "Disclosure and Barring Service",
        "The Disclosure and Barring Service (DBS) checks criminal records for England and Wales. A disclosure does "
        "not by itself bar someone from a peer post: the panel decides.",
    ),
    Nation.WALES: Vetting(
        "DBS",
        "Disclosure and Barring Service",
        "The Disclosure and Barring Service (DBS) checks criminal records for England and Wales. A disclosure does "
        "not by itself bar someone from a peer post: the panel decides.",
    ),
    Nation.SCOTLAND: Vetting(
        "PVG",
        "Disclosure Scotland (Protecting Vulnerable Groups scheme)",
        "Disclosure Scotland runs the Protecting Vulnerable Groups (PVG) scheme, which people working with "
        "vulnerable adults in Scotland join. A disclosure does not by itself bar someone from a peer post: the panel "
        "decides.",
    ),
    Nation.NORTHERN_IRELAND: Vetting(
        "AccessNI",
        "AccessNI",
        "AccessNI checks criminal records for Northern Ireland. A disclosure does not by itself bar someone from a "
        "peer post: the panel decides.",
    ),
}


@dataclass(frozen=True)
class Identifier:
    label: str
    help_text: str


# England, Wales and Northern Ireland keep the Organisation Data Service code; a Scottish provider is an NHS board.
IDENTIFIERS = {
    Nation.ENGLAND: Identifier("ODS code", "The Organisation Data Service code, for example RXM."),
    Nation.WALES: Identifier("ODS code", "The Organisation Data Service code, for example 7A1."),
    Nation.NORTHERN_IRELAND: Identifier("ODS code", "The Organisation Data Service code, for example ZT001."),
    Nation.SCOTLAND: Identifier("NHS board code", "The NHS Scotland board's code, for example S08000015."),
}
ANY_IDENTIFIER = Identifier(
    "ODS code or NHS board code",
    "The Organisation Data Service code (England, Wales, Northern Ireland), for example RXM, or the NHS Scotland "
    "board's code, for example S08000015.",
)


def nation_of(trust) -> Nation:
    try:
        return Nation(getattr(trust, "nation", None) or Nation.ENGLAND)
    except ValueError:
        return Nation.ENGLAND


def vetting(trust) -> Vetting:
    """The vetting check of the trust's nation (England when the trust is not known)."""
    return VETTING[nation_of(trust)]


def vetting_name(trust) -> str:
    """What the check is called in a sentence: "DBS", "PVG", "AccessNI" (the words around it say "check")."""
    return vetting(trust).short


def vetting_full_name(trust) -> str:
    """ "DBS (Disclosure and Barring Service)", "Disclosure Scotland / PVG scheme", "AccessNI"."""
    nation = nation_of(trust)
    if nation == Nation.SCOTLAND:
        return "Disclosure Scotland / PVG scheme"
    if nation == Nation.NORTHERN_IRELAND:
        return "AccessNI"
    return "DBS (Disclosure and Barring Service)"


def identifier(trust) -> Identifier:
    return IDENTIFIERS[nation_of(trust)]
