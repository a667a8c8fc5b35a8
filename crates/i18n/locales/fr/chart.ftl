chart-pace-range = la plus rapide { $fastest }, la plus lente { $slowest }
chart-range = de { $low } à { $high }
chart-label = { $title } : déplacez le pointeur ou utilisez les flèches du clavier pour lire les valeurs
chart-alt = Graphique { $title }, { $summary }
