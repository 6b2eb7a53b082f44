"""Demo FAQ and manuals for the everyday IT services (nl and en).

Kept apart from ``demo_content.py`` (accounts and alumni) so each stays short.
Manual steps may name a screenshot of the portal by key: ``kb_screenshots``
(knowledgebase/screenshots.py) takes those with Chromium so they stay current.
"""

CATEGORIES = [
    # slug, audience, name nl, name en, description nl, description en
    (
        "general",
        "everyone",
        "Algemeen",
        "General",
        "Je gegevens, je privacy en hoe je een aanvraag indient en opvolgt.",
        "Your data, your privacy and how to file and follow a request.",
    ),
    (
        "network-mail-and-software",
        "everyone",
        "Wifi, mail en software",
        "Wifi, mail and software",
        "Eduroam, printen, je universiteitsmail, de leeromgeving en VPN.",
        "Eduroam, printing, your university mail, the learning environment and VPN.",
    ),
]

#: Slugs of existing FAQ moved to a category for everyone.
MOVED_TO_GENERAL = ("alumni-privacy",)

FAQ = [
    # slug, category, title nl, title en, body nl, body en
    (
        "eduroam-connect",
        "network-mail-and-software",
        "Hoe verbind ik met de wifi (eduroam)?",
        "How do I connect to the wifi (eduroam)?",
        """Kies het netwerk **eduroam**. Je gebruikersnaam is je universiteitsadres
(bijvoorbeeld `r0123456@student.example.org`), je wachtwoord is je gewone
wachtwoord. Werkt het niet meer na een wachtwoordwijziging? Verwijder het
netwerk op je toestel en verbind opnieuw. Zie ook de handleiding.""",
        """Choose the network **eduroam**. Your username is your university address
(for example `r0123456@student.example.org`), your password is your usual
password. Stopped working after you changed your password? Forget the network
on your device and connect again. See also the manual.""",
    ),
    (
        "printing",
        "network-mail-and-software",
        "Hoe print ik op de campus?",
        "How do I print on campus?",
        """Stuur je document naar de printer **Campus-Print** en haal het binnen 24 uur
op aan eender welke printer door je studentenkaart te scannen. Je betaalt met
je printtegoed, dat je in het studentenportaal oplaadt.""",
        """Send your document to the printer **Campus-Print** and collect it within 24
hours at any printer by scanning your student card. You pay with your print
credit, which you top up in the student portal.""",
    ),
    (
        "university-mail",
        "network-mail-and-software",
        "Hoe lees ik mijn universiteitsmail?",
        "How do I read my university mail?",
        """Meld je aan op de webmail met je universiteitsadres en je wachtwoord, of
voeg het account toe in de mail-app van je gsm (Exchange). Je mailbox blijft
bestaan zolang je ingeschreven bent; stuur belangrijke mails niet door naar
een privéadres.""",
        """Log in to the webmail with your university address and your password, or
add the account to your phone's mail app (Exchange). Your mailbox exists as
long as you are enrolled; do not forward important mail to a private address.""",
    ),
    (
        "learning-environment",
        "network-mail-and-software",
        "Hoe kom ik in de leeromgeving?",
        "How do I get into the learning environment?",
        """Meld je aan in de leeromgeving met je universiteitsadres en je wachtwoord,
daarna met je tweede stap (app of code). Zie je een vak niet? Je
inschrijving wordt 's nachts verwerkt: kijk de volgende dag opnieuw. Vragen
over de inhoud van een vak stel je aan je lesgever.""",
        """Log in to the learning environment with your university address and your
password, then your second step (app or code). A course is missing? Your
enrolment is processed overnight: look again the next day. Questions about a
course's content go to your lecturer.""",
    ),
    (
        "vpn",
        "network-mail-and-software",
        "Hoe gebruik ik de VPN van thuis uit?",
        "How do I use the VPN from home?",
        """Sommige bibliotheekbronnen en licenties werken alleen op het
universiteitsnetwerk. Installeer de VPN-client, verbind met
`vpn.example.org` en meld je aan met je universiteitsadres, je wachtwoord en
je tweede stap. Zet de VPN uit als je hem niet nodig hebt.""",
        """Some library resources and licences work only on the university network.
Install the VPN client, connect to `vpn.example.org` and log in with your
university address, your password and your second step. Switch the VPN off
when you do not need it.""",
    ),
    (
        "file-and-follow-request",
        "general",
        "Hoe dien ik een aanvraag in en volg ik ze op?",
        "How do I file and follow a request?",
        """Kies **Een aanvraag indienen**, kies een categorie en beschrijf je vraag.
Je kunt ook zonder aan te melden een aanvraag indienen: je krijgt dan een
referentie en een privélink per mail. Onder **Mijn aanvragen** zie je de
status en antwoord je op vragen van de servicedesk. Zie ook de handleiding.""",
        """Choose **File a request**, pick a category and describe your question. You
can also file a request without logging in: you then get a reference and a
private link by mail. Under **My requests** you see the status and answer the
service desk's questions. See also the manual.""",
    ),
]

