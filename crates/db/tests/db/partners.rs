//! Partners, grants, codes, tokens, AccessLink transactions and the webhook outbox.

use db::{
    Backend, CodeUse, DataKind, NewCode, NewPartner, NewToken, PartnerStatus, TokenKind, Webhook,
    testing::TestDb,
};
use domain::{Timestamp, UserId};

use crate::workouts::{MAY_FIRST, summary, upload, user};

fn new_partner(client_id: &str) -> NewPartner {
    NewPartner {
        client_id: client_id.into(),
        secret_hash: Some("hash".into()),
        name: "Coach".into(),
        homepage: None,
        status: PartnerStatus::Approved,
        accesslink: true,
        scopes: "accesslink.read_all".into(),
        owner: None,
        redirect_uris: vec![
            "https://coach.example/cb".into(),
            "https://coach.example/other".into(),
        ],
    }
}

async fn partner(t: &TestDb, client_id: &str) -> i64 {
    t.db.partner_create(&new_partner(client_id))
        .await
        .unwrap()
        .id
}

async fn registered_grant(t: &TestDb, partner_id: i64, account: UserId) -> i64 {
    let mut next = 41;
    let grant =
        t.db.grant_upsert(partner_id, account, "accesslink.read_all", || {
            next += 1;
            next
        })
        .await
        .unwrap();
    assert!(t.db.grant_register(grant.id, "member").await.unwrap());
    assert!(
        !t.db.grant_register(grant.id, "member").await.unwrap(),
        "registered once"
    );
    grant.id
}

async fn upload_many(t: &TestDb, account: UserId, n: usize) {
    for i in 0..n {
        let s = summary(
            &format!("w{i}"),
            "running",
            MAY_FIRST + i as i64 * 86_400_000,
        );
        t.db.insert_upload(account, &upload(&format!("hash-{i}"), vec![s]))
            .await
            .unwrap();
    }
}

async fn partners_keep_their_redirect_uris_in_order(backend: Backend) {
    let t = TestDb::new(backend).await;
    let id = partner(&t, "client-1").await;
    let p =
        t.db.partner_by_client_id("client-1")
            .await
            .unwrap()
            .unwrap();
    assert_eq!((p.id, p.redirect_uris.len()), (id, 2));
    assert_eq!(
        p.redirect_uris[0], "https://coach.example/cb",
        "the first is the default"
    );
    let taken = t.db.partner_create(&new_partner("client-1")).await;
    assert!(
        matches!(taken, Err(db::DbError::Conflict { .. })),
        "{taken:?}"
    );
}

async fn a_transaction_carries_fifty_items_and_a_commit_delivers_them_once(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let p = partner(&t, "c").await;
    upload_many(&t, ada, 2).await;
    let grant = registered_grant(&t, p, ada).await;
    assert_eq!(
        t.db.transaction_open(grant, DataKind::Exercise, 60_000)
            .await
            .unwrap(),
        None,
        "only data uploaded after registration"
    );
    upload_many(&t, ada, 57).await; // the first two are duplicates of earlier files
    let (tx, items) =
        t.db.transaction_open(grant, DataKind::Exercise, 60_000)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(items.len(), 50);
    // A new transaction supersedes the open one; its items come back.
    let (tx2, items2) =
        t.db.transaction_open(grant, DataKind::Exercise, 60_000)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(items2, items);
    assert_eq!(
        t.db.transaction_items(grant, DataKind::Exercise, tx)
            .await
            .unwrap(),
        None,
        "superseded"
    );
    assert!(
        !t.db
            .transaction_commit(grant, DataKind::Exercise, tx)
            .await
            .unwrap()
    );
    assert!(
        !t.db
            .transaction_commit(grant, DataKind::Activity, tx2)
            .await
            .unwrap(),
        "wrong kind"
    );
    assert!(
        t.db.transaction_commit(grant, DataKind::Exercise, tx2)
            .await
            .unwrap()
    );
    assert!(
        !t.db
            .transaction_commit(grant, DataKind::Exercise, tx2)
            .await
            .unwrap(),
        "committed once"
    );
    let (_, rest) =
        t.db.transaction_open(grant, DataKind::Exercise, 60_000)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(rest.len(), 5);
    assert!(
        rest.iter().all(|id| !items.contains(id)),
        "nothing delivered twice"
    );
    assert_eq!(
        t.db.transaction_open(grant, DataKind::Activity, 60_000)
            .await
            .unwrap(),
        None
    );
    let pending = t.db.pending_for_partner(p).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].kind, DataKind::Exercise);
}

