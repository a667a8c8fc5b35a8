//! The store's behaviour, run on SQLite and on Postgres with a fresh database per test.

mod gear;
mod links;
mod partners;
mod sync;
mod workouts;

use db::{AdminRule, Backend, DbError, testing::TestDb};
use domain::Username;

fn name(raw: &str) -> Username {
    Username::parse(raw).unwrap()
}

async fn the_first_account_is_admin_and_later_ones_are_not(backend: Backend) {
    let t = TestDb::new(backend).await;
    let first =
        t.db.create_user(&name("first"), "hash-1", AdminRule::IfFirst)
            .await
            .unwrap();
    let second =
        t.db.create_user(&name("second"), "hash-2", AdminRule::IfFirst)
            .await
            .unwrap();
    assert!(first.is_admin, "the first account administers the instance");
    assert!(!second.is_admin, "later accounts are ordinary");
    assert_eq!(t.db.count_users().await.unwrap(), 2);
}

async fn usernames_are_unique_in_any_letter_case(backend: Backend) {
    let t = TestDb::new(backend).await;
    t.db.create_user(&name("Ada"), "h", AdminRule::No)
        .await
        .unwrap();
    let err =
        t.db.create_user(&name("aDA"), "h", AdminRule::No)
            .await
            .unwrap_err();
    assert!(matches!(err, DbError::Conflict { .. }), "got {err:?}");
    let found =
        t.db.find_credentials(&name("ADA"))
            .await
            .unwrap()
            .expect("found in any case");
    assert_eq!(found.user.username.as_str(), "Ada", "display case is kept");
    assert_eq!(found.password_hash, "h");
}

async fn listing_returns_accounts_in_creation_order(backend: Backend) {
    let t = TestDb::new(backend).await;
    for user in ["zoe", "adam", "mia"] {
        t.db.create_user(&name(user), "h", AdminRule::No)
            .await
            .unwrap();
    }
    let names: Vec<String> =
        t.db.list_users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.username.to_string())
            .collect();
    assert_eq!(names, ["zoe", "adam", "mia"]);
}

async fn changing_the_password_moves_the_session_epoch(backend: Backend) {
    let t = TestDb::new(backend).await;
    let user =
        t.db.create_user(&name("ada"), "old", AdminRule::No)
            .await
            .unwrap();
    let before = t.db.get_credentials(user.id).await.unwrap();
    let epoch = t.db.set_password_hash(user.id, "new").await.unwrap();
    let after = t.db.get_credentials(user.id).await.unwrap();
    assert_eq!(after.password_hash, "new");
    assert_eq!(epoch, before.session_epoch + 1);
    assert_eq!(after.session_epoch, epoch);
}

async fn admin_rights_can_be_granted_and_withdrawn(backend: Backend) {
    let t = TestDb::new(backend).await;
    let user =
        t.db.create_user(&name("ada"), "h", AdminRule::No)
            .await
            .unwrap();
    t.db.set_admin(user.id, true).await.unwrap();
    assert!(t.db.get_credentials(user.id).await.unwrap().user.is_admin);
    t.db.set_admin(user.id, false).await.unwrap();
    assert!(!t.db.get_credentials(user.id).await.unwrap().user.is_admin);
    let missing =
        t.db.set_admin(domain::UserId::new(999_999), true)
            .await
            .unwrap_err();
    assert!(matches!(missing, DbError::NotFound), "got {missing:?}");
}

async fn disabling_an_account_signs_it_out_and_keeps_it(backend: Backend) {
    let t = TestDb::new(backend).await;
    let user =
        t.db.create_user(&name("ada"), "h", AdminRule::No)
            .await
            .unwrap();
    let before = t.db.get_credentials(user.id).await.unwrap();
    assert!(!before.disabled);
    t.db.set_disabled(user.id, true).await.unwrap();
    let disabled = t.db.get_credentials(user.id).await.unwrap();
    assert!(disabled.disabled);
    assert_eq!(
        disabled.session_epoch,
        before.session_epoch + 1,
        "its sessions are signed out"
    );
    assert!(
        t.db.find_credentials(&name("ada"))
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    let listed = t.db.account_summaries().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].disabled);
    t.db.set_disabled(user.id, false).await.unwrap();
    let enabled = t.db.get_credentials(user.id).await.unwrap();
    assert!(!enabled.disabled);
    assert_eq!(
        enabled.session_epoch, disabled.session_epoch,
        "enabling brings no old session back, and needs no new epoch"
    );
    let missing =
        t.db.set_disabled(domain::UserId::new(999_999), true)
            .await
            .unwrap_err();
    assert!(matches!(missing, DbError::NotFound), "got {missing:?}");
}

