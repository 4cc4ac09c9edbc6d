"""A ready way to publish on a schedule: the workflow in .github/workflows/ runs every day,
sets up with the site's requirements only, and runs the idempotent `invoke publish`
(tests/stepwise/test_publish.py proves a run with nothing new changes nothing)."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_workflow_runs_every_day_and_by_hand() -> None:
    triggers = load()["on"]
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")
    assert "workflow_dispatch" in triggers


def test_it_sets_up_lean_and_publishes_with_the_project_s_own_commands() -> None:
    data = load()
    assert data["permissions"] == {"contents": "write"}
    steps = data["jobs"]["publish"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "make setup" in commands and "make test" not in commands
    [publish] = re.findall(r"\.venv/bin/invoke (publish .*)", commands)
    assert publish == "publish --target github"
    tasks = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True,
                           encoding="utf-8", check=True).stdout
    assert re.search(r"^\s+publish\b", tasks, re.MULTILINE)
    assert data["concurrency"]["cancel-in-progress"] is False  # never two publishes at once
