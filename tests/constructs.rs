//! The `constructs` fixture's golden output, compiled under `deny(warnings)` against
//! llmgate's runtime and exercised against a local server: open enums, tagged and
//! untagged unions, recursion, query and header parameters, SSE, multipart, bytes.

#![deny(warnings)]

mod support;

#[allow(dead_code, reason = "a test uses only part of the client")]
mod constructs {
    include!("../codegen/tests/fixtures/constructs.rs");
}

use std::time::Duration;

use constructs::types::*;
use futures_util::StreamExt;
use llmgate::runtime::{Error, FilePart};
use serde_json::json;
use support::{Reply, Server};

fn client(server: &Server) -> constructs::Client {
    support::local(constructs::Client::builder(), server)
}

#[test]
fn open_enums_keep_unknown_values() {
    let r: Role = serde_json::from_str("\"assistant\"").unwrap();
    assert_eq!(r, Role::Assistant);
    let r: Role = serde_json::from_str("\"narrator\"").unwrap();
    assert_eq!(r, Role::Unknown("narrator".into()));
    assert_eq!(serde_json::to_string(&r).unwrap(), "\"narrator\"");
    assert_eq!(Role::V1st.as_str(), "1st");
    assert_eq!(Role::Empty.as_str(), "");
}

#[test]
fn tagged_unions_dispatch_on_the_tag_and_keep_unknown_tags() {
    let c: Content =
        serde_json::from_value(json!({"type": "image_url", "image_url": "u"})).unwrap();
    assert!(matches!(c, Content::ImagePart(ImagePart { ref image_url, .. }) if image_url == "u"));
    let c: Content = serde_json::from_value(json!({"type": "video", "v": 1})).unwrap();
    assert_eq!(c, Content::Unknown(json!({"type": "video", "v": 1})));
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({"type": "video", "v": 1})
    );
    // A known tag whose body lacks a required property is that variant, the property
    // recorded as missing (strictly: an error); one with a wrong type is an error, not
    // a silent Unknown.
    let lacking = json!({"type": "text"});
    let c: Content = serde_json::from_value(lacking.clone()).unwrap();
    assert!(
        matches!(c, Content::TextPart(ref t) if t.missing.contains("text")),
        "{c:?}"
    );
    assert_eq!(serde_json::to_value(&c).unwrap(), lacking);
    let strict = llmgate::runtime::presence::strict(true, || {
        serde_json::from_value::<Content>(lacking.clone())
    });
    assert!(
        strict
            .unwrap_err()
            .to_string()
            .contains("missing field `text`")
    );
    assert!(serde_json::from_value::<Content>(json!({"type": "text", "text": 5})).is_err());
    // Tagged by a constant property, without a discriminator.
    let a: Annotation = serde_json::from_value(json!({"kind": "file", "file_id": "f"})).unwrap();
    assert!(matches!(a, Annotation::FileCitation(_)));
}

#[test]
fn untagged_unions_allof_and_recursion() {
    let s: StopSequence = serde_json::from_value(json!(["a", "b"])).unwrap();
    assert!(matches!(s, StopSequence::TextList(ref v) if v.len() == 2));
    let d: Derived =
        serde_json::from_value(json!({"id": "x", "kind": "derived", "extra": 3})).unwrap();
    assert_eq!(
        (d.id.as_str(), d.kind, d.extra),
        ("x", DerivedConst::Derived, Some(3i32))
    );
    let t: TreeNode = serde_json::from_value(
        json!({"name": "a", "parent": {"name": "b"}, "children": [{"name": "c"}]}),
    )
    .unwrap();
    assert_eq!(t.parent.unwrap().name, "b");
    let choice: ChatRequestToolChoice =
        serde_json::from_value(json!({"type": "function", "function": {"name": "f"}})).unwrap();
    assert!(matches!(choice, ChatRequestToolChoice::NamedToolChoice(_)));
}

fn chat_request() -> ChatRequest {
    ChatRequest {
        model: "m".into(),
        messages: vec![Message {
            role: Role::User,
            content: Some("hi".into()),
            r#type: None,
            self_: None,
            n2fa: None,
            additional_properties: Default::default(),
            missing: Default::default(),
        }],
        stream: None,
        temperature: None,
        max_tokens: None,
        metadata: None,
        extra: None,
        tool_choice: None,
        #[allow(deprecated)]
        legacy: None,
        missing: Default::default(),
    }
}

#[tokio::test]
async fn event_stream_decodes_until_the_sentinel() {
    let server = Server::start(vec![Reply::sse(
        &[
            ": OPENROUTER PROCESSING\n\n",
            "data: {\"id\":\"1\",\"delta\":{\"content\":\"He\"}}\n\n",
            "data: {\"id\":\"2\"}\n\ndata: [DONE]\n\n",
        ],
        Duration::from_millis(5),
    )])
    .await;
    let mut events = client(&server)
        .create_chat_completion_stream(&chat_request())
        .await
        .unwrap();
    let mut ids = Vec::new();
    while let Some(e) = events.next().await {
        ids.push(e.unwrap().id);
    }
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(
        server.requests()[0].json()["stream"],
        true,
        "the stream method asks for a stream"
    );
}

