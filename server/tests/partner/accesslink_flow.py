"""The AccessLink v3 flow with Polar's own client library (PyPI polar-accesslink 0.0.5),
unmodified: only its three base-URL constants point at Laps.

Usage: LAPS_URL=… python accesslink_flow.py CLIENT_ID CLIENT_SECRET REDIRECT_URI USER PASSWORD
       FIT_WITH_ROUTE HRM_WITHOUT_ROUTE

Walks the official example client's sequence (PARTNER_API.md §2.3) and checks every answer,
and that the numbers partners get are the numbers Laps shows. Prints one line per step;
exits non-zero on the first failure.
"""

import sys

import requests
from requests.exceptions import HTTPError

import accesslink.accesslink as al
from harness import BASE, Person, check, query_of

client_id, client_secret, redirect_uri, user, password, fit_path, hrm_path = sys.argv[1:8]

# The only change: where the library finds the service.
al.AUTHORIZATION_URL = f"{BASE}/oauth2/authorization"
al.ACCESS_TOKEN_URL = f"{BASE}/v2/oauth2/token"
al.ACCESSLINK_URL = f"{BASE}/v3"
api = al.AccessLink(client_id=client_id, client_secret=client_secret, redirect_url=redirect_uri)


def step(text):
    print(f"ok: {text}", flush=True)


person = Person(user, password)

# 1. Authorization: the library's URL has no state, no scope and no PKCE.
url = api.get_authorization_url()
check("code_challenge" not in url and "state" not in url, url)
back = person.authorize(url)
check(back.startswith(redirect_uri + "?"), back)
code = query_of(back)["code"]
step("consent given through /oauth2/authorization")

# 2. Token (Basic auth, redirect_uri repeated).
token = api.get_access_token(code)
check(isinstance(token["x_user_id"], int), token)
check(token["expires_in"] == 31535999 and "refresh_token" not in token, token)
check(token["token_type"].lower() == "bearer" and token["scope"] == "accesslink.read_all", token)
user_id, access_token = token["x_user_id"], token["access_token"]
step(f"token for user {user_id}")

# The code is single-use: a second exchange is refused and revokes the token it gave.
try:
    api.get_access_token(code)
    check(False, "a reused code must be refused")
except HTTPError as e:
    check(e.response.status_code == 400 and e.response.json()["error"] == "invalid_grant", e.response.text)
revoked = requests.get(f"{BASE}/v3/users/{user_id}", headers={"Authorization": f"Bearer {access_token}"})
check(revoked.status_code == 401, f"a reused code revokes its tokens: {revoked.status_code}")
step("code reuse refused and its token revoked")

# Authorize again: the grant is remembered, so no consent page, straight back with a code.
back = person.authorize(api.get_authorization_url())
token = api.get_access_token(query_of(back)["code"])
check(token["x_user_id"] == user_id, "the partner's user id is stable")
access_token = token["access_token"]
step("remembered consent gives a new code without asking")

# 3. Register (before registration data calls are refused).
try:
    api.training_data.create_transaction(user_id=user_id, access_token=access_token)
    check(False, "data before registration must be refused")
except HTTPError as e:
    check(e.response.status_code == 403 and e.response.json()["errorType"] == "user_not_registered", e.response.text)
registered = api.users.register(access_token=access_token, member_id="member-1")
check(registered["polar-user-id"] == user_id and registered["member-id"] == "member-1", registered)
try:
    api.users.register(access_token=access_token, member_id="member-1")
    check(False, "a second registration is 409")
except HTTPError as e:
    check(e.response.status_code == 409, e.response.text)
info = api.users.get_information(user_id=user_id, access_token=access_token)
check(info["polar-user-id"] == user_id and info["first-name"] == user, info)
step("registered; user information read")

# 4. Nothing new yet: notifications and transactions say so with 204.
check(api.pull_notifications.list() == {}, "no notifications before any upload")
check(api.training_data.create_transaction(user_id=user_id, access_token=access_token) is None, "204")
step("204 when nothing is new")

