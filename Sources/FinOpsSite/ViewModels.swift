import FinOpsCore
import FinOpsTemplates

// View models: what templates see. Plain values only; keys ending in `Html` hold HTML the
// renderer produced (safe Markdown), the only ones templates print with triple braces.

/// What every page's layout needs.
struct PageChrome: Sendable, Encodable {
  var title: String
  var siteTitle: String
  /// The relative path back to the site root: "" or "../".
  var root: String
  var section: String
  /// The build time, on pages whose content depends on the clock; nil on the others, so that
  /// a page whose inputs did not change stays byte for byte the same from build to build.
  var generatedAt: String?
  var isDashboard: Bool
  var isReview: Bool
  var isEngineering: Bool
  var isSpaces: Bool
  var isOrg: Bool
  var isSpend: Bool
  var isSubmit: Bool
  /// Submitted requests; nil when there are none, so the badge disappears.
  var reviewCount: Int?

  init(title: String, siteTitle: String, root: String, section: String, generatedAt: String?, reviewCount: Int) {
    self.title = title
    self.siteTitle = siteTitle
    self.root = root
    self.section = section
    self.generatedAt = generatedAt
    isDashboard = section == "dashboard"
    isReview = section == "review"
    isEngineering = section == "engineering"
    isSpaces = section == "spaces"
    isOrg = section == "org"
    isSpend = section == "spend"
    isSubmit = section == "submit"
    self.reviewCount = reviewCount > 0 ? reviewCount : nil
  }
}

/// A status as a badge.
struct Badge: Sendable, Encodable {
  var label: String
  var tone: String
}

/// A label and a value, for definition lists.
struct Field: Sendable, Encodable {
  var label: String
  var value: String
}

/// A link.
struct Link: Sendable, Encodable {
  var title: String
  var href: String
}

/// A command to copy.
struct CommandBlock: Sendable, Encodable {
  var id: String
  var text: String
  var label: String = "Command"
}

/// One row of a pipeline chart.
struct PipelineRow: Sendable, Encodable {
  var label: String
  var tone: String
  var count: Int
  /// The share of all components, rounded to a whole percent.
  var percent: Int
}

/// A component in a list.
struct ComponentRow: Sendable, Encodable {
  var reference: String
  var workloadTitle: String
  var href: String
  var badge: Badge
  var useCase: String
  var owner: String
  var product: String
  var budget: String
  var estimate: String
  var platform: String
  var model: String?
  var account: String
  var region: String
  var steps: String
  var stepsDone: Int
  var due: String
  var sla: String?
  var slaTone: String
  var overdue: Bool
  var age: String
  var since: String
  var note: String
  var command: String
  var search: String
}

/// The dashboard.
struct DashboardPage: Sendable, Encodable {
  var page: PageChrome
  var pipeline: [PipelineRow]
  var total: Int
  /// `1 AI component`, `11,027 AI components`.
  var totalText: String
  var live: Int
  /// `4,940`.
  var liveText: String
  var medianLeadTime: String
  var p90LeadTime: String
  var leadTimeSample: Int
  var withinPromise: String
  var hasLeadTime: Bool
  var promiseDays: Int
  var overdue: [TemplateEncoded<ComponentRow>]
  var atRisk: [TemplateEncoded<ComponentRow>]
  var hasSLAIssues: Bool
  var opportunityLive: String
  var opportunityPipeline: String
  var budgetLive: String
  var recent: [ActivityRow]
  var businessUnits: [OrgRow]
  var hasSpend: Bool
  var spendWeek: String
  var spendLastWeek: String
  var spendBudgetLastWeek: String
  var spendUnattributed: String
}

/// One event in an activity list.
struct ActivityRow: Sendable, Encodable {
  var at: String
  var day: String
  var text: String
  var href: String
  var persona: String
  var reason: String?
}

/// A unit in an org list.
struct OrgRow: Sendable, Encodable {
  var id: String
  var name: String
  var href: String
  var level: String
  var workloads: Int
  var live: Int
  var budget: String
  var opportunity: String
  /// Spend in the latest complete week, when there are cost exports.
  var spendLastWeek: String?
}

/// The FinOps Lead review queue.
struct ReviewPage: Sendable, Encodable {
  var page: PageChrome
  var requests: [TemplateEncoded<ReviewRequest>]
  var isEmpty: Bool
  var disclaimer: String
}

/// One request in the review queue, business context on top.
struct ReviewRequest: Sendable, Encodable {
  var reference: String
  var title: String
  var href: String
  var submittedBy: String
  var submittedAt: String
  /// Business days since the last submission, as shown.
  var waitingDays: String
  var isParentAddition: Bool
  var fields: [Field]
  var opportunity: String
  var descriptionHtml: String
  var command: CommandBlock
  var history: [ActivityRow]
}

