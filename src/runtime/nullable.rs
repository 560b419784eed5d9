//! [`Nullable`]: a value or an explicit JSON `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that may be an explicit JSON `null`.
///
/// A property that is both optional and nullable has three states, and the spec often
/// gives them different meanings (omitting a filter keeps it, `null` clears it). Generated
/// structs hold such a property as `Option<Nullable<T>>`:
///
/// | Rust | JSON |
/// | --- | --- |
/// | `None` | the property is absent |
/// | `Some(Nullable::Null)` | `"property": null` |
/// | `Some(Nullable::Value(v))` | `"property": v` |
///
/// All three decode and encode unchanged. Setters generated for the property take the
/// value (`.limit(5)`) or send `null` (`.limit_null()`).
///
/// ```
/// use llmgate::runtime::Nullable;
/// let cleared: Nullable<u32> = Nullable::Null;
/// assert_eq!(serde_json::to_string(&cleared).unwrap(), "null");
/// let set: Nullable<u32> = 5.into();
/// assert_eq!(set.as_option(), Some(&5));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// An explicit `null`.
    #[default]
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if not `null`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// The value, if not `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// Borrow the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

/// A value for a required property that may be `null`, as a constructor takes it: the
/// plain value (`"text"`, `5`, a struct) or an `Option` (`None` sends `null`).
///
/// ```
/// use llmgate::runtime::OrNull;
/// fn takes(name: impl OrNull<String>) -> Option<String> {
///     name.or_null()
/// }
/// assert_eq!(takes("Ada"), Some("Ada".to_owned()));
/// assert_eq!(takes(None), None);
/// ```
///
/// Generated code implements it for the named types its constructors take this way.
pub trait OrNull<T> {
    /// The value, or `None` for `null`.
    fn or_null(self) -> Option<T>;
}

impl<T> OrNull<T> for Option<T> {
    #[inline]
    fn or_null(self) -> Option<T> {
        self
    }
}

macro_rules! or_null_from {
    ($target:ty: $($from:ty),*) => {
        $(impl OrNull<$target> for $from {
            #[inline]
            fn or_null(self) -> Option<$target> {
                Some(self.into())
            }
        })*
    };
}

or_null_from!(String: &str, String, &String, Box<str>, std::borrow::Cow<'_, str>, char);
or_null_from!(f64: f64, f32, i32, u32, i16, u16, i8, u8);
or_null_from!(i64: i64, i32, u32, i16, u16, i8, u8);
or_null_from!(i32: i16, u16, i8, u8);
or_null_from!(u64: u64, u32, u16, u8);
or_null_from!(bool: bool);
or_null_from!(serde_json::Value: serde_json::Value);
or_null_from!((): ());
or_null_from!(serde_json::Map<String, serde_json::Value>: serde_json::Map<String, serde_json::Value>);

impl OrNull<i32> for i32 {
    #[inline]
    fn or_null(self) -> Option<i32> {
        Some(self)
    }
}

impl<T> OrNull<Vec<T>> for Vec<T> {
    #[inline]
    fn or_null(self) -> Option<Vec<T>> {
        Some(self)
    }
}

impl<T, const N: usize> OrNull<Vec<T>> for [T; N] {
    #[inline]
    fn or_null(self) -> Option<Vec<T>> {
        Some(self.into())
    }
}

impl<V> OrNull<std::collections::BTreeMap<String, V>> for std::collections::BTreeMap<String, V> {
    #[inline]
    fn or_null(self) -> Option<std::collections::BTreeMap<String, V>> {
        Some(self)
    }
}
