"""The browser's part of an OAuth flow, done over HTTP for the partner-client tests.

A person would sign in to Laps and press "Allow" on the consent page; the harness does the
same with a requests.Session that sends `Accept: text/html` like a browser. It also uploads
workouts as that person, and reads Laps' own API to compare numbers with what partners get.
"""

import html.parser
import os
import re
import urllib.parse

import requests

BASE = os.environ["LAPS_URL"].rstrip("/")


class _Forms(html.parser.HTMLParser):
    """Collects every <form> with its action and inputs."""

    def __init__(self):
        super().__init__()
        self.forms = []

    select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "inputs": {}})
        elif not self.forms:
            return
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.forms[-1]["inputs"][self.select] = attrs.get("value", "")
        elif tag == "button" and attrs.get("name"):
            self.forms[-1].setdefault("buttons", []).append((attrs["name"], attrs.get("value", "")))
        elif tag == "input" and attrs.get("name"):
            # Unchecked radio buttons and checkboxes are not sent.
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            self.forms[-1]["inputs"][attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def forms(page):
    parser = _Forms()
    parser.feed(page)
    return parser.forms


class Person:
    """A signed-in Laps user in a browser."""

    def __init__(self, username, password):
        self.http = requests.Session()
        self.http.headers["Accept"] = "text/html"
        page = self.http.get(f"{BASE}/signin")
        page.raise_for_status()
        form = next(f for f in forms(page.text) if "password" in str(page.text))
        answer = self.http.post(
            urllib.parse.urljoin(BASE, form["action"]),
            data={**form["inputs"], "username": username, "password": password},
            allow_redirects=False,
        )
        assert answer.status_code in (302, 303), f"sign-in failed: {answer.status_code} {answer.text[:300]}"

    @property
    def csrf(self):
        return self.http.cookies.get("laps_csrf")

    def authorize(self, url, decision="approve"):
        """Opens an authorization URL and decides on the consent page (if one is shown).

        Returns the URL Laps sends the browser back to (the client's redirect URI with code or
        error).
        """
        page = self.http.get(url, allow_redirects=False)
        if page.status_code in (302, 303):
            return page.headers["Location"]
        assert page.status_code == 200, f"consent page: {page.status_code} {page.text[:500]}"
        assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        consent = next(f for f in forms(page.text) if f.get("buttons"))
        assert consent["action"] == "/oauth/authorize", consent
        answer = self.http.post(
            f"{BASE}/oauth/authorize",
            data={**consent["inputs"], "decision": decision},
            allow_redirects=False,
        )
        assert answer.status_code in (302, 303), f"decision: {answer.status_code} {answer.text[:500]}"
        return answer.headers["Location"]

    def save_settings(self, **changes):
        """Changes fields of the settings form and saves it, as a person would."""
        page = self.http.get(f"{BASE}/settings")
        page.raise_for_status()
        form = next(f for f in forms(page.text) if "max_hr" in f["inputs"])
        answer = self.http.post(
            urllib.parse.urljoin(BASE, form["action"]),
            data={**form["inputs"], **{k: str(v) for k, v in changes.items()}},
            allow_redirects=False,
        )
        assert answer.status_code in (302, 303), f"settings: {answer.status_code} {answer.text[:300]}"
        assert "done=1" in answer.headers["Location"], answer.headers["Location"]

    def consent_page(self, url):
        return self.http.get(url, allow_redirects=False)

    def upload(self, *paths):
        files = [("file", (os.path.basename(p), open(p, "rb"))) for p in paths]
        answer = self.http.post(
            f"{BASE}/api/v1/uploads",
            files=files,
            headers={"x-csrf-token": self.csrf, "Accept": "application/json"},
        )
        answer.raise_for_status()
        return answer.json()["files"]

    def sync_activity(self, days):
        """Sends daily activity as a companion app would (here with the browser's session)."""
        answer = self.http.post(
            f"{BASE}/api/v1/sync/activity",
            json={"days": days},
            headers={"x-csrf-token": self.csrf, "Accept": "application/json"},
        )
        answer.raise_for_status()
        return answer.json()

    def workouts(self):
        answer = self.http.get(f"{BASE}/api/v1/workouts", headers={"Accept": "application/json"})
        answer.raise_for_status()
        return answer.json()


def query_of(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def check(condition, message):
    if not condition:
        raise AssertionError(message)
