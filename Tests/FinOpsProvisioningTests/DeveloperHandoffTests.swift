import FinOpsCore
import Testing

@testable import FinOpsProvisioning

@Suite("The Developer Handoff")
struct DeveloperHandoffTests {
  @Test("a Bedrock handoff is the role ARN, the model ID and the Region")
  func bedrock() throws {
    let workload = Samples.workload()
    let handoff = try DeveloperHandoff(workload: workload, component: workload.components[0])
    #expect(
      handoff.text == """
        AWS_ROLE_ARN=arn:aws:iam::111122223333:role/finops-claims-assistant-k7q2
        BEDROCK_MODEL_ID=us.anthropic.claude-sonnet-4-5-20250929-v1:0
        AWS_REGION=us-east-1

        """)
    #expect(handoff.workspace == nil)
    #expect(handoff.variables.map(\.title) == ["IAM role ARN", "Model ID", "AWS Region"])
  }

  @Test("a Claude Platform on AWS handoff adds the workspace")
  func claudePlatform() throws {
    let workload = Samples.workload(
      platform: .claudePlatform, model: Samples.claudeModel, region: "us-west-2")
    let handoff = try DeveloperHandoff(workload: workload, component: workload.components[0])
    #expect(
      handoff.text == """
        AWS_ROLE_ARN=arn:aws:iam::111122223333:role/finops-claims-assistant-k7q2
        ANTHROPIC_MODEL=claude-sonnet-4-6
        ANTHROPIC_AWS_WORKSPACE_ID=wrkspc_01AbCdEf23GhIj
        AWS_REGION=us-west-2

        """)
    #expect(handoff.workspace == Samples.workspace)
  }

  @Test("the handoff and the task agree on the role and the model", arguments: Samples.allCases)
  func agrees(sample: Samples.Case) throws {
    let workload = sample.workload
    let handoff = try DeveloperHandoff(workload: workload, component: workload.components[0])
    let task = try Samples.task(workload)
    #expect(handoff.roleARN == task.roleARN)
    #expect(handoff.modelID == task.modelID)
    #expect(handoff.region == task.region)
  }
}
