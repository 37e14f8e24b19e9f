import FinOpsCore
import FinOpsSpend

/// Everything the site is rendered from: the configuration, every workload with its Markdown
/// body, the templates, and the moment the build happens. `FinOpsSite` never reads the disk.
public struct SiteInput: Sendable {
  /// `finops.yml`.
  public var configuration: Configuration
  /// Every workload, with its repository-relative path and Markdown body.
  public var workloads: [SiteWorkload]
  /// Template name (`layout`, `dashboard`, …) to Mustache source; assets by file name.
  public var templates: Templates
  /// The build's clock, for ages, due states and the generation stamp.
  public var now: Timestamp
  /// Weekly Cloud Spend Cards, roll-ups and findings, when the repository has cost exports.
  public var spend: SpendReport?

  /// Creates an input.
  public init(
    configuration: Configuration, workloads: [SiteWorkload], templates: Templates, now: Timestamp,
    spend: SpendReport? = nil
  ) {
    self.configuration = configuration
    self.workloads = workloads
    self.templates = templates
    self.now = now
    self.spend = spend
  }
}

/// One workload file as the site sees it.
public struct SiteWorkload: Sendable {
  /// The record.
  public var workload: Workload
  /// The Markdown description (untrusted).
  public var body: String
  /// The repository-relative path of its file.
  public var path: String

  /// Creates a site workload.
  public init(workload: Workload, body: String, path: String) {
    self.workload = workload
    self.body = body
    self.path = path
  }
}

/// The Mustache templates and static assets a site is built with.
public struct Templates: Sendable {
  /// Template sources by name (without `.mustache`).
  public var sources: [String: String]
  /// Asset files by name (`site.css`, `site.js`), copied to `assets/`.
  public var assets: [String: String]

  /// Creates a template set.
  public init(sources: [String: String], assets: [String: String]) {
    self.sources = sources
    self.assets = assets
  }

  /// The templates every build needs.
  public static let required = [
    "layout", "dashboard", "review", "engineering", "workload", "space", "spaces", "org",
    "org-index", "not-found", "spend", "submit",
  ]
}
