//! Method groups: which accessor of the client (`client.chat()`) holds each operation's
//! methods, and the method's name inside it, as OpenRouter's own SDKs name them.
//!
//! With [`Grouping::Extensions`] a spec that names SDK groups or methods
//! (`x-speakeasy-group`, `x-speakeasy-name-override` on any operation) is grouped: the
//! group is `x-speakeasy-group`, else the operation's first tag; the name is
//! `x-speakeasy-name-override`, else the operationId. A spec without them stays flat.
//! [`Grouping::Tags`] groups by tag whatever the spec declares; [`Grouping::Flat`] never
//! groups. An operation without a group stays a method of the client itself.

use std::collections::HashMap;

use crate::ir::Group;
use crate::model::Spec;
use crate::naming::{Namer, accessor_name, field_name, type_name, unraw};
use crate::settings::Grouping;

/// The client's own methods, which neither a group accessor nor a flat method may take.
pub(crate) const CLIENT_METHODS: [&str; 5] = [
    "builder",
    "from_env",
    "from_transport",
    "transport",
    "with_options",
];

/// Names the generated module's root uses, which no group type may take.
const ROOT_NAMES: [&str; 8] = [
    "Client",
    "PROVIDER",
    "SERVERS",
    "Operation",
    "types",
    "errors",
    "responses",
    "mock",
];

/// Per operation (in spec order): its group (an index into `groups`) and the base name
/// of its methods.
pub(crate) struct Plan {
    pub groups: Vec<Group>,
    pub operations: Vec<(Option<usize>, String)>,
}

pub(crate) fn plan(spec: &Spec, grouping: Grouping) -> Plan {
    let declared = spec
        .operations
        .iter()
        .any(|o| o.sdk_group.is_some() || o.sdk_name.is_some());
    let grouped = match grouping {
        Grouping::Extensions => declared,
        Grouping::Tags => true,
        Grouping::Flat => false,
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut by_accessor: HashMap<String, usize> = HashMap::new();
    let mut accessors = Namer::default();
    let mut type_names = Namer::default();
    for reserved in CLIENT_METHODS {
        accessors.reserve(reserved);
    }
    for reserved in ROOT_NAMES {
        type_names.reserve(reserved);
    }
    let mut operations = Vec::with_capacity(spec.operations.len());
    for op in &spec.operations {
        let raw_group = grouped
            .then(|| {
                op.sdk_group
                    .as_deref()
                    .or(op.tags.first().map(String::as_str))
            })
            .flatten();
        let group = raw_group.map(|raw| {
            let accessor = accessor_name(raw);
            *by_accessor.entry(accessor.clone()).or_insert_with(|| {
                groups.push(Group {
                    accessor: accessors.unique(&accessor),
                    type_name: type_names.unique(&type_name(raw)),
                    source: raw.to_owned(),
                });
                groups.len() - 1
            })
        });
        let base = match (&group, &op.sdk_name) {
            (Some(_), Some(name)) => name.as_str(),
            _ => op.id.as_str(),
        };
        operations.push((group, unraw(&field_name(base)).to_owned()));
    }
    Plan { groups, operations }
}