async fn a_reused_code_or_refresh_token_revokes_its_family(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let p = partner(&t, "c").await;
    let grant =
        t.db.grant_upsert(p, ada, "workouts:read", || 7)
            .await
            .unwrap();
    let code = NewCode {
        code_hash: "code-hash".into(),
        grant_id: grant.id,
        redirect_uri: "https://coach.example/cb".into(),
        redirect_sent: false,
        scopes: "workouts:read".into(),
        code_challenge: None,
        expires_at: i64::MAX,
    };
    t.db.code_insert(&code).await.unwrap();
    assert!(
        matches!(t.db.code_take("code-hash").await.unwrap(), CodeUse::First(c) if c.grant_id == grant.id)
    );
    for (hash, kind) in [("at", TokenKind::Access), ("rt", TokenKind::Refresh)] {
        t.db.token_insert(&NewToken {
            token_hash: hash.into(),
            grant_id: grant.id,
            kind,
            family: "code-hash".into(),
            scopes: "workouts:read".into(),
            expires_at: i64::MAX,
        })
        .await
        .unwrap();
    }
    assert!(t.db.token("at").await.unwrap().unwrap().is_active(0));
    assert_eq!(t.db.code_take("code-hash").await.unwrap(), CodeUse::Reused);
    assert!(
        !t.db.token("at").await.unwrap().unwrap().is_active(0),
        "reuse revokes the access token"
    );
    assert_eq!(t.db.code_take("nothing").await.unwrap(), CodeUse::Unknown);
    t.db.token_insert(&NewToken {
        token_hash: "rt2".into(),
        grant_id: grant.id,
        kind: TokenKind::Refresh,
        family: "f2".into(),
        scopes: "s".into(),
        expires_at: i64::MAX,
    })
    .await
    .unwrap();
    assert!(t.db.refresh_spend("rt2").await.unwrap());
    assert!(!t.db.refresh_spend("rt2").await.unwrap(), "spent once");
    // Deleting the grant takes every token with it.
    assert!(t.db.grant_delete(grant.id).await.unwrap());
    assert_eq!(t.db.token("rt2").await.unwrap(), None);
}

async fn a_disabled_accounts_partner_tokens_are_marked_until_it_is_enabled(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let p = partner(&t, "c").await;
    let grant =
        t.db.grant_upsert(p, ada, "workouts:read", || 7)
            .await
            .unwrap();
    t.db.token_insert(&NewToken {
        token_hash: "at".into(),
        grant_id: grant.id,
        kind: TokenKind::Access,
        family: "f".into(),
        scopes: "workouts:read".into(),
        expires_at: i64::MAX,
    })
    .await
    .unwrap();
    assert!(!t.db.token("at").await.unwrap().unwrap().account_disabled);
    t.db.set_disabled(ada, true).await.unwrap();
    let stored =
        t.db.token("at")
            .await
            .unwrap()
            .expect("still found: it can be revoked");
    assert!(stored.account_disabled, "and said to be unusable");
    t.db.set_disabled(ada, false).await.unwrap();
    let stored = t.db.token("at").await.unwrap().unwrap();
    assert!(
        !stored.account_disabled && stored.is_active(0),
        "the grant and its token were kept"
    );
}

