<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Ui</name>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n period(s) start after the end and never apply.</source>
        <translation>
            <numerusform>%n period starts after the end and never applies.</numerusform>
            <numerusform>%n periods start after the end and never apply.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ from the recommendations.</source>
        <translation>
            <numerusform>%n setting differs from the recommendations.</numerusform>
            <numerusform>%n settings differ from the recommendations.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) read from the station.</source>
        <translation>
            <numerusform>%n value read from the station.</numerusform>
            <numerusform>%n values read from the station.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s) to the station…</source>
        <translation>
            <numerusform>Sending %n change to the station…</numerusform>
            <numerusform>Sending %n changes to the station…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The station accepted %n change(s).</source>
        <translation>
            <numerusform>The station accepted %n change.</numerusform>
            <numerusform>The station accepted %n changes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) take effect after the station restarts.</source>
        <translation>
            <numerusform>%n change takes effect after the station restarts.</numerusform>
            <numerusform>%n changes take effect after the station restarts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n place(s); click to zoom in</source>
        <translation>
            <numerusform>%n place; click to zoom in</numerusform>
            <numerusform>%n places; click to zoom in</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At least %n characters. A few unrelated words make a strong password.</source>
        <translation>
            <numerusform>At least %n character. A few unrelated words make a strong password.</numerusform>
            <numerusform>At least %n characters. A few unrelated words make a strong password.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n offline</numerusform>
            <numerusform>%n offline</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s), %1 revenue</source>
        <translation>
            <numerusform>%n session, %1 revenue</numerusform>
            <numerusform>%n sessions, %1 revenue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) need attention</source>
        <translation>
            <numerusform>%n item needs attention</numerusform>
            <numerusform>%n items need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 (and %n more)</source>
        <translation>
            <numerusform>%1: %2 (and %n more)</numerusform>
            <numerusform>%1: %2 (and %n more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in the last hour</source>
        <translation>
            <numerusform>%n in the last hour</numerusform>
            <numerusform>%n in the last hour</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enter at most %n decimal place(s).</source>
        <translation>
            <numerusform>Enter at most %n decimal place.</numerusform>
            <numerusform>Enter at most %n decimal places.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>At most %n character.</numerusform>
            <numerusform>At most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Use at least %n character.</numerusform>
            <numerusform>Use at least %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionDiagnosis</name>
    <message numerus="yes">
        <source>%n energy reading(s) were discarded as more than the connector can deliver.</source>
        <translation>
            <numerusform>%n energy reading was discarded as more than the connector can deliver.</numerusform>
            <numerusform>%n energy readings were discarded as more than the connector can deliver.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The charger reported no energy during %n second(s) of charging.</source>
        <translation>
            <numerusform>The charger reported no energy during %n second of charging.</numerusform>
            <numerusform>The charger reported no energy during %n seconds of charging.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The connector was faulted or unavailable for %n second(s).</source>
        <translation>
            <numerusform>The connector was faulted or unavailable for %n second.</numerusform>
            <numerusform>The connector was faulted or unavailable for %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %1 of the last %n session(s): %2</source>
        <translation>
            <numerusform>In the last session (%1 of %n): %2</numerusform>
            <numerusform>In %1 of the last %n sessions: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message numerus="yes">
        <source>OCPP: %1 · %n station(s) connected</source>
        <translation>
            <numerusform>OCPP: %1 · %n station connected</numerusform>
            <numerusform>OCPP: %1 · %n stations connected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkStatus</name>
    <message numerus="yes">
        <source>%n configuration setting(s) differ from the recommendation</source>
        <translation>
            <numerusform>%n configuration setting differs from the recommendation</numerusform>
            <numerusform>%n configuration settings differ from the recommendation</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s): %1 (%2 from %3)</source>
        <translation>
            <numerusform>Refused once: %1 (%2 from %3)</numerusform>
            <numerusform>Refused %n times: %1 (%2 from %3)</numerusform>
        </translation>
    </message>
</context>
</TS>