# 5. The athlete uploads two workouts; the partner is told.
uploaded = person.upload(fit_path, hrm_path)
check([r["status"] for r in uploaded] == ["imported", "imported"], uploaded)
notes = api.pull_notifications.list()["available-user-data"]
check(any(n["user-id"] == user_id and n["data-type"] == "EXERCISE" for n in notes), notes)
check(all(n["url"].startswith(BASE + "/v3/users/") for n in notes), notes)
step("pull notification lists EXERCISE")

# 6. Exercise transaction: list, summaries, files, zones, samples, commit.
tx = api.training_data.create_transaction(user_id=user_id, access_token=access_token)
check(tx is not None and tx.transaction_url.startswith(BASE + "/v3/users/"), "201 with an absolute resource-uri")
urls = tx.list_exercises()["exercises"]
check(len(urls) == 2 and all(u.startswith(BASE) for u in urls), urls)
ours = {w["source_format"]: w for w in person.workouts()["workouts"]}
seen = {}
for url in urls:
    s = tx.get_exercise_summary(url)
    for key in ("id", "upload-time", "polar-user", "transaction-id", "device", "start-time",
                "start-time-utc-offset", "duration", "heart-rate", "sport", "has-route"):
        check(key in s, f"summary lacks {key}: {s}")
    laps_view = next(w for w in ours.values() if w["id"] == s["id"])
    check(s["start-time-utc-offset"] == laps_view["utc_offset_min"], (s, laps_view))
    check(s["heart-rate"]["average"] == laps_view["avg_hr"] and s["heart-rate"]["maximum"] == laps_view["max_hr"], (s, laps_view))
    check(s["distance"] == laps_view["distance_m"], (s, laps_view))
    seen[laps_view["source_format"]] = (url, s)
    zones = tx.get_heart_rate_zones(url)
    check(len(zones["zone"]) == 5 and all(z["in-zone"].startswith("PT") for z in zones["zone"]), zones)
    samples = tx.get_available_samples(url)["samples"]
    check(samples and all(u.startswith(url + "/samples/") for u in samples), samples)
    for sample_url in samples:
        series = tx.get_samples(sample_url)
        check(series["sample-type"] == sample_url.rsplit("/", 1)[1] and isinstance(series["data"], str), series)
    tcx = tx.get_tcx(url)
    check(tcx.lstrip().startswith("<?xml") and "TrainingCenterDatabase" in tcx, tcx[:200])
fit_url, fit_summary = seen["fit"]
check(fit_summary["has-route"] is True and fit_summary["start-time"].startswith("2019-02-17T14:26:44"), fit_summary)
gpx = tx.get_gpx(fit_url)
check("<gpx" in gpx and "<trkpt" in gpx, gpx[:200])
fit = requests.get(fit_url + "/fit", headers={"Authorization": f"Bearer {access_token}"})
check(fit.status_code == 200 and fit.content == open(fit_path, "rb").read(), "FIT is the original upload")
hrm_url, hrm_summary = seen["hrm"]
check(hrm_summary["has-route"] is False, hrm_summary)
no_route = requests.get(hrm_url + "/gpx", headers={"Authorization": f"Bearer {access_token}"})
check(no_route.status_code == 204 and no_route.content == b"", "GPX of a workout without a route is 204")
rr = tx.get_samples(hrm_url + "/samples/11")
check(len(rr["data"].split(",")) == 4591, "every RR interval")
hrm = requests.get(hrm_url + "/hrm", headers={"Authorization": f"Bearer {access_token}"})
check(hrm.status_code == 200 and "[Params]" in hrm.text, "HRM export (extension)")
step("exercise transaction: summaries, TCX, GPX, FIT, HRM, zones, samples")

tx.commit()
check(api.training_data.create_transaction(user_id=user_id, access_token=access_token) is None, "committed items are not offered again")
check(api.pull_notifications.list() == {}, "nothing pending after the commit")
try:
    tx.commit()
    check(False, "a committed transaction is gone")
except HTTPError as e:
    check(e.response.status_code == 404 and e.response.json()["errorType"] == "not_found", e.response.text)
step("committed; nothing offered twice")

