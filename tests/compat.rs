//! Names earlier versions of the bundled client had stay usable as deprecated aliases (the
//! name lock, `spec/openrouter.names.json`): the previous release's numbered names, the
//! 2026-04-16 client's group and handler, and a schema the spec moved into a component.
//! `dependents/compat` holds a whole program written against the 2026-04-16 client.

#![cfg(all(feature = "full", feature = "mock"))]
#![allow(deprecated, reason = "the point is that the old names still work")]

use llmgate::openrouter::types;

#[test]
fn old_type_names_are_aliases_of_the_new_ones() {
    let usage: types::Usage2 = types::Usage::new(types::UsageRequired {
        input_tokens: 1,
        input_tokens_details: types::Usage2InputTokensDetails::new(0),
        output_tokens: 1,
        output_tokens_details: types::UsageOutputTokensDetails::new(0),
        total_tokens: 2,
    });
    assert_eq!(usage.total_tokens, 2);
    let _: Option<types::ReasoningConfig2> = None;
    let _: Option<types::ListEndpointsResponse2> = None;
    let moved: types::GetGenerationResponseDataApiType = "video".into();
    assert_eq!(moved, types::GenerationResponseDataApiType::Video);
    // An alias of a component whose position now names the component directly.
    let instruct: types::ModelArchitectureInstructType = types::InstructType::Chatml;
    assert_eq!(instruct, types::InstructType::Chatml);
}

#[tokio::test]
async fn an_old_group_and_handler_still_work() {
    use llmgate::openrouter::mock::{MockServer, Operation};
    let mock = MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    mock.on_beta_responses_send(|_| async { llmgate::runtime::mock::Reply::Default });
    let request = types::ResponsesRequest::new().model("m").input("hi");
    let via_old = client.beta_responses().send(&request).await.unwrap();
    let via_new = client.responses().send(&request).await.unwrap();
    assert_eq!(via_old.id, via_new.id);
    assert_eq!(Operation::BETA_RESPONSES_SEND, Operation::RESPONSES_SEND);
}
