chart-pace-range = schnellste { $fastest }, langsamste { $slowest }
chart-range = von { $low } bis { $high }
chart-label = { $title }: Bewege den Zeiger oder nutze die Pfeiltasten, um die Werte zu sehen
chart-alt = Diagramm { $title }, { $summary }
