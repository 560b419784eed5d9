//! Nothing a caller builds is lost or changed on the way out, and nothing a server sends
//! on the way in: one test per case of the lossless-types issue, on the `lossless`
//! fixture (shapes taken from the published OpenRouter spec), compiled under
//! `deny(warnings)` and sent to a local server.

#![deny(warnings)]

mod support;

#[allow(dead_code, reason = "a test uses only part of the client")]
mod lossless {
    include!("../codegen/tests/fixtures/lossless.rs");
}

use std::time::Duration;

use llmgate::runtime::Nullable;
use lossless::types::*;
use serde_json::{Value, json};
use support::{Reply, Server};

fn client(server: &Server) -> lossless::Client {
    support::local(lossless::Client::builder(), server)
}

/// Decode into `T`, encode again: the same JSON, `null`s included.
#[track_caller]
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(v: Value) -> T {
    let decoded: T = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), v, "{decoded:?}");
    decoded
}

#[test]
fn a_union_value_keeps_the_fields_of_the_branch_it_is_valid_for() {
    // A messages tool: the second variant (name + open `type`) also accepts it, and
    // would drop `description` and `input_schema`.
    let custom = json!({
        "type": "custom",
        "name": "get_weather",
        "description": "Weather for a city",
        "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}
    });
    let tool: MessagesRequestToolsItem = round_trip(custom);
    assert!(
        matches!(tool, MessagesRequestToolsItem::Custom(_)),
        "{tool:?}"
    );
    // The open variant still takes what only it describes.
    let other: MessagesRequestToolsItem =
        round_trip(json!({"type": "bash_20250124", "name": "bash"}));
    assert!(
        matches!(other, MessagesRequestToolsItem::Name(_)),
        "{other:?}"
    );

    // A chat tool told apart by a constant the first (open) variant does not pin down.
    let bash = json!({"type": "openrouter:bash", "parameters": {"engine": "openrouter", "sleep_after_seconds": 900}});
    let tool: ChatRequestToolsItem = round_trip(bash);
    assert!(
        matches!(tool, ChatRequestToolsItem::OpenrouterBash(_)),
        "{tool:?}"
    );
    let search = json!({"type": "openrouter:web_search", "parameters": {"max_results": 3}});
    let tool: ChatRequestToolsItem = round_trip(search);
    assert!(matches!(tool, ChatRequestToolsItem::Type(_)), "{tool:?}");
}

#[test]
fn a_value_no_variant_keeps_whole_is_kept_as_sent() {
    // A property the variant does not declare is kept in it, and written back.
    let newer = json!({"type": "openrouter:bash", "parameters": {"engine": "x", "colour": "blue"}});
    let tool: ChatRequestToolsItem = round_trip(newer);
    let ChatRequestToolsItem::OpenrouterBash(bash) = &tool else {
        panic!("{tool:?}")
    };
    let parameters = bash.parameters.as_ref().unwrap();
    assert_eq!(parameters.additional_properties["colour"], json!("blue"));
    // A value of the wrong type no variant keeps: kept whole as sent.
    let odd = json!({"type": 7, "parameters": {"engine": 5}});
    let tool: ChatRequestToolsItem = round_trip(odd.clone());
    assert_eq!(tool, ChatRequestToolsItem::Unknown(odd));
}

#[test]
fn constants_are_unit_variants_and_strings_convert() {
    let c: ChatRequestToolChoice = round_trip(json!("any"));
    assert_eq!(c, ChatRequestToolChoice::Any);
    let c: ChatRequestToolChoice = round_trip(json!("auto"));
    assert_eq!(
        c,
        ChatRequestToolChoice::Known(ChatRequestToolChoiceKnown::Auto)
    );
    assert_eq!(
        serde_json::to_value(ChatRequestToolChoice::Any).unwrap(),
        json!("any")
    );
    let f: ChatRequestToolChoice =
        round_trip(json!({"type": "function", "function": {"name": "f"}}));
    assert!(matches!(f, ChatRequestToolChoice::Function(_)));
    let from_enum: ChatRequestToolChoice = ChatRequestToolChoiceKnown::Required.into();
    assert_eq!(serde_json::to_value(from_enum).unwrap(), json!("required"));
}

