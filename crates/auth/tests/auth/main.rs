//! The account rules against a real store, on SQLite and on Postgres.

use std::{net::IpAddr, time::Duration};

use argon2::Params;
use auth::{AccountError, Accounts, Field, PasswordHasher, Revoke, ThrottlePolicy};
use db::{Backend, testing::TestDb};

const PASSWORD: &str = "correct horse battery";

fn client(n: u8) -> IpAddr {
    IpAddr::from([192, 0, 2, n])
}

/// Small argon2 parameters: these tests are about rules, not cost. (The server's tests use the
/// real ones.)
fn accounts(t: &TestDb, throttle: ThrottlePolicy) -> Accounts {
    Accounts::with_hasher(
        t.db.clone(),
        throttle,
        PasswordHasher::new(Params::new(256, 1, 1, None).unwrap()),
    )
}

async fn sign_up_is_open_for_the_first_account_only(backend: Backend) {
    let t = TestDb::new(backend).await;
    let accounts = accounts(&t, ThrottlePolicy::default());
    let first = accounts
        .sign_up("owner", PASSWORD, client(200))
        .await
        .unwrap();
    assert!(first.is_admin);
    let closed = accounts
        .sign_up("guest", PASSWORD, client(200))
        .await
        .unwrap_err();
    assert!(
        matches!(closed, AccountError::SignUpClosed),
        "got {closed:?}"
    );
    t.db.set_sign_up_open(true).await.unwrap();
    let guest = accounts
        .sign_up("guest", PASSWORD, client(200))
        .await
        .unwrap();
    assert!(!guest.is_admin);
}

async fn bad_sign_up_input_names_the_field(backend: Backend) {
    let t = TestDb::new(backend).await;
    let accounts = accounts(&t, ThrottlePolicy::default());
    let cases = [
        ("", PASSWORD, Field::Username, "Choose a username."),
        (
            &*"n".repeat(33),
            PASSWORD,
            Field::Username,
            "Usernames have at most 32 characters.",
        ),
        (
            "ada",
            "short",
            Field::Password,
            "Passwords need at least 10 characters.",
        ),
    ];
    for (name, password, field, message) in cases {
        let err = accounts
            .sign_up(name, password, client(200))
            .await
            .unwrap_err();
        assert_eq!(
            err.field(),
            Some(field),
            "case {name:?}/{password:?}: {err:?}"
        );
        assert_eq!(err.to_string(), message, "case {name:?}/{password:?}");
    }
    accounts
        .sign_up("Ada", PASSWORD, client(200))
        .await
        .unwrap();
    t.db.set_sign_up_open(true).await.unwrap();
    let taken = accounts
        .sign_up("ADA", PASSWORD, client(200))
        .await
        .unwrap_err();
    assert!(
        matches!(taken, AccountError::UsernameTaken),
        "got {taken:?}"
    );
    assert_eq!(taken.field(), Some(Field::Username));
}

async fn sign_in_accepts_the_password_in_any_name_case(backend: Backend) {
    let t = TestDb::new(backend).await;
    let accounts = accounts(&t, ThrottlePolicy::default());
    let ada = accounts
        .sign_up("Ada", PASSWORD, client(200))
        .await
        .unwrap();
    let credentials = accounts.sign_in("aDa", PASSWORD, client(1)).await.unwrap();
    assert_eq!(credentials.user, ada);
}

async fn wrong_password_and_unknown_user_get_the_same_answer(backend: Backend) {
    let t = TestDb::new(backend).await;
    let accounts = accounts(&t, ThrottlePolicy::default());
    accounts
        .sign_up("ada", PASSWORD, client(200))
        .await
        .unwrap();
    let wrong = accounts
        .sign_in("ada", "not the password", client(1))
        .await
        .unwrap_err();
    let unknown = accounts
        .sign_in("nobody", PASSWORD, client(1))
        .await
        .unwrap_err();
    let malformed = accounts
        .sign_in("no body!", PASSWORD, client(1))
        .await
        .unwrap_err();
    for err in [wrong, unknown, malformed] {
        assert!(matches!(err, AccountError::WrongCredentials), "got {err:?}");
        assert_eq!(
            err.field(),
            None,
            "the answer must not say which part was wrong"
        );
    }
}

async fn an_account_is_throttled_from_the_failing_address_only(backend: Backend) {
    let t = TestDb::new(backend).await;
    let policy = ThrottlePolicy {
        per_account: 3,
        per_address: 100,
        window: Duration::from_secs(600),
        ..ThrottlePolicy::default()
    };
    let accounts = accounts(&t, policy);
    accounts
        .sign_up("ada", PASSWORD, client(200))
        .await
        .unwrap();
    for n in 0..3 {
        let err = accounts
            .sign_in("ada", "wrong password", client(66))
            .await
            .unwrap_err();
        assert!(
            matches!(err, AccountError::WrongCredentials),
            "attempt {n}: {err:?}"
        );
    }
    // From the guessing address, even the right password waits.
    let err = accounts
        .sign_in("ADA", PASSWORD, client(66))
        .await
        .unwrap_err();
    let AccountError::Throttled { retry_after, .. } = err else {
        panic!("expected throttling, got {err:?}")
    };
    assert!(
        retry_after > Duration::from_secs(590) && retry_after <= Duration::from_secs(600),
        "{retry_after:?}"
    );
    assert_eq!(
        err.to_string(),
        "Too many failed sign-in attempts. Try again in 10 minutes."
    );
    // The owner, from their own address, is not locked out by a stranger.
    accounts
        .sign_in("ada", PASSWORD, client(99))
        .await
        .expect("the owner signs in from elsewhere");
}

