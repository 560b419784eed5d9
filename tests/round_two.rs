//! The `round_two` fixture at run time: cookie parameters sent in one `Cookie` header
//! (`form` style, lists joined or exploded, values encoded), and an operation whose only
//! response is `default` typed from that response.

#![deny(warnings)]

#[allow(dead_code, reason = "a test uses only part of the client")]
mod round_two {
    include!("../codegen/tests/fixtures/round_two.rs");
}

mod support;

use round_two::types::*;
use support::{Reply, Server};

async fn started() -> (round_two::mock::MockServer, round_two::Client) {
    let server = round_two::mock::MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    (server, client)
}

#[tokio::test]
async fn cookie_parameters_are_sent_in_one_header() {
    let server = Server::start(vec![Reply::json(200, r#"{"name":"n"}"#)]).await;
    let client: round_two::Client = support::local(round_two::Client::builder(), &server);
    let params = GetSessionParams::new("abc; evil=1")
        .tags(vec!["a".to_owned(), "b c".to_owned()])
        .seen(vec![1, 2]);
    let thing = client.get_session(&params).await.unwrap();
    assert_eq!(thing.name, "n");
    let received = server.requests();
    assert_eq!(
        received[0].header("cookie"),
        Some("session=abc%3B%20evil=1; tags=a,b%20c; seen=1; seen=2")
    );
}

#[tokio::test]
async fn the_mock_answers_a_default_only_operation_with_its_schema() {
    let (mock, client) = started().await;
    let thing = client
        .get_session(&GetSessionParams::new("s"))
        .await
        .unwrap();
    assert_eq!(thing.name, "string");
    // Recordings never show cookies (they may carry a session).
    let cookie = mock.requests()[0]
        .headers
        .iter()
        .find(|(k, _)| k == "cookie")
        .map(|(_, v)| v.clone());
    assert_eq!(cookie.as_deref(), Some("<redacted>"));
}

#[tokio::test]
async fn the_mock_reads_cookies_back_as_the_typed_parameters() {
    let (server, client) = started().await;
    server.on_get_session(|call| async move {
        let p = &call.params;
        llmgate::runtime::mock::Reply::ok(Thing::new(format!(
            "{}|{:?}|{:?}",
            p.session, p.tags, p.seen
        )))
    });
    let params = GetSessionParams::new("s=1;x")
        .tags(vec!["x".to_owned(), "y z".to_owned()])
        .seen(vec![3]);
    let thing = client.get_session(&params).await.unwrap();
    assert_eq!(thing.name, r#"s=1;x|Some(["x", "y z"])|Some([3])"#);
}

#[tokio::test]
async fn a_default_only_operation_is_typed_from_that_response() {
    let (server, client) = started().await;
    server.fault(
        round_two::mock::Operation::GET_SESSION,
        llmgate::runtime::mock::Fault::status_with(503, serde_json::json!({"name": "down"})),
    );
    let err = client
        .get_session(&GetSessionParams::new("s"))
        .await
        .unwrap_err();
    match err {
        llmgate::runtime::Error::Api { body, status, .. } => {
            assert_eq!(status, 503);
            let round_two::errors::GetSessionError::Default(thing) = body;
            assert_eq!(thing.name, "down");
        }
        other => panic!("{other:?}"),
    }
}

/// The names of the parts of a multipart body, in order, with each part's contents.
fn parts(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split("Content-Disposition: form-data; name=\"")
        .skip(1)
        .map(|p| {
            let (name, rest) = p.split_once('"').unwrap();
            let value = rest.split("\r\n\r\n").nth(1).unwrap_or("");
            let value = value.split("\r\n--").next().unwrap_or("");
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// Multipart bodies that are not an object with properties: nothing the caller gives is
/// dropped. A union of objects is one struct of their parts; an `additionalProperties`
/// map takes parts by name; an array or a bare file takes the parts as a `Form`.
#[tokio::test]
async fn every_multipart_shape_sends_what_it_is_given() {
    use llmgate::runtime::{FilePart, Form};
    let replies = (0..4).map(|_| Reply::json(204, "")).collect();
    let server = Server::start(replies).await;
    let client: round_two::Client = support::local(round_two::Client::builder(), &server);

    let either = UploadEitherMultipart::new("fine-tune").url("https://x.test/a.jsonl");
    client.upload_either(&either).await.unwrap();
    let labels = UploadLabelsMultipart::new().part("a", "1").part("b", "2");
    client.upload_labels(&labels).await.unwrap();
    let files = UploadFilesMultipart::new("b1").part("x.bin", FilePart::new(&b"xy"[..]));
    client.upload_files(&files).await.unwrap();
    let form = Form::new()
        .with_file("files", FilePart::new(&b"one"[..]))
        .with_file("files", FilePart::new(&b"two"[..]));
    client.upload_list(&form).await.unwrap();

    let got: Vec<Vec<(String, String)>> =
        server.requests().iter().map(|r| parts(&r.body)).collect();
    assert_eq!(
        got[0],
        pairs(&[("purpose", "fine-tune"), ("url", "https://x.test/a.jsonl")])
    );
    assert_eq!(got[1], pairs(&[("a", "1"), ("b", "2")]));
    assert_eq!(got[2], pairs(&[("batch", "b1"), ("x.bin", "xy")]));
    assert_eq!(got[3], pairs(&[("files", "one"), ("files", "two")]));
}

/// `allOf: [Pet (a oneOf of Cat and Dog, by `kind`), {owner}]` is a union of merged
/// structs, dispatched on the tag, lossless both ways (no JSON value stands in).
#[test]
fn an_all_of_with_a_union_is_a_typed_union() {
    for (text, is_dog) in [
        (r#"{"kind":"dog","good":true,"owner":"ann","x":1}"#, true),
        (r#"{"kind":"cat","lives":9,"owner":"bo"}"#, false),
    ] {
        let pet: PetCreate = serde_json::from_str(text).unwrap();
        match (&pet, is_dog) {
            (PetCreate::Dog(d), true) => {
                assert_eq!((d.good, d.owner.as_str()), (Some(true), "ann"))
            }
            (PetCreate::Cat(c), false) => assert_eq!((c.lives, c.owner.as_str()), (Some(9), "bo")),
            other => panic!("{other:?}"),
        }
        let back: serde_json::Value = serde_json::to_value(&pet).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }
    let odd = r#"{"kind":"fish","owner":"cy"}"#;
    assert!(matches!(
        serde_json::from_str::<PetCreate>(odd).unwrap(),
        PetCreate::Unknown(_)
    ));
}
