"""The demo texts of the knowledgebase, written for this portal (nl and en).

Kept apart from ``demo.py`` so the loader stays short. Bodies are Markdown.
"""

CATEGORIES = [
    # slug, audience, name nl, name en, description nl, description en
    (
        "account-and-password",
        "students",
        "Account en wachtwoord",
        "Account and password",
        "Je account activeren, je wachtwoord kiezen, wijzigen of terugvinden.",
        "Activating your account, choosing, changing or recovering your password.",
    ),
    (
        "security-and-mfa",
        "everyone",
        "Veilig aanmelden",
        "Signing in securely",
        "Tweestapsverificatie en wat je nooit met anderen deelt.",
        "Two-step verification and what you never share with anyone.",
    ),
    (
        "future-students",
        "prospects",
        "Toekomstige studenten",
        "Future students",
        "Aanmelden met een code per e-mail en je welkom-account.",
        "Signing in with a code by email and your welcome account.",
    ),
    (
        "alumni",
        "alumni",
        "Alumni",
        "Alumni",
        "Je alumninummer, je alumni-account en je gegevens.",
        "Your alumni number, your alumni account and your data.",
    ),
    (
        "help-and-appointments",
        "everyone",
        "Hulp en afspraken",
        "Help and appointments",
        "Hoe de servicedesk werkt, afspraken en vragen voor andere diensten.",
        "How the service desk works, appointments and questions for other offices.",
    ),
    (
        "staff",
        "staff",
        "Personeel",
        "Staff",
        "Voor medewerkers die ook student of alumnus zijn.",
        "For staff who are also a student or an alumnus.",
    ),
]

