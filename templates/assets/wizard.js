// The Add Workload wizard: three steps, validated as you go, producing the workload file that
// `finops submit` would write, to propose in a pull request.
(function () {
  "use strict";
  var form = document.getElementById("wizard");
  if (!form) { return; }
  form.hidden = false;
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-step]"));
  var step = 0;
  var error = form.querySelector(".wizard-error");
  var back = document.getElementById("back");
  var next = document.getElementById("next");

  function value(name) {
    var field = form.elements[name];
    if (!field) { return ""; }
    if (field.length !== undefined && field.tagName !== "SELECT") {
      for (var i = 0; i < field.length; i++) { if (field[i].checked) { return field[i].value; } }
      return "";
    }
    return field.value.trim();
  }

  var amount = /^[0-9]{1,15}(\.[0-9]{1,6})?$/;
  function cleanAmount(text) { return text.replace(/[,$\s]/g, ""); }

  // The wizard's two paths: a new workload file, or a component added to an existing one.
  function existing() { return value("path") === "existing"; }

  function problems(index) {
    var found = [];
    if (index === 0 && !value("use_case")) { found.push("Choose what kind of workload this is."); }
    if (index === 1) {
      if (!existing() && !value("title")) { found.push("Give the workload a title."); }
      if (!/^[1-9][0-9]{0,5}$/.test(value("team_size"))) { found.push("Team size is a whole number, 1 or more."); }
      if (!value("utilization")) { found.push("Describe the expected AI utilization."); }
      if (!amount.test(cleanAmount(value("monthly_budget")))) { found.push("The monthly budget is an amount such as 1200 or 1200.50."); }
      if (!amount.test(cleanAmount(value("annual_baseline")))) { found.push("The annual baseline is an amount such as 480000."); }
      var target = parseFloat(value("target_percent"));
      if (!/^[0-9]+(\.[0-9]+)?$/.test(value("target_percent")) || !(target > 0 && target <= 100)) {
        found.push("The target is a percentage above 0 and at most 100.");
      }
      if (!existing() && !slug(value("title"))) { found.push("The title needs letters or digits for the file name."); }
    }
    return found;
  }

  function slug(title) {
    var words = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean);
    var result = "";
    for (var i = 0; i < words.length; i++) {
      var candidate = result ? result + "-" + words[i] : words[i];
      if (candidate.length > 52) { break; }
      result = candidate;
    }
    return result;
  }

  function quote(text) {
    return "\"" + text.replace(/\\/g, "\\\\").replace(/"/g, "\\\"").replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r").replace(/\t/g, "\\t")
      .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/g, function (c) {
        return "\\u" + ("0000" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4);
      }) + "\"";
  }

  function money(text) {
    var clean = cleanAmount(text);
    var parts = clean.split(".");
    var fraction = (parts[1] || "");
    while (fraction.length < 2) { fraction += "0"; }
    return parts[0].replace(/^0+(?=\d)/, "") + "." + fraction;
  }

  function newID() {
    var alphabet = form.getAttribute("data-alphabet");
    var used = (form.getAttribute("data-used") || "").split(" ");
    var bytes = new Uint32Array(4);
    for (;;) {
      window.crypto.getRandomValues(bytes);
      var id = "";
      for (var i = 0; i < 4; i++) { id += alphabet.charAt(bytes[i] % alphabet.length); }
      if (used.indexOf(id) === -1) { return id; }
    }
  }

  var componentID = null;
  function file() {
    componentID = componentID || newID();
    var useCase = value("use_case");
    var purpose = useCase === "operations-ai" ? value("purpose") : useCase === "coding-ai" ? "developer-productivity" : "";
    var now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    var owner = value("owner");
    var lines = [
      "---",
      "title: " + quote(value("title")),
      "owner: " + owner,
      "product: " + value("product"),
      "components:"
    ];
    var component = [
      "  - id: " + componentID,
      "    status: submitted",
      "    request:",
      "      use_case: " + useCase
    ];
    if (purpose) { component.push("      purpose: " + purpose); }
    component.push(
      "      runtime: " + value("runtime"),
      "      team_size: " + parseInt(value("team_size"), 10),
      "      utilization: " + quote(value("utilization")),
      "      monthly_budget: " + money(value("monthly_budget")),
      "      business_case:",
      "        value_type: " + value("value_type"),
      "        annual_baseline: " + money(value("annual_baseline")),
      "        target_percent: " + value("target_percent").replace(/^0+(?=\d)/, ""),
      "    history:",
      "      - at: " + now,
      "        transition: submit",
      "        to: submitted",
      "        by: " + owner,
      "        persona: product-owner");
    // Added to an existing workload: the component's lines alone, for the end of its list.
    if (existing()) { return component.join("\n") + "\n"; }
    return lines.concat(component, [
      "---",
      "## What it does",
      "",
      value("description") || "Describe the workload for reviewers: the problem, who uses it, the data it handles, how success is measured.",
      ""]).join("\n");
  }

  function opportunity() {
    var baseline = parseFloat(cleanAmount(value("annual_baseline")));
    var target = parseFloat(value("target_percent"));
    var out = document.getElementById("opportunity");
    if (baseline >= 0 && target > 0) {
      out.textContent = (baseline * target / 100).toLocaleString("en-US", { style: "currency", currency: form.getAttribute("data-currency") || "USD" });
    } else {
      out.textContent = "–";
    }
  }

  function show(index) {
    step = index;
    steps.forEach(function (fieldset, i) { fieldset.hidden = i !== index; });
    back.hidden = index === 0;
    next.hidden = index === steps.length - 1;
    error.textContent = "";
    if (index === steps.length - 1) {
      var text = file();
      var adding = existing();
      document.getElementById("wizard-output").textContent = text;
      document.getElementById("output-new").hidden = adding;
      document.getElementById("output-existing").hidden = !adding;
      var download = document.getElementById("download");
      var base = form.getAttribute("data-new-file");
      var pr = document.getElementById("open-pr");
      var edit = document.getElementById("edit-file");
      if (adding) {
        var parent = form.elements.parent;
        var path = parent.options[parent.selectedIndex].getAttribute("data-path");
        document.getElementById("parent-file").textContent = path;
        download.hidden = true;
        pr.hidden = true;
        var editBase = form.getAttribute("data-edit-file");
        edit.hidden = !editBase;
        if (editBase) { edit.href = editBase + path.split("/").map(encodeURIComponent).join("/"); }
      } else {
        var name = "workloads/" + slug(value("title")) + ".md";
        document.getElementById("filename").textContent = name;
        download.hidden = false;
        download.href = URL.createObjectURL(new Blob([text], { type: "text/markdown" }));
        download.setAttribute("download", name.split("/").pop());
        edit.hidden = true;
        if (base) {
          pr.hidden = false;
          pr.href = base + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
        }
      }
    }
    var focus = steps[index].querySelector("input, select, textarea");
    if (focus) { focus.focus(); }
  }

  form.addEventListener("change", function () {
    form.querySelector(".purpose").hidden = value("use_case") !== "operations-ai";
    var adding = existing();
    var chooser = form.querySelector(".existing");
    if (chooser) { chooser.hidden = !adding; }
    Array.prototype.forEach.call(form.querySelectorAll(".new-only"), function (field) { field.hidden = adding; });
    opportunity();
  });
  form.addEventListener("input", opportunity);
  next.addEventListener("click", function () {
    var found = problems(step);
    if (found.length) { error.textContent = found.join(" "); return; }
    show(step + 1);
  });
  back.addEventListener("click", function () { show(step - 1); });
  show(0);
})();
