import FinOpsCore
import FinOpsProvisioning
import Foundation

/// `api/workloads.json`: every record with its derived fields (role ARN, handoff, due date,
/// opportunity), amounts as exact decimal strings.
struct JSONExport {
  let builder: SiteBuilder

  /// The whole export as one value: what `workloads()` writes piece by piece.
  struct Export: Encodable {
    var generatedAt: String
    var currency: String
    var workloads: [WorkloadJSON]
  }

  struct WorkloadJSON: Encodable {
    var slug: String
    var title: String
    var owner: String
    var product: String
    var organization: [String]
    var path: String
    var monthlyBudget: String
    var components: [ComponentJSON]
  }

  struct ComponentJSON: Encodable {
    var id: String
    var reference: String
    var status: String
    var request: RequestJSON
    var approval: ApprovalJSON?
    var implementation: Members<SignatureJSON>?
    var claim: SignatureJSON?
    var history: [HistoryJSON]
    var derived: DerivedJSON
  }

  struct RequestJSON: Encodable {
    var useCase: String
    var purpose: String?
    var runtime: String
    var teamSize: Int
    var utilization: String
    var monthlyBudget: String
    var valueType: String
    var annualBaseline: String
    var targetPercent: String
  }

  struct ApprovalJSON: Encodable {
    var platform: String
    var model: String
    var account: String
    var region: String
    var roleName: String?
    var workspace: String?
    var estimateMonthly: String
    var inputTokens: Int
    var outputTokens: Int
    var businessCaseAcknowledged: Bool
    var priority: String
    var rationale: String
  }

  struct SignatureJSON: Encodable {
    var by: String
    var at: String
  }

  struct HistoryJSON: Encodable {
    var at: String
    var transition: String
    var from: String?
    var to: String
    var by: String
    var persona: String
    var step: String?
    var reason: String?
  }

  struct DerivedJSON: Encodable {
    var annualOpportunity: String
    var submittedAt: String?
    var approvedAt: String?
    var liveAt: String?
    var dueDate: String?
    var sla: String?
    var leadTimeBusinessDays: Double?
    var roleName: String?
    var roleARN: String?
    var handoff: Members<String>?
  }

  /// An object's few members, kept in the order `.sortedKeys` writes them (code units) and
  /// encoded as that object: a component's implementation and handoff, which as dictionaries
  /// were made and then sorted for every record.
  struct Members<Value: Encodable>: Encodable {
    /// The members, sorted by name.
    let sorted: [(name: String, value: Value)]

    /// The members, sorted.
    init(_ members: [(name: String, value: Value)]) {
      sorted = members.sorted { PrettyJSONWriter.precedes($0.name, $1.name) }
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Name.self)
      for member in sorted { try container.encode(member.value, forKey: Name(member.name)) }
    }

