import FinOpsSpend
import Testing

@Suite("Model matching")
struct ModelMatcherTests {
  @Test(
    "a meter names the approved model or not",
    arguments: [
      ("USE1-Claude4.5Sonnet-input-tokens", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", true),
      (
        "USE1-Claude4.5Sonnet-cache-read-input-token-count",
        "anthropic.claude-sonnet-4-5-20250929-v1:0", true
      ),
      (
        "EUW1-Claude4.5Sonnet-mantle-input-tokens-global",
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", true
      ),
      ("USE1-Claude4.5Haiku-output-tokens", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", false),
      ("USE1-Claude4.6Sonnet-input-tokens", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", false),
      ("USE1-Claude4Sonnet-input-tokens", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", false),
      ("USE1-NovaPro-input-tokens", "amazon.nova-pro-v1:0", true),
      ("USE1-NovaLite-input-tokens", "amazon.nova-pro-v1:0", false),
      ("USW2-Llama3.3-70B-Instruct-input-tokens", "meta.llama3-3-70b-instruct-v1:0", true),
      ("USE1-ClaudeSonnet4.5-output-tokens", "claude-sonnet-4-5", true),
    ])
  func meters(meter: String, model: String, matches: Bool) {
    let observed = ModelMatcher.observation(meter: meter)
    #expect(observed != nil)
    #expect(observed.map { ModelMatcher.key(modelID: model).isNamed(by: $0.key) } == matches)
  }

  @Test(
    "meters that are not token meters tell nothing",
    arguments: ["USE1-AgentCore-Runtime-vCPU-Hours", "Tax", "USE1-Requests"])
  func notModels(meter: String) {
    #expect(ModelMatcher.observation(meter: meter) == nil)
  }

  @Test("a resource ARN naming a model is compared; an application profile is not")
  func resources() {
    let sonnet = ModelMatcher.key(modelID: "us.anthropic.claude-sonnet-4-5-20250929-v1:0")
    let haiku = ModelMatcher.observation(
      resource:
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0")
    #expect(haiku.map { sonnet.isNamed(by: $0.key) } == false)
    let profile = ModelMatcher.observation(
      resource:
        "arn:aws:bedrock:us-east-1:111122223333:inference-profile/"
        + "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    )
    #expect(profile.map { sonnet.isNamed(by: $0.key) } == true)
    #expect(
      ModelMatcher.observation(
        resource: "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3")
        == nil)
  }

  @Test(
    "a meter's model reads as people name it; anything else is shown as it is",
    arguments: [
      ("Claude4.5Sonnet", "Claude Sonnet 4.5"), ("Claude4.5Haiku", "Claude Haiku 4.5"),
      ("ClaudeOpus4.1", "Claude Opus 4.1"), ("NovaPro", "Nova Pro"), ("NovaLite", "Nova Lite"),
      ("Claude3Haiku", "Claude Haiku 3"), ("Titan", "Titan"),
      ("anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
      ("Llama3-2-90B", "Llama3-2-90B"), ("4.5", "4.5"), ("", ""), ("Claude4.", "Claude 4"),
      ("Claude3.5SonnetV2", "Claude Sonnet 3.5 v2"), ("NovaV", "Nova V"), ("Claude3.5", "Claude 3.5"),
    ])
  func displayName(label: String, shown: String) {
    #expect(ModelMatcher.displayName(label) == shown)
  }
}
