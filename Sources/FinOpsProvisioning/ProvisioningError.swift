/// Why a Cloud Engineer task or a Developer Handoff cannot be generated from a record.
public struct ProvisioningError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What is wrong and what would fix it, naming the component.
  public var message: String

  /// Creates an error.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
