<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Ui</name>
    <message>
        <source>Integrations</source>
        <translation>Integrationen</translation>
    </message>
    <message>
        <source>Find a customer by name, code or email</source>
        <translation>Kunden nach Name, Code oder E-Mail suchen</translation>
    </message>
    <message>
        <source>Remove from network</source>
        <translation>Aus dem Netz entfernen</translation>
    </message>
    <message>
        <source>Add to network</source>
        <translation>Zum Netz hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>Type at least %n characters of a customer&apos;s name, code or email.</source>
        <translation>
            <numerusform>Geben Sie mindestens %n Zeichen des Namens, Codes oder der E-Mail-Adresse eines Kunden ein.</numerusform>
            <numerusform>Geben Sie mindestens %n Zeichen des Namens, Codes oder der E-Mail-Adresse eines Kunden ein.</numerusform>
        </translation>
    </message>
    <message>
        <source>No customer outside the network matches.</source>
        <translation>Kein Kunde außerhalb des Netzes passt.</translation>
    </message>
    <message>
        <source>%1 was added to the private network.</source>
        <translation>%1 wurde zum privaten Netz hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 was removed from the private network.</source>
        <translation>%1 wurde aus dem privaten Netz entfernt.</translation>
    </message>
    <message>
        <source>%L1 A</source>
        <translation>%L1 A</translation>
    </message>
    <message>
        <source>%L1 kW</source>
        <translation>%L1 kW</translation>
    </message>
    <message>
        <source>%L1 W</source>
        <translation>%L1 W</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <comment>minimum – maximum supply</comment>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>mindestens %1</translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation>höchstens %1</translation>
    </message>
    <message>
        <source>the asset&apos;s reports</source>
        <translation>die Meldungen der Anlage</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1, or the asset&apos;s reports when there are any</source>
        <translation>%1 oder die Meldungen der Anlage, sofern vorhanden</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <comment>start – end time</comment>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Daily, %1 from %2: %3</source>
        <translation>Täglich %1 ab %2: %3</translation>
    </message>
    <message>
        <source>Weekly on %1, %2 from %3: %4</source>
        <translation>Wöchentlich am %1, %2 ab %3: %4</translation>
    </message>
    <message>
        <source>Once, %1 – %2: %3</source>
        <translation>Einmalig, %1 – %2: %3</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Ladevorgang</translation>
    </message>
    <message>
        <source>Station and connector</source>
        <translation>Ladestation und Anschluss</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Grenze</translation>
    </message>
    <message>
        <source>Bound by</source>
        <translation>Bestimmt durch</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Charger&apos;s answer</source>
        <translation>Antwort des Ladepunkts</translation>
    </message>
    <message>
        <source>Sharing between sessions</source>
        <translation>Verteilung auf die Ladevorgänge</translation>
    </message>
    <message>
        <source>Dynamic load balancing</source>
        <translation>Dynamisches Lastmanagement</translation>
    </message>
    <message>
        <source>Share one power source between the sessions charging in this area. Best with one area per power source.</source>
        <translation>Eine Stromquelle auf die Ladevorgänge in diesem Bereich aufteilen. Am besten mit einem Bereich je Stromquelle.</translation>
    </message>
    <message>
        <source>While it is on, the area&apos;s limits decide what each charger may draw, and charging profiles assigned to its stations are set aside.</source>
        <translation>Solange es eingeschaltet ist, bestimmen die Grenzen des Bereichs, was jeder Ladepunkt beziehen darf, und Ladeprofile, die seinen Ladestationen zugeordnet sind, bleiben außer Kraft.</translation>
    </message>
    <message>
        <source>A meter or another asset of the area reports what is available; its reports replace the limit above while they arrive.</source>
        <translation>Ein Zähler oder eine andere Anlage des Bereichs meldet, was verfügbar ist; solange ihre Meldungen eintreffen, ersetzen sie die Grenze oben.</translation>
    </message>
    <message>
        <source>Customers on plans with a higher priority level are served before the others.</source>
        <translation>Kunden mit Tarifen höherer Prioritätsstufe werden vor den anderen bedient.</translation>
    </message>
    <message>
        <source>How often the shares are worked out again; at least 60 seconds. A session starting or ending, or a new asset report, does it at once.</source>
        <translation>Wie oft die Anteile neu berechnet werden; mindestens 60 Sekunden. Beginnt oder endet ein Ladevorgang oder trifft eine neue Anlagenmeldung ein, geschieht es sofort.</translation>
    </message>
    <message>
        <source>s</source>
        <comment>seconds</comment>
        <translation>s</translation>
    </message>
    <message>
        <source>What one session gets at least and at most, whatever its charger could deliver.</source>
        <translation>Was ein Ladevorgang mindestens und höchstens erhält, unabhängig davon, was sein Ladepunkt liefern könnte.</translation>
    </message>
    <message>
        <source>Limit periods</source>
        <translation>Grenzzeiträume</translation>
    </message>
    <message>
        <source>Every charging session gets the same share of what is available.</source>
        <translation>Jeder Ladevorgang erhält den gleichen Anteil am Verfügbaren.</translation>
    </message>
    <message>
        <source>The session that started first gets all it can take; later ones share what is left, and move up as earlier ones finish.</source>
        <translation>Der zuerst gestartete Ladevorgang erhält alles, was er aufnehmen kann; spätere teilen sich den Rest und rücken nach, wenn frühere enden.</translation>
    </message>
    <message>
        <source>Used only with equal sharing.</source>
        <translation>Wird nur bei gleichmäßiger Verteilung verwendet.</translation>
    </message>
    <message>
        <source>When there is not enough for every session&apos;s minimum, sessions take turns: at each redistribution others get their minimum, so all of them charge over time.</source>
        <translation>Reicht es nicht für das Minimum jedes Ladevorgangs, wechseln sich die Ladevorgänge ab: Bei jeder Neuverteilung erhalten andere ihr Minimum, sodass mit der Zeit alle laden.</translation>
    </message>
    <message>
        <source>When there is not enough for every session&apos;s minimum, the sessions that started first keep charging and the latest ones pause.</source>
        <translation>Reicht es nicht für das Minimum jedes Ladevorgangs, laden die zuerst gestarteten Ladevorgänge weiter und die zuletzt gestarteten pausieren.</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern …</translation>
    </message>
    <message>
        <source>Change the area with its wizard; its code stays.</source>
        <translation>Den Bereich mit seinem Assistenten ändern; sein Code bleibt.</translation>
    </message>
    <message>
        <source>Load balancing</source>
        <translation>Lastmanagement</translation>
    </message>
    <message>
        <source>The limit in force, each session&apos;s share and the rotation, live</source>
        <translation>Geltende Grenze, Anteil jedes Ladevorgangs und Reihum-Reihenfolge, live</translation>
    </message>
    <message>
        <source>Show on map</source>
        <translation>Auf der Karte zeigen</translation>
    </message>
    <message>
        <source>The area on the map, with its stations, their connectors and assets</source>
        <translation>Der Bereich auf der Karte, mit seinen Ladestationen und deren Anschlüssen sowie seinen Anlagen</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>konnte nicht gelesen werden</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Lage</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>Koordinaten</translation>
    </message>
    <message>
        <source>%L1, %L2</source>
        <comment>latitude, longitude</comment>
        <translation>%L1; %L2</translation>
    </message>
    <message>
        <source>Support contact</source>
        <translation>Supportkontakt</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <source>Priority levels</source>
        <translation>Prioritätsstufen</translation>
    </message>
    <message>
        <source>considered</source>
        <translation>berücksichtigt</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Custom attributes</source>
        <translation>Eigene Attribute</translation>
    </message>
    <message>
        <source>In this area</source>
        <translation>In diesem Bereich</translation>
    </message>
    <message>
        <source>Sub-areas</source>
        <translation>Unterbereiche</translation>
    </message>
    <message>
        <source>Stations</source>
        <translation>Ladestationen</translation>
    </message>
    <message>
        <source>Assets</source>
        <translation>Anlagen</translation>
    </message>
    <message>
        <source>What the area is called, who runs it and whom to call about it on site.</source>
        <translation>Wie der Bereich heißt, wer ihn betreibt und wen man vor Ort zu ihm anrufen kann.</translation>
    </message>
    <message>
        <source>The code identifies the area for integrations and never changes.</source>
        <translation>Der Code kennzeichnet den Bereich für Integrationen und ändert sich nie.</translation>
    </message>
    <message>
        <source>A short unique identifier for integrations; it cannot be changed later.</source>
        <translation>Eine kurze, eindeutige Kennung für Integrationen; sie kann später nicht geändert werden.</translation>
    </message>
    <message>
        <source>For example the building&apos;s owner or caretaker; shown for information only.</source>
        <translation>Zum Beispiel der Eigentümer oder Hausmeister des Gebäudes; wird nur zur Information angezeigt.</translation>
    </message>
    <message>
        <source>Where the area is. Its stations appear on the map at these coordinates, for you and for drivers.</source>
        <translation>Wo der Bereich liegt. Seine Ladestationen erscheinen an diesen Koordinaten auf der Karte, für Sie und für Fahrer.</translation>
    </message>
    <message>
        <source>Find address</source>
        <translation>Adresse suchen</translation>
    </message>
    <message>
        <source>Pick on map…</source>
        <translation>Auf der Karte wählen …</translation>
    </message>
    <message>
        <source>Decimal degrees, for example 46.0569 and 14.5058. Find the address above or type them.</source>
        <translation>Dezimalgrad, zum Beispiel 46,0569 und 14,5058. Suchen Sie oben nach der Adresse oder geben Sie die Koordinaten ein.</translation>
    </message>
    <message>
        <source>No place matches this address. Check its spelling, or type the coordinates.</source>
        <translation>Kein Ort passt zu dieser Adresse. Prüfen Sie die Schreibweise oder geben Sie die Koordinaten ein.</translation>
    </message>
    <message>
        <source>%L1, %L2</source>
        <translation>%L1; %L2</translation>
    </message>
    <message>
        <source>Found one place; its coordinates are filled in.</source>
        <translation>Ein Ort gefunden; seine Koordinaten sind eingetragen.</translation>
    </message>
    <message>
        <source>Found %1 places; the first is filled in, choose another if it fits better.</source>
        <translation>%1 Orte gefunden; der erste ist eingetragen. Wählen Sie einen anderen, wenn er besser passt.</translation>
    </message>
    <message>
        <source>Type the address first.</source>
        <translation>Geben Sie zuerst die Adresse ein.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message>
        <source>Coordinates taken from the map.</source>
        <translation>Koordinaten aus der Karte übernommen.</translation>
    </message>
    <message>
        <source>Roaming</source>
        <translation>Roaming</translation>
    </message>
    <message>
        <source>Hierarchy</source>
        <translation>Hierarchie</translation>
    </message>
    <message>
        <source>Roaming and hierarchy</source>
        <translation>Roaming und Hierarchie</translation>
    </message>
    <message>
        <source>How partner networks know the area, and the larger site it may be part of.</source>
        <translation>Wie Partnernetze den Bereich kennen und zu welchem größeren Standort er gehören kann.</translation>
    </message>
    <message>
        <source>Only needed when the area is shared with roaming partners: an identifier no other area uses. Partners also expect a contact phone, either the support phone on the first page or the operator&apos;s. Some roaming protocols do not use this identifier.</source>
        <translation>Nur nötig, wenn der Bereich mit Roaming-Partnern geteilt wird: eine Kennung, die kein anderer Bereich verwendet. Partner erwarten außerdem eine Kontakttelefonnummer, entweder die Supporttelefonnummer auf der ersten Seite oder die des Betreibers. Manche Roaming-Protokolle verwenden diese Kennung nicht.</translation>
    </message>
    <message>
        <source>A part of a larger site, such as one car park of a shopping centre. Each part sits at its own place on the map and can have a power source of its own.</source>
        <translation>Ein Teil eines größeren Standorts, etwa ein Parkplatz eines Einkaufszentrums. Jeder Teil liegt an seinem eigenen Ort auf der Karte und kann eine eigene Stromquelle haben.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Check the changes. Go back to correct anything; nothing is saved before you do.</source>
        <translation>Prüfen Sie die Änderungen. Um etwas zu korrigieren, gehen Sie zurück; gespeichert wird erst, wenn Sie abschließen.</translation>
    </message>
    <message>
        <source>Check the new area. Go back to correct anything; nothing is saved before you do.</source>
        <translation>Prüfen Sie den neuen Bereich. Um etwas zu korrigieren, gehen Sie zurück; gespeichert wird erst, wenn Sie abschließen.</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Betreiber</translation>
    </message>
    <message>
        <source>Part of</source>
        <translation>Teil von</translation>
    </message>
    <message>
        <source>Roaming ID</source>
        <translation>Roaming-ID</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Considered</source>
        <translation>Berücksichtigt</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>Ignoriert</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Off: the stations charge at what they can deliver.</source>
        <translation>Aus: Die Ladestationen laden mit dem, was sie liefern können.</translation>
    </message>
    <message>
        <source>Change the operator</source>
        <translation>Betreiber ändern</translation>
    </message>
    <message>
        <source>Move this area to another operator?</source>
        <translation>Diesen Bereich einem anderen Betreiber zuordnen?</translation>
    </message>
    <message>
        <source>The sessions charged here so far would then appear under the new operator, and partners who receive this area through roaming may keep outdated or wrong data about it. If the area is shared through roaming, it is safer to close this area and create a new one for the new operator.</source>
        <translation>Die bisher hier geladenen Ladevorgänge würden dann unter dem neuen Betreiber erscheinen, und Partner, die diesen Bereich über Roaming erhalten, behalten womöglich veraltete oder falsche Daten darüber. Wird der Bereich über Roaming geteilt, ist es sicherer, ihn zu schließen und für den neuen Betreiber einen neuen Bereich anzulegen.</translation>
    </message>
    <message>
        <source>Change operator</source>
        <translation>Betreiber ändern</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>field label: message</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Change area %1</source>
        <translation>Bereich %1 ändern</translation>
    </message>
    <message>
        <source>New area</source>
        <translation>Neuer Bereich</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>Änderungen &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Create area</source>
        <translation>Bereich &amp;anlegen</translation>
    </message>
    <message>
        <source>%1 available</source>
        <translation>%1 verfügbar</translation>
    </message>
    <message>
        <source>%1 over the supply</source>
        <translation>%1 mehr als verfügbar</translation>
    </message>
    <message>
        <source>Consuming %1</source>
        <translation>Verbraucht %1</translation>
    </message>
    <message>
        <source>Producing %1</source>
        <translation>Erzeugt %1</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Im Leerlauf</translation>
    </message>
    <message>
        <source>Producing %1 (discharging)</source>
        <translation>Erzeugt %1 (Entladung)</translation>
    </message>
    <message>
        <source>Consuming %1 (charging)</source>
        <translation>Verbraucht %1 (Ladung)</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>Latest measurement</source>
        <translation>Letzter Messwert</translation>
    </message>
    <message>
        <source>Record measurement…</source>
        <translation>Messwert erfassen …</translation>
    </message>
    <message>
        <source>Enter a reading taken on site; load balancing uses it at once</source>
        <translation>Einen vor Ort abgelesenen Wert eingeben; das Lastmanagement verwendet ihn sofort</translation>
    </message>
    <message>
        <source>No measurement yet</source>
        <translation>Noch kein Messwert</translation>
    </message>
    <message>
        <source>Measurements arrive through the API or are recorded here.</source>
        <translation>Messwerte kommen über die API oder werden hier erfasst.</translation>
    </message>
    <message>
        <source>Measured %1, %2</source>
        <translation>Gemessen am %1, %2</translation>
    </message>
    <message>
        <source>Record measurement</source>
        <translation>Messwert erfassen</translation>
    </message>
    <message>
        <source>Measurement</source>
        <translation>Messwert</translation>
    </message>
    <message>
        <source>Latest power</source>
        <translation>Letzte Leistung</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <source>Power (kW)</source>
        <translation>Leistung (kW)</translation>
    </message>
    <message>
        <source>No measurements in the last 24 hours</source>
        <translation>Keine Messwerte in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Allocated</source>
        <translation>Zugeteilt</translation>
    </message>
    <message>
        <source>Drawn by the sessions</source>
        <translation>Von den Ladevorgängen bezogen</translation>
    </message>
    <message>
        <source>Change your password</source>
        <translation>Ihr Passwort ändern</translation>
    </message>
    <message>
        <source>Change the password of %1</source>
        <translation>Passwort von %1 ändern</translation>
    </message>
    <message>
        <source>Your new password replaces the old one at once.</source>
        <translation>Ihr neues Passwort ersetzt das alte sofort.</translation>
    </message>
    <message>
        <source>%1 signs in with the new password from now on; the old one stops working.</source>
        <translation>%1 meldet sich ab jetzt mit dem neuen Passwort an; das alte gilt nicht mehr.</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Verfügbarkeit</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>Einschalten</translation>
    </message>
    <message>
        <source>Ask the charger to make itself available to drivers</source>
        <translation>Den Ladepunkt auffordern, sich für Fahrer verfügbar zu machen</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>Ausschalten</translation>
    </message>
    <message>
        <source>Ask the charger to make itself unavailable, for example during maintenance</source>
        <translation>Den Ladepunkt auffordern, sich nicht verfügbar zu machen, zum Beispiel während einer Wartung</translation>
    </message>
    <message>
        <source>Connectors</source>
        <translation>Anschlüsse</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entriegeln</translation>
    </message>
    <message>
        <source>Release the cable when the charger keeps it locked</source>
        <translation>Das Kabel freigeben, wenn der Ladepunkt es verriegelt hält</translation>
    </message>
    <message>
        <source>Station &lt;b&gt;%1&lt;/b&gt; is not connected. Availability and unlocking need a connected station, because only then does ChargeDesk reach the charger.</source>
        <translation>Die Ladestation &lt;b&gt;%1&lt;/b&gt; ist nicht verbunden. Verfügbarkeit und Entriegeln brauchen eine verbundene Ladestation, denn nur dann erreicht ChargeDesk den Ladepunkt.</translation>
    </message>
    <message>
        <source>Turn on %1</source>
        <translation>%1 einschalten</translation>
    </message>
    <message>
        <source>Turn off %1</source>
        <translation>%1 ausschalten</translation>
    </message>
    <message>
        <source>Turn on connector %1</source>
        <translation>Anschluss %1 einschalten</translation>
    </message>
    <message>
        <source>Turn off connector %1</source>
        <translation>Anschluss %1 ausschalten</translation>
    </message>
    <message>
        <source>Unlock connector %1</source>
        <translation>Anschluss %1 entriegeln</translation>
    </message>
    <message>
        <source>Selected connector:</source>
        <translation>Ausgewählter Anschluss:</translation>
    </message>
    <message>
        <source>Station &lt;b&gt;%1&lt;/b&gt; is connected.</source>
        <translation>Ladestation &lt;b&gt;%1&lt;/b&gt; ist verbunden.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>No schedule periods yet. Once the profile has one, its limits over time show here.</source>
        <translation>Noch keine Zeitplanabschnitte. Sobald das Profil einen hat, erscheinen hier seine Grenzen im Zeitverlauf.</translation>
    </message>
    <message>
        <source>Limit (A)</source>
        <translation>Grenze (A)</translation>
    </message>
    <message>
        <source>Limit (W)</source>
        <translation>Grenze (W)</translation>
    </message>
    <message>
        <source>The last limit holds as long as the profile is valid; the chart shows %1.</source>
        <translation>Die letzte Grenze gilt, solange das Profil gültig ist; das Diagramm zeigt %1.</translation>
    </message>
    <message>
        <source>The limits apply for %1 from the start, again every week.</source>
        <translation>Die Grenzen gelten ab dem Beginn für %1, jede Woche erneut.</translation>
    </message>
    <message>
        <source>The limits apply for %1 from the start, again every day.</source>
        <translation>Die Grenzen gelten ab dem Beginn für %1, jeden Tag erneut.</translation>
    </message>
    <message>
        <source>The schedule starts again every week.</source>
        <translation>Der Zeitplan beginnt jede Woche neu.</translation>
    </message>
    <message>
        <source>The schedule starts again every day.</source>
        <translation>Der Zeitplan beginnt jeden Tag neu.</translation>
    </message>
    <message>
        <source>The limits apply for %1 from the start.</source>
        <translation>Die Grenzen gelten ab dem Beginn für %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n period(s) start after the end and never apply.</source>
        <translation>
            <numerusform>%n Abschnitt beginnt nach dem Ende und gilt nie.</numerusform>
            <numerusform>%n Abschnitte beginnen nach dem Ende und gelten nie.</numerusform>
        </translation>
    </message>
    <message>
        <source>Time from start</source>
        <translation>Zeit ab Beginn</translation>
    </message>
    <message>
        <source>Time from start (h:mm)</source>
        <translation>Zeit ab Beginn (h:mm)</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen …</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen …</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <source>Add a %1 here</source>
        <translation>Hier hinzufügen: %1</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <source>The station took the request.</source>
        <translation>Die Ladestation hat die Anfrage angenommen.</translation>
    </message>
    <message>
        <source>Accepted by the station.</source>
        <translation>Von der Ladestation angenommen.</translation>
    </message>
    <message>
        <source>Scheduled: the station does it once its current session ends.</source>
        <translation>Vorgemerkt: Die Ladestation führt es aus, sobald ihr laufender Ladevorgang endet.</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>Entriegelt.</translation>
    </message>
    <message>
        <source>The station tried but could not unlock the connector.</source>
        <translation>Die Ladestation hat es versucht, konnte den Anschluss aber nicht entriegeln.</translation>
    </message>
    <message>
        <source>Accepted; it takes effect after the station reboots.</source>
        <translation>Angenommen; wirksam nach einem Neustart der Ladestation.</translation>
    </message>
    <message>
        <source>The station rejected it.</source>
        <translation>Die Ladestation hat abgelehnt.</translation>
    </message>
    <message>
        <source>The station answered: %1.</source>
        <translation>Die Ladestation hat geantwortet: %1.</translation>
    </message>
    <message>
        <source>The station refused the request: %1</source>
        <translation>Die Ladestation hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>The station is not connected, so nothing was sent. Try again once it is online.</source>
        <translation>Die Ladestation ist nicht verbunden, daher wurde nichts gesendet. Versuchen Sie es erneut, sobald sie online ist.</translation>
    </message>
    <message>
        <source>The station did not answer in time.</source>
        <translation>Die Ladestation hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The request does not fit the station&apos;s OCPP version: %1</source>
        <translation>Die Anfrage passt nicht zur OCPP-Version der Ladestation: %1</translation>
    </message>
    <message>
        <source>The station&apos;s OCPP version has no such operation: %1</source>
        <translation>Die OCPP-Version der Ladestation kennt diese Operation nicht: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>This console runs without its OCPP server, so it cannot reach stations.</source>
        <translation>Diese Konsole läuft ohne ihren OCPP-Server und kann daher keine Ladestationen erreichen.</translation>
    </message>
    <message>
        <source>Waiting for the station&apos;s answer…</source>
        <translation>Warten auf die Antwort der Ladestation …</translation>
    </message>
    <message>
        <source>Fix all</source>
        <translation>Alle beheben</translation>
    </message>
    <message>
        <source>Send every recommended value, then read the station again.</source>
        <translation>Alle empfohlenen Werte senden und die Ladestation dann erneut auslesen.</translation>
    </message>
    <message>
        <source>Read the configuration from the station to check it against the recommendations.</source>
        <translation>Lesen Sie die Konfiguration der Ladestation aus, um sie mit den Empfehlungen abzugleichen.</translation>
    </message>
    <message>
        <source>Every setting that was read follows the recommendations.</source>
        <translation>Alle ausgelesenen Einstellungen entsprechen den Empfehlungen.</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ from the recommendations.</source>
        <translation>
            <numerusform>%n Einstellung weicht von den Empfehlungen ab.</numerusform>
            <numerusform>%n Einstellungen weichen von den Empfehlungen ab.</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Station: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp;→&amp;nbsp; recommended: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Ladestation: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp;→&amp;nbsp; empfohlen: &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Read-only on the station</source>
        <translation>Auf der Ladestation schreibgeschützt</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Beheben</translation>
    </message>
    <message>
        <source>Send %1 = %2 to the station, then read it again.</source>
        <translation>%1 = %2 an die Ladestation senden und dann erneut auslesen.</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>No custom attributes.</source>
        <translation>Keine eigenen Attribute.</translation>
    </message>
    <message>
        <source>Add attribute</source>
        <translation>Attribut hinzufügen</translation>
    </message>
    <message>
        <source>e.g. parking_level</source>
        <translation>z. B. parking_level</translation>
    </message>
    <message>
        <source>Remove this attribute</source>
        <translation>Dieses Attribut entfernen</translation>
    </message>
    <message>
        <source>Give this value a key.</source>
        <translation>Geben Sie diesem Wert einen Schlüssel.</translation>
    </message>
    <message>
        <source>The key “%1” is used above already.</source>
        <translation>Der Schlüssel „%1“ wird oben bereits verwendet.</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Nach Name suchen</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Zuordnen</translation>
    </message>
    <message>
        <source>The server refused this user name and password.</source>
        <translation>Der Server hat diesen Benutzernamen und dieses Passwort abgelehnt.</translation>
    </message>
    <message>
        <source>The server has no database named “%1”. Create it first, or check the name.</source>
        <translation>Der Server hat keine Datenbank namens „%1“. Legen Sie sie zuerst an oder prüfen Sie den Namen.</translation>
    </message>
    <message>
        <source>The server has no user named “%1”.</source>
        <translation>Der Server hat keinen Benutzer namens „%1“.</translation>
    </message>
    <message>
        <source>The host “%1” cannot be found. Check its name and this computer&apos;s network.</source>
        <translation>Der Host „%1“ wurde nicht gefunden. Prüfen Sie seinen Namen und die Netzwerkverbindung dieses Computers.</translation>
    </message>
    <message>
        <source>Nothing answers at %1, port %2. Check the host and the port, and that the server accepts connections from this computer.</source>
        <translation>Unter %1, Port %2 antwortet nichts. Prüfen Sie Host und Port und ob der Server Verbindungen von diesem Computer annimmt.</translation>
    </message>
    <message>
        <source>%1 did not answer in time. Check the host and this computer&apos;s network.</source>
        <translation>%1 hat nicht rechtzeitig geantwortet. Prüfen Sie den Host und die Netzwerkverbindung dieses Computers.</translation>
    </message>
    <message>
        <source>The server does not let this user reach this database from this computer (see the server&apos;s pg_hba.conf).</source>
        <translation>Der Server lässt diesen Benutzer von diesem Computer aus nicht auf diese Datenbank zugreifen (siehe pg_hba.conf des Servers).</translation>
    </message>
    <message>
        <source>The PostgreSQL driver is not installed on this computer.</source>
        <translation>Der PostgreSQL-Treiber ist auf diesem Computer nicht installiert.</translation>
    </message>
    <message>
        <source>Cannot connect to the server.</source>
        <translation>Keine Verbindung zum Server.</translation>
    </message>
    <message>
        <source>Where to keep the data</source>
        <translation>Wo die Daten gespeichert werden</translation>
    </message>
    <message>
        <source>A file on this computer suits a single console. A PostgreSQL server lets several consoles and a ChargeDesk server share one network.</source>
        <translation>Eine Datei auf diesem Computer genügt für eine einzelne Konsole. Mit einem PostgreSQL-Server können sich mehrere Konsolen und ein ChargeDesk-Server ein Netz teilen.</translation>
    </message>
    <message>
        <source>A &amp;file on this computer (SQLite)</source>
        <translation>Eine Datei auf diesem &amp;Computer (SQLite)</translation>
    </message>
    <message>
        <source>A &amp;PostgreSQL server</source>
        <translation>Ein &amp;PostgreSQL-Server</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Durch&amp;suchen …</translation>
    </message>
    <message>
        <source>A new file is created when it does not exist yet.</source>
        <translation>Existiert die Datei noch nicht, wird sie neu angelegt.</translation>
    </message>
    <message>
        <source>db.example.com</source>
        <translation>db.example.com</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>ChargeDesk remembers the server but not the password: it asks for it when the console starts, unless ~/.pgpass has it.</source>
        <translation>ChargeDesk merkt sich den Server, aber nicht das Passwort: Es wird beim Start der Konsole abgefragt, sofern es nicht in ~/.pgpass steht.</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Datenbankdatei</translation>
    </message>
    <message>
        <source>ChargeDesk database (*.sqlite);;All files (*)</source>
        <translation>ChargeDesk-Datenbank (*.sqlite);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This is a folder. Name a file inside it, for example chargedesk.sqlite.</source>
        <translation>Das ist ein Ordner. Geben Sie eine Datei darin an, zum Beispiel chargedesk.sqlite.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt …</translation>
    </message>
    <message>
        <source>✓ Connected to %1.</source>
        <translation>✓ Verbunden mit %1.</translation>
    </message>
    <message>
        <source>Database password</source>
        <translation>Datenbankpasswort</translation>
    </message>
    <message>
        <source>This network&apos;s data is on %1. Enter the password of the database user %2.</source>
        <translation>Die Daten dieses Netzes liegen auf %1. Geben Sie das Passwort des Datenbankbenutzers %2 ein.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Other database…</source>
        <translation>&amp;Andere Datenbank …</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Drivers come and go by themselves</source>
        <translation>Fahrer kommen und gehen von selbst</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Plug in car</source>
        <translation>Auto anstecken</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>A driver plugs a car into the selected connector</source>
        <translation>Ein Fahrer steckt ein Auto am gewählten Anschluss an</translation>
    </message>
    <message>
        <source>Swipe card</source>
        <translation>Karte vorhalten</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Present the chosen card: starts a transaction, or stops the one it started</source>
        <translation>Die gewählte Karte vorhalten: startet eine Transaktion oder beendet die von ihr gestartete</translation>
    </message>
    <message>
        <source>Unplug</source>
        <translation>Abstecken</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>The driver unplugs the car</source>
        <translation>Der Fahrer steckt das Auto ab</translation>
    </message>
    <message>
        <source>Inject fault</source>
        <translation>Störung auslösen</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Break the selected connector, or repair it</source>
        <translation>Den gewählten Anschluss stören oder wieder reparieren</translation>
    </message>
    <message>
        <source>Disconnect station</source>
        <translation>Ladestation trennen</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>Cut or restore the station&apos;s connection; transactions go on offline</source>
        <translation>Die Verbindung der Ladestation trennen oder wiederherstellen; Transaktionen laufen offline weiter</translation>
    </message>
    <message>
        <source>The card the driver swipes</source>
        <translation>Die Karte, die der Fahrer vorhält</translation>
    </message>
    <message>
        <source>Suspended (station)</source>
        <translation>Pausiert (Ladestation)</translation>
    </message>
    <message>
        <source>Clear fault</source>
        <translation>Störung beheben</translation>
    </message>
    <message>
        <source>Reconnect station</source>
        <translation>Ladestation verbinden</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>Delete the %1 “%2”?</source>
        <translation>%1 „%2“ löschen?</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Discard your changes?</source>
        <translation>Ihre Änderungen verwerfen?</translation>
    </message>
    <message>
        <source>%1 %2[*]</source>
        <comment>entity kind, display name</comment>
        <translation>%1 %2[*]</translation>
    </message>
    <message>
        <source>New %1[*]</source>
        <translation>Neu: %1[*]</translation>
    </message>
    <message>
        <source>System information</source>
        <translation>Systeminformationen</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;*&lt;/span&gt; Required</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;*&lt;/span&gt; Pflichtfeld</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>display name (code)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <source>Choose one of the listed entries.</source>
        <translation>Wählen Sie einen der aufgeführten Einträge.</translation>
    </message>
    <message>
        <source>Set a date and time</source>
        <translation>Datum und Uhrzeit setzen</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Datei auswählen …</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Choose %1</source>
        <translation>%1 auswählen</translation>
    </message>
    <message>
        <source>Cannot read file</source>
        <translation>Die Datei kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>No file</source>
        <translation>Keine Datei</translation>
    </message>
    <message>
        <source>Someone else has set up this database in the meantime. Close this window and start again to sign in.</source>
        <translation>Jemand anderes hat diese Datenbank inzwischen eingerichtet. Schließen Sie dieses Fenster und starten Sie neu, um sich anzumelden.</translation>
    </message>
    <message>
        <source>Set up ChargeDesk</source>
        <translation>ChargeDesk einrichten</translation>
    </message>
    <message>
        <source>The address search answered with HTTP status %1.</source>
        <translation>Die Adresssuche hat mit HTTP-Status %1 geantwortet.</translation>
    </message>
    <message>
        <source>The address search could not be reached: %1</source>
        <translation>Die Adresssuche war nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The address search sent an answer that is not a list of places.</source>
        <translation>Die Adresssuche hat eine Antwort gesendet, die keine Liste von Orten ist.</translation>
    </message>
    <message>
        <source>Assign to customer…</source>
        <translation>Kunden zuordnen …</translation>
    </message>
    <message>
        <source>Unassign…</source>
        <translation>Zuordnung aufheben …</translation>
    </message>
    <message>
        <source>Not assigned to a customer: chargers refuse it.</source>
        <translation>Keinem Kunden zugeordnet: Ladepunkte lehnen es ab.</translation>
    </message>
    <message>
        <source>Assigned to %1.</source>
        <translation>Zugeordnet zu %1.</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>Sperren …</translation>
    </message>
    <message>
        <source>customer #%1</source>
        <translation>Kunde #%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>name (code)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Assign %1 to a customer</source>
        <translation>%1 einem Kunden zuordnen</translation>
    </message>
    <message>
        <source>Move ID device</source>
        <translation>ID-Medium umhängen</translation>
    </message>
    <message>
        <source>%1 is assigned to %2. Move it to %3?</source>
        <translation>%1 ist %2 zugeordnet. Zu %3 umhängen?</translation>
    </message>
    <message>
        <source>Chargers then accept it for %1 only.</source>
        <translation>Ladepunkte akzeptieren es dann nur noch für %1.</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Umhängen</translation>
    </message>
    <message>
        <source>Unassign ID device</source>
        <translation>Zuordnung des ID-Mediums aufheben</translation>
    </message>
    <message>
        <source>Take %1 away from %2?</source>
        <translation>Zuordnung von %1 zu %2 aufheben?</translation>
    </message>
    <message>
        <source>Chargers no longer accept it until it is assigned again.</source>
        <translation>Ladepunkte akzeptieren es erst wieder, wenn es erneut zugeordnet ist.</translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>Zuordnung aufheben</translation>
    </message>
    <message>
        <source>Block ID device</source>
        <translation>ID-Medium sperren</translation>
    </message>
    <message>
        <source>Block %1?</source>
        <translation>%1 sperren?</translation>
    </message>
    <message>
        <source>Chargers refuse it until it is unblocked; it stays assigned.</source>
        <translation>Ladepunkte lehnen es ab, bis es entsperrt wird; die Zuordnung bleibt bestehen.</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>No limit periods: the output limit above applies at all times.</source>
        <translation>Keine Grenzzeiträume: Die Leistungsgrenze oben gilt jederzeit.</translation>
    </message>
    <message>
        <source>Add limit period</source>
        <translation>Grenzzeitraum hinzufügen</translation>
    </message>
    <message>
        <source>The weekdays it applies on; none means the weekday of its start.</source>
        <translation>Die Wochentage, an denen er gilt; keiner bedeutet den Wochentag seines Beginns.</translation>
    </message>
    <message>
        <source>Remove this limit period</source>
        <translation>Diesen Grenzzeitraum entfernen</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Selected rows as CSV…</source>
        <translation>Ausgewählte Zeilen als CSV …</translation>
    </message>
    <message>
        <source>All rows as CSV…</source>
        <translation>Alle Zeilen als CSV …</translation>
    </message>
    <message>
        <source>Print selected rows…</source>
        <translation>Ausgewählte Zeilen drucken …</translation>
    </message>
    <message>
        <source>Print all rows…</source>
        <translation>Alle Zeilen drucken …</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>%1: all</source>
        <translation>%1: alle</translation>
    </message>
    <message>
        <source>%1: yes</source>
        <translation>%1: ja</translation>
    </message>
    <message>
        <source>%1: no</source>
        <translation>%1: nein</translation>
    </message>
    <message>
        <source>from</source>
        <translation>ab</translation>
    </message>
    <message>
        <source>until</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>Could not read the list: %1</source>
        <translation>Die Liste konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%L1 %2</source>
        <translation>%L1 %2</translation>
    </message>
    <message>
        <source>%L1 %2 match the filters</source>
        <translation>%L1 %2 passen zu den Filtern</translation>
    </message>
    <message>
        <source>Export selected rows</source>
        <translation>Ausgewählte Zeilen exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export all rows</source>
        <translation>Alle Zeilen exportieren</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 werden exportiert …</translation>
    </message>
    <message>
        <source>Preparing %1 for printing…</source>
        <translation>%1 werden für den Druck vorbereitet …</translation>
    </message>
    <message>
        <source>Configuration check</source>
        <translation>Konfigurationsprüfung</translation>
    </message>
    <message>
        <source>This console runs without its station gateway: configurations cannot be read here.</source>
        <translation>Diese Konsole läuft ohne ihr Ladestations-Gateway: Konfigurationen können hier nicht ausgelesen werden.</translation>
    </message>
    <message>
        <source>OCPP 1.6</source>
        <translation>OCPP 1.6</translation>
    </message>
    <message>
        <source>OCPP 2.0.1</source>
        <translation>OCPP 2.0.1</translation>
    </message>
    <message>
        <source>Read from station</source>
        <translation>Von der Ladestation lesen</translation>
    </message>
    <message>
        <source>Ask the station for all of its configuration keys.</source>
        <translation>Die Ladestation nach allen ihren Konfigurationsschlüsseln fragen.</translation>
    </message>
    <message>
        <source>Ask the station for the catalogue&apos;s variables.</source>
        <translation>Die Ladestation nach den Variablen des Katalogs fragen.</translation>
    </message>
    <message>
        <source>Send changes</source>
        <translation>Änderungen senden</translation>
    </message>
    <message>
        <source>Send the values changed here to the station; its answer appears beside each key.</source>
        <translation>Die hier geänderten Werte an die Ladestation senden; ihre Antwort erscheint neben jedem Schlüssel.</translation>
    </message>
    <message>
        <source>OCPP 2.0.1 has no request that returns every variable at once: reading asks for the variables listed here. Read any other one by name under Any key.</source>
        <translation>OCPP 2.0.1 hat keine Anfrage, die alle Variablen auf einmal liefert: Beim Lesen werden die hier aufgeführten Variablen abgefragt. Jede andere lesen Sie über ihren Namen unter „Beliebiger Schlüssel“.</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>EVSE</source>
        <translation>EVSE</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Station&apos;s answer</source>
        <translation>Antwort der Ladestation</translation>
    </message>
    <message>
        <source>Other keys</source>
        <translation>Weitere Schlüssel</translation>
    </message>
    <message>
        <source>Other variables</source>
        <translation>Weitere Variablen</translation>
    </message>
    <message>
        <source>Any key</source>
        <translation>Beliebiger Schlüssel</translation>
    </message>
    <message>
        <source>Configuration key, for example HeartbeatInterval</source>
        <translation>Konfigurationsschlüssel, zum Beispiel HeartbeatInterval</translation>
    </message>
    <message>
        <source>Component/Variable, for example OCPPCommCtrlr/HeartbeatInterval</source>
        <translation>Komponente/Variable, zum Beispiel OCPPCommCtrlr/HeartbeatInterval</translation>
    </message>
    <message>
        <source>Value to set</source>
        <translation>Zu setzender Wert</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Setzen</translation>
    </message>
    <message>
        <source>Whole station</source>
        <translation>Ganze Ladestation</translation>
    </message>
    <message>
        <source>The EVSE a setting is for. Reading always returns the station-wide variable.</source>
        <translation>Das EVSE, für das eine Einstellung gilt. Beim Lesen kommt immer die Variable der ganzen Ladestation zurück.</translation>
    </message>
    <message>
        <source>not read</source>
        <translation>nicht gelesen</translation>
    </message>
    <message>
        <source>The station reported no value: %1</source>
        <translation>Die Ladestation hat keinen Wert gemeldet: %1</translation>
    </message>
    <message>
        <source>Read-only: the station does not let it be changed.</source>
        <translation>Schreibgeschützt: Die Ladestation lässt keine Änderung zu.</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Schreibgeschützt</translation>
    </message>
    <message>
        <source>%1

