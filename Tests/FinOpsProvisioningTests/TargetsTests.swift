import FinOpsCore
import Testing

@testable import FinOpsProvisioning

@Suite("Model IDs, Regions, names and shell quoting")
struct TargetsTests {
  @Test(
    "a geography prefix makes a model ID an inference profile",
    arguments: [
      ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", InferenceGeography.us),
      ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", .eu),
      ("apac.anthropic.claude-sonnet-4-5-20250929-v1:0", .apac),
      ("jp.anthropic.claude-sonnet-4-5-20250929-v1:0", .jp),
      ("au.anthropic.claude-sonnet-4-5-20250929-v1:0", .au),
      ("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0", .usGov),
      ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", .global),
    ])
  func profile(id: String, geography: InferenceGeography) throws {
    let model = try #require(BedrockModel(id: id))
    #expect(model.geography == geography)
    #expect(model.isInferenceProfile)
    #expect(model.provider == "anthropic")
    #expect(model.foundationModelID.hasPrefix("anthropic.claude-"))
  }

  @Test("a plain model ID is a foundation model")
  func foundationModel() throws {
    let model = try #require(BedrockModel(id: "amazon.nova-pro-v1:0"))
    #expect(model.geography == nil)
    #expect(model.foundationModelID == "amazon.nova-pro-v1:0")
    #expect(model.foundationModelRegions(sourceRegion: "us-west-2") == ["us-west-2"])
    #expect(
      model.foundationModelARN(region: "us-west-2", partition: .aws)
        == "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0")
    #expect(model.inferenceProfileARN(region: "us-west-2", account: "1", partition: .aws) == nil)
  }

  @Test(
    "IDs that are not Bedrock model IDs are refused",
    arguments: [
      "claude-sonnet-4-6", "us.", ".x", "Anthropic.Claude", "a.b c", "a.b/c/d", "", "a.", "ab",
      "a_b.c", "é.model", String(repeating: "a.", count: 129),
    ])
  func notModel(id: String) {
    #expect(BedrockModel(id: id) == nil)
  }

  @Test("every geography's table lists Bedrock Regions of its own area")
  func table() {
    for geography in InferenceGeography.allCases where geography != .global {
      #expect(!geography.destinationRegions.isEmpty)
      #expect(geography.destinationRegions == geography.destinationRegions.sorted())
    }
    #expect(InferenceGeography.eu.destinationRegions.allSatisfy { $0.hasPrefix("eu-") })
    #expect(InferenceGeography.us.destinationRegions.allSatisfy { $0.hasPrefix("us-") })
    #expect(InferenceGeography.global.destinationRegions.isEmpty)
  }

  @Test(
    "the partition follows the Region",
    arguments: [
      ("us-east-1", AWSPartition.aws), ("us-gov-west-1", .awsUSGov), ("cn-north-1", .awsCN),
      ("eusc-de-east-1", .awsEUSC),
    ])
  func partition(region: String, partition: AWSPartition) throws {
    #expect(AWSPartition(region: region) == partition)
    let task = try Samples.task(Samples.workload(model: Samples.inRegionModel, region: region))
    #expect(task.roleARN.hasPrefix("arn:\(partition.rawValue):iam::"))
    #expect(task.step("model-access")?.links.isEmpty == (partition != .aws))
  }

  @Test(
    "Region codes are recognised",
    arguments: [
      ("us-east-1", true), ("ap-southeast-7", true), ("us-gov-west-1", true),
      ("eusc-de-east-1", true), ("us-east", false), ("US-EAST-1", false), ("us-east-1a", false),
      ("us--east-1", false), ("us-east-", false), ("-us-east-1", false), ("us-1a-east-1", false),
      ("us-east-1-", false), ("a-b-1", true), ("a-b-12a", false), ("us-east-11", true),
      ("us-eastern-region-north-south-1", true), ("us-eastern-region-north-south-westward-1", false),
    ])
  func regions(region: String, valid: Bool) {
    #expect(Identifiers.isRegion(region) == valid)
  }

  @Test(
    "values are quoted only when the shell would read them differently",
    arguments: [
      ("us-east-1", "us-east-1"), ("file://trust-policy.json", "file://trust-policy.json"),
      ("Key=finops:workload,Value=a", "Key=finops:workload,Value=a"),
      ("two words", "'two words'"), ("it's", "'it'\\''s'"), ("$(rm)", "'$(rm)'"), ("", "''"),
      ("models[].modelArn", "'models[].modelArn'"),
    ])
  func quoting(text: String, quoted: String) {
    #expect(Shell.quote(text) == quoted)
    let buffer = ByteBuffer(capacity: 0)
    buffer.append(UInt8(ascii: "x"))
    Shell.appendQuoted(text, to: buffer)
    #expect(buffer.text == "x" + quoted)
  }

  /// The commands as they were written before `AWSCommand` kept bytes: a string per option,
  /// joined.
  static func joined(_ head: String, _ options: [String]) -> String {
    let line = ([head] + options).joined(separator: " ")
    return line.utf8.count > AWSCommand.lineWidth ? ([head] + options).joined(separator: " \\\n  ") : line
  }

  @Test("a command reads as its options joined, on one line or one option per line")
  func commandsAsJoined() {
    let long = String(repeating: "r", count: 64)
    let command = AWSCommand("iam", "create-role").option("--role-name", "it's")
      .rawOption("--cluster-name", "\"${EKS:?set it}\"").rawOption("--flag", "")
      .option("--tags", "Key=a,Value=b", "two words").option("--none")
    let options = ["--role-name 'it'\\''s'", "--cluster-name \"${EKS:?set it}\"", "--flag", "--tags Key=a,Value=b 'two words'", "--none"]
    #expect(command.singleLine == (["aws iam create-role"] + options).joined(separator: " "))
    #expect(command.text == Self.joined("aws iam create-role", options))
    let short = AWSCommand("sts", "get-caller-identity").option("--output", "text")
    #expect(short.text == Self.joined("aws sts get-caller-identity", ["--output text"]))
    #expect(short.text == short.singleLine)
    let wrapped = AWSCommand("iam", "get-role").option("--role-name", long).option("--query", "Role.Arn")
    #expect(wrapped.text == Self.joined("aws iam get-role", ["--role-name \(long)", "--query Role.Arn"]))
    #expect(wrapped.text.contains("\n"))
  }

  @Test("a long command puts one option per line")
  func wrapping() {
    let short = AWSCommand("iam", "get-role").option("--role-name", "r").text
    #expect(short == "aws iam get-role --role-name r")
    let long = AWSCommand("iam", "create-role").option(
      "--role-name", String(repeating: "r", count: 64)
    )
    .option("--assume-role-policy-document", "file://trust-policy.json").text
    #expect(long.split(separator: "\n").count == 3)
    #expect(long.hasSuffix("  --assume-role-policy-document file://trust-policy.json"))
  }

  @Test("the EKS service account is derived from the slug and id")
  func serviceAccount() {
    let account = KubernetesServiceAccount(slug: "claims-assistant", componentID: "k7q2")
    #expect(
      account.subject == "system:serviceaccount:claims-assistant:finops-claims-assistant-k7q2")
  }

  @Test("role names follow IAM's rules")
  func roleNames() {
    #expect(RoleName.isValid("finops-claims-assistant-k7q2"))
    #expect(!RoleName.isValid(String(repeating: "a", count: 65)))
    #expect(!RoleName.isValid("has space"))
    #expect(RoleName.arn(account: "111122223333", name: "x") == "arn:aws:iam::111122223333:role/x")
  }
}
