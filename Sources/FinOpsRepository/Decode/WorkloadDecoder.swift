import FinOpsCore
import Yams

/// A workload file read from disk: the record, where its fields are, and its body untouched.
public struct WorkloadDocument: Sendable {
  /// The repository-relative path, such as `workloads/claims-assistant.md`.
  public var path: String
  /// The record.
  public var workload: Workload
  /// Where each field was written.
  public var sourceMap: SourceMap
  /// The Markdown body and the file's conventions; nil when the loader took the document from
  /// the build cache by what the file system says of the file, without reading it
  /// (`RepositorySnapshot.load` with a cache): `body(in:)` reads the body then.
  public var frontMatter: FrontMatter?
  /// A fingerprint of the file's text, when the loader took one (`RepositorySnapshot.load` does
  /// with a cache): what the site keys a workload's page by.
  public var digest: ContentHash?
  /// A fingerprint of the front matter's YAML, taken with `digest`: what the site keys the
  /// rows of a workload's components by.
  public var recordDigest: ContentHash?
  /// What the file system said of the file before and after it was read, when it said the
  /// same and `digest` was taken: what the cache knows the file unchanged by next time.
  public var status: FileStatus?

  /// Creates a document.
  public init(path: String, workload: Workload, sourceMap: SourceMap, frontMatter: FrontMatter?) {
    self.path = path
    self.workload = workload
    self.sourceMap = sourceMap
    self.frontMatter = frontMatter
  }

  /// The Markdown body: the one read with the record, or, for a document the loader did not
  /// read, the file's, read now. Throws when the file is no longer the one the record came
  /// from (changed since it was loaded), or cannot be read.
  public func body(in repository: Repository) throws -> String {
    if let frontMatter { return frontMatter.body }
    return try Self.body(of: path, digest: digest, in: repository)
  }

  /// The Markdown body of the file at `path` (repository-relative) while its text is the one
  /// fingerprinted `digest`; throws otherwise.
  public static func body(of path: String, digest: ContentHash?, in repository: Repository) throws -> String {
    try frontMatter(of: path, digest: digest, in: repository).body
  }

  /// The front matter and body of the file at `path` (repository-relative) while its text is
  /// the one fingerprinted `digest`; throws `WorkloadChanged` otherwise.
  public static func frontMatter(of path: String, digest: ContentHash?, in repository: Repository) throws -> FrontMatter {
    guard case .success(let text) = repository.read(path), let digest, ContentHash(text) == digest,
      case .success(let frontMatter) = FrontMatter.split(path: path, text: text)
    else { throw WorkloadChanged(path: path) }
    return frontMatter
  }
}

/// A workload file that changed while a command was reading the repository.
public struct WorkloadChanged: Error, CustomStringConvertible {
  /// The file, repository-relative.
  public var path: String

  public var description: String { "\(path) changed while it was being read; run the command again" }
}

/// Decodes a workload file's text into a record, reporting every schema problem at its position.
public enum WorkloadDecoder {
  /// The result of decoding one file: the document when it decoded cleanly, and every problem.
  public struct Outcome: Sendable {
    /// The document, nil when any error prevented a complete record.
    public var document: WorkloadDocument?
    /// Schema and syntax problems.
    public var diagnostics: [Diagnostic]
    /// What did decode when the file has errors (the workload's own fields and the components
    /// without errors, so semantic rules still run on them in the same pass); the document's
    /// record when it has none.
    public var partial: (workload: Workload, sourceMap: SourceMap)? {
      document.map { ($0.workload, $0.sourceMap) } ?? decodedPart
    }
    /// What did decode of a file without a document (a document's record is not kept twice).
    private let decodedPart: (workload: Workload, sourceMap: SourceMap)?

    init(
      document: WorkloadDocument?, diagnostics: [Diagnostic],
      partial: (workload: Workload, sourceMap: SourceMap)? = nil
    ) {
      self.document = document
      self.diagnostics = diagnostics
      decodedPart = document == nil ? partial : nil
    }
  }

