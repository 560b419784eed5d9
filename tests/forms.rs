//! Form APIs on the `forms` fixture: typed `x-www-form-urlencoded` bodies (nested objects
//! and arrays in brackets, `encoding` honoured), an optional body left out, one method per
//! patch media type, a constant `self`, and variants sharing a discriminator value.

#![deny(warnings)]

mod support;

#[allow(dead_code, reason = "a test uses only part of the client")]
mod forms {
    include!("../codegen/tests/fixtures/forms.rs");
}

use forms::types::*;
use serde_json::json;
use support::{Reply, Server};

fn client(server: &Server) -> forms::Client {
    support::local(forms::Client::builder(), server)
}

fn decoded_form(body: &[u8]) -> Vec<(String, String)> {
    let text = std::str::from_utf8(body).unwrap();
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            let dec = |s: &str| {
                let s = s.replace('+', " ");
                let mut out = Vec::new();
                let b = s.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if b[i] == b'%' {
                        out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                        i += 3;
                    } else {
                        out.push(b[i]);
                        i += 1;
                    }
                }
                String::from_utf8(out).unwrap()
            };
            (dec(k), dec(v))
        })
        .collect()
}

#[tokio::test]
async fn form_bodies_are_typed_and_nested_values_go_in_brackets() {
    let server = Server::start(vec![Reply::json(200, r#"{"id": "cus_1"}"#)]).await;
    let body = PostCustomersForm::new("a@example.com")
        .balance(-5)
        .metadata([("plan".to_owned(), "pro tier".to_owned())])
        .address(
            PostCustomersFormAddress::new()
                .line1("1 Main St")
                .city("Paris"),
        )
        .preferred_locales(["fr".to_owned(), "en".to_owned()])
        .tax_ids([PostCustomersFormTaxIdsItem::new(
            PostCustomersFormTaxIdsItemRequired {
                r#type: "eu_vat".into(),
                value: "FR123".into(),
            },
        )])
        .expand(["data.sources".to_owned()]);
    let customer = client(&server).post_customers(&body).await.unwrap();
    assert_eq!(customer.id, "cus_1");
    let r = &server.requests()[0];
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs = decoded_form(&r.body);
    let want: Vec<(String, String)> = [
        ("email", "a@example.com"),
        ("balance", "-5"),
        ("metadata[plan]", "pro tier"),
        ("address[line1]", "1 Main St"),
        ("address[city]", "Paris"),
        ("preferred_locales", "fr,en"),
        ("tax_ids[0][type]", "eu_vat"),
        ("tax_ids[0][value]", "FR123"),
        ("expand[]", "data.sources"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(pairs, want);
}

#[tokio::test]
async fn an_optional_body_can_be_left_out() {
    let server = Server::start(vec![Reply::json(200, "[]")]).await;
    let c = client(&server);
    c.get_customers(None).await.unwrap();
    c.get_customers(Some(&GetCustomersForm::new().limit(3)))
        .await
        .unwrap();
    let r = server.requests();
    assert!(r[0].body.is_empty());
    assert_eq!(r[0].header("content-type"), None);
    assert_eq!(r[1].body, b"limit=3");
}

#[tokio::test]
async fn each_patch_media_type_has_its_own_method() {
    let server = Server::start(vec![Reply::json(200, r#"{"rel": "self"}"#)]).await;
    let c = client(&server);
    let link = c
        .patch_deployment("d", &vec![json!({"op": "add"})])
        .await
        .unwrap();
    assert_eq!(link.rel, SelfValueConst::SelfValue);
    c.patch_deployment_merge_patch("d", &json!({"a": 1}))
        .await
        .unwrap();
    c.patch_deployment_strategic_merge_patch("d", &json!({"a": 1}))
        .await
        .unwrap();
    c.patch_deployment_apply_patch_yaml("d", "a: 1")
        .await
        .unwrap();
    let types: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("content-type").map(str::to_owned))
        .collect();
    assert_eq!(
        types,
        [
            Some("application/json-patch+json".to_owned()),
            Some("application/merge-patch+json".to_owned()),
            Some("application/strategic-merge-patch+json".to_owned()),
            Some("application/apply-patch+yaml".to_owned()),
        ]
    );
}

#[test]
fn variants_sharing_a_tag_value_are_told_apart_by_evidence() {
    let card: Event = serde_json::from_value(json!({"object": "payment", "card": "4242"})).unwrap();
    assert!(matches!(card, Event::CardEvent(_)), "{card:?}");
    let bank: Event = serde_json::from_value(json!({"object": "payment", "iban": "FR76"})).unwrap();
    assert!(matches!(bank, Event::BankEvent(_)), "{bank:?}");
    assert_eq!(
        serde_json::to_value(&bank).unwrap(),
        json!({"object": "payment", "iban": "FR76"})
    );
}
