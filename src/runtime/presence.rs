//! Lenient but lossless decoding: what a required property the server left out reads as,
//! and how a value remembers that it was left out.
//!
//! OpenRouter's answers do not always carry what its spec requires (a stream's last chunk,
//! older answers, answers from other providers). A client that refuses such an answer
//! fails a call the server answered, so by default a missing required property does not
//! fail decoding:
//!
//! - the field keeps its plain type and reads as that type's *absent value* ([`Absent`]):
//!   `""` for text, `0` for numbers, `false`, an empty list or map, `null` for free-form
//!   JSON, `Unknown("")` for an enum, `Unknown(null)` for a union, and for a struct a value
//!   whose own fields are absent;
//! - the property's wire name is recorded in the struct's `missing` field ([`Missing`]),
//!   so `value.missing.contains("status")` tells a missing property from a real `""`;
//! - encoding the value again leaves the property out: what is written is what arrived.
//!
//! Strict decoding ([`strict`], or `strict_decoding(true)` on a client builder or on
//! [`CallOptions`](crate::runtime::CallOptions)) refuses such answers instead, naming the
//! JSON path of the missing property.

use std::cell::Cell;
use std::fmt;

/// The required properties a decoded value lacked, by wire name.
///
/// Empty for values built in code and for complete answers (and then it costs one
/// pointer). A property listed here reads as its type's [`Absent`] value and is left out
/// when the value is encoded again.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
#[allow(
    clippy::box_collection,
    reason = "one pointer in every struct with a required field; the list itself is rare"
)]
pub struct Missing(Option<Box<Vec<&'static str>>>);

impl Missing {
    /// Nothing missing.
    pub const NONE: Missing = Missing(None);

    /// True when every required property was present.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// True when the required property `property` (its wire name) was missing.
    #[inline]
    #[allow(
        clippy::manual_contains,
        reason = "`contains` would need a `&'static str`"
    )]
    pub fn contains(&self, property: &str) -> bool {
        self.0
            .as_ref()
            .is_some_and(|v| v.iter().any(|p| *p == property))
    }

    /// How many required properties were missing.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |v| v.len())
    }

    /// The missing properties' wire names, in the order the struct declares them.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().flat_map(|v| v.iter().copied())
    }

    /// Record `property` as missing (decoders call this).
    #[doc(hidden)]
    pub fn insert(&mut self, property: &'static str) {
        let list = self.0.get_or_insert_with(Default::default);
        if !list.contains(&property) {
            list.push(property);
        }
    }

    /// Forget that `property` was missing: a caller that sets the field by hand wants it
    /// written.
    pub fn remove(&mut self, property: &str) {
        if let Some(list) = &mut self.0 {
            list.retain(|p| *p != property);
            if list.is_empty() {
                self.0 = None;
            }
        }
    }
}

impl fmt::Debug for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// The value a required property reads as when the server left it out (see the module
/// docs). Implemented for every type a generated struct's required field can have.
pub trait Absent {
    /// The absent value.
    fn absent() -> Self;
}

macro_rules! absent_default {
    ($($t:ty),*) => {$(
        impl Absent for $t {
            #[inline]
            fn absent() -> Self {
                Default::default()
            }
        }
    )*};
}
absent_default!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    (),
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>
);

impl<T> Absent for Vec<T> {
    #[inline]
    fn absent() -> Self {
        Vec::new()
    }
}

impl<K, V> Absent for std::collections::BTreeMap<K, V> {
    #[inline]
    fn absent() -> Self {
        Self::new()
    }
}

impl<T> Absent for Option<T> {
    #[inline]
    fn absent() -> Self {
        None
    }
}

impl<T> Absent for crate::runtime::Nullable<T> {
    #[inline]
    fn absent() -> Self {
        Self::Null
    }
}

impl<T: Absent> Absent for Box<T> {
    #[inline]
    fn absent() -> Self {
        Box::new(T::absent())
    }
}

/// How the decoder treats what the spec does not allow, for the current thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pass {
    /// Skip undeclared properties instead of keeping them (an untagged union's first try:
    /// the variant that declares every property wins).
    pub(crate) skip_undeclared: bool,
    /// Read a missing required property as its absent value instead of failing.
    pub(crate) tolerate: bool,
    /// While tolerating inside an untagged union: the most missing properties a variant
    /// may have to be chosen (the union tries 1, then any).
    pub(crate) budget: u32,
    /// One of an untagged union's tries (not the caller's strict setting): a missing
    /// required `null`-able property is still read as `None` there.
    pub(crate) trial: bool,
}

