//! The ECS model: the components and resources a run is made of.
//!
//! Entities: every negotiator ([`delegation::Negotiator`]), every voter
//! ([`delegation::Voter`]) and every paragraph ([`paragraph::Paragraph`]).
//! Resources: the [`calendar::Calendar`] with its [`calendar::Events`] and
//! the last [`calendar::SilenceState`] and the plenary's [`calendar::Floor`], the mediators ([`mediator::Mediator`],
//! [`mediator::President`]) and the [`mediator::CollapseShare`], the
//! [`world::Blocs`], the run's generator ([`record::RunRng`]), its
//! [`record::RunRecord`] and optional [`trace::Trace`]. [`world::populate`] builds a world from a scenario once;
//! the `start` schedule (see [`crate::stages`]) resets it for every run.

pub mod acceptability;
pub mod calendar;
pub mod delegation;
pub mod mediator;
pub mod paragraph;
pub mod record;
pub mod stakeholders;
pub mod table;
pub mod trace;
pub mod world;

/// Slack for float comparisons, so that float noise never flips an objection
/// (MODEL.md section 2).
pub const EPS: f64 = 1e-9;
