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
  /// A fingerprint of what pages are made from besides this input's own values: the executable
  /// and the configuration file's bytes. With it, a page whose key (`SiteBuilder.workloadPageKey`)
  /// is the one its file was written from is taken from the previous build; nil: every page is
  /// made again.
  public var identity: String?
  /// A fingerprint of everything the spend report is made from but the day (`SpendCache.key`):
  /// with the day, what pages that show spend are keyed by. Nil: they are always made again.
  public var spendKey: String?
  /// How many components of all the repository's workloads are in review (the navigation's
  /// count), when `workloads` are not all of them (a quick build's); nil: those of `workloads`.
  public var reviewCount: Int?

  /// Creates an input.
  public init(
    configuration: Configuration, workloads: [SiteWorkload], templates: Templates, now: Timestamp,
    spend: SpendReport? = nil, identity: String? = nil, spendKey: String? = nil
  ) {
    self.configuration = configuration
    self.workloads = workloads
    self.templates = templates
    self.now = now
    self.spend = spend
    self.identity = identity
    self.spendKey = spendKey
  }
}

/// One workload file as the site sees it.
public struct SiteWorkload: Sendable {
  /// The record.
  public var workload: Workload
  /// The Markdown description (untrusted), or how to read it.
  public var body: Body
  /// The repository-relative path of its file.
  public var path: String
  /// A fingerprint of its file's text; nil: its page is always made again.
  public var digest: ContentHash?
  /// A fingerprint of the text its record was decoded from (the front matter: an edit of the
  /// description alone leaves it as it was); nil: its components' rows are fingerprinted by
  /// their text.
  public var recordDigest: ContentHash?

  /// Creates a site workload.
  public init(
    workload: Workload, body: String, path: String, digest: ContentHash? = nil, recordDigest: ContentHash? = nil
  ) {
    self.init(workload: workload, body: .text(body), path: path, digest: digest, recordDigest: recordDigest)
  }

  /// Creates a site workload whose description is read only when a page shows it.
  public init(
    workload: Workload, body: Body, path: String, digest: ContentHash? = nil, recordDigest: ContentHash? = nil
  ) {
    self.workload = workload
    self.body = body
    self.path = path
    self.digest = digest
    self.recordDigest = recordDigest
  }
}

extension SiteWorkload {
  /// A workload's Markdown description: its text, or, for a file whose record came from the
  /// build cache unread, how to read it (which fails when the file is no longer the one the
  /// record came from).
  public enum Body: Sendable {
    case text(String)
    case unread(@Sendable () throws -> String)

    /// The description, read now when it was not.
    public func text() throws -> String {
      switch self {
      case .text(let text): text
      case .unread(let read): try read()
      }
    }
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
    "org-index", "not-found", "spend", "submit", "handoff",
  ]
}
