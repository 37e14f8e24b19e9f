#!/usr/bin/env python3
"""The Athena query in queries/weekly-principal-spend.sql, run locally with DuckDB over the demo
CUR 2.0 export: its weekly FOCUS-shaped rows, fed to finops, must give exactly the cards that
the raw rows give.

Usage: Tests/athena/test_weekly_query.py FINOPS_BINARY
Needs duckdb from PyPI (.ci/run installs it).
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
FINOPS = Path(sys.argv[1]).resolve()
NOW = "2026-11-26T12:00:00Z"


def repository(folder: Path, spend_files: dict) -> Path:
    folder.mkdir(parents=True)
    for name in ("finops.yml", "workloads", "templates", "pricing"):
        source = ROOT / name
        target = folder / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    for relative, content in spend_files.items():
        path = folder / "spend" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return folder


def spend_json(folder: Path) -> dict:
    site = folder / "site"
    result = subprocess.run(
        [str(FINOPS), "build", "--root", str(folder), "--output", str(site)],
        env={"FINOPS_NOW": NOW, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error:" not in result.stderr, result.stderr
    return json.loads((site / "api" / "spend.json").read_text())


def aggregate(cur_csv: Path, output: Path) -> None:
    query = (ROOT / "queries" / "weekly-principal-spend.sql").read_text()
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(
        "CREATE TABLE cur AS SELECT * FROM read_csv(?, header = true, auto_detect = true, "
        "types = {'line_item_usage_account_id': 'VARCHAR'})", [str(cur_csv)])
    connection.execute(f"COPY ({query}) TO '{output}' (HEADER, DELIMITER ',')")


def main() -> int:
    raw = sorted((ROOT / "spend" / "cur").glob("*.csv"))
    assert raw, "the demo ships a CUR 2.0 export under spend/cur"
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        raw_repo = repository(work / "raw", {f"cur/{path.name}": path.read_bytes() for path in raw})
        aggregated = work / "weekly.csv"
        aggregate(raw[0], aggregated)
        rows = aggregated.read_text().count("\n") - 1
        weekly_repo = repository(work / "weekly", {"cur/weekly-principal-spend.csv": aggregated.read_bytes()})
        raw_report = spend_json(raw_repo)
        weekly_report = spend_json(weekly_repo)
        raw_cards = [card for card in raw_report["cards"] if card["spend"] != "0.00"]
        checks = [
            ("the query keeps fewer rows than the raw export", rows < sum(1 for _ in raw[0].open()) - 1),
            ("some cards carry spend", len(raw_cards) > 0),
            ("cards are identical", raw_report["cards"] == weekly_report["cards"]),
            ("roll-ups are identical", raw_report["rollUps"] == weekly_report["rollUps"]),
        ]
        for name, ok in checks:
            print(("ok   " if ok else "FAIL ") + name)
            failures += 0 if ok else 1
    print(f"{len(checks) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