# 7. Physical information: the athlete changes their maximum heart rate; the partner gets it.
check(api.physical_info.create_transaction(user_id=user_id, access_token=access_token) is None, "physical 204")
person.save_settings(max_hr=193, resting_hr=47)
notes = api.pull_notifications.list()["available-user-data"]
check([n["data-type"] for n in notes if n["user-id"] == user_id] == ["PHYSICAL_INFORMATION"], notes)
tx = api.physical_info.create_transaction(user_id=user_id, access_token=access_token)
urls = tx.list_physical_infos()["physical-informations"]
check(len(urls) == 1 and urls[0].startswith(BASE), urls)
entry = tx.get_physical_info(urls[0])
check(entry["maximum-heart-rate"] == 193 and entry["resting-heart-rate"] == 47, entry)
tx.commit()
check(api.physical_info.create_transaction(user_id=user_id, access_token=access_token) is None, "delivered once")
step("physical information follows the settings")

# Daily activity: a wearable's companion app syncs a day; the partner gets it, with hours.
check(api.daily_activity.create_transaction(user_id=user_id, access_token=access_token) is None, "activity 204")
person.sync_activity([{"date": "2026-11-23", "steps": 8421, "active_calories": 412, "active_seconds": 5400,
                       "hours": [{"hour": 7, "steps": 2100, "active_calories": 90, "active_seconds": 1200},
                                 {"hour": 18, "steps": 4000, "active_calories": 200, "active_seconds": 2400}]}])
notes = api.pull_notifications.list()["available-user-data"]
check([n["data-type"] for n in notes if n["user-id"] == user_id] == ["ACTIVITY_SUMMARY"], notes)
tx = api.daily_activity.create_transaction(user_id=user_id, access_token=access_token)
urls = tx.list_activities()["activity-log"]
check(len(urls) == 1 and urls[0].startswith(BASE), urls)
day = tx.get_activity_summary(urls[0])
check(day["date"] == "2026-11-23" and day["active-steps"] == 8421 and day["active-calories"] == 412 and day["duration"] == "PT1H30M", day)
steps = tx.get_step_samples(urls[0])
check(steps["interval"] == 60 and [s["steps"] for s in steps["samples"]] == [2100, 4000], steps)
check(tx.get_zone_samples(urls[0]) == {}, "no activity zones: 204")
tx.commit()
check(api.daily_activity.create_transaction(user_id=user_id, access_token=access_token) is None, "delivered")
# The day goes on: a later sync offers it again, with the new figures.
person.sync_activity([{"date": "2026-11-23", "steps": 9000, "active_calories": 450, "active_seconds": 5700}])
tx = api.daily_activity.create_transaction(user_id=user_id, access_token=access_token)
check(tx.get_activity_summary(tx.list_activities()["activity-log"][0])["active-steps"] == 9000, "updated day")
tx.commit()
listed = api.oauth.get(endpoint="/users/activities/2026-11-23", access_token=access_token)
check(listed["steps"] == 9000 and listed["active_calories"] == 450, listed)
step("daily activity: transaction, step samples, re-offered when the day changes, by date")

# 8. Non-transactional endpoints, with the example client's trailing slashes.
exercises = api.oauth.get(endpoint="/exercises", access_token=access_token)
check(len(exercises) == 2, exercises)
for e in exercises:
    for key in ("id", "upload_time", "polar_user", "device", "start_time", "start_time_utc_offset", "duration"):
        check(e.get(key) is not None, f"{key} missing or null: {e}")
one = api.oauth.get(endpoint=f"/exercises/{exercises[0]['id']}?samples=true&zones=true&route=true", access_token=access_token)
check(one["id"] == exercises[0]["id"] and "samples" in one and "heart_rate_zones" in one and "route" in one, one.keys())
check(api.oauth.get(endpoint="/users/sleep/", access_token=access_token) == {"nights": []}, "sleep")
check(api.oauth.get(endpoint="/users/nightly-recharge/", access_token=access_token) == {"recharges": []}, "recharge")
step("/v3/exercises, sleep and nightly recharge (trailing slashes)")

# 9. De-register: the token is revoked.
api.users.delete(user_id=user_id, access_token=access_token)
gone = requests.get(f"{BASE}/v3/users/{user_id}", headers={"Authorization": f"Bearer {access_token}"})
check(gone.status_code == 401, gone.status_code)
step("de-registered; the token no longer works")
print("accesslink flow passed")
