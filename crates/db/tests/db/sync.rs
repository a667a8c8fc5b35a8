//! Sensor sync and daily activity: the stored batch and the hourly figures read back typed.

use db::{AdminRule, Backend, DailyActivity, testing::TestDb};
use domain::{ActivityHour, Date, UserId, Username};
use syncbatch::{StoredBatch, StoredNotification};

async fn user(t: &TestDb, raw: &str) -> UserId {
    t.db.create_user(&Username::parse(raw).unwrap(), "h", AdminRule::No)
        .await
        .unwrap()
        .id
}

async fn a_stored_batch_reads_back_as_written_and_a_resend_changes_nothing(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let session =
        t.db.sync_session_create(ada, None, "cycling", None)
            .await
            .unwrap();
    let batch = StoredBatch {
        notifications: vec![StoredNotification {
            sensor: "strap".into(),
            characteristic: "2a37".into(),
            at_ms: 1_717_221_600_000,
            value: "0048".into(),
        }],
        laps_ms: vec![1_717_221_660_000],
    };
    assert!(t.db.sync_batch_insert(session, 0, &batch, 2).await.unwrap());
    let resent = StoredBatch {
        notifications: Vec::new(),
        laps_ms: Vec::new(),
    };
    assert!(
        !t.db
            .sync_batch_insert(session, 0, &resent, 0)
            .await
            .unwrap(),
        "a resend is not stored"
    );
    let stored = t.db.sync_batches(session).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].decode().unwrap(), batch);
    assert_eq!(t.db.sync_notification_total(session).await.unwrap(), 1);
}

async fn a_day_of_activity_reads_back_typed_and_is_replaced_by_a_resend(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let day = Date::parse("2024-06-01").unwrap();
    let mut sent = DailyActivity {
        id: 0,
        day,
        steps: 9000,
        active_kcal: 400,
        active_s: 3600,
        hours: vec![ActivityHour {
            hour: 7,
            steps: 2500,
            active_calories: 90,
            active_seconds: 900,
        }],
        source: String::new(),
        created_at: 0,
        updated_at: 0,
    };
    let id = t.db.activity_upsert(ada, &sent).await.unwrap();
    sent.steps = 10_000;
    assert_eq!(
        t.db.activity_upsert(ada, &sent).await.unwrap(),
        id,
        "the same day"
    );
    let days = t.db.activity_days(ada, day, day).await.unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!((days[0].day, days[0].steps), (day, 10_000));
    assert_eq!(days[0].hours, sent.hours);
    let by_id = t.db.activity(ada, id).await.unwrap().unwrap();
    assert_eq!(by_id.hours, sent.hours);
    let bob = user(&t, "bob").await;
    assert!(
        t.db.activity(bob, id).await.unwrap().is_none(),
        "another account's day"
    );
}

db::on_both_backends!(
    a_stored_batch_reads_back_as_written_and_a_resend_changes_nothing,
    a_day_of_activity_reads_back_typed_and_is_replaced_by_a_resend,
);