async fn parallel_guesses_never_get_past_the_limit(backend: Backend) {
    let t = TestDb::new(backend).await;
    let policy = ThrottlePolicy {
        per_account: 5,
        per_address: 1000,
        window: Duration::from_secs(600),
        ..ThrottlePolicy::default()
    };
    let accounts = accounts(&t, policy);
    accounts
        .sign_up("ada", PASSWORD, client(200))
        .await
        .unwrap();
    let attempts: Vec<_> = (0..60)
        .map(|_| {
            let accounts = accounts.clone();
            tokio::spawn(async move { accounts.sign_in("ada", "wrong password", client(5)).await })
        })
        .collect();
    let (mut wrong, mut throttled) = (0, 0);
    for attempt in attempts {
        match attempt.await.unwrap() {
            Err(AccountError::WrongCredentials) => wrong += 1,
            Err(AccountError::Throttled { .. }) => throttled += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((wrong, throttled), (5, 55), "only the limit reach the hash");
}

async fn an_address_is_throttled_across_accounts(backend: Backend) {
    let t = TestDb::new(backend).await;
    let policy = ThrottlePolicy {
        per_account: 100,
        per_address: 4,
        window: Duration::from_secs(600),
        ..ThrottlePolicy::default()
    };
    let accounts = accounts(&t, policy);
    accounts
        .sign_up("ada", PASSWORD, client(200))
        .await
        .unwrap();
    for name in ["a1", "a2", "a3", "a4"] {
        accounts
            .sign_in(name, PASSWORD, client(7))
            .await
            .unwrap_err();
    }
    let err = accounts
        .sign_in("ada", PASSWORD, client(7))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountError::Throttled { .. }), "got {err:?}");
    accounts
        .sign_in("ada", PASSWORD, client(8))
        .await
        .expect("other addresses still sign in");
}

async fn a_successful_sign_in_clears_the_account_failures(backend: Backend) {
    let t = TestDb::new(backend).await;
    let policy = ThrottlePolicy {
        per_account: 2,
        per_address: 100,
        window: Duration::from_secs(600),
        ..ThrottlePolicy::default()
    };
    let accounts = accounts(&t, policy);
    accounts
        .sign_up("ada", PASSWORD, client(200))
        .await
        .unwrap();
    accounts
        .sign_in("ada", "wrong password", client(1))
        .await
        .unwrap_err();
    accounts.sign_in("ada", PASSWORD, client(1)).await.unwrap();
    accounts
        .sign_in("ada", "wrong password", client(1))
        .await
        .unwrap_err();
    accounts
        .sign_in("ada", PASSWORD, client(1))
        .await
        .expect("one failure since the last success");
}

async fn changing_the_password_needs_the_current_one(backend: Backend) {
    let t = TestDb::new(backend).await;
    let accounts = accounts(&t, ThrottlePolicy::default());
    let ada = accounts
        .sign_up("ada", PASSWORD, client(200))
        .await
        .unwrap();
    let wrong = accounts
        .change_password(
            &ada,
            "not it at all",
            "a brand new password",
            Revoke::default(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(wrong, AccountError::WrongCurrentPassword),
        "got {wrong:?}"
    );
    let short = accounts
        .change_password(&ada, PASSWORD, "short", Revoke::default())
        .await
        .unwrap_err();
    assert_eq!(short.field(), Some(Field::Password));
    let changed = accounts
        .change_password(&ada, PASSWORD, "a brand new password", Revoke::default())
        .await
        .unwrap();
    assert_eq!(changed.epoch, 1);
    accounts
        .sign_in("ada", PASSWORD, client(1))
        .await
        .unwrap_err();
    accounts
        .sign_in("ada", "a brand new password", client(1))
        .await
        .unwrap();
}

async fn administrative_operations_find_users_by_name(backend: Backend) {
    let t = TestDb::new(backend).await;
    let accounts = accounts(&t, ThrottlePolicy::default());
    accounts.add_user("owner", PASSWORD, false).await.unwrap();
    let bob = accounts.add_user("bob", PASSWORD, true).await.unwrap();
    assert!(
        bob.is_admin,
        "--admin makes an administrator even when not first"
    );
    let demoted = accounts.set_admin("BOB", false).await.unwrap();
    assert!(!demoted.is_admin);
    accounts
        .set_password("bob", "another long password")
        .await
        .unwrap();
    accounts
        .sign_in("bob", "another long password", client(1))
        .await
        .unwrap();
    let missing = accounts.set_admin("carol", true).await.unwrap_err();
    assert_eq!(missing.to_string(), "There is no user named carol.");
}

db::on_both_backends!(
    sign_up_is_open_for_the_first_account_only,
    bad_sign_up_input_names_the_field,
    sign_in_accepts_the_password_in_any_name_case,
    wrong_password_and_unknown_user_get_the_same_answer,
    an_account_is_throttled_from_the_failing_address_only,
    parallel_guesses_never_get_past_the_limit,
    an_address_is_throttled_across_accounts,
    a_successful_sign_in_clears_the_account_failures,
    changing_the_password_needs_the_current_one,
    administrative_operations_find_users_by_name,
);
