//! Deserialization helpers used by generated code.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Decode a string into an open enum through `from` (which never fails: unknown values
/// become the enum's `Unknown` variant). Borrows the string when the input allows.
pub fn open_enum<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T>(fn(&str) -> T, PhantomData<T>);
    impl<'de, T> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(V(from, PhantomData))
}

/// Decode a tagged union: read the value, look at its `tag` property, and let `select`
/// decode the variant (or keep the value when the tag is unknown).
pub fn tagged<'de, D, T>(
    deserializer: D,
    tag: &str,
    select: impl FnOnce(Option<&str>, serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
    let tag_value = value
        .get(tag)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    select(tag_value.as_deref(), value).map_err(de::Error::custom)
}
