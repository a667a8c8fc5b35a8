"""Standard OAuth 2.0 flows with two independent client libraries from PyPI: Authlib
(client_secret_basic, PKCE S256, refresh, revocation, introspection, metadata) and
requests-oauthlib (client_secret_post, PKCE S256).

Usage: LAPS_URL=… python standard_flow.py CLIENT_ID CLIENT_SECRET REDIRECT_URI USER PASSWORD

Prints one line per step; exits non-zero on the first failure.
"""

import os
import sys

import requests

from harness import BASE, Person, check, query_of

# Laps runs on plain-http loopback in the tests; both libraries refuse that by default.
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from authlib.common.security import generate_token  # noqa: E402
from authlib.integrations.requests_client import OAuth2Session as AuthlibSession  # noqa: E402
from requests_oauthlib import OAuth2Session as OAuthlibSession  # noqa: E402

client_id, client_secret, redirect_uri, user, password = sys.argv[1:6]


def step(text):
    print(f"ok: {text}", flush=True)


meta = requests.get(f"{BASE}/.well-known/oauth-authorization-server").json()
check(meta["issuer"] == BASE and meta["code_challenge_methods_supported"] == ["S256"], meta)
token_url, revoke_url, introspect_url = meta["token_endpoint"], meta["revocation_endpoint"], meta["introspection_endpoint"]
step("RFC 8414 metadata")

person = Person(user, password)

# Authlib: Basic client authentication, PKCE, narrower scope than allowed.
client = AuthlibSession(
    client_id,
    client_secret,
    scope="workouts:read",
    redirect_uri=redirect_uri,
    code_challenge_method="S256",
    token_endpoint_auth_method="client_secret_basic",
)
verifier = generate_token(64)
url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier)
back = person.authorize(url)
params = query_of(back)
check(params["state"] == state and params["iss"] == BASE, params)
token = client.fetch_token(token_url, authorization_response=back, code_verifier=verifier)
check(token["scope"] == "workouts:read" and token["expires_in"] == 3600 and token["refresh_token"], token)
check(isinstance(token["x_user_id"], int), token)
user_id = token["x_user_id"]
step("authlib: code with PKCE, client_secret_basic")

answer = client.get(f"{BASE}/v3/exercises")
check(answer.status_code == 403 and answer.json()["errorType"] == "user_not_registered", answer.text)
check(client.post(f"{BASE}/v3/users", json={"member-id": "std-1"}).status_code == 200, "register")
check(client.get(f"{BASE}/v3/exercises").json() == [], "no exercises yet")
profile = client.get(f"{BASE}/v3/users/{user_id}")
check(profile.status_code == 403 and profile.json()["errorType"] == "insufficient_scope", profile.text)
step("bearer token works; scopes are enforced")

seen = client.introspect_token(introspect_url, token=token["access_token"]).json()
check(seen["active"] is True and seen["client_id"] == client_id and seen["sub"] == str(user_id), seen)
step("introspection")

first_refresh = token["refresh_token"]
renewed = client.refresh_token(token_url, refresh_token=first_refresh)
check(renewed["refresh_token"] != first_refresh and renewed["access_token"] != token["access_token"], renewed)
check(client.get(f"{BASE}/v3/exercises").status_code == 200, "the renewed token works")
step("refresh rotates the refresh token")

# Replaying the spent refresh token is theft: the whole family is revoked.
replay = requests.post(token_url, data={"grant_type": "refresh_token", "refresh_token": first_refresh}, auth=(client_id, client_secret))
check(replay.status_code == 400 and replay.json()["error"] == "invalid_grant", replay.text)
dead = requests.get(f"{BASE}/v3/exercises", headers={"Authorization": f"Bearer {renewed['access_token']}"})
check(dead.status_code == 401, "the family is revoked after a replay")
check(client.introspect_token(introspect_url, token=renewed["refresh_token"]).json() == {"active": False}, "refresh revoked too")
step("refresh-token replay revokes the family")

# A fresh grant (consent is remembered: no page this time), then RFC 7009 revocation.
verifier = generate_token(64)
url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier)
back = person.authorize(url)
token = client.fetch_token(token_url, authorization_response=back, code_verifier=verifier)
check(client.revoke_token(revoke_url, token=token["refresh_token"], token_type_hint="refresh_token").status_code == 200, "revoke")
gone = requests.get(f"{BASE}/v3/exercises", headers={"Authorization": f"Bearer {token['access_token']}"})
check(gone.status_code == 401, "revoking the refresh token revokes its access tokens")
check(client.revoke_token(revoke_url, token="not-a-token").status_code == 200, "unknown tokens: 200")
step("revocation (RFC 7009)")

# requests-oauthlib: client_secret_post, PKCE.
session = OAuthlibSession(client_id, redirect_uri=redirect_uri, scope=["workouts:read"], pkce="S256")
url, state = session.authorization_url(meta["authorization_endpoint"])
back = person.authorize(url)
token = session.fetch_token(token_url, authorization_response=back, client_secret=client_secret, include_client_id=True)
check(token["refresh_token"] and token["x_user_id"] == user_id, token)
check(session.get(f"{BASE}/v3/exercises").status_code == 200, "requests-oauthlib token works")
step("requests-oauthlib: code with PKCE, client_secret_post")
print("standard flow passed")
