# /: the signed-in home page.
home-hello = Hello, { $name }
home-latest = Latest workouts
home-upload-more = Upload more
home-week-and-month = This week and this month
home-this-week = This week
home-this-month = This month
home-statistics = Statistics ›
home-none-yet = No workouts yet