MANUALS = [
    # slug, category, title nl, title en, intro nl, intro en,
    # [(step nl, step en, screenshot key or "")]
    (
        "manual-eduroam",
        "network-mail-and-software",
        "Handleiding: verbinden met eduroam",
        "Manual: connecting to eduroam",
        "Zo verbind je een laptop of gsm met eduroam.",
        "This is how you connect a laptop or phone to eduroam.",
        [
            (
                "Open de wifi-instellingen van je toestel en kies **eduroam**.",
                "Open your device's wifi settings and choose **eduroam**.",
                "",
            ),
            (
                "Kies als methode **PEAP** en als tweede fase **MSCHAPv2**, als je toestel"
                " dat vraagt.",
                "Choose **PEAP** as the method and **MSCHAPv2** as phase 2, if your device asks.",
                "",
            ),
            (
                "Typ je universiteitsadres als gebruikersnaam en je wachtwoord.",
                "Type your university address as username, and your password.",
                "",
            ),
            (
                "Lukt het niet? Dien een aanvraag in in de categorie **Wifi en netwerk**.",
                "Not working? File a request in the category **Wifi and network**.",
                "new_request",
            ),
            (
                "Werkt het nog steeds niet? Kijk eerst op de statuspagina (onderaan elke"
                " pagina) of er een storing bekend is; zo niet, dien een aanvraag in.",
                "Still not working? First check the service status page (at the bottom of every"
                " page) for a known disruption; if there is none, file a request.",
                "service_status",
            ),
        ],
    ),
    (
        "manual-printing",
        "network-mail-and-software",
        "Handleiding: printen op de campus",
        "Manual: printing on campus",
        "Van document tot afdruk in drie stappen.",
        "From document to print-out in three steps.",
        [
            (
                "Kies in je programma **Afdrukken** en de printer **Campus-Print**.",
                "In your program choose **Print** and the printer **Campus-Print**.",
                "",
            ),
            (
                "Ga naar een printer en scan je studentenkaart.",
                "Go to a printer and scan your student card.",
                "",
            ),
            (
                "Kies je opdracht op het scherm en druk op **Afdrukken**.",
                "Choose your job on the screen and press **Print**.",
                "",
            ),
            (
                "Werkt het nog steeds niet? Kijk eerst op de statuspagina (onderaan elke"
                " pagina) of er een storing bekend is; zo niet, dien een aanvraag in.",
                "Still not working? First check the service status page (at the bottom of every"
                " page) for a known disruption; if there is none, file a request.",
                "service_status",
            ),
        ],
    ),
    (
        "manual-university-mail",
        "network-mail-and-software",
        "Handleiding: je universiteitsmail op je gsm",
        "Manual: your university mail on your phone",
        "Zo voeg je je universiteitsmail toe aan de mail-app van je gsm.",
        "This is how you add your university mail to your phone's mail app.",
        [
            (
                "Open de mail-app en kies **Account toevoegen**, daarna **Exchange**.",
                "Open the mail app and choose **Add account**, then **Exchange**.",
                "",
            ),
            (
                "Typ je universiteitsadres en je wachtwoord.",
                "Type your university address and your password.",
                "",
            ),
            (
                "Bevestig de tweede stap in je authenticator-app.",
                "Confirm the second step in your authenticator app.",
                "",
            ),
            (
                "Werkt het nog steeds niet? Kijk eerst op de statuspagina (onderaan elke"
                " pagina) of er een storing bekend is; zo niet, dien een aanvraag in.",
                "Still not working? First check the service status page (at the bottom of every"
                " page) for a known disruption; if there is none, file a request.",
                "service_status",
            ),
        ],
    ),
    (
        "manual-learning-environment",
        "network-mail-and-software",
        "Handleiding: aanmelden in de leeromgeving",
        "Manual: logging in to the learning environment",
        "Je hebt je account en je tweede stap nodig.",
        "You need your account and your second step.",
        [
            (
                "Open de leeromgeving en kies **Aanmelden met je universiteitsaccount**.",
                "Open the learning environment and choose **Log in with your university account**.",
                "",
            ),
            (
                "Typ je universiteitsadres en je wachtwoord, daarna de code uit je app.",
                "Type your university address and your password, then the code from your app.",
                "",
            ),
            (
                "Geen tweede stap ingesteld? Stel hem eerst in via dit portaal.",
                "No second step set up? Set it up in this portal first.",
                "mfa_setup",
            ),
            (
                "Werkt het nog steeds niet? Kijk eerst op de statuspagina (onderaan elke"
                " pagina) of er een storing bekend is; zo niet, dien een aanvraag in.",
                "Still not working? First check the service status page (at the bottom of every"
                " page) for a known disruption; if there is none, file a request.",
                "service_status",
            ),
        ],
    ),
    (
        "manual-vpn",
        "network-mail-and-software",
        "Handleiding: de VPN installeren",
        "Manual: installing the VPN",
        "Voor bronnen die alleen op het universiteitsnetwerk werken.",
        "For resources that work only on the university network.",
        [
            (
                "Download de VPN-client van de softwarepagina van de universiteit.",
                "Download the VPN client from the university's software page.",
                "",
            ),
            (
                "Installeer hem en typ `vpn.example.org` als server.",
                "Install it and type `vpn.example.org` as the server.",
                "",
            ),
            (
                "Meld je aan met je universiteitsadres, je wachtwoord en je tweede stap.",
                "Log in with your university address, your password and your second step.",
                "",
            ),
            (
                "Werkt het nog steeds niet? Kijk eerst op de statuspagina (onderaan elke"
                " pagina) of er een storing bekend is; zo niet, dien een aanvraag in.",
                "Still not working? First check the service status page (at the bottom of every"
                " page) for a known disruption; if there is none, file a request.",
                "service_status",
            ),
        ],
    ),
    (
        "manual-file-and-follow-request",
        "general",
        "Handleiding: een aanvraag indienen en opvolgen",
        "Manual: filing and following a request",
        "Zo vraag je de servicedesk om hulp en volg je je vraag op.",
        "This is how you ask the service desk for help and follow your question.",
        [
            (
                "Kies op de startpagina **Een aanvraag indienen**. Kies een categorie, geef"
                " een onderwerp en beschrijf wat er gebeurt; voeg eventueel een screenshot toe.",
                "On the home page choose **File a request**. Pick a category, give a subject"
                " and describe what happens; add a screenshot if it helps.",
                "new_request",
            ),
            (
                "Onder **Mijn aanvragen** zie je al je aanvragen en hun status.",
                "Under **My requests** you see all your requests and their status.",
                "my_requests",
            ),
            (
                "Open een aanvraag om de antwoorden te lezen en zelf te antwoorden.",
                "Open a request to read the answers and reply yourself.",
                "request_detail",
            ),
        ],
    ),
]