  /// Field names in canonical order, per mapping.
  static let workloadFields = ["title", "owner", "product", "components"]
  static let componentFields = [
    "id", "status", "request", "approval", "implementation", "claim", "history",
  ]
  static let requestFields = [
    "use_case", "purpose", "runtime", "team_size", "utilization", "monthly_budget",
    "business_case",
  ]
  static let businessCaseFields = ["value_type", "annual_baseline", "target_percent"]
  static let approvalFields = [
    "platform", "model", "account", "region", "role_name", "workspace", "estimate",
    "business_case_acknowledged", "priority", "rationale",
  ]
  static let estimateFields = ["monthly", "input_tokens", "output_tokens"]
  static let signatureFields = ["by", "at"]
  static let historyFields = ["at", "transition", "from", "to", "by", "persona", "step", "reason"]

  /// Decodes `text`, the whole content of the file at `path` (repository-relative); plain
  /// scalars that repeat from file to file are shared through `strings` when given.
  ///
  /// Front matter in the layout finops writes is read piece by piece, most pieces straight from
  /// their bytes (`ReusingWorkloadDecoder.decodeAlone`): the same record, for a quarter fewer
  /// instructions. Anything else, and every file with a problem, is parsed whole
  /// (`decodeFully`), which reports every diagnostic at its position. Such a file costs the fast
  /// path's attempt too: little for a comment, a blank line or a carriage return (the attempt
  /// stops while splitting the lines), up to reading every piece for a bad value.
  public static func decode(path: String, text: String, strings: StringCache? = nil) -> Outcome {
    let frontMatter: FrontMatter
    switch FrontMatter.split(path: path, text: text) {
    case .success(let split): frontMatter = split
    case .failure(let diagnostic): return Outcome(document: nil, diagnostics: [diagnostic])
    }
    if let workload = ReusingWorkloadDecoder.decodeAlone(
      path: path, frontMatter: frontMatter, strings: strings)
    {
      return clean(path: path, workload: workload, frontMatter: frontMatter)
    }
    return decodeFully(path: path, frontMatter: frontMatter, strings: strings)
  }

  /// The outcome for a record read without the parser, which has no diagnostic: its positions
  /// are read from the text when a later rule asks for one, as the full decode's are.
  static func clean(path: String, workload: Workload, frontMatter: FrontMatter) -> Outcome {
    let map = NodeReader.sourceMap(
      path: path, yaml: frontMatter.yaml, lineOffset: frontMatter.yamlFirstLine - 1)
    let document = WorkloadDocument(
      path: path, workload: workload, sourceMap: map, frontMatter: frontMatter)
    return Outcome(document: document, diagnostics: [])
  }

  /// `decode` through the YAML parser alone, whatever the layout, of a file whose front matter
  /// is split: every diagnostic at its position.
  static func decodeFully(path: String, frontMatter: FrontMatter, strings: StringCache? = nil)
    -> Outcome
  {
    var reader = NodeReader(path: path, yamlFirstLine: frontMatter.yamlFirstLine)
    reader.strings = strings
    guard let root = reader.compose(frontMatter.yaml) else {
      if reader.diagnostics.isEmpty {
        reader.diagnostics.append(
          .error(
            SourceLocation(path: path, line: 1, column: 1), rule: "schema.missing-field",
            "the front matter is empty; it needs title, owner, product and components"))
      }
      return Outcome(document: nil, diagnostics: reader.diagnostics)
    }
    let workload = reader.workload(root, slug: slug(of: path))
    guard let workload else { return Outcome(document: nil, diagnostics: reader.diagnostics) }
    if reader.diagnostics.hasErrors {
      return Outcome(
        document: nil, diagnostics: reader.diagnostics, partial: (workload, reader.map))
    }
    let document = WorkloadDocument(
      path: path, workload: workload, sourceMap: reader.map, frontMatter: frontMatter)
    return Outcome(document: document, diagnostics: reader.diagnostics)
  }

  /// `decode`, with what a load with a cache keeps of the document: its text's fingerprint
  /// (`digest`), its front matter's, and the file's `status`.
  static func decode(
    path: String, text: String, digest: ContentHash, status: FileStatus?,
    strings: StringCache? = nil
  ) -> Outcome {
    var outcome = decode(path: path, text: text, strings: strings)
    if var document = outcome.document {
      document.digest = digest
      document.recordDigest = document.frontMatter.map { ContentHash($0.yaml) }
      document.status = status
      outcome.document = document
    }
    return outcome
  }

