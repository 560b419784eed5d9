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

/// `deserialize_with` for an optional field whose value may itself be `null`
/// (`Option<Nullable<T>>`, `Option<serde_json::Value>`, `Option<()>`): a present
/// property, `null` included, is `Some`; only an absent one (through `#[serde(default)]`)
/// is `None`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

pub use super::presence::{Pass, strict};

/// True while an untagged union tries its variants exactly: structs then skip the
/// properties their spec does not declare instead of keeping them, so only a variant that
/// declares every property keeps the value whole.
pub fn is_strict() -> bool {
    super::presence::mode().skip_undeclared
}

/// The passes an untagged union makes over its variants (see
/// [`presence`](super::presence)): exactly, keeping undeclared properties, then tolerating
/// missing required ones (fewest first) unless the caller decodes strictly.
pub fn passes() -> &'static [Pass] {
    super::presence::passes()
}

/// Run `f` under one of [`passes`], restoring the previous setting after (also when `f`
/// panics).
pub fn pass<R>(pass: Pass, f: impl FnOnce() -> R) -> R {
    super::presence::with_pass(pass, f)
}

/// One step of an untagged union's decision: `value` decodes into `T` only when every
/// constant property the variant declares (`consts`: name, value, required) holds that
/// value (a required one must be present) and when `T` re-encodes to the same JSON
/// (numbers compared by value), so that no property is dropped or changed. See
/// [`lossless`].
pub fn variant<T>(value: &serde_json::Value, consts: &[(&str, &str, bool)]) -> Option<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    for (name, expected, required) in consts {
        match value.get(name) {
            None if !required => {}
            Some(serde_json::Value::String(s)) if s == expected => {}
            _ => return None,
        }
    }
    super::presence::counted(|| {
        let decoded = T::deserialize(value).ok()?;
        let back = serde_json::to_value(&decoded).ok()?;
        lossless(value, &back).then_some(decoded)
    })
}

/// True when `output` (a decoded value, encoded again) carries everything `input` did:
/// the same members with lossless values (numbers by value, so `1` and `1.0` agree), the
/// same array items in order, and nothing added but `null` members.
pub fn lossless(input: &serde_json::Value, output: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            a.iter()
                .all(|(k, v)| b.get(k).is_some_and(|w| lossless(v, w)))
                && b.iter().all(|(k, w)| a.contains_key(k) || w.is_null())
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| lossless(v, w))
        }
        (Value::Number(a), Value::Number(b)) => {
            if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
                x == y
            } else if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
                x == y
            } else {
                a.as_f64() == b.as_f64()
            }
        }
        (a, b) => a == b,
    }
}

/// [`from_slice_with_path`] for text already known to be UTF-8 (an event's data): serde_json
/// then skips checking it again.
#[inline]
pub fn from_str_with_path<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, (serde_json::Error, String)> {
    serde_json::from_str(text).map_err(|first| (first, path_of::<T>(text.as_bytes())))
}

/// Decode JSON; on failure, the error and the JSON path of the value that failed
/// (`data[3].architecture.modality`, `.` for the root; for a missing required property,
/// the property's own path, `choices[0].index`). The path is found by decoding a
/// second time through `serde_path_to_error`, so a success costs nothing extra.
#[inline]
pub fn from_slice_with_path<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, (serde_json::Error, String)> {
    serde_json::from_slice(bytes).map_err(|first| (first, path_of::<T>(bytes)))
}

/// The JSON path at which decoding `bytes` as `T` fails (`.` if it does not).
#[cold]
fn path_of<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => {
            let at = e.path().to_string();
            // A missing property's path is the property's, not its object's.
            let message = e.inner().to_string();
            match missing_field_name(&message) {
                Some(name) if at == "." => name.to_owned(),
                Some(name) => format!("{at}.{name}"),
                None => at,
            }
        }
        Ok(_) => ".".to_owned(),
    }
}

/// `x` from serde's "missing field `x`" message.
fn missing_field_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(name, _)| name)
}
