//! How generated structs are written to and read from JSON objects: the
//! [`object!`](crate::object) macro and the helpers it expands to.
//!
//! Generated code used to `#[derive(Serialize, Deserialize)]` its structs; the derived
//! impls were most of a full client's build cost (per struct a field enum with its
//! visitor, a sequence visitor, a map visitor, a wrapper type per `deserialize_with`
//! field). `object!` expands to one short body per direction over the helpers here, with
//! the same behaviour:
//!
//! - writing: the properties in field order; an absent optional property (`None`) is
//!   left out; a required nullable one is written as `null`; kept undeclared properties
//!   (`additionalProperties`) last;
//! - reading: an object whose properties come in any order; undeclared ones kept (in the
//!   struct's `additionalProperties` map, as JSON values unless the spec types them;
//!   skipped only for `additionalProperties: false`, and while an untagged union tries a
//!   variant strictly); a repeated property an error; a
//!   missing required one an error naming it; a present `null` kept apart from an
//!   absent property where the field can tell them apart (`present`).
//!
//! Each property has a kind, a module here with `write`, `read` and `finish`:
//! [`required`] (any type; must be present), [`nullable`] (`Option<T>`, required: a
//! missing or `null` property is `None`, `None` is written as `null`), [`optional`]
//! (`Option<T>`: absent or `null` is `None`, `None` is left out) and [`present`]
//! (`Option<Nullable<T>>`, `Option<serde_json::Value>`, `Option<()>`: a present `null` is
//! `Some(..)`, only an absent property is `None`, which is left out).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Deserializer, Serialize};

/// `Serialize` and `Deserialize` for a generated struct, from its fields:
///
/// ```ignore
/// object! {
///     impl Serialize, Deserialize for Message as "ChatMessage" missing(missing) {
///         // `as`: the spec's name; `missing(field)`: where missing required properties
///         // are recorded (a `runtime::Missing`)
///         required role = "role",
///         optional name = "name",
///         present r#ref = "$ref",
///     }
///     others(additional_properties)   // `additionalProperties` declared: kept
///     // or undeclared(additional_properties): not declared, kept as JSON values
/// }
/// ```
///
/// `impl Serialize for` or `impl Deserialize for` alone implement one direction.
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    (impl Serialize, Deserialize for $name:ident $(as $spec:literal)?
        $(missing($missing:ident))? { $($fields:tt)* } $($mode:ident($others:ident))?) => {
        $crate::object!(impl Serialize for $name $(as $spec)? $(missing($missing))?
            { $($fields)* } $($mode($others))?);
        $crate::object!(impl Deserialize for $name $(as $spec)? $(missing($missing))?
            { $($fields)* } $($mode($others))?);
    };
    (impl Serialize for $name:ident $(as $spec:literal)? $(missing($missing:ident))? {
        $($kind:ident $field:ident = $wire:literal),* $(,)?
    } $($mode:ident($others:ident))?) => {
        impl $crate::runtime::serde::Serialize for $name {
            fn serialize<S: $crate::runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut, reason = "a struct without fields writes none")]
                let mut map = $crate::runtime::object::start(serializer)?;
                #[allow(unused_variables, reason = "a struct without fields writes none")]
                let missing = $crate::object!(@missing self $($missing)?);
                $($crate::runtime::object::$kind::write(&mut map, $wire, &self.$field, missing)?;)*
                $($crate::runtime::object::write_others(&mut map, &self.$others)?;)?
                $crate::runtime::object::end(map)
            }
        }
    };
    (impl Deserialize for $name:ident $(as $spec:literal)? $(missing($missing:ident))? {
        $($kind:ident $field:ident = $wire:literal),* $(,)?
    } $($mode:ident($others:ident))?) => {
        impl<'de> $crate::runtime::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::object::decode(deserializer)
            }
        }
        impl $crate::runtime::Absent for $name {
            // Inline: compiled only where a missing property is read, not for every struct.
            #[inline]
            fn absent() -> Self {
                #[allow(unused_mut, reason = "a struct without required fields marks none")]
                let mut missing = $crate::runtime::Missing::NONE;
                $($crate::runtime::object::$kind::mark(&mut missing, $wire);)*
                $crate::object!(@drop missing $($missing)?);
                Self {
                    $($field: $crate::runtime::object::$kind::absent(),)*
                    $($others: ::std::collections::BTreeMap::new(),)?
                    $($missing: missing,)?
                }
            }
        }
        impl $crate::runtime::object::Object for $name {
            const NAME: &'static str = $crate::object!(@name $name $($spec)?);
            fn visit<'de, A: $crate::runtime::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $others = ::std::collections::BTreeMap::new();)?
                while let ::std::option::Option::Some(key) =
                    $crate::runtime::serde::de::MapAccess::next_key_seed(
                        &mut map,
                        $crate::runtime::object::Key,
                    )?
                {
                    match &*key {
                        $($wire => $crate::runtime::object::$kind::read(&mut map, &mut $field, $wire)?,)*
                        _ => $crate::object!(@undeclared map key $($mode $others)?)?,
                    }
                }
                #[allow(unused_mut, reason = "a struct without required fields records none")]
                let mut missing = $crate::runtime::Missing::NONE;
                let value = Self {
                    $($field: $crate::runtime::object::$kind::finish::<A, _>($field, $wire, &mut missing)?,)*
                    $($others,)?
                    $($missing: ::std::mem::take(&mut missing),)?
                };
                $crate::object!(@drop missing $($missing)?);
                ::std::result::Result::Ok(value)
            }
        }
    };
    (@name $name:ident) => { ::std::stringify!($name) };
    (@name $name:ident $spec:literal) => { $spec };
    (@missing $self:ident) => { &$crate::runtime::Missing::NONE };
    (@missing $self:ident $missing:ident) => { &$self.$missing };
    (@drop $local:ident) => { let _ = $local; };
    (@drop $local:ident $missing:ident) => {};
    (@undeclared $map:ident $key:ident) => {
        $crate::runtime::object::skip(&mut $map)
    };
    (@undeclared $map:ident $key:ident others $others:ident) => {
        $crate::runtime::object::keep(&mut $map, &mut $others, $key)
    };
    (@undeclared $map:ident $key:ident undeclared $others:ident) => {
        $crate::runtime::object::keep_undeclared(&mut $map, &mut $others, $key)
    };
}

