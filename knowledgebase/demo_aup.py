"""The demo Acceptable Use Policy, written for this portal: two versions."""

_RULES_NL = """## 1. Waarvoor
De computers, servers en het netwerk van de universiteit zijn er voor je
studie, je onderzoek en je werk aan de universiteit. Privégebruik mag beperkt
blijven en mag niemand hinderen.

## 2. Regels die ook gelden
Je bent ook gebonden aan de gedragscode van het nationale onderzoeksnetwerk
waarop de universiteit is aangesloten, en aan de wet: onder meer de regels over
privacy, het briefgeheim en het auteursrecht.

## 3. Wat niet mag
* Je aanmeldgegevens doorgeven of die van een ander gebruiken: ze zijn
  strikt persoonlijk.
* Een valse identiteit aannemen op het netwerk.
* De configuratie van systemen of de geïnstalleerde software wijzigen.
* Proberen binnen te raken in systemen of gegevens waartoe je geen toegang
  kreeg.
* De middelen gebruiken voor commerciële of politieke doeleinden.
* Auteursrechtelijk beschermd materiaal kopiëren zonder toestemming.
* Peer-to-peerprogramma's gebruiken om bestanden te delen.

## 4. Als het misloopt
Bij misbruik kan de toegang tot je account tijdelijk worden afgesloten.
Ernstige inbreuken melden we aan de bevoegde diensten van de universiteit.
"""

_RULES_EN = """## 1. What for
The university's computers, servers and network are there for your studies,
your research and your work at the university. Private use must stay limited
and must not get in anyone's way.

## 2. Rules that apply as well
You are also bound by the code of conduct of the national research network the
university is connected to, and by the law: among others the rules on privacy,
the secrecy of correspondence and copyright.

## 3. What is not allowed
* Passing on your login details or using someone else's: they are strictly
  personal.
* Taking on a false identity on the network.
* Changing the configuration of systems or the installed software.
* Trying to get into systems or data you were not given access to.
* Using the resources for commercial or political purposes.
* Copying copyrighted material without permission.
* Using peer-to-peer programs to share files.

## 4. When things go wrong
In case of misuse, access to your account can be suspended. Serious breaches
are reported to the university's competent services.
"""

_MFA_NL = """
## 5. Veilig aanmelden
Je stelt tweestapsverificatie in en houdt je tweede factor (je gsm of je
herstelcodes) voor jezelf. Verlies je je gsm, meld het dan meteen via het
portaal.
"""

_MFA_EN = """
## 5. Signing in securely
You set up two-step verification and keep your second factor (your phone or
your recovery codes) to yourself. If you lose your phone, report it on the
portal straight away.
"""

VERSIONS = [
    # label, text nl, text en, changes nl, changes en
    ("2025.1", _RULES_NL, _RULES_EN, "Eerste versie.", "First version."),
    (
        "2026.1",
        _RULES_NL + _MFA_NL,
        _RULES_EN + _MFA_EN,
        "Nieuw artikel 5: tweestapsverificatie is verplicht en je tweede factor is persoonlijk.",
        "New article 5: two-step verification is required and your second factor is personal.",
    ),
]
