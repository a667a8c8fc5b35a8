//! The typed paths of `/v3`: one struct per route shape, parsed from the request's path and
//! described in the OpenAPI document, with what a token needs to reach it ([`Resource`]).
//!
//! Ids are parsed leniently ([`Segment`]): a malformed one is answered where AccessLink
//! answers it (after the scope, user and registration checks, as "no such transaction" or
//! "no such item"), not as a malformed path.

use std::marker::PhantomData;

use db::DataKind;
use domain::Date;
use partner::Scope;
use serde::{Deserialize, Deserializer, de::DeserializeOwned};
use utoipa::{IntoParams, ToSchema};

use super::{
    error::{V3Error, V3Result},
    samples::SampleType,
};

/// A resource of a user, named by a request's path: what a token needs to reach it.
pub trait Resource: DeserializeOwned + Send + 'static {
    /// The scope the token must carry (`None`: any token).
    fn scope(&self) -> Option<Scope>;

    /// The user the path names, who must be the token's own (`None`: the path names none).
    fn user(&self) -> Option<PartnerUser> {
        None
    }

    /// Whether the path is one Laps serves once parsed (a segment that must agree with
    /// another); 404 otherwise.
    fn is_served(&self) -> bool {
        true
    }
}

/// A path segment parsed as `T`; `None` when it is not one.
#[derive(Debug, Clone, Copy)]
pub struct Segment<T>(Option<T>);

/// What a [`Segment`] can hold.
pub trait FromSegment: Sized {
    /// The value a segment spells, if any.
    fn from_segment(text: &str) -> Option<Self>;
}

impl FromSegment for i64 {
    fn from_segment(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl FromSegment for Date {
    fn from_segment(text: &str) -> Option<Self> {
        Date::parse(text)
    }
}

impl FromSegment for SampleType {
    fn from_segment(text: &str) -> Option<Self> {
        SampleType::from_key(text)
    }
}

impl<T> Segment<T> {
    /// The value, or 404 saying there is no such `what`.
    pub fn or_not_found(self, what: &str) -> V3Result<T> {
        self.0.ok_or_else(|| V3Error::not_found(what))
    }

    /// The value, if the segment spelled one.
    pub fn get(self) -> Option<T> {
        self.0
    }
}

impl<'de, T: FromSegment> Deserialize<'de> for Segment<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Ok(Self(T::from_segment(&text)))
    }
}

/// The `{user}` of a path: the user id the partner knows (AccessLink's `polar-user-id`).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct PartnerUser(Segment<i64>);

impl PartnerUser {
    /// Whether this is the user `partner_user_id`.
    pub fn is(self, partner_user_id: i64) -> bool {
        self.0.get() == Some(partner_user_id)
    }
}

/// The transactional collections and how each appears in paths and bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
pub enum Collection {
    /// Exercises (workouts).
    #[serde(rename = "exercise-transactions")]
    Exercises,
    /// Daily activity.
    #[serde(rename = "activity-transactions")]
    Activities,
    /// Physical information (heart-rate settings).
    #[serde(rename = "physical-information-transactions")]
    PhysicalInformation,
}

impl Collection {
    /// The collection of a kind of data.
    pub fn of(kind: DataKind) -> Self {
        match kind {
            DataKind::Exercise => Self::Exercises,
            DataKind::Activity => Self::Activities,
            DataKind::Physical => Self::PhysicalInformation,
        }
    }

    /// The kind of data it holds.
    pub fn kind(self) -> DataKind {
        match self {
            Self::Exercises => DataKind::Exercise,
            Self::Activities => DataKind::Activity,
            Self::PhysicalInformation => DataKind::Physical,
        }
    }