/// A struct that [`object!`](crate::object) reads.
#[doc(hidden)]
pub trait Object: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;
    /// Decode the struct from the members of an object.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The body of a generated struct's `Deserialize::deserialize`.
#[doc(hidden)]
pub fn decode<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: Object> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object ({})", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::visit(map)
        }
    }
    deserializer.deserialize_map(V(PhantomData))
}

/// Reads one property name, borrowed from the input when it allows.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Skip the value of an undeclared property.
#[doc(hidden)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Keep an undeclared property (`additionalProperties`); its value must decode as `T`.
#[doc(hidden)]
pub fn keep<'de, A, T>(
    map: &mut A,
    others: &mut BTreeMap<String, T>,
    name: Cow<'de, str>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    let value = map.next_value()?;
    others.insert(name.into_owned(), value);
    Ok(())
}

/// Keep a property the spec does not declare, as its JSON value; skip it while an
/// untagged union tries its variants strictly ([`crate::runtime::de::pass`]), so that a
/// variant declaring the property wins over one that would only keep it.
#[doc(hidden)]
pub fn keep_undeclared<'de, A: MapAccess<'de>>(
    map: &mut A,
    others: &mut BTreeMap<String, serde_json::Value>,
    name: Cow<'de, str>,
) -> Result<(), A::Error> {
    if crate::runtime::de::is_strict() {
        return skip(map);
    }
    keep(map, others, name)
}

/// Start writing a struct as an object.
#[doc(hidden)]
pub fn start<S: Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
    serializer.serialize_map(None)
}

/// Write the undeclared properties a struct kept (`additionalProperties`).
#[doc(hidden)]
pub fn write_others<M: SerializeMap, T: Serialize>(
    map: &mut M,
    others: &BTreeMap<String, T>,
) -> Result<(), M::Error> {
    others
        .iter()
        .try_for_each(|(name, value)| map.serialize_entry(name, value))
}

/// Finish writing the object.
#[doc(hidden)]
pub fn end<M: SerializeMap>(map: M) -> Result<M::Ok, M::Error> {
    map.end()
}

/// Read a property's value into its slot; a second one is an error.
fn read_once<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A property that must be present. A missing one reads as its type's
/// [`Absent`](crate::runtime::Absent) value and is recorded in the struct's
/// [`Missing`](crate::runtime::Missing) (or, decoding strictly, is an error naming it); a
/// recorded one is not written back.
#[doc(hidden)]
pub mod required {
    use super::*;
    use crate::runtime::{Absent, Missing};

