# /curves: the best mean power, pace or heart rate held for each duration, over three spans
# and a workout's own.
curves-title = Courbes
curves-curve = Courbe
curves-all-sports = Tous les sports
curves-show = Afficher
curves-hint = La meilleure moyenne tenue pour chaque durée, d’une seconde à plusieurs heures ; l’axe du temps est logarithmique. Comparez la courbe d’une séance à celles-ci depuis sa page.
curves-empty = Pas encore de courbe ici.
curves-empty-hint = Les séances enregistrées avec un capteur de puissance, un GPS ou une ceinture cardio tracent ces courbes : le meilleur que vous avez tenu pour chaque durée, de quelques secondes à plusieurs heures.
curves-best = Meilleur pour chaque durée

## The chart: its name and its lines' names
curves-power = Courbe de puissance
curves-pace = Courbe d’allure
curves-hr = Courbe de fréquence cardiaque
curves-all-time = Depuis toujours
curves-this-year = Cette année
curves-last-90-days = 90 derniers jours
