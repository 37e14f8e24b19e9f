import FinOpsCore
import Foundation
import Synchronization

/// What a template renders: text, a flag, a list or an object, nothing else. Objects answer a
/// lookup by the interned id of a name (see `TemplateKeys`), so rendering never hashes or
/// compares strings and never reflects over a Swift value.
///
/// Held as a tree (what `TemplateEncoder` makes of an `Encodable` model, and what tests
/// write), or flat in an arena (what a `TemplateRepresentable` view model writes, and what
/// the renderer reads: a tree is written into an arena first).
public enum TemplateValue: Sendable, Equatable {
  /// Printed as is (escaped in `{{name}}`); truthy even when empty, like swift-mustache.
  case text(String)
  /// `false` is falsey; printed as `true` or `false`.
  case bool(Bool)
  /// Sections iterate it; empty is falsey.
  case list([TemplateValue])
  /// Sections push it onto the context stack.
  case object(TemplateObject)
  /// A value encoded once and shared by many pages (`TemplateEncoded`): it renders as its
  /// value, and is fingerprinted once.
  case shared(SharedTemplateValue)
  /// The value of an arena's root node.
  case arena(TemplateArena)

  /// The value as a tree, every arena in it read out (for comparing; slow).
  var tree: TemplateValue {
    switch self {
    case .text, .bool: return self
    case .list(let items): return .list(items.map(\.tree))
    case .object(let object):
      return .object(
        TemplateObject(children: object.children.map { TemplateChild($0.key, $0.value.tree) }))
    case .shared(let shared): return shared.value.tree
    case .arena(let arena): return arena.tree(arena.root).tree
    }
  }

  /// The same value, whether shared, in an arena or not.
  public static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool {
    switch (lhs.tree, rhs.tree) {
    case (.text(let left), .text(let right)): return left == right
    case (.bool(let left), .bool(let right)): return left == right
    case (.list(let left), .list(let right)): return left == right
    case (.object(let left), .object(let right)): return left == right
    default: return false
    }
  }

  /// Adds the value to `hash`, text by text, a shared value by its fingerprint; a text equal
  /// to `marker` is added as a placeholder (the build time of a page, whatever it is).
  public func fingerprint(into hash: inout ContentHash, marker: String? = nil) {
    switch self {
    case .text(let text):
      if let marker, text == marker {
        hash.update(0)
      } else {
        hash.update(1)
        hash.update(text)
      }
    case .bool(let flag): hash.update(flag ? 2 : 3)
    case .list(let items):
      hash.update(4)
      hash.update(items.count)
      for item in items { item.fingerprint(into: &hash, marker: marker) }
    case .object(let object):
      hash.update(5)
      hash.update(object.children.count)
      for child in object.children {
        hash.update(Int(child.key))
        child.value.fingerprint(into: &hash, marker: marker)
      }
    case .shared(let shared):
      hash.update(6)
      hash.update(shared.fingerprint)
    case .arena(let arena): arena.fingerprint(arena.root, into: &hash, marker: marker)
    }
  }
}

/// A value and its fingerprint, made once and shared by every page that shows it: either made
/// at once (and fingerprinted by its text), or made when a page first renders it, under a
/// fingerprint of what it is made from, so that a build whose pages are all kept never makes it.
public final class SharedTemplateValue: @unchecked Sendable {
  // Guards `made` and `madeFingerprint` of a value made later. Held inline: an NSLock is an
  // object and three allocations on Linux, and a build shares two values for every component.
  private let lock = Mutex(())
  // Written once, under the lock, before `isMade` is set; never written after. A page reads
  // the value for every name it looks up through it, from every rendering thread at once, and
  // no longer takes the lock to do so.
  @exclusivity(unchecked) private var made: TemplateArena?
  /// Whether `made` is set for good: once it reads true (acquiring), `made` is read without
  /// the lock.
  private let isMade: Atomic<Bool>
  private var madeFingerprint: ContentHash?
  private let make: (@Sendable () -> TemplateValue)?

  /// Shares `value`, fingerprinted by its text.
  public init(_ value: TemplateValue) {
    let arena = Self.kept(value)
    var hash = ContentHash()
    arena.fingerprint(arena.root, into: &hash)
    made = arena
    isMade = Atomic(true)
    madeFingerprint = hash
    make = nil
  }

  /// Shares the value `make` returns, made when it is first asked for. `fingerprint` must
  /// fingerprint everything `make` reads (two values under one fingerprint are taken for the
  /// same); without it, the fingerprint is taken from the value's text when asked for.
  public init(fingerprint: ContentHash?, make: @escaping @Sendable () -> TemplateValue) {
    madeFingerprint = fingerprint
    isMade = Atomic(false)
    self.make = make
  }

  /// The value (never itself shared).
  public var value: TemplateValue { .arena(arena) }

  /// The arena the value is in, made on first use.
  var arena: TemplateArena {
    if isMade.load(ordering: .acquiring) { return made.unsafelyUnwrapped }
    return lock.withLock { _ in
      if let made { return made }
      // `make` never reaches this value: holding the lock while it runs is safe.
      let arena = Self.kept(make!())
      made = arena
      isMade.store(true, ordering: .releasing)
      return arena
    }
  }

  /// The arena of `value`, kept for the whole build (a row many pages list): no room left
  /// unused. (An arena shared already was shrunk when made: shrinking it again moves nothing.)
  private static func kept(_ value: TemplateValue) -> TemplateArena {
    let arena = TemplateArena.of(value)
    arena.shrink()
    return arena
  }

  /// The fingerprint: `value.fingerprint(into:)`, or the one the value was shared under.
  public var fingerprint: ContentHash {
    if let known = lock.withLock({ _ in madeFingerprint }) { return known }
    let arena = arena
    var hash = ContentHash()
    arena.fingerprint(arena.root, into: &hash)
    lock.withLock { _ in madeFingerprint = hash }
    return hash
  }
}

/// A value with named children, the names interned by the library that encoded it.
public struct TemplateObject: Sendable, Equatable {
  /// The children with the interned ids of their names, in one array (one allocation).
  @usableFromInline var children: [TemplateChild] = []

  @usableFromInline init(children: [TemplateChild] = []) { self.children = children }
}

/// One child of an object: the interned id of its name, and its value.
///
/// A struct rather than a tuple: an array of tuples is destroyed through the runtime's generic
/// tuple walk, element by element, and every page's value tree is destroyed once it is rendered.
@usableFromInline
struct TemplateChild: Sendable, Equatable {
  /// The interned id of the name.
  @usableFromInline var key: Int32
  /// The value.
  @usableFromInline var value: TemplateValue

  /// The child `value` named by `key`.
  @inlinable
  init(_ key: Int32, _ value: TemplateValue) {
    self.key = key
    self.value = value
  }
}
