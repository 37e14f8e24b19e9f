import FinOpsTemplates

// The view models of the workload pages and of the shared component rows write their template
// values themselves: encoding them through `Encodable` cost more than rendering them. Each adds
// its properties in declaration order, exactly as its synthesized `encode(to:)` encodes them
// (`ViewModelTemplateTests` compares the two).

extension PageChrome: TemplateRepresentable {
  static var templateChildCount: Int { 13 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("title", title)
    object.add("siteTitle", siteTitle)
    object.add("root", root)
    object.add("section", section)
    object.add("generatedAt", generatedAt)
    object.add("isDashboard", isDashboard)
    object.add("isReview", isReview)
    object.add("isEngineering", isEngineering)
    object.add("isSpaces", isSpaces)
    object.add("isOrg", isOrg)
    object.add("isSpend", isSpend)
    object.add("isSubmit", isSubmit)
    object.add("reviewCount", reviewCount)
  }
}

extension Badge: TemplateRepresentable {
  static var templateChildCount: Int { 2 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("label", label)
    object.add("tone", tone)
  }
}

extension Field: TemplateRepresentable {
  static var templateChildCount: Int { 2 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("label", label)
    object.add("value", value)
  }
}

extension Link: TemplateRepresentable {
  static var templateChildCount: Int { 2 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("title", title)
    object.add("href", href)
  }
}

extension CommandBlock: TemplateRepresentable {
  static var templateChildCount: Int { 3 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("id", id)
    object.add("text", text)
    object.add("label", label)
  }
}

extension ComponentRow: TemplateRepresentable {
  static var templateChildCount: Int { 24 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("reference", reference)
    object.add("workloadTitle", workloadTitle)
    object.add("href", href)
    object.add("badge", badge)
    object.add("useCase", useCase)
    object.add("owner", owner)
    object.add("product", product)
    object.add("budget", budget)
    object.add("estimate", estimate)
    object.add("platform", platform)
    object.add("model", model)
    object.add("account", account)
    object.add("region", region)
    object.add("steps", steps)
    object.add("stepsDone", stepsDone)
    object.add("due", due)
    object.add("sla", sla)
    object.add("slaTone", slaTone)
    object.add("overdue", overdue)
    object.add("age", age)
    object.add("since", since)
    object.add("note", note)
    object.add("command", command)
    object.add("search", search)
  }
}

extension ActivityRow: TemplateRepresentable {
  static var templateChildCount: Int { 6 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("at", at)
    object.add("day", day)
    object.add("text", text)
    object.add("href", href)
    object.add("persona", persona)
    object.add("reason", reason)
  }
}

extension WorkloadPage: TemplateRepresentable {
  static var templateChildCount: Int { 11 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("title", title)
    object.add("slug", slug)
    object.add("owner", owner)
    object.add("ownerHref", ownerHref)
    object.add("orgPath", orgPath)
    object.add("budget", budget)
    object.add("opportunity", opportunity)
    object.add("sourcePath", sourcePath)
    object.add("descriptionHtml", descriptionHtml)
    object.add("components", components)
  }
}

extension ComponentSection: TemplateRepresentable {
  static var templateChildCount: Int { 23 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("id", id)
    object.add("reference", reference)
    object.add("badge", badge)
    object.add("request", request)
    object.add("opportunity", opportunity)
    object.add("hasApproval", hasApproval)
    object.add("approval", approval)
    object.add("rationale", rationale)
    object.add("hasTask", hasTask)
    object.add("taskSteps", taskSteps)
    object.add("taskNotes", taskNotes)
    object.add("hasNotes", hasNotes)
    object.add("due", due)
    object.add("sla", sla)
    object.add("slaTone", slaTone)
    object.add("hasHandoff", hasHandoff)
    object.add("handoff", handoff)
    object.add("handoffAll", handoffAll)
    object.add("nextStep", nextStep)
    object.add("nextCommand", nextCommand)
    object.add("hasNextCommand", hasNextCommand)
    object.add("spend", spend)
    object.add("timeline", timeline)
  }
}

extension TaskStepView: TemplateRepresentable {
  static var templateChildCount: Int { 11 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("number", number)
    object.add("title", title)
    object.add("summary", summary)
    object.add("done", done)
    object.add("doneBy", doneBy)
    object.add("links", links)
    object.add("hasLinks", hasLinks)
    object.add("files", files)
    object.add("fileNames", fileNames)
    object.add("commands", commands)
    object.add("hasFiles", hasFiles)
  }
}

extension HandoffField: TemplateRepresentable {
  static var templateChildCount: Int { 4 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("label", label)
    object.add("name", name)
    object.add("value", value)
    object.add("id", id)
  }
}

extension ComponentSpendView: TemplateRepresentable {
  static var templateChildCount: Int { 5 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("hasCards", hasCards)
    object.add("cards", cards)
    object.add("chartHtml", chartHtml)
    object.add("total", total)
    object.add("weeks", weeks)
  }
}

extension CardRow: TemplateRepresentable {
  static var templateChildCount: Int { 10 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("week", week)
    object.add("partial", partial)
    object.add("spend", spend)
    object.add("budget", budget)
    object.add("estimate", estimate)
    object.add("variance", variance)
    object.add("percent", percent)
    object.add("state", state)
    object.add("models", models)
    object.add("opportunity", opportunity)
  }
}