async fn deleting_an_account_deletes_its_data_and_no_one_elses(backend: Backend) {
    use crate::workouts::{MAY_FIRST, summary, upload};
    let t = TestDb::new(backend).await;
    let ada =
        t.db.create_user(&name("ada"), "h", AdminRule::No)
            .await
            .unwrap();
    let bob =
        t.db.create_user(&name("bob"), "h", AdminRule::No)
            .await
            .unwrap();
    for (who, hash) in [(ada.id, "a"), (bob.id, "b"), (bob.id, "c")] {
        let s = summary(hash, "running", MAY_FIRST);
        t.db.insert_upload(who, &upload(hash, vec![s]))
            .await
            .unwrap();
    }
    let counts = |list: Vec<domain::AccountSummary>| {
        list.into_iter()
            .map(|a| (a.user.username.to_string(), a.workouts))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts(t.db.account_summaries().await.unwrap()),
        [("ada".to_owned(), 1), ("bob".to_owned(), 2)]
    );
    t.db.delete_user(bob.id).await.unwrap();
    assert_eq!(
        counts(t.db.account_summaries().await.unwrap()),
        [("ada".to_owned(), 1)]
    );
    assert!(matches!(
        t.db.get_credentials(bob.id).await,
        Err(DbError::NotFound)
    ));
    // A new account of the same name starts empty: nothing of the old one is left to inherit.
    let again =
        t.db.create_user(&name("bob"), "h", AdminRule::No)
            .await
            .unwrap();
    assert_ne!(again.id, bob.id);
    assert_eq!(
        counts(t.db.account_summaries().await.unwrap()),
        [("ada".to_owned(), 1), ("bob".to_owned(), 0)]
    );
    assert_eq!(
        t.db.account_revision(bob.id).await.unwrap(),
        0,
        "the old account's revision counter went with it"
    );
    assert!(matches!(
        t.db.delete_user(bob.id).await,
        Err(DbError::NotFound)
    ));
}

async fn the_zone_move_finds_only_workouts_placed_by_the_setting(backend: Backend) {
    use crate::workouts::{MAY_FIRST, summary, upload};
    let t = TestDb::new(backend).await;
    let ada =
        t.db.create_user(&name("ada"), "h", AdminRule::No)
            .await
            .unwrap();
    let bob =
        t.db.create_user(&name("bob"), "h", AdminRule::No)
            .await
            .unwrap();
    let placed = |title: &str, zone: &str, gps: bool| {
        let mut s = summary(title, "running", MAY_FIRST);
        s.time_zone = Some(zone.to_owned());
        s.has_gps = gps;
        s
    };
    let store = |who, hash: &str, s, service: Option<&str>| {
        let mut u = upload(hash, vec![s]);
        u.source = service.map(|service| db::SourceRef {
            service: service.to_owned(),
            id: hash.to_owned(),
        });
        let db = t.db.clone();
        async move { db.insert_upload(who, &u).await.unwrap() }
    };
    store(ada.id, "a", placed("indoor", "Europe/Berlin", false), None).await;
    store(ada.id, "b", placed("outdoor", "Europe/Berlin", true), None).await;
    store(ada.id, "c", placed("elsewhere", "Asia/Tokyo", false), None).await;
    store(
        ada.id,
        "d",
        placed("apple", "Europe/Berlin", false),
        Some("Apple Health"),
    )
    .await;
    store(
        ada.id,
        "e",
        placed("strava", "Europe/Berlin", false),
        Some("Strava"),
    )
    .await;
    store(bob.id, "f", placed("bobs", "Europe/Berlin", false), None).await;
    let titles: Vec<String> =
        t.db.zoned_workouts(ada.id, "Europe/Berlin", "Apple Health")
            .await
            .unwrap()
            .into_iter()
            .map(|w| w.title)
            .collect();
    assert_eq!(
        titles,
        ["indoor", "strava"],
        "no position, the setting's zone, not a zone Apple stated, not bob's"
    );
}

