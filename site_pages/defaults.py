"""The German default texts of the legal pages, used until Administration edits them.

Text in [square brackets] is for the operator to fill in; {placeholders} are filled from
the settings (SITE_NAME, SITE_OPERATOR, SITE_CONTACT_EMAIL) when the page is shown.
"""

from django.utils.translation import gettext_lazy as _

IMPRESSUM = _("""\
## Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG)

{betreiber}
[Postanschrift: Straße, Hausnummer, Postleitzahl, Ort]

## Kontakt

E-Mail: {kontakt_email}
Kontaktformular: /kontakt/

## Verantwortlich für den Inhalt nach § 18 Abs. 2 Medienstaatsvertrag

[Name und Anschrift der verantwortlichen Person]

## Zu den Inhalten

{website} gibt die Transfer- und Verstetigungspraxis wieder, die Modellprojekte des \
Bundesprogramms rehapro in den Fachforen „Jobcenter der Zukunft“ berichtet haben. Jeder \
Eintrag nennt die Dokumentation, aus der er stammt, und ihren Stand. Die Einträge geben die \
Berichte der Projekte wieder, keine Bewertung und keine Rechtsauskunft.

## Haftung für Links

Für die Inhalte verlinkter fremder Seiten sind deren Anbieter verantwortlich. Werden uns \
Rechtsverletzungen bekannt, entfernen wir den Link umgehend.
""")

DATENSCHUTZ = _("""\
## Kurz gesagt

{website} setzt keine Analyse- oder Tracking-Werkzeuge ein, bindet keine Inhalte fremder \
Anbieter ein (keine Schriften, Skripte oder Karten von Dritten) und setzt für Besucherinnen \
und Besucher der öffentlichen Seiten keine Cookies.

## Verantwortliche Stelle

{betreiber}, [Postanschrift]. E-Mail: {kontakt_email}
[Datenschutzbeauftragte oder Datenschutzbeauftragter: Name, Anschrift, E-Mail]

## Server-Protokolle

Bei jedem Aufruf verarbeitet der Server die IP-Adresse, Datum und Uhrzeit, die aufgerufene \
Adresse, den Statuscode und die Kennung des Browsers, um die Website auszuliefern und \
Angriffe abwehren zu können (Art. 6 Abs. 1 lit. e bzw. f DSGVO). Die Protokolle werden \
nach [7] Tagen gelöscht und nicht mit anderen Daten zusammengeführt.

## Cookies

Cookies setzt die Website nur, wo sie technisch nötig sind:
- für die Anmeldung der Forscherinnen und Forscher, die die Inhalte pflegen (Sitzungs- und \
Sicherheits-Cookie, gelöscht beim Abmelden bzw. nach Ablauf der Sitzung);
- beim Absenden des Kontaktformulars ein Sicherheits-Cookie (csrftoken), das gefälschte \
Formulare abwehrt.

## Anmeldung der Redaktion

Fehlgeschlagene Anmeldeversuche werden mit Benutzername und IP-Adresse gespeichert, um \
das Erraten von Passwörtern zu verhindern; nach erfolgreicher Anmeldung werden sie \
zurückgesetzt.

## Kontaktformular

Was Sie über das Kontaktformular senden (Anliegen, Nachricht, freiwillig Name, \
E-Mail-Adresse und betroffene Seite), wird in der Datenbank gespeichert und nur von der \
Administration der Website gelesen, um Ihr Anliegen zu bearbeiten (Art. 6 Abs. 1 lit. e \
bzw. f DSGVO). Rückmeldungen werden gelöscht, sobald sie erledigt sind, spätestens nach \
einem Jahr. Um massenhaftes Absenden zu verhindern, wird Ihre IP-Adresse für höchstens eine \
Stunde im Arbeitsspeicher des Servers gezählt.

## Exporte

Die Exporte (CSV, Excel, JSON) werden bei jedem Abruf aus den veröffentlichten Einträgen \
erzeugt und auf dem Server nicht gespeichert. Sie enthalten keine personenbezogenen Daten \
der Besucherinnen und Besucher.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung \
und Widerspruch (Art. 15 bis 21 DSGVO) sowie das Recht, sich bei einer \
Datenschutz-Aufsichtsbehörde zu beschweren ([zuständige Aufsichtsbehörde]).
""")

BARRIEREFREIHEIT = _("""\
Der {betreiber} ist bemüht, {website} im Einklang mit der \
Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. \
Diese Erklärung gilt für die öffentlichen Seiten unter dieser Adresse.

## Stand der Vereinbarkeit mit den Anforderungen

Die Website ist mit den Anforderungen der BITV 2.0 teilweise vereinbar. Grundlage ist eine \
Selbstbewertung: automatische Prüfungen mit axe-core auf jedem Seitentyp bei 1366 und \
390 Pixel Breite und bei 200 % Vergrößerung sowie Prüfungen nur mit der Tastatur und ohne \
JavaScript.

## Nicht barrierefreie Inhalte

- Als Datei hinterlegte Dokumentationen der Fachforen (PDF) stammen von Dritten und sind \
nicht durchgehend barrierefrei.
- Die Excel-Exporte sind Tabellen zum Weiterarbeiten; ihre Barrierefreiheit wurde nicht \
geprüft.
- Noch nicht alle Abkürzungen aus den Dokumentationen (z. B. JC, TN) werden erklärt.
- Der Anmeldebereich der Redaktion ist noch nicht vollständig geprüft.

## Erstellung dieser Erklärung

Diese Erklärung wurde am 25. November 2026 erstellt und zuletzt am 25. November 2026 \
überprüft.

## Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann schreiben Sie uns über das \
Kontaktformular (/kontakt/, Anliegen „Barriere melden“) oder per E-Mail an \
{kontakt_email}. Wir antworten innerhalb von sechs Wochen.

## Schlichtungsverfahren

Wenn auch nach Ihrem Feedback keine zufriedenstellende Lösung gefunden wurde, können Sie \
sich an die Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG) wenden. \
Die Schlichtungsstelle hat die Aufgabe, bei Konflikten zwischen Menschen mit Behinderungen \
und öffentlichen Stellen des Bundes eine außergerichtliche Streitbeilegung zu \
unterstützen. Das Schlichtungsverfahren ist kostenlos; ein Rechtsbeistand ist nicht nötig.

Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten der \
Bundesregierung für die Belange von Menschen mit Behinderungen
Mauerstraße 53, 10117 Berlin
Telefon: 030 18 527-2805
E-Mail: info@schlichtungsstelle-bgg.de
Internet: https://www.schlichtungsstelle-bgg.de

[Ist der Betreiber eine öffentliche Stelle eines Landes, tritt die Schlichtungs- oder \
Durchsetzungsstelle dieses Landes an die Stelle der Bundesschlichtungsstelle.]
""")

KONTAKT = _("""\
Fragen, Hinweise zu einem Eintrag oder eine Barriere auf der Website? Schreiben Sie uns \
über das Formular oder per E-Mail an {kontakt_email}.

Name und E-Mail-Adresse sind freiwillig; ohne E-Mail-Adresse können wir nicht antworten. \
Was mit Ihren Angaben geschieht, steht in der Datenschutzerklärung.
""")

TEXTS = {
    "impressum": (_("Impressum"), IMPRESSUM),
    "datenschutz": (_("Datenschutzerklärung"), DATENSCHUTZ),
    "barrierefreiheit": (_("Erklärung zur Barrierefreiheit"), BARRIEREFREIHEIT),
    "kontakt": (_("Kontakt"), KONTAKT),
}
