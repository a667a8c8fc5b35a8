list-upload-finished = Import terminé : { $imported ->
    [one] { $imported } séance importée
   *[other] { $imported } séances importées
}, { $duplicates ->
    [one] { $duplicates } déjà présente
   *[other] { $duplicates } déjà présentes
}, { $refused ->
    [one] { $refused } refusée
   *[other] { $refused } refusées
}.
list-views = Vues
list-all-sports = Tous les sports
list-show = Afficher
list-workout = Séance
list-avg-hr = FC moy.
list-pages = Pages
list-newer = ‹ Plus récentes
list-older = Plus anciennes ›
list-page = Page { $page } sur { $pages } · { $count ->
    [one] { $count } séance
   *[other] { $count } séances
}
