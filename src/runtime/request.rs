//! A request as generated code describes it, before the client sends it.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use super::Error;
use super::params::{self, Style};

/// Bytes a cookie value may not hold as they are (RFC 6265 `cookie-octet`), and `%`.
const COOKIE_VALUE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// One operation call: method, path, parameters and body.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) accept: Option<&'static str>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Cookie parameters, `name=value` pairs already encoded, sent as one `Cookie` header.
    pub(crate) cookies: Vec<(String, String)>,
    /// A next-page link to request instead of the path (same origin only).
    pub(crate) follow: Option<String>,
    pub(crate) body: Body,
}

#[derive(Clone, Debug)]
pub(crate) enum Body {
    Empty,
    Bytes { bytes: Bytes, content_type: String },
    Form(Form),
}

impl Request {
    /// A request for `operation` (its operationId) to `path` (already encoded).
    pub fn new(operation: &'static str, method: Method, path: String) -> Self {
        Request {
            operation,
            method,
            path,
            query: Vec::new(),
            accept: None,
            headers: Vec::new(),
            cookies: Vec::new(),
            follow: None,
            body: Body::Empty,
        }
    }

    /// Request `link` (a next-page link from a response: relative to the base URL, or
    /// absolute on its origin) instead of the path and query.
    pub fn follow(&mut self, link: impl Into<String>) {
        self.follow = Some(link.into());
    }

    /// Add a query pair (encoded when sent).
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name.to_owned(), value));
    }

    /// Add a query parameter of any shape, serialized per `style` and `explode`.
    pub fn query_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) {
        let value = params::to_value(value);
        self.query
            .extend(params::query_pairs(name, &value, style, explode));
    }

    /// Add a header parameter of any shape (`simple` style).
    pub fn header_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        let value = params::to_value(value);
        if !value.is_null() {
            self.headers
                .push((name, params::header_value(&value, explode)));
        }
    }

    /// Add a cookie parameter of any shape (`form` style): `name=value`; a list joined by
    /// commas or, exploded, one `name=item` per item; an exploded object one pair per
    /// property. Values are percent-encoded where a cookie value may not hold the byte.
    pub fn cookie_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        let value = params::to_value(value);
        if value.is_null() {
            return;
        }
        let encode = |v: &str| percent_encoding::utf8_percent_encode(v, COOKIE_VALUE).to_string();
        if explode || !(value.is_array() || value.is_object()) {
            for (n, v) in params::query_pairs(name, &value, Style::Form, explode) {
                self.cookies.push((n, encode(&v)));
            }
            return;
        }
        // Joined by literal commas, each item (each key and value) encoded on its own, so
        // a comma inside an item cannot pass for a separator.
        let items: Vec<String> = params::query_pairs(name, &value, Style::Form, true)
            .into_iter()
            .flat_map(|(k, v)| {
                let key = value.is_object().then(|| encode(&k));
                key.into_iter().chain(std::iter::once(encode(&v)))
            })
            .collect();
        self.cookies.push((name.to_owned(), items.join(",")));
    }

    /// The `Cookie` header value of the cookie parameters, if any.
    pub(crate) fn cookie_header(&self) -> Option<String> {
        if self.cookies.is_empty() {
            return None;
        }
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        Some(pairs.join("; "))
    }

    /// The `Accept` header this call sends (for operations that answer in several media
    /// types: `application/json` or `text/event-stream`).
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    /// Add a header parameter.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Serialize `body` as JSON. With `stream_flag`, the body's `stream` property must be
    /// absent (it is then set) or equal to it; anything else is refused, never overwritten.
    pub fn json<T: Serialize, E>(
        &mut self,
        body: &T,
        content_type: &str,
        stream_flag: Option<bool>,
    ) -> Result<(), Error<E>> {
        let invalid = |message: String| Error::InvalidRequest {
            operation: self.operation,
            message,
        };
        let bytes = match stream_flag {
            None => serde_json::to_vec(body)
                .map_err(|e| invalid(format!("cannot serialize the body: {e}")))?,
            Some(flag) => {
                let mut value = serde_json::to_value(body)
                    .map_err(|e| invalid(format!("cannot serialize the body: {e}")))?;
                if let Some(map) = value.as_object_mut() {
                    match map.get("stream") {
                        None | Some(serde_json::Value::Null) => {
                            if flag {
                                map.insert("stream".to_owned(), serde_json::Value::Bool(true));
                            }
                        }
                        Some(serde_json::Value::Bool(b)) if *b == flag => {}
                        Some(other) => {
                            let hint = if flag {
                                "use the non-streaming method"
                            } else {
                                "use the `_stream` method"
                            };
                            return Err(invalid(format!(
                                "the body sets \"stream\": {other}, which this method does not send; {hint}"
                            )));
                        }
                    }
                }
                serde_json::to_vec(&value)
                    .map_err(|e| invalid(format!("cannot serialize the body: {e}")))?
            }
        };
        self.body = Body::Bytes {
            bytes: Bytes::from(bytes),
            content_type: content_type.to_owned(),
        };
        Ok(())
    }

    /// Serialize `body` as `application/x-www-form-urlencoded`. Each top-level property
    /// is one parameter: scalars as they are; arrays repeated (`form`, exploded) or
    /// joined; objects, and arrays of objects, in brackets (`a[b]=1`, `a[0][b]=1`) as
    /// form APIs expect; `encoding` (property, style, explode) overrides per property.
    pub fn form<T: Serialize, E>(
        &mut self,
        body: &T,
        encoding: &[(&str, Style, bool)],
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(body).map_err(|e| Error::InvalidRequest {
            operation: self.operation,
            message: format!("cannot serialize the form body: {e}"),
        })?;
        let serde_json::Value::Object(map) = value else {
            return Err(Error::InvalidRequest {
                operation: self.operation,
                message: "a form body must be an object".to_owned(),
            });
        };
        let mut pairs = Vec::new();
        for (name, v) in &map {
            let (style, explode) = encoding
                .iter()
                .find(|(p, _, _)| p == name)
                .map_or((Style::Form, true), |(_, s, e)| (*s, *e));
            let nested = match v {
                serde_json::Value::Object(_) => true,
                serde_json::Value::Array(items) => {
                    items.iter().any(|i| i.is_object() || i.is_array())
                }
                _ => false,
            };
            if nested || style == Style::DeepObject {
                params::deep(name, v, &mut pairs);
            } else {
                pairs.extend(params::query_pairs(name, v, style, explode));
            }
        }
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Body::Bytes {
            bytes: Bytes::from(encoded),
            content_type: "application/x-www-form-urlencoded".to_owned(),
        };
        Ok(())
    }

    /// Send `bytes` as the body with the given content type.
    pub fn bytes(&mut self, bytes: Bytes, content_type: &str) {
        self.body = Body::Bytes {
            bytes,
            content_type: content_type.to_owned(),
        };
    }

    /// Send a multipart form.
    pub fn multipart(&mut self, form: Form) {
        self.body = Body::Form(form);
    }

    /// The operationId.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

