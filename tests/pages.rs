//! Paging as the spec declares it, on the `pagination` fixture: offset and page-number
//! streams end at a short or empty page, cursor and link streams at a missing or repeated
//! token; a page's error is yielded and ends the stream; each page retries as a call does;
//! a link to another origin is refused; against the mock every stream ends.

#![deny(warnings)]

mod support;

#[allow(dead_code, reason = "a test uses only part of the client")]
mod paging {
    include!("../codegen/tests/fixtures/pagination.rs");
}

use std::time::Duration;

use futures_util::StreamExt;
use paging::types::*;
use support::{Reply, Server};

fn page(ids: &[&str]) -> String {
    let items: Vec<String> = ids.iter().map(|i| format!(r#"{{"id":"{i}"}}"#)).collect();
    format!(r#"{{"data":[{}]}}"#, items.join(","))
}

fn client(server: &Server) -> paging::Client {
    support::local(paging::Client::builder(), server)
}

fn queries(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| {
            r.path
                .split_once('?')
                .map_or(String::new(), |(_, q)| q.to_owned())
        })
        .collect()
}

async fn ids<E: std::fmt::Debug>(
    s: impl futures_util::Stream<Item = Result<Thing, llmgate::runtime::Error<E>>>,
) -> Vec<String> {
    s.map(|t| t.unwrap().id).collect().await
}

#[tokio::test]
async fn an_offset_stream_ends_at_a_page_shorter_than_the_limit() {
    let server = Server::start(vec![
        Reply::json(200, &page(&["a", "b"])),
        Reply::json(200, &page(&["c"])),
        Reply::json(200, &page(&["never"])),
    ])
    .await;
    let params = ListThingsParams::new().limit(2);
    let got = ids(client(&server).list_things_items(&params)).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(queries(&server), ["limit=2", "offset=2&limit=2"]);
}

#[tokio::test]
async fn without_a_limit_an_offset_stream_ends_at_an_empty_page() {
    let server = Server::start(vec![
        Reply::json(200, &page(&["a", "b"])),
        Reply::json(200, &page(&["c"])),
        Reply::json(200, &page(&[])),
        Reply::json(200, &page(&["never"])),
    ])
    .await;
    let got = ids(client(&server).list_things_items(&ListThingsParams::new())).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(queries(&server), ["", "offset=2", "offset=3"]);
}

#[tokio::test]
async fn a_page_number_stream_counts_pages_and_reads_nested_items() {
    let nested = |ids: &[&str]| {
        let items: Vec<String> = ids.iter().map(|i| format!(r#"{{"id":"{i}"}}"#)).collect();
        format!(r#"{{"result":{{"items":[{}]}}}}"#, items.join(","))
    };
    let server = Server::start(vec![
        Reply::json(200, &nested(&["a", "b"])),
        Reply::json(200, &nested(&["c"])),
    ])
    .await;
    let params = ListNumberedParams::new().per_page(2);
    let got = ids(client(&server).list_numbered_items(&params)).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(queries(&server), ["per_page=2", "page=2&per_page=2"]);
}

#[tokio::test]
async fn a_cursor_stream_ends_at_a_null_or_repeated_cursor() {
    let with =
        |ids: &[&str], next: &str| page(ids).replace("]}", &format!("],\"next_cursor\":{next}}}"));
    let server = Server::start(vec![
        Reply::json(200, &with(&["a"], r#""c2""#)),
        Reply::json(200, &with(&["b"], "null")),
        Reply::json(200, &with(&["never"], r#""c3""#)),
    ])
    .await;
    let got = ids(client(&server).list_files_items(&ListFilesParams::new())).await;
    assert_eq!(
        (got, queries(&server)),
        (
            vec!["a".to_owned(), "b".to_owned()],
            vec![String::new(), "cursor=c2".to_owned()]
        )
    );

    let server = Server::start(vec![
        Reply::json(200, &with(&["a"], r#""c2""#)),
        Reply::json(200, &with(&["b"], r#""c2""#)),
        Reply::json(200, &with(&["never"], r#""c3""#)),
    ])
    .await;
    let got = ids(client(&server).list_files_items(&ListFilesParams::new())).await;
    assert_eq!(
        got,
        ["a", "b"],
        "a server repeating its cursor is not asked again"
    );
}

#[tokio::test]
async fn a_link_stream_follows_same_origin_links_and_refuses_others() {
    let members = |ids: &[&str], next: Option<&str>| {
        let items: Vec<String> = ids.iter().map(|i| format!(r#"{{"id":"{i}"}}"#)).collect();
        let next = next.map_or(String::new(), |n| format!(r#","next":"{n}""#));
        format!(r#"{{"members":[{}]{next}}}"#, items.join(","))
    };
    let server = Server::start(vec![
        Reply::json(200, &members(&["a"], Some("orgs/o/members?page=2"))),
        Reply::json(
            200,
            &members(&["b"], Some("https://elsewhere.example/steal")),
        ),
    ])
    .await;
    let params = ListMembersParams::new().role("admin");
    let got: Vec<_> = client(&server)
        .list_members_items("o", &params)
        .collect()
        .await;
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].as_ref().unwrap().id, "a");
    assert_eq!(got[1].as_ref().unwrap().id, "b");
    let err = got[2].as_ref().unwrap_err().to_string();
    assert!(
        err.contains("leaves the API's origin") && err.contains("elsewhere.example"),
        "{err}"
    );
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths[0].ends_with("/orgs/o/members?role=admin"),
        "{paths:?}"
    );
    assert!(paths[1].ends_with("/orgs/o/members?page=2"), "{paths:?}");
    assert_eq!(paths.len(), 2, "the other origin is never asked");
}

#[tokio::test]
async fn a_page_error_is_yielded_and_ends_the_stream_and_pages_retry() {
    let server = Server::start(vec![
        Reply::json(200, &page(&["a"])),
        Reply::json(400, r#"{"message":"bad"}"#),
        Reply::json(200, &page(&["never"])),
    ])
    .await;
    let got: Vec<_> = client(&server)
        .list_things_items(&ListThingsParams::new())
        .collect()
        .await;
    assert_eq!(got.len(), 2);
    assert!(
        got[1]
            .as_ref()
            .unwrap_err()
            .status()
            .is_some_and(|s| s.as_u16() == 400)
    );
    assert_eq!(server.count(), 2);

    let server = Server::start(vec![
        Reply::json(200, &page(&["a"])),
        Reply::json(503, "{}"),
        Reply::json(200, &page(&["b"])),
        Reply::json(200, &page(&[])),
    ])
    .await;
    let retrying = paging::Client::builder()
        .ignore_env()
        .api_key("k")
        .base_url(server.base())
        .retry(
            llmgate::RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let got = ids(retrying.list_things_items(&ListThingsParams::new())).await;
    assert_eq!(got, ["a", "b"]);
    assert_eq!(server.count(), 4, "the 503 page was retried");
}

#[tokio::test]
async fn against_the_mock_every_paging_stream_ends() {
    let mock = paging::mock::MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let t = tokio::time::timeout(Duration::from_secs(10), async {
        // The spec's examples are the first page; later pages are empty, cursors null.
        let things = ids(client.list_things_items(&ListThingsParams::new().limit(2))).await;
        assert_eq!(things, ["a", "b"]);
        let things = ids(client.list_things_items(&ListThingsParams::new())).await;
        assert_eq!(things, ["a", "b"]);
        assert_eq!(
            ids(client.list_files_items(&ListFilesParams::new())).await,
            ["a"]
        );
        // Synthesized answers (no example) hold at most one page.
        assert!(
            ids(client.list_numbered_items(&ListNumberedParams::new()))
                .await
                .len()
                <= 1
        );
        assert!(
            ids(client.list_members_items("o", &ListMembersParams::new()))
                .await
                .len()
                <= 1
        );
        assert!(ids(client.list_vaults_items()).await.len() <= 1);
    });
    t.await.expect("every stream ended");
}
