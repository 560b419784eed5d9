//! Paging as a spec declares it (`x-speakeasy-pagination`, `x-ms-pageable`): the
//! generated `<method>_pages` and `<method>_items` streams are built on [`pages`] and
//! [`items`], and read a page's fields through the small traits here.
//!
//! A page stream requests the first page with the parameters given, then each next page
//! as the declaration says, and ends: after a page with no items, a page shorter than the
//! `limit` sent, a page without a next cursor or link (or repeating the one just sent), or
//! at the first error, which it yields. Every request goes through the client's retries
//! and timeouts as a plain call does. Nothing is buffered beyond the current page.

use std::future::Future;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use super::{Error, Nullable};

/// The pages of a paged call: `fetch` requests a page for a state (parameters, or a next
/// link), `next` says from the state sent and the page received what to request next.
pub fn pages<S, P, E, F, Fut, N>(
    first: S,
    fetch: F,
    next: N,
) -> impl Stream<Item = Result<P, Error<E>>>
where
    F: Fn(S) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
    N: Fn(&S, &P) -> Option<S>,
    S: Clone,
{
    stream::unfold(
        (Some(first), fetch, next),
        |(state, fetch, next)| async move {
            let sent = state?;
            match fetch(sent.clone()).await {
                Ok(page) => {
                    let following = next(&sent, &page);
                    Some((Ok(page), (following, fetch, next)))
                }
                Err(e) => Some((Err(e), (None, fetch, next))),
            }
        },
    )
}

/// The items of a page stream, page after page; an error ends it.
pub fn items<P, T, E, I>(
    pages: impl Stream<Item = Result<P, Error<E>>>,
    take: impl Fn(P) -> I,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    I: IntoItems<T>,
{
    pages.flat_map(move |page| {
        let batch: Vec<Result<T, Error<E>>> = match page {
            Ok(p) => take(p).into_items().into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        stream::iter(batch)
    })
}

/// A page's list of items, however the spec wraps it (optional, nullable).
pub trait IntoItems<T> {
    /// How many items the page holds.
    fn count(&self) -> usize;
    /// The items.
    fn into_items(self) -> Vec<T>;
}

impl<T> IntoItems<T> for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T> IntoItems<T> for Nullable<Vec<T>> {
    fn count(&self) -> usize {
        match self {
            Nullable::Value(v) => v.len(),
            Nullable::Null => 0,
        }
    }
    fn into_items(self) -> Vec<T> {
        match self {
            Nullable::Value(v) => v,
            Nullable::Null => Vec::new(),
        }
    }
}

impl<T, L: IntoItems<T>> IntoItems<T> for Option<L> {
    fn count(&self) -> usize {
        self.as_ref().map_or(0, L::count)
    }
    fn into_items(self) -> Vec<T> {
        self.map_or_else(Vec::new, L::into_items)
    }
}

/// How many items a page holds (for the offset of the next one).
pub fn count<T>(list: &impl IntoItems<T>) -> usize {
    list.count()
}

/// A next cursor or link a page gives, however the spec wraps it; empty text is none.
pub trait NextToken {
    /// The token, if there is one.
    fn token(&self) -> Option<String>;
}

impl NextToken for String {
    fn token(&self) -> Option<String> {
        (!self.is_empty()).then(|| self.clone())
    }
}

impl<T: NextToken> NextToken for Option<T> {
    fn token(&self) -> Option<String> {
        self.as_ref().and_then(T::token)
    }
}

impl<T: NextToken> NextToken for Nullable<T> {
    fn token(&self) -> Option<String> {
        match self {
            Nullable::Value(v) => v.token(),
            Nullable::Null => None,
        }
    }
}

macro_rules! number_token {
    ($($t:ty),*) => {$(
        impl NextToken for $t {
            fn token(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}
number_token!(i32, i64, u32, u64);

/// A cursor parameter's value from a token a page gave (text, or a number).
pub trait FromToken: Sized {
    /// `None` when the token does not fit the parameter's type.
    fn from_token(token: String) -> Option<Self>;
}

impl FromToken for String {
    fn from_token(token: String) -> Option<Self> {
        Some(token)
    }
}

macro_rules! parsed_token {
    ($($t:ty),*) => {$(
        impl FromToken for $t {
            fn from_token(token: String) -> Option<Self> {
                token.parse().ok()
            }
        }
    )*};
}
parsed_token!(i32, i64, u32, u64);

/// The next token, unless it is none or the one just sent (a server repeating a cursor
/// would otherwise be asked for the same page forever).
pub fn next_token(token: &impl NextToken, sent: Option<&str>) -> Option<String> {
    token.token().filter(|t| Some(t.as_str()) != sent)
}

/// A count parameter (offset, page number, limit) of any integer type.
pub trait Counter: Sized {
    /// As a count (negative is 0).
    fn as_count(&self) -> u64;
    /// From a count (saturating).
    fn from_count(n: u64) -> Self;
}

macro_rules! counter {
    ($($t:ty),*) => {$(
        impl Counter for $t {
            fn as_count(&self) -> u64 {
                u64::try_from(*self).unwrap_or(0)
            }
            fn from_count(n: u64) -> Self {
                <$t>::try_from(n).unwrap_or(<$t>::MAX)
            }
        }
    )*};
}
counter!(i32, i64, u32, u64);

impl Counter for f64 {
    fn as_count(&self) -> u64 {
        if self.is_finite() && *self > 0.0 {
            *self as u64
        } else {
            0
        }
    }
    fn from_count(n: u64) -> Self {
        n as f64
    }
}

/// Whether a page of `got` items ends an offset or page-number stream: none, or fewer
/// than the `limit` sent.
pub fn last_page<L: Counter>(got: usize, limit: Option<&L>) -> bool {
    got == 0 || limit.is_some_and(|l| (got as u64) < l.as_count())
}

/// The offset after a page of `got` items sent at `offset`.
pub fn next_offset<O: Counter>(offset: Option<&O>, got: usize) -> O {
    O::from_count(
        offset
            .map_or(0, Counter::as_count)
            .saturating_add(got as u64),
    )
}

/// The page number after `page` (a first request without one asked for page 1).
pub fn next_page<O: Counter>(page: Option<&O>) -> O {
    O::from_count(page.map_or(1, Counter::as_count).saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_tokens_read_through_their_wrappers() {
        assert_eq!(count::<u8>(&Some(Nullable::Value(vec![1u8, 2]))), 2);
        assert_eq!(count::<u8>(&Some(Nullable::<Vec<u8>>::Null)), 0);
        assert_eq!(count::<u8>(&None::<Vec<u8>>), 0);
        assert_eq!(
            next_token(&Some("c2".to_owned()), Some("c1")),
            Some("c2".to_owned())
        );
        assert_eq!(next_token(&Some("c1".to_owned()), Some("c1")), None);
        assert_eq!(next_token(&Some(String::new()), None), None);
        assert_eq!(next_token(&Some(Nullable::<String>::Null), None), None);
        assert!(last_page::<i64>(0, None));
        assert!(last_page(3, Some(&10i64)));
        assert!(!last_page(10, Some(&10i64)));
        assert!(!last_page::<i64>(3, None));
        assert_eq!(next_offset(Some(&20i64), 10), 30);
        assert_eq!(next_offset::<u32>(None, 5), 5);
        assert_eq!(next_page::<i32>(None), 2);
        assert_eq!(next_offset(Some(&-5i64), 3), 3);
    }
}
