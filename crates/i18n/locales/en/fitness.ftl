# /fitness: the fitness model over the last year.
fitness-title = Fitness
fitness-pending = Working through your history: { $count ->
    [one] { $count } workout is still to analyse; its load is not counted yet.
   *[other] { $count } workouts are still to analyse; their load is not counted yet.
}
fitness-basis-ftp = Workouts with power count their training stress from your FTP; the others their heart-rate load (TRIMP).
fitness-basis-hr = Loads come from heart rate (TRIMP, with your resting and maximum heart rate). Set your FTP to count rides with power by their training stress.
fitness-fitness = Fitness
fitness-fatigue = Fatigue
fitness-form = Form
fitness-empty = No training load in the last year.
fitness-empty-hint = Workouts with heart rate (or power, with your FTP set) give each day a load; fitness builds from them over weeks.
fitness-explained = Fitness is your load's 42-day average, fatigue its 7-day average, form the difference: rested when positive.
