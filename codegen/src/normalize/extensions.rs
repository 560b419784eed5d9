//! The vendor extensions that change what the client does, not only what it is called:
//! retries (`x-speakeasy-retries`) and pagination (`x-speakeasy-pagination`,
//! `x-ms-pageable`). What cannot be followed is a defect (a warning; `strict` refuses),
//! and the client then does what it does without the extension.

use serde_json::Value;

use super::{Cx, Obj, parse_status};
use crate::error::{Error, join};
use crate::model::{PageKind, Pagination, Retries};

impl<'a> Cx<'a> {
    /// `x-speakeasy-retries` on `o` (the root), strategy `backoff`.
    pub(super) fn retries(&self, o: &'a Obj, pointer: &str) -> Result<Option<Retries>, Error> {
        let Some(v) = o.get("x-speakeasy-retries") else {
            return Ok(None);
        };
        let at = join(pointer, "x-speakeasy-retries");
        match parse_retries(v) {
            Ok(r) => Ok(Some(r)),
            Err(why) => {
                self.defect(&at, format!("{why}; the client keeps its own retry policy"))?;
                Ok(None)
            }
        }
    }

    /// `x-speakeasy-pagination` or `x-ms-pageable` on an operation.
    pub(super) fn pagination(
        &self,
        o: &'a Obj,
        pointer: &str,
    ) -> Result<Option<Pagination>, Error> {
        let (key, parsed) = if let Some(v) = o.get("x-speakeasy-pagination") {
            ("x-speakeasy-pagination", speakeasy_pagination(v))
        } else if let Some(v) = o.get("x-ms-pageable") {
            ("x-ms-pageable", ms_pageable(v))
        } else {
            return Ok(None);
        };
        let at = join(pointer, key);
        match parsed {
            Ok(Some((kind, results))) => Ok(Some(Pagination {
                pointer: at,
                kind,
                results,
            })),
            Ok(None) => Ok(None),
            Err(why) => {
                self.defect(&at, format!("{why}; no paging method is generated"))?;
                Ok(None)
            }
        }
    }
}

fn parse_retries(v: &Value) -> Result<Retries, String> {
    let o = v
        .as_object()
        .ok_or("`x-speakeasy-retries` must be a mapping")?;
    match o.get("strategy").and_then(Value::as_str) {
        Some("backoff") | None => {}
        Some(other) => {
            return Err(format!(
                "retry strategy `{other}` is not supported (only `backoff`)"
            ));
        }
    }
    let mut statuses = Vec::new();
    for s in o
        .get("statusCodes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = match s {
            Value::String(t) => t.clone(),
            Value::Number(n) => n.to_string(),
            other => return Err(format!("retry status `{other}` is not a status code")),
        };
        match parse_status(&text) {
            Some(st @ (crate::model::Status::Code(_) | crate::model::Status::Range(_))) => {
                statuses.push(st)
            }
            _ => {
                return Err(format!(
                    "retry status `{text}` is not a status code or class"
                ));
            }
        }
    }
    let backoff = o.get("backoff").and_then(Value::as_object);
    let ms = |key: &str, default: u64| -> Result<u64, String> {
        match backoff.and_then(|b| b.get(key)) {
            None => Ok(default),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| format!("`backoff.{key}` must be a whole number of milliseconds")),
        }
    };
    let exponent = match backoff.and_then(|b| b.get("exponent")) {
        None => 1.5,
        Some(v) => v
            .as_f64()
            .filter(|e| e.is_finite() && *e >= 1.0)
            .ok_or("`backoff.exponent` must be a number of at least 1")?,
    };
    Ok(Retries {
        statuses,
        initial_ms: ms("initialInterval", 500)?,
        max_interval_ms: ms("maxInterval", 60_000)?,
        exponent,
        max_elapsed_ms: ms("maxElapsedTime", 3_600_000)?,
        connection_errors: o
            .get("retryConnectionErrors")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

/// `$.data.items` as `["data", "items"]`; only plain member paths are followed.
fn json_path(p: &str) -> Result<Vec<String>, String> {
    let rest = p
        .strip_prefix("$.")
        .ok_or_else(|| format!("output path `{p}` is not of the form `$.field`"))?;
    let segs: Vec<String> = rest.split('.').map(str::to_owned).collect();
    if segs
        .iter()
        .any(|s| s.is_empty() || s.contains(['[', ']', '*', '?']))
    {
        return Err(format!("output path `{p}` is not a plain path of fields"));
    }
    Ok(segs)
}

type Parsed = Result<Option<(PageKind, Vec<String>)>, String>;

fn speakeasy_pagination(v: &Value) -> Parsed {
    let o = v
        .as_object()
        .ok_or("`x-speakeasy-pagination` must be a mapping")?;
    let outputs = o.get("outputs").and_then(Value::as_object);
    let output = |key: &str| outputs.and_then(|x| x.get(key)).and_then(Value::as_str);
    let results = match output("results") {
        Some(p) => json_path(p)?,
        None => return Err("the pagination declares no `outputs.results`".to_owned()),
    };
    let input = |ty: &str| -> Result<Option<String>, String> {
        let found = o
            .get("inputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|i| i.get("type").and_then(Value::as_str) == Some(ty));
        let Some(i) = found else { return Ok(None) };
        if i.get("in").and_then(Value::as_str) != Some("parameters") {
            return Err(format!(
                "the `{ty}` input is not a parameter (only parameter inputs are followed)"
            ));
        }
        let name = i
            .get("name")
            .and_then(Value::as_str)
            .ok_or("a pagination input has no name")?;
        Ok(Some(name.to_owned()))
    };
    let kind = match o.get("type").and_then(Value::as_str) {
        Some("offsetLimit") => {
            let (offset, page, limit) = (input("offset")?, input("page")?, input("limit")?);
            if offset.is_none() && page.is_none() {
                return Err(
                    "an `offsetLimit` pagination has neither an offset nor a page input".to_owned(),
                );
            }
            PageKind::OffsetLimit {
                offset,
                page,
                limit,
            }
        }
        Some("cursor") => {
            let param = input("cursor")?.ok_or("a `cursor` pagination has no cursor input")?;
            let next = json_path(
                output("nextCursor").ok_or("a `cursor` pagination has no `outputs.nextCursor`")?,
            )?;
            PageKind::Cursor { param, next }
        }
        Some("url") => {
            let next =
                json_path(output("nextUrl").ok_or("a `url` pagination has no `outputs.nextUrl`")?)?;
            PageKind::NextUrl { next }
        }
        Some(other) => return Err(format!("pagination type `{other}` is not supported")),
        None => return Err("the pagination has no `type`".to_owned()),
    };
    Ok(Some((kind, results)))
}

/// `x-ms-pageable`: `nextLinkName` (null: one page only) and `itemName` (default `value`).
fn ms_pageable(v: &Value) -> Parsed {
    let o = v.as_object().ok_or("`x-ms-pageable` must be a mapping")?;
    let item = o.get("itemName").and_then(Value::as_str).unwrap_or("value");
    match o.get("nextLinkName") {
        Some(Value::String(next)) => Ok(Some((
            PageKind::NextUrl {
                next: vec![next.clone()],
            },
            vec![item.to_owned()],
        ))),
        // One page: nothing to follow.
        None | Some(Value::Null) => Ok(None),
        Some(other) => Err(format!(
            "`nextLinkName` must be a string or null, found {other}"
        )),
    }
}
