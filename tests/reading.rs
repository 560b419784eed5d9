//! Reading and building the bundled client's values: constructors that cannot be called
//! wrong, getters that flatten absent and `null`, undeclared properties kept, unions that
//! agree between `From` and decoding, and error messages in the spec's names.

use llmgate::Nullable;
use llmgate::openrouter::types::*;
use serde_json::json;

/// Up to three positional arguments of different kinds. A required property that may be
/// `null` is not an argument: it starts as `null` (so `new` does not change when a spec
/// adds one) and has a setter.
#[test]
fn small_constructors_are_positional_and_nullable_ones_are_set() {
    let message = ChatAssistantMessage::new().content("hi");
    let open = ChatChoice::new(0, message.clone());
    assert_eq!(open.finish_reason, None);
    assert_eq!(
        serde_json::to_value(&open).unwrap()["finish_reason"],
        serde_json::Value::Null,
        "required and nullable: written as null"
    );
    let stop = ChatChoice::new(1, message).finish_reason("stop");
    assert_eq!(stop.finish_reason, Some(ChatFinishReasonEnum::Stop));
    assert_eq!(stop.index, 1);
}

/// Past three arguments, or with two of one kind side by side, `new` takes the required
/// values by name.
#[test]
fn large_constructors_take_a_named_struct() {
    let usage = Usage::new(UsageRequired {
        input_tokens: 10,
        input_tokens_details: UsageInputTokensDetails::new(2),
        output_tokens: 5,
        output_tokens_details: UsageOutputTokensDetails::new(1),
        total_tokens: 15,
    });
    assert_eq!(usage.total_tokens, 15);
    assert_eq!(usage.input_tokens_details.cached_tokens, 2);
}

#[test]
fn getters_flatten_absent_and_null() {
    let decode =
        |v: serde_json::Value| -> ChatAssistantMessage { serde_json::from_value(v).unwrap() };
    let absent = decode(json!({"role": "assistant"}));
    let null = decode(json!({"role": "assistant", "content": null, "reasoning": null}));
    let set = decode(json!({"role": "assistant", "content": "hi", "reasoning": "because"}));
    assert_eq!(absent.get_content(), None);
    assert_eq!(null.get_content(), None);
    // The field keeps the three states apart.
    assert_eq!(absent.content, None);
    assert_eq!(null.content, Some(Nullable::Null));
    assert_eq!(set.get_content().and_then(|c| c.as_text()), Some("hi"));
    assert_eq!(set.get_reasoning(), Some("because"));
    assert_eq!(null.get_reasoning(), None);
    assert_eq!(set.get_tool_calls(), None);
    let calls = decode(json!({"role": "assistant", "tool_calls": []}));
    assert_eq!(calls.get_tool_calls().map(<[_]>::len), Some(0));
}

/// A property the spec does not declare (servers add them before specs do) is kept as
/// sent, and written back unchanged where the type is written.
#[test]
fn undeclared_properties_are_kept() {
    let sent = json!({
        "prompt_tokens": 3,
        "completion_tokens": 4,
        "total_tokens": 7,
        "brand_new": {"nested": [1, 2.5, "x"]},
    });
    let usage: ChatUsage = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(usage.total_tokens, 7);
    assert_eq!(
        usage.additional_properties.get("brand_new"),
        Some(&json!({"nested": [1, 2.5, "x"]}))
    );
    #[cfg(feature = "full-serde")]
    assert_eq!(serde_json::to_value(&usage).unwrap(), sent);
}

/// In an untagged union, the variant that declares a property still wins over one that
/// would only keep it as undeclared.
#[test]
fn unions_still_pick_the_variant_that_declares_the_property() {
    let part: ChatContentItems = serde_json::from_value(json!({
        "type": "image_url",
        "image_url": {"url": "https://example.com/a.png", "detail": "auto"},
    }))
    .unwrap();
    assert!(
        matches!(part, ChatContentItems::ChatContentImage(_)),
        "{part:?}"
    );
}

/// A value built through `From` equals the value decoded from its JSON.
#[test]
fn from_and_decoding_agree_on_unions_of_text_and_an_enum() {
    for text in ["OpenAI", "xyz-new-provider"] {
        let built = ProviderPreferencesIgnoreItem::from(text);
        let decoded: ProviderPreferencesIgnoreItem = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(built, decoded, "{text}");
        assert_eq!(built.as_text(), Some(text));
        let owned = ProviderPreferencesIgnoreItem::from(text.to_owned());
        assert_eq!(owned, decoded);
    }
    assert!(matches!(
        ProviderPreferencesIgnoreItem::from("OpenAI"),
        ProviderPreferencesIgnoreItem::ProviderName(ProviderName::OpenAi)
    ));
    assert!(matches!(
        ProviderPreferencesIgnoreItem::from("xyz"),
        ProviderPreferencesIgnoreItem::Text(_)
    ));
}

/// Errors name the spec's schema, not the Rust type a shared shape was given.
#[test]
fn decode_errors_use_the_spec_names() {
    let err = serde_json::from_value::<Usage>(json!([1]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("an object ("), "{err}");
    assert!(!err.contains("Usage2"), "{err}");
    println!("{err}");
}