async fn outbox_rows_are_claimed_by_one_instance_and_a_failing_webhook_is_switched_off(
    backend: Backend,
) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let p = partner(&t, "c").await;
    registered_grant(&t, p, ada).await;
    t.db.webhook_create(&Webhook {
        id: "hook".into(),
        partner_id: p,
        url: "http://127.0.0.1:9/".into(),
        events: vec!["EXERCISE".into()],
        secret: "k".into(),
        active: true,
        failing_since: None,
    })
    .await
    .unwrap();
    upload_many(&t, ada, 4).await;
    assert_eq!(
        t.db.outbox_pending(p).await.unwrap(),
        4,
        "one event per stored workout, written with it"
    );
    // Two instances claim at once: nobody gets a row twice.
    let (a, b) = tokio::join!(t.db.outbox_claim(3, 60_000), t.db.outbox_claim(3, 60_000));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 4);
    assert!(
        a.iter()
            .all(|x| b.iter().all(|y| x.delivery_id != y.delivery_id))
    );
    assert!(
        t.db.outbox_claim(10, 60_000).await.unwrap().is_empty(),
        "claimed rows are leased"
    );
    t.db.outbox_delivered(a[0].delivery_id).await.unwrap();
    assert_eq!(t.db.outbox_pending(p).await.unwrap(), 3);
    // Failing for longer than the limit (0 here) switches the webhook off.
    assert!(
        !t.db
            .outbox_failed(b[0].delivery_id, "answered 500", 0, i64::MAX)
            .await
            .unwrap()
    );
    assert!(
        t.db.outbox_failed(b[0].delivery_id, "answered 500", 0, -1)
            .await
            .unwrap()
    );
    assert!(!t.db.webhook_of(p).await.unwrap().unwrap().active);
    assert!(
        t.db.outbox_claim(10, 60_000).await.unwrap().is_empty(),
        "nothing is sent to an inactive webhook"
    );
}

async fn the_outbox_keeps_a_bounded_history(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let p = partner(&t, "c").await;
    registered_grant(&t, p, ada).await;
    t.db.webhook_create(&Webhook {
        id: "hook".into(),
        partner_id: p,
        url: "http://127.0.0.1:9/".into(),
        events: vec!["EXERCISE".into()],
        secret: "k".into(),
        active: true,
        failing_since: None,
    })
    .await
    .unwrap();
    // Delivers the newest due event (the others stay leased, undelivered).
    let deliver_one = || async {
        let claimed = t.db.outbox_claim(10, 0).await.unwrap();
        let newest = claimed.iter().max_by_key(|i| i.delivery_id).unwrap();
        t.db.outbox_delivered(newest.delivery_id).await.unwrap();
    };
    // Two old events: one delivered, one never delivered.
    upload_many(&t, ada, 2).await;
    deliver_one().await;
    let cut = Timestamp::now().unix_ms() + 1;
    while Timestamp::now().unix_ms() <= cut {
        tokio::task::yield_now().await;
    }
    // Two new ones, likewise.
    for i in 0..2 {
        let s = summary(
            &format!("new{i}"),
            "running",
            MAY_FIRST - (i + 1) * 86_400_000,
        );
        t.db.insert_upload(ada, &upload(&format!("new-{i}"), vec![s]))
            .await
            .unwrap();
    }
    deliver_one().await;
    assert_eq!(t.db.outbox_pending(p).await.unwrap(), 2);
    assert_eq!(
        t.db.outbox_prune(cut).await.unwrap(),
        2,
        "the old delivered and the old undelivered rows go, the new delivered one stays"
    );
    assert_eq!(
        t.db.outbox_pending(p).await.unwrap(),
        1,
        "the new undelivered row stays"
    );
}

async fn webhook_events_need_the_grant_scope(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let p = partner(&t, "c").await;
    let grant =
        t.db.grant_upsert(p, ada, "activity:read", || 7)
            .await
            .unwrap();
    assert!(t.db.grant_register(grant.id, "member").await.unwrap());
    t.db.webhook_create(&Webhook {
        id: "hook".into(),
        partner_id: p,
        url: "http://127.0.0.1:9/".into(),
        events: vec!["EXERCISE".into(), "ACTIVITY_SUMMARY".into()],
        secret: "k".into(),
        active: true,
        failing_since: None,
    })
    .await
    .unwrap();
    upload_many(&t, ada, 1).await;
    assert_eq!(
        t.db.outbox_pending(p).await.unwrap(),
        0,
        "a grant without workouts:read hears nothing of workouts"
    );
}

db::on_both_backends!(
    partners_keep_their_redirect_uris_in_order,
    a_transaction_carries_fifty_items_and_a_commit_delivers_them_once,
    a_reused_code_or_refresh_token_revokes_its_family,
    a_disabled_accounts_partner_tokens_are_marked_until_it_is_enabled,
    outbox_rows_are_claimed_by_one_instance_and_a_failing_webhook_is_switched_off,
    the_outbox_keeps_a_bounded_history,
    webhook_events_need_the_grant_scope,
);