#[tokio::test]
async fn error_frame_in_a_200_stream_is_an_error() {
    let server = Server::start(vec![Reply::sse(
        &[
            "data: {\"id\":\"1\"}\n\n",
            "data: {\"error\":{\"code\":502,\"message\":\"upstream failed\"}}\n\n",
        ],
        Duration::from_millis(5),
    )])
    .await;
    let events: Vec<_> = client(&server)
        .create_chat_completion_stream(&chat_request())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(events.len(), 2);
    assert!(events[0].is_ok());
    match &events[1] {
        Err(Error::Stream { operation, error }) => {
            assert_eq!(*operation, "createChatCompletion");
            assert_eq!(error.message, "upstream failed");
            assert_eq!(error.code, Some(json!(502)));
        }
        other => panic!("expected a stream error, got {other:?}"),
    }
}

#[tokio::test]
async fn json_method_refuses_a_streaming_body() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    let mut body = chat_request();
    body.stream = Some(true);
    let err = client(&server)
        .create_chat_completion(&body)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(server.count(), 0, "nothing is sent");
}

#[tokio::test]
async fn typed_errors_per_status_and_ranges() {
    let server = Server::start(vec![Reply::json(
        429,
        r#"{"error":{"code":429,"message":"slow down"}}"#,
    )])
    .await;
    let err = client(&server)
        .create_chat_completion(&chat_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err.api_body(), Some(constructs::errors::CreateChatCompletionError::TooManyRequests(e)) if e.error.message == "slow down")
    );
    let server = Server::start(vec![Reply::json(503, "overloaded")]).await;
    let err = client(&server)
        .create_chat_completion(&chat_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus { ref body, .. } if body == "overloaded"));
}

#[tokio::test]
async fn query_header_and_path_parameters() {
    let server = Server::start(vec![Reply::json(
        200,
        r#"{"id":"a/b","pricing":{"prompt":0.5}}"#,
    )])
    .await;
    let params = GetModelParams {
        fields: Some(vec![GetModelFieldsItem::Id, GetModelFieldsItem::Pricing]),
        ids: Some(vec![1, 2]),
        limit: Some(5),
        tags: Some(vec!["a".into(), "b".into()]),
        r#type: GetModelType::Image,
        x_request_id: Some("req-1".into()),
    };
    let out = client(&server)
        .get_model("open ai", "gpt/4", &params)
        .await
        .unwrap();
    assert!(
        matches!(out, constructs::responses::GetModelResponse::Status200(ref m) if m.pricing["prompt"] == 0.5)
    );
    let r = &server.requests()[0];
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.path,
        "/api/v1/models/open%20ai/gpt%2F4?fields=id&fields=pricing&ids=1%2C2&limit=5&type=image&tags=a%7Cb"
    );
    assert_eq!(r.header("x-request-id"), Some("req-1"));

    let server = Server::start(vec![Reply::Full {
        status: 204,
        headers: vec![],
        body: vec![],
    }])
    .await;
    let out = client(&server).get_model("a", "b", &params).await.unwrap();
    assert_eq!(out, constructs::responses::GetModelResponse::Status204(()));
}

#[tokio::test]
#[allow(deprecated)]
async fn multipart_body_is_built_from_typed_fields() {
    let server = Server::start(vec![Reply::json(200, r#"{"text":"hello"}"#)]).await;
    let body = CreateTranscriptionMultipart {
        file: FilePart::new(&b"RIFF0000WAVE"[..])
            .file_name("a.wav")
            .content_type("audio/wav"),
        model: "whisper".into(),
        temperature: Some(0.5),
        timestamp_granularities: vec![CreateTranscriptionGranularitiesItem::Word],
    };
    let out = client(&server).create_transcription(&body).await.unwrap();
    assert_eq!(out.text, "hello");
    let r = &server.requests()[0];
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let text = String::from_utf8_lossy(&r.body);
    for needle in [
        "name=\"file\"; filename=\"a.wav\"",
        "Content-Type: audio/wav",
        "RIFF0000WAVE",
        "name=\"model\"",
        "whisper",
        "name=\"timestamp_granularities[]\"",
        "word",
        "0.5",
    ] {
        assert!(text.contains(needle), "missing {needle} in {text}");
    }
}

#[tokio::test]
async fn binary_response_is_a_byte_stream_and_text_is_text() {
    let server = Server::start(vec![Reply::Full {
        status: 200,
        headers: vec![("Content-Type".into(), "audio/mpeg".into())],
        body: vec![1, 2, 3, 4],
    }])
    .await;
    let mut stream = client(&server)
        // The spec marks this body optional and nothing in it is required.
        .create_speech(Some(&CreateSpeechRequest::new().input("hi")))
        .await
        .unwrap();
    let mut all = Vec::new();
    while let Some(chunk) = stream.next().await {
        all.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(all, [1, 2, 3, 4]);
    let server = Server::start(vec![Reply::Full {
        status: 200,
        headers: vec![],
        body: b"<rss/>".to_vec(),
    }])
    .await;
    assert_eq!(client(&server).get_feed().await.unwrap(), "<rss/>");
}
