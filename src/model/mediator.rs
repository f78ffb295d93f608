//! The co-facilitators and the President of the General Assembly.

use bevy_ecs::prelude::*;

use crate::scenario::{MediatorSpec, PresidentSpec};

/// The co-facilitators: they make the compromise moves of revisions and
/// consultations (MODEL.md section 4).
#[derive(Resource, Debug, Clone)]
pub struct Mediator(pub MediatorSpec);

/// The PGA, when the scenario has one.
#[derive(Resource, Debug, Clone)]
pub struct President(pub Option<PresidentSpec>);

/// The scenario's collapse threshold (MODEL.md section 3, Collapse).
#[derive(Resource, Debug, Clone, Copy)]
pub struct CollapseShare(pub f64);