  /// What `decode` gives for `text`, from the record and warnings a previous decode of the same
  /// text (`digest`) kept in the cache; the body and the positions come from the text itself, the
  /// positions only when a diagnostic asks for one. Nil when the entry does not read.
  static func outcome(path: String, text: String, digest: ContentHash, cached entry: WorkloadCache.Entry) -> Outcome? {
    guard let (workload, diagnostics) = entry.decode(),
      case .success(let frontMatter) = FrontMatter.split(path: path, text: text)
    else { return nil }
    let map = NodeReader.sourceMap(path: path, yaml: frontMatter.yaml, lineOffset: frontMatter.yamlFirstLine - 1)
    var document = WorkloadDocument(path: path, workload: workload, sourceMap: map, frontMatter: frontMatter)
    document.digest = digest
    document.recordDigest = entry.recordDigest
    return Outcome(document: document, diagnostics: diagnostics)
  }

  /// What `decode` gave for the file at `path` when the cache kept `entry`, for a file the file
  /// system says is unchanged since (`entry.status`), without reading it: the body is read
  /// when a page shows it, the positions when a diagnostic asks for one. Nil when the entry
  /// does not read.
  static func outcome(path: String, unread entry: WorkloadCache.Entry, in repository: Repository) -> Outcome? {
    guard let (workload, diagnostics) = entry.decode() else { return nil }
    let digest = entry.digest
    // The positions of the text the record came from, or none.
    let map = NodeReader.sourceMap(path: path) { try? WorkloadDocument.frontMatter(of: path, digest: digest, in: repository) }
    var document = WorkloadDocument(path: path, workload: workload, sourceMap: map, frontMatter: nil)
    document.digest = digest
    document.recordDigest = entry.recordDigest
    document.status = entry.status
    return Outcome(document: document, diagnostics: diagnostics)
  }

  /// The slug a path names: its file name without `.md`.
  public static func slug(of path: String) -> String {
    var text = path
    if let slug = text.withUTF8(asciiSlug) { return slug }
    // Found by bytes: splitting the whole path into Substrings cost more than decoding a field.
    let utf8 = path.utf8
    var end = utf8.endIndex
    while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") {
      end = utf8.index(before: end)
    }
    let start =
      utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? utf8.startIndex
    var name = end == utf8.startIndex ? Substring(path) : path[start..<end]
    if hasMarkdownSuffix(name) { name = name.dropLast(3) }
    return String(name)
  }

  /// The slug of an ASCII path, found in its bytes as `slug(of:)` finds it by Characters: in
  /// ASCII every Character is one byte or a `\r\n` pair, which neither `/` nor `.md` can be part
  /// of. Nil when the path is not ASCII.
  static func asciiSlug(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    var end = bytes.count
    while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
    var start = end
    while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
    var name = end == 0 ? 0..<bytes.count : start..<end
    if name.count >= 3,
      bytes[(name.upperBound - 3)..<name.upperBound].elementsEqual(".md".utf8)
    {
      name = name.lowerBound..<(name.upperBound - 3)
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self)
  }

  /// Whether `name` ends in the Characters `.md`: by its last three bytes when it is ASCII, where
  /// every Character is one byte or a `\r\n` pair, which `.md` cannot be part of.
  static func hasMarkdownSuffix(_ name: Substring) -> Bool {
    guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.hasSuffix(".md") }
    return name.utf8.reversed().starts(with: ".md".utf8.reversed())
  }
}

extension NodeReader {
  /// The workload with every component that decoded; the caller knows from the diagnostics
  /// whether anything was left out.
  mutating func workload(_ root: YAMLNode, slug: String) -> Workload? {
    guard
      let fields = fields(
        root, known: WorkloadDecoder.workloadFields,
        required: WorkloadDecoder.workloadFields, what: "the workload")
    else { return nil }
    let title = string(fields["title"], "title")
    let owner = email(fields["owner"], "owner")
    let product = string(fields["product"], "product")
    var components: [Component]?
    if let node = fields["components"], let nodes = list(node, what: "components") {
      if nodes.isEmpty {
        error(node, "schema.missing-field", "a workload needs at least one component")
      }
      var decoded: [Component] = []
      for element in nodes {
        if let component = component(element) {
          decoded.append(component)
        }
      }
      components = decoded
    }
    guard let title, let owner, let product, let components else { return nil }
    return Workload(
      slug: slug, title: title, owner: owner, product: product, components: components)
  }