    #[inline]
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        name: &'static str,
        value: &T,
        missing: &Missing,
    ) -> Result<(), M::Error> {
        if missing.contains(name) {
            return Ok(());
        }
        map.serialize_entry(name, value)
    }

    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        read_once(map, slot, name)
    }

    #[inline]
    pub fn finish<'de, A: MapAccess<'de>, T: Absent>(
        slot: Option<T>,
        name: &'static str,
        missing: &mut Missing,
    ) -> Result<T, A::Error> {
        match slot {
            Some(value) => Ok(value),
            None => absent_or_error::<A, T>(name, missing),
        }
    }

    #[cold]
    fn absent_or_error<'de, A: MapAccess<'de>, T: Absent>(
        name: &'static str,
        missing: &mut Missing,
    ) -> Result<T, A::Error> {
        if crate::runtime::presence::tolerate(missing, name) {
            Ok(T::absent())
        } else {
            Err(de::Error::missing_field(name))
        }
    }

    #[inline]
    pub fn absent<T: Absent>() -> T {
        T::absent()
    }

    #[inline]
    pub fn mark(missing: &mut Missing, name: &'static str) {
        missing.insert(name);
    }
}

/// A required property whose value may be `null` (`Option<T>`): `null` is `None`, and
/// `None` is written as `null`; a missing one is `None` too, recorded in the struct's
/// [`Missing`](crate::runtime::Missing) and not written back (decoding strictly, an error).
#[doc(hidden)]
pub mod nullable {
    use super::*;
    use crate::runtime::Missing;

    pub use super::required::{mark, write};

    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        read_once(map, slot, name)
    }

    #[inline]
    pub fn finish<'de, A: MapAccess<'de>, T>(
        slot: Option<Option<T>>,
        name: &'static str,
        missing: &mut Missing,
    ) -> Result<Option<T>, A::Error> {
        match slot {
            Some(value) => Ok(value),
            None if crate::runtime::presence::tolerate_null(missing, name) => Ok(None),
            None => Err(de::Error::missing_field(name)),
        }
    }

    #[inline]
    pub fn absent<T>() -> Option<T> {
        None
    }
}

/// An optional property (`Option<T>`): absent or `null` is `None`; `None` is left out.
#[doc(hidden)]
pub mod optional {
    use super::*;
    use crate::runtime::Missing;

    pub use super::nullable::read;

    #[inline]
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        name: &'static str,
        value: &Option<T>,
        _: &Missing,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    #[inline]
    pub fn finish<'de, A: MapAccess<'de>, T>(
        slot: Option<Option<T>>,
        _: &'static str,
        _: &mut Missing,
    ) -> Result<Option<T>, A::Error> {
        Ok(slot.flatten())
    }

    #[inline]
    pub fn absent<T>() -> Option<T> {
        None
    }

    #[inline]
    pub fn mark(_: &mut Missing, _: &'static str) {}
}

/// An optional property whose `null` means something (`Option<Nullable<T>>`,
/// `Option<serde_json::Value>`, `Option<()>`): a present property, `null` included, is
/// `Some(..)`; only an absent one is `None`, which is left out.
#[doc(hidden)]
pub mod present {
    use super::*;

    pub use super::optional::{absent, finish, mark, write};

    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(Some(map.next_value()?));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::runtime::Nullable;

    #[derive(Debug, PartialEq)]
    struct Message {
        role: String,
        name: Option<String>,
        seed: Option<i64>,
        r#ref: Option<Nullable<String>>,
        extra: Option<serde_json::Value>,
        missing: crate::runtime::Missing,
    }
    crate::object! {
        impl Serialize, Deserialize for Message missing(missing) {
            required role = "role",
            optional name = "name",
            nullable seed = "seed",
            present r#ref = "$ref",
            present extra = "extra",
        }
    }

    #[derive(Debug, PartialEq)]
    struct Open {
        id: i64,
        additional_properties: std::collections::BTreeMap<String, bool>,
    }
    crate::object! {
        impl Serialize, Deserialize for Open { required id = "id" }
        others(additional_properties)
    }

    #[derive(Debug, PartialEq)]
    struct Empty {}
    crate::object! { impl Serialize, Deserialize for Empty {} }