    /// A member's name as a coding key.
    struct Name: CodingKey {
      let stringValue: String
      var intValue: Int? { nil }
      init(_ name: String) { stringValue = name }
      init?(stringValue: String) { self.init(stringValue) }
      init?(intValue: Int) { nil }
    }
  }

  /// The export, written workload by workload in the layout `PrettyJSONEncoder` gives the
  /// whole `Export` (a test checks they agree).
  func workloads() throws -> [UInt8] {
    try gathered { try workloads($0) }
  }

  /// The export handed to `sink` a few hundred workloads at a time, so that memory holds a
  /// piece of it, never the whole 40 MB of a large repository. A workload whose record's key
  /// (`SiteBuilder.recordKey`) is a part of `previous` is copied from it: handed to `copy` as its
  /// range in that file (runs of records that were neighbours there as one range). Each
  /// record's key and place in the file are handed to `noting`.
  func workloads(
    _ sink: (inout [UInt8]) throws -> Void, previous: PreviousFile? = nil,
    copy: ((Range<Int>) throws -> Void)? = nil, noting: ((FilePart) -> Void)? = nil
  ) throws {
    // Written by hand, keys in code-unit order: through `Encodable` and a tree per workload the
    // export was an eighth of a large build's instructions.
    var writer = PrettyJSONWriter(capacity: 1 << 20)
    var spliced = SplicedElements(path: "api/workloads.json", previous: previous, copy: copy, noting: noting)
    writer.beginObject()
    writer.member("currency", builder.currency)
    // The time, noted as a part of its own: a build whose records are all the last build's
    // writes its time over the old one in the file (`SiteOutput.redate`).
    let time = builder.input.now.description
    writer.member("generatedAt", time)
    let closingQuote = spliced.drained + writer.count - 1
    noting?(FilePart(key: FilePart.time, range: closingQuote - time.utf8.count..<closingQuote))
    writer.key("workloads")
    writer.beginArray()
    // Each workload read in place, and copied only for a record written.
    for index in builder.sortedDocuments.indices {
      let key = noting == nil && previous == nil ? nil : builder.recordKey(at: index)
      try spliced.element(key: key, &writer, sink) { try record(builder.sortedDocuments[index]).write(&$0) }
      if index % 256 == 255 { try spliced.drain(&writer, sink) }
    }
    try spliced.copyRun()
    writer.endArray()
    writer.endObject()
    var rest = writer.finish()
    rest.append(UInt8(ascii: "\n"))
    try sink(&rest)
  }

  /// Every workload's record, made as it is read.
  func records() -> LazyMapSequence<[SiteWorkload], WorkloadJSON> {
    builder.sortedDocuments.lazy.map(record)
  }

  /// One workload's record.
  func record(_ item: SiteWorkload) -> WorkloadJSON {
    let workload = item.workload
    return WorkloadJSON(
      slug: workload.slug, title: workload.title, owner: workload.owner,
      product: workload.product, organization: builder.input.configuration.organization.path(to: workload.product) ?? [],
      path: item.path, monthlyBudget: workload.monthlyBudget.canonical,
      components: builder.facts(ofSlug: workload.slug).map(component))
  }

  func component(_ fact: ComponentFacts) -> ComponentJSON {
    let component = fact.component
    let request = component.request
    let approval = component.approval.map { approval in
      ApprovalJSON(
        platform: approval.platform.rawValue, model: approval.model, account: approval.account,
        region: approval.region, roleName: approval.roleName, workspace: approval.workspace,
        estimateMonthly: approval.estimate.monthly.canonical,
        inputTokens: approval.estimate.inputTokens, outputTokens: approval.estimate.outputTokens,
        businessCaseAcknowledged: approval.businessCaseAcknowledged,
        priority: approval.priority.rawValue, rationale: approval.rationale)
    }
    let implementation = component.implementation.map { implementation in
      Members(
        ImplementationStep.allCases.compactMap { step in
          implementation.steps[step].map {
            (step.rawValue, SignatureJSON(by: $0.by, at: $0.at.description))
          }
        })
    }
    let handoff = fact.handoff.map { value in Members(value.variables.map { ($0.name, $0.value) }) }
    return ComponentJSON(
      id: component.id, reference: fact.reference, status: component.status.rawValue,
      request: RequestJSON(
        useCase: request.useCase.rawValue, purpose: request.purpose?.rawValue,
        runtime: request.runtime.rawValue, teamSize: request.teamSize,
        utilization: request.utilization, monthlyBudget: request.monthlyBudget.canonical,
        valueType: request.businessCase.valueType.rawValue,
        annualBaseline: request.businessCase.annualBaseline.canonical,
        targetPercent: ExactDecimal.format(request.businessCase.targetPercent, minimumFractionDigits: 0)),
      approval: approval, implementation: implementation,
      claim: component.claim.map { SignatureJSON(by: $0.by, at: $0.at.description) },
      history: component.history.map { entry in
        HistoryJSON(
          at: entry.at.description, transition: entry.transition.rawValue,
          from: entry.from?.rawValue, to: entry.to.rawValue, by: entry.by,
          persona: entry.persona.rawValue, step: entry.step?.rawValue, reason: entry.reason)
      },
      derived: DerivedJSON(
        annualOpportunity: request.businessCase.annualOpportunity.canonical,
        submittedAt: fact.firstSubmitted?.description, approvedAt: fact.approvedAt?.description,
        liveAt: fact.liveAt?.description, dueDate: fact.dueDate?.description,
        sla: fact.sla?.rawValue,
        leadTimeBusinessDays: fact.leadTimeDays.map { ($0 * 100).rounded() / 100 },
        roleName: fact.role?.name, roleARN: fact.role?.arn, handoff: handoff))
  }
}