    /// `…/{collection}/{tx}`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Exercises => "exercise-transactions",
            Self::Activities => "activity-transactions",
            Self::PhysicalInformation => "physical-information-transactions",
        }
    }

    /// `…/{tx}/{items}/{id}`.
    pub fn items(self) -> &'static str {
        match self {
            Self::Exercises => "exercises",
            Self::Activities => "activities",
            Self::PhysicalInformation => "physical-informations",
        }
    }

    /// Pull notifications' `data-type`.
    pub fn data_type(self) -> &'static str {
        match self {
            Self::Exercises => "EXERCISE",
            Self::Activities => "ACTIVITY_SUMMARY",
            Self::PhysicalInformation => "PHYSICAL_INFORMATION",
        }
    }
}

/// A resource that needs one fixed scope and names no user: `/v3/exercises`,
/// `/v3/users/activities`.
#[derive(Debug)]
pub struct Scoped<S>(PhantomData<S>);

/// A fixed scope, as a type (for [`Scoped`]).
pub trait FixedScope {
    /// The scope.
    const SCOPE: Scope;
}

/// A resource that needs `workouts:read` and names no user.
pub type WorkoutsReadable = Scoped<WorkoutsRead>;

/// A resource that needs `activity:read` and names no user.
pub type ActivityReadable = Scoped<ActivityRead>;

/// `workouts:read`.
#[derive(Debug)]
pub struct WorkoutsRead;

impl FixedScope for WorkoutsRead {
    const SCOPE: Scope = Scope::WorkoutsRead;
}

/// `activity:read`.
#[derive(Debug)]
pub struct ActivityRead;

impl FixedScope for ActivityRead {
    const SCOPE: Scope = Scope::ActivityRead;
}

impl<'de, S> Deserialize<'de> for Scoped<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The parameters of a route that has none.
        #[derive(Deserialize)]
        struct NoParameters {}
        NoParameters::deserialize(deserializer)?;
        Ok(Self(PhantomData))
    }
}

impl<S: FixedScope + Send + 'static> Resource for Scoped<S> {
    fn scope(&self) -> Option<Scope> {
        Some(S::SCOPE)
    }
}

/// `/v3/users/{user}`: the user's information (`GET`, `profile:read`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserPath {
    /// The user's id (`polar-user-id`).
    #[param(value_type = i64)]
    pub user: PartnerUser,
}

impl Resource for UserPath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::ProfileRead)
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// `/v3/users/{user}` for `DELETE`: any token of the user may de-register them.
#[derive(Debug, Deserialize)]
pub struct Deregistration {
    /// The user's id.
    pub user: PartnerUser,
}

impl Resource for Deregistration {
    fn scope(&self) -> Option<Scope> {
        None
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// `/v3/users/activities/{date}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ActivityDayPath {
    /// The day, `YYYY-MM-DD` (400 otherwise).
    #[param(value_type = String, format = Date)]
    pub date: Segment<Date>,
}

impl Resource for ActivityDayPath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::ActivityRead)
    }
}

/// `/v3/users/{user}/{collection}`: opening a transaction.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CollectionPath {
    /// The user's id.
    #[param(value_type = i64)]
    pub user: PartnerUser,
    /// The kind of data.
    #[param(inline)]
    pub collection: Collection,
}

impl Resource for CollectionPath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::to_read(self.collection.kind()))
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// `/v3/users/{user}/{collection}/{tx}`: an open transaction.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TransactionPath {
    /// The user's id.
    #[param(value_type = i64)]
    pub user: PartnerUser,
    /// The kind of data.
    #[param(inline)]
    pub collection: Collection,
    /// The transaction's id.
    #[param(value_type = i64)]
    pub tx: Segment<i64>,
}

impl Resource for TransactionPath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::to_read(self.collection.kind()))
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// `/v3/users/{user}/{collection}/{tx}/{items}/{item}`: one item of an open transaction.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ItemPath {
    /// The user's id.
    #[param(value_type = i64)]
    pub user: PartnerUser,
    /// The kind of data.
    #[param(inline)]
    pub collection: Collection,
    /// The transaction's id.
    #[param(value_type = i64)]
    pub tx: Segment<i64>,
    /// The collection's items: `exercises`, `activities` or `physical-informations`.
    pub items: String,
    /// The item's id.
    #[param(value_type = i64)]
    pub item: Segment<i64>,
}