impl Pass {
    /// The default: undeclared properties kept, missing required ones tolerated.
    pub(crate) const LENIENT: Pass = Pass {
        skip_undeclared: false,
        tolerate: true,
        budget: u32::MAX,
        trial: false,
    };
    /// Strict decoding: a missing required property is an error.
    pub(crate) const STRICT: Pass = Pass {
        skip_undeclared: false,
        tolerate: false,
        budget: 0,
        trial: false,
    };
    const KEEP: Pass = Pass {
        skip_undeclared: false,
        tolerate: false,
        budget: 0,
        trial: true,
    };
    const EXACT: Pass = Pass {
        skip_undeclared: true,
        tolerate: false,
        budget: 0,
        trial: true,
    };
    const fn tolerant(budget: u32) -> Pass {
        Pass {
            skip_undeclared: false,
            tolerate: true,
            budget,
            trial: true,
        }
    }
}

std::thread_local! {
    static MODE: Cell<Pass> = const { Cell::new(Pass::LENIENT) };
    /// Required properties found missing since the innermost union variant began.
    static MISSED: Cell<u32> = const { Cell::new(0) };
}

pub(crate) fn mode() -> Pass {
    MODE.with(Cell::get)
}

/// The passes an untagged union makes over its variants: exactly (undeclared properties
/// skipped), then keeping undeclared ones, then, when the decoder tolerates missing
/// required properties, tolerating them with a growing budget (so the variant missing
/// least wins). Inside an enclosing union's exact pass, only the exact pass.
pub(crate) fn passes() -> &'static [Pass] {
    const NESTED: [Pass; 1] = [Pass::EXACT];
    const STRICT: [Pass; 2] = [Pass::EXACT, Pass::KEEP];
    const ALL: [Pass; 4] = [
        Pass::EXACT,
        Pass::KEEP,
        Pass::tolerant(1),
        Pass::tolerant(u32::MAX),
    ];
    // Inside an enclosing union's tolerant try: one tolerant pass, so that nested unions
    // cost at most three tries each on a value no variant keeps whole.
    const INNER: [Pass; 3] = [Pass::EXACT, Pass::KEEP, Pass::tolerant(u32::MAX)];
    let now = mode();
    if now.skip_undeclared {
        &NESTED
    } else if now.tolerate && now.trial {
        &INNER
    } else if now.tolerate {
        &ALL
    } else {
        &STRICT
    }
}

/// Run `f` under `pass`, restoring the previous setting after (also when `f` panics).
pub(crate) fn with_pass<R>(pass: Pass, f: impl FnOnce() -> R) -> R {
    struct Restore(Pass);
    impl Drop for Restore {
        fn drop(&mut self) {
            MODE.with(|m| m.set(self.0));
        }
    }
    let _restore = Restore(MODE.with(|m| m.replace(pass)));
    f()
}

/// Run `f` (a decode) strictly (`true`: a missing required property is an error naming
/// it) or leniently (`false`, the default). Clients call this with their
/// `strict_decoding` setting; code that decodes generated types itself can too.
pub fn strict<R>(strict: bool, f: impl FnOnce() -> R) -> R {
    with_pass(if strict { Pass::STRICT } else { Pass::LENIENT }, f)
}

/// A missing required property: tolerate it (record it, count it) or refuse it.
#[inline]
pub(crate) fn tolerate(missing: &mut Missing, name: &'static str) -> bool {
    if !mode().tolerate {
        return false;
    }
    missing.insert(name);
    MISSED.with(|m| m.set(m.get().saturating_add(1)));
    true
}

/// A missing required property that may be `null`: read as `None` and recorded, unless
/// the caller asked for strict decoding.
#[inline]
pub(crate) fn tolerate_null(missing: &mut Missing, name: &'static str) -> bool {
    let now = mode();
    if !now.tolerate && !now.trial {
        return false;
    }
    missing.insert(name);
    true
}

/// Decode one union variant with `f`, counting the missing required properties it
/// tolerates: `None` when they exceed the pass's budget.
pub(crate) fn counted<T>(f: impl FnOnce() -> Option<T>) -> Option<T> {
    let before = MISSED.with(|m| m.replace(0));
    let found = f();
    let missed = MISSED.with(Cell::get);
    let budget = mode().budget;
    let keep = found.filter(|_| missed <= budget);
    let add = if keep.is_some() { missed } else { 0 };
    MISSED.with(|m| m.set(before.saturating_add(add)));
    keep
}