// The export's records written in the layout `PrettyJSONEncoder` gives their `Encodable`
// conformance (a test compares the two): each object's keys in code-unit order, absent
// optionals left out.

extension JSONExport.WorkloadJSON {
  func write(_ writer: inout PrettyJSONWriter) throws {
    writer.beginObject()
    writer.key("components")
    writer.beginArray()
    for component in components {
      writer.element()
      try component.write(&writer)
    }
    writer.endArray()
    writer.member("monthlyBudget", monthlyBudget)
    writer.key("organization")
    writer.strings(organization)
    writer.member("owner", owner)
    writer.member("path", path)
    writer.member("product", product)
    writer.member("slug", slug)
    writer.member("title", title)
    writer.endObject()
  }
}

extension JSONExport.ComponentJSON {
  func write(_ writer: inout PrettyJSONWriter) throws {
    writer.beginObject()
    if let approval {
      writer.key("approval")
      approval.write(&writer)
    }
    if let claim {
      writer.key("claim")
      claim.write(&writer)
    }
    writer.key("derived")
    try derived.write(&writer)
    writer.key("history")
    writer.beginArray()
    for entry in history {
      writer.element()
      entry.write(&writer)
    }
    writer.endArray()
    writer.member("id", id)
    if let implementation {
      writer.key("implementation")
      writer.beginObject()
      for (step, signature) in implementation.sorted {
        writer.key(step)
        signature.write(&writer)
      }
      writer.endObject()
    }
    writer.member("reference", reference)
    writer.key("request")
    request.write(&writer)
    writer.member("status", status)
    writer.endObject()
  }
}

extension JSONExport.RequestJSON {
  func write(_ writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.member("annualBaseline", annualBaseline)
    writer.member("monthlyBudget", monthlyBudget)
    writer.member("purpose", purpose)
    writer.member("runtime", runtime)
    writer.member("targetPercent", targetPercent)
    writer.key("teamSize")
    writer.int(teamSize)
    writer.member("useCase", useCase)
    writer.member("utilization", utilization)
    writer.member("valueType", valueType)
    writer.endObject()
  }
}

extension JSONExport.ApprovalJSON {
  func write(_ writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.member("account", account)
    writer.key("businessCaseAcknowledged")
    writer.bool(businessCaseAcknowledged)
    writer.member("estimateMonthly", estimateMonthly)
    writer.key("inputTokens")
    writer.int(inputTokens)
    writer.member("model", model)
    writer.key("outputTokens")
    writer.int(outputTokens)
    writer.member("platform", platform)
    writer.member("priority", priority)
    writer.member("rationale", rationale)
    writer.member("region", region)
    writer.member("roleName", roleName)
    writer.member("workspace", workspace)
    writer.endObject()
  }
}

extension JSONExport.SignatureJSON {
  func write(_ writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.member("at", at)
    writer.member("by", by)
    writer.endObject()
  }
}

extension JSONExport.HistoryJSON {
  func write(_ writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.member("at", at)
    writer.member("by", by)
    writer.member("from", from)
    writer.member("persona", persona)
    writer.member("reason", reason)
    writer.member("step", step)
    writer.member("to", to)
    writer.member("transition", transition)
    writer.endObject()
  }
}

extension JSONExport.DerivedJSON {
  func write(_ writer: inout PrettyJSONWriter) throws {
    writer.beginObject()
    writer.member("annualOpportunity", annualOpportunity)
    writer.member("approvedAt", approvedAt)
    writer.member("dueDate", dueDate)
    if let handoff {
      writer.key("handoff")
      writer.beginObject()
      for (name, value) in handoff.sorted {
        writer.member(name, value)
      }
      writer.endObject()
    }
    if let leadTimeBusinessDays {
      writer.key("leadTimeBusinessDays")
      try writer.double(leadTimeBusinessDays)
    }
    writer.member("liveAt", liveAt)
    writer.member("roleARN", roleARN)
    writer.member("roleName", roleName)
    writer.member("sla", sla)
    writer.member("submittedAt", submittedAt)
    writer.endObject()
  }
}
