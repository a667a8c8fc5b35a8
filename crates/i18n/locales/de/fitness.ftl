fitness-title = Fitness
fitness-pending = Dein Verlauf wird ausgewertet: { $count ->
    [one] { $count } Einheit ist noch zu analysieren; ihre Belastung zählt noch nicht.
   *[other] { $count } Einheiten sind noch zu analysieren; ihre Belastung zählt noch nicht.
}
fitness-basis-ftp = Einheiten mit Leistung zählen ihren Trainingsstress aus deiner FTP, die anderen ihre Herzfrequenzbelastung (TRIMP).
fitness-basis-hr = Die Belastung kommt aus der Herzfrequenz (TRIMP, mit Ruhe- und Maximalpuls). Trage deine FTP ein, damit Radfahrten mit Leistung nach ihrem Trainingsstress zählen.
fitness-fitness = Fitness
fitness-fatigue = Ermüdung
fitness-form = Form
fitness-empty = Keine Trainingsbelastung im letzten Jahr.
fitness-empty-hint = Einheiten mit Herzfrequenz (oder Leistung, wenn deine FTP eingetragen ist) geben jedem Tag eine Belastung; daraus baut sich über Wochen die Fitness auf.
fitness-explained = Fitness ist der 42-Tage-Durchschnitt deiner Belastung, Ermüdung ihr 7-Tage-Durchschnitt, Form die Differenz: erholt, wenn positiv.