impl Resource for ItemPath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::to_read(self.collection.kind()))
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }

    fn is_served(&self) -> bool {
        self.items == self.collection.items()
    }
}

/// What a transaction's exercise offers beside its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseResource {
    /// The route as GPX (204 without GPS).
    Gpx,
    /// TCX.
    Tcx,
    /// FIT (the original upload when it was FIT).
    Fit,
    /// Polar HRM (Laps' extension).
    Hrm,
    /// Time in each heart-rate zone.
    HeartRateZones,
    /// The URLs of the sample series.
    Samples,
}

/// `/v3/users/{user}/exercise-transactions/{tx}/exercises/{item}/{resource}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ExerciseResourcePath {
    /// The user's id.
    #[param(value_type = i64)]
    pub user: PartnerUser,
    /// The transaction's id.
    #[param(value_type = i64)]
    pub tx: Segment<i64>,
    /// The exercise's id in the transaction.
    #[param(value_type = i64)]
    pub item: Segment<i64>,
    /// What to read.
    #[param(inline)]
    pub resource: ExerciseResource,
}

impl Resource for ExerciseResourcePath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::WorkoutsRead)
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// `/v3/users/{user}/exercise-transactions/{tx}/exercises/{item}/samples/{sample}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ExerciseSamplePath {
    /// The user's id.
    #[param(value_type = i64)]
    pub user: PartnerUser,
    /// The transaction's id.
    #[param(value_type = i64)]
    pub tx: Segment<i64>,
    /// The exercise's id in the transaction.
    #[param(value_type = i64)]
    pub item: Segment<i64>,
    /// AccessLink's sample-type key (0 heart rate, 1 speed, … 11 RR intervals).
    #[param(value_type = u8)]
    pub sample: Segment<SampleType>,
}

impl Resource for ExerciseSamplePath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::WorkoutsRead)
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// The samples of a transaction's day of activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActivitySamples {
    /// Steps per hour.
    StepSamples,
    /// Activity zones (Laps records none: 204).
    ZoneSamples,
}

/// `/v3/users/{user}/activity-transactions/{tx}/activities/{item}/{samples}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ActivitySamplesPath {
    /// The user's id.
    #[param(value_type = i64)]
    pub user: PartnerUser,
    /// The transaction's id.
    #[param(value_type = i64)]
    pub tx: Segment<i64>,
    /// The day's id in the transaction.
    #[param(value_type = i64)]
    pub item: Segment<i64>,
    /// Which samples.
    #[param(inline)]
    pub samples: ActivitySamples,
}

impl Resource for ActivitySamplesPath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::ActivityRead)
    }

    fn user(&self) -> Option<PartnerUser> {
        Some(self.user)
    }
}

/// `/v3/exercises/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ExercisePath {
    /// The exercise's opaque id.
    pub id: String,
}

impl Resource for ExercisePath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::WorkoutsRead)
    }
}

/// The files of `/v3/exercises/{id}/{file}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExerciseFile {
    /// FIT.
    Fit,
    /// TCX.
    Tcx,
    /// GPX (204 without GPS).
    Gpx,
    /// Polar HRM (Laps' extension).
    Hrm,
}

impl From<ExerciseFile> for ExerciseResource {
    fn from(file: ExerciseFile) -> Self {
        match file {
            ExerciseFile::Fit => Self::Fit,
            ExerciseFile::Tcx => Self::Tcx,
            ExerciseFile::Gpx => Self::Gpx,
            ExerciseFile::Hrm => Self::Hrm,
        }
    }
}

/// `/v3/exercises/{id}/{file}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ExerciseFilePath {
    /// The exercise's opaque id.
    pub id: String,
    /// The file format.
    #[param(inline)]
    pub file: ExerciseFile,
}

impl Resource for ExerciseFilePath {
    fn scope(&self) -> Option<Scope> {
        Some(Scope::WorkoutsRead)
    }
}

/// `/v3/webhooks/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WebhookPath {
    /// The webhook's id.
    pub id: String,
}