    fn message(value: serde_json::Value) -> Result<Message, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn absent_null_and_present_stay_apart() {
        let m =
            message(json!({"role": "user", "$ref": null, "extra": null, "seed": null})).unwrap();
        assert_eq!(m.r#ref, Some(Nullable::Null));
        assert_eq!(m.extra, Some(serde_json::Value::Null));
        assert_eq!(m.seed, None);
        assert_eq!(m.name, None);
        // `nullable` writes `null`; an absent `optional` is left out; a present `null` stays.
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({"role": "user", "seed": null, "$ref": null, "extra": null})
        );
        let m = message(json!({"role": "user"})).unwrap();
        assert_eq!((m.r#ref, m.extra), (None, None));
        let m = message(json!({"seed": 7, "$ref": "x", "role": "tool", "name": "n"})).unwrap();
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"role":"tool","name":"n","seed":7,"$ref":"x"}"#
        );
    }

    #[test]
    fn errors_name_the_property() {
        let strict = crate::runtime::presence::strict(true, || message(json!({})));
        assert_eq!(strict.unwrap_err(), "missing field `role`");
        let strict = crate::runtime::presence::strict(true, || message(json!({"role": "u"})));
        assert_eq!(strict.unwrap_err(), "missing field `seed`");
        let dup = serde_json::from_str::<Message>(r#"{"role":"a","role":"b"}"#).unwrap_err();
        assert!(
            dup.to_string().starts_with("duplicate field `role`"),
            "{dup}"
        );
        let wrong = serde_json::from_str::<Message>(r#"{"role":1}"#).unwrap_err();
        assert!(wrong.to_string().contains("expected a string"), "{wrong}");
        let array = serde_json::from_str::<Message>(r#"["user"]"#).unwrap_err();
        assert!(array.to_string().contains("an object (Message)"), "{array}");
    }

    #[test]
    fn missing_required_properties_read_as_absent_and_are_not_written_back() {
        let m = message(json!({"name": "n"})).unwrap();
        assert_eq!((m.role.as_str(), m.seed), ("", None));
        assert_eq!(m.missing.iter().collect::<Vec<_>>(), ["role", "seed"]);
        assert!(m.missing.contains("seed") && !m.missing.contains("name"));
        assert_eq!(serde_json::to_value(&m).unwrap(), json!({"name": "n"}));
        // A present `null` is not missing, and is written back.
        let m = message(json!({"role": "u", "seed": null})).unwrap();
        assert!(m.missing.is_empty());
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({"role": "u", "seed": null})
        );
        // Setting a field by hand and forgetting it was missing writes it.
        let mut m = message(json!({})).unwrap();
        m.role = "tool".into();
        m.missing.remove("role");
        assert_eq!(serde_json::to_value(&m).unwrap(), json!({"role": "tool"}));
    }

    #[test]
    fn undeclared_properties_are_skipped_or_kept() {
        let m = message(json!({"role": "user", "other": {"deep": [1, 2]}})).unwrap();
        assert_eq!(m.role, "user");
        let o: Open = serde_json::from_value(json!({"a": true, "id": 1, "b": false})).unwrap();
        assert_eq!(o.additional_properties.len(), 2);
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            json!({"id": 1, "a": true, "b": false})
        );
        let bad = serde_json::from_value::<Open>(json!({"id": 1, "a": 2})).unwrap_err();
        assert!(bad.to_string().contains("expected a boolean"), "{bad}");
        let e: Empty = serde_json::from_str(r#"{"x": 1}"#).unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "{}");
    }

    #[test]
    fn keys_read_from_every_source() {
        // Escaped keys and readers hand keys over as transient or owned strings.
        let escaped = r#"{"r\u006fle": "user", "\u0024ref": "x"}"#;
        let m: Message = serde_json::from_str(escaped).unwrap();
        assert_eq!(
            (m.role.as_str(), m.r#ref),
            ("user", Some(Nullable::Value("x".into())))
        );
        let m: Message = serde_json::from_reader(r#"{"role": "reader"}"#.as_bytes()).unwrap();
        assert_eq!(m.role, "reader");
        let value = json!({"role": "borrowed"});
        let m = <Message as serde::Deserialize>::deserialize(&value).unwrap();
        assert_eq!(m.role, "borrowed");
    }
}