FAQ = [
    # slug, category, title nl, title en, body nl, body en
    (
        "forgot-password",
        "account-and-password",
        "Ik ben mijn wachtwoord vergeten",
        "I forgot my password",
        """Je kunt zelf een nieuw wachtwoord instellen als je een **alternatief
e-mailadres** hebt geregistreerd (een privéadres, niet je adres van de
universiteit).

1. Kies *Wachtwoord vergeten* op de aanmeldpagina.
2. Vul je stamnummer of e-mailadres in.
3. Open de mail op je alternatieve adres en volg de link. Die werkt maar één keer.
4. Kies een nieuw wachtwoord dat aan de [wachtwoordregels](/kb/articles/password-rules/) voldoet.

Heb je geen alternatief adres? Dien dan een aanvraag in via het portaal; dat
kan zonder aan te melden. We vragen je dan om je identiteit te bevestigen.""",
        """You can set a new password yourself if you registered an **alternate
email address** (a private address, not your university one).

1. Choose *Forgot password* on the sign-in page.
2. Enter your student number or email address.
3. Open the mail at your alternate address and follow the link. It works only once.
4. Choose a new password that meets the [password rules](/kb/articles/password-rules/).

No alternate address? File a request on the portal; you can do that without
signing in. We will then ask you to confirm who you are.""",
    ),
    (
        "password-rules",
        "account-and-password",
        "Aan welke regels moet mijn wachtwoord voldoen?",
        "What rules does my password have to meet?",
        """Een goed wachtwoord is lang en alleen van jou:

* minstens **12 tekens**;
* met **hoofdletters**, **kleine letters** en **cijfers**;
* niet je naam, je stamnummer of een woord dat iedereen raadt.

Je kunt je wachtwoord altijd wijzigen, ook als het niet vervallen is. Gebruik
het nergens anders en schrijf het niet op een briefje bij je laptop.""",
        """A good password is long and yours alone:

* at least **12 characters**;
* with **upper-case letters**, **lower-case letters** and **digits**;
* not your name, your student number or a word anyone could guess.

You can change your password at any time, even when it has not expired. Do not
use it anywhere else and do not keep it on a note next to your laptop.""",
    ),
    (
        "change-password",
        "account-and-password",
        "Hoe wijzig ik mijn wachtwoord?",
        "How do I change my password?",
        """Meld je aan, open je profiel en kies *Wachtwoord wijzigen*. Je typt eerst
je huidige wachtwoord en daarna twee keer het nieuwe. Het nieuwe wachtwoord
geldt meteen voor e-mail, wifi en het leerplatform; wifi op je gsm vraagt het
soms opnieuw.""",
        """Sign in, open your profile and choose *Change password*. You first type
your current password and then the new one twice. The new password applies at
once to email, Wi-Fi and the learning platform; Wi-Fi on your phone may ask
for it again.""",
    ),
    (
        "activate-account",
        "account-and-password",
        "Hoe activeer ik mijn account de eerste keer?",
        "How do I activate my account the first time?",
        """Bij je eerste inschrijving krijg je een **stamnummer** (zeven cijfers,
bv. 0123456) en een **startwachtwoord**.

Meld je aan met die twee en kies meteen een eigen wachtwoord. Daarna vragen we
je een alternatief e-mailadres te registreren, zodat je later zelf je
wachtwoord kunt terugvinden, en het gebruiksreglement te aanvaarden. De
[handleiding](/kb/articles/manual-activate-account/) toont elke stap.""",
        """At your first enrolment you receive a **student number** (seven digits,
e.g. 0123456) and an **initial password**.

Sign in with those two and choose your own password straight away. We then ask
you to register an alternate email address, so you can recover your password
yourself later, and to accept the acceptable use policy. The
[manual](/kb/articles/manual-activate-account/) shows every step.""",
    ),
    (
        "alternate-email",
        "account-and-password",
        "Waarom heb ik een alternatief e-mailadres nodig?",
        "Why do I need an alternate email address?",
        """Als je je wachtwoord vergeet, kun je niet in je mailbox van de
universiteit om een herstelmail te lezen. Daarom sturen we die naar een
**privéadres** dat je zelf registreert. Je wijzigt het in je profiel; we
sturen dan een bevestiging naar het nieuwe adres.""",
        """If you forget your password you cannot open your university mailbox to
read a recovery mail. That is why we send it to a **private address** that you
register yourself. You change it in your profile; we then send a confirmation
to the new address.""",
    ),
    (
        "mfa-setup",
        "security-and-mfa",
        "Hoe stel ik tweestapsverificatie in?",
        "How do I set up two-step verification?",
        """Na je wachtwoord vragen we een tweede bewijs: een code van een
**authenticator-app** op je gsm (of een code per telefoon). Zo kan niemand
binnen met alleen je wachtwoord.

Open je profiel, kies *Tweestapsverificatie* en scan de QR-code met de app.
Bewaar de herstelcodes op een veilige plek. De
[handleiding](/kb/articles/manual-mfa-app/) toont het stap voor stap.""",
        """After your password we ask for a second proof: a code from an
**authenticator app** on your phone (or a code by phone). That way nobody gets
in with your password alone.

Open your profile, choose *Two-step verification* and scan the QR code with
the app. Keep the recovery codes somewhere safe. The
[manual](/kb/articles/manual-mfa-app/) shows it step by step.""",
    ),
    (
        "credentials-are-personal",
        "security-and-mfa",
        "Mag ik mijn aanmeldgegevens aan iemand anders geven?",
        "May I give my login details to someone else?",
        """Nee. Je aanmeldgegevens zijn **strikt persoonlijk**: je leent ze nooit uit
en je gebruikt ze nooit voor iemand anders, ook niet voor een medestudent of
familielid. De servicedesk vraagt nooit naar je wachtwoord.""",
        """No. Your login details are **strictly personal**: you never lend them and
you never use them for someone else, not even for a fellow student or a family
member. The service desk never asks for your password.""",
    ),
    (
        "prospect-login-code",
        "future-students",
        "Hoe meld ik me aan als toekomstige student?",
        "How do I sign in as a future student?",
        """Je hebt nog geen stamnummer. Je meldt je aan met je **e-mailadres**;
we sturen een verificatiecode die **30 minuten** geldig is. Daarna stel je
tweestapsverificatie in en geef je toestemming om je profielgegevens te
gebruiken. Kreeg je een welkom-account? Dan zet een medewerker het voor je
aan; je krijgt een mail zodra het klaar is.""",
        """You do not have a student number yet. You sign in with your **email
address**; we send a verification code that is valid for **30 minutes**. You
then set up two-step verification and agree that your profile data are used.
Were you given a welcome account? Then a staff member switches it on for you;
you get a mail as soon as it is ready.""",
    ),
    (
        "alumni-number",
        "alumni",
        "Waar vind ik mijn alumninummer?",
        "Where do I find my alumni number?",
        """Je alumninummer is de letter **Q** gevolgd door **zeven cijfers**
(bv. Q1234567). Het is actief vanaf je eerste diploma en staat in de
welkomstmail van de alumniwerking. Vind je die niet meer, activeer dan je
alumni-account met je e-mailadres.""",
        """Your alumni number is the letter **Q** followed by **seven digits**
(e.g. Q1234567). It is active from your first diploma and is in the welcome
mail from the alumni office. Cannot find it? Then activate your alumni account
with your email address.""",
    ),
    (
        "alumni-activate",
        "alumni",
        "Hoe activeer ik mijn alumni-account?",
        "How do I activate my alumni account?",
        """Vul je alumninummer of je e-mailadres in. Het adres moet **hetzelfde zijn
als dat van de alumniwerking**; anders kunnen we je niet herkennen en neem je
contact op met de alumniwerking. Wachtwoord vergeten? Vraag een nieuwe
activatiecode per e-mail aan.""",
        """Enter your alumni number or your email address. The address must be **the
one the alumni office has on file**; otherwise we cannot recognise you and you
contact the alumni office. Forgot your password? Ask for a new activation code
by email.""",
    ),
    (
        "alumni-privacy",
        "alumni",
        "Wie kan mijn gegevens zien?",
        "Who can see my data?",
        """Alleen de medewerkers die je vraag behandelen zien je gegevens, en alleen
wat ze daarvoor nodig hebben. We delen niets met derden voor commerciële
doeleinden. Je kunt je gegevens in je profiel bekijken en laten verbeteren.""",
        """Only the staff handling your question see your data, and only what they
need for it. We share nothing with third parties for commercial purposes. You
can view your data in your profile and have them corrected.""",
    ),
    (
        "diploma-copy",
        "alumni",
        "Hoe krijg ik een kopie van mijn diploma of een attest?",
        "How do I get a copy of my diploma or a certificate?",
        """Diploma's en attesten maakt de **studentenadministratie**, niet de
IT-servicedesk. Vraag een kopie aan via hun e-mailadres; vermeld je
alumninummer en de opleiding.""",
        """Diplomas and certificates are issued by **student administration**, not the
IT service desk. Ask for a copy by email to that office; mention your alumni
number and the programme.""",
    ),
    (
        "appointments",
        "help-and-appointments",
        "Kan ik langskomen aan de servicedesk?",
        "Can I drop by the service desk?",
        """Er is **geen inloopbalie**. Dien eerst een aanvraag in via het portaal.
Kunnen we je niet op afstand helpen, dan stelt een medewerker een **afspraak**
voor: aan de balie, per telefoon of als sessie op afstand. Bij een dringend
probleem met grote impact toont het portaal een noodnummer.""",
        """There is **no walk-in counter**. File a request on the portal first. If we
cannot help you remotely, a staff member offers an **appointment**: at the
desk, by phone or as a remote session. For an urgent problem with high impact
the portal shows an emergency number.""",
    ),
    (
        "study-results-question",
        "help-and-appointments",
        "Ik heb een vraag over mijn punten of mijn inschrijving voor een vak",
        "I have a question about my results or my course enrolment",
        """Vragen over de **inhoud** van je studieresultaten of je vakinschrijving
behandelt het **onderwijssecretariaat van je opleiding**, per e-mail. De
servicedesk kan daar niets aan veranderen. Werkt het portaal zelf niet (je
kunt bijvoorbeeld niet aanmelden of een pagina geeft een fout)? Dan ben je hier
wel aan het juiste adres.""",
        """Questions about the **content** of your study results or your course
enrolment are handled by **your programme's education office**, by email. The
service desk cannot change them. Does the portal itself not work (for example
you cannot sign in or a page shows an error)? Then you are in the right place
here.""",
    ),
    (
        "event-refund",
        "alumni",
        "Krijg ik mijn geld terug als ik annuleer?",
        "Can I get a refund when I cancel?",
        """Voor activiteiten van het alumninetwerk en de regionale afdelingen krijg je
je inschrijvingsgeld terug als je **tot zeven dagen** voor de activiteit
annuleert. Daarna betalen we alleen terug als de activiteit zelf niet
doorgaat.""",
        """For events of the alumni network and the regional chapters you get your
fee back if you cancel **up to seven days** before the event. After that we
only refund when the event itself is cancelled.""",
    ),
    (
        "staff-also-alumnus",
        "staff",
        "Ik ben medewerker én alumnus: hoe meld ik me aan?",
        "I am staff and also an alumnus: how do I sign in?",
        """Je hebt twee identiteiten. Meld je aan met de identiteit die je nodig hebt;
aanmelden met de ene **beëindigt de sessie van de andere**, zodat je nooit in
de verkeerde rol werkt. Gebruik voor je alumnizaken een apart browservenster
als je vaak wisselt.""",
        """You have two identities. Sign in with the one you need; signing in as one
**ends the session of the other**, so you never work in the wrong role. Use a
separate browser window for your alumni matters if you switch often.""",
    ),
]