Double-click to change it, then send the changes.</source>
        <translation>%1

Zum Ändern doppelklicken und dann die Änderungen senden.</translation>
    </message>
    <message>
        <source>Not sent yet</source>
        <translation>Noch nicht gesendet</translation>
    </message>
    <message>
        <source>Configuration: %1</source>
        <translation>Konfiguration: %1</translation>
    </message>
    <message>
        <source>%1 It may still have taken the request: read it again to see.</source>
        <translation>%1 Möglicherweise hat sie die Anfrage trotzdem angenommen: Lesen Sie erneut aus, um es zu sehen.</translation>
    </message>
    <message>
        <source>Enter a key first.</source>
        <translation>Geben Sie zuerst einen Schlüssel ein.</translation>
    </message>
    <message>
        <source>Write it as Component/Variable, for example OCPPCommCtrlr/HeartbeatInterval.</source>
        <translation>Schreiben Sie ihn als Komponente/Variable, zum Beispiel OCPPCommCtrlr/HeartbeatInterval.</translation>
    </message>
    <message>
        <source>%1 is not connected, so nothing was sent. Its configuration can be read and changed only while it is connected.</source>
        <translation>%1 ist nicht verbunden, daher wurde nichts gesendet. Die Konfiguration lässt sich nur lesen und ändern, solange die Ladestation verbunden ist.</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Verbunden</translation>
    </message>
    <message>
        <source>● Not connected</source>
        <translation>● Nicht verbunden</translation>
    </message>
    <message>
        <source>Reading the configuration from the station…</source>
        <translation>Die Konfiguration wird von der Ladestation gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) read from the station.</source>
        <translation>
            <numerusform>%n Wert von der Ladestation gelesen.</numerusform>
            <numerusform>%n Werte von der Ladestation gelesen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) to the station…</source>
        <translation>
            <numerusform>%n Änderung wird an die Ladestation gesendet …</numerusform>
            <numerusform>%n Änderungen werden an die Ladestation gesendet …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The station accepted %n change(s).</source>
        <translation>
            <numerusform>Die Ladestation hat %n Änderung angenommen.</numerusform>
            <numerusform>Die Ladestation hat %n Änderungen angenommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The station accepted %1 of %2 changes; its answer is beside each key.</source>
        <translation>Die Ladestation hat %1 von %2 Änderungen angenommen; ihre Antwort steht neben jedem Schlüssel.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) take effect after the station restarts.</source>
        <translation>
            <numerusform>%n Änderung wird nach einem Neustart der Ladestation wirksam.</numerusform>
            <numerusform>%n Änderungen werden nach einem Neustart der Ladestation wirksam.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading %1 from the station…</source>
        <translation>%1 wird von der Ladestation gelesen …</translation>
    </message>
    <message>
        <source>The station did not mention %1.</source>
        <translation>Die Ladestation hat %1 nicht erwähnt.</translation>
    </message>
    <message>
        <source>%1 = %2 (read-only)</source>
        <translation>%1 = %2 (schreibgeschützt)</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>The station has no value for %1: %2</source>
        <translation>Die Ladestation hat keinen Wert für %1: %2</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>Gelesen am</translation>
    </message>
    <message>
        <source>Area limit</source>
        <translation>Bereichsgrenze</translation>
    </message>
    <message>
        <source>Parent area limit</source>
        <translation>Grenze des übergeordneten Bereichs</translation>
    </message>
    <message>
        <source>Connector capability</source>
        <translation>Anschlussleistung</translation>
    </message>
    <message>
        <source>Maximum supply</source>
        <translation>Höchstversorgung</translation>
    </message>
    <message>
        <source>Halted (fallout)</source>
        <translation>Angehalten (Ausfall)</translation>
    </message>
    <message>
        <source>Awaiting start</source>
        <translation>Wartet auf Start</translation>
    </message>
    <message>
        <source>Unmanaged: its charger does not follow limits</source>
        <translation>Nicht gesteuert: Sein Ladepunkt hält keine Grenzen ein</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Nothing limits the area</source>
        <translation>Nichts begrenzt den Bereich</translation>
    </message>
    <message>
        <source>Static limit</source>
        <translation>Statische Grenze</translation>
    </message>
    <message>
        <source>Limit period</source>
        <translation>Grenzzeitraum</translation>
    </message>
    <message>
        <source>Meter report</source>
        <translation>Zählermeldung</translation>
    </message>
    <message>
        <source>Asset balance</source>
        <translation>Anlagenbilanz</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Keine Antwort</translation>
    </message>
    <message>
        <source>Limit in force</source>
        <translation>Geltende Grenze</translation>
    </message>
    <message>
        <source>From</source>
        <comment>source</comment>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Shared out</source>
        <translation>Verteilt</translation>
    </message>
    <message>
        <source>Drawn now</source>
        <translation>Aktuell bezogen</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Ladevorgänge</translation>
    </message>
    <message>
        <source>Redistributed</source>
        <translation>Neu verteilt</translation>
    </message>
    <message>
        <source>Next interval</source>
        <translation>Nächste Neuverteilung</translation>
    </message>
    <message>
        <source>Round allocation</source>
        <translation>Reihum</translation>
    </message>
    <message>
        <source>Dynamic load balancing is off for this area and for the areas above it: its sessions charge without a shared limit. Turn it on in the area&apos;s settings to share a power source.</source>
        <translation>Das dynamische Lastmanagement ist für diesen Bereich und die übergeordneten Bereiche ausgeschaltet: Seine Ladevorgänge laufen ohne gemeinsame Grenze. Schalten Sie es in den Einstellungen des Bereichs ein, um eine Stromquelle gemeinsam zu nutzen.</translation>
    </message>
    <message>
        <source>Load balancing runs with the console&apos;s OCPP server, which is not running here.</source>
        <translation>Das Lastmanagement läuft mit dem OCPP-Server der Konsole, der hier nicht läuft.</translation>
    </message>
    <message>
        <source>Dynamic load balancing is on. The first redistribution has not happened yet.</source>
        <translation>Das dynamische Lastmanagement ist eingeschaltet. Die erste Neuverteilung hat noch nicht stattgefunden.</translation>
    </message>
    <message>
        <source>Dynamic load balancing is on: the sessions below share the limit in force.</source>
        <translation>Das dynamische Lastmanagement ist eingeschaltet: Die Ladevorgänge unten teilen sich die geltende Grenze.</translation>
    </message>
    <message>
        <source>This area has no load balancing of its own. Its sessions share the limit of its parent area “%1”, shown below.</source>
        <translation>Dieser Bereich hat kein eigenes Lastmanagement. Seine Ladevorgänge teilen sich die Grenze seines übergeordneten Bereichs „%1“, die unten gezeigt wird.</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <source>%1 A</source>
        <translation>%1 A</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 charging, %2 halted</source>
        <translation>%1 laden, %2 angehalten</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not reported</source>
        <translation>Nicht gemeldet</translation>
    </message>
    <message>
        <source>Current (A)</source>
        <translation>Strom (A)</translation>
    </message>
    <message>
        <source>No static limit, limit period or asset report applies.</source>
        <translation>Es gilt keine statische Grenze, kein Grenzzeitraum und keine Anlagenmeldung.</translation>
    </message>
    <message>
        <source>In place of the static limit of %1.</source>
        <translation>Anstelle der statischen Grenze von %1.</translation>
    </message>
    <message>
        <source>%1: %2, measured %3 (%4)</source>
        <translation>%1: %2, gemessen am %3 (%4)</translation>
    </message>
    <message>
        <source>Assets&apos; reports:</source>
        <translation>Meldungen der Anlagen:</translation>
    </message>
    <message>
        <source>%1 adjusted by:</source>
        <translation>%1, angepasst durch:</translation>
    </message>
    <message>
        <source>first in, first charged</source>
        <translation>wer zuerst kommt, lädt zuerst</translation>
    </message>
    <message>
        <source>equal shares; when short, round allocation</source>
        <translation>gleiche Anteile; bei Knappheit reihum</translation>
    </message>
    <message>
        <source>equal shares; when short, the earliest sessions first</source>
        <translation>gleiche Anteile; bei Knappheit die frühesten Ladevorgänge zuerst</translation>
    </message>
    <message>
        <source>at least %1 per session</source>
        <translation>mindestens %1 je Ladevorgang</translation>
    </message>
    <message>
        <source>at most %1 per session</source>
        <translation>höchstens %1 je Ladevorgang</translation>
    </message>
    <message>
        <source>redistributed every %1</source>
        <translation>alle %1 neu verteilt</translation>
    </message>
    <message>
        <source>Not used here: when the limit cannot give every session its minimum, the sessions that started first keep charging.</source>
        <translation>Hier nicht verwendet: Reicht die Grenze nicht für das Minimum jedes Ladevorgangs, laden die zuerst gestarteten Ladevorgänge weiter.</translation>
    </message>
    <message>
        <source>No session is charging in this area.</source>
        <translation>In diesem Bereich läuft kein Ladevorgang.</translation>
    </message>
    <message>
        <source>%1 (halted)</source>
        <translation>%1 (angehalten)</translation>
    </message>
    <message>
        <source>halted</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>Order of the next redistribution: %1</source>
        <translation>Reihenfolge der nächsten Neuverteilung: %1</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>Jetzt fällig</translation>
    </message>
    <message>
        <source>In %1</source>
        <translation>In %1</translation>
    </message>
    <message>
        <source>Load balancing: %1</source>
        <translation>Lastmanagement: %1</translation>
    </message>
    <message>
        <source>Pick the location</source>
        <translation>Standort wählen</translation>
    </message>
    <message>
        <source>Click where the chargers are. Drag to move the map, scroll to zoom.</source>
        <translation>Klicken Sie dorthin, wo die Ladepunkte stehen. Ziehen verschiebt die Karte, Scrollen zoomt.</translation>
    </message>
    <message>
        <source>No location chosen yet</source>
        <translation>Noch kein Standort gewählt</translation>
    </message>
    <message>
        <source>Chosen location</source>
        <translation>Gewählter Standort</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>Gewählt: %1; %2</translation>
    </message>
    <message>
        <source>ChargeDesk</source>
        <translation>ChargeDesk</translation>
    </message>
    <message>
        <source>Database: %1 (%2)</source>
        <translation>Datenbank: %1 (%2)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About ChargeDesk</source>
        <translation>&amp;Über ChargeDesk</translation>
    </message>
    <message>
        <source>About ChargeDesk</source>
        <translation>Über ChargeDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ChargeDesk %1&lt;/h3&gt;&lt;p&gt;Operator console for EV charging networks.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ChargeDesk %1&lt;/h3&gt;&lt;p&gt;Betriebskonsole für Ladenetze für Elektrofahrzeuge.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>&lt;h1&gt;ChargeDesk&lt;/h1&gt;&lt;p&gt;Operator console for EV charging networks.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;ChargeDesk&lt;/h1&gt;&lt;p&gt;Betriebskonsole für Ladenetze für Elektrofahrzeuge.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The OCPP server is off</source>
        <translation>Der OCPP-Server ist aus</translation>
    </message>
    <message>
        <source>The OCPP server is listening</source>
        <translation>Der OCPP-Server nimmt Verbindungen an</translation>
    </message>
    <message>
        <source>Demo stations</source>
        <translation>Demo-Ladestationen</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>© OpenStreetMap contributors</source>
        <translation>© OpenStreetMap-Mitwirkende</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s); click to zoom in</source>
        <translation>
            <numerusform>%n Ort; zum Vergrößern klicken</numerusform>
            <numerusform>%n Orte; zum Vergrößern klicken</numerusform>
        </translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>Natural Earth</source>
        <translation>Natural Earth</translation>
    </message>
    <message>
        <source>Click the map where the place is</source>
        <translation>Klicken Sie auf die Karte, wo der Ort liegt</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Find an area, station or asset</source>
        <translation>Bereich, Ladestation oder Anlage suchen</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Alles zeigen</translation>
    </message>
    <message>
        <source>Zoom to show everything on the map (Home)</source>
        <translation>Zoomen, um alles auf der Karte zu zeigen (Pos1)</translation>
    </message>
    <message>
        <source>Map settings…</source>
        <translation>Karteneinstellungen …</translation>
    </message>
    <message>
        <source>The network could not be read: %1</source>
        <translation>Das Netz konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>the site&apos;s address</source>
        <translation>der Adresse des Systems</translation>
    </message>
    <message>
        <source>your position</source>
        <translation>Ihrer Position</translation>
    </message>
    <message>
        <source>Nothing on the map is called “%1”.</source>
        <translation>Auf der Karte heißt nichts „%1“.</translation>
    </message>
    <message>
        <source>Charging station</source>
        <translation>Ladestation</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Anlage</translation>
    </message>
    <message>
        <source>Chargers and connectors</source>
        <translation>Ladepunkte und Anschlüsse</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Latest report</source>
        <translation>Letzte Meldung</translation>
    </message>
    <message>
        <source>%1 produced</source>
        <translation>%1 erzeugt</translation>
    </message>
    <message>
        <source>%1 consumed</source>
        <translation>%1 verbraucht</translation>
    </message>
    <message>
        <source>%1 discharging</source>
        <translation>%1 (Entladung)</translation>
    </message>
    <message>
        <source>%1 charging</source>
        <translation>%1 (Ladung)</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Not connected; the last reported statuses are shown</source>
        <translation>Nicht verbunden; die zuletzt gemeldeten Zustände werden gezeigt</translation>
    </message>
    <message>
        <source>%1, %2 ago</source>
        <translation>%1, vor %2</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>noch keine Meldung</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Click an area, a station or an asset on the map.</source>
        <translation>Klicken Sie auf der Karte auf einen Bereich, eine Ladestation oder eine Anlage.</translation>
    </message>
    <message>
        <source>No location: set the area&apos;s coordinates</source>
        <translation>Kein Standort: Legen Sie die Koordinaten des Bereichs fest</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>Ladevorgang %1</translation>
    </message>
    <message>
        <source>Session %1, %2</source>
        <translation>Ladevorgang %1, %2</translation>
    </message>
    <message>
        <source>Reservation %1, %2</source>
        <translation>Reservierung %1, %2</translation>
    </message>
    <message>
        <source>No charging stations here yet</source>
        <translation>Hier noch keine Ladestationen</translation>
    </message>
    <message>
        <source>Distance unknown: your position is not known</source>
        <translation>Entfernung unbekannt: Ihre Position ist nicht bekannt</translation>
    </message>
    <message>
        <source>%1 from %2 in a straight line</source>
        <translation>%1 Luftlinie von %2</translation>
    </message>
    <message>
        <source>asking for the road distance…</source>
        <translation>Straßenentfernung wird abgefragt …</translation>
    </message>
    <message>
        <source>no road distance (%1)</source>
        <translation>keine Straßenentfernung (%1)</translation>
    </message>
    <message>
        <source>%1 by road, about %2</source>
        <translation>%1 auf der Straße, etwa %2 Fahrzeit</translation>
    </message>
    <message>
        <source>the routing service found no route</source>
        <translation>der Routendienst hat keine Route gefunden</translation>
    </message>
    <message>
        <source>Enter an http or https address.</source>
        <translation>Geben Sie eine http- oder https-Adresse ein.</translation>
    </message>
    <message>
        <source>The address needs {z}, {x} and {y} where the tile&apos;s zoom and position go.</source>
        <translation>Die Adresse braucht {z}, {x} und {y} an den Stellen für Zoomstufe und Position der Kachel.</translation>
    </message>
    <message>
        <source>Show map tiles from a tile server</source>
        <translation>Kartenkacheln von einem Kachelserver zeigen</translation>
    </message>
    <message>
        <source>Map settings</source>
        <translation>Karteneinstellungen</translation>
    </message>
    <message>
        <source>none: distances in a straight line</source>
        <translation>keine: Entfernungen in Luftlinie</translation>
    </message>
    <message>
        <source>Without a network the map draws the country outlines it carries with it. These services add street detail, address search and road distances.</source>
        <translation>Ohne Netzwerk zeichnet die Karte die mitgelieferten Ländergrenzen. Diese Dienste ergänzen Straßendetails, Adresssuche und Straßenentfernungen.</translation>
    </message>
    <message>
        <source>Tile address:</source>
        <translation>Kacheladresse:</translation>
    </message>
    <message>
        <source>Address search:</source>
        <translation>Adresssuche:</translation>
    </message>
    <message>
        <source>Road distances:</source>
        <translation>Straßenentfernungen:</translation>
    </message>
    <message>
        <source>kW</source>
        <translation>kW</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Strom</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>Spannung</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>State of charge</source>
        <translation>Ladezustand</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Neuer Benutzer</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Discard the new user?</source>
        <translation>Den neuen Benutzer verwerfen?</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>From station</source>
        <translation>Von der Ladestation</translation>
    </message>
    <message>
        <source>To station</source>
        <translation>An die Ladestation</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>Frames from this time</source>
        <translation>Frames ab diesem Zeitpunkt</translation>
    </message>
    <message>
        <source>Frames before this time</source>
        <translation>Frames vor diesem Zeitpunkt</translation>
    </message>
    <message>
        <source>Search action, message ID or payload</source>
        <translation>Aktion, Nachrichten-ID oder Nutzdaten suchen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>All frames as CSV…</source>
        <translation>Alle Frames als CSV …</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken …</translation>
    </message>
    <message>
        <source>OCPP log</source>
        <translation>OCPP-Protokoll</translation>
    </message>
    <message>
        <source>Preparing the log for printing…</source>
        <translation>Das Protokoll wird für den Druck vorbereitet …</translation>
    </message>
    <message>
        <source>Select a frame to read its payload.</source>
        <translation>Wählen Sie einen Frame aus, um seine Nutzdaten zu lesen.</translation>
    </message>
    <message>
        <source>(outside the current filters)</source>
        <translation>(außerhalb der aktuellen Filter)</translation>
    </message>
    <message>
        <source>Received from the station at %1</source>
        <translation>Von der Ladestation empfangen am %1</translation>
    </message>
    <message>
        <source>Sent to the station at %1</source>
        <translation>An die Ladestation gesendet am %1</translation>
    </message>
    <message>
        <source>Message ID %1</source>
        <translation>Nachrichten-ID %1</translation>
    </message>
    <message>
        <source>No answer is logged for this request.</source>
        <translation>Für diese Anfrage ist keine Antwort protokolliert.</translation>
    </message>
    <message>
        <source>The request this answers is not in the log.</source>
        <translation>Die Anfrage, auf die dies antwortet, steht nicht im Protokoll.</translation>
    </message>
    <message>
        <source>Answered with %1 after %L2 ms</source>
        <translation>Beantwortet mit %1 nach %L2 ms</translation>
    </message>
    <message>
        <source>Answers the CALL of %L1 ms before</source>
        <translation>Antwortet auf den CALL von %L1 ms zuvor</translation>
    </message>
    <message>
        <source>Go to answer</source>
        <translation>Zur Antwort</translation>
    </message>
    <message>
        <source>Go to request</source>
        <translation>Zur Anfrage</translation>
    </message>
    <message>
        <source>Could not read the log: %1</source>
        <translation>Das Protokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%L1 frame matches the filters</source>
        <translation>%L1 Frame passt zu den Filtern</translation>
    </message>
    <message>
        <source>%L1 frames match the filters</source>
        <translation>%L1 Frames passen zu den Filtern</translation>
    </message>
    <message>
        <source>%L1 frame</source>
        <translation>%L1 Frame</translation>
    </message>
    <message>
        <source>%L1 frames</source>
        <translation>%L1 Frames</translation>
    </message>
    <message>
        <source>Exporting the log…</source>
        <translation>Das Protokoll wird exportiert …</translation>
    </message>
    <message>
        <source>Export the OCPP log</source>
        <translation>OCPP-Protokoll exportieren</translation>
    </message>
    <message>
        <source>OCPP log: %1</source>
        <translation>OCPP-Protokoll: %1</translation>
    </message>
    <message>
        <source>OCPP communication</source>
        <translation>OCPP-Kommunikation</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird heruntergeladen</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Heruntergeladen</translation>
    </message>
    <message>
        <source>Installing</source>
        <translation>Wird installiert</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Wird hochgeladen</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <source>No progress reported yet.</source>
        <translation>Noch kein Fortschritt gemeldet.</translation>
    </message>
    <message>
        <source>Latest report: %1 at %2</source>
        <translation>Letzte Meldung: %1 um %2</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>&amp;Neues Passwort</translation>
    </message>
    <message>
        <source>&amp;Repeat it</source>
        <translation>Passwort &amp;wiederholen</translation>
    </message>
    <message>
        <source>The two entries differ. Type the same password twice.</source>
        <translation>Die beiden Eingaben unterscheiden sich. Geben Sie zweimal dasselbe Passwort ein.</translation>
    </message>
    <message>
        <source>QR code: %1</source>
        <translation>QR-Code: %1</translation>
    </message>
    <message>
        <source>This text cannot be made into a QR code.</source>
        <translation>Aus diesem Text lässt sich kein QR-Code erzeugen.</translation>
    </message>
    <message>
        <source>Drivers scan this code in the app to start charging here. Print it and stick it where they see it.</source>
        <translation>Fahrer scannen diesen Code in der App, um hier das Laden zu starten. Drucken Sie ihn aus und bringen Sie ihn gut sichtbar an.</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>Als PNG speichern …</translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation>Als SVG speichern …</translation>
    </message>
    <message>
        <source>Save QR code</source>
        <translation>QR-Code speichern</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Print QR code</source>
        <translation>QR-Code drucken</translation>
    </message>
    <message>
        <source>The station released the connector.</source>
        <translation>Die Ladestation hat den Anschluss freigegeben.</translation>
    </message>
    <message>
        <source>The station answered “%1”; it may hold the connector until the reservation expires.</source>
        <translation>Die Ladestation hat „%1“ geantwortet; sie hält den Anschluss möglicherweise, bis die Reservierung abläuft.</translation>
    </message>
    <message>
        <source>The station is not connected, so it holds the connector until the reservation expires.</source>
        <translation>Die Ladestation ist nicht verbunden und hält den Anschluss daher, bis die Reservierung abläuft.</translation>
    </message>
    <message>
        <source>The station did not answer in time; it may hold the connector until the reservation expires.</source>
        <translation>Die Ladestation hat nicht rechtzeitig geantwortet; sie hält den Anschluss möglicherweise, bis die Reservierung abläuft.</translation>
    </message>
    <message>
        <source>The station could not be asked to release the connector: %1</source>
        <translation>Die Ladestation konnte nicht aufgefordert werden, den Anschluss freizugeben: %1</translation>
    </message>
    <message>
        <source>Stop reservation…</source>
        <translation>Reservierung beenden …</translation>
    </message>
    <message>
        <source>Holds the connector until %1.</source>
        <translation>Hält den Anschluss bis %1.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>Stop reservation</source>
        <translation>Reservierung beenden</translation>
    </message>
    <message>
        <source>Stop reservation %1?</source>
        <translation>Reservierung %1 beenden?</translation>
    </message>
    <message>
        <source>The connector is free for everyone again, and the station is asked to drop its hold.</source>
        <translation>Der Anschluss ist wieder für alle frei, und die Ladestation wird aufgefordert, ihn freizugeben.</translation>
    </message>
    <message>
        <source>Stopping the reservation and asking the station to release the connector…</source>
        <translation>Die Reservierung wird beendet und die Ladestation aufgefordert, den Anschluss freizugeben …</translation>
    </message>
    <message>
        <source>Reservation stopped.</source>
        <translation>Reservierung beendet.</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Measurand</source>
        <translation>Messgröße</translation>
    </message>
    <message>
        <source>Why it was discarded</source>
        <translation>Warum er verworfen wurde</translation>
    </message>
    <message>
        <source>Discarded readings</source>
        <translation>Verworfene Messwerte</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Posten</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Tarifierung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>Statusverlauf</translation>
    </message>
    <message>
        <source>Force close…</source>
        <translation>Abschluss erzwingen …</translation>
    </message>
    <message>
        <source>Ask the charger to stop; the session closes even if it does not answer.</source>
        <translation>Den Ladepunkt zum Beenden auffordern; der Ladevorgang wird auch ohne Antwort abgeschlossen.</translation>
    </message>
    <message>
        <source>Retry rating…</source>
        <translation>Erneut tarifieren …</translation>
    </message>
    <message>
        <source>Retry billing</source>
        <translation>Erneut abrechnen</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Connector %1</source>
        <translation>Anschluss %1</translation>
    </message>
    <message>
        <source>Charger %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <source>Station %1</source>
        <translation>Ladestation %1</translation>
    </message>
    <message>
        <source>ID token %1</source>
        <translation>ID-Token %1</translation>
    </message>
    <message>
        <source>%1 kW</source>
        <translation>%1 kW</translation>
    </message>
    <message>
        <source> · %1 % charged</source>
        <translation> · %1 % geladen</translation>
    </message>
    <message>
        <source>Charge time</source>
        <translation>Ladezeit</translation>
    </message>
    <message>
        <source>Park time</source>
        <translation>Parkzeit</translation>
    </message>
    <message>
        <source>Fault time</source>
        <translation>Störungszeit</translation>
    </message>
    <message>
        <source>Reservation time</source>
        <translation>Reservierungszeit</translation>
    </message>
    <message>
        <source>%1 (%2 rated)</source>
        <translation>%1 (%2 tarifiert)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Rated under the identifier %1.</source>
        <translation>Tarifiert unter der Kennung %1.</translation>
    </message>
    <message>
        <source>Not rated yet, and no rating settings apply: the session is free so far.</source>
        <translation>Noch nicht tarifiert, und es gelten keine Tarifierungseinstellungen: Der Ladevorgang ist bisher kostenlos.</translation>
    </message>
    <message>
        <source>Not rated yet: what the session costs so far under the %1&apos;s rating settings.</source>
        <translation>Noch nicht tarifiert: So viel kostet der Ladevorgang bisher nach den Tarifierungseinstellungen (%1).</translation>
    </message>
    <message>
        <source>Force close</source>
        <translation>Abschluss erzwingen</translation>
    </message>
    <message>
        <source>Ask the charger to stop this session? If it does not answer, the session is closed and rated anyway.</source>
        <translation>Den Ladepunkt auffordern, diesen Ladevorgang zu beenden? Antwortet er nicht, wird der Ladevorgang trotzdem abgeschlossen und tarifiert.</translation>
    </message>
    <message>
        <source>Use the existing identifier</source>
        <translation>Vorhandene Kennung verwenden</translation>
    </message>
    <message>
        <source>Use the existing identifier, else generate one</source>
        <translation>Vorhandene Kennung verwenden, sonst eine erzeugen</translation>
    </message>
    <message>
        <source>Generate a new identifier</source>
        <translation>Neue Kennung erzeugen</translation>
    </message>
    <message>
        <source>Assign a new identifier…</source>
        <translation>Neue Kennung vergeben …</translation>
    </message>
    <message>
        <source>Retry rating</source>
        <translation>Erneut tarifieren</translation>
    </message>
    <message>
        <source>New rating identifier:</source>
        <translation>Neue Tarifierungskennung:</translation>
    </message>
    <message>
        <source>Rating retried.</source>
        <translation>Tarifierung erneut versucht.</translation>
    </message>
    <message>
        <source>Billing retried; the payment provider&apos;s answer follows.</source>
        <translation>Abrechnung erneut versucht; die Antwort des Zahlungsdienstleisters folgt.</translation>
    </message>
    <message>
        <source>Closed: %1.</source>
        <translation>Abgeschlossen: %1.</translation>
    </message>
    <message>
        <source>The charger accepted the stop. The session closes when it reports the stop, or after the closed-session verification time if it never does.</source>
        <translation>Der Ladepunkt hat das Beenden angenommen. Der Ladevorgang wird abgeschlossen, sobald er das Ende meldet, oder nach der Prüfzeit für abgeschlossene Ladevorgänge, falls er es nie tut.</translation>
    </message>
    <message>
        <source>Sign in to ChargeDesk</source>
        <translation>Bei ChargeDesk anmelden</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Network data in %1</source>
        <translation>Netzdaten in %1</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;E-Mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Passwort</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>Vorbereitung</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>Lädt</translation>
    </message>
    <message>
        <source>Suspended (vehicle)</source>
        <translation>Pausiert (Fahrzeug)</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>Wird beendet</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <source>Faulted</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Online · %1</source>
        <translation>Online · %1</translation>
    </message>
    <message>
        <source>Offline · %1</source>
        <translation>Offline · %1</translation>
    </message>
    <message>
        <source>%1 kW drawn of %2 kW offered (%3 kW installed)</source>
        <translation>%1 kW bezogen von %2 kW angeboten (%3 kW installiert)</translation>
    </message>
    <message>
        <source>Connector %1 · %2</source>
        <translation>Anschluss %1 · %2</translation>
    </message>
    <message>
        <source>The station is offline; its last known status is shown</source>
        <translation>Die Ladestation ist offline; ihr letzter bekannter Zustand wird gezeigt</translation>
    </message>
    <message>
        <source>Meter register: %1 kWh</source>
        <translation>Zählerstand: %1 kWh</translation>
    </message>
    <message>
        <source>Station / connector</source>
        <translation>Ladestation / Anschluss</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Session (kWh)</source>
        <translation>Ladevorgang (kWh)</translation>
    </message>
    <message>
        <source>SoC (%)</source>
        <translation>Ladezustand (%)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>currency code (symbol)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>native name (English name)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Your site</source>
        <translation>Ihr System</translation>
    </message>
    <message>
        <source>How the network presents itself, and how it counts money and time. You can change all of this later.</source>
        <translation>Wie sich das Netz präsentiert und wie es Geld und Zeit rechnet. Sie können all das später ändern.</translation>
    </message>
    <message>
        <source>for example Harbour Hotel Charging</source>
        <translation>zum Beispiel Laden am Hafenhotel</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>C&amp;hoose image…</source>
        <translation>Bild &amp;auswählen …</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>O&amp;rganisation:</source>
        <translation>&amp;Organisation:</translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation>&amp;Währung:</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Lo&amp;go:</source>
        <translation>Lo&amp;go:</translation>
    </message>
    <message>
        <source>A PNG or JPEG image of up to 1 MB.</source>
        <translation>Ein PNG- oder JPEG-Bild mit höchstens 1 MB.</translation>
    </message>
    <message>
        <source>Choose a logo</source>
        <translation>Logo auswählen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg *.gif *.bmp *.webp);;All files (*)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.svg *.gif *.bmp *.webp);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>This image is %1; choose one of up to 1 MB.</source>
        <translation>Dieses Bild hat %1; wählen Sie eines mit höchstens 1 MB.</translation>
    </message>
    <message>
        <source>%1 is not an image ChargeDesk can read.</source>
        <translation>%1 ist kein Bild, das ChargeDesk lesen kann.</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>Kein Logo</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Reported by the station</source>
        <translation>Von der Ladestation gemeldet</translation>
    </message>
    <message>
        <source>Filled in when the station connects and reports itself.</source>
        <translation>Wird ausgefüllt, sobald sich die Ladestation verbindet und meldet.</translation>
    </message>
    <message>
        <source>Connect the station</source>
        <translation>Ladestation verbinden</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>Secure WebSocket (TLS)</source>
        <translation>Sicherer WebSocket (TLS)</translation>
    </message>
    <message>
        <source>Set password…</source>
        <translation>Passwort festlegen …</translation>
    </message>
    <message>
        <source>Chargers</source>
        <translation>Ladepunkte</translation>
    </message>
    <message>
        <source>QR code…</source>
        <translation>QR-Code …</translation>
    </message>
    <message>
        <source>Copy the URL to the clipboard, to paste it into the station&apos;s setup</source>
        <translation>Die URL in die Zwischenablage kopieren, um sie in der Einrichtung der Ladestation einzufügen</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#2e9d4a&quot;&gt;●&lt;/span&gt; Connected</source>
        <translation>&lt;span style=&quot;color:#2e9d4a&quot;&gt;●&lt;/span&gt; Verbunden</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#8a8a8a&quot;&gt;●&lt;/span&gt; Not connected</source>
        <translation>&lt;span style=&quot;color:#8a8a8a&quot;&gt;●&lt;/span&gt; Nicht verbunden</translation>
    </message>
    <message>
        <source>Not offered</source>
        <translation>Nicht angeboten</translation>
    </message>
    <message>
        <source>The OCPP server is not running</source>
        <translation>Der OCPP-Server läuft nicht</translation>
    </message>
    <message>
        <source>Not offered: the server has no TLS certificate</source>
        <translation>Nicht angeboten: Der Server hat kein TLS-Zertifikat</translation>
    </message>
    <message>
        <source>The connection policy is Disabled: the station is refused whichever URL it uses.</source>
        <translation>Die Verbindungsregel ist „Deaktiviert“: Die Ladestation wird abgewiesen, egal welche URL sie verwendet.</translation>
    </message>
    <message>
        <source>The policy allows the unencrypted URL: fine on a closed network or for a test; prefer the secure one elsewhere.</source>
        <translation>Die Regel erlaubt die unverschlüsselte URL: In Ordnung in einem geschlossenen Netz oder zum Testen; verwenden Sie sonst lieber die sichere.</translation>
    </message>
    <message>
        <source>The connection policy asks for an encrypted connection, which this server does not offer without a TLS certificate: the station cannot connect yet.</source>
        <translation>Die Verbindungsregel verlangt eine verschlüsselte Verbindung, die dieser Server ohne TLS-Zertifikat nicht anbietet: Die Ladestation kann sich noch nicht verbinden.</translation>
    </message>
    <message>
        <source>The connection policy asks for the secure URL; the other one is refused.</source>
        <translation>Die Verbindungsregel verlangt die sichere URL; die andere wird abgewiesen.</translation>
    </message>
    <message>
        <source>Set</source>
        <comment>state</comment>
        <translation>Festgelegt</translation>
    </message>
    <message>
        <source>Set, for user name “%1”</source>
        <translation>Festgelegt, für den Benutzernamen „%1“</translation>
    </message>
    <message>
        <source>None yet: the station cannot authenticate</source>
        <translation>Noch keines: Die Ladestation kann sich nicht authentifizieren</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keines</translation>
    </message>
    <message>
        <source>Connectors (select a charger)</source>
        <translation>Anschlüsse (Ladepunkt auswählen)</translation>
    </message>
    <message>
        <source>Connectors of %1</source>
        <translation>Anschlüsse von %1</translation>
    </message>
    <message>
        <source>Charger %1 of station %2</source>
        <translation>Ladepunkt %1 der Ladestation %2</translation>
    </message>
    <message>
        <source>Connector %1 of charger %2</source>
        <translation>Anschluss %1 des Ladepunkts %2</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Betrieb</translation>
    </message>
    <message>
        <source>Reboot, firmware, diagnostics, trigger messages, authorization list and cache</source>
        <translation>Neustart, Firmware, Diagnose, Nachrichten anfordern, Autorisierungsliste und Cache</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Read and change the station&apos;s own configuration, and check it</source>
        <translation>Die eigene Konfiguration der Ladestation lesen, ändern und prüfen</translation>
    </message>
    <message>
        <source>The messages the station and ChargeDesk exchanged</source>
        <translation>Die Nachrichten, die die Ladestation und ChargeDesk ausgetauscht haben</translation>
    </message>
    <message>
        <source>The station on the map, with its connectors&apos; status and power</source>
        <translation>Die Ladestation auf der Karte, mit Status und Leistung ihrer Anschlüsse</translation>
    </message>
    <message>
        <source>Station not found</source>
        <translation>Ladestation nicht gefunden</translation>
    </message>
    <message>
        <source>● Connected over OCPP %1</source>
        <translation>● Verbunden über OCPP %1</translation>
    </message>
    <message>
        <source>○ Not connected: operations reach the station once it connects to this console.</source>
        <translation>○ Nicht verbunden: Aktionen erreichen die Ladestation, sobald sie sich mit dieser Konsole verbindet.</translation>
    </message>
    <message>
        <source>Connector</source>
        <translation>Anschluss</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <source>A soft reboot restarts the station&apos;s software once it is idle; a hard reboot restarts it at once, like a power cycle.</source>
        <translation>Ein sanfter Neustart startet die Software der Ladestation neu, sobald sie im Leerlauf ist; ein harter Neustart startet sie sofort neu, wie Aus- und wieder Einschalten.</translation>
    </message>
    <message>
        <source>Soft reboot…</source>
        <translation>Sanfter Neustart …</translation>
    </message>
    <message>
        <source>Hard reboot…</source>
        <translation>Harter Neustart …</translation>
    </message>
    <message>
        <source>Reboot the station?</source>
        <translation>Ladestation neu starten?</translation>
    </message>
    <message>
        <source>A hard reboot restarts %1 at once and ends any charging on it.</source>
        <translation>Ein harter Neustart startet %1 sofort neu und beendet jedes laufende Laden daran.</translation>
    </message>
    <message>
        <source>A soft reboot restarts %1 when it is idle; charging in progress is ended first.</source>
        <translation>Ein sanfter Neustart startet %1 im Leerlauf neu; laufendes Laden wird vorher beendet.</translation>
    </message>
    <message>
        <source>Trigger a message</source>
        <translation>Nachricht anfordern</translation>
    </message>
    <message>
        <source>Asks the station to send one of its messages now, to check what it reports.</source>
        <translation>Fordert die Ladestation auf, jetzt eine ihrer Nachrichten zu senden, um zu prüfen, was sie meldet.</translation>
    </message>
    <message>
        <source>Boot notification</source>
        <translation>Boot-Meldung</translation>
    </message>
    <message>
        <source>Diagnostics status</source>
        <translation>Diagnosestatus</translation>
    </message>
    <message>
        <source>Firmware status</source>
        <translation>Firmwarestatus</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Meter values</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>Status notification</source>
        <translation>Statusmeldung</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Anfordern</translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation>Autorisierung</translation>
    </message>
    <message>
        <source>The cache holds the ID devices the station has recently seen accepted. The local list is the one the central system gives it, so that it can authorize while offline; the cache does not change it.</source>
        <translation>Der Cache enthält die ID-Medien, die die Ladestation zuletzt als angenommen gesehen hat. Die lokale Liste erhält sie vom Zentralsystem, damit sie auch offline autorisieren kann; der Cache ändert sie nicht.</translation>
    </message>
    <message>
        <source>Clear the cache</source>
        <translation>Cache leeren</translation>
    </message>
    <message>
        <source>Local authorization list</source>
        <translation>Lokale Autorisierungsliste</translation>
    </message>
    <message>
        <source>Ask for its version</source>
        <translation>Version abfragen</translation>
    </message>
    <message>
        <source>Version on the station: not asked yet</source>
        <translation>Version auf der Ladestation: noch nicht abgefragt</translation>
    </message>
    <message>
        <source>Version on the station: %1</source>
        <translation>Version auf der Ladestation: %1</translation>
    </message>
    <message>
        <source>The station has no local list.</source>
        <translation>Die Ladestation hat keine lokale Liste.</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <source>At this station</source>
        <translation>An dieser Ladestation</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>As version</source>
        <translation>Als Version</translation>
    </message>
    <message>
        <source>Send the full list</source>
        <translation>Vollständige Liste senden</translation>
    </message>
    <message>
        <source>Replaces the station&apos;s list with every device that is accepted, blocked or expired here</source>
        <translation>Ersetzt die Liste der Ladestation durch alle Medien, die hier angenommen, gesperrt oder abgelaufen sind</translation>
    </message>
    <message>
        <source>Send the ticked devices</source>
        <translation>Angehakte Medien senden</translation>
    </message>
    <message>
        <source>Adds or updates only the ticked devices in the station&apos;s list</source>
        <translation>Fügt nur die angehakten Medien der Liste der Ladestation hinzu oder aktualisiert sie dort</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Tick the devices to send first.</source>
        <translation>Haken Sie zuerst die zu sendenden Medien an.</translation>
    </message>
    <message>
        <source>Operations: %1</source>
        <translation>Betrieb: %1</translation>
    </message>
    <message>
        <source>Firmware update</source>
        <translation>Firmwareaktualisierung</translation>
    </message>
    <message>
        <source>The station downloads the file from the address at the time given, installs it and restarts. If the download fails it tries again.</source>
        <translation>Die Ladestation lädt die Datei zur angegebenen Zeit von der Adresse herunter, installiert sie und startet neu. Schlägt der Download fehl, versucht sie es erneut.</translation>
    </message>
    <message>
        <source>Use a file from this computer…</source>
        <translation>Eine Datei von diesem Computer verwenden …</translation>
    </message>
    <message>
        <source>Location</source>
        <comment>file address</comment>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Retrieve at</source>
        <translation>Abrufen am</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Request the update</source>
        <translation>Aktualisierung anfordern</translation>
    </message>
    <message>
        <source>Firmware for the station</source>
        <translation>Firmware für die Ladestation</translation>
    </message>
    <message>
        <source>The file could not be copied to %1.</source>
        <translation>Die Datei konnte nicht nach %1 kopiert werden.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>The station collects its logs of the period and uploads them to the address. This console&apos;s file server receives them when it runs.</source>
        <translation>Die Ladestation sammelt ihre Protokolle aus dem Zeitraum und lädt sie an die Adresse hoch. Der Dateiserver dieser Konsole nimmt sie entgegen, wenn er läuft.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Without an end, the logs run up to now</source>
        <translation>Ohne Ende reichen die Protokolle bis jetzt</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Upload to</source>
        <translation>Hochladen nach</translation>
    </message>
    <message>
        <source>Request diagnostics</source>
        <translation>Diagnose anfordern</translation>
    </message>
    <message>
        <source>Received files</source>
        <translation>Empfangene Dateien</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern unter …</translation>
    </message>
    <message>
        <source>The end of the period must come after its start.</source>
        <translation>Das Ende des Zeitraums muss nach seinem Beginn liegen.</translation>
    </message>
    <message>
        <source>The station will upload %1.</source>
        <translation>Die Ladestation wird %1 hochladen.</translation>
    </message>
    <message>
        <source>Copies the file into this console&apos;s file server and fills in its address</source>
        <translation>Kopiert die Datei in den Dateiserver dieser Konsole und trägt ihre Adresse ein</translation>
    </message>
    <message>
        <source>This console&apos;s file server is off, so it cannot serve a file</source>
        <translation>Der Dateiserver dieser Konsole ist aus und kann daher keine Datei bereitstellen</translation>
    </message>
    <message>
        <source>Save the diagnostics file</source>
        <translation>Diagnosedatei speichern</translation>
    </message>
    <message>
        <source>The file could not be saved to %1.</source>
        <translation>Die Datei konnte nicht unter %1 gespeichert werden.</translation>
    </message>
    <message>
        <source>Enter the address the station downloads the firmware from.</source>
        <translation>Geben Sie die Adresse ein, von der die Ladestation die Firmware herunterlädt.</translation>
    </message>
    <message>
        <source>Enter the address the station uploads its diagnostics to.</source>
        <translation>Geben Sie die Adresse ein, an die die Ladestation ihre Diagnosedaten hochlädt.</translation>
    </message>
    <message>
        <source>Use an address like ftp://user:password@host:21/path or https://host/path.</source>
        <translation>Verwenden Sie eine Adresse wie ftp://benutzer:passwort@host:21/pfad oder https://host/pfad.</translation>
    </message>
    <message>
        <source>The address must name the firmware file, not a folder.</source>
        <translation>Die Adresse muss die Firmwaredatei nennen, nicht einen Ordner.</translation>
    </message>
    <message>
        <source>times, every</source>
        <translation>Mal, alle</translation>
    </message>
    <message>
        <source>Station password: %1</source>
        <translation>Passwort der Ladestation: %1</translation>
    </message>
    <message>
        <source>The station has a password. A new one replaces it; the one stored is never shown.</source>
        <translation>Die Ladestation hat ein Passwort. Ein neues ersetzt es; das gespeicherte wird nie angezeigt.</translation>
    </message>
    <message>
        <source>The station has no password yet. It needs one when its connection policy asks for authentication.</source>
        <translation>Die Ladestation hat noch kein Passwort. Sie braucht eines, wenn ihre Verbindungsregel eine Authentifizierung verlangt.</translation>
    </message>
    <message>
        <source>Usually the station&apos;s connection identifier</source>
        <translation>Meist die Verbindungskennung der Ladestation</translation>
    </message>
    <message>
        <source>16 to 40 characters</source>
        <translation>16 bis 40 Zeichen</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Make a strong password, show it and copy it to the clipboard</source>
        <translation>Ein starkes Passwort erzeugen, anzeigen und in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Passwort festlegen</translation>
    </message>
    <message>
        <source>Remove password</source>
        <translation>Passwort entfernen</translation>
    </message>
    <message>
        <source>Type the new password, or generate one.</source>
        <translation>Geben Sie das neue Passwort ein oder erzeugen Sie eines.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Die beiden Passwörter unterscheiden sich. Geben Sie zweimal dasselbe Passwort ein.</translation>
    </message>
    <message>
        <source>Remove the station&apos;s password? While its connection policy asks for authentication, it can no longer connect.</source>
        <translation>Das Passwort der Ladestation entfernen? Solange ihre Verbindungsregel eine Authentifizierung verlangt, kann sie sich dann nicht mehr verbinden.</translation>
    </message>
    <message>
        <source>Ready to start</source>
        <translation>Bereit zum Start</translation>
    </message>
    <message>
        <source>Check what you entered. Go back to change anything; nothing is saved until you open the console.</source>
        <translation>Prüfen Sie Ihre Eingaben. Gehen Sie zurück, um etwas zu ändern; gespeichert wird erst, wenn Sie die Konsole öffnen.</translation>
    </message>
    <message>
        <source>&amp;Open console</source>
        <translation>&amp;Konsole öffnen</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Power user</source>
        <translation>Hauptbenutzer</translation>
    </message>
    <message>
        <source>%1 %2 &amp;lt;%3&amp;gt;</source>
        <comment>first name, last name, email</comment>
        <translation>%1 %2 &amp;lt;%3&amp;gt;</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Passwort ändern …</translation>
    </message>
    <message>
        <source>Passwords cannot be changed in this window.</source>
        <translation>In diesem Fenster können keine Passwörter geändert werden.</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>Deaktivieren …</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <source>You cannot disable yourself.</source>
        <translation>Sie können sich nicht selbst deaktivieren.</translation>
    </message>
    <message>
        <source>The password of %1 was changed.</source>
        <translation>Das Passwort von %1 wurde geändert.</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>Benutzer deaktivieren</translation>
    </message>
    <message>
        <source>Disable %1?</source>
        <translation>%1 deaktivieren?</translation>
    </message>
    <message>
        <source>They can no longer sign in until a power user enables them again.</source>
        <translation>Eine Anmeldung ist erst wieder möglich, wenn ein Hauptbenutzer den Benutzer wieder aktiviert.</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <source>Users cannot be created in this window: it cannot set passwords.</source>
        <translation>In diesem Fenster können keine Benutzer angelegt werden: Es kann keine Passwörter festlegen.</translation>
    </message>
    <message>
        <source>Your power user</source>
        <translation>Ihr Hauptbenutzer</translation>
    </message>
    <message>
        <source>The network&apos;s first user. A power user may do everything, including adding more users. You sign in with this email address and password.</source>
        <translation>Der erste Benutzer des Netzes. Ein Hauptbenutzer darf alles, auch weitere Benutzer anlegen. Sie melden sich mit dieser E-Mail-Adresse und diesem Passwort an.</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Vorname:</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message numerus="yes">
        <source>At least %n characters. A few unrelated words make a strong password.</source>
        <translation>
            <numerusform>Mindestens %n Zeichen. Einige Wörter ohne Zusammenhang ergeben ein starkes Passwort.</numerusform>
            <numerusform>Mindestens %n Zeichen. Einige Wörter ohne Zusammenhang ergeben ein starkes Passwort.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
    <message>
        <source>Welcome to ChargeDesk</source>
        <translation>Willkommen bei ChargeDesk</translation>
    </message>
    <message>
        <source>A few questions and your console is ready. Set up your own charging network, or look around a demo network first.</source>
        <translation>Ein paar Fragen, und Ihre Konsole ist bereit. Richten Sie Ihr eigenes Ladenetz ein oder sehen Sie sich zuerst in einem Demo-Netz um.</translation>
    </message>
    <message>
        <source>Start the &amp;demo</source>
        <translation>&amp;Demo starten</translation>
    </message>
    <message>
        <source>&amp;Set up a new charging network</source>
        <translation>Neues Ladenetz &amp;einrichten</translation>
    </message>
    <message>
        <source>&amp;Try the demo</source>
        <translation>Demo &amp;ausprobieren</translation>
    </message>
    <message>
        <source>Choose where the data is kept, describe your site and create the first power user. It takes about two minutes.</source>
        <translation>Wählen Sie, wo die Daten gespeichert werden, beschreiben Sie Ihr System und legen Sie den ersten Hauptbenutzer an. Das dauert etwa zwei Minuten.</translation>
    </message>
    <message>
        <source>Virtual chargers, drivers and a smart meter play a small network, so you see live sessions, load balancing and reports right away. Nothing is kept when the console closes.</source>
        <translation>Virtuelle Ladepunkte, Fahrer und ein intelligenter Zähler spielen ein kleines Netz, sodass Sie sofort laufende Ladevorgänge, Lastmanagement und Berichte sehen. Beim Schließen der Konsole wird nichts gespeichert.</translation>
    </message>
    <message>
        <source>The map&apos;s arcs are not lists of number pairs.</source>
        <translation>Die Bögen der Karte sind keine Listen von Zahlenpaaren.</translation>
    </message>
    <message>
        <source>The map&apos;s transform needs a scale and a translation.</source>
        <translation>Die Transformation der Karte braucht eine Skalierung und eine Verschiebung.</translation>
    </message>
    <message>
        <source>The map has no arcs.</source>
        <translation>Die Karte hat keine Bögen.</translation>
    </message>
    <message>
        <source>A ring of the map refers to an arc by something other than a number.</source>
        <translation>Ein Ring der Karte verweist auf einen Bogen mit etwas anderem als einer Zahl.</translation>
    </message>
    <message>
        <source>A ring of the map refers to arc %1, which does not exist.</source>
        <translation>Ein Ring der Karte verweist auf Bogen %1, den es nicht gibt.</translation>
    </message>
    <message>
        <source>A polygon of the map has a ring that is not a list of arcs.</source>
        <translation>Ein Polygon der Karte hat einen Ring, der keine Liste von Bögen ist.</translation>
    </message>
    <message>
        <source>The map is not valid JSON: %1.</source>
        <translation>Die Karte ist kein gültiges JSON: %1.</translation>
    </message>
    <message>
        <source>The map is not a TopoJSON topology.</source>
        <translation>Die Karte ist keine TopoJSON-Topologie.</translation>
    </message>
    <message>
        <source>The map has no countries.</source>
        <translation>Die Karte hat keine Länder.</translation>
    </message>
    <message>
        <source>The bundled base map is missing.</source>
        <translation>Die mitgelieferte Basiskarte fehlt.</translation>
    </message>
    <message>
        <source>There is no code to save.</source>
        <translation>Es gibt keinen Code zum Speichern.</translation>
    </message>
    <message>
        <source>The image could not be written.</source>
        <translation>Das Bild konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Desktop language</source>
        <translation>Sprache des Desktops</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>ChargeDesk speaks the chosen language from its next start.</source>
        <translation>ChargeDesk verwendet die gewählte Sprache ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>Der Export wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Customers and ID devices</source>
        <translation>Kunden und ID-Medien</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Verwaltung</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Ladestation</translation>
    </message>
    <message>
        <source>Connectivity</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>At boot</source>
        <translation>Beim Hochfahren</translation>
    </message>
    <message>
        <source>Charger</source>
        <translation>Ladepunkt</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>Leistungsdaten</translation>
    </message>
    <message>
        <source>Charging profiles</source>
        <translation>Ladeprofile</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Configuration templates</source>
        <translation>Konfigurationsvorlagen</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Applies</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>ID devices</source>
        <translation>ID-Medien</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>Zuordnung</translation>
    </message>
    <message>
        <source>ID device types</source>
        <translation>ID-Medientypen</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>Medientyp</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Betreiber</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Share and reimbursement</source>
        <translation>Anteil und Erstattung</translation>
    </message>
    <message>
        <source>Site settings</source>
        <translation>Systemeinstellungen</translation>
    </message>
    <message>
        <source>Regional</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Email (SMTP)</source>
        <translation>E-Mail (SMTP)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Schedule periods</source>
        <translation>Zeitplanabschnitte</translation>
    </message>
    <message>
        <source>Schedule periods (limits in %1)</source>
        <translation>Zeitplanabschnitte (Grenzen in %1)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Zugeordnet zu</translation>
    </message>
    <message>
        <source>Private network members</source>
        <translation>Mitglieder des privaten Netzes</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 kWh</source>
        <translation>%1 kWh</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Drucken</translation>
    </message>
    <message>
        <source>Reservations</source>
        <translation>Reservierungen</translation>
    </message>
    <message>
        <source>No session was opened for this reservation.</source>
        <translation>Für diese Reservierung wurde kein Ladevorgang eröffnet.</translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation>Elektrische Daten</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>no readings yet</source>
        <translation>noch keine Messwerte</translation>
    </message>
    <message>
        <source>now %1</source>
        <translation>jetzt %1</translation>
    </message>
    <message>
        <source>Power, last hour: %1, peak %2</source>
        <translation>Leistung der letzten Stunde: %1, Spitze %2</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Störung</translation>
    </message>
    <message>
        <source>Refused connection</source>
        <translation>Abgelehnte Verbindung</translation>
    </message>
    <message>
        <source>Rating or billing</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>%1: %2, no limit</source>
        <translation>%1: %2, ohne Grenzwert</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 von %3</translation>
    </message>
    <message>
        <source>Power now</source>
        <translation>Leistung jetzt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>Was nicht stimmt</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Nothing needs attention: every station is online, no connector is faulted and every session was rated.</source>
        <translation>Alles in Ordnung: Alle Ladestationen sind online, kein Anschluss ist gestört und jeder Ladevorgang wurde abgerechnet.</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Open the station or session this is about (or double-click the row)</source>
        <translation>Öffnet die betroffene Ladestation oder den Ladevorgang (oder Doppelklick auf die Zeile)</translation>
    </message>
    <message>
        <source>&amp;Add this station…</source>
        <translation>Diese Ladestation &amp;anlegen…</translation>
    </message>
    <message>
        <source>Create a station with the identity the charger connected with</source>
        <translation>Legt eine Ladestation mit der Kennung an, mit der sich das Ladegerät gemeldet hat</translation>
    </message>
    <message>
        <source>Could not read the network&apos;s status: %1</source>
        <translation>Der Zustand des Netzes konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 online</source>
        <translation>%1 online</translation>
    </message>
    <message>
        <source>none offline</source>
        <translation>keine offline</translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n offline</numerusform>
            <numerusform>%n offline</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 faulted</source>
        <translation>%1 gestört</translation>
    </message>
    <message>
        <source>%1 other</source>
        <translation>%1 sonstige</translation>
    </message>
    <message>
        <source>no balanced area</source>
        <translation>kein Bereich mit Lastmanagement</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s), %1 revenue</source>
        <translation>
            <numerusform>%n Ladevorgang, %1 Umsatz</numerusform>
            <numerusform>%n Ladevorgänge, %1 Umsatz</numerusform>
        </translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Braucht Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Needs attention (%1)</source>
        <translation>Braucht Aufmerksamkeit (%1)</translation>
    </message>
    <message>
        <source>Overview (%1)</source>
        <translation>Übersicht (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) need attention</source>
        <translation>
            <numerusform>%n Punkt braucht Aufmerksamkeit</numerusform>
            <numerusform>%n Punkte brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 (and %n more)</source>
        <translation>
            <numerusform>%1: %2 (und %n weiterer)</numerusform>
            <numerusform>%1: %2 (und %n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>ChargeDesk: needs attention</source>
        <translation>ChargeDesk: Aufmerksamkeit nötig</translation>
    </message>
    <message>
        <source>&amp;Desktop notifications for new problems</source>
        <translation>&amp;Desktop-Benachrichtigung bei neuen Problemen</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Open in a separate window</source>
        <translation>In eigenem Fenster öffnen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>%1 - ChargeDesk</source>
        <translation>%1 - ChargeDesk</translation>
    </message>
    <message>
        <source>Limits sent</source>
        <translation>Gesendete Grenzwerte</translation>
    </message>
    <message>
        <source>Charging profiles sent to the chargers of this area in the last hour. A higher limit waits for the next interval unless it grows by more than 5 % or 1 kW; a lower one is sent at once.</source>
        <translation>Ladeprofile, die in der letzten Stunde an die Ladegeräte dieses Bereichs gingen. Ein höherer Grenzwert wartet auf das nächste Intervall, außer er steigt um mehr als 5 % oder 1 kW; ein niedrigerer wird sofort gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>%n in the last hour</source>
        <translation>
            <numerusform>%n in der letzten Stunde</numerusform>
            <numerusform>%n in der letzten Stunde</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;First steps&lt;/b&gt; — from an empty database to a first charging session:</source>
        <translation>&lt;b&gt;Erste Schritte&lt;/b&gt; – von der leeren Datenbank zum ersten Ladevorgang:</translation>
    </message>
    <message>
        <source>Add the operator: the company that runs the chargers.</source>
        <translation>Betreiber anlegen: das Unternehmen, das die Ladegeräte betreibt.</translation>
    </message>
    <message>
        <source>Add an area: the site or car park where stations stand.</source>
        <translation>Bereich anlegen: der Standort oder Parkplatz der Ladestationen.</translation>
    </message>
    <message>
        <source>Add a station. Its details show the URL to enter in the charger.</source>
        <translation>Ladestation anlegen. Ihre Details zeigen die URL, die im Ladegerät einzutragen ist.</translation>
    </message>
    <message>
        <source>Give a customer a card (an ID device) to start charging with.</source>
        <translation>Einem Kunden eine Karte (ein ID-Medium) zum Starten geben.</translation>
    </message>
    <message>
        <source>Charge for the first time: with the charger, or without hardware with the simulator:</source>
        <translation>Zum ersten Mal laden: mit dem Ladegerät oder ohne Hardware mit dem Simulator:</translation>
    </message>
    <message>
        <source>(start the OCPP server first: it is off)</source>
        <translation>(zuerst den OCPP-Server starten: er ist aus)</translation>
    </message>
    <message>
        <source>connection identifier</source>
        <translation>Verbindungskennung</translation>
    </message>
    <message>
        <source>card identifier</source>
        <translation>Kartenkennung</translation>
    </message>
    <message>
        <source>Times: %1</source>
        <translation>Zeiten: %1</translation>
    </message>
    <message>
        <source>Times are shown in your operator&apos;s time zone.</source>
        <translation>Zeiten werden in der Zeitzone Ihres Betreibers angezeigt.</translation>
    </message>
    <message>
        <source>Times are shown in the site&apos;s time zone (Site settings).</source>
        <translation>Zeiten werden in der Zeitzone des Standorts angezeigt (Systemeinstellungen).</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>No %1 match the filters. Click Clear to see them all.</source>
        <translation>Keine %1 passen zu den Filtern. Mit „Zurücksetzen“ alle anzeigen.</translation>
    </message>
    <message>
        <source>No %1 yet. Click New to add one.</source>
        <translation>Noch keine %1. Mit „Neu“ hinzufügen.</translation>
    </message>
    <message>
        <source>No %1 yet.</source>
        <translation>Noch keine %1.</translation>
    </message>
    <message>
        <source>No stations yet. Click New to add one, or start the console with --demo.</source>
        <translation>Noch keine Ladestationen. Mit „Neu“ hinzufügen oder die Konsole mit --demo starten.</translation>
    </message>
    <message>
        <source>No connectors yet. Stations report theirs when they connect, or click New to add one.</source>
        <translation>Noch keine Anschlüsse. Ladestationen melden sie beim Verbinden, oder mit „Neu“ hinzufügen.</translation>
    </message>
    <message>
        <source>Sessions appear here when a charger starts charging.</source>
        <translation>Ladevorgänge erscheinen hier, sobald ein Ladegerät zu laden beginnt.</translation>
    </message>
    <message>
        <source>%1 charging</source>
        <comment>connectors</comment>
        <translation>%1 am Laden</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Neu…</translation>
    </message>
    <message>
        <source>Add a new %1 and choose it here</source>
        <translation>Neu anlegen (%1) und hier auswählen</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Show or hide the details of the selected row (Ctrl+I)</source>
        <translation>Details der gewählten Zeile zeigen oder ausblenden (Strg+I)</translation>
    </message>
    <message>
        <source>Map tiles could not be loaded (%1): only the built-in outline map shows. Check the network, or the tile server under Map settings.</source>
        <translation>Kartenkacheln konnten nicht geladen werden (%1): Nur die eingebaute Umrisskarte ist zu sehen. Netzwerk oder Kachelserver in den Karteneinstellungen prüfen.</translation>
    </message>
    <message>
        <source>Preparing, suspended or finishing</source>
        <translation>Vorbereitung, pausiert oder Abschluss</translation>
    </message>
    <message>
        <source>Unavailable or offline</source>
        <translation>Nicht verfügbar oder offline</translation>
    </message>
    <message>
        <source>Power drawn</source>
        <translation>Bezogene Leistung</translation>
    </message>
    <message>
        <source>Power offered</source>
        <translation>Angebotene Leistung</translation>
    </message>
    <message>
        <source>Power and energy</source>
        <translation>Leistung und Energie</translation>
    </message>
    <message>
        <source>Limit sent</source>
        <translation>Gesendetes Limit</translation>
    </message>
    <message>
        <source>Scroll to zoom, drag to move along the time axis, double-click to show everything again.</source>
        <translation>Zum Zoomen scrollen, zum Verschieben entlang der Zeitachse ziehen, Doppelklick zeigt wieder alles.</translation>
    </message>
    <message>
        <source>Messages to the chargers</source>
        <translation>Nachrichten an die Ladepunkte</translation>
    </message>
    <message>
        <source>A higher limit goes to a charger only when it rises by more than this share or this amount (in the limit&apos;s unit), or once per interval; empty: 5 % or 1 kW (1.5 A). A lower limit always goes at once.</source>
        <translation>Ein höheres Limit geht nur an einen Ladepunkt, wenn es um mehr als diesen Anteil oder diesen Betrag (in der Einheit des Limits) steigt, oder einmal je Intervall; leer: 5 % oder 1 kW (1,5 A). Ein niedrigeres Limit geht immer sofort.</translation>
    </message>
    <message>
        <source>Date and time in %1</source>
        <translation>Datum und Uhrzeit in %1</translation>
    </message>
    <message>
        <source>%1 so far</source>
        <translation>%1 bisher</translation>
    </message>
    <message>
        <source>The line fills in as power readings arrive.</source>
        <translation>Die Linie füllt sich, sobald Leistungswerte eintreffen.</translation>
    </message>
    <message>
        <source>Nothing was drawn in the last hour.</source>
        <translation>In der letzten Stunde wurde nichts bezogen.</translation>
    </message>
    <message>
        <source>Rating settings</source>
        <translation>Tarifeinstellungen</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Preise</translation>
    </message>
    <message>
        <source>Limits and the end of a session</source>
        <translation>Grenzen und Ende eines Ladevorgangs</translation>
    </message>
    <message>
        <source>The driver&apos;s means</source>
        <translation>Mittel des Fahrers</translation>
    </message>
    <message>
        <source>Reservations and home roaming</source>
        <translation>Reservierungen und Home-Roaming</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>this charger&apos;s</source>
        <translation>die dieses Ladepunkts</translation>
    </message>
    <message>
        <source>the operator&apos;s</source>
        <translation>die des Betreibers</translation>
    </message>
    <message>
        <source>the site&apos;s</source>
        <translation>die des Standorts</translation>
    </message>
    <message>
        <source>the default</source>
        <translation>Standardwert</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 pro %2</translation>
    </message>
    <message>
        <source>Prices and session rules</source>
        <translation>Preise und Regeln für Ladevorgänge</translation>
    </message>
    <message>
        <source>No rating settings apply: sessions here are free. Choose some for this charger, its operator or the site.</source>
        <translation>Es gelten keine Tarifeinstellungen: Ladevorgänge sind hier kostenlos. Wählen Sie welche für diesen Ladepunkt, seinen Betreiber oder den Standort.</translation>
    </message>
    <message>
        <source>Rating settings “%1”, %2.</source>
        <translation>Tarifeinstellungen „%1“, %2.</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>Stunde</translation>
    </message>
    <message>
        <source>%1, after %2 free</source>
        <translation>%1, nach %2 kostenlos</translation>
    </message>
    <message>
        <source>Stops at</source>
        <translation>Endet bei</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Endet</translation>
    </message>
    <message>
        <source>when the car is unplugged</source>
        <translation>wenn das Auto abgesteckt wird</translation>
    </message>
    <message>
        <source>when charging stops</source>
        <translation>wenn das Laden endet</translation>
    </message>
    <message>
        <source>Idle before charging</source>
        <translation>Untätig vor dem Laden</translation>
    </message>
    <message>
        <source>Idle while running</source>
        <translation>Untätig während des Ladevorgangs</translation>
    </message>
    <message>
        <source>%1 of charging</source>
        <translation>%1 Ladezeit</translation>
    </message>
    <message>
        <source>Enter a number such as %1.</source>
        <translation>Geben Sie eine Zahl wie %1 ein.</translation>
    </message>
    <message>
        <source>Enter a whole number, without decimals.</source>
        <translation>Geben Sie eine ganze Zahl ohne Nachkommastellen ein.</translation>
    </message>
    <message numerus="yes">
        <source>Enter at most %n decimal place(s).</source>
        <translation>
            <numerusform>Geben Sie höchstens %n Nachkommastelle ein.</numerusform>
            <numerusform>Geben Sie höchstens %n Nachkommastellen ein.</numerusform>
        </translation>
    </message>
    <message>
        <source>The number is too large.</source>
        <translation>Die Zahl ist zu groß.</translation>
    </message>
    <message>
        <source>That is not a whole number of seconds.</source>
        <translation>Das ist keine ganze Zahl von Sekunden.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>Reboot or reconnect</source>
        <translation>Neustart oder neu verbinden</translation>
    </message>
    <message>
        <source>A soft reboot restarts the station&apos;s software once it is idle; a hard reboot restarts it at once, like a power cycle. Disconnect only closes its connection: it connects again by itself, and charging goes on.</source>
        <translation>Ein weicher Neustart startet die Software der Ladestation neu, sobald sie frei ist; ein harter Neustart sofort, wie Aus- und Einschalten. Trennen schließt nur ihre Verbindung: Sie verbindet sich selbst wieder, und das Laden geht weiter.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Close the station&apos;s connection; it connects again by itself</source>
        <translation>Die Verbindung der Ladestation schließen; sie verbindet sich selbst wieder</translation>
    </message>
    <message>
        <source>Install at</source>
        <translation>Installieren um</translation>
    </message>
    <message>
        <source>OCPP 2.0.1 stations only: 1.6 stations install as soon as the download is done.</source>
        <translation>Nur Ladestationen mit OCPP 2.0.1: 1.6-Ladestationen installieren, sobald der Download fertig ist.</translation>
    </message>
    <message>
        <source>OCPP 1.6 stations install as soon as the download is done.</source>
        <translation>Ladestationen mit OCPP 1.6 installieren, sobald der Download fertig ist.</translation>
    </message>
    <message>
        <source>The installation cannot be before the download.</source>
        <translation>Die Installation kann nicht vor dem Download liegen.</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#8a8a8a&quot;&gt;■&lt;/span&gt; Closed: taken out of use</source>
        <translation>&lt;span style=&quot;color:#8a8a8a&quot;&gt;■&lt;/span&gt; Geschlossen: außer Betrieb genommen</translation>
    </message>
    <message>
        <source>Reopen the station</source>
        <translation>Ladestation wieder öffnen</translation>
    </message>
    <message>
        <source>Close the station…</source>
        <translation>Ladestation schließen…</translation>
    </message>
    <message>
        <source>Close the station?</source>
        <translation>Ladestation schließen?</translation>
    </message>
    <message>
        <source>%1 will be taken out of use: it is refused when it connects, and its sessions and reports are kept. You can reopen it at any time.</source>
        <translation>%1 wird außer Betrieb genommen: Sie wird abgewiesen, wenn sie sich verbindet; ihre Ladevorgänge und Meldungen bleiben erhalten. Sie können sie jederzeit wieder öffnen.</translation>
    </message>
    <message>
        <source>Close the station</source>
        <translation>Ladestation schließen</translation>
    </message>
    <message>
        <source>The site&apos;s language</source>
        <translation>Sprache des Standorts</translation>
    </message>
    <message>
        <source>%1 (the operator&apos;s cap)</source>
        <translation>%1 (Obergrenze des Betreibers)</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::ChargingProfiles</name>
    <message>
        <source>A charging profile needs at least one schedule period.</source>
        <translation>Ein Ladeprofil braucht mindestens einen Zeitplanabschnitt.</translation>
    </message>
    <message>
        <source>The first schedule period must start at 0 (the schedule&apos;s start).</source>
        <translation>Der erste Zeitplanabschnitt muss bei 0 beginnen (dem Beginn des Zeitplans).</translation>
    </message>
    <message>
        <source>No such charging profile.</source>
        <translation>Dieses Ladeprofil gibt es nicht.</translation>
    </message>
    <message>
        <source>The charger</source>
        <translation>Ladepunkt</translation>
    </message>
    <message>
        <source>The charging profile assignment was not recorded.</source>
        <translation>Die Zuordnung des Ladeprofils wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>The charger rejected the profile: it may not support smart charging or this schedule.</source>
        <translation>Der Ladepunkt hat das Profil abgelehnt: Er unterstützt vielleicht kein Smart Charging oder diesen Zeitplan nicht.</translation>
    </message>
    <message>
        <source>Still applied for another charger of the station.</source>
        <translation>Gilt noch für einen anderen Ladepunkt der Ladestation.</translation>
    </message>
    <message>
        <source>From 1 second to 7 days.</source>
        <translation>Von 1 Sekunde bis 7 Tage.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::ChargingSessions</name>
    <message>
        <source>Authorized during the transaction</source>
        <translation>Während der Transaktion autorisiert</translation>
    </message>
    <message>
        <source>Superseded by a new transaction</source>
        <translation>Durch eine neue Transaktion ersetzt</translation>
    </message>
    <message>
        <source>Started on the reservation</source>
        <translation>Auf die Reservierung hin gestartet</translation>
    </message>
    <message>
        <source>Started as requested</source>
        <translation>Wie angefordert gestartet</translation>
    </message>
    <message>
        <source>Reactivated by a start</source>
        <translation>Durch einen Start wieder aufgenommen</translation>
    </message>
    <message>
        <source>Transaction %1</source>
        <translation>Transaktion %1</translation>
    </message>
    <message>
        <source>The session is not open.</source>
        <translation>Der Ladevorgang ist nicht offen.</translation>
    </message>
    <message>
        <source>Reactivated: the charger still reports it</source>
        <translation>Wieder aufgenommen: Der Ladepunkt meldet ihn noch</translation>
    </message>
    <message>
        <source>Connector released</source>
        <translation>Anschluss freigegeben</translation>
    </message>
    <message>
        <source>Stop reported after closing: %1</source>
        <translation>Ende nach dem Abschluss gemeldet: %1</translation>
    </message>
    <message>
        <source>Charging ended (%1); parking tracked</source>
        <translation>Laden beendet (%1); Parkzeit wird erfasst</translation>
    </message>
    <message>
        <source>Only a Ready session can be refused.</source>
        <translation>Nur ein bereiter Ladevorgang kann abgelehnt werden.</translation>
    </message>
    <message>
        <source>Only a session whose rating failed can be rated again.</source>
        <translation>Nur ein Ladevorgang, dessen Tarifierung fehlgeschlagen ist, kann erneut tarifiert werden.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::LiveConfiguration</name>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Ladevorgänge</translation>
    </message>
    <message>
        <source>Metering</source>
        <translation>Messung</translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation>Autorisierung</translation>
    </message>
    <message>
        <source>Plug &amp; Charge</source>
        <translation>Plug &amp; Charge</translation>
    </message>
    <message>
        <source>Connector phase rotation</source>
        <translation>Phasenfolge der Anschlüsse</translation>
    </message>
    <message>
        <source>Heartbeat interval (s)</source>
        <translation>Heartbeat-Intervall (s)</translation>
    </message>
    <message>
        <source>Reset retries</source>
        <translation>Wiederholungen beim Zurücksetzen</translation>
    </message>
    <message>
        <source>WebSocket ping interval (s)</source>
        <translation>WebSocket-Ping-Intervall (s)</translation>
    </message>
    <message>
        <source>Transaction message attempts</source>
        <translation>Sendeversuche für Transaktionsnachrichten</translation>
    </message>
    <message>
        <source>Transaction message retry interval (s)</source>
        <translation>Wiederholungsintervall für Transaktionsnachrichten (s)</translation>
    </message>
    <message>
        <source>Stop when the EV side is unplugged</source>
        <translation>Beenden, wenn der Stecker am Fahrzeug gezogen wird</translation>
    </message>
    <message>
        <source>Stop on an ID that is no longer valid</source>
        <translation>Beenden, wenn die ID nicht mehr gültig ist</translation>
    </message>
    <message>
        <source>EV connection timeout (s)</source>
        <translation>Wartezeit auf das Fahrzeug (s)</translation>
    </message>
    <message>
        <source>Allow offline sessions for unknown IDs</source>
        <translation>Offline-Ladevorgänge für unbekannte IDs erlauben</translation>
    </message>
    <message>
        <source>Clock-aligned interval (s)</source>
        <translation>Uhrzeitgebundenes Intervall (s)</translation>
    </message>
    <message>
        <source>Clock-aligned measurands</source>
        <translation>Uhrzeitgebundene Messgrößen</translation>
    </message>
    <message>
        <source>Sample interval (s)</source>
        <translation>Abtastintervall (s)</translation>
    </message>
    <message>
        <source>Sampled measurands</source>
        <translation>Abgetastete Messgrößen</translation>
    </message>
    <message>
        <source>Clock-aligned measurands at session end</source>
        <translation>Uhrzeitgebundene Messgrößen am Ende des Ladevorgangs</translation>
    </message>
    <message>
        <source>Sampled measurands at session end</source>
        <translation>Abgetastete Messgrößen am Ende des Ladevorgangs</translation>
    </message>
    <message>
        <source>Authorize locally when offline</source>
        <translation>Offline lokal autorisieren</translation>
    </message>
    <message>
        <source>Pre-authorize locally</source>
        <translation>Lokal vorab autorisieren</translation>
    </message>
    <message>
        <source>Local authorization list enabled</source>
        <translation>Lokale Autorisierungsliste aktiv</translation>
    </message>
    <message>
        <source>IDs per local list update</source>
        <translation>IDs pro Aktualisierung der lokalen Liste</translation>
    </message>
    <message>
        <source>Local list capacity</source>
        <translation>Kapazität der lokalen Liste</translation>
    </message>
    <message>
        <source>Authorization cache enabled</source>
        <translation>Autorisierungs-Cache aktiv</translation>
    </message>
    <message>
        <source>Authorize remote starts</source>
        <translation>Fernstarts autorisieren</translation>
    </message>
    <message>
        <source>Plug &amp; Charge enabled</source>
        <translation>Plug &amp; Charge aktiv</translation>
    </message>
    <message>
        <source>Central contract validation</source>
        <translation>Zentrale Vertragsprüfung</translation>
    </message>
    <message>
        <source>Offline contract validation</source>
        <translation>Offline-Vertragsprüfung</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::BalancingService</name>
    <message>
        <source>The charger answered %1 to its load balancing limit.</source>
        <translation>Der Ladepunkt hat auf seine Lastmanagement-Grenze mit %1 geantwortet.</translation>
    </message>
    <message>
        <source>The charger did not take its load balancing limit (%1): %2</source>
        <translation>Der Ladepunkt hat seine Lastmanagement-Grenze (%1) nicht übernommen: %2</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::Reservations</name>
    <message>
        <source>The reservation service stopped.</source>
        <translation>Der Reservierungsdienst wurde beendet.</translation>
    </message>
    <message>
        <source>A reservation must end in the future.</source>
        <translation>Eine Reservierung muss in der Zukunft enden.</translation>
    </message>
    <message>
        <source>The charger “%1” does not take reservations.</source>
        <translation>Der Ladepunkt „%1“ nimmt keine Reservierungen an.</translation>
    </message>
    <message>
        <source>The customer does not exist.</source>
        <translation>Diesen Kunden gibt es nicht.</translation>
    </message>
    <message>
        <source>The customer is %1; only an active customer can reserve.</source>
        <translation>Der Kunde ist %1; nur aktive Kunden können reservieren.</translation>
    </message>
    <message>
        <source>The customer already has an open session.</source>
        <translation>Der Kunde hat bereits einen offenen Ladevorgang.</translation>
    </message>
    <message>
        <source>The connector has an open session.</source>
        <translation>Der Anschluss hat einen offenen Ladevorgang.</translation>
    </message>
    <message>
        <source>Reserved until %1.</source>
        <translation>Reserviert bis %1.</translation>
    </message>
    <message>
        <source> The connectors of the charger “%1” cannot be used at the same time.</source>
        <translation> Die Anschlüsse des Ladepunkts „%1“ können nicht gleichzeitig genutzt werden.</translation>
    </message>
    <message>
        <source>The connector is already reserved until %1.</source>
        <translation>Der Anschluss ist bereits bis %1 reserviert.</translation>
    </message>
    <message>
        <source>Another connector of the charger is reserved until %1.</source>
        <translation>Ein anderer Anschluss des Ladepunkts ist bis %1 reserviert.</translation>
    </message>
    <message>
        <source>Another connector of the charger has an open session.</source>
        <translation>Ein anderer Anschluss des Ladepunkts hat einen offenen Ladevorgang.</translation>
    </message>
    <message>
        <source>The station answered %1.</source>
        <translation>Die Ladestation hat mit %1 geantwortet.</translation>
    </message>
    <message>
        <source>The station is not connected.</source>
        <translation>Die Ladestation ist nicht verbunden.</translation>
    </message>
    <message>
        <source>The station did not answer in time.</source>
        <translation>Die Ladestation hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The station could not take the reservation: %1</source>
        <translation>Die Ladestation konnte die Reservierung nicht annehmen: %1</translation>
    </message>
    <message>
        <source>The reservation is already %1.</source>
        <translation>Die Reservierung ist bereits %1.</translation>
    </message>
    <message>
        <source>an operator</source>
        <translation>einem Bediener</translation>
    </message>
    <message>
        <source>Cancelled by %1.</source>
        <translation>Storniert von %1.</translation>
    </message>
    <message>
        <source>Cancelled here only: the station is not connected, so it holds the connector until the reservation expires.</source>
        <translation>Nur hier storniert: Die Ladestation ist nicht verbunden und hält den Anschluss daher, bis die Reservierung abläuft.</translation>
    </message>
    <message>
        <source>The reservation expired.</source>
        <translation>Die Reservierung ist abgelaufen.</translation>
    </message>
    <message>
        <source>The reservation</source>
        <translation>Reservierung</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::SessionControl</name>
    <message>
        <source>Session %1</source>
        <translation>Ladevorgang %1</translation>
    </message>
    <message>
        <source>The station is not connected.</source>
        <translation>Die Ladestation ist nicht verbunden.</translation>
    </message>
    <message>
        <source>The connector already has an open session.</source>
        <translation>Der Anschluss hat bereits einen offenen Ladevorgang.</translation>
    </message>
    <message>
        <source>The customer already has an open session; one at a time.</source>
        <translation>Der Kunde hat bereits einen offenen Ladevorgang; es geht nur einer zur selben Zeit.</translation>
    </message>
    <message>
        <source>Plug the vehicle in first: this connector starts only when occupied.</source>
        <translation>Schließen Sie zuerst das Fahrzeug an: Dieser Anschluss startet nur, wenn er belegt ist.</translation>
    </message>
    <message>
        <source>Customer %1</source>
        <translation>Kunde %1</translation>
    </message>
    <message>
        <source>Start requested</source>
        <translation>Start angefordert</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
    <message>
        <source>The customer may not charge here: %1.</source>
        <translation>Der Kunde darf hier nicht laden: %1.</translation>
    </message>
    <message>
        <source>The charger refused to start: %1</source>
        <translation>Der Ladepunkt hat den Start abgelehnt: %1</translation>
    </message>
    <message>
        <source>Payment authorization declined: %1</source>
        <translation>Zahlungsautorisierung abgelehnt: %1</translation>
    </message>
    <message>
        <source>The payment authorization was declined: %1</source>
        <translation>Die Zahlungsautorisierung wurde abgelehnt: %1</translation>
    </message>
    <message>
        <source>No payment provider is configured.</source>
        <translation>Es ist kein Zahlungsdienstleister eingerichtet.</translation>
    </message>
    <message>
        <source>The session is gone.</source>
        <translation>Den Ladevorgang gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>The hold was not recorded.</source>
        <translation>Die Vorautorisierung wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>not approved</source>
        <translation>nicht genehmigt</translation>
    </message>
    <message>
        <source>The session is not open.</source>
        <translation>Der Ladevorgang ist nicht offen.</translation>
    </message>
    <message>
        <source>Closed by the operator</source>
        <translation>Vom Bediener abgeschlossen</translation>
    </message>
    <message>
        <source>Force close requested</source>
        <translation>Erzwungener Abschluss angefordert</translation>
    </message>
    <message>
        <source>Force closed (charger: %1)</source>
        <translation>Erzwungen abgeschlossen (Ladepunkt: %1)</translation>
    </message>
    <message>
        <source>Only a session whose billing failed can be billed again.</source>
        <translation>Nur ein Ladevorgang, dessen Abrechnung fehlgeschlagen ist, kann erneut abgerechnet werden.</translation>
    </message>
    <message>
        <source>Not started within %1 s</source>
        <translation>Nicht innerhalb von %1 s gestartet</translation>
    </message>
    <message>
        <source>The charger did not confirm the stop</source>
        <translation>Der Ladepunkt hat das Beenden nicht bestätigt</translation>
    </message>
    <message>
        <source>No report for %1 s</source>
        <translation>Seit %1 s keine Meldung</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::Settlement</name>
    <message>
        <source>Give the new rating identifier.</source>
        <translation>Geben Sie die neue Tarifierungskennung an.</translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>Ladevorgang %1</translation>
    </message>
    <message>
        <source>Not rated: nobody authorized the session.</source>
        <translation>Nicht tarifiert: Niemand hat den Ladevorgang autorisiert.</translation>
    </message>
    <message>
        <source>The site&apos;s currency is not set.</source>
        <translation>Die Währung des Systems ist nicht eingestellt.</translation>
    </message>
    <message>
        <source>Already rated under %1.</source>
        <translation>Bereits tarifiert unter %1.</translation>
    </message>
    <message>
        <source>The rating identifier %1 is already used by another rating.</source>
        <translation>Die Tarifierungskennung %1 wird bereits von einer anderen Tarifierung verwendet.</translation>
    </message>
    <message>
        <source>Rated %1 %2, billing.</source>
        <translation>Tarifiert mit %1 %2, wird abgerechnet.</translation>
    </message>
    <message>
        <source>Rated %1 %2.</source>
        <translation>Tarifiert mit %1 %2.</translation>
    </message>
    <message>
        <source>No payment provider is configured.</source>
        <translation>Es ist kein Zahlungsdienstleister eingerichtet.</translation>
    </message>
    <message>
        <source>Billed.</source>
        <translation>Abgerechnet.</translation>
    </message>
    <message>
        <source>The payment provider did not approve.</source>
        <translation>Der Zahlungsdienstleister hat nicht zugestimmt.</translation>
    </message>
    <message>
        <source>The payment was not recorded.</source>
        <translation>Die Zahlung wurde nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Core::StationService</name>
    <message>
        <source>Station passwords need at least 16 characters.</source>
        <translation>Passwörter von Ladestationen brauchen mindestens 16 Zeichen.</translation>
    </message>
    <message>
        <source>OCPP allows at most 40 characters.</source>
        <translation>OCPP erlaubt höchstens 40 Zeichen.</translation>
    </message>
    <message>
        <source>Charger %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <source>Connector %1</source>
        <translation>Anschluss %1</translation>
    </message>
    <message>
        <source>Only a power user may close or reopen a station.</source>
        <translation>Nur ein Hauptbenutzer darf eine Ladestation schließen oder wieder öffnen.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Server::FileDepot</name>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>Der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot listen for files on port %1: %2</source>
        <translation>Dateien können nicht auf Port %1 empfangen werden: %2</translation>
    </message>
    <message>
        <source>The file is larger than %1 MiB.</source>
        <translation>Die Datei ist größer als %1 MiB.</translation>
    </message>
    <message>
        <source>Not an acceptable file name.</source>
        <translation>Kein zulässiger Dateiname.</translation>
    </message>
    <message>
        <source>Firmware is under /files/firmware/, diagnostics under /files/diagnostics/.</source>
        <translation>Firmware liegt unter /files/firmware/, Diagnosedaten unter /files/diagnostics/.</translation>
    </message>
    <message>
        <source>Firmware files can only be downloaded.</source>
        <translation>Firmwaredateien können nur heruntergeladen werden.</translation>
    </message>
    <message>
        <source>There is no firmware file %1.</source>
        <translation>Es gibt keine Firmwaredatei %1.</translation>
    </message>
    <message>
        <source>Post the file as multipart/form-data.</source>
        <translation>Senden Sie die Datei per POST als multipart/form-data.</translation>
    </message>
    <message>
        <source>The form holds no file.</source>
        <translation>Das Formular enthält keine Datei.</translation>
    </message>
    <message>
        <source>Diagnostics files are uploaded with PUT or a multipart POST.</source>
        <translation>Diagnosedateien werden per PUT oder als Multipart-POST hochgeladen.</translation>
    </message>
    <message>
        <source>The file could not be stored.</source>
        <translation>Die Datei konnte nicht gespeichert werden.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Server::Gateway</name>
    <message>
        <source>The station is not connected, so it cannot be reached.</source>
        <translation>Die Ladestation ist nicht verbunden und daher nicht erreichbar.</translation>
    </message>
    <message>
        <source>disconnected by the operator</source>
        <translation>vom Betreiber getrennt</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Server::Ocpp::CallBatcher</name>
    <message>
        <source>The central system could not store the call; send it again.</source>
        <translation>Das Zentralsystem konnte die Nachricht nicht speichern; bitte erneut senden.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Server::Ocpp::StationConnection</name>
    <message>
        <source>The station disconnected.</source>
        <translation>Die Ladestation hat die Verbindung getrennt.</translation>
    </message>
    <message>
        <source>No answer within %1 s.</source>
        <translation>Keine Antwort innerhalb von %1 s.</translation>
    </message>
    <message>
        <source>no answer to two pings</source>
        <translation>keine Antwort auf zwei Pings</translation>
    </message>
    <message>
        <source>no OCPP message for %1 s (heartbeat interval %2 s)</source>
        <translation>seit %1 s keine OCPP-Nachricht (Heartbeat-Intervall %2 s)</translation>
    </message>
    <message>
        <source>The frame has %1 bytes; the limit is %2.</source>
        <translation>Der Frame hat %1 Bytes; die Grenze ist %2.</translation>
    </message>
    <message>
        <source>%1 is not an OCPP %2 action.</source>
        <translation>%1 ist keine Aktion von OCPP %2.</translation>
    </message>
    <message>
        <source>%1 is not accepted from a charging station.</source>
        <translation>%1 wird von einer Ladestation nicht angenommen.</translation>
    </message>
    <message>
        <source>The central system could not build a valid answer.</source>
        <translation>Das Zentralsystem konnte keine gültige Antwort erstellen.</translation>
    </message>
    <message>
        <source>The station&apos;s answer is not valid: %1</source>
        <translation>Die Antwort der Ladestation ist ungültig: %1</translation>
    </message>
    <message>
        <source>The station is not connected.</source>
        <translation>Die Ladestation ist nicht verbunden.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Server::Rest::RestServer</name>
    <message>
        <source>The API lives under /api/v1/.</source>
        <translation>Die API liegt unter /api/v1/.</translation>
    </message>
    <message>
        <source>Send the API token as &apos;Authorization: Bearer &lt;token&gt;&apos;.</source>
        <translation>Senden Sie das API-Token als „Authorization: Bearer &lt;token&gt;“.</translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Server::Simulator::Fleet</name>
    <message>
        <source>%1: connected and accepted</source>
        <translation>%1: verbunden und angenommen</translation>
    </message>
    <message>
        <source>Drivers come and go by themselves.</source>
        <translation>Fahrer kommen und gehen von selbst.</translation>
    </message>
    <message>
        <source>Drivers wait for you.</source>
        <translation>Fahrer warten auf Sie.</translation>
    </message>
    <message>
        <source>%1: a car is plugged in</source>
        <translation>%1: ein Auto ist angesteckt</translation>
    </message>
    <message>
        <source>%1: the car left</source>
        <translation>%1: das Auto ist weggefahren</translation>
    </message>
    <message>
        <source>%1: charging started</source>
        <translation>%1: Laden gestartet</translation>
    </message>
    <message>
        <source>%1: charging ended, %2 kWh</source>
        <translation>%1: Laden beendet, %2 kWh</translation>
    </message>
    <message>
        <source>%1: disconnected</source>
        <translation>%1: Verbindung getrennt</translation>
    </message>
    <message>
        <source>%1: connection cut</source>
        <translation>%1: Verbindung unterbrochen</translation>
    </message>
    <message>
        <source>%1: connection restored</source>
        <translation>%1: Verbindung wiederhergestellt</translation>
    </message>
</context>
<context>
    <name>Choice</name>
    <message>
        <source>Charging end</source>
        <translation>Ende des Ladens</translation>
    </message>
    <message>
        <source>Parking end</source>
        <translation>Ende des Parkens</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Initial only</source>
        <translation>Nur zu Beginn</translation>
    </message>
    <message>
        <source>Auth control</source>
        <translation>Autorisierungsprüfung</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Prepaid</source>
        <translation>Vorausbezahlt</translation>
    </message>
    <message>
        <source>Postpaid</source>
        <translation>Nachträglich bezahlt</translation>
    </message>
    <message>
        <source>Pay now</source>
        <translation>Sofort bezahlen</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Ausgesetzt</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Strom</translation>
    </message>
    <message>
        <source>Equal</source>
        <translation>Gleichmäßig</translation>
    </message>
    <message>
        <source>First in first charged</source>
        <translation>Wer zuerst kommt, lädt zuerst</translation>
    </message>
    <message>
        <source>First in</source>
        <translation>Zuerst angesteckt</translation>
    </message>
    <message>
        <source>Round allocation</source>
        <translation>Reihum</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>Einmalig</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Wöchentlich</translation>
    </message>
    <message>
        <source>One time</source>
        <translation>Einmalig</translation>
    </message>
    <message>
        <source>Recurring</source>
        <translation>Wiederkehrend</translation>
    </message>
    <message>
        <source>Charger total</source>
        <translation>Ladepunkt gesamt</translation>
    </message>
    <message>
        <source>Session default</source>
        <translation>Standard je Ladevorgang</translation>
    </message>
    <message>
        <source>WSS basic</source>
        <translation>WSS mit Basic-Anmeldung</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Operative</source>
        <translation>Betriebsbereit</translation>
    </message>
    <message>
        <source>Inoperative</source>
        <translation>Außer Betrieb</translation>
    </message>
    <message>
        <source>AC single phase</source>
        <translation>AC einphasig</translation>
    </message>
    <message>
        <source>AC three phase</source>
        <translation>AC dreiphasig</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>Vorbereitung</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>Lädt</translation>
    </message>
    <message>
        <source>Suspended EVSE</source>
        <translation>Pausiert (Ladepunkt)</translation>
    </message>
    <message>
        <source>Suspended EV</source>
        <translation>Pausiert (Fahrzeug)</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>Wird beendet</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>Nicht verfügbar</translation>
    </message>
    <message>
        <source>Faulted</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Type1</source>
        <translation>Typ 1</translation>
    </message>
    <message>
        <source>Type2</source>
        <translation>Typ 2</translation>
    </message>
    <message>
        <source>Type3</source>
        <translation>Typ 3</translation>
    </message>
    <message>
        <source>Chaoji</source>
        <translation>ChaoJi</translation>
    </message>
    <message>
        <source>Chademo</source>
        <translation>CHAdeMO</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Andere</translation>
    </message>
    <message>
        <source>Smart meter</source>
        <translation>Intelligenter Zähler</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Erzeuger</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Verbraucher</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batterie</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Verwendet</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Limit reached</source>
        <translation>Grenze erreicht</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>Wird abgeschlossen</translation>
    </message>
    <message>
        <source>Rating failed</source>
        <translation>Tarifierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Billing failed</source>
        <translation>Abrechnung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Zahlung</translation>
    </message>
    <message>
        <source>Roaming</source>
        <translation>Roaming</translation>
    </message>
    <message>
        <source>Public free</source>
        <translation>Öffentlich, kostenlos</translation>
    </message>
    <message>
        <source>Absolute</source>
        <translation>Absolut</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>Relativ</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>Gemischt</translation>
    </message>
    <message>
        <source>Monetary</source>
        <translation>Geldbetrag</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <source>Charge time</source>
        <translation>Ladezeit</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Charging profile energy</source>
        <translation>Energiegrenze des Ladeprofils</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>Push</translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation>Infrastruktur</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Ladevorgang</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <source>We register</source>
        <translation>Wir registrieren</translation>
    </message>
    <message>
        <source>They register</source>
        <translation>Die Gegenseite registriert</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registriert</translation>
    </message>
    <message>
        <source>Invalidated</source>
        <translation>Entwertet</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Ausgehend</translation>
    </message>
</context>
<context>
    <name>ConfigurationCheck</name>
    <message>
        <source>A remote start should still be authorized by the station, so that it starts only for a driver who may charge.</source>
        <translation>Ein Fernstart sollte trotzdem von der Ladestation autorisiert werden, damit er nur für einen Fahrer startet, der laden darf.</translation>
    </message>
    <message>
        <source>With the cache on, the station lets known cards charge without asking the central system, whose funds check is then skipped.</source>
        <translation>Mit aktivem Cache lässt die Ladestation bekannte Karten laden, ohne das Zentralsystem zu fragen; dessen Guthabenprüfung entfällt dann.</translation>
    </message>
    <message>
        <source>Offline, the station would start sessions from its cache or local list that nobody pays for.</source>
        <translation>Offline würde die Ladestation aus ihrem Cache oder ihrer lokalen Liste Ladevorgänge starten, die niemand bezahlt.</translation>
    </message>
    <message>
        <source>The station would start from its cache or local list before the central system answers, so a driver without funds could charge.</source>
        <translation>Die Ladestation würde aus ihrem Cache oder ihrer lokalen Liste starten, bevor das Zentralsystem antwortet; so könnte ein Fahrer ohne Guthaben laden.</translation>
    </message>
    <message>
        <source>A local list lets drivers charge without the central system&apos;s funds check; turn it off unless you deliberately run offline authorization.</source>
        <translation>Eine lokale Liste lässt Fahrer ohne die Guthabenprüfung des Zentralsystems laden; schalten Sie sie aus, sofern Sie nicht bewusst mit Offline-Autorisierung arbeiten.</translation>
    </message>
    <message>
        <source>Offline, any card at all could charge: such sessions have no customer.</source>
        <translation>Offline könnte jede beliebige Karte laden: Solche Ladevorgänge haben keinen Kunden.</translation>
    </message>
    <message>
        <source>Plug &amp; Charge contracts the station cannot verify itself should be sent to the central system to verify.</source>
        <translation>Verträge für Plug &amp; Charge, die die Ladestation nicht selbst prüfen kann, sollte sie dem Zentralsystem zur Prüfung schicken.</translation>
    </message>
    <message>
        <source>Plug &amp; Charge contracts should be verified by the central system, not by the station on its own while offline.</source>
        <translation>Verträge für Plug &amp; Charge sollte das Zentralsystem prüfen, nicht die Ladestation allein, während sie offline ist.</translation>
    </message>
    <message>
        <source>Session meter values are off: the session&apos;s energy and power do not move until it ends.</source>
        <translation>Messwerte während des Ladevorgangs sind aus: Energie und Leistung des Ladevorgangs ändern sich erst an seinem Ende.</translation>
    </message>
    <message>
        <source>Readings every %1 s flood the connection and the database; %2 to %3 s is enough.</source>
        <translation>Messwerte alle %1 s überfluten die Verbindung und die Datenbank; %2 bis %3 s genügen.</translation>
    </message>
    <message>
        <source>Readings every %1 s make the session&apos;s progress lag; use %2 to %3 s.</source>
        <translation>Messwerte nur alle %1 s lassen den Fortschritt des Ladevorgangs hinterherhinken; verwenden Sie %2 bis %3 s.</translation>
    </message>
    <message>
        <source>The interval is not a number of seconds.</source>
        <translation>Das Intervall ist keine Anzahl von Sekunden.</translation>
    </message>
    <message>
        <source>Missing %1: sessions then show no energy progress, power, current or battery level.</source>
        <translation>%1 fehlt: Ladevorgänge zeigen dann keinen Energiefortschritt, keine Leistung, keinen Strom und keinen Ladestand.</translation>
    </message>
    <message>
        <source>Without Power.Offered the regular readings do not show what the station offers while a vehicle stays plugged in.</source>
        <translation>Ohne Power.Offered zeigen die regelmäßigen Messwerte nicht, was die Ladestation anbietet, während ein Fahrzeug angesteckt bleibt.</translation>
    </message>
    <message>
        <source>The station waits %1 s for the cable, but a ready session expires here after %2 s: a late plug-in starts a session nobody tracks. Keep it shorter than the expiration.</source>
        <translation>Die Ladestation wartet %1 s auf das Kabel, aber ein bereiter Ladevorgang läuft hier nach %2 s ab: Ein spätes Anstecken startet einen Ladevorgang, den niemand verfolgt. Halten Sie die Wartezeit kürzer als den Ablauf.</translation>
    </message>
    <message>
        <source>The station never gives up a prepared session, but a ready session expires here after %1 s.</source>
        <translation>Die Ladestation gibt einen vorbereiteten Ladevorgang nie auf, aber ein bereiter Ladevorgang läuft hier nach %1 s ab.</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>Energy step delta</source>
        <translation>Energieschritt-Delta</translation>
    </message>
    <message>
        <source>The energy step of the check that the driver&apos;s balance covers what comes next, on this operator&apos;s chargers where the rating settings set no energy step.</source>
        <translation>Der Energieschritt der Prüfung, ob das Guthaben des Fahrers das Nächste deckt, an den Ladepunkten dieses Betreibers, wo die Tarifierungseinstellungen keinen Energieschritt festlegen.</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>Sicherheitsschlüssel</translation>
    </message>
    <message>
        <source>A secret shared with the operator&apos;s integrations. It is stored but never shown again; leave it empty to keep the one stored.</source>
        <translation>Ein Geheimnis, das die Integrationen des Betreibers kennen. Es wird gespeichert, aber nie wieder angezeigt; leer lassen, um das gespeicherte zu behalten.</translation>
    </message>
    <message>
        <source>Monetary session limit</source>
        <translation>Betragsgrenze je Ladevorgang</translation>
    </message>
    <message>
        <source>No session on this operator&apos;s chargers may cost more: the charger is asked to stop it at this amount, even where the rating settings allow more. Empty: no limit of the operator&apos;s own.</source>
        <translation>Kein Ladevorgang an den Ladepunkten dieses Betreibers darf mehr kosten: Bei diesem Betrag wird der Ladepunkt gebeten, ihn zu beenden, auch wo die Tarifierungseinstellungen mehr erlauben. Leer: keine eigene Grenze des Betreibers.</translation>
    </message>
    <message numerus="yes">
        <source>At least %n characters.</source>
        <translation>
            <numerusform>Mindestens %n Zeichen.</numerusform>
            <numerusform>Mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>You can only manage the private network of your own operator.</source>
        <translation>Sie können nur das private Netz Ihres eigenen Betreibers verwalten.</translation>
    </message>
    <message numerus="yes">
        <source>Type at least %n characters of a name, code or email.</source>
        <translation>
            <numerusform>Geben Sie mindestens %n Zeichen eines Namens, Codes oder einer E-Mail-Adresse ein.</numerusform>
            <numerusform>Geben Sie mindestens %n Zeichen eines Namens, Codes oder einer E-Mail-Adresse ein.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Verwenden Sie mindestens %n Zeichen.</numerusform>
            <numerusform>Verwenden Sie mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only a power user can change another user&apos;s password.</source>
        <translation>Nur Hauptbenutzer dürfen das Passwort eines anderen Benutzers ändern.</translation>
    </message>
    <message>
        <source>The user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>The email address or the password is not correct.</source>
        <translation>Die E-Mail-Adresse oder das Passwort ist nicht richtig.</translation>
    </message>
    <message>
        <source>This user is disabled. Ask a power user to enable it.</source>
        <translation>Dieser Benutzer ist deaktiviert. Bitten Sie einen Hauptbenutzer, ihn zu aktivieren.</translation>
    </message>
    <message>
        <source>This user has no role.</source>
        <translation>Dieser Benutzer hat keine Rolle.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Power factor</source>
        <translation>Leistungsfaktor</translation>
    </message>
    <message>
        <source>Weekdays</source>
        <translation>Wochentage</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>ZIP code</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Bundesland</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Breitengrad</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Längengrad</translation>
    </message>
    <message>
        <source>Ready session expiration</source>
        <translation>Ablauf bereiter Ladevorgänge</translation>
    </message>
    <message>
        <source>Ongoing session expiration</source>
        <translation>Ablauf laufender Ladevorgänge</translation>
    </message>
    <message>
        <source>Must be later than the start.</source>
        <translation>Muss nach dem Beginn liegen.</translation>
    </message>
    <message>
        <source>session rating settings</source>
        <translation>Tarifierungseinstellungen</translation>
    </message>
    <message>
        <source>Energy step</source>
        <translation>Energieschritt</translation>
    </message>
    <message>
        <source>Charge time step</source>
        <translation>Ladezeitschritt</translation>
    </message>
    <message>
        <source>Park time step</source>
        <translation>Parkzeitschritt</translation>
    </message>
    <message>
        <source>Park time threshold</source>
        <translation>Parkzeitschwelle</translation>
    </message>
    <message>
        <source>Rate reservations</source>
        <translation>Reservierungen tarifieren</translation>
    </message>
    <message>
        <source>Termination</source>
        <translation>Beendigung</translation>
    </message>
    <message>
        <source>Monetary limit</source>
        <translation>Betragsgrenze</translation>
    </message>
    <message>
        <source>Energy limit</source>
        <translation>Energiegrenze</translation>
    </message>
    <message>
        <source>Charge time limit</source>
        <translation>Ladezeitgrenze</translation>
    </message>
    <message>
        <source>Payment authorization policy</source>
        <translation>Regel für die Zahlungsautorisierung</translation>
    </message>
    <message>
        <source>Payment authorization amount</source>
        <translation>Betrag der Zahlungsautorisierung</translation>
    </message>
    <message>
        <source>Energy price per kWh</source>
        <translation>Energiepreis pro kWh</translation>
    </message>
    <message>
        <source>Charge time price per hour</source>
        <translation>Ladezeitpreis pro Stunde</translation>
    </message>
    <message>
        <source>Park time price per hour</source>
        <translation>Parkzeitpreis pro Stunde</translation>
    </message>
    <message>
        <source>Home roaming energy price per kWh</source>
        <translation>Heim-Roaming-Energiepreis pro kWh</translation>
    </message>
    <message>
        <source>Home roaming charge time price per hour</source>
        <translation>Heim-Roaming-Ladezeitpreis pro Stunde</translation>
    </message>
    <message>
        <source>Home roaming park time price per hour</source>
        <translation>Heim-Roaming-Parkzeitpreis pro Stunde</translation>
    </message>
    <message>
        <source>Home roaming reservation time price per hour</source>
        <translation>Heim-Roaming-Reservierungszeitpreis pro Stunde</translation>
    </message>
    <message>
        <source>Home roaming reservation fixed price</source>
        <translation>Heim-Roaming-Festpreis für Reservierungen</translation>
    </message>
    <message>
        <source>Start only when the connector is occupied</source>
        <translation>Nur starten, wenn der Anschluss belegt ist</translation>
    </message>
    <message>
        <source>Reactivation grace period</source>
        <translation>Kulanzzeit für die Wiederaufnahme</translation>
    </message>
    <message>
        <source>site settings</source>
        <translation>Systemeinstellungen</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Contact email</source>
        <translation>Kontakt-E-Mail</translation>
    </message>
    <message>
        <source>Contact phone</source>
        <translation>Kontakttelefon</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>SMTP host</source>
        <translation>SMTP-Server</translation>
    </message>
    <message>
        <source>SMTP port</source>
        <translation>SMTP-Port</translation>
    </message>
    <message>
        <source>SMTP user name</source>
        <translation>SMTP-Benutzername</translation>
    </message>
    <message>
        <source>SMTP password</source>
        <translation>SMTP-Passwort</translation>
    </message>
    <message>
        <source>SMTP security</source>
        <translation>SMTP-Sicherheit</translation>
    </message>
    <message>
        <source>Sender address</source>
        <translation>Absenderadresse</translation>
    </message>
    <message>
        <source>Session rating settings</source>
        <translation>Tarifierungseinstellungen</translation>
    </message>
    <message>
        <source>Session closed verification time</source>
        <translation>Prüfzeit für abgeschlossene Ladevorgänge</translation>
    </message>
    <message>
        <source>Unknown time zone.</source>
        <translation>Unbekannte Zeitzone.</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>Betreiber</translation>
    </message>
    <message>
        <source>operators</source>
        <translation>Betreiber</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Revenue share</source>
        <translation>Umsatzanteil</translation>
    </message>
    <message>
        <source>Reimbursement per kWh</source>
        <translation>Erstattung pro kWh</translation>
    </message>
    <message>
        <source>Reimbursement per charging hour</source>
        <translation>Erstattung pro Ladestunde</translation>
    </message>
    <message>
        <source>Reimbursement per parking hour</source>
        <translation>Erstattung pro Parkstunde</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <source>Power user</source>
        <translation>Hauptbenutzer</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Betreiber</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Letzte Anmeldung</translation>
    </message>
    <message>
        <source>Choose at least one role.</source>
        <translation>Wählen Sie mindestens eine Rolle.</translation>
    </message>
    <message>
        <source>An operator user must be linked to an operator.</source>
        <translation>Ein Betreiber-Benutzer muss mit einem Betreiber verknüpft sein.</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Payment type</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <source>Customer type group</source>
        <translation>Kundengruppe</translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Plan priority level</source>
        <translation>Prioritätsstufe des Tarifs</translation>
    </message>
    <message>
        <source>private network member</source>
        <translation>Mitglied des privaten Netzes</translation>
    </message>
    <message>
        <source>private network members</source>
        <translation>Mitglieder des privaten Netzes</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>areas</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Parent area</source>
        <translation>Übergeordneter Bereich</translation>
    </message>
    <message>
        <source>Support contact name</source>
        <translation>Name des Supportkontakts</translation>
    </message>
    <message>
        <source>Support contact phone</source>
        <translation>Telefon des Supportkontakts</translation>
    </message>
    <message>
        <source>Support contact email</source>
        <translation>E-Mail des Supportkontakts</translation>
    </message>
    <message>
        <source>Roaming ID</source>
        <translation>Roaming-ID</translation>
    </message>
    <message>
        <source>Dynamic load balancing</source>
        <translation>Dynamisches Lastmanagement</translation>
    </message>
    <message>
        <source>Electric output limit type</source>
        <translation>Art der Leistungsgrenze</translation>
    </message>
    <message>
        <source>Electric output limit</source>
        <translation>Leistungsgrenze</translation>
    </message>
    <message>
        <source>Balancing by asset</source>
        <translation>Ausgleich nach Anlage</translation>
    </message>
    <message>
        <source>Priority levels</source>
        <translation>Prioritätsstufen</translation>
    </message>
    <message>
        <source>Distribution strategy</source>
        <translation>Verteilungsstrategie</translation>
    </message>
    <message>
        <source>Fallout strategy</source>
        <translation>Ausfallstrategie</translation>
    </message>
    <message>
        <source>Redistribution interval</source>
        <translation>Neuverteilungsintervall</translation>
    </message>
    <message>
        <source>Minimum supply</source>
        <translation>Mindestversorgung</translation>
    </message>
    <message>
        <source>Maximum supply</source>
        <translation>Höchstversorgung</translation>
    </message>
    <message>
        <source>An area cannot be its own parent or the parent of its parents.</source>
        <translation>Ein Bereich kann nicht sich selbst oder einem seiner übergeordneten Bereiche übergeordnet sein.</translation>
    </message>
    <message>
        <source>Load balancing needs an output limit or balancing by asset.</source>
        <translation>Das Lastmanagement braucht eine Leistungsgrenze oder den Ausgleich nach Anlage.</translation>
    </message>
    <message>
        <source>The maximum supply must not be below the minimum supply.</source>
        <translation>Die Höchstversorgung darf nicht unter der Mindestversorgung liegen.</translation>
    </message>
    <message>
        <source>limit period</source>
        <translation>Grenzzeitraum</translation>
    </message>
    <message>
        <source>limit periods</source>
        <translation>Grenzzeiträume</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Recurrence</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Grenze</translation>
    </message>
    <message>
        <source>charging profile</source>
        <translation>Ladeprofil</translation>
    </message>
    <message>
        <source>charging profiles</source>
        <translation>Ladeprofile</translation>
    </message>
    <message>
        <source>Stack level</source>
        <translation>Stapelebene</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>Schedule start</source>
        <translation>Beginn des Zeitplans</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Choose daily or weekly for a recurring profile.</source>
        <translation>Wählen Sie für ein wiederkehrendes Profil täglich oder wöchentlich.</translation>
    </message>
    <message>
        <source>A duration applies to recurring profiles only.</source>
        <translation>Eine Dauer gilt nur für wiederkehrende Profile.</translation>
    </message>
    <message>
        <source>An energy limit applies to session default limits only.</source>
        <translation>Eine Energiegrenze gilt nur für Standardgrenzen je Ladevorgang.</translation>
    </message>
    <message>
        <source>schedule period</source>
        <translation>Zeitplanabschnitt</translation>
    </message>
    <message>
        <source>schedule periods</source>
        <translation>Zeitplanabschnitte</translation>
    </message>
    <message>
        <source>Charging profile</source>
        <translation>Ladeprofil</translation>
    </message>
    <message>
        <source>Start point</source>
        <translation>Startpunkt</translation>
    </message>
    <message>
        <source>Phases</source>
        <translation>Phasen</translation>
    </message>
    <message>
        <source>station</source>
        <translation>Ladestation</translation>
    </message>
    <message>
        <source>stations</source>
        <translation>Ladestationen</translation>
    </message>
    <message>
        <source>Visible</source>
        <translation>Sichtbar</translation>
    </message>
    <message>
        <source>Trigger boot notification</source>
        <translation>Boot-Meldung anfordern</translation>
    </message>
    <message>
        <source>Trigger status notification</source>
        <translation>Statusmeldung anfordern</translation>
    </message>
    <message>
        <source>Trigger heartbeat</source>
        <translation>Heartbeat anfordern</translation>
    </message>
    <message>
        <source>Clear charging profiles</source>
        <translation>Ladeprofile löschen</translation>
    </message>
    <message>
        <source>Physical address</source>
        <translation>Physische Adresse</translation>
    </message>
    <message>
        <source>Communication protocol</source>
        <translation>Kommunikationsprotokoll</translation>
    </message>
    <message>
        <source>Connection identifier</source>
        <translation>Verbindungskennung</translation>
    </message>
    <message>
        <source>Connection policy</source>
        <translation>Verbindungsregel</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>Hersteller</translation>
    </message>
    <message>
        <source>Firmware version</source>
        <translation>Firmwareversion</translation>
    </message>
    <message>
        <source>Modem ICCID</source>
        <translation>Modem-ICCID</translation>
    </message>
    <message>
        <source>Modem IMSI</source>
        <translation>Modem-IMSI</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Last connected</source>
        <translation>Zuletzt verbunden</translation>
    </message>
    <message>
        <source>Last disconnected</source>
        <translation>Zuletzt getrennt</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Letzter Heartbeat</translation>
    </message>
    <message>
        <source>Operational status</source>
        <translation>Betriebszustand</translation>
    </message>
    <message>
        <source>Why load balancing cannot control it</source>
        <translation>Warum das Lastmanagement ihn nicht steuern kann</translation>
    </message>
    <message>
        <source>Load balancing failed</source>
        <translation>Lastmanagement fehlgeschlagen</translation>
    </message>
    <message>
        <source>charger</source>
        <translation>Ladepunkt</translation>
    </message>
    <message>
        <source>chargers</source>
        <translation>Ladepunkte</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Ladestation</translation>
    </message>
    <message>
        <source>EVSE number</source>
        <translation>EVSE-Nummer</translation>
    </message>
    <message>
        <source>Reservable</source>
        <translation>Reservierbar</translation>
    </message>
    <message>
        <source>Connectors usable at the same time</source>
        <translation>Gleichzeitig nutzbare Anschlüsse</translation>
    </message>
    <message>
        <source>Roaming</source>
        <translation>Roaming</translation>
    </message>
    <message>
        <source>Electric current type</source>
        <translation>Stromart</translation>
    </message>
    <message>
        <source>Status information</source>
        <translation>Statusinformation</translation>
    </message>
    <message>
        <source>Status reported</source>
        <translation>Status gemeldet</translation>
    </message>
    <message>
        <source>The area “%1” balances its load dynamically, so its chargers take no static charging profile; turn dynamic load balancing off on the area first.</source>
        <translation>Der Bereich „%1“ nutzt dynamisches Lastmanagement, daher nehmen seine Ladepunkte kein statisches Ladeprofil an; schalten Sie zuerst das dynamische Lastmanagement des Bereichs aus.</translation>
    </message>
    <message>
        <source>connector</source>
        <translation>Anschluss</translation>
    </message>
    <message>
        <source>connectors</source>
        <translation>Anschlüsse</translation>
    </message>
    <message>
        <source>Charger</source>
        <translation>Ladepunkt</translation>
    </message>
    <message>
        <source>Connector number</source>
        <translation>Anschlussnummer</translation>
    </message>
    <message>
        <source>Connector type</source>
        <translation>Steckertyp</translation>
    </message>
    <message>
        <source>Wattage limit</source>
        <translation>Leistungsgrenze</translation>
    </message>
    <message>
        <source>Amperage limit</source>
        <translation>Stromgrenze</translation>
    </message>
    <message>
        <source>Voltage limit</source>
        <translation>Spannungsgrenze</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>Fehlercode</translation>
    </message>
    <message>
        <source>Reported by the station, not configured yet</source>
        <translation>Von der Ladestation gemeldet, noch nicht eingerichtet</translation>
    </message>
    <message>
        <source>asset</source>
        <translation>Anlage</translation>
    </message>
    <message>
        <source>assets</source>
        <translation>Anlagen</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>asset measurement</source>
        <translation>Anlagenmesswert</translation>
    </message>
    <message>
        <source>asset measurements</source>
        <translation>Anlagenmesswerte</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Anlage</translation>
    </message>
    <message>
        <source>Measured at</source>
        <translation>Gemessen am</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>identification device type</source>
        <translation>ID-Medientyp</translation>
    </message>
    <message>
        <source>identification device types</source>
        <translation>ID-Medientypen</translation>
    </message>
    <message>
        <source>identification device</source>
        <translation>ID-Medium</translation>
    </message>
    <message>
        <source>identification devices</source>
        <translation>ID-Medien</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>Medientyp</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>reservation</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <source>reservations</source>
        <translation>Reservierungen</translation>
    </message>
    <message>
        <source>Connector</source>
        <translation>Anschluss</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>OCPP reservation id</source>
        <translation>OCPP-Reservierungs-ID</translation>
    </message>
    <message>
        <source>Why it ended</source>
        <translation>Warum sie endete</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Ladevorgang</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>Ladevorgänge</translation>
    </message>
    <message>
        <source>Authorization mode</source>
        <translation>Autorisierungsart</translation>
    </message>
    <message>
        <source>Identification device</source>
        <translation>ID-Medium</translation>
    </message>
    <message>
        <source>Reservation</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <source>ID token</source>
        <translation>ID-Token</translation>
    </message>
    <message>
        <source>ID token type</source>
        <translation>ID-Token-Typ</translation>
    </message>
    <message>
        <source>Transaction ID</source>
        <translation>Transaktions-ID</translation>
    </message>
    <message>
        <source>Roaming reference</source>
        <translation>Roaming-Referenz</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Charging ended</source>
        <translation>Laden beendet</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>Letztes Ereignis</translation>
    </message>
    <message>
        <source>Charge time</source>
        <translation>Ladezeit</translation>
    </message>
    <message>
        <source>Park time</source>
        <translation>Parkzeit</translation>
    </message>
    <message>
        <source>Fault time</source>
        <translation>Störungszeit</translation>
    </message>
    <message>
        <source>Reservation time</source>
        <translation>Reservierungszeit</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <source>Meter at start</source>
        <translation>Zählerstand zu Beginn</translation>
    </message>
    <message>
        <source>Meter at stop</source>
        <translation>Zählerstand am Ende</translation>
    </message>
    <message>
        <source>State of charge</source>
        <translation>Ladezustand</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Rating identifier</source>
        <translation>Tarifierungskennung</translation>
    </message>
    <message>
        <source>Stop reason</source>
        <translation>Grund für das Beenden</translation>
    </message>
    <message>
        <source>Energy baseline</source>
        <translation>Energie-Ausgangswert</translation>
    </message>
    <message>
        <source>Last valid energy reading</source>
        <translation>Letzter gültiger Energiewert</translation>
    </message>
    <message>
        <source>Energy reading type</source>
        <translation>Art der Energiewerte</translation>
    </message>
    <message>
        <source>Connector status of the current scope</source>
        <translation>Anschlussstatus des aktuellen Abschnitts</translation>
    </message>
    <message>
        <source>Current scope since</source>
        <translation>Aktueller Abschnitt seit</translation>
    </message>
    <message>
        <source>Stop requested</source>
        <translation>Beenden angefordert</translation>
    </message>
    <message>
        <source>Stop reported by the charger</source>
        <translation>Beenden vom Ladepunkt gemeldet</translation>
    </message>
    <message>
        <source>Limit reached</source>
        <translation>Grenze erreicht</translation>
    </message>
    <message>
        <source>Why rating or billing failed</source>
        <translation>Warum Tarifierung oder Abrechnung fehlschlug</translation>
    </message>
    <message>
        <source>Rated</source>
        <translation>Tarifiert</translation>
    </message>
    <message>
        <source>Load balancing limit</source>
        <translation>Lastmanagement-Grenze</translation>
    </message>
    <message>
        <source>Load balancing unit</source>
        <translation>Lastmanagement-Einheit</translation>
    </message>
    <message>
        <source>What bound the load balancing limit</source>
        <translation>Was die Lastmanagement-Grenze bestimmt hat</translation>
    </message>
    <message>
        <source>Area that bound the limit</source>
        <translation>Bereich, der die Grenze bestimmt hat</translation>
    </message>
    <message>
        <source>Charger&apos;s answer to the limit</source>
        <translation>Antwort des Ladepunkts auf die Grenze</translation>
    </message>
    <message>
        <source>Load balancing limit set</source>
        <translation>Lastmanagement-Grenze gesetzt</translation>
    </message>
    <message>
        <source>session event</source>
        <translation>Ladevorgangsereignis</translation>
    </message>
    <message>
        <source>session events</source>
        <translation>Ladevorgangsereignisse</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Ladevorgang</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>meter value</source>
        <translation>Messwert</translation>
    </message>
    <message>
        <source>meter values</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Empfangen am</translation>
    </message>
    <message>
        <source>Measurand</source>
        <translation>Messgröße</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Discard reason</source>
        <translation>Verwerfungsgrund</translation>
    </message>
    <message>
        <source>configuration template</source>
        <translation>Konfigurationsvorlage</translation>
    </message>
    <message>
        <source>configuration templates</source>
        <translation>Konfigurationsvorlagen</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Stapelgröße</translation>
    </message>
    <message>
        <source>configuration setting</source>
        <translation>Konfigurationseinstellung</translation>
    </message>
    <message>
        <source>configuration settings</source>
        <translation>Konfigurationseinstellungen</translation>
    </message>
    <message>
        <source>Configuration template</source>
        <translation>Konfigurationsvorlage</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Charger (EVSE)</source>
        <translation>Ladepunkt (EVSE)</translation>
    </message>
    <message>
        <source>template assignment</source>
        <translation>Vorlagenzuordnung</translation>
    </message>
    <message>
        <source>template assignments</source>
        <translation>Vorlagenzuordnungen</translation>
    </message>
    <message>
        <source>Assign the template to either an area or a station.</source>
        <translation>Ordnen Sie die Vorlage entweder einem Bereich oder einer Ladestation zu.</translation>
    </message>
    <message>
        <source>configuration result</source>
        <translation>Konfigurationsergebnis</translation>
    </message>
    <message>
        <source>configuration results</source>
        <translation>Konfigurationsergebnisse</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Applied at</source>
        <translation>Angewendet am</translation>
    </message>
    <message>
        <source>live configuration value</source>
        <translation>Live-Konfigurationswert</translation>
    </message>
    <message>
        <source>live configuration values</source>
        <translation>Live-Konfigurationswerte</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Schreibgeschützt</translation>
    </message>
    <message>
        <source>Read result</source>
        <translation>Leseergebnis</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>Gelesen am</translation>
    </message>
    <message>
        <source>message template</source>
        <translation>Nachrichtenvorlage</translation>
    </message>
    <message>
        <source>message templates</source>
        <translation>Nachrichtenvorlagen</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>Cc</translation>
    </message>
    <message>
        <source>Bcc</source>
        <translation>Bcc</translation>
    </message>
    <message>
        <source>Reply to</source>
        <translation>Antwort an</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Geltungsbereich</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>publisher</source>
        <translation>Versender</translation>
    </message>
    <message>
        <source>publishers</source>
        <translation>Versender</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>receivers</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Versender</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>notification log entry</source>
        <translation>Benachrichtigungsprotokolleintrag</translation>
    </message>
    <message>
        <source>notification log entries</source>
        <translation>Benachrichtigungsprotokolleinträge</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>roaming profile</source>
        <translation>Roaming-Profil</translation>
    </message>
    <message>
        <source>roaming profiles</source>
        <translation>Roaming-Profile</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Country code</source>
        <translation>Ländercode</translation>
    </message>
    <message>
        <source>Platform type</source>
        <translation>Plattformtyp</translation>
    </message>
    <message>
        <source>roaming platform</source>
        <translation>Roaming-Plattform</translation>
    </message>
    <message>
        <source>roaming platforms</source>
        <translation>Roaming-Plattformen</translation>
    </message>
    <message>
        <source>Roaming profile</source>
        <translation>Roaming-Profil</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Connection initiation</source>
        <translation>Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Registration token</source>
        <translation>Registrierungstoken</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Remote access token</source>
        <translation>Zugriffstoken der Gegenseite</translation>
    </message>
    <message>
        <source>roaming tariff</source>
        <translation>Roaming-Tarif</translation>
    </message>
    <message>
        <source>roaming tariffs</source>
        <translation>Roaming-Tarife</translation>
    </message>
    <message>
        <source>tariff detail</source>
        <translation>Tarifdetail</translation>
    </message>
    <message>
        <source>tariff details</source>
        <translation>Tarifdetails</translation>
    </message>
    <message>
        <source>Roaming tariff</source>
        <translation>Roaming-Tarif</translation>
    </message>
    <message>
        <source>Start (inclusive)</source>
        <translation>Beginn (einschließlich)</translation>
    </message>
    <message>
        <source>Stop (exclusive)</source>
        <translation>Ende (ausschließlich)</translation>
    </message>
    <message>
        <source>Reservation time price per hour</source>
        <translation>Reservierungszeitpreis pro Stunde</translation>
    </message>
    <message>
        <source>Flat fee</source>
        <translation>Pauschale</translation>
    </message>
    <message>
        <source>Flat reservation fee</source>
        <translation>Reservierungspauschale</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>MwSt.</translation>
    </message>
    <message>
        <source>tariff assignment</source>
        <translation>Tarifzuordnung</translation>
    </message>
    <message>
        <source>tariff assignments</source>
        <translation>Tarifzuordnungen</translation>
    </message>
    <message>
        <source>Roaming platform</source>
        <translation>Roaming-Plattform</translation>
    </message>
    <message>
        <source>Assign the tariff to either session settings or a roaming platform.</source>
        <translation>Ordnen Sie den Tarif entweder Tarifierungseinstellungen oder einer Roaming-Plattform zu.</translation>
    </message>
    <message>
        <source>terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>terminals</source>
        <translation>Terminals</translation>
    </message>
    <message>
        <source>app template</source>
        <translation>App-Vorlage</translation>
    </message>
    <message>
        <source>app templates</source>
        <translation>App-Vorlagen</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>OCPP message</source>
        <translation>OCPP-Nachricht</translation>
    </message>
    <message>
        <source>OCPP messages</source>
        <translation>OCPP-Nachrichten</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Message type</source>
        <translation>Nachrichtentyp</translation>
    </message>
    <message>
        <source>Message ID</source>
        <translation>Nachrichten-ID</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>Error description</source>
        <translation>Fehlerbeschreibung</translation>
    </message>
    <message>
        <source>The PostgreSQL URL must look like postgresql://user:password@host:5432/database.</source>
        <translation>Die PostgreSQL-URL muss so aussehen: postgresql://benutzer:passwort@host:5432/datenbank.</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Keine Verbindung zu %1: %2</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Please correct the highlighted fields (%1).</source>
        <translation>Bitte korrigieren Sie die markierten Felder (%1).</translation>
    </message>
    <message>
        <source>%1 was not found.</source>
        <translation>Nicht gefunden: %1.</translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation>Die Datenbank meldet einen Fehler: %1</translation>
    </message>
    <message>
        <source>The %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Only a power user can change %1.</source>
        <translation>Nur Hauptbenutzer dürfen %1 ändern.</translation>
    </message>
    <message>
        <source>Another %1 already uses this %2.</source>
        <translation>Dieser Wert für %2 wird bereits verwendet (%1).</translation>
    </message>
    <message>
        <source>The selected %1 does not exist.</source>
        <translation>Die Auswahl (%1) gibt es nicht.</translation>
    </message>
    <message>
        <source>You can only assign your own operator.</source>
        <translation>Sie können nur Ihren eigenen Betreiber zuordnen.</translation>
    </message>
    <message>
        <source>No id was returned for the new %1.</source>
        <translation>Für den neuen Eintrag (%1) wurde keine ID zurückgegeben.</translation>
    </message>
    <message>
        <source>The %1 “%2” cannot be deleted because it is still used by %3. Remove those references first.</source>
        <translation>%1 „%2“ kann nicht gelöscht werden, weil noch Folgendes darauf verweist: %3. Entfernen Sie zuerst diese Verweise.</translation>
    </message>
    <message>
        <source>The %1 “%2”</source>
        <translation>%1 „%2“</translation>
    </message>
    <message>
        <source>Cannot filter on this field.</source>
        <translation>Nach diesem Feld kann nicht gefiltert werden.</translation>
    </message>
    <message>
        <source>Cannot sort by this field.</source>
        <translation>Nach diesem Feld kann nicht sortiert werden.</translation>
    </message>
    <message>
        <source>%1 have no custom attributes.</source>
        <translation>%1 haben keine eigenen Attribute.</translation>
    </message>
    <message>
        <source>Every attribute needs a key.</source>
        <translation>Jedes Attribut braucht einen Schlüssel.</translation>
    </message>
    <message>
        <source>Attribute “%1” is too long.</source>
        <translation>Das Attribut „%1“ ist zu lang.</translation>
    </message>
    <message>
        <source>Must be text.</source>
        <translation>Muss Text sein.</translation>
    </message>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>Höchstens %n Zeichen.</numerusform>
            <numerusform>Höchstens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not a valid email address.</source>
        <translation>Keine gültige E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Contains characters that are not allowed here.</source>
        <translation>Enthält Zeichen, die hier nicht erlaubt sind.</translation>
    </message>
    <message>
        <source>Must be one of: %1.</source>
        <translation>Muss eines davon sein: %1.</translation>
    </message>
    <message>
        <source>Must be yes or no.</source>
        <translation>Muss ja oder nein sein.</translation>
    </message>
    <message>
        <source>Not a valid date and time.</source>
        <translation>Kein gültiges Datum mit Uhrzeit.</translation>
    </message>
    <message>
        <source>Must be a whole number.</source>
        <translation>Muss eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>Not a valid reference.</source>
        <translation>Kein gültiger Verweis.</translation>
    </message>
    <message>
        <source>Must be a number.</source>
        <translation>Muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>Must be binary data.</source>
        <translation>Muss Binärdaten sein.</translation>
    </message>
    <message>
        <source>Must be between %1 and %2.</source>
        <translation>Muss zwischen %1 und %2 liegen.</translation>
    </message>
    <message>
        <source>Must be at least %1.</source>
        <translation>Muss mindestens %1 sein.</translation>
    </message>
    <message>
        <source>Must be at most %1.</source>
        <translation>Darf höchstens %1 sein.</translation>
    </message>
    <message>
        <source>Unknown field.</source>
        <translation>Unbekanntes Feld.</translation>
    </message>
    <message>
        <source>This value is reported by the charging infrastructure and cannot be edited.</source>
        <translation>Dieser Wert wird von der Ladeinfrastruktur gemeldet und kann nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>%1 cannot be changed after creation.</source>
        <translation>%1 kann nach dem Anlegen nicht geändert werden.</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 ist erforderlich.</translation>
    </message>
    <message>
        <source>Operator role</source>
        <translation>Betreiberrolle</translation>
    </message>
    <message>
        <source>You cannot disable yourself.</source>
        <translation>Sie können sich nicht selbst deaktivieren.</translation>
    </message>
    <message>
        <source>You cannot take the power user role from yourself.</source>
        <translation>Sie können sich die Hauptbenutzerrolle nicht selbst entziehen.</translation>
    </message>
    <message>
        <source>refused connection</source>
        <translation>abgelehnte Verbindung</translation>
    </message>
    <message>
        <source>refused connections</source>
        <translation>abgelehnte Verbindungen</translation>
    </message>
    <message>
        <source>Protocol offered</source>
        <translation>Angebotenes Protokoll</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>Ablehnungsgrund</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>First attempt</source>
        <translation>Erster Versuch</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Smallest rise sent: share</source>
        <translation>Kleinster gesendeter Anstieg: Anteil</translation>
    </message>
    <message>
        <source>Smallest rise sent: amount</source>
        <translation>Kleinster gesendeter Anstieg: Betrag</translation>
    </message>
    <message>
        <source>Chosen by this name for the site, an operator or a charger; the charger&apos;s choice wins over its operator&apos;s, the operator&apos;s over the site&apos;s.</source>
        <translation>Unter diesem Namen für den Standort, einen Betreiber oder einen Ladepunkt gewählt; die Wahl des Ladepunkts geht der seines Betreibers vor, die des Betreibers der des Standorts.</translation>
    </message>
    <message>
        <source>What a driver pays for each kWh the charger measured.</source>
        <translation>Was ein Fahrer für jede vom Ladepunkt gemessene kWh bezahlt.</translation>
    </message>
    <message>
        <source>What an hour spent charging costs, counted to the second.</source>
        <translation>Was eine Stunde Laden kostet, sekundengenau gezählt.</translation>
    </message>
    <message>
        <source>What an hour plugged in without charging costs, once past the threshold below.</source>
        <translation>Was eine Stunde eingesteckt ohne Laden kostet, sobald die Schwelle unten überschritten ist.</translation>
    </message>
    <message>
        <source>Parking this long is free; only the time beyond it is rated.</source>
        <translation>So lange Parken ist kostenlos; nur die Zeit darüber hinaus wird berechnet.</translation>
    </message>
    <message>
        <source>Reservation time is rated (at the home roaming reservation prices) and checked against the driver&apos;s means; off, reservations cost nothing.</source>
        <translation>Reservierungszeit wird berechnet (zu den Home-Roaming-Reservierungspreisen) und gegen die Mittel des Fahrers geprüft; aus, kosten Reservierungen nichts.</translation>
    </message>
    <message>
        <source>When the session ends on our side: when the charger stops the transaction, or only when the car is unplugged, so that parking after charging is counted.</source>
        <translation>Wann der Ladevorgang bei uns endet: wenn der Ladepunkt die Transaktion beendet, oder erst wenn das Auto abgesteckt wird, damit das Parken nach dem Laden gezählt wird.</translation>
    </message>
    <message>
        <source>The charger is asked to stop a session once it costs this much. Empty: no limit. The final amount follows what the charger reports.</source>
        <translation>Der Ladepunkt wird gebeten, einen Ladevorgang zu beenden, sobald er so viel kostet. Leer: keine Grenze. Der Endbetrag folgt dem, was der Ladepunkt meldet.</translation>
    </message>
    <message>
        <source>The charger is asked to stop once a session has drawn this much. Empty: no limit.</source>
        <translation>Der Ladepunkt wird gebeten zu beenden, sobald ein Ladevorgang so viel bezogen hat. Leer: keine Grenze.</translation>
    </message>
    <message>
        <source>The charger is asked to stop once a session has charged this long. Empty: no limit.</source>
        <translation>Der Ladepunkt wird gebeten zu beenden, sobald ein Ladevorgang so lange geladen hat. Leer: keine Grenze.</translation>
    </message>
    <message>
        <source>Before each further step of energy, the driver&apos;s balance must cover it; the session is stopped when it cannot.</source>
        <translation>Vor jedem weiteren Energieschritt muss das Guthaben des Fahrers ihn decken; sonst wird der Ladevorgang beendet.</translation>
    </message>
    <message>
        <source>The same check in steps of charging time.</source>
        <translation>Dieselbe Prüfung in Schritten der Ladezeit.</translation>
    </message>
    <message>
        <source>The same check in steps of parking time, once past the threshold.</source>
        <translation>Dieselbe Prüfung in Schritten der Parkzeit, sobald die Schwelle überschritten ist.</translation>
    </message>
    <message>
        <source>For drivers who pay by card: no hold, one hold of the amount below at the start, or a new hold each time the session has used up the last one.</source>
        <translation>Für Fahrer, die mit Karte zahlen: keine Vormerkung, eine Vormerkung des Betrags unten zu Beginn, oder eine neue, sobald der Ladevorgang die letzte aufgebraucht hat.</translation>
    </message>
    <message>
        <source>How much each hold on the driver&apos;s card reserves.</source>
        <translation>Wie viel jede Vormerkung auf der Karte des Fahrers reserviert.</translation>
    </message>
    <message>
        <source>Instead of the energy price, for drivers of another provider charging here.</source>
        <translation>Statt des Energiepreises, für Fahrer eines anderen Anbieters, die hier laden.</translation>
    </message>
    <message>
        <source>Instead of the charge time price, for drivers of another provider.</source>
        <translation>Statt des Ladezeitpreises, für Fahrer eines anderen Anbieters.</translation>
    </message>
    <message>
        <source>Instead of the park time price, for drivers of another provider.</source>
        <translation>Statt des Parkzeitpreises, für Fahrer eines anderen Anbieters.</translation>
    </message>
    <message>
        <source>An hour of a reservation, for drivers of another provider.</source>
        <translation>Eine Stunde Reservierung, für Fahrer eines anderen Anbieters.</translation>
    </message>
    <message>
        <source>Added once to each reservation, for drivers of another provider.</source>
        <translation>Einmal je Reservierung berechnet, für Fahrer eines anderen Anbieters.</translation>
    </message>
    <message>
        <source>A remote start is refused until a car is plugged in.</source>
        <translation>Ein Fernstart wird abgelehnt, bis ein Auto eingesteckt ist.</translation>
    </message>
    <message>
        <source>How long after it was created a closed session may be taken up again. Empty: 15 minutes; 0: no limit.</source>
        <translation>Wie lange nach seiner Erstellung ein geschlossener Ladevorgang wieder aufgenommen werden kann. Leer: 15 Minuten; 0: keine Grenze.</translation>
    </message>
    <message>
        <source>In another area the station shares that area&apos;s power: load balancing limits it there from its next session on, and roaming publishes it at that area&apos;s location.</source>
        <translation>In einem anderen Bereich teilt sich die Ladestation dessen Leistung: Das Lastmanagement begrenzt sie dort ab ihrem nächsten Ladevorgang, und Roaming veröffentlicht sie am Standort dieses Bereichs.</translation>
    </message>
</context>
<context>
    <name>DemoMode</name>
    <message>
        <source>Cannot make a folder for the demo database: %1</source>
        <translation>Für die Demo-Datenbank kann kein Ordner angelegt werden: %1</translation>
    </message>
</context>
<context>
    <name>DemoNetwork</name>
    <message>
        <source>The demo network goes into an empty database only.</source>
        <translation>Das Demo-Netz kann nur in eine leere Datenbank geschrieben werden.</translation>
    </message>
    <message>
        <source>Standard tariff</source>
        <translation>Standardtarif</translation>
    </message>
    <message>
        <source>ChargeDesk demo network</source>
        <translation>ChargeDesk-Demo-Netz</translation>
    </message>
    <message>
        <source>Charger %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <source>Connector %1</source>
        <translation>Anschluss %1</translation>
    </message>
    <message>
        <source>RFID card</source>
        <translation>RFID-Karte</translation>
    </message>
    <message>
        <source>Card of %1</source>
        <translation>Karte von %1</translation>
    </message>
    <message>
        <source>Recommended settings (%1)</source>
        <translation>Empfohlene Einstellungen (%1)</translation>
    </message>
    <message>
        <source>What the configuration check recommends where the chargers&apos; defaults differ.</source>
        <translation>Was die Konfigurationsprüfung empfiehlt, wo die Werkseinstellungen der Ladegeräte abweichen.</translation>
    </message>
</context>
<context>
    <name>OcppServer</name>
    <message>
        <source>Cannot listen for OCPP on port %1: %2</source>
        <translation>OCPP kann nicht auf Port %1 empfangen werden: %2</translation>
    </message>
    <message>
        <source>Cannot listen for OCPP over TLS on port %1: %2</source>
        <translation>OCPP über TLS kann nicht auf Port %1 empfangen werden: %2</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <source>A station needs an id.</source>
        <translation>Eine Ladestation braucht eine ID.</translation>
    </message>
    <message>
        <source>The protocol is ocpp1.6 or ocpp2.0.1, not “%1”.</source>
        <translation>Das Protokoll ist ocpp1.6 oder ocpp2.0.1, nicht „%1“.</translation>
    </message>
    <message>
        <source>A station has 1 to 16 connectors.</source>
        <translation>Eine Ladestation hat 1 bis 16 Anschlüsse.</translation>
    </message>
    <message>
        <source>The power of a connector is between 1 W and 1 MW.</source>
        <translation>Die Leistung eines Anschlusses liegt zwischen 1 W und 1 MW.</translation>
    </message>
    <message>
        <source>The current is ac1, ac3 or dc.</source>
        <translation>Die Stromart ist ac1, ac3 oder dc.</translation>
    </message>
    <message>
        <source>Not a JSON object: %1</source>
        <translation>Kein JSON-Objekt: %1</translation>
    </message>
    <message>
        <source>A scenario plays 1 to %1 stations.</source>
        <translation>Ein Szenario spielt 1 bis %1 Ladestationen.</translation>
    </message>
    <message>
        <source>A station with a count needs {n} in its id.</source>
        <translation>Eine Ladestation mit Anzahl braucht {n} in ihrer ID.</translation>
    </message>
    <message>
        <source>A scenario needs at least one station.</source>
        <translation>Ein Szenario braucht mindestens eine Ladestation.</translation>
    </message>
    <message>
        <source>The station id “%1” is used twice.</source>
        <translation>Die Ladestations-ID „%1“ kommt doppelt vor.</translation>
    </message>
    <message>
        <source>A step needs “at”: seconds from the start, 0 or more.</source>
        <translation>Ein Schritt braucht „at“: Sekunden ab dem Start, 0 oder mehr.</translation>
    </message>
    <message>
        <source>Unknown action “%1”; one of %2.</source>
        <translation>Unbekannte Aktion „%1“; erlaubt sind %2.</translation>
    </message>
    <message>
        <source>No station “%1” in this scenario.</source>
        <translation>Keine Ladestation „%1“ in diesem Szenario.</translation>
    </message>
    <message>
        <source>Station “%1” has no connector %2.</source>
        <translation>Die Ladestation „%1“ hat keinen Anschluss %2.</translation>
    </message>
    <message>
        <source>A swipe needs an idTag.</source>
        <translation>Ein Kartenvorhalten braucht ein idTag.</translation>
    </message>
    <message>
        <source>The energy reporting is absolute, relative or mixed.</source>
        <translation>Die Energiemeldung ist absolute, relative oder mixed.</translation>
    </message>
    <message>
        <source>A configure step needs a key and a value.</source>
        <translation>Ein Konfigurationsschritt braucht einen Schlüssel und einen Wert.</translation>
    </message>
</context>
<context>
    <name>SessionDiagnosis</name>
    <message numerus="yes">
        <source>%n energy reading(s) were discarded as more than the connector can deliver.</source>
        <translation>
            <numerusform>%n Energiewert wurde verworfen, weil er mehr ist, als der Anschluss liefern kann.</numerusform>
            <numerusform>%n Energiewerte wurden verworfen, weil sie mehr sind, als der Anschluss liefern kann.</numerusform>
        </translation>
    </message>
    <message>
        <source>The connector&apos;s power limit is %1 W: set it to what the connector really delivers; the next readings then count.</source>
        <translation>Die Leistungsgrenze des Anschlusses ist %1 W: Setzen Sie sie auf das, was der Anschluss wirklich liefert; die nächsten Werte zählen dann.</translation>
    </message>
    <message>
        <source>Set the connector&apos;s power limit to what it really delivers.</source>
        <translation>Setzen Sie die Leistungsgrenze des Anschlusses auf das, was er wirklich liefert.</translation>
    </message>
    <message numerus="yes">
        <source>The charger reported no energy during %n second(s) of charging.</source>
        <translation>
            <numerusform>Der Ladepunkt hat während %n Sekunde Laden keine Energie gemeldet.</numerusform>
            <numerusform>Der Ladepunkt hat während %n Sekunden Laden keine Energie gemeldet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enable Energy.Active.Import.Register in the station&apos;s measurands and a meter value interval of 10-60 s.</source>
        <translation>Aktivieren Sie Energy.Active.Import.Register in den Messgrößen der Ladestation und ein Messwertintervall von 10–60 s.</translation>
    </message>
    <message>
        <source>Energy was delivered, but the charger reported no power or current.</source>
        <translation>Es wurde Energie geliefert, aber der Ladepunkt hat weder Leistung noch Strom gemeldet.</translation>
    </message>
    <message>
        <source>Enable Power.Active.Import and Current.Import in the station&apos;s measurands.</source>
        <translation>Aktivieren Sie Power.Active.Import und Current.Import in den Messgrößen der Ladestation.</translation>
    </message>
    <message>
        <source>Nobody authorized this session; it is not charged.</source>
        <translation>Niemand hat diesen Ladevorgang autorisiert; er wird nicht berechnet.</translation>
    </message>
    <message>
        <source>If the charger is not meant to be free, check its connection timeout, and disable its authorization cache and local lists or bring them up to date.</source>
        <translation>Wenn der Ladepunkt nicht kostenlos sein soll, prüfen Sie seine Wartezeit auf das Fahrzeug und deaktivieren Sie seinen Autorisierungs-Cache und seine lokalen Listen oder bringen Sie sie auf den neuesten Stand.</translation>
    </message>
    <message>
        <source>%1 kWh in %2 s of charge time is more than the connector can deliver: charging was counted as parking or fault time.</source>
        <translation>%1 kWh in %2 s Ladezeit sind mehr, als der Anschluss liefern kann: Das Laden wurde als Park- oder Störungszeit gezählt.</translation>
    </message>
    <message>
        <source>Check the connector statuses and their timestamps in the station&apos;s OCPP log; update the charger&apos;s firmware.</source>
        <translation>Prüfen Sie die Anschlussstatus und ihre Zeitstempel im OCPP-Protokoll der Ladestation; aktualisieren Sie die Firmware des Ladepunkts.</translation>
    </message>
    <message numerus="yes">
        <source>The connector was faulted or unavailable for %n second(s).</source>
        <translation>
            <numerusform>Der Anschluss war %n Sekunde gestört oder nicht verfügbar.</numerusform>
            <numerusform>Der Anschluss war %n Sekunden gestört oder nicht verfügbar.</numerusform>
        </translation>
    </message>
    <message>
        <source>Look for the error codes of the StatusNotification reports in the station&apos;s OCPP log.</source>
        <translation>Suchen Sie die Fehlercodes der StatusNotification-Meldungen im OCPP-Protokoll der Ladestation.</translation>
    </message>
    <message>
        <source>The connector was suspended (by the vehicle or the charger) during the session.</source>
        <translation>Der Anschluss war während des Ladevorgangs pausiert (durch das Fahrzeug oder den Ladepunkt).</translation>
    </message>
    <message>
        <source>Often temporary (load balancing, a full battery); the StatusNotification info says why.</source>
        <translation>Oft vorübergehend (Lastmanagement, volle Batterie); die Info der StatusNotification nennt den Grund.</translation>
    </message>
    <message>
        <source>Rating failed: %1</source>
        <translation>Tarifierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Fix the rating settings or the site&apos;s currency, then retry rating (the job retries every 30 minutes).</source>
        <translation>Korrigieren Sie die Tarifierungseinstellungen oder die Währung des Systems und tarifieren Sie dann erneut (der Auftrag versucht es alle 30 Minuten erneut).</translation>
    </message>
    <message>
        <source>Billing failed: %1</source>
        <translation>Abrechnung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Check the payment provider, then retry billing (the job retries every 30 minutes).</source>
        <translation>Prüfen Sie den Zahlungsdienstleister und rechnen Sie dann erneut ab (der Auftrag versucht es alle 30 Minuten erneut).</translation>
    </message>
    <message>
        <source>The session was prepared but the charger never reported its start.</source>
        <translation>Der Ladevorgang wurde vorbereitet, aber der Ladepunkt hat seinen Start nie gemeldet.</translation>
    </message>
    <message>
        <source>Match the charger&apos;s connection timeout with the ready-session expiration; check the OCPP log for a missing StartTransaction or TransactionEvent.</source>
        <translation>Stimmen Sie die Wartezeit des Ladepunkts auf den Ablauf bereiter Ladevorgänge ab; suchen Sie im OCPP-Protokoll nach einer fehlenden StartTransaction oder TransactionEvent.</translation>
    </message>
    <message>
        <source>The charger stopped reporting; the session was closed without its stop.</source>
        <translation>Der Ladepunkt hat keine Meldungen mehr gesendet; der Ladevorgang wurde ohne sein Ende abgeschlossen.</translation>
    </message>
    <message>
        <source>Check the station&apos;s network and meter value interval (10-60 s), and the ongoing-session expiration.</source>
        <translation>Prüfen Sie das Netz und das Messwertintervall der Ladestation (10–60 s) sowie den Ablauf laufender Ladevorgänge.</translation>
    </message>
    <message>
        <source>shorter than 5 minutes</source>
        <translation>kürzer als 5 Minuten</translation>
    </message>
    <message>
        <source>%1 kWh, under 5 kWh</source>
        <translation>%1 kWh, unter 5 kWh</translation>
    </message>
    <message>
        <source>no amount</source>
        <translation>kein Betrag</translation>
    </message>
    <message>
        <source>Inadequate session: %1.</source>
        <translation>Unzureichender Ladevorgang: %1.</translation>
    </message>
    <message>
        <source>See the other findings; a session without an amount needs its rating settings checked.</source>
        <translation>Siehe die anderen Befunde; bei einem Ladevorgang ohne Betrag sollten die Tarifierungseinstellungen geprüft werden.</translation>
    </message>
    <message>
        <source>Load balancing cannot control this station: %1</source>
        <translation>Das Lastmanagement kann diese Ladestation nicht steuern: %1</translation>
    </message>
    <message>
        <source>Check that the station accepts charging profiles, or exclude it from its area&apos;s load balancing.</source>
        <translation>Prüfen Sie, ob die Ladestation Ladeprofile annimmt, oder nehmen Sie sie aus dem Lastmanagement ihres Bereichs heraus.</translation>
    </message>
    <message>
        <source>The station reported connector %1, which nobody has set up.</source>
        <translation>Die Ladestation hat Anschluss %1 gemeldet, den niemand eingerichtet hat.</translation>
    </message>
    <message>
        <source>Open the connector, set its type and power limits, and save it: until then energy readings are checked against defaults.</source>
        <translation>Öffnen Sie den Anschluss, legen Sie Typ und Leistungsgrenzen fest und speichern Sie ihn: Bis dahin werden Energiewerte gegen Standardwerte geprüft.</translation>
    </message>
    <message numerus="yes">
        <source>In %1 of the last %n session(s): %2</source>
        <translation>
            <numerusform>Beim letzten Ladevorgang (%1 von %n): %2</numerusform>
            <numerusform>Bei %1 der letzten %n Ladevorgänge: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Simulator</name>
    <message>
        <source>could not start a transfer</source>
        <translation>die Übertragung konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>the file is larger than %1 bytes</source>
        <translation>die Datei ist größer als %1 Bytes</translation>
    </message>
    <message>
        <source>timed out after %1 s without data</source>
        <translation>Zeitüberschreitung nach %1 s ohne Daten</translation>
    </message>
    <message>
        <source>not a valid URL: %1</source>
        <translation>keine gültige URL: %1</translation>
    </message>
    <message>
        <source>%1 URLs are not supported</source>
        <translation>%1-URLs werden nicht unterstützt</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <source>%1 is not supported by this station</source>
        <translation>%1 wird von dieser Ladestation nicht unterstützt</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Operator console for EV charging networks.</source>
        <translation>Betriebskonsole für Ladenetze für Elektrofahrzeuge.</translation>
    </message>
    <message>
        <source>Start on a fresh demo network played by virtual chargers (nothing is kept).</source>
        <translation>Mit einem frischen Demo-Netz aus virtuellen Ladepunkten starten (nichts wird gespeichert).</translation>
    </message>
    <message>
        <source>ChargeDesk</source>
        <translation>ChargeDesk</translation>
    </message>
    <message numerus="yes">
        <source>OCPP: %1 · %n station(s) connected</source>
        <translation>
            <numerusform>OCPP: %1 · %n Ladestation verbunden</numerusform>
            <numerusform>OCPP: %1 · %n Ladestationen verbunden</numerusform>
        </translation>
    </message>
    <message>
        <source>OCPP server off: %1</source>
        <translation>OCPP-Server aus: %1</translation>
    </message>
    <message>
        <source>SQLite file or postgresql:// URL (default: the one chosen when the console first started).</source>
        <translation>SQLite-Datei oder postgresql://-URL (Standard: die beim ersten Start der Konsole gewählte).</translation>
    </message>
    <message>
        <source>An action failed and was stopped: %1
ChargeDesk goes on running.</source>
        <translation>Eine Aktion ist fehlgeschlagen und wurde abgebrochen: %1
ChargeDesk läuft weiter.</translation>
    </message>
    <message>
        <source>ChargeDesk stopped unexpectedly last time (%1).
What chargers had reported until then is in the database, and they reconnect by themselves.</source>
        <translation>ChargeDesk wurde beim letzten Mal unerwartet beendet (%1).
Was die Ladestationen bis dahin gemeldet hatten, steht in der Datenbank; sie verbinden sich von selbst wieder.</translation>
    </message>
</context>
<context>
    <name>NetworkStatus</name>
    <message>
        <source>%1 · connector %2</source>
        <translation>%1 · Anschluss %2</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Has not connected yet</source>
        <translation>Noch nie verbunden</translation>
    </message>
    <message>
        <source>Does not follow load balancing: %1</source>
        <translation>Folgt dem Lastmanagement nicht: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n configuration setting(s) differ from the recommendation</source>
        <translation>
            <numerusform>%n Konfigurationseinstellung weicht von der Empfehlung ab</numerusform>
            <numerusform>%n Konfigurationseinstellungen weichen von der Empfehlung ab</numerusform>
        </translation>
    </message>
    <message>
        <source>Faulted</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <source>Faulted (%1)</source>
        <translation>Gestört (%1)</translation>
    </message>
    <message>
        <source>Session %1 could not be rated</source>
        <translation>Ladevorgang %1 konnte nicht abgerechnet werden</translation>
    </message>
    <message>
        <source>Session %1 could not be billed</source>
        <translation>Ladevorgang %1 konnte nicht in Rechnung gestellt werden</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s): %1 (%2 from %3)</source>
        <translation>
            <numerusform>%n-mal abgelehnt: %1 (%2 von %3)</numerusform>
            <numerusform>%n-mal abgelehnt: %1 (%2 von %3)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChargeDesk::Ui::MapTileLoader</name>
    <message>
        <source>the server sent no image</source>
        <translation>der Server hat kein Bild gesendet</translation>
    </message>
</context>
</TS>
