import FinOpsCore
import Testing

@Suite("Spelling tables")
struct SpellingTableTests {
  /// Every value reads back from its spelling; near misses and other texts read as nothing.
  static func check<Value: ClosedSet>(_ type: Value.Type) {
    for value in Value.allCases {
      let spelling = value.rawValue
      #expect(Value(rawValue: spelling) == value)
      // The same text in storage of its own, not the literal's.
      #expect(Value(rawValue: String(decoding: Array(spelling.utf8), as: UTF8.self)) == value)
      #expect(Value(rawValue: spelling.uppercased()) == nil || spelling.uppercased() == spelling)
      #expect(Value(rawValue: spelling + " ") == nil)
      #expect(Value(rawValue: String(spelling.dropLast()) + "#") == nil)
    }
    #expect(Value(rawValue: "") == nil)
    #expect(Value(rawValue: String(repeating: "x", count: 80)) == nil)
  }

  @Test("the record's closed sets read every spelling, and only those")
  func roundTrip() {
    Self.check(Status.self)
    Self.check(Persona.self)
    Self.check(UseCase.self)
    Self.check(Purpose.self)
    Self.check(Runtime.self)
    Self.check(Platform.self)
    Self.check(Priority.self)
    Self.check(ValueType.self)
    Self.check(ImplementationStep.self)
    Self.check(Transition.self)
    #expect(Status(rawValue: "changes-requested") == .changesRequested)
    #expect(Transition(rawValue: "complete-step") == .completeStep)
    #expect(Status(rawValue: "Live") == nil)
  }
}
