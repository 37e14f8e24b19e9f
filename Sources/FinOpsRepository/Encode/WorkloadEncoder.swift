import FinOpsCore

/// Writes a workload's front matter canonically: fixed key order, stable quoting, UTC timestamps.
/// A file written this way reads back and writes out byte for byte.
public enum WorkloadEncoder {
  /// The front matter lines between the delimiters, each ending in `\n`.
  public static func yaml(_ workload: Workload) -> String {
    var out = Lines()
    out.string("title", workload.title, 0)
    out.string("owner", workload.owner, 0)
    out.string("product", workload.product, 0)
    out.key("components", 0)
    for component in workload.components {
      out.item(2)
      encode(component, into: &out)
    }
    return out.text
  }

  /// The whole file: the front matter in the document's conventions, then its body untouched.
  public static func file(_ workload: Workload, keeping frontMatter: FrontMatter?) -> String {
    let lineEnding = frontMatter?.lineEnding ?? "\n"
    var yaml = yaml(workload)
    if lineEnding != "\n" { yaml = yaml.replacingOccurrences(of: "\n", with: lineEnding) }
    let bom = frontMatter?.byteOrderMark == true ? "\u{FEFF}" : ""
    return bom + "---" + lineEnding + yaml + "---" + lineEnding + (frontMatter?.body ?? "")
  }

  private static func encode(_ component: Component, into out: inout Lines) {
    let indent = 4
    out.plain("id", component.id, indent, firstInItem: true)
    out.plain("status", component.status.rawValue, indent)
    let request = component.request
    out.key("request", indent)
    out.plain("use_case", request.useCase.rawValue, indent + 2)
    if let purpose = request.purpose { out.plain("purpose", purpose.rawValue, indent + 2) }
    out.plain("runtime", request.runtime.rawValue, indent + 2)
    out.plain("team_size", String(request.teamSize), indent + 2)
    out.string("utilization", request.utilization, indent + 2)
    out.plain("monthly_budget", request.monthlyBudget.canonical, indent + 2)
    out.key("business_case", indent + 2)
    let businessCase = request.businessCase
    out.plain("value_type", businessCase.valueType.rawValue, indent + 4)
    out.plain("annual_baseline", businessCase.annualBaseline.canonical, indent + 4)
    out.plain(
      "target_percent", ExactDecimal.format(businessCase.targetPercent, minimumFractionDigits: 0),
      indent + 4)
    if let approval = component.approval {
      out.key("approval", indent)
      out.plain("platform", approval.platform.rawValue, indent + 2)
      out.string("model", approval.model, indent + 2)
      out.plain("account", YAMLScalar.quoted(approval.account), indent + 2)
      out.string("region", approval.region, indent + 2)
      if let roleName = approval.roleName { out.string("role_name", roleName, indent + 2) }
      if let workspace = approval.workspace { out.string("workspace", workspace, indent + 2) }
      out.key("estimate", indent + 2)
      out.plain("monthly", approval.estimate.monthly.canonical, indent + 4)
      out.plain("input_tokens", String(approval.estimate.inputTokens), indent + 4)
      out.plain("output_tokens", String(approval.estimate.outputTokens), indent + 4)
      out.plain(
        "business_case_acknowledged", approval.businessCaseAcknowledged ? "true" : "false",
        indent + 2)
      out.plain("priority", approval.priority.rawValue, indent + 2)
      out.string("rationale", approval.rationale, indent + 2)
    }
    if let implementation = component.implementation {
      out.key("implementation", indent)
      for step in ImplementationStep.allCases {
        guard let signature = implementation.steps[step] else { continue }
        out.key(step.key, indent + 2)
        out.signature(signature, indent + 4)
      }
    }
    if let claim = component.claim {
      out.key("claim", indent)
      out.signature(claim, indent + 2)
    }
    out.key("history", indent)
    for entry in component.history {
      out.item(indent + 2)
      let inner = indent + 4
      out.plain("at", entry.at.description, inner, firstInItem: true)
      out.plain("transition", entry.transition.rawValue, inner)
      if let from = entry.from { out.plain("from", from.rawValue, inner) }
      out.plain("to", entry.to.rawValue, inner)
      out.string("by", entry.by, inner)
      out.plain("persona", entry.persona.rawValue, inner)
      if let step = entry.step { out.plain("step", step.rawValue, inner) }
      if let reason = entry.reason { out.string("reason", reason, inner) }
    }
  }
}

/// An append-only buffer of YAML lines; a list item's first key shares the `- ` line.
private struct Lines {
  var text = ""
  var pendingItem = false

  mutating func item(_ indent: Int) {
    text += String(repeating: " ", count: indent) + "- "
    pendingItem = true
  }

  mutating func prefix(_ indent: Int, firstInItem: Bool) {
    if pendingItem && firstInItem {
      pendingItem = false
    } else {
      text += String(repeating: " ", count: indent)
    }
  }

  mutating func key(_ name: String, _ indent: Int) {
    prefix(indent, firstInItem: false)
    text += name + ":\n"
  }

  /// A value already in its final YAML spelling.
  mutating func plain(_ name: String, _ value: String, _ indent: Int, firstInItem: Bool = false) {
    prefix(indent, firstInItem: firstInItem)
    text += name + ": " + value + "\n"
  }

  /// A free-text value, quoted as needed.
  mutating func string(_ name: String, _ value: String, _ indent: Int) {
    plain(name, YAMLScalar.string(value, indent: indent), indent)
  }

  mutating func signature(_ signature: Signature, _ indent: Int) {
    string("by", signature.by, indent)
    plain("at", signature.at.description, indent)
  }
}