async fn sessions_round_trip_and_expire(backend: Backend) {
    let t = TestDb::new(backend).await;
    let far = i64::MAX / 2;
    assert!(t.db.session_create("s1", b"one", far).await.unwrap());
    assert!(
        !t.db.session_create("s1", b"other", far).await.unwrap(),
        "ids are never shared"
    );
    assert_eq!(
        t.db.session_load("s1").await.unwrap().as_deref(),
        Some(&b"one"[..])
    );
    t.db.session_save("s1", b"two", far).await.unwrap();
    assert_eq!(
        t.db.session_load("s1").await.unwrap().as_deref(),
        Some(&b"two"[..])
    );
    // An expired session is invisible and swept.
    t.db.session_save("old", b"x", 1).await.unwrap();
    assert_eq!(t.db.session_load("old").await.unwrap(), None);
    assert_eq!(t.db.session_delete_expired().await.unwrap(), 1);
    t.db.session_delete("s1").await.unwrap();
    assert_eq!(t.db.session_load("s1").await.unwrap(), None);
}

async fn throttle_windows_count_and_restart(backend: Backend) {
    let t = TestDb::new(backend).await;
    let hour = 3_600_000;
    assert_eq!(t.db.throttle_get("k", hour).await.unwrap(), None);
    let first = t.db.throttle_record_failure("k", hour).await.unwrap();
    let second = t.db.throttle_record_failure("k", hour).await.unwrap();
    assert_eq!((first.failures, second.failures), (1, 2));
    assert_eq!(second.started_at_ms, first.started_at_ms, "same window");
    // A zero-length window has always ended: the count starts again.
    let restarted = t.db.throttle_record_failure("k", 0).await.unwrap();
    assert_eq!(restarted.failures, 1);
    t.db.throttle_clear("k").await.unwrap();
    assert_eq!(t.db.throttle_get("k", hour).await.unwrap(), None);
}

async fn sign_up_is_closed_until_opened(backend: Backend) {
    let t = TestDb::new(backend).await;
    assert!(!t.db.sign_up_open().await.unwrap());
    t.db.set_sign_up_open(true).await.unwrap();
    assert!(t.db.sign_up_open().await.unwrap());
    t.db.set_sign_up_open(false).await.unwrap();
    assert!(!t.db.sign_up_open().await.unwrap());
}

async fn migrations_are_recorded_and_idempotent(backend: Backend) {
    let t = TestDb::new(backend).await;
    t.db.migrate().await.expect("a second run changes nothing");
    let known: Vec<i64> =
        t.db.known_migrations()
            .into_iter()
            .map(|(v, _)| v)
            .collect();
    assert_eq!(t.db.applied_migrations().await.unwrap(), known);
    t.db.ping().await.unwrap();
}

/// After a bulk import the planner knows the tables: on Postgres the workout tables are
/// vacuumed and analysed (a table never analysed has `reltuples` -1), on SQLite `PRAGMA
/// optimize` runs; neither is refused by the store.
async fn statistics_are_refreshed_after_a_bulk_import(backend: Backend) {
    let t = TestDb::new(backend).await;
    t.db.refresh_statistics().await.unwrap();
    if backend == Backend::Postgres {
        let pool = sqlx::PgPool::connect(t.url.expose()).await.unwrap();
        let never: Vec<String> = sqlx::query_scalar(
            "SELECT relname::text FROM pg_class WHERE relname IN \
             ('workout', 'workout_lap', 'workout_analysis') AND reltuples < 0",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(never.is_empty(), "never analysed: {never:?}");
        let (analysed,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM pg_class WHERE relname IN \
             ('workout', 'workout_lap', 'workout_analysis') AND reltuples = 0",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(analysed, 3);
    }
}

db::on_both_backends!(
    statistics_are_refreshed_after_a_bulk_import,
    the_first_account_is_admin_and_later_ones_are_not,
    usernames_are_unique_in_any_letter_case,
    listing_returns_accounts_in_creation_order,
    changing_the_password_moves_the_session_epoch,
    admin_rights_can_be_granted_and_withdrawn,
    disabling_an_account_signs_it_out_and_keeps_it,
    deleting_an_account_deletes_its_data_and_no_one_elses,
    the_zone_move_finds_only_workouts_placed_by_the_setting,
    sessions_round_trip_and_expire,
    throttle_windows_count_and_restart,
    sign_up_is_closed_until_opened,
    migrations_are_recorded_and_idempotent,
);
