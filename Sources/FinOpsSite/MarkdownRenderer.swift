import CCmarkGFM
import Foundation

/// Renders untrusted Markdown to HTML with cmark-gfm in safe mode: GitHub's extensions (tables,
/// strikethrough, autolinks, the tag filter, task lists), raw HTML omitted, and every link or
/// image whose scheme is not http, https or mailto (or a relative path) neutralised.
public struct MarkdownRenderer: Sendable {
  private static let registered: Bool = {
    cmark_gfm_core_extensions_ensure_registered()
    return true
  }()

  private static let extensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

  /// cmark-gfm adds the inline characters of a parser's extensions (strikethrough's `~`) to one
  /// process-wide table when it parses a document's inlines, and takes them out again after:
  /// two documents parsed at once can each lose the other's, and `~~text~~` stays as typed.
  /// Documents are therefore parsed one at a time (rendering bodies is a few percent of a build).
  private static let parsing = NSLock()

  /// The cmark-gfm library's version: pages keyed for reuse include it, as another library
  /// could render the same Markdown otherwise.
  public static let version = String(cString: cmark_version_string())

  /// Whether cmark-gfm checks the UTF-8 of every line: never needed for a `String`, whose UTF-8
  /// is always valid, so the check could only copy each line as it is (half a percent of a full
  /// build); kept for the test that shows so.
  private let validatesUTF8: Bool

  /// Creates a renderer (registers the GFM extensions once per process).
  public init() { self.init(validatesUTF8: false) }

  init(validatesUTF8: Bool) {
    _ = Self.registered
    self.validatesUTF8 = validatesUTF8
  }

  /// HTML for `markdown`.
  public func render(_ markdown: String) -> String {
    let options =
      CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG | (validatesUTF8 ? CMARK_OPT_VALIDATE_UTF8 : 0)
    guard let parser = cmark_parser_new(options) else { return "" }
    defer { cmark_parser_free(parser) }
    for name in Self.extensions {
      if let syntax = cmark_find_syntax_extension(name) {
        cmark_parser_attach_syntax_extension(parser, syntax)
      }
    }
    let finished: OpaquePointer? = Self.parsing.withLock {
      cmark_parser_feed(parser, markdown, markdown.utf8.count)
      return cmark_parser_finish(parser)
    }
    guard let document = finished else { return "" }
    defer { cmark_node_free(document) }
    neutraliseLinks(document)
    guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
    else { return "" }
    defer { free(html) }
    return String(cString: html)
  }

  /// Points every link or image with an unsafe destination at nothing.
  private func neutraliseLinks(_ document: OpaquePointer) {
    guard let iterator = cmark_iter_new(document) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
      let type = cmark_node_get_type(node)
      guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let raw = cmark_node_get_url(node)
      else { continue }
      if !Self.isSafe(String(cString: raw)) { cmark_node_set_url(node, "") }
    }
  }

  /// http, https and mailto URLs, fragments and relative paths; nothing with another scheme.
  static func isSafe(_ url: String) -> Bool {
    let trimmed = url.drop { $0.isWhitespace || ($0.asciiValue ?? 0x20) < 0x20 }
    guard let colon = trimmed.firstIndex(of: ":") else { return true }
    let scheme = trimmed[..<colon]
    // A colon after a slash, question mark or hash is part of a relative path, not a scheme.
    if scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
    return ["http", "https", "mailto"].contains(scheme.lowercased())
  }
}
