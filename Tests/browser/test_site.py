#!/usr/bin/python3
"""Browser tests of the generated site: copy buttons and table filters, in headless Chromium.

Usage: Tests/browser/test_site.py SITE_DIR [FINOPS_BINARY REPOSITORY]
With a binary and the repository it was built from, the wizard's file is checked by finops.
Needs Debian's chromium, chromium-driver and python3-selenium (.ci/run installs them).
"""
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SITE = Path(sys.argv[1]).resolve()


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    service = Service(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def page(driver, path):
    driver.get((SITE / path).as_uri())


def paste(driver):
    """What the clipboard holds: pasted into a fresh text area."""
    driver.execute_script(
        "var t = document.createElement('textarea'); t.id = 'paste-target';"
        "document.body.appendChild(t); t.focus();")
    area = driver.find_element(By.ID, "paste-target")
    area.send_keys(Keys.CONTROL, "v")
    value = area.get_attribute("value")
    driver.execute_script("document.getElementById('paste-target').remove();")
    return value


def test_copy_buttons(driver):
    workload = next(p for p in sorted((SITE / "workloads").glob("*.html")) if "Developer Handoff" in p.read_text())
    page(driver, workload.relative_to(SITE))
    buttons = driver.find_elements(By.CSS_SELECTOR, ".handoff button.copy")
    assert len(buttons) >= 4, "a handoff has copy-one buttons and copy all"
    first = buttons[0]
    target = driver.find_element(By.ID, first.get_attribute("data-copy")).text
    first.click()
    WebDriverWait(driver, 3).until(lambda d: first.text == "Copied")
    assert paste(driver) == target, "copy one puts exactly that value on the clipboard"
    everything = driver.find_element(By.CSS_SELECTOR, ".handoff .command button.copy")
    everything.click()
    WebDriverWait(driver, 3).until(lambda d: everything.text == "Copied")
    pasted = paste(driver)
    assert "AWS_ROLE_ARN=arn:aws:iam::" in pasted and "AWS_REGION=" in pasted, pasted


def test_filter(driver):
    page(driver, "engineering.html")
    field = driver.find_element(By.CSS_SELECTOR, "input[data-filter]")
    assert field.is_displayed(), "the filter appears when JavaScript runs"
    rows = driver.find_elements(By.CSS_SELECTOR, "#tasks tbody tr")
    visible = lambda: [r for r in rows if r.is_displayed()]
    assert len(visible()) == len(rows) > 2
    field.send_keys("haiku")
    WebDriverWait(driver, 3).until(lambda d: len(visible()) < len(rows))
    assert all("haiku" in r.text.lower() for r in visible())
    status = driver.find_element(By.CSS_SELECTOR, ".filter-status").text
    assert status == f"{len(visible())} of {len(rows)} shown", status
    field.clear()
    field.send_keys(" ")
    field.send_keys(Keys.BACKSPACE)
    WebDriverWait(driver, 3).until(lambda d: len(visible()) == len(rows))


def test_links_resolve(driver):
    page(driver, "index.html")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Review queue").click()
    assert driver.current_url.endswith("review.html")
    driver.find_element(By.CSS_SELECTOR, ".request h2 a").click()
    assert "/workloads/" in driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text


def test_no_console_errors(driver):
    for path in ("index.html", "review.html", "engineering.html", "org/index.html", "spaces/index.html"):
        page(driver, path)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, f"{path}: {errors}"


def checked(edit):
    """With a binary and its repository: `finops check` passes on a copy of the repository's
    records after `edit(folder)` wrote what the wizard gave into it."""
    if len(sys.argv) <= 3:
        return
    finops, repository = sys.argv[2], Path(sys.argv[3])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for item in ("finops.yml", "workloads", "pricing"):
            source = repository / item
            (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / item)
        edit(folder)
        result = subprocess.run([finops, "check", "--root", str(folder)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_wizard(driver):
    page(driver, "submit.html")
    form = driver.find_element(By.ID, "wizard")
    assert form.is_displayed(), "the wizard appears when JavaScript runs"
    driver.find_element(By.ID, "next").click()
    error = driver.find_element(By.CSS_SELECTOR, ".wizard-error")
    assert "Choose what kind" in error.text, error.text
    driver.find_element(By.CSS_SELECTOR, "input[value='operations-ai']").click()
    driver.find_element(By.CSS_SELECTOR, "#purpose option[value='automation']").click()
    driver.find_element(By.ID, "next").click()
    fields = {
        "title": "Renewal Letter Drafts \"v2\" <b>",
        "team_size": "7",
        "utilization": "About 900 letters a month: 3,000 tokens in, 800 out",
        "monthly_budget": "1,500",
        "annual_baseline": "250000",
        "target_percent": "12",
        "description": "Drafts renewal letters for underwriters to review.",
    }
    for name, text in fields.items():
        driver.find_element(By.ID, name).send_keys(text)
    assert driver.find_element(By.ID, "opportunity").text == "$30,000.00"
    driver.find_element(By.ID, "next").click()
    output = driver.find_element(By.ID, "wizard-output").text
    name = driver.find_element(By.ID, "filename").text
    assert name == "workloads/renewal-letter-drafts-v2-b.md", name
    assert "purpose: automation" in output and "monthly_budget: 1500.00" in output, output
    checked(lambda folder: (folder / name).write_text(output + "\n"))


def test_wizard_existing(driver):
    """The second path: a component for an existing workload, to add at the end of its list."""
    page(driver, "submit.html")
    driver.find_element(By.CSS_SELECTOR, "input[name='path'][value='existing']").click()
    chooser = driver.find_element(By.ID, "parent")
    assert chooser.is_displayed(), "choosing the second path shows the workloads"
    option = chooser.find_elements(By.TAG_NAME, "option")[1]
    option.click()
    path = option.get_attribute("data-path")
    driver.find_element(By.CSS_SELECTOR, "input[value='coding-ai']").click()
    driver.find_element(By.ID, "next").click()
    assert not driver.find_element(By.ID, "title").is_displayed(), "no title for an added component"
    fields = {"team_size": "4", "utilization": "Reviews 40 pull requests a day",
              "monthly_budget": "300", "annual_baseline": "90000", "target_percent": "8"}
    for name, text in fields.items():
        driver.find_element(By.ID, name).send_keys(text)
    driver.find_element(By.ID, "next").click()
    output = driver.find_element(By.ID, "wizard-output").text
    assert output.startswith("  - id: "), output
    assert "use_case: coding-ai" in output and "title:" not in output, output
    assert driver.find_element(By.ID, "parent-file").text == path
    assert not driver.find_element(By.ID, "download").is_displayed()

    def add(folder):
        target = folder / path
        lines = target.read_text().split("\n")
        closing = lines.index("---", 1)
        lines[closing:closing] = output.split("\n")
        target.write_text("\n".join(lines))
        assert target.read_text().count("\n  - id: ") >= 2
    checked(add)


def test_live_reload(driver):
    """finops serve: a page open in the browser reloads itself soon after an edit is rebuilt."""
    if len(sys.argv) <= 3:
        return
    import random
    import time
    import urllib.request

    finops, repository = str(Path(sys.argv[2]).resolve()), Path(sys.argv[3])
    with tempfile.TemporaryDirectory() as folder:
        for item in ("finops.yml", "workloads", "pricing"):
            source = repository / item
            (shutil.copytree if source.is_dir() else shutil.copy)(source, Path(folder) / item)
        port = random.randint(20000, 40000)
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [finops, "serve", "--port", str(port)], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={"FINOPS_NOW": "2026-11-26T12:00:00Z", "PATH": "/usr/bin:/bin"})
        try:
            def version():
                try:
                    return urllib.request.urlopen(base + "/__finops/version", timeout=2).read().decode()
                except OSError:
                    return None
            deadline = time.time() + 60
            while version() != "1" and time.time() < deadline:
                time.sleep(0.2)
            assert version() == "1", "the server built the site"
            driver.get(base + "/workloads/fraud-alert-triage.html")
            driver.execute_script("window.finopsMarker = 'before';")
            # The page asks for the version twice a second; the edit's rebuild moves it on.
            time.sleep(0.5)
            path = Path(folder) / "workloads/fraud-alert-triage.md"
            path.write_text(path.read_text().replace("title: Fraud Alert Triage", "title: Fraud Alert Triage Live"))
            WebDriverWait(driver, 10).until(
                lambda d: d.execute_script("return window.finopsMarker === undefined;")
                and "Fraud Alert Triage Live" in d.find_element(By.TAG_NAME, "h1").text)
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert not errors, errors
            # Many tabs open on the served site: none holds one of the browser's six connections
            # per host, so another page still loads at once.
            first = driver.current_window_handle
            for _ in range(8):
                driver.switch_to.new_window("tab")
                driver.get(base + "/index.html")
            driver.switch_to.new_window("tab")
            started = time.time()
            driver.get(base + "/workloads/card-dispute-summarizer.html")
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            assert time.time() - started < 5, f"a page took {time.time() - started:.1f} s with 8 tabs open"
            for handle in driver.window_handles:
                if handle != first:
                    driver.switch_to.window(handle)
                    driver.close()
            driver.switch_to.window(first)
        finally:
            server.terminate()
            server.wait(timeout=10)


def main():
    tests = [
        test_copy_buttons, test_filter, test_links_resolve, test_no_console_errors, test_wizard,
        test_wizard_existing, test_live_reload,
    ]
    passed = failed = 0
    driver = browser()
    try:
        for test in tests:
            try:
                test(driver)
                passed += 1
                print(f"ok   {test.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
    finally:
        driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
