//! The items of a grant's open transactions, which the transaction and exercise resources
//! both look up.

use db::DataKind;
use partner::Access;

use super::{error::V3Result, paths::Segment};
use crate::http::AppState;

/// The items of the open transaction `tx` of this grant, or 404.
pub async fn items(
    state: &AppState,
    access: &Access,
    kind: DataKind,
    tx: Segment<i64>,
) -> V3Result<Vec<i64>> {
    let tx = tx.or_not_found("transaction")?;
    state
        .partners
        .transaction_items(access.grant_id, kind, tx)
        .await?
        .ok_or_else(|| super::error::V3Error::not_found("transaction"))
}

/// The item `item` of the open transaction `tx` of this grant, or 404.
pub async fn item(
    state: &AppState,
    access: &Access,
    kind: DataKind,
    tx: Segment<i64>,
    item: Segment<i64>,
) -> V3Result<i64> {
    let items = items(state, access, kind, tx).await?;
    item.get()
        .filter(|id| items.contains(id))
        .ok_or_else(|| super::error::V3Error::not_found("item in this transaction"))
}