  mutating func component(_ node: YAMLNode) -> Component? {
    guard
      let fields = fields(
        node, known: WorkloadDecoder.componentFields,
        required: ["id", "status", "request", "history"], what: "a component")
    else { return nil }
    let id = componentID(fields["id"])
    let status = value(fields["status"], "status", as: Status.self)
    let decodedRequest = fields["request"].flatMap { node in request(node) }
    var decodedApproval: Approval?? = nil
    if let node = fields["approval"] { decodedApproval = .some(approval(node)) }
    var decodedImplementation: Implementation?? = nil
    if let node = fields["implementation"] {
      decodedImplementation = .some(implementation(node))
    }
    var decodedClaim: Signature?? = nil
    if let node = fields["claim"] {
      decodedClaim = .some(signature(node, what: "the claim"))
    }
    var history: [HistoryEntry?] = [nil]
    if let node = fields["history"], let nodes = list(node, what: "history")
    {
      history = []
      for entry in nodes {
        history.append(historyEntry(entry))
      }
    }
    // A present but malformed section decodes to .some(nil); its diagnostics are recorded.
    let malformed =
      decodedApproval == .some(nil) || decodedImplementation == .some(nil)
      || decodedClaim == .some(nil)
    guard let id, let status, let decodedRequest, !malformed,
      !history.contains(where: { $0 == nil })
    else { return nil }
    return Component(
      id: id, status: status, request: decodedRequest, approval: decodedApproval ?? nil,
      implementation: decodedImplementation ?? nil, claim: decodedClaim ?? nil,
      history: history.compactMap { $0 })
  }

  /// A component's id: 4 characters of the id alphabet.
  mutating func componentID(_ node: YAMLNode?) -> String? {
    parsed(node, "id", expected: "4 characters of 23456789abcdefghjkmnpqrstuvwxyz") {
      Identifiers.isComponentID($0) ? $0 : nil
    }
  }

  mutating func request(_ node: YAMLNode) -> Request? {
    let required = WorkloadDecoder.requestFields.filter { $0 != "purpose" }
    guard
      let fields = fields(
        node, known: WorkloadDecoder.requestFields, required: required,
        what: "the request")
    else { return nil }
    let useCase = value(fields["use_case"], "use_case", as: UseCase.self)
    let purposeNode = fields["purpose"]
    let purpose = value(purposeNode, "purpose", as: Purpose.self)
    let runtime = value(fields["runtime"], "runtime", as: Runtime.self)
    let teamSize = int(fields["team_size"], "team_size")
    let utilization = string(fields["utilization"], "utilization")
    let budget = money(fields["monthly_budget"], "monthly_budget")
    var businessCase: BusinessCase?
    if let caseNode = fields["business_case"],
      let caseFields = self.fields(
        caseNode, known: WorkloadDecoder.businessCaseFields,
        required: WorkloadDecoder.businessCaseFields, what: "the business case")
    {
      let valueType = value(caseFields["value_type"], "value_type", as: ValueType.self)
      let baseline = money(caseFields["annual_baseline"], "annual_baseline")
      let target = decimal(caseFields["target_percent"], "target_percent")
      if let valueType, let baseline, let target {
        businessCase = BusinessCase(
          valueType: valueType, annualBaseline: baseline, targetPercent: target)
      }
    }
    guard let useCase, purposeNode == nil || purpose != nil, let runtime, let teamSize,
      let utilization, let budget, let businessCase
    else { return nil }
    return Request(
      useCase: useCase, purpose: purpose, runtime: runtime, teamSize: teamSize,
      utilization: utilization, monthlyBudget: budget, businessCase: businessCase)
  }