/// Engineering tracking.
struct EngineeringPage: Sendable, Encodable {
  var page: PageChrome
  var rows: [TemplateEncoded<ComponentRow>]
  var isEmpty: Bool
  var open: Int
  var overdue: Int
}

/// A workload page.
struct WorkloadPage: Sendable, Encodable {
  var page: PageChrome
  var title: String
  var slug: String
  var owner: String
  var ownerHref: String
  var orgPath: [Link]
  var budget: String
  var opportunity: String
  var sourcePath: String
  var descriptionHtml: String
  var components: [ComponentSection]
}

/// One component on its workload page.
struct ComponentSection: Sendable, Encodable {
  var id: String
  var reference: String
  var badge: Badge
  var request: [Field]
  var opportunity: String
  var hasApproval: Bool
  var approval: [Field]
  var rationale: String
  var hasTask: Bool
  var taskSteps: [TaskStepView]
  var taskNotes: [String]
  var hasNotes: Bool
  var due: String?
  var sla: String?
  var slaTone: String
  var hasHandoff: Bool
  var handoff: [HandoffField]
  var handoffAll: CommandBlock
  var nextStep: String
  var nextCommand: CommandBlock
  var hasNextCommand: Bool
  var spend: ComponentSpendView
  var timeline: [ActivityRow]
}

/// One step of a Cloud Engineer task.
struct TaskStepView: Sendable, Encodable {
  var number: Int
  var title: String
  var summary: String
  var done: Bool
  var doneBy: String
  var links: [Link]
  var hasLinks: Bool
  var files: [CommandBlock]
  var fileNames: [String]
  var commands: [CommandBlock]
  var hasFiles: Bool
}

/// One value of the Developer Handoff.
struct HandoffField: Sendable, Encodable {
  var label: String
  var name: String
  var value: String
  var id: String
}

/// The index of Spaces.
struct SpacesPage: Sendable, Encodable {
  var page: PageChrome
  var people: [PersonRow]
}

/// A person in a list.
struct PersonRow: Sendable, Encodable {
  var name: String
  var email: String
  var href: String
  var personas: String
  var workloads: Int
  var waiting: Int
}

/// A Product Owner's Space.
struct SpacePage: Sendable, Encodable {
  var page: PageChrome
  var name: String
  var email: String
  var personas: String
  var feedHref: String
  var readyToClaim: [ClaimAction]
  var changesRequested: [TemplateEncoded<ComponentRow>]
  var drafts: [TemplateEncoded<ComponentRow>]
  var hasActions: Bool
  var workloads: [TemplateEncoded<ComponentRow>]
  var hasWorkloads: Bool
}

/// A component ready to claim, in its owner's Space: its row (the claim command) and the
/// Developer Handoff to paste into the application.
struct ClaimAction: Sendable, Encodable {
  var row: TemplateEncoded<ComponentRow>
  var handoff: [HandoffField]
  var handoffAll: CommandBlock
  var hasHandoff: Bool
}

/// An org unit page.
struct OrgPage: Sendable, Encodable {
  var page: PageChrome
  var name: String
  var level: String
  var breadcrumb: [Link]
  var children: [OrgRow]
  var hasChildren: Bool
  var childLevel: String
  var workloads: [TemplateEncoded<ComponentRow>]
  var hasWorkloads: Bool
  var budget: String
  var opportunity: String
  var hasSpend: Bool
  var spendWeeks: [RollUpRow]
}

/// The org tree index.
struct OrgIndexPage: Sendable, Encodable {
  var page: PageChrome
  var units: [OrgTreeRow]
}

/// A unit in the org tree, indented by level.
struct OrgTreeRow: Sendable, Encodable {
  var name: String
  var href: String
  var level: String
  var depth: Int
  var workloads: Int
  /// `1 workload`, `6 workloads`.
  var workloadsText: String
}

/// The 404 page.
struct NotFoundPage: Sendable, Encodable {
  var page: PageChrome
}

/// A choice in a form.
struct Option: Sendable, Encodable {
  var value: String
  var label: String
}

/// The browser Add Workload wizard.
struct SubmitPage: Sendable, Encodable {
  var page: PageChrome
  var products: [Option]
  var runtimes: [Option]
  var owners: [Option]
  /// The workloads a component can be added to (the wizard's second path).
  var workloads: [ExistingWorkload]
  var hasWorkloads: Bool
  var currency: String
  var newFileURL: String?
  /// The repository host's edit page of the branch, to which a workload's path is appended.
  var editFileURL: String?
  var usedIDs: String
  var alphabet: String
}

/// A workload the browser wizard can add an AI component to.
struct ExistingWorkload: Sendable, Encodable {
  var value: String
  var label: String
  var path: String
}