/// A file in a multipart form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// File contents.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with the part (servers often derive the format from it).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's content type, e.g. `audio/wav`.
    pub fn content_type(mut self, mime: impl Into<String>) -> Self {
        self.content_type = Some(mime.into());
        self
    }
}

/// A multipart form that can be rebuilt for each attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    parts: Vec<(String, Part)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    File(FilePart),
}

impl Form {
    /// An empty form; add parts with [`Form::with_text`] and [`Form::with_file`].
    pub fn new() -> Self {
        Self::default()
    }

    /// This form and a text part.
    pub fn with_text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.text(name, value.into());
        self
    }

    /// This form and a file part.
    pub fn with_file(mut self, name: &str, file: FilePart) -> Self {
        self.file(name, file);
        self
    }

    /// Add a text part.
    pub fn text(&mut self, name: &str, value: String) {
        self.parts.push((name.to_owned(), Part::Text(value)));
    }

    /// Add a file part.
    pub fn file(&mut self, name: &str, file: FilePart) {
        self.parts.push((name.to_owned(), Part::File(file)));
    }

    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, String> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            form = match part {
                Part::Text(t) => form.text(name.clone(), t.clone()),
                Part::File(f) => {
                    let len = f.bytes.len() as u64;
                    let mut p = reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(f.bytes.clone()),
                        len,
                    );
                    if let Some(n) = &f.file_name {
                        p = p.file_name(n.clone());
                    }
                    if let Some(m) = &f.content_type {
                        p = p.mime_str(m).map_err(|e| {
                            format!("part `{name}`: invalid content type `{m}`: {e}")
                        })?;
                    }
                    form.part(name.clone(), p)
                }
            };
        }
        Ok(form)
    }
}