  /// nil when the approval is malformed; the caller distinguishes absent from malformed.
  mutating func approval(_ node: YAMLNode) -> Approval? {
    let required = WorkloadDecoder.approvalFields.filter { $0 != "role_name" && $0 != "workspace" }
    guard
      let fields = fields(
        node, known: WorkloadDecoder.approvalFields, required: required,
        what: "the approval")
    else { return nil }
    let platform = value(fields["platform"], "platform", as: Platform.self)
    let model = string(fields["model"], "model")
    let account = parsed(fields["account"], "account", expected: "a 12-digit AWS account id") {
      Identifiers.isAccountID($0) ? $0 : nil
    }
    let region = string(fields["region"], "region")
    let roleName = string(fields["role_name"], "role_name")
    let workspace = string(fields["workspace"], "workspace")
    var estimate: Estimate?
    if let estimateNode = fields["estimate"],
      let estimateFields = self.fields(
        estimateNode, known: WorkloadDecoder.estimateFields,
        required: WorkloadDecoder.estimateFields, what: "the estimate")
    {
      let monthly = money(estimateFields["monthly"], "monthly")
      let input = int(estimateFields["input_tokens"], "input_tokens")
      let output = int(estimateFields["output_tokens"], "output_tokens")
      if let monthly, let input, let output {
        estimate = Estimate(monthly: monthly, inputTokens: input, outputTokens: output)
      }
    }
    let acknowledged = bool(fields["business_case_acknowledged"], "business_case_acknowledged")
    let priority = value(fields["priority"], "priority", as: Priority.self)
    let rationale = string(fields["rationale"], "rationale")
    guard let platform, let model, let account, let region,
      fields["role_name"] == nil || roleName != nil, fields["workspace"] == nil || workspace != nil,
      let estimate, let acknowledged, let priority, let rationale
    else { return nil }
    return Approval(
      platform: platform, model: model, account: account, region: region, roleName: roleName,
      workspace: workspace, estimate: estimate, businessCaseAcknowledged: acknowledged,
      priority: priority, rationale: rationale)
  }

  mutating func implementation(_ node: YAMLNode) -> Implementation? {
    let keys = ImplementationStep.allCases.map(\.key)
    guard
      let fields = fields(
        node, known: keys, required: [], what: "the implementation")
    else { return nil }
    var steps: [ImplementationStep: Signature] = [:]
    var failed = false
    for step in ImplementationStep.allCases {
      guard let stepNode = fields[step.key] else { continue }
      if let signature = signature(stepNode, what: "step '\(step.key)'") {
        steps[step] = signature
      } else {
        failed = true
      }
    }
    return failed ? nil : Implementation(steps: steps)
  }

  mutating func signature(_ node: YAMLNode, what: String) -> Signature? {
    guard
      let fields = fields(
        node, known: WorkloadDecoder.signatureFields,
        required: WorkloadDecoder.signatureFields, what: what)
    else { return nil }
    let by = email(fields["by"], "by")
    let at = timestamp(fields["at"], "at")
    guard let by, let at else { return nil }
    return Signature(by: by, at: at)
  }

  mutating func historyEntry(_ node: YAMLNode) -> HistoryEntry? {
    guard
      let fields = fields(
        node, known: WorkloadDecoder.historyFields,
        required: ["at", "transition", "to", "by", "persona"], what: "a history entry")
    else { return nil }
    let at = timestamp(fields["at"], "at")
    let transition = value(fields["transition"], "transition", as: Transition.self)
    let from = value(fields["from"], "from", as: Status.self)
    let to = value(fields["to"], "to", as: Status.self)
    let by = email(fields["by"], "by")
    let persona = value(fields["persona"], "persona", as: Persona.self)
    let step = value(fields["step"], "step", as: ImplementationStep.self)
    let reason = string(fields["reason"], "reason")
    guard let at, let transition, fields["from"] == nil || from != nil, let to, let by,
      let persona, fields["step"] == nil || step != nil, fields["reason"] == nil || reason != nil
    else { return nil }
    return HistoryEntry(
      at: at, transition: transition, from: from, to: to, by: by, persona: persona, step: step,
      reason: reason)
  }
}
