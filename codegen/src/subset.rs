//! Generating part of a spec: the operations named, or tagged, and only the component
//! schemas reachable from them.

use std::collections::{BTreeSet, HashMap};

use crate::error::{Error, Location};
use crate::model::{Schema, Spec};

/// What a subset kept and left out, for the [`Report`](crate::Report).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Subset {
    /// operationIds generated.
    pub operations_kept: Vec<String>,
    /// operationIds left out.
    pub operations_dropped: Vec<String>,
    /// Component schemas generated.
    pub schemas_kept: usize,
    /// Component schemas left out (reached by no kept operation).
    pub schemas_dropped: usize,
}

/// Keep the operations whose id is in `operations` or which carry a tag in `tags` (either
/// list may be empty, not both), then the schemas they reach. A name that matches nothing
/// is an error naming it.
pub fn apply(
    spec: &mut Spec,
    file: &str,
    operations: &[String],
    tags: &[String],
) -> Result<Subset, Error> {
    let ids: BTreeSet<&str> = spec.operations.iter().map(|o| o.id.as_str()).collect();
    let all_tags: BTreeSet<&str> = spec
        .operations
        .iter()
        .flat_map(|o| o.tags.iter().map(String::as_str))
        .collect();
    let unknown_ops: Vec<&str> = operations
        .iter()
        .map(String::as_str)
        .filter(|o| !ids.contains(o))
        .collect();
    let unknown_tags: Vec<&str> = tags
        .iter()
        .map(String::as_str)
        .filter(|t| !all_tags.contains(t))
        .collect();
    if !unknown_ops.is_empty() || !unknown_tags.is_empty() {
        let mut parts = Vec::new();
        if !unknown_ops.is_empty() {
            parts.push(format!("unknown operationId {}", unknown_ops.join(", ")));
        }
        if !unknown_tags.is_empty() {
            parts.push(format!("unknown tag {}", unknown_tags.join(", ")));
        }
        return Err(Error::new(
            file,
            Location::Document,
            format!("cannot subset the spec: {}", parts.join("; ")),
        ));
    }
    let (kept, dropped): (Vec<_>, Vec<_>) = std::mem::take(&mut spec.operations)
        .into_iter()
        .partition(|o| operations.contains(&o.id) || o.tags.iter().any(|t| tags.contains(t)));
    spec.operations = kept;

    // Component schemas reachable from what is kept.
    let by_name: HashMap<&str, &Schema> =
        spec.schemas.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    for op in &spec.operations {
        for s in op.request_schemas().chain(op.response_schemas()) {
            s.referenced(&mut todo);
        }
    }
    while let Some(name) = todo.pop() {
        if reached.insert(name.clone()) {
            if let Some(s) = by_name.get(name.as_str()) {
                s.referenced(&mut todo);
            }
        }
    }
    let before = spec.schemas.len();
    spec.schemas.retain(|(n, _)| reached.contains(n));
    Ok(Subset {
        operations_kept: spec.operations.iter().map(|o| o.id.clone()).collect(),
        operations_dropped: dropped.into_iter().map(|o| o.id).collect(),
        schemas_kept: spec.schemas.len(),
        schemas_dropped: before - spec.schemas.len(),
    })
}
