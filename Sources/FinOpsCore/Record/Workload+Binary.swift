import Foundation

// Values and records in `BinaryWriter`'s form, for the build cache: every stored field in
// declaration order, read back into equal values (tests compare them).

extension BinaryWriter {
  /// Money, exactly.
  public mutating func money(_ value: Money) { decimal(value.value) }
  /// A day, by ordinal.
  public mutating func day(_ value: Day) { int(value.ordinal) }
  /// An instant, in seconds.
  public mutating func timestamp(_ value: Timestamp) { int(Int(value.seconds)) }
  /// A closed set's value, by its raw value (a reader refuses one it does not know).
  @inlinable
  public mutating func rawValue<Value: RawRepresentable<String>>(_ value: Value) { string(value.rawValue) }

  /// A business case.
  public mutating func businessCase(_ value: BusinessCase) {
    rawValue(value.valueType)
    money(value.annualBaseline)
    decimal(value.targetPercent)
  }

  /// A signature.
  public mutating func signature(_ value: Signature) {
    string(value.by)
    timestamp(value.at)
  }

  /// A workload record.
  public mutating func workload(_ workload: Workload) {
    string(workload.slug)
    string(workload.title)
    string(workload.owner)
    string(workload.product)
    array(workload.components) { $0.component($1) }
  }

  mutating func component(_ component: Component) {
    string(component.id)
    rawValue(component.status)
    let request = component.request
    rawValue(request.useCase)
    optional(request.purpose) { $0.rawValue($1) }
    rawValue(request.runtime)
    int(request.teamSize)
    string(request.utilization)
    money(request.monthlyBudget)
    businessCase(request.businessCase)
    optional(component.approval) { out, approval in
      out.rawValue(approval.platform)
      out.string(approval.model)
      out.string(approval.account)
      out.string(approval.region)
      out.optional(approval.roleName) { $0.string($1) }
      out.optional(approval.workspace) { $0.string($1) }
      out.money(approval.estimate.monthly)
      out.int(approval.estimate.inputTokens)
      out.int(approval.estimate.outputTokens)
      out.bool(approval.businessCaseAcknowledged)
      out.rawValue(approval.priority)
      out.string(approval.rationale)
    }
    optional(component.implementation) { out, implementation in
      // In step order, so the same record writes the same bytes.
      out.array(ImplementationStep.allCases.filter { implementation.steps[$0] != nil }) { out, step in
        out.rawValue(step)
        out.signature(implementation.steps[step]!)
      }
    }
    optional(component.claim) { $0.signature($1) }
    array(component.history) { out, entry in
      out.timestamp(entry.at)
      out.rawValue(entry.transition)
      out.optional(entry.from) { $0.rawValue($1) }
      out.rawValue(entry.to)
      out.string(entry.by)
      out.rawValue(entry.persona)
      out.optional(entry.step) { $0.rawValue($1) }
      out.optional(entry.reason) { $0.string($1) }
    }
  }

  /// A diagnostic.
  public mutating func diagnostic(_ diagnostic: Diagnostic) {
    rawValue(diagnostic.severity)
    string(diagnostic.location.path)
    int(diagnostic.location.line)
    int(diagnostic.location.column)
    string(diagnostic.rule)
    string(diagnostic.message)
    array(diagnostic.notes) { $0.string($1) }
  }
}

extension BinaryReader {
  /// See `BinaryWriter.money`.
  public mutating func money() throws -> Money { Money(try decimal()) }
  /// See `BinaryWriter.day`. Within ±100,000 years of 1970, as every day finops works with is.
  public mutating func day() throws -> Day {
    let ordinal = try int()
    guard ordinal.magnitude <= 36_525_000 else { throw BinaryFormatError(description: "day \(ordinal) out of range") }
    return Day(ordinal: ordinal)
  }
  /// See `BinaryWriter.timestamp`. Within the range of `day()`.
  public mutating func timestamp() throws -> Timestamp {
    let seconds = try int()
    guard seconds.magnitude <= 36_525_000 * 86_400 else {
      throw BinaryFormatError(description: "instant \(seconds) out of range")
    }
    return Timestamp(seconds: Int64(seconds))
  }

  /// See `BinaryWriter.rawValue`. Inlinable: made for each type where it is read, rather than
  /// looking the type up at run time for every value (half of reading a build memo).
  @inlinable
  public mutating func rawValue<Value: RawRepresentable<String>>(_ type: Value.Type) throws -> Value {
    let text = try string()
    guard let value = Value(rawValue: text) else {
      throw BinaryFormatError(description: "'\(text)' is no \(Value.self)")
    }
    return value
  }

  /// See `BinaryWriter.businessCase`.
  public mutating func businessCase() throws -> BusinessCase {
    BusinessCase(
      valueType: try rawValue(ValueType.self), annualBaseline: try money(), targetPercent: try decimal())
  }

  /// See `BinaryWriter.signature`.
  public mutating func signature() throws -> Signature {
    Signature(by: try string(), at: try timestamp())
  }

  /// See `BinaryWriter.workload`.
  public mutating func workload() throws -> Workload {
    Workload(
      slug: try string(), title: try string(), owner: try string(), product: try string(),
      components: try array { try $0.component() })
  }

  mutating func component() throws -> Component {
    let id = try string()
    let status = try rawValue(Status.self)
    let request = Request(
      useCase: try rawValue(UseCase.self), purpose: try optional { try $0.rawValue(Purpose.self) },
      runtime: try rawValue(Runtime.self), teamSize: try int(), utilization: try string(),
      monthlyBudget: try money(), businessCase: try businessCase())
    let approval = try optional { input in
      Approval(
        platform: try input.rawValue(Platform.self), model: try input.string(), account: try input.string(),
        region: try input.string(), roleName: try input.optional { try $0.string() },
        workspace: try input.optional { try $0.string() },
        estimate: Estimate(monthly: try input.money(), inputTokens: try input.int(), outputTokens: try input.int()),
        businessCaseAcknowledged: try input.bool(), priority: try input.rawValue(Priority.self),
        rationale: try input.string())
    }
    let implementation = try optional { input in
      var steps: [ImplementationStep: Signature] = [:]
      for _ in 0..<(try input.count()) {
        let step = try input.rawValue(ImplementationStep.self)
        steps[step] = try input.signature()
      }
      return Implementation(steps: steps)
    }
    let claim = try optional { try $0.signature() }
    let history = try array { input in
      HistoryEntry(
        at: try input.timestamp(), transition: try input.rawValue(Transition.self),
        from: try input.optional { try $0.rawValue(Status.self) }, to: try input.rawValue(Status.self),
        by: try input.string(), persona: try input.rawValue(Persona.self),
        step: try input.optional { try $0.rawValue(ImplementationStep.self) },
        reason: try input.optional { try $0.string() })
    }
    return Component(
      id: id, status: status, request: request, approval: approval, implementation: implementation,
      claim: claim, history: history)
  }

  /// See `BinaryWriter.diagnostic`.
  public mutating func diagnostic() throws -> Diagnostic {
    Diagnostic(
      try rawValue(Severity.self), SourceLocation(path: try string(), line: try int(), column: try int()),
      rule: try string(), try string(), notes: try array { try $0.string() })
  }
}