MANUALS = [
    # slug, category, title nl, title en, intro nl, intro en,
    # [(step nl, step en[, screenshot key])] (keys: knowledgebase/screenshots.py)
    (
        "manual-activate-account",
        "account-and-password",
        "Handleiding: je account activeren",
        "Manual: activating your account",
        "Zo activeer je je account met je stamnummer en je startwachtwoord.",
        "This is how you activate your account with your student number and initial password.",
        [
            (
                "Ga naar het portaal en kies **Aanmelden**.",
                "Go to the portal and choose **Log in**.",
            ),
            (
                "Typ je stamnummer en je startwachtwoord.",
                "Type your student number and your initial password.",
            ),
            (
                "Kies een nieuw wachtwoord van minstens 12 tekens met hoofdletters,"
                " kleine letters en cijfers.",
                "Choose a new password of at least 12 characters with upper-case"
                " letters, lower-case letters and digits.",
            ),
            (
                "Registreer een alternatief e-mailadres en bevestig het via de mail die je krijgt.",
                "Register an alternate email address and confirm it through the mail you receive.",
            ),
            (
                "Lees het gebruiksreglement en aanvaard het.",
                "Read the acceptable use policy and accept it.",
                "aup",
            ),
        ],
    ),
    (
        "manual-mfa-app",
        "security-and-mfa",
        "Handleiding: tweestapsverificatie met een app",
        "Manual: two-step verification with an app",
        "Je hebt een gsm met een authenticator-app nodig.",
        "You need a phone with an authenticator app.",
        [
            (
                "Installeer een authenticator-app uit de appwinkel van je gsm.",
                "Install an authenticator app from your phone's app store.",
            ),
            (
                "Open in het portaal je profiel en kies **Tweestapsverificatie**.",
                "In the portal, open your profile and choose **Two-step verification**.",
                "mfa_setup",
            ),
            (
                "Scan de QR-code met de app en typ de code van zes cijfers die de app toont.",
                "Scan the QR code with the app and type the six-digit code the app shows.",
            ),
            (
                "Download de herstelcodes en bewaar ze op een veilige plek, niet op je gsm.",
                "Download the recovery codes and keep them somewhere safe, not on your phone.",
            ),
        ],
    ),
]