#[tokio::test]
async fn a_union_value_goes_out_as_built() {
    let server = Server::start(vec![Reply::json(200, r#"{"tools": []}"#)]).await;
    let body: MessagesRequest = serde_json::from_value(json!({"tools": [
        {"type": "custom", "name": "get_weather", "description": "d", "input_schema": {"type": "object"}}
    ]}))
    .unwrap();
    client(&server).create_messages(&body).await.unwrap();
    assert_eq!(
        server.requests()[0].json()["tools"][0],
        json!({"type": "custom", "name": "get_weather", "description": "d", "input_schema": {"type": "object"}})
    );
}

#[test]
fn optional_nullable_fields_tell_absent_null_and_value_apart() {
    let cleared: UpdateDestination = round_trip(json!({"api_key_hashes": null}));
    assert_eq!(cleared.api_key_hashes, Some(Nullable::Null));
    let kept: UpdateDestination = round_trip(json!({}));
    assert_eq!(kept.api_key_hashes, None);
    let set: UpdateDestination =
        round_trip(json!({"api_key_hashes": ["h"], "limit": 2.5, "metadata": null}));
    assert_eq!(
        set.api_key_hashes,
        Some(Nullable::Value(vec!["h".to_owned()]))
    );
    assert_eq!(set.metadata, Some(Value::Null));
    let any: UpdateDestination = round_trip(json!({"metadata": {"k": [1, null]}, "limit": null}));
    assert_eq!(any.limit, Some(Nullable::Null));
}

#[tokio::test]
async fn an_explicit_null_is_sent() {
    let server = Server::start(vec![Reply::json(200, r#"{"api_key_hashes": null}"#)]).await;
    let body: UpdateDestination = serde_json::from_value(json!({"api_key_hashes": null})).unwrap();
    let back = client(&server)
        .update_observability_destination("d1", &body)
        .await
        .unwrap();
    assert_eq!(server.requests()[0].body, br#"{"api_key_hashes":null}"#);
    assert_eq!(back.api_key_hashes, Some(Nullable::Null));
}

#[tokio::test]
async fn union_query_values_are_sent_as_the_primitive_they_hold() {
    let server = Server::start(vec![Reply::json(204, "")]).await;
    let c = client(&server);
    let as_string = DeleteScimGroupMappingParams {
        keep_members: Some(serde_json::from_value(json!("true")).unwrap()),
    };
    c.delete_scim_group_mapping_with("g1", &as_string)
        .await
        .unwrap();
    let as_bool = DeleteScimGroupMappingParams {
        keep_members: Some(DeleteScimGroupMappingKeepMembers::Bool(false)),
    };
    c.delete_scim_group_mapping_with("g1", &as_bool)
        .await
        .unwrap();
    c.delete_scim_group_mapping("g1").await.unwrap();
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/api/v1/scim/groups/g1?keep_members=true",
            "/api/v1/scim/groups/g1?keep_members=false",
            "/api/v1/scim/groups/g1",
        ]
    );
}

#[tokio::test]
async fn every_parameter_style_serializes_as_openapi_defines_it() {
    let server = Server::start(vec![Reply::json(204, "")]).await;
    let params = StylesParams {
        filter: Some(StylesFilter {
            status: Some("open".into()),
            created: Some(StylesFilterCreated { gte: Some(5) }),
        }),
        point: Some(StylesPoint {
            x: Some(1),
            y: Some(2),
        }),
        tags: Some(vec!["a".into(), "b c".into()]),
        x_trace: Some(vec!["t1".into(), "t2".into()]),
    };
    client(&server)
        .styles_with(&vec![1, 2], &vec!["x".into(), "y".into()], "m/1", &params)
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(
        r.path,
        "/api/v1/styles/1,2/.x.y/;matrix=m%2F1?filter%5Bstatus%5D=open&filter%5Bcreated%5D%5Bgte%5D=5&x=1&y=2&tags=a%7Cb+c"
    );
    assert_eq!(r.header("x-trace"), Some("t1,t2"));
}

#[tokio::test]
async fn stream_methods_ask_for_events_and_plain_methods_for_json() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"model": "m"}"#),
        Reply::sse(
            &["data: {\"model\": \"m\"}\n\n", "data: [DONE]\n\n"],
            Duration::from_millis(1),
        ),
        Reply::json(200, r#"{"n": 1}"#),
    ])
    .await;
    let c = client(&server);
    let body = ChatRequest::new("m");
    c.send_chat(&body).await.unwrap();
    let mut events = c.send_chat_stream(&body).await.unwrap();
    use futures_util::StreamExt;
    while let Some(e) = events.next().await {
        e.unwrap();
    }
    c.create_embeddings(&CreateEmbeddingsRequest::new("x"))
        .await
        .unwrap();
    let r = server.requests();
    assert_eq!(r[0].header("accept"), Some("application/json"));
    assert_eq!(r[0].json()["stream"], json!(null));
    assert_eq!(r[1].header("accept"), Some("text/event-stream"));
    assert_eq!(r[1].json()["stream"], json!(true));
    // Embeddings declare a placeholder stream and no `stream` switch: one plain method.
    let source = include_str!("../codegen/tests/fixtures/lossless.rs");
    assert!(!source.contains("fn create_embeddings_stream"));
    assert!(source.contains("fn send_chat_stream"));
}
