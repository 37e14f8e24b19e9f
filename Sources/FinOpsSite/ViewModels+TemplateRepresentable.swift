import FinOpsTemplates

// Every view model writes its template value itself: encoding the workload pages through
// `Encodable` cost more than rendering them. Each adds its properties in declaration order,
// exactly as its synthesized `encode(to:)` encodes them (`ViewModelTemplateTests` compares the
// two).

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

extension ClaimAction: TemplateRepresentable {
  static var templateChildCount: Int { 4 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("row", row)
    object.add("handoff", handoff)
    object.add("handoffAll", handoffAll)
    object.add("hasHandoff", hasHandoff)
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
  static var templateChildCount: Int { 9 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("hasSpend", hasSpend)
    object.add("hasCards", hasCards)
    object.add("cards", cards)
    object.add("chartHtml", chartHtml)
    object.add("total", total)
    object.add("weeks", weeks)
    object.add("hasLeadIn", hasLeadIn)
    object.add("leadIn", leadIn)
    object.add("leadInEnd", leadInEnd)
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

extension PipelineRow: TemplateRepresentable {
  static var templateChildCount: Int { 4 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("label", label)
    object.add("tone", tone)
    object.add("count", count)
    object.add("percent", percent)
  }
}

extension DashboardPage: TemplateRepresentable {
  static var templateChildCount: Int { 25 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("pipeline", pipeline)
    object.add("total", total)
    object.add("totalText", totalText)
    object.add("live", live)
    object.add("liveText", liveText)
    object.add("medianLeadTime", medianLeadTime)
    object.add("p90LeadTime", p90LeadTime)
    object.add("leadTimeSample", leadTimeSample)
    object.add("withinPromise", withinPromise)
    object.add("hasLeadTime", hasLeadTime)
    object.add("promiseDays", promiseDays)
    object.add("overdue", overdue)
    object.add("atRisk", atRisk)
    object.add("hasSLAIssues", hasSLAIssues)
    object.add("opportunityLive", opportunityLive)
    object.add("opportunityPipeline", opportunityPipeline)
    object.add("budgetLive", budgetLive)
    object.add("recent", recent)
    object.add("businessUnits", businessUnits)
    object.add("hasSpend", hasSpend)
    object.add("spendWeek", spendWeek)
    object.add("spendLastWeek", spendLastWeek)
    object.add("spendBudgetLastWeek", spendBudgetLastWeek)
    object.add("spendUnattributed", spendUnattributed)
  }
}

extension OrgRow: TemplateRepresentable {
  static var templateChildCount: Int { 9 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("id", id)
    object.add("name", name)
    object.add("href", href)
    object.add("level", level)
    object.add("workloads", workloads)
    object.add("live", live)
    object.add("budget", budget)
    object.add("opportunity", opportunity)
    object.add("spendLastWeek", spendLastWeek)
  }
}

extension ReviewPage: TemplateRepresentable {
  static var templateChildCount: Int { 4 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("requests", requests)
    object.add("isEmpty", isEmpty)
    object.add("disclaimer", disclaimer)
  }
}

extension ReviewRequest: TemplateRepresentable {
  static var templateChildCount: Int { 13 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("reference", reference)
    object.add("title", title)
    object.add("href", href)
    object.add("submittedBy", submittedBy)
    object.add("submittedAt", submittedAt)
    object.add("waitingDays", waitingDays)
    // The name templates written before `waitingDays` use. Any template that names `age` makes
    // every component row's fingerprint cover the row's age (`SiteBuilder.rowFingerprint`).
    object.add("age", waitingDays)
    object.add("isParentAddition", isParentAddition)
    object.add("fields", fields)
    object.add("opportunity", opportunity)
    object.add("descriptionHtml", descriptionHtml)
    object.add("command", command)
    object.add("history", history)
  }
}

extension EngineeringPage: TemplateRepresentable {
  static var templateChildCount: Int { 5 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("rows", rows)
    object.add("isEmpty", isEmpty)
    object.add("open", open)
    object.add("overdue", overdue)
  }
}

extension SpacesPage: TemplateRepresentable {
  static var templateChildCount: Int { 2 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("people", people)
  }
}

extension PersonRow: TemplateRepresentable {
  static var templateChildCount: Int { 6 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("name", name)
    object.add("email", email)
    object.add("href", href)
    object.add("personas", personas)
    object.add("workloads", workloads)
    object.add("waiting", waiting)
  }
}

extension SpacePage: TemplateRepresentable {
  static var templateChildCount: Int { 11 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("name", name)
    object.add("email", email)
    object.add("personas", personas)
    object.add("feedHref", feedHref)
    object.add("readyToClaim", readyToClaim)
    object.add("changesRequested", changesRequested)
    object.add("drafts", drafts)
    object.add("hasActions", hasActions)
    object.add("workloads", workloads)
    object.add("hasWorkloads", hasWorkloads)
  }
}

extension OrgPage: TemplateRepresentable {
  static var templateChildCount: Int { 13 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("name", name)
    object.add("level", level)
    object.add("breadcrumb", breadcrumb)
    object.add("children", children)
    object.add("hasChildren", hasChildren)
    object.add("childLevel", childLevel)
    object.add("workloads", workloads)
    object.add("hasWorkloads", hasWorkloads)
    object.add("budget", budget)
    object.add("opportunity", opportunity)
    object.add("hasSpend", hasSpend)
    object.add("spendWeeks", spendWeeks)
  }
}

extension OrgIndexPage: TemplateRepresentable {
  static var templateChildCount: Int { 2 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("units", units)
  }
}

extension OrgTreeRow: TemplateRepresentable {
  static var templateChildCount: Int { 6 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("name", name)
    object.add("href", href)
    object.add("level", level)
    object.add("depth", depth)
    object.add("workloads", workloads)
    object.add("workloadsText", workloadsText)
  }
}

extension NotFoundPage: TemplateRepresentable {
  static var templateChildCount: Int { 1 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
  }
}

extension Option: TemplateRepresentable {
  static var templateChildCount: Int { 2 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("value", value)
    object.add("label", label)
  }
}

extension SubmitPage: TemplateRepresentable {
  static var templateChildCount: Int { 11 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("products", products)
    object.add("runtimes", runtimes)
    object.add("owners", owners)
    object.add("workloads", workloads)
    object.add("hasWorkloads", hasWorkloads)
    object.add("currency", currency)
    object.add("newFileURL", newFileURL)
    object.add("editFileURL", editFileURL)
    object.add("usedIDs", usedIDs)
    object.add("alphabet", alphabet)
  }
}

extension ExistingWorkload: TemplateRepresentable {
  static var templateChildCount: Int { 3 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("value", value)
    object.add("label", label)
    object.add("path", path)
  }
}

extension RollUpRow: TemplateRepresentable {
  static var templateChildCount: Int { 11 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("name", name)
    object.add("href", href)
    object.add("level", level)
    object.add("week", week)
    object.add("spend", spend)
    object.add("budget", budget)
    object.add("variance", variance)
    object.add("state", state)
    object.add("live", live)
    object.add("opportunity", opportunity)
    object.add("depth", depth)
  }
}

extension ReconciliationRow: TemplateRepresentable {
  static var templateChildCount: Int { 6 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("currency", currency)
    object.add("input", input)
    object.add("attributed", attributed)
    object.add("unattributed", unattributed)
    object.add("rows", rows)
    object.add("balances", balances)
  }
}

extension FindingRow: TemplateRepresentable {
  static var templateChildCount: Int { 5 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("title", title)
    object.add("message", message)
    object.add("action", action)
    object.add("components", components)
    object.add("evidence", evidence)
  }
}

extension UnattributedRow: TemplateRepresentable {
  static var templateChildCount: Int { 5 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("reason", reason)
    object.add("principal", principal)
    object.add("account", account)
    object.add("amount", amount)
    object.add("period", period)
  }
}

extension SpendPage: TemplateRepresentable {
  static var templateChildCount: Int { 9 }

  func addTemplateChildren(to object: inout TemplateObjectBuilder) {
    object.add("page", page)
    object.add("hasSpend", hasSpend)
    object.add("through", through)
    object.add("reconciliation", reconciliation)
    object.add("rollUps", rollUps)
    object.add("findings", findings)
    object.add("hasFindings", hasFindings)
    object.add("unattributed", unattributed)
    object.add("hasUnattributed", hasUnattributed)
  }
}
